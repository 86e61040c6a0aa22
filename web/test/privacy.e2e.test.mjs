// Security review (issue 12, finding 13): what the widget shows and keeps of a message
// from which the server removed personal data. Started by tests/web/run_e2e.py
// (`make test-web`) like widget.e2e.test.mjs, against the real servers.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const { PAGE_URL } = process.env;
const ANSWER_TIMEOUT = 30_000;
const CPR = "010190-1234";
const NAME = "Mette Hansen";

let browser;
let page;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  page = await (await browser.newContext({ locale: "da-DK" })).newPage();
  await page.goto(PAGE_URL);
});

after(async () => {
  await browser?.close();
});

const storage = () => page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
const userBubbles = () => page.locator(".va-msg--user").allInnerTexts();

test("the user's bubble and sessionStorage keep only what the server stored", async () => {
  await page.locator(".va-launcher").click();
  await page.locator(".va-input").fill(`Min borger ${NAME} har cpr ${CPR}, hvad gør jeg?`);
  await page.keyboard.press("Enter");
  await page.locator(".va-msg--bot", { hasText: "Jeg har fjernet" }).waitFor({ timeout: ANSWER_TIMEOUT });

  const shown = (await userBubbles()).join("\n");
  assert.match(shown, /\[CPR-nummer\]/);
  assert.match(shown, /\[navn\]/);
  assert.ok(!shown.includes(CPR) && !shown.includes(NAME), shown);
  const kept = await storage();
  assert.ok(!kept.includes(CPR) && !kept.includes("Mette"), kept);

  // After a reload the restored conversation shows the cleaned text too.
  await page.reload();
  await page.locator(".va-launcher").click();
  const restored = (await userBubbles()).join("\n");
  assert.match(restored, /\[CPR-nummer\]/);
  assert.ok(!restored.includes(CPR), restored);
});
