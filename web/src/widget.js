// Vidensassistent web chat: an accessible chat panel for any intranet page.
//
// Embed (see web/README.md):
//   <div data-vidensassistent data-server="https://bot.example:5005" data-title="Vidensassistent"></div>
//   <script src="https://…/vidensassistent-<version>.js" defer></script>
// data-placement: "right" (default), "left" (floating button), "inline" (always open in the
// element) or "page" (inline, filling the window: chat.html for iframes). Any element with
// data-vidensassistent-open opens the chat; so does window.Vidensassistent.open().
//
// The widget renders into a shadow root so the host page's CSS cannot break it
// (and ours cannot leak out). Its CSS is a constructed stylesheet (or, in old browsers, the
// CSS file beside this script), so it works under a CSP with style-src 'self' and no
// 'unsafe-inline'. All user-facing text is Danish.
import css from "./widget.css";
import { renderText } from "./format.js";
import { createTransport } from "./transport.js";

// How long the server keeps conversations and what it removes first: from data/about.yml
// and integration/ at build time (vidensassistent/cli/about.py → web/build.mjs), so the widget says
// what `make purge` and the input channels do.
const PRIVACY = __VA_PRIVACY__;
// The "Om Vidensassistenten" page lies beside this script unless data-about says otherwise.
const SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;
// The stylesheet of this build (web/build.mjs), for browsers without constructable stylesheets.
const CSS_FILE = __VA_CSS_FILE__;

const TEXT = {
  close: "Luk chatten",
  newChat: "Start forfra",
  newChatDescription: "Rydder chatten og starter en ny samtale",
  log: "Samtale",
  you: "Du skrev:",
  bot: "Vidensassistenten:",
  choices: "Forslag",
  inputLabel: "Dit spørgsmål",
  send: "Send",
  hint: "Skriv ikke CPR-numre, navne eller andre personoplysninger.",
  typing: "Vidensassistenten skriver …",
  offline: "Ingen forbindelse til Vidensassistenten. Prøver igen …",
  offlineQueued: "Dit spørgsmål sendes, så snart forbindelsen er tilbage.",
  noAnswer: "Der kom ikke noget svar. Prøv igen om lidt.",
  newStarted:
    "Ny samtale startet. Den forrige samtale er ikke slettet herved; den slettes automatisk " +
    `efter ${PRIVACY.retentionDays} dage.`,
  aiNotice:
    "Hej! Jeg er Vidensassistenten, en automatisk assistent – ikke et menneske. Jeg svarer kun ud fra " +
    'Socialstyrelsens vidensnotat "Mennesker, der prostituerer sig" (2013), og mine svar er vejledning, ' +
    "ikke afgørelser i konkrete sager.",
  welcome: "Vælg, hvad du vil i gang med, eller skriv dit spørgsmål herunder.",
  starters: "Kom i gang",
  chosen: " (valgt)",
  feedback: "Hjalp svaret?",
  placeholder: "Uden navne og CPR-numre",
  privacy:
    `Det, du skriver, gemmes på kommunens server i ${PRIVACY.retentionDays} dage, så svarene kan forbedres. ` +
    `${PRIVACY.removed[0].toUpperCase()}${PRIVACY.removed.slice(1)} fjernes, før noget gemmes. ` +
    "Kommunens indholdsredaktører kan læse spørgsmålene og dine kommentarer. " +
    'Med "Slet samtalen" nederst sletter du samtalen på serveren med det samme.',
  launcherDescription:
    "Automatisk assistent, ikke et menneske. Svarer kun ud fra Socialstyrelsens vidensnotat fra 2013; " +
    "svarene er vejledning, ikke afgørelser i konkrete sager.",
  about: "Om Vidensassistenten og dine data",
  newWindow: " (åbner i nyt vindue)",
  deleteChat: "Slet samtalen",
  confirmDelete:
    "Vil du slette samtalen? Det, du har skrevet, dine kommentarer og svarene slettes fra kommunens " +
    "server med det samme. Det kan ikke fortrydes.",
  confirmYes: "Ja, slet samtalen",
  confirmNo: "Annuller",
  deleting: "Sletter samtalen …",
  deleteFailed: "Samtalen kunne ikke slettes lige nu. Tjek forbindelsen, og prøv igen.",
};

