# Coverage of the whole note (issue 11, item 8).
#   make coverage  – every fact of the note (data/knowledge/coverage.yml), section by
#                    section, with the topic that answers it and whether its answer
#                    holds it; exits 1 when a fact is not held or a section is missing
# The same check runs as tests/data/test_coverage.py in `make test-actions`.
.PHONY: coverage

coverage: $(VENV)/.installed
	$(BIN)/python -m vidensassistent.tooling.coverage
