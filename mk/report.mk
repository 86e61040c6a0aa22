# Feedback on answers and the content editors' report (issue 7).
#   make report [DAYS=30]  – build/report/report.html (self-contained) + CSV files from the
#                            tracker store (DB_URL if set, else the SQLite file in endpoints.yml);
#                            DAYS limits it to the last DAYS days (default: everything stored)
#   make test-report       – feedback actions, report logic, and the report on a tracker store
#                            filled by a scripted conversation with the real servers
#                            (VIDEN_MODEL=... for another model)
#   make report-demo       – a scripted session (vidensassistent/tooling/report_session.yml) against the real
#                            servers, its report in build/report and a screenshot (chromium)
# Test stories (tests/stories/test_feedback.yml) run in `make test-stories`.
REPORT_DIR ?= build/report

.PHONY: report test-report report-demo

report: install
	$(BIN)/python -m vidensassistent.cli.report --out $(REPORT_DIR) \
		$(if $(filter command line environment,$(origin DAYS)),--days $(DAYS))

test-report: install $(MODEL)
	$(PYTEST) -q tests/feedback tests/report

report-demo: install $(MODEL)
	$(BIN)/python -m vidensassistent.tooling.report_session --model $(or $(VIDEN_MODEL),$(MODEL)) \
		--out $(REPORT_DIR) --screenshot

TEST_STEPS += test-report
