// End-to-end test of the chat widget in Debian's headless Chromium, against the real
// Rasa + action servers. Started by tests/web/run_e2e.py (`make test-web`), which sets
// PAGE_URL (demo page), RASA_URL, OUT_DIR and CHROMIUM, and for the privacy checks
// TRACKER_DB (the servers' SQLite tracker store), PYTHON and ABOUT_FILE (data/about.yml).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const FORMAT_SOURCE = readFileSync(new URL("../src/format.js", import.meta.url), "utf8");
const { PAGE_URL, RASA_URL, OUT_DIR = "." } = process.env;
const { TRACKER_DB, PYTHON = "python3", ABOUT_FILE } = process.env;
const ANSWER_TIMEOUT = 30_000;
// What the widget and "Om Vidensassistenten" must say: the days `make purge` uses.
const RETENTION_DAYS = Number(readFileSync(ABOUT_FILE, "utf8").match(/^retention_days:\s*(\d+)/m)[1]);
// The axe rule sets every scan runs, and what the "Om" page must claim about them.
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const scans = []; // {name, severe} of every axe scan in this run

assert.ok(
  PAGE_URL && RASA_URL && TRACKER_DB && ABOUT_FILE,
  "PAGE_URL, RASA_URL, TRACKER_DB and ABOUT_FILE must be set (run via `make test-web`)",
);

/** Events stored for a conversation in the servers' tracker store (SQLite). */
function storedEvents(senderId) {
  const count = execFileSync(PYTHON, [
    "-c",
    "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); " +
      "print(db.execute('SELECT COUNT(*) FROM events WHERE sender_id = ?', (sys.argv[2],)).fetchone()[0])",
    TRACKER_DB,
    senderId,
  ]);
  return Number(String(count).trim());
}

const sessionKey = () => page.evaluate(() => Object.keys(sessionStorage).find((k) => k.startsWith("vidensassistent:")));
const savedState = async () => {
  const key = await sessionKey();
  return page.evaluate((k) => JSON.parse(sessionStorage.getItem(k)), key);
};

let browser;
let page;

// The widget's shadow root, and what has focus inside it.
const activeInWidget = () =>
  page.evaluate(() => {
    const host = document.querySelector("[data-vidensassistent]");
    if (document.activeElement !== host) return null;
    const active = host.shadowRoot.activeElement;
    return active ? active.className || active.tagName.toLowerCase() : null;
  });

const launcher = () => page.locator(".va-launcher");
const panel = () => page.locator(".va-panel");
const log = () => page.locator(".va-log");
const botMessages = () => page.locator(".va-msg--bot");
const userMessages = () => page.locator(".va-msg--user");

const STARTERS = ["Find et tilbud til en borger", "Quiz", "Gennemgå notatet", "Hvad kan du?"];

/** Wait until the conversation's (smooth) scrolling has come to rest. */
async function scrollSettled(target = page) {
  await target.evaluate(
    () =>
      new Promise((resolve) => {
        const log = document.querySelector("[data-vidensassistent]").shadowRoot.querySelector(".va-log");
        let last = -1;
        let still = 0;
        const tick = () => {
          if (log.scrollTop === last) still++;
          else [last, still] = [log.scrollTop, 0];
          if (still >= 10) resolve();
          else requestAnimationFrame(tick);
        };
        tick();
      }),
  );
}

/** Wait for a bot bubble matching `pattern` after the latest question, then for the scrolling. */
async function waitForReply(pattern, target = page) {
  await target.waitForFunction(
    (source) => {
      const root = document.querySelector("[data-vidensassistent]").shadowRoot;
      const users = root.querySelectorAll(".va-msg--user");
      const question = users[users.length - 1];
      for (let n = question && question.nextElementSibling; n; n = n.nextElementSibling) {
        if (new RegExp(source).test(n.textContent)) return true;
      }
      return false;
    },
    pattern.source,
    { timeout: ANSWER_TIMEOUT },
  );
  await target.waitForTimeout(300); // the rest of the reply's fragments
  await scrollSettled(target);
}

/** Where the latest question and its reply are, relative to the visible part of the conversation. */
function latestTurn(target = page) {
  return target.evaluate(() => {
    const root = document.querySelector("[data-vidensassistent]").shadowRoot;
    const log = root.querySelector(".va-log");
    const view = log.getBoundingClientRect();
    const users = root.querySelectorAll(".va-msg--user");
    const question = users[users.length - 1];
    const reply = [];
    for (let n = question.nextElementSibling; n; n = n.nextElementSibling) if (n.matches(".va-msg--bot")) reply.push(n);
    const box = (node) => {
      const r = node.getBoundingClientRect();
      return { top: r.top - view.top, bottom: r.bottom - view.top };
    };
    const buttons = (nodes) => nodes.flatMap((n) => [...n.querySelectorAll("button")]);
    const earlier = [...root.querySelectorAll(".va-msg--bot")].filter((n) => !reply.includes(n));
    return {
      height: view.height,
      question: box(question),
      reply: reply.map(box),
      atEnd: log.scrollTop >= log.scrollHeight - log.clientHeight - 1,
      earlierEnabled: buttons(earlier).filter((b) => !b.disabled).map((b) => b.getAttribute("aria-label") || b.textContent),
      replyDisabled: buttons(reply).filter((b) => b.disabled).length,
    };
  });
}

