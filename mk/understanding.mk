# Understanding caseworkers (issue 11): deterministic cues (safety, referral, domain)
# and conversations with the real servers. (The answer/decline decision is tested
# with the knowledge answers: tests/faq in `make test-actions`.)
#   make test-understanding   – tests/understanding (cues without a model, conversations
#                               against models/vidensassistent.tar.gz)
#   make realistic [SET=tests/tuning/realistic] [MISSES=1]
#                             – score a realistic set folder by kind of miss (own servers)
SET ?= tests/tuning/realistic
.PHONY: test-understanding realistic

test-understanding: install $(MODEL)
	$(PYTEST) -q tests/understanding

realistic: $(MODEL)
	$(BIN)/python -m vidensassistent.tooling.realistic --set $(SET) $(if $(MISSES),--misses)

TEST_STEPS += test-understanding
