# Truthful texts about data and the assistant (issue 15): "Om Vidensassistenten"
# (build/web/om.html, built by `make web`), retention from data/about.yml, "Slet samtalen".
#   make test-about  – the page's claims match data/about.yml, `make purge` and the input
#                      channels; with the real servers on SQLite and on a throwaway
#                      PostgreSQL: what is stored, read in the report, kept out of the
#                      logs, and deleted at once over REST and socket.io
# The widget's texts, the confirmation and the page's accessibility results: `make test-web`.
.PHONY: test-about

test-about: install $(MODEL)
	$(PYTEST) -q tests/about

TEST_STEPS += test-about