async function sourcesShown() {
  return page.locator(".va-source", { hasText: "Kilde: Vidensnotatet" }).count();
}

async function waitForSources(count) {
  await page.waitForFunction(
    (n) =>
      document.querySelector("[data-vidensassistent]").shadowRoot.querySelectorAll(".va-source").length >= n,
    count,
    { timeout: ANSWER_TIMEOUT },
  );
}

async function axeScan(name, target = page) {
  // Evaluated through the DevTools protocol: the pages' strict CSP forbids inline scripts.
  if (!(await target.evaluate(() => "axe" in window))) await target.evaluate(AXE_SOURCE);
  const results = await target.evaluate(
    (values) => window.axe.run(document, { runOnly: { type: "tag", values } }),
    AXE_TAGS,
  );
  const summary = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")),
  }));
  writeFileSync(join(OUT_DIR, `axe-${name}.json`), JSON.stringify({ summary, results }, null, 2));
  console.log(
    `axe (${name}): ${results.passes.length} rules passed, ${results.incomplete.length} need review, ` +
      `${results.violations.length} violated` +
      (summary.length ? `: ${summary.map((v) => `${v.id} [${v.impact}]`).join(", ")}` : ""),
  );
  scans.push({ name, severe: summary.filter((v) => v.impact === "serious" || v.impact === "critical").length });
  return summary;
}

function getHeaders(url, origin) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { Origin: origin } }, (res) => {
        res.resume();
        resolve(res.headers);
      })
      .on("error", reject);
  });
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "da-DK" });
  // Every page is served with the strict CSP of web/README.md: record any violation.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || e.sample}`),
    );
  });
  page = await context.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.goto(PAGE_URL);
});

after(async () => {
  await browser?.close();
});

test("the launcher is a real, named button that opens the panel from the keyboard", async () => {
  await assert.doesNotReject(launcher().waitFor());
  assert.equal(await launcher().evaluate((b) => b.tagName), "BUTTON");
  assert.equal(await launcher().getAttribute("aria-expanded"), "false");
  assert.ok(await panel().isHidden());

  // Tab through the page (three menu links, then the widget) until the launcher has focus.
  let focused = null;
  for (let i = 0; i < 10 && focused !== "va-launcher"; i++) {
    await page.keyboard.press("Tab");
    focused = await activeInWidget();
  }
  assert.equal(focused, "va-launcher", "the launcher is reachable with Tab");
  await page.keyboard.press("Enter");

  await assert.doesNotReject(panel().waitFor({ state: "visible" }));
  assert.equal(await launcher().getAttribute("aria-expanded"), "true");
  assert.equal(await activeInWidget(), "va-input", "focus moves into the panel, to the question field");
  // Accessible names and roles the issue asks for.
  assert.equal(await page.getByRole("dialog", { name: "Vidensassistent" }).count(), 1);
  assert.equal(await page.getByRole("button", { name: "Vidensassistent" }).count(), 1);
  assert.equal(await page.getByRole("textbox", { name: "Dit spørgsmål" }).count(), 1);
  assert.equal(await log().getAttribute("role"), "log");
  assert.equal(await log().getAttribute("aria-live"), "polite");
  assert.match(await page.locator(".va-hint").innerText(), /CPR-numre/);
});

test("the launcher's accessible description and the first message say it is an automated assistant", async () => {
  const notice = [/automatisk assistent/i, /ikke et menneske/, /vidensnotat.*2013/, /vejledning, ikke afgørelser i konkrete sager/];
  // What a screen reader gets for the launcher: Chromium's accessibility tree.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  const button = nodes.find((n) => n.role?.value === "button" && n.name?.value === "Vidensassistent");
  assert.ok(button, "the launcher is in the accessibility tree");
  for (const phrase of notice) assert.match(button.description?.value || "", phrase);

  await page.screenshot({ path: join(OUT_DIR, "intro.png") });
  const intro = await page.locator(".va-intro").innerText();
  for (const phrase of notice) assert.match(intro, phrase);
  // What is stored, where, for how long, why, and who reads it: as configured.
  assert.match(intro, new RegExp(`gemmes på kommunens server i ${RETENTION_DAYS} dage, så svarene kan forbedres`));
  assert.match(intro, /CPR-numre, telefonnumre, e-mailadresser, navne og adresser fjernes, før noget gemmes/);
  assert.match(intro, /indholdsredaktører kan læse/);
  assert.match(intro, /"Slet samtalen"/);
  assert.doesNotMatch(intro, /kun i denne browserfane|slettes, når du lukker/);

  // "Om Vidensassistenten" is linked from the widget and lies beside the demo page.
  const about = page.locator(".va-about");
  assert.match(await about.innerText(), /^Om Vidensassistenten og dine data\s*\(åbner i nyt vindue\)$/);
  assert.equal(new URL(await about.getAttribute("href")).href, new URL("om.html", PAGE_URL).href);
  assert.equal(await about.getAttribute("target"), "_blank");
  const response = await page.request.get(await about.getAttribute("href"));
  assert.equal(response.status(), 200);
  assert.match(await response.text(), /<h1>Om Vidensassistenten<\/h1>/);
});

