// Rasa 3.6 socket.io channel (server: python-socketio 5 / engine.io 4 → socket.io-client 4).
// Protocol: emit `session_request` {session_id} → receive `session_confirm`;
// emit `user_uttered` {message, session_id} → receive one `bot_uttered` per bot message.
import { io } from "socket.io-client";

/**
 * @param {object} options
 * @param {string} options.server        Rasa server address, e.g. http://localhost:5005
 * @param {string} options.path          socket.io path (Rasa default /socket.io)
 * @param {(msg: object) => void} options.onMessage   one bot message
 * @param {(state: "connecting"|"ready"|"offline") => void} options.onState
 */
// A random key per conversation, kept in this tab's sessionStorage: the server
// lets a socket into a conversation only with the key it was started with, so a
// known session id alone does not give access (integration/channels.py).
function sessionKey(id) {
  const name = `vidensassistent-key:${id}`;
  try {
    const saved = sessionStorage.getItem(name);
    if (saved) return saved;
  } catch {
    /* storage unavailable: a key for this page only */
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const key = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  try {
    sessionStorage.setItem(name, key);
  } catch {
    /* see above */
  }
  return key;
}

export function createTransport({ server, path, onMessage, onState }) {
  let socket = null;
  let sessionId = null;
  let confirmed = false;
  let queue = [];
  let waitingForConfirm = [];

  function flush() {
    while (confirmed && queue.length) {
      socket.emit("user_uttered", { message: queue.shift(), session_id: sessionId });
    }
  }

  function open(id) {
    sessionId = id;
    if (socket) return;
    onState("connecting");
    socket = io(server, { path, reconnectionDelayMax: 10000 });
    // Also on every reconnect: a new socket must join the conversation's room again.
    socket.on("connect", () =>
      socket.emit("session_request", { session_id: sessionId, session_key: sessionKey(sessionId) }),
    );
    socket.on("session_confirm", (id) => {
      // The server starts a new conversation when it refuses the requested one.
      if (typeof id === "string" && id) sessionId = id;
      confirmed = true;
      onState("ready");
      flush();
      for (const resolve of waitingForConfirm.splice(0)) resolve();
    });
    socket.on("bot_uttered", (message) => onMessage(message || {}));
    socket.on("disconnect", (reason) => {
      confirmed = false;
      // Lost, not left on purpose ("Start forfra" reconnects itself): offline at once.
      if (reason !== "io client disconnect") onState("offline");
    });
    socket.on("connect_error", () => {
      confirmed = false;
      onState("offline");
    });
  }

  return {
    open,
    /** Send a user message (queued until the session is confirmed). */
    send(text) {
      queue.push(text);
      flush();
    },
    /** Start a new conversation id on a fresh socket (leaves the old session's room). */
    restart(id) {
      queue = [];
      confirmed = false;
      try {
        sessionStorage.removeItem(`vidensassistent-key:${sessionId}`);
      } catch {
        /* storage unavailable: nothing was kept */
      }
      sessionId = id;
      if (socket) {
        socket.disconnect();
        socket.connect();
      }
    },
    /**
     * Delete the conversation's stored events on the server ("Slet samtalen").
     * Resolves with the server's reply {deleted, text}; rejects when there is no
     * connection or no answer within `timeoutMs`.
     */
    async deleteConversation(id, timeoutMs = 10000) {
      if (!socket) throw new Error("not connected");
      if (!confirmed) {
        await new Promise((resolve, reject) => {
          waitingForConfirm.push(resolve);
          setTimeout(() => reject(new Error("no session")), timeoutMs);
        });
      }
      return socket.timeout(timeoutMs).emitWithAck("delete_conversation", { session_id: id });
    },
    get connected() {
      return confirmed;
    },
  };
}
