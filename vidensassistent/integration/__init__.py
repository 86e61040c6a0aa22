"""Integration code of the Vidensassistent, loaded by the Rasa server itself.

- `vidensassistent.integration.channels`: the REST and socket.io input channels (Rasa's own,
  subclassed) that clean, limit and redact every user message before Rasa sees it.
- `vidensassistent.integration.privacy`: the CPR/phone/e-mail patterns and the redaction.
- `vidensassistent.integration.names`: personal names and street addresses (the word lists
  from Faker and spaCy's lookups: `names_lexicon`).
- `vidensassistent.integration.guard`: what counts as a usable message (cleaning, 1,000-character limit).
- `vidensassistent.integration.messages`: the Danish texts users read from this layer.
- `vidensassistent.integration.stores`: tracker store (SQLite file, PostgreSQL when DB_URL is
  set) and lock store (in memory, Redis when REDIS_URL is set).
- `vidensassistent.integration.action_errors`: a Danish "teknisk fejl" reply when the action
  server is down or slow.
- `vidensassistent.integration.action_validation`: checks action-server replies with a schema
  validator built once (Rasa rebuilds it for every reply).
- `vidensassistent.integration.action_auth`: sends the shared secret ACTION_SERVER_TOKEN to the action server.
- `vidensassistent.integration.payloads`: typed "/intent{…}" only when that button was offered; button
  payloads are not slot templates.
- `vidensassistent.integration.rasa_patches`: every change to Rasa's own code (the hooks
  above), installed in one call, with a guard against untested Rasa versions.
- `vidensassistent.integration.tracker_cache`: the tracker store's memory of recent conversations.
- `vidensassistent.integration.rest_requests`, `socketio_sessions`: what the channels accept.
- `vidensassistent.integration.serve`: starts the Rasa server or the action server with safe defaults
  (loopback, token off the command line, telemetry off, owner-only files, the Rasa patches);
  `known_warnings`: library warnings kept out of `make run`'s terminal (in build/rasa.log).
- `vidensassistent.integration.db`: where the tracker store lives (for purge and load tests).
"""
