# Web chat widget (web/, issue 4): npm build, demo page in `make run`, browser e2e test.
#   make web       – build build/web/vidensassistent.js + the demo page (npm ci on first use)
#   make test-web  – real servers + demo page + headless Debian chromium (Playwright) + axe-core
# The demo page's port and the origins Rasa allows (CORS) are set with
#   make run WEB_PORT=8080 CORS_ORIGINS="http://localhost:8080 http://127.0.0.1:8080"
WEB_OUT := build/web
WEB_DEPS := web/node_modules/.installed
WEB_SOURCES := web/build.mjs $(shell find web/src web/demo -type f 2>/dev/null)

.PHONY: web test-web

$(WEB_DEPS): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

# "Om Vidensassistenten" (om.html beside the demo page) and the widget's privacy facts
# (retention days, what is removed), both from data/about.yml and integration/.
ABOUT_SETTINGS := build/about/widget.json
ABOUT_INPUTS := vidensassistent/cli/about.py web/about/om.html.j2 data/about.yml data/knowledge/feedback.yml \
	vidensassistent/integration/about.py vidensassistent/integration/messages.py vidensassistent/integration/privacy.py web/package-lock.json

$(ABOUT_SETTINGS) $(WEB_OUT)/om.html &: $(VENV)/.installed $(ABOUT_INPUTS)
	$(BIN)/python -m vidensassistent.cli.about --out $(WEB_OUT) --widget-settings $(ABOUT_SETTINGS)

$(WEB_OUT)/vidensassistent.js: $(WEB_DEPS) $(WEB_SOURCES) $(ABOUT_SETTINGS)
	cd web && node build.mjs ../$(WEB_OUT) ../$(ABOUT_SETTINGS)

web: $(WEB_OUT)/vidensassistent.js $(WEB_OUT)/om.html

run: web

test-web: install web $(MODEL)
	$(BIN)/python -m tests.web.run_e2e

TEST_STEPS += test-web
