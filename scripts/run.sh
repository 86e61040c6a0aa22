#!/usr/bin/env bash
# Start the action server and the Rasa server (or `rasa shell` with "shell").
# Used by `make run` and `make shell`; stops both servers on Ctrl-C.
#
# Safe defaults (README, "Sikkerhed"): every server listens on 127.0.0.1 unless
# LISTEN_ADDRESS / ACTIONS_LISTEN_ADDRESS say otherwise; the API token lives in a
# file only its owner can read (never on a command line or in a log); the action
# server takes calls only with the shared secret ACTION_SERVER_TOKEN; telemetry
# is off; logs and the tracker database are readable by their owner only.
set -euo pipefail
umask 077
cd "$(dirname "$0")/.."

BIN=.venv/bin
MODEL=${MODEL:-models/vidensassistent.tar.gz}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
# Logs, the token file, the run's endpoints and the SQLite tracker store.
STATE_DIR=${STATE_DIR:-build}
mkdir -p "$STATE_DIR"
# Files from runs before these defaults were world-readable.
for file in "$STATE_DIR"/actions.log "$STATE_DIR"/web.log "$STATE_DIR"/rasa.log "$STATE_DIR"/tracker.db*; do
  [[ -e "$file" ]] && chmod 600 "$file"
done
# One math thread per server: OpenMP/OpenBLAS threads spinning on every core made
# the server 3-5x slower whenever anything else ran on the machine.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
export RASA_TELEMETRY_ENABLED=false
export LISTEN_ADDRESS=${LISTEN_ADDRESS:-127.0.0.1}
export ACTIONS_LISTEN_ADDRESS=${ACTIONS_LISTEN_ADDRESS:-127.0.0.1}

# Point Rasa at the action server on the chosen port and the tracker store in STATE_DIR.
ENDPOINTS="$STATE_DIR/endpoints.run.yml"
sed -e "s#http://localhost:5055/webhook#http://127.0.0.1:${ACTIONS_PORT}/webhook#" \
    -e "s#^\(  db: \)build/tracker.db#\1${STATE_DIR}/tracker.db#" endpoints.yml > "$ENDPOINTS"

new_token() {
  # token_urlsafe may start with "-"; such a token is valid, but easy to mistake for an option.
  "$BIN/python" -c 'import secrets
while (t := secrets.token_urlsafe(32)).startswith("-"): pass
print(t)'
}

# Shared secret: only this Rasa server can call the action server.
if [[ -z "${ACTION_SERVER_TOKEN:-}" ]]; then
  ACTION_SERVER_TOKEN=$(new_token)
fi
export ACTION_SERVER_TOKEN

"$BIN/python" -m vidensassistent.integration.serve actions --port "$ACTIONS_PORT" > "$STATE_DIR/actions.log" 2>&1 &
ACTIONS_PID=$!
trap 'kill $ACTIONS_PID 2>/dev/null || true' EXIT

if [[ "${1:-}" == "shell" ]]; then
  "$BIN/rasa" shell --model "$MODEL" --endpoints "$ENDPOINTS" --interface 127.0.0.1
  exit 0
fi

# Demo intranet page with the chat widget (built into build/web by `make web`);
# Rasa allows browser calls (HTTP and socket.io) from its origin only (CORS_ORIGINS: space-separated).
WEB_PORT=${WEB_PORT:-8080}
export CORS_ORIGINS=${CORS_ORIGINS:-http://localhost:${WEB_PORT} http://127.0.0.1:${WEB_PORT}}
"$BIN/python" -m vidensassistent.cli.serve_web build/web --port "$WEB_PORT" --bind "$LISTEN_ADDRESS" \
  --rasa-url "http://localhost:${RASA_PORT}" > "$STATE_DIR/web.log" 2>&1 &
WEB_PID=$!
trap 'kill $ACTIONS_PID $WEB_PID 2>/dev/null || true' EXIT

# The HTTP API (--enable-api) requires a token; the channel webhooks stay open.
# vidensassistent.integration.serve reads it from RASA_AUTH_TOKEN or from the token file.
TOKEN_FILE=${RASA_AUTH_TOKEN_FILE:-$STATE_DIR/api-token}
if [[ -z "${RASA_AUTH_TOKEN:-}" ]]; then
  if [[ ! -s "$TOKEN_FILE" ]]; then
    new_token > "$TOKEN_FILE"
  fi
  chmod 600 "$TOKEN_FILE"
  export RASA_AUTH_TOKEN_FILE="$TOKEN_FILE"
  TOKEN_HINT="token i filen $TOKEN_FILE (kun læsbar for dig)"
else
  export RASA_AUTH_TOKEN
  TOKEN_HINT="token fra RASA_AUTH_TOKEN"
fi

echo "Starter Vidensassistenten (lytter på ${LISTEN_ADDRESS}) …"
echo "  REST:      POST http://localhost:${RASA_PORT}/webhooks/rest/webhook  {\"sender\": \"id\", \"message\": \"hej\"}"
echo "  socket.io: http://localhost:${RASA_PORT}/socket.io"
echo "  HTTP-API:  http://localhost:${RASA_PORT}/conversations/<id>/tracker?token=… (${TOKEN_HINT})"
echo "  Action-server: http://127.0.0.1:${ACTIONS_PORT}, kun for Rasa-serveren (log: $STATE_DIR/actions.log)"
echo "  Demo-side med chat: http://localhost:${WEB_PORT}/ (log: $STATE_DIR/web.log)"
echo "    chatten på siden: http://localhost:${WEB_PORT}/inline.html, i en iframe: /embed.html, hel side: /chat.html"
echo "  Rasa-serverens log: $STATE_DIR/rasa.log (også advarsler, der ikke vises her)"
echo "Stop med Ctrl-C."
# ${CORS_ORIGINS} unquoted on purpose: one argument per origin. With --log-file, warnings
# known to be noise (vidensassistent/integration/known_warnings.py) go to the log file only.
"$BIN/python" -m vidensassistent.integration.serve rasa --model "$MODEL" --endpoints "$ENDPOINTS" \
  --credentials credentials.yml --port "$RASA_PORT" --cors ${CORS_ORIGINS} --log-file "$STATE_DIR/rasa.log"
