# Operations (issue 6): privacy, retention, persistence, hardening, load and scale-out.
#   make test-ops                  – redaction, bad input, API token, purge, action server
#                                    down/slow, restart persistence (real servers; in `make test`)
#   make purge                     – delete conversations older than retention_days in
#                                    data/about.yml (DAYS=… overrides it; cron: README)
#   make loadtest CONVERSATIONS=20 TURNS=5 [LOAD_URL=http://127.0.0.1:5005]
#                                  – load test against the running server (or a temporary one)
#   make test-scale                – PostgreSQL + Redis + nginx + 2 Rasa replicas on loopback,
#                                    load test with one replica killed and restarted mid-run
CONVERSATIONS ?= 20
TURNS ?= 5
LOAD_URL ?= http://127.0.0.1:$(RASA_PORT)

.PHONY: test-ops purge loadtest test-scale

test-ops: install $(MODEL)
	$(PYTEST) -q tests/ops

purge: install
	$(BIN)/python -m vidensassistent.cli.purge $(if $(DAYS),--days $(DAYS))

loadtest: $(MODEL)
	$(BIN)/python -m vidensassistent.cli.loadtest --url $(LOAD_URL) -n $(CONVERSATIONS) -m $(TURNS) \
		--json build/loadtest/result.json

test-scale: system-packages $(MODEL)
	$(BIN)/python -m vidensassistent.cli.scale_test

TEST_STEPS += test-ops
