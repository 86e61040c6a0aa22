#!/usr/bin/env bash
# Start the action server and the Rasa server (or `rasa shell` with "shell").
# Used by `make run` and `make shell`; stops both servers on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
MODEL=models/vidensassistent.tar.gz
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
mkdir -p build
# One math thread per server: OpenMP/OpenBLAS threads spinning on every core made
# the server 3-5x slower whenever anything else ran on the machine.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}

# Point Rasa at the action server on the chosen port.
ENDPOINTS=build/endpoints.run.yml
sed "s#http://localhost:5055/webhook#http://localhost:${ACTIONS_PORT}/webhook#" endpoints.yml > "$ENDPOINTS"

"$BIN/rasa" run actions --port "$ACTIONS_PORT" --actions actions > build/actions.log 2>&1 &
ACTIONS_PID=$!
trap 'kill $ACTIONS_PID 2>/dev/null || true' EXIT

if [[ "${1:-}" == "shell" ]]; then
  "$BIN/rasa" shell --model "$MODEL" --endpoints "$ENDPOINTS"
  exit 0
fi

# Demo intranet page with the chat widget (built into build/web by `make web`);
# Rasa allows browser calls from its origin only (CORS_ORIGINS: space-separated).
WEB_PORT=${WEB_PORT:-8080}
CORS_ORIGINS=${CORS_ORIGINS:-http://localhost:${WEB_PORT} http://127.0.0.1:${WEB_PORT}}
"$BIN/python" scripts/serve_web.py build/web --port "$WEB_PORT" \
  --rasa-url "http://localhost:${RASA_PORT}" > build/web.log 2>&1 &
WEB_PID=$!
trap 'kill $ACTIONS_PID $WEB_PID 2>/dev/null || true' EXIT

# The HTTP API (--enable-api) requires a token; the channel webhooks stay open.
if [[ -z "${RASA_AUTH_TOKEN:-}" ]]; then
  RASA_AUTH_TOKEN=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(32))')
  echo "RASA_AUTH_TOKEN er ikke sat, så der er genereret et token til HTTP-API'et:"
  echo "  RASA_AUTH_TOKEN=${RASA_AUTH_TOKEN}"
fi

echo "Starter Vidensassistenten …"
echo "  REST:      POST http://localhost:${RASA_PORT}/webhooks/rest/webhook  {\"sender\": \"id\", \"message\": \"hej\"}"
echo "  socket.io: http://localhost:${RASA_PORT}/socket.io"
echo "  HTTP-API:  http://localhost:${RASA_PORT}/conversations/<id>/tracker?token=\$RASA_AUTH_TOKEN"
echo "  Action-server: http://localhost:${ACTIONS_PORT} (log: build/actions.log)"
echo "  Demo-side med chat: http://localhost:${WEB_PORT}/ (log: build/web.log)"
echo "    chatten på siden: http://localhost:${WEB_PORT}/inline.html, i en iframe: /embed.html, hel side: /chat.html"
echo "Stop med Ctrl-C."
"$BIN/rasa" run --model "$MODEL" --endpoints "$ENDPOINTS" --credentials credentials.yml \
  --port "$RASA_PORT" --enable-api --auth-token "$RASA_AUTH_TOKEN" \
  --cors ${CORS_ORIGINS} # unquoted on purpose: one argument per origin
