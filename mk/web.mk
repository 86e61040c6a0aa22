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

$(WEB_OUT)/vidensassistent.js: $(WEB_DEPS) $(WEB_SOURCES)
	cd web && node build.mjs ../$(WEB_OUT)

web: $(WEB_OUT)/vidensassistent.js

run: web

test-web: install web $(MODEL)
	$(BIN)/python -m tooling.web_e2e

TEST_STEPS += test-web
