# Security review (issue 12): every finding has a test that failed before the fix.
#   make test-security – redaction (CPR/phone/e-mail spellings, names, addresses: recall on
#                        tests/security/names_addresses.yml, precision on the held-out set),
#                        sender ids, metadata depth, body limit, loopback binds, action-server
#                        secret, socket.io origins and sessions, typed payloads, quiet logs, and
#                        scripts/run.sh as `make run` starts it (token file, telemetry, file modes)
.PHONY: test-security

test-security: install $(MODEL)
	$(PYTEST) -q tests/security

TEST_STEPS += test-security
