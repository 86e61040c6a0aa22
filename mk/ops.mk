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
OPS_LINT := integration tooling/servers.py tooling/load.py tooling/scale.py tooling/sio.py \
	scripts/purge.py scripts/loadtest.py scripts/scale_test.py tests/ops

.PHONY: test-ops purge loadtest test-scale

test-ops: install $(MODEL)
	$(BIN)/ruff check $(OPS_LINT)
	$(BIN)/pytest -q tests/ops

purge: install
	$(BIN)/python scripts/purge.py $(if $(DAYS),--days $(DAYS))

loadtest: $(MODEL)
	$(BIN)/python scripts/loadtest.py --url $(LOAD_URL) -n $(CONVERSATIONS) -m $(TURNS) \
		--json build/loadtest/result.json

test-scale: $(MODEL)
	$(BIN)/python scripts/scale_test.py

TEST_STEPS += test-ops
