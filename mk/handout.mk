# Printable handout (issue 5): every answer of the assistant, word for word, by area.
#   make handout       – build/handout/handout.html (self-contained) and handout.pdf
#                        (the PDF only when Debian's chromium is installed)
#   make test-handout  – the handout holds every answer in data/nlu/responses
HANDOUT_DIR := build/handout
HANDOUT_INPUTS := vidensassistent/cli/handout.py vidensassistent/templating.py \
	vidensassistent/templates/handout.html.j2 vidensassistent/templates/handout.css data/knowledge/handout.yml \
	data/knowledge/topics.yml $(wildcard data/nlu/responses/*.yml)

.PHONY: handout test-handout

$(HANDOUT_DIR)/handout.html: $(VENV)/.installed $(HANDOUT_INPUTS)
	$(BIN)/python -m vidensassistent.cli.handout --out $(HANDOUT_DIR)

handout: $(HANDOUT_DIR)/handout.html

test-handout: install
	$(PYTEST) -q tests/trainer/test_handout.py

TEST_STEPS += test-handout