// The welcome's starter buttons: title shown as the user's message, payload sent to Rasa
// (intents the bot also reaches by text: describe_situation starts the guided referral).
const STARTERS = [
  { title: "Find et tilbud til en borger", payload: "/describe_situation" },
  { title: "Quiz", payload: "/quiz_start" },
  { title: "Gennemgå notatet", payload: "/tour_start" },
  { title: "Hvad kan du?", payload: "/help" },
];
// The rating buttons under an answer (data/knowledge/feedback.yml) are known by their intent.
const FEEDBACK_PAYLOAD = /^\/feedback_(helpful|not_helpful)\b/;

const ANSWER_TIMEOUT_MS = 30000;
let instances = 0;

function newSessionId() {
  // crypto.randomUUID needs a secure context; getRandomValues works on plain-http intranets too.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (value !== false && value != null) node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}

const ICON_CHAT =
  '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">' +
  '<path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm0 2v11h2v2l2.5-2H20V5z"/></svg>';
const ICON_THUMB =
  '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">' +
  '<path fill="currentColor" d="M2 21h4V9H2zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6V3a1.5 1.5 0 0 0-.5-1.1L13.2 1 6.6 7.6A2 2 0 0 0 6 9v10a2 2 0 0 0 2 2h9a2 2 0 0 0 1.8-1.2l3-7.1A2 2 0 0 0 22 12z"/></svg>';
const ICON_CLOSE =
  '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">' +
  '<path fill="currentColor" d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z"/></svg>';

class Widget {
  constructor(host) {
    this.server = (host.dataset.server || "").replace(/\/+$/, "") || location.origin;
    this.title = host.dataset.title || "Vidensassistent";
    const placement = host.dataset.placement || "right";
    // Inline and page placements are always open, in the page's flow: no launcher, no ✕.
    this.inline = placement === "inline" || placement === "page";
    this.aboutUrl = new URL(host.dataset.about || "om.html", SCRIPT_URL).href;
    this.storageKey = `vidensassistent:${this.server}`;
    this.waiting = null;
    this.nodes = new WeakMap(); // message entry -> its bubble (not saved)
    this.state = this.load();
    const id = `va${instances++}`;

    const root = host.attachShadow({ mode: "open" });
    const style = styleFor(root);

    this.launcher = el("button", {
      class: "va-launcher",
      type: "button",
      "aria-expanded": "false",
      "aria-controls": `${id}-panel`,
      "aria-describedby": `${id}-desc`,
    });
    this.launcher.innerHTML = ICON_CHAT;
    this.launcher.append(el("span", { text: this.title }));
    // The AI notice as the launcher's accessible description (EU AI Act art. 50(1)).
    // Hidden: a description may come from a hidden element, and it stays out of the page's content.
    const launcherDescription = el("span", { id: `${id}-desc`, hidden: true, text: TEXT.launcherDescription });

    this.closeButton = el("button", { class: "va-icon-button", type: "button", "aria-label": TEXT.close });
    this.closeButton.innerHTML = ICON_CLOSE;
    this.newButton = el("button", {
      class: "va-text-button",
      type: "button",
      text: TEXT.newChat,
      title: TEXT.newChatDescription,
    });
    this.starters = el(
      "div",
      { class: "va-choices va-starters", role: "group", "aria-label": TEXT.starters },
      ...STARTERS.map((starter) => this.choiceButton(starter, null)),
    );

    this.log = el(
      "div",
      { class: "va-log", role: "log", "aria-live": "polite", "aria-label": TEXT.log, tabindex: "0" },
      el(
        "div",
        { class: "va-intro" },
        el("p", { class: "va-ai-notice", text: TEXT.aiNotice }),
        el("p", { class: "va-welcome", text: host.dataset.welcome || TEXT.welcome }),
        this.starters,
        el("p", { class: "va-privacy", text: TEXT.privacy }),
      ),
    );
    this.status = el("div", { class: "va-status", role: "status" });
    // The offline state has its own, always visible line: the typing indicator never covers it.
    this.offline = el("div", { class: "va-offline", role: "alert" });
    this.input = el("textarea", {
      id: `${id}-input`,
      class: "va-input",
      rows: "2",
      placeholder: TEXT.placeholder,
      maxlength: "1000", // the server's limit (integration/messages.py)
      autocomplete: "off",
      "aria-describedby": `${id}-hint`,
    });
    this.form = el(
      "form",
      { class: "va-form" },
      el("label", { class: "va-label", for: `${id}-input`, text: TEXT.inputLabel }),
      el("p", { class: "va-hint", id: `${id}-hint`, text: TEXT.hint }),
      el("div", { class: "va-row" }, this.input, el("button", { class: "va-send", type: "submit", text: TEXT.send })),
    );
    // "Slet samtalen" with a confirmation step, and the link to "Om Vidensassistenten".
    this.deleteButton = el("button", {
      class: "va-link-button va-delete",
      type: "button",
      text: TEXT.deleteChat,
      "aria-expanded": "false",
      "aria-controls": `${id}-confirm-group`,
    });
    this.confirmYes = el("button", { class: "va-confirm-yes", type: "button", text: TEXT.confirmYes });
    this.confirmNo = el("button", { class: "va-confirm-no", type: "button", text: TEXT.confirmNo });
    this.confirm = el(
      "div",
      { class: "va-confirm", id: `${id}-confirm-group`, role: "group", "aria-labelledby": `${id}-confirm` },
      el("p", { id: `${id}-confirm`, text: TEXT.confirmDelete }),
      el("div", { class: "va-row" }, this.confirmYes, this.confirmNo),
    );
    this.confirm.hidden = true;
    const aboutLink = el("a", { class: "va-about", href: this.aboutUrl, target: "_blank", rel: "noopener" }, TEXT.about);
    aboutLink.append(el("span", { class: "va-sr", text: TEXT.newWindow }));
    this.footer = el("div", { class: "va-footer" }, aboutLink, this.deleteButton);
    this.panel = el(
      "section",
      { class: "va-panel", id: `${id}-panel`, role: "dialog", "aria-modal": "false", "aria-labelledby": `${id}-title` },
      el(
        "div",
        { class: "va-header" },
        el("h2", { class: "va-title", id: `${id}-title`, text: this.title }),
        el("div", { class: "va-actions" }, this.newButton, this.closeButton),
      ),
      this.offline,
      this.log,
      this.status,
      this.form,
      this.confirm,
      this.footer,
    );
    this.panel.hidden = !this.inline;
    this.root = el("div", { class: `va-root va-${placement}` }, this.panel);
    if (this.inline) this.closeButton.hidden = true;
    else this.root.append(this.launcher, launcherDescription);
    if (style) root.append(style);
    root.append(this.root);

    this.transport = createTransport({
      server: this.server,
      path: host.dataset.socketPath || "/socket.io",
      onMessage: (message) => this.receive(message),
      onState: (state) => this.connectionState(state),
    });
    // The browser knows at once when the network is gone; the socket only after a timeout.
    addEventListener("offline", () => this.connectionState("offline"));
    addEventListener("online", () => this.transport.connected && this.connectionState("ready"));

    this.launcher.addEventListener("click", () => (this.panel.hidden ? this.open() : this.close()));
    this.closeButton.addEventListener("click", () => this.close());
    this.newButton.addEventListener("click", () => this.restart());
    this.deleteButton.addEventListener("click", () => this.askDelete(true));
    this.confirmNo.addEventListener("click", () => this.askDelete(false));
    this.confirmYes.addEventListener("click", () => this.deleteConversation());
    this.confirm.addEventListener("keydown", (event) => {
      // Escape here cancels the question only; the panel stays open.
      if (event.key === "Escape") {
        event.stopPropagation();
        this.askDelete(false);
      }
    });
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !this.inline) {
        event.stopPropagation();
        this.close();
      }
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return this.input.focus();
      this.input.value = "";
      this.send(text, text);
    });
    this.input.addEventListener("keydown", (event) => {
      // Enter sends, Shift+Enter makes a new line.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    });

    // Restore this tab's conversation (never announced: the panel is closed).
    for (const message of this.state.messages) this.render(message);
    this.markStarted();
    if (this.inline) this.transport.open(this.state.sessionId);
  }

  /** A button that sends `button.payload` and shows its title as the user's message. */
  choiceButton(button, entry, className = "va-choice") {
    const b = el("button", { class: className, type: "button" });
    if (className === "va-choice") b.textContent = button.title;
    b.addEventListener("click", () => {
      if (entry) entry.chosen = button.payload;
      this.markChosen(b);
      this.send(button.payload, button.title);
      this.input.focus();
    });
    return b;
  }

  markChosen(button) {
    button.classList.add("va-chosen");
    const label = button.getAttribute("aria-label");
    if (label) button.setAttribute("aria-label", label + TEXT.chosen);
    else button.append(el("span", { class: "va-sr", text: TEXT.chosen }));
  }

  /** Buttons of earlier turns are spent once the user says anything new. */
  closeEarlierButtons() {
    for (const entry of this.state.messages) {
      if (entry.from !== "bot" || entry.closed) continue;
      entry.closed = true;
      const bubble = this.nodes.get(entry);
      if (bubble) for (const b of bubble.querySelectorAll("button")) b.disabled = true;
    }
  }

  /** After the first question the privacy hint folds away on small screens (it stays the input's description). */
  markStarted() {
    const started = this.state.messages.some((m) => m.from === "user");
    this.root.classList.toggle("va-started", started);
    // The starters belong to the welcome: spent once the conversation has begun.
    for (const b of this.starters.querySelectorAll("button")) b.disabled = started;
  }

  // --- persistence: sessionStorage only, so nothing outlives the browser tab ---
  load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(this.storageKey));
      if (saved && typeof saved.sessionId === "string" && Array.isArray(saved.messages)) return saved;
    } catch {
      /* storage unavailable or corrupt: start fresh */
    }
    return { sessionId: newSessionId(), messages: [] };
  }

  save() {
    try {
      // A typed message is kept only once the server has answered: it may say that it
      // removed personal data, and then only the cleaned text is stored (see receive).
      const messages = this.state.messages.filter((m) => !m.pending);
      sessionStorage.setItem(this.storageKey, JSON.stringify({ ...this.state, messages }));
    } catch {
      /* private mode or quota: the conversation still works, it just isn't kept */
    }
  }

  // --- opening and closing ---
  open() {
    if (this.inline) {
      this.panel.scrollIntoView({ block: "nearest" });
      this.input.focus();
      return;
    }
    const wasHidden = this.panel.hidden;
    this.panel.hidden = false;
    this.root.classList.add("va-open");
    this.launcher.setAttribute("aria-expanded", "true");
    this.transport.open(this.state.sessionId);
    if (wasHidden) {
      const question = this.lastUserBubble();
      if (question) this.showTurn(question);
      else this.showWelcome();
    }
    this.input.focus();
  }

  close() {
    if (this.inline) return;
    this.panel.hidden = true;
    this.root.classList.remove("va-open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  }

  restart() {
    this.state = { sessionId: newSessionId(), messages: [] };
    try {
      sessionStorage.removeItem(this.storageKey);
    } catch {
      /* storage unavailable: nothing was kept */
    }
    for (const node of [...this.log.querySelectorAll(".va-msg")]) node.remove();
    this.anchor = null;
    this.markStarted();
    this.setWaiting(false);
    this.transport.restart(this.state.sessionId);
    this.status.textContent = TEXT.newStarted;
    this.showWelcome();
    this.input.value = "";
    this.input.focus();
  }

  // --- "Slet samtalen": delete this conversation's stored events on the server ---
  askDelete(show) {
    this.confirm.hidden = !show;
    this.deleteButton.setAttribute("aria-expanded", String(show));
    (show ? this.confirmNo : this.deleteButton).focus();
  }

  async deleteConversation() {
    this.confirmYes.disabled = this.confirmNo.disabled = true;
    this.setWaiting(false);
    this.status.textContent = TEXT.deleting;
    let reply = null;
    try {
      reply = await this.transport.deleteConversation(this.state.sessionId);
    } catch {
      reply = null; // no connection or no answer in time: nothing is cleared
    }
    this.confirmYes.disabled = this.confirmNo.disabled = false;
    this.confirm.hidden = true;
    this.deleteButton.setAttribute("aria-expanded", "false");
    if (reply && reply.deleted) {
      this.restart();
      this.status.textContent = reply.text;
    } else {
      this.status.textContent = (reply && reply.text) || TEXT.deleteFailed;
      this.deleteButton.focus();
    }
  }

  // --- conversation ---
  send(message, shown) {
    this.closeEarlierButtons();
    const entry = { from: "user", text: shown, pending: true };
    this.state.messages.push(entry);
    this.save();
    this.render(entry);
    this.markStarted();
    this.transport.send(message);
    this.setWaiting(true);
  }

  receive(data) {
    const text = typeof data.text === "string" ? data.text : "";
    // REST-style `buttons` or socket.io-style `quick_replies`, both {title, payload}.
    const buttons = (data.buttons || data.quick_replies || [])
      .filter((b) => b && b.title && b.payload)
      .map(({ title, payload }) => ({ title: String(title), payload: String(payload) }));
    this.settleUserMessages(data.custom);
    if (!text && !buttons.length) return;
    this.setWaiting(false);
    const last = this.state.messages[this.state.messages.length - 1];
    // Rasa's socket.io channel splits one reply at blank lines into several events:
    // keep them in one bubble until a fragment carries the buttons.
    if (last && last.from === "bot" && !last.buttons.length) {
      last.texts.push(text);
      last.buttons = buttons;
      this.save();
      this.extend(last, text, buttons);
    } else {
      const entry = { from: "bot", texts: [text], buttons };
      this.state.messages.push(entry);
      this.save();
      this.render(entry);
    }
  }

  /** The server answered the oldest unanswered message: show (and keep) it as the server stored it. */
  settleUserMessages(custom) {
    const entry = this.state.messages.find((m) => m.pending);
    if (!entry) return;
    delete entry.pending;
    const redacted = custom && typeof custom.redacted_text === "string" ? custom.redacted_text : null;
    if (redacted !== null && entry.text !== redacted) {
      entry.text = redacted;
      const body = this.nodes.get(entry)?.querySelector(".va-body");
      if (body) body.replaceChildren(renderText(redacted));
    }
    this.save();
  }

  setWaiting(on) {
    clearTimeout(this.waiting);
    this.waiting = null;
    this.pending = on;
    // While offline the question waits in the queue: say so instead of "skriver …".
    const typing = on && !this.isOffline;
    this.status.classList.toggle("va-typing", typing);
    if (typing) {
      this.status.replaceChildren(
        el("span", { class: "va-dots", "aria-hidden": "true" }, el("span"), el("span"), el("span")),
        el("span", { text: TEXT.typing }),
      );
      this.waiting = setTimeout(() => {
        this.setWaiting(false);
        this.status.textContent = TEXT.noAnswer;
      }, ANSWER_TIMEOUT_MS);
    } else {
      this.status.textContent = on ? TEXT.offlineQueued : "";
    }
  }

  connectionState(state) {
    if (state === "offline" && !this.isOffline) {
      this.isOffline = true;
      this.offline.textContent = TEXT.offline;
      if (this.pending) this.setWaiting(true);
    } else if (state === "ready" && this.isOffline) {
      this.isOffline = false;
      this.offline.textContent = "";
      if (this.pending) this.setWaiting(true);
    }
  }

  // --- rendering ---
  render(entry) {
    const bubble = el("div", { class: `va-msg va-msg--${entry.from}` });
    bubble.append(el("span", { class: "va-sr", text: entry.from === "user" ? TEXT.you : TEXT.bot }));
    const body = el("div", { class: "va-body" });
    bubble.append(body);
    this.nodes.set(entry, bubble);
    if (entry.from === "user") {
      body.append(renderText(entry.text));
      this.log.append(bubble);
      // The question just sent is the anchor of the reply to come.
      this.anchor = bubble;
    } else {
      this.log.append(bubble);
      entry.texts.forEach((text, i) => this.extend(entry, text, i === entry.texts.length - 1 ? entry.buttons : []));
      return;
    }
    this.scrollToEnd();
  }

  extend(entry, text, buttons) {
    const bubble = this.nodes.get(entry);
    if (text) bubble.querySelector(".va-body").append(renderText(text));
    const rating = buttons.filter((b) => FEEDBACK_PAYLOAD.test(b.payload));
    const choices = buttons.filter((b) => !FEEDBACK_PAYLOAD.test(b.payload));
    // The rating is a small control of its own right under the answer, apart from the topic buttons.
    if (rating.length) {
      const group = el(
        "div",
        { class: "va-feedback", role: "group", "aria-label": TEXT.feedback },
        el("span", { class: "va-feedback-label", "aria-hidden": "true", text: TEXT.feedback }),
      );
      for (const button of rating) {
        const b = this.choiceButton(button, entry, "va-thumb");
        b.classList.add(/not_helpful/.test(button.payload) ? "va-thumb--down" : "va-thumb--up");
        b.setAttribute("aria-label", button.title);
        b.title = button.title;
        b.innerHTML = ICON_THUMB;
        group.append(b);
      }
      bubble.append(group);
    }
    if (choices.length) {
      const group = el("div", { class: "va-choices", role: "group", "aria-label": TEXT.choices });
      for (const button of choices) group.append(this.choiceButton(button, entry));
      bubble.append(group);
    }
    // A restored conversation: earlier turns' buttons stay spent, the chosen one marked.
    if (entry.closed) for (const b of bubble.querySelectorAll("button")) b.disabled = true;
    if (entry.chosen !== undefined) {
      const all = [...rating, ...choices];
      const index = all.findIndex((b) => b.payload === entry.chosen);
      const nodes = bubble.querySelectorAll(".va-thumb, .va-choice");
      if (index >= 0 && nodes[index] && !nodes[index].classList.contains("va-chosen")) this.markChosen(nodes[index]);
    }
    this.showTurn(this.anchor);
  }

  /** The welcome from the top, but with all its starter buttons in view. */
  showWelcome() {
    const bottom = this.starters.getBoundingClientRect().bottom - this.log.getBoundingClientRect().top;
    this.log.scrollTop = Math.max(0, this.log.scrollTop + bottom + 8 - this.log.clientHeight);
  }

  lastUserBubble() {
    const users = this.log.querySelectorAll(".va-msg--user");
    return users[users.length - 1] || null;
  }

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  /**
   * Show a reply from its first bubble, with the question it answers just above it
   * (not its last bubble: a reply of several bubbles is read from the top).
   */
  showTurn(question) {
    if (!question) return;
    const logTop = this.log.getBoundingClientRect().top;
    const offset = (node) => node.getBoundingClientRect().top - logTop + this.log.scrollTop;
    let target = offset(question) - 8;
    // A reply that fits from its first bubble to its last buttons (a quiz question on a phone)
    // is shown whole, even if the question above it then is only partly in view.
    const first = question.nextElementSibling;
    const last = this.log.lastElementChild;
    if (first && last !== question) {
      const end = offset(last) + last.offsetHeight;
      if (end - offset(first) + 8 <= this.log.clientHeight) {
        target = Math.max(target, end + 8 - this.log.clientHeight);
      }
    }
    this.log.scrollTop = Math.max(0, target);
  }
}
/**
 * The widget's CSS without a <style> element (blocked by a CSP without 'unsafe-inline'):
 * a constructed stylesheet, or in browsers without them, the CSS file beside this script.
 */
function styleFor(root) {
  if ("adoptedStyleSheets" in root && "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return null;
  }
  return el("link", { rel: "stylesheet", href: new URL(CSS_FILE, SCRIPT_URL).href });
}

const widgets = [];

function mount() {
  for (const host of document.querySelectorAll("[data-vidensassistent]")) {
    if (!host.shadowRoot) widgets.push(new Widget(host));
  }
}

// Open the chat from the page: a link or button with data-vidensassistent-open (works where
// the page allows no script of its own), or window.Vidensassistent.open() from the page's code.
if (!window.Vidensassistent) {
  window.Vidensassistent = {
    open: () => widgets[0] && widgets[0].open(),
    close: () => widgets[0] && widgets[0].close(),
  };
  document.addEventListener("click", (event) => {
    const opener = event.target instanceof Element && event.target.closest("[data-vidensassistent-open]");
    if (!opener || !widgets.length) return;
    event.preventDefault();
    widgets[0].open();
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();
