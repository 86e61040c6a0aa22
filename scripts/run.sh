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

# Point Rasa at the action server on the chosen port.
ENDPOINTS=build/endpoints.run.yml
sed "s#http://localhost:5055/webhook#http://localhost:${ACTIONS_PORT}/webhook#" endpoints.yml > "$ENDPOINTS"

"$BIN/rasa" run actions --port "$ACTIONS_PORT" --actions actions.actions > build/actions.log 2>&1 &
ACTIONS_PID=$!
trap 'kill $ACTIONS_PID 2>/dev/null || true' EXIT

if [[ "${1:-}" == "shell" ]]; then
  "$BIN/rasa" shell --model "$MODEL" --endpoints "$ENDPOINTS"
  exit 0
fi

echo "Starter Vidensassistenten …"
echo "  REST:      POST http://localhost:${RASA_PORT}/webhooks/rest/webhook  {\"sender\": \"id\", \"message\": \"hej\"}"
echo "  socket.io: http://localhost:${RASA_PORT}/socket.io"
echo "  Action-server: http://localhost:${ACTIONS_PORT} (log: build/actions.log)"
echo "Stop med Ctrl-C."
"$BIN/rasa" run --model "$MODEL" --endpoints "$ENDPOINTS" --credentials credentials.yml \
  --port "$RASA_PORT" --enable-api
