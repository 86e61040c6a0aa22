# Trainer mode (issue 5): quiz ("quiz mig") and guided tour ("gennemgå notatet").
#   make test-trainer      – quiz and tour logic, the actions, and the quiz/tour data
#                            (tests/trainer; the handout test runs in test-handout)
#   make test-trainer-e2e  – a whole quiz (with a question answered mid-quiz and the
#                            re-read buttons opening the tour) and an interrupted tour
#                            over REST against the real servers (VIDEN_MODEL=... for
#                            another model)
# Test stories (tests/stories/test_trainer.yml) run in `make test-stories`.
.PHONY: test-trainer test-trainer-e2e

test-trainer: install
	$(PYTEST) -q tests/trainer --ignore=tests/trainer/e2e --ignore=tests/trainer/test_handout.py

test-trainer-e2e: $(MODEL)
	$(PYTEST) -q tests/trainer/e2e

TEST_STEPS += test-trainer test-trainer-e2e