test("a question typed and sent with Enter gets the answer with its source and follow-ups", async () => {
  // Record what the status line shows, to see the typing indicator however fast the answer is.
  await page.evaluate(() => {
    const status = document.querySelector("[data-vidensassistent]").shadowRoot.querySelector(".va-status");
    window.__statusSeen = [];
    new MutationObserver(() => window.__statusSeen.push(status.textContent)).observe(status, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
  await page.keyboard.type("Hvad er Reden KFUK?");
  await page.keyboard.press("Enter");
  await waitForSources(1);

  assert.equal(await userMessages().last().locator(".va-body").innerText(), "Hvad er Reden KFUK?");
  const answer = await botMessages().last().innerText();
  assert.match(answer, /Reden KFUK/);
  assert.match(answer, /Kilde: Vidensnotatet, afsnittet '[^']+'/);
  assert.ok(
    (await page.evaluate(() => window.__statusSeen)).some((t) => t.includes("skriver")),
    "a typing indicator was shown while waiting",
  );
  assert.equal(await page.locator(".va-status").innerText(), "", "typing indicator gone after the answer");
  // Up to three related topics as buttons; the rating is a control of its own (thumbs).
  const titles = await botMessages().last().locator(".va-choices .va-choice").allInnerTexts();
  assert.ok(titles.length >= 1 && titles.length <= 3, `1-3 follow-up buttons, got ${titles}`);
  assert.ok(!titles.some((t) => /Svaret hjalp|Ikke det jeg søgte/.test(t)), "no rating among the topic buttons");
  const rating = botMessages().last().getByRole("group", { name: "Hjalp svaret?" });
  assert.equal(await rating.getByRole("button", { name: "Svaret hjalp" }).count(), 1);
  assert.equal(await rating.getByRole("button", { name: "Ikke det jeg søgte" }).count(), 1);
  assert.equal(await activeInWidget(), "va-input", "focus stays in the question field");
});

test("clicking a follow-up button shows its title as the question and answers it", async () => {
  const choice = botMessages().last().locator(".va-choice").first();
  const title = await choice.innerText();
  await choice.click();
  await waitForSources(2);
  assert.equal(await userMessages().last().locator(".va-body").innerText(), title);
  assert.match(await botMessages().last().innerText(), /Kilde: Vidensnotatet/);
  assert.equal(await sourcesShown(), 2);
});

test("axe-core finds no violations at all with the panel open at 1366 × 768", async () => {
  await scrollSettled();
  await page.screenshot({ path: join(OUT_DIR, "panel.png") });
  const violations = await axeScan("panel-open");
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
});

test("Escape closes the panel and returns focus to the launcher", async () => {
  await page.locator(".va-input").focus();
  await page.keyboard.press("Escape");
  assert.ok(await panel().isHidden());
  assert.equal(await launcher().getAttribute("aria-expanded"), "false");
  assert.equal(await activeInWidget(), "va-launcher");
});

test("the conversation survives a reload in sessionStorage only", async () => {
  const stored = await page.evaluate(() => ({
    session: Object.keys(sessionStorage).filter((k) => k.startsWith("vidensassistent:")),
    local: Object.keys(localStorage).length,
    cookies: document.cookie,
  }));
  assert.equal(stored.session.length, 1);
  assert.equal(stored.local, 0, "nothing in localStorage");
  assert.equal(stored.cookies, "", "no cookies");
  await page.reload();
  await launcher().click();
  await assert.doesNotReject(panel().waitFor({ state: "visible" }));
  assert.equal(await sourcesShown(), 2, "history restored in the same tab");
  assert.equal(await activeInWidget(), "va-input");
});

test('"Start forfra" clears the history and starts a new conversation id', async () => {
  const key = await page.evaluate(() => Object.keys(sessionStorage).find((k) => k.startsWith("vidensassistent:")));
  const before = await page.evaluate((k) => JSON.parse(sessionStorage.getItem(k)).sessionId, key);
  assert.equal(await page.getByRole("button", { name: "Ny samtale" }).count(), 0, "one restart concept only");
  await page.getByRole("button", { name: "Start forfra" }).click();
  assert.equal(await page.locator(".va-msg").count(), 0, "messages removed");
  assert.match(await page.locator(".va-status").innerText(), /Ny samtale startet/);
  assert.equal(await activeInWidget(), "va-input");
  // It does not claim to delete anything: the old conversation stays until the purge.
  const status = await page.locator(".va-status").innerText();
  assert.match(status, new RegExp(`ikke slettet.*${RETENTION_DAYS} dage`));
  assert.ok(storedEvents(before) > 0, "the previous conversation is still stored, as the text says");

  // The new conversation works: the bot answers on the new id.
  await page.keyboard.type("Hvad er Reden KFUK?");
  await page.keyboard.press("Enter");
  await waitForSources(1);
  const after = await page.evaluate((k) => JSON.parse(sessionStorage.getItem(k)), key);
  assert.notEqual(after.sessionId, before);
  assert.equal(after.messages.length, 2, "only the new conversation is stored");
});

test('"Slet samtalen" asks first, then deletes the conversation on the server and says so', async () => {
  const { sessionId } = await savedState();
  assert.ok(storedEvents(sessionId) > 0, "the conversation is stored on the server");
  const deleteButton = page.getByRole("button", { name: "Slet samtalen", exact: true });

  // The confirmation step: Escape (or "Annuller") leaves everything as it was.
  assert.equal(await deleteButton.getAttribute("aria-expanded"), "false");
  await deleteButton.click();
  assert.equal(await deleteButton.getAttribute("aria-expanded"), "true");
  const question = page.getByRole("group", { name: /Vil du slette samtalen\?/ });
  await assert.doesNotReject(question.waitFor({ state: "visible" }));
  assert.match(await question.innerText(), /slettes fra kommunens server med det samme/);
  assert.equal(await activeInWidget(), "va-confirm-no", "focus on the safe choice");
  await page.screenshot({ path: join(OUT_DIR, "confirm.png") });
  const severe = (await axeScan("confirm")).filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(severe, [], JSON.stringify(severe, null, 2));
  await page.keyboard.press("Escape");
  assert.ok(await question.isHidden());
  assert.ok(await panel().isVisible(), "Escape closed the question, not the chat");
  assert.equal(await activeInWidget(), "va-link-button va-delete");
  assert.ok(storedEvents(sessionId) > 0, "nothing deleted without confirmation");
  assert.equal(await sourcesShown(), 1);

  await deleteButton.click();
  await page.getByRole("button", { name: "Ja, slet samtalen" }).click();
  await page.locator(".va-status", { hasText: "Samtalen er slettet" }).waitFor({ timeout: ANSWER_TIMEOUT });
  assert.match(await page.locator(".va-status").innerText(), /fjernet fra kommunens server med det samme/);
  assert.equal(storedEvents(sessionId), 0, "no events of the conversation left in the tracker store");
  await page.screenshot({ path: join(OUT_DIR, "deleted.png") });
  assert.equal(await page.locator(".va-msg").count(), 0, "the conversation is gone from the screen");
  const after = await savedState().catch(() => null);
  assert.ok(!after || (after.sessionId !== sessionId && after.messages.length === 0), "and from the tab");
  assert.equal(await activeInWidget(), "va-input");

  // Asking again starts a new conversation under a new id.
  await page.keyboard.type("Hvad er Reden KFUK?");
  await page.keyboard.press("Enter");
  await waitForSources(1);
  const fresh = await savedState();
  assert.notEqual(fresh.sessionId, sessionId);
  assert.equal(storedEvents(sessionId), 0);
});

// --- issue 13: reading flow, buttons, welcome, offline, phone, embedding ---

test("the welcome offers starter buttons that start what they say", async () => {
  await page.getByRole("button", { name: "Start forfra" }).click();
  const starters = page.getByRole("group", { name: "Kom i gang" });
  assert.deepEqual(await starters.getByRole("button").allInnerTexts(), STARTERS);
  await scrollSettled();
  for (const title of STARTERS) {
    const box = await starters.getByRole("button", { name: title }).boundingBox();
    const view = await log().boundingBox();
    assert.ok(box.y >= view.y && box.y + box.height <= view.y + view.height, `"${title}" in view at once`);
  }
  await page.screenshot({ path: join(OUT_DIR, "welcome.png") });
  for (const [title, reply] of [
    ["Hvad kan du?", /Vælg et område/],
    ["Find et tilbud til en borger", /Hvad har borgeren mest brug for\?/],
    ["Quiz", /Spørgsmål 1 af \d+/],
    ["Gennemgå notatet", /Afsnit 1 af \d+/],
  ]) {
    await page.getByRole("button", { name: "Start forfra" }).click();
    assert.equal(await starters.getByRole("button", { disabled: false }).count(), 4, "starters usable after a restart");
    await starters.getByRole("button", { name: title }).click();
    await waitForReply(reply);
    assert.match(await userMessages().last().locator(".va-body").innerText(), new RegExp(`^${title.replace("?", "\\?")}$`));
    assert.equal(await starters.getByRole("button", { disabled: false }).count(), 0, "starters spent once used");
  }
});

test("a reply of several bubbles is shown from its first bubble, with the question just above it", async () => {
  // Mid-tour (the last starter started it), a question gets the answer and then "Vil du fortsætte?".
  await page.keyboard.type("Hvad er Reden KFUK?");
  await page.keyboard.press("Enter");
  await waitForReply(/Vil du fortsætte\?/);
  const turn = await latestTurn();
  assert.ok(turn.reply.length >= 2, `a reply of several bubbles: ${JSON.stringify(turn)}`);
  assert.ok(turn.question.top >= -1 && turn.question.bottom <= turn.height, `question in view: ${JSON.stringify(turn)}`);
  const [first] = turn.reply;
  assert.ok(first.top > turn.question.bottom - 1 && first.top - turn.question.bottom < 40, "answer just below the question");
  assert.ok(first.top < turn.height - 100, "the answer's beginning is in view");
  assert.equal(turn.atEnd, false, "not scrolled on to the last bubble");
  await page.screenshot({ path: join(OUT_DIR, "reading-flow.png") });
});

test("buttons of earlier turns are disabled; the reply's own buttons work", async () => {
  const turn = await latestTurn();
  assert.deepEqual(turn.earlierEnabled, [], "no usable button left in earlier turns (e.g. the tour's Næste)");
  assert.equal(turn.replyDisabled, 0);
  const next = page.locator(".va-msg--bot").getByRole("button", { name: /^Næste/ }).first();
  assert.ok(await next.isDisabled(), "the old Næste cannot be pressed");

  // The rating: small thumbs under the answer, apart from the topic buttons.
  const answer = botMessages().filter({ hasText: "Reden KFUK" }).last();
  const thumb = answer.getByRole("button", { name: "Svaret hjalp" });
  const topic = answer.locator(".va-choices .va-choice").first();
  const [thumbBox, topicBox] = [await thumb.boundingBox(), await topic.boundingBox()];
  assert.ok(thumbBox.height < topicBox.height, "the rating is smaller than the topic buttons");
  assert.equal(await thumb.evaluate((b) => b.closest(".va-choices")), null);
  await thumb.click();
  await waitForReply(/Tak for tilbagemeldingen/);
  assert.equal(await userMessages().last().locator(".va-body").innerText(), "Svaret hjalp");
  assert.ok(await answer.getByRole("button", { name: "Svaret hjalp (valgt)" }).isDisabled(), "chosen and spent");
  assert.ok(await answer.getByRole("button", { name: "Ikke det jeg søgte" }).isDisabled());
  assert.ok(await page.getByRole("button", { name: "Fortsæt gennemgangen" }).first().isDisabled());
  assert.deepEqual((await latestTurn()).earlierEnabled, []);
  await page.screenshot({ path: join(OUT_DIR, "spent-buttons.png") });

  // Spent buttons stay spent after a reload.
  await page.reload();
  await launcher().click();
  await page.locator(".va-msg--bot").first().waitFor();
  assert.deepEqual((await latestTurn()).earlierEnabled, []);
  assert.ok(await page.getByRole("button", { name: "Svaret hjalp (valgt)" }).isDisabled());
});

test("the page's strict CSP (style-src 'self', no 'unsafe-inline') is met and the widget is styled", async () => {
  const response = await page.request.get(PAGE_URL);
  const csp = response.headers()["content-security-policy"];
  assert.match(csp, /style-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.equal(await launcher().evaluate((b) => getComputedStyle(b).position), "fixed");
  assert.equal(await page.locator(".va-header").evaluate((h) => getComputedStyle(h).backgroundColor), "rgb(29, 79, 145)");
});

test("the chat opens from a link on the page and from Vidensassistent.open()", async () => {
  await page.locator(".va-input").focus();
  await page.keyboard.press("Escape");
  await page.getByRole("link", { name: "åbn chatten herfra" }).click();
  assert.ok(await panel().isVisible());
  assert.equal(await activeInWidget(), "va-input");
  await page.keyboard.press("Escape");
  await page.evaluate(() => window.Vidensassistent.open());
  assert.ok(await panel().isVisible());
});

test("the offline state is shown at once and the typing indicator never hides it", async () => {
  // Going offline mid-conversation: the browser says so before the socket notices.
  await page.context().setOffline(true);
  const banner = page.getByRole("alert");
  await banner.filter({ hasText: "Ingen forbindelse" }).waitFor({ timeout: 5000 });
  await page.context().setOffline(false);

  // A server that is down: the banner, and a question waits without "skriver …".
  const dead = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  try {
    const url = new URL("offline.html", PAGE_URL).href;
    const html = (await (await page.request.get(PAGE_URL)).text()).replace(RASA_URL, "http://127.0.0.1:9");
    await dead.route(url, (route) => route.fulfill({ contentType: "text/html", body: html }));
    await dead.goto(url);
    await dead.locator(".va-launcher").click();
    await dead.locator(".va-offline", { hasText: "Ingen forbindelse til Vidensassistenten" }).waitFor({ timeout: 15000 });
    await dead.locator(".va-input").fill("Hvad er Reden KFUK?");
    await dead.keyboard.press("Enter");
    await dead.waitForTimeout(1500);
    assert.ok(await dead.locator(".va-offline").isVisible(), "still shown after sending");
    assert.equal(await dead.locator(".va-dots").count(), 0, "no typing indicator while offline");
    assert.match(await dead.locator(".va-status").innerText(), /sendes, så snart forbindelsen er tilbage/);
    await dead.screenshot({ path: join(OUT_DIR, "offline.png") });
  } finally {
    await dead.close();
  }
  // Back online, the banner goes away when the socket is back.
  await page.locator(".va-offline:empty").waitFor({ state: "attached", timeout: 20000 });
});

test("on a 375 × 740 phone the input area is small and a quiz question fits with its options and buttons", async () => {
  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: "da-DK" });
  const p = await phone.newPage();
  try {
    await p.goto(PAGE_URL);
    await p.locator(".va-launcher").click();
    const formShare = async () => (await p.locator(".va-form").boundingBox()).height / 740;
    console.log(`phone: input area ${Math.round((await formShare()) * 740)} of 740 px before the first question`);
    assert.ok((await formShare()) <= 0.2, `input area ${Math.round((await formShare()) * 740)} px before the first question`);
    assert.ok(await p.locator(".va-hint").isVisible(), "the privacy hint is shown before the first question");
    const view = await p.locator(".va-log").boundingBox();
    for (const title of STARTERS) {
      const box = await p.getByRole("button", { name: title }).boundingBox();
      assert.ok(box.y >= view.y && box.y + box.height <= view.y + view.height, `"${title}" in view on the phone`);
    }
    await p.screenshot({ path: join(OUT_DIR, "phone-welcome.png") });
    await p.getByRole("button", { name: "Quiz" }).click();
    await waitForReply(/Spørgsmål 1 af/, p);
    console.log(`phone: input area ${Math.round((await formShare()) * 740)} of 740 px after it`);
    assert.ok((await formShare()) <= 0.2, `input area ${Math.round((await formShare()) * 740)} px`);
    const violations = await axeScan("phone-375", p);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    for (let question = 1; question <= 2; question++) {
      if (question > 1) {
        await p.locator(".va-msg--bot").last().getByRole("button", { name: "B", exact: true }).click();
        await waitForReply(new RegExp(`Spørgsmål ${question} af`), p);
      }
      // The question, its options and its buttons: where they are, and whether the reply fits whole.
      const quiz = () =>
        p.evaluate(() => {
          const root = document.querySelector("[data-vidensassistent]").shadowRoot;
          const log = root.querySelector(".va-log");
          const view = log.getBoundingClientRect();
          const users = root.querySelectorAll(".va-msg--user");
          const first = users[users.length - 1].nextElementSibling;
          const bubble = [...root.querySelectorAll(".va-msg--bot")].pop();
          const question = [...bubble.querySelectorAll("p")].find((n) => /^Spørgsmål \d+ af/.test(n.textContent));
          const top = question.getBoundingClientRect().top;
          const bottom = bubble.querySelector(".va-choices").getBoundingClientRect().bottom;
          return {
            view: view.height,
            block: bottom - top,
            reply: bottom - first.getBoundingClientRect().top,
            inView: top >= view.top - 1 && bottom <= view.bottom + 1,
            firstInView: first.getBoundingClientRect().top >= view.top - 1,
          };
        });
      let seen = await quiz();
      assert.ok(seen.firstInView, `question ${question}: the reply is shown from its beginning`);
      // A reply that fits is shown whole: options and buttons without scrolling.
      if (seen.reply <= seen.view) assert.ok(seen.inView, `question ${question}: options and buttons in view ${JSON.stringify(seen)}`);
      await p.screenshot({ path: join(OUT_DIR, `phone-quiz-${question}.png`) });
      // Otherwise (a long explanation before it), the question with all its options and buttons fits
      // on the screen once the caseworker has read down to it.
      assert.ok(seen.block <= seen.view, `question ${question}: options and buttons fit on one screen ${JSON.stringify(seen)}`);
      await p.evaluate(() => {
        const root = document.querySelector("[data-vidensassistent]").shadowRoot;
        const bubble = [...root.querySelectorAll(".va-msg--bot")].pop();
        [...bubble.querySelectorAll("p")].find((n) => /^Spørgsmål \d+ af/.test(n.textContent)).scrollIntoView({ block: "start", behavior: "instant" });
      });
      await scrollSettled(p);
      seen = await quiz();
      assert.ok(seen.inView, `question ${question}: options and buttons in view together ${JSON.stringify(seen)}`);
    }
  } finally {
    await phone.close();
  }
});

test("placement: floating left, and inline in a page element with the page's colours", async () => {
  const p = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  try {
    const url = new URL("left.html", PAGE_URL).href;
    const source = await page.request.get(PAGE_URL);
    const html = (await source.text()).replace("data-vidensassistent ", 'data-vidensassistent data-placement="left" ');
    await p.route(url, (route) => route.fulfill({ contentType: "text/html", headers: source.headers(), body: html }));
    await p.goto(url);
    await p.locator(".va-launcher").click();
    const box = await p.locator(".va-panel").boundingBox();
    assert.ok(box.x < 50, `panel on the left: ${JSON.stringify(box)}`);
    assert.ok((await p.locator(".va-launcher").boundingBox()).x < 50);

    await p.goto(new URL("inline.html", PAGE_URL).href);
    await p.locator(".va-panel").waitFor({ state: "visible" });
    assert.equal(await p.locator(".va-launcher").count(), 0, "no floating button");
    assert.equal(await p.getByRole("button", { name: "Luk chatten" }).count(), 0, "nothing to close");
    assert.equal(await p.locator(".va-panel").evaluate((n) => getComputedStyle(n).position), "static");
    assert.equal(await p.locator(".va-header").evaluate((h) => getComputedStyle(h).backgroundColor), "rgb(11, 107, 58)");
    await p.getByRole("button", { name: "Hvad kan du?" }).click();
    await waitForReply(/Vælg et område/, p);
    await p.screenshot({ path: join(OUT_DIR, "inline.png"), fullPage: true });
    assert.deepEqual(await p.evaluate(() => window.__cspViolations || []), []);
    const violations = await axeScan("inline", p);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  } finally {
    await p.close();
  }
});

test("the full-page chat works in an iframe on the intranet and cannot be framed elsewhere", async () => {
  const chatUrl = new URL("chat.html", PAGE_URL).href;
  const headers = (await page.request.get(chatUrl)).headers();
  assert.match(headers["content-security-policy"], /frame-ancestors 'self'(;|$)/);

  const p = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  try {
    await p.goto(new URL("embed.html", PAGE_URL).href);
    const frame = p.frameLocator("iframe");
    await frame.locator(".va-panel").waitFor({ state: "visible" });
    await frame.getByRole("textbox", { name: "Dit spørgsmål" }).fill("Hvad er Reden KFUK?");
    await frame.getByRole("button", { name: "Send" }).click();
    await frame.locator(".va-source").first().waitFor({ timeout: ANSWER_TIMEOUT });
    await p.screenshot({ path: join(OUT_DIR, "iframe.png") });

    // Another site framing the chat: the browser refuses (frame-ancestors).
    const foreign = "http://intranet.invalid/";
    await p.route(foreign, (route) =>
      route.fulfill({ contentType: "text/html", body: `<!doctype html><title>x</title><iframe src="${chatUrl}"></iframe>` }),
    );
    await p.goto(foreign);
    await p.waitForTimeout(1500);
    const framed = p.frames().find((f) => f !== p.mainFrame());
    assert.ok(framed, "the iframe exists");
    assert.equal(await framed.locator("[data-vidensassistent]").count().catch(() => 0), 0, "the chat is not shown");
  } finally {
    await p.close();
  }
});

test("the bundle has a versioned file name and a separate stylesheet", async () => {
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  const manifest = await (await page.request.get(new URL("manifest.json", PAGE_URL).href)).json();
  assert.equal(manifest.script, `vidensassistent-${version}.js`);
  const versioned = await page.request.get(new URL(manifest.script, PAGE_URL).href);
  const plain = await page.request.get(new URL("vidensassistent.js", PAGE_URL).href);
  assert.equal(versioned.status(), 200);
  assert.equal(await versioned.text(), await plain.text());
  assert.equal((await page.request.get(new URL(manifest.stylesheet, PAGE_URL).href)).status(), 200);
  assert.match(await (await page.request.get(PAGE_URL)).text(), new RegExp(`src="${manifest.script}"`));
});

test("prefers-reduced-motion switches the animations off", async () => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  assert.equal(await panel().evaluate((el) => getComputedStyle(el).animationName), "none");
  await page.emulateMedia({ reducedMotion: "no-preference" });
  assert.equal(await panel().evaluate((el) => getComputedStyle(el).animationName), "va-in");
});

for (const [name, viewport] of [
  ["narrow", { width: 320, height: 640 }], // a 320 px screen
  ["zoom-200", { width: 640, height: 400 }], // 1280×800 at 200 % zoom
]) {
  test(`the panel fits and works at ${name} (${viewport.width}×${viewport.height} CSS px)`, async () => {
    await page.setViewportSize(viewport);
    await panel().evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    const box = await panel().boundingBox();
    assert.ok(box.x >= 0 && box.y >= 0, "panel starts inside the viewport");
    assert.ok(box.x + box.width <= viewport.width + 0.5, `panel width fits: ${JSON.stringify(box)}`);
    assert.ok(box.y + box.height <= viewport.height + 0.5, `panel height fits: ${JSON.stringify(box)}`);
    const overflow = await page.evaluate(() => {
      const root = document.querySelector("[data-vidensassistent]").shadowRoot;
      const log = root.querySelector(".va-log");
      return { log: log.scrollWidth - log.clientWidth, page: document.documentElement.scrollWidth - innerWidth };
    });
    assert.ok(overflow.log <= 0, "no horizontal scrolling in the conversation");
    assert.ok(overflow.page <= 0, "no horizontal scrolling on the page");
    if (viewport.width <= 480) assert.ok(await launcher().isHidden(), "the covered launcher is out of the tab order");
    for (const control of [".va-input", ".va-send", ".va-icon-button", ".va-text-button", ".va-delete", ".va-about"]) {
      await page.locator(control).scrollIntoViewIfNeeded();
      assert.ok(await page.locator(control).isVisible(), `${control} visible`);
    }
    await page.screenshot({ path: join(OUT_DIR, `${name}.png`) });
    const severe = (await axeScan(name)).filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(severe, [], JSON.stringify(severe, null, 2));
  });
}

test("Rasa allows the demo page's origin (CORS) and no other", async () => {
  const url = `${RASA_URL}/socket.io/?EIO=4&transport=polling`;
  const origin = new URL(PAGE_URL).origin;
  const allowed = await getHeaders(url, origin);
  assert.equal(allowed["access-control-allow-origin"], origin);
  const other = await getHeaders(url, "http://intranet.invalid");
  assert.equal(other["access-control-allow-origin"], undefined);
});

test("bot text renders line breaks, paragraphs, links and the source line, never HTML", async () => {
  const html = await page.evaluate((source) => {
    const renderText = new Function(`${source.replace(/^export /m, "")}; return renderText;`)();
    const div = document.createElement("div");
    div.append(
      renderText(
        "Linje 1\nLinje 2\n\nSe https://example.org/side. og [notatet](https://example.org/n)" +
          " <script>alert(1)</script> javascript:alert(1)\nKilde: Vidensnotatet, afsnittet 'X'",
      ),
    );
    return div.innerHTML;
  }, FORMAT_SOURCE);
  assert.match(html, /^<p>Linje 1<br>Linje 2<\/p><p>/);
  assert.match(html, /<a href="https:\/\/example.org\/side" target="_blank" rel="noopener noreferrer">https:\/\/example.org\/side<span class="va-sr"> \(åbner i nyt vindue\)<\/span><\/a>\./);
  assert.match(html, /<a href="https:\/\/example.org\/n"[^>]*>notatet<span/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; javascript:alert\(1\)/);
  assert.equal((html.match(/<a /g) || []).length, 2, "only http(s) addresses become links");
  assert.match(html, /<p class="va-source">Kilde: Vidensnotatet, afsnittet 'X'<\/p>$/);
});

test('"Om Vidensassistenten" passes axe and states the measured accessibility results', async () => {
  const aboutPage = await page.context().newPage();
  try {
    await aboutPage.setViewportSize({ width: 1280, height: 800 });
    await aboutPage.goto(new URL("om.html", PAGE_URL).href);
    await aboutPage.screenshot({ path: join(OUT_DIR, "about.png"), fullPage: true });
    const severe = (await axeScan("about", aboutPage)).filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(severe, [], JSON.stringify(severe, null, 2));

    const claim = (name) => aboutPage.locator(`[data-claim="${name}"]`).innerText();
    assert.equal(await claim("retention-days"), String(RETENTION_DAYS));
    // The tool and version this run measured with, the rule sets and what was scanned.
    assert.equal(await claim("axe-version"), await aboutPage.evaluate(() => window.axe.version));
    assert.deepEqual(AXE_TAGS, ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]);
    assert.equal(await claim("axe-tags"), "WCAG 2.0 og 2.1, niveau A og AA");
    const measured = await aboutPage.locator('[data-claim="axe-tool"]').locator("xpath=..").innerText();
    const scanned = new Set(scans.map((s) => s.name));
    for (const [name, words] of [
      ["panel-open", /chatten åben/],
      ["confirm", /spørgsmålet om at slette samtalen/],
      ["phone-375", /375 px bred telefon/],
      ["inline", /chatten indsat på en side/],
      ["narrow", /320 px/],
      ["zoom-200", /200 % zoom/],
      ["about", /denne side/],
    ]) {
      assert.ok(scanned.has(name), `scan ${name} ran`);
      assert.match(measured, words);
    }
    // "0 alvorlige eller kritiske fejl" is what every scan in this run found.
    const total = scans.reduce((sum, s) => sum + s.severe, 0);
    assert.equal(await claim("axe-severe"), `${total} alvorlige eller kritiske fejl`);
  } finally {
    await aboutPage.close();
  }
});
