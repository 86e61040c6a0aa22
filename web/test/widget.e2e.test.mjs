// End-to-end test of the chat widget in Debian's headless Chromium, against the real
// Rasa + action servers. Started by tooling/web_e2e.py (`make test-web`), which sets
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
  if (!(await target.evaluate(() => "axe" in window))) await target.addScriptTag({ content: AXE_SOURCE });
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
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "da-DK" });
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
  assert.match(intro, /CPR-numre, telefonnumre og e-mailadresser fjernes, før noget gemmes/);
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
  // Up to three related topics, then the two rating buttons ("Svaret hjalp", "Ikke det jeg søgte").
  const choices = botMessages().last().locator(".va-choice");
  const titles = await choices.allInnerTexts();
  const related = titles.filter((t) => !["Svaret hjalp", "Ikke det jeg søgte"].includes(t));
  assert.ok(related.length >= 1 && related.length <= 3, `1-3 follow-up buttons, got ${titles}`);
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

test("axe-core finds no serious or critical violations with the panel open", async () => {
  await page.waitForTimeout(600); // let the smooth scroll to the new answer finish
  await page.screenshot({ path: join(OUT_DIR, "panel.png") });
  const violations = await axeScan("panel-open");
  const severe = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(severe, [], JSON.stringify(severe, null, 2));
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

test('"Ny samtale" clears the history and starts a new conversation id', async () => {
  const key = await page.evaluate(() => Object.keys(sessionStorage).find((k) => k.startsWith("vidensassistent:")));
  const before = await page.evaluate((k) => JSON.parse(sessionStorage.getItem(k)).sessionId, key);
  await page.getByRole("button", { name: "Ny samtale" }).click();
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
