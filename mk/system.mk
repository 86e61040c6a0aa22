# Debian packages the tests need (.ci/apt-packages.txt): `make test` and `make test-scale`
# install the missing ones themselves when run as root (as CI and these machines do), and
# say which; otherwise they stop with the apt-get command to run.
.PHONY: system-packages

system-packages:
	@missing=$$(for p in $$(grep -v '^\s*#' .ci/apt-packages.txt); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	missing=$$(echo $$missing); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "Testene mangler Debian-pakker: $$missing. Kør som root: apt-get install $$missing"; exit 1; fi; \
	echo "Installerer Debian-pakker, som testene skal bruge: $$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing
