# Guided referral (issue 3): matching logic, actions and conversations with the
# real servers (tests/referral). The test stories (tests/stories/test_referral.yml)
# run in `make test-stories`.
#   make test-referral                                     – against models/vidensassistent.tar.gz
#   make test-referral VIDEN_MODEL=build/referral-models/referral.tar.gz
.PHONY: test-referral

test-referral: install $(MODEL)
	$(PYTEST) -q tests/referral

TEST_STEPS += test-referral
