// The page of `redacteur serve`, driven in Debian's Chromium by keyboard alone: paste a source,
// set the options, submit, watch the progress, download the Markdown, edit it with markup in
// it and re-check, take a screenshot, switch the interface to English. Prints one JSON object: the job's id, the Markdown
// downloaded, the dialogs that opened (none may), and each step with its time.
//
// node page.mjs BASE_URL SOURCE_FILE SCREENSHOT_PNG
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [base, sourceFile, screenshot] = process.argv.slice(2);
const started = Date.now();
const steps = [];
const step = (name) => steps.push({ step: name, seconds: (Date.now() - started) / 1000 });
const dialogs = [];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
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
let result;
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base);
  await page.waitForFunction(() => document.getElementById("server").textContent.startsWith("Modèle"));
  step("page loaded, server reached");

  // Keyboard only: Tab from the source through every option to the button.
  const focused = () => page.evaluate(() => document.activeElement && document.activeElement.id);
  const expect = async (id) => {
    const now = await focused();
    if (now !== id) throw new Error(`focus on #${now}, expected #${id}`);
  };
  await page.focus("#source");
  await page.keyboard.insertText(readFileSync(sourceFile, "utf8"));
  for (const [id, text] of [
    ["file", null],
    ["words", "40"],
    ["subheadings", null],
    ["keyphrase", "Stade toulousain"],
    ["format", null],
    ["candidates", "1"],
    ["submit", null],
  ]) {
    await page.keyboard.press("Tab");
    await expect(id);
    if (text) await page.keyboard.type(text);
  }
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !document.getElementById("job").hidden);
  const id = (await page.textContent("#job-title")).replace("Article ", "").trim();
  step("submitted with the keyboard");
  await page.waitForFunction(() => /section \d+ sur \d+/.test(document.getElementById("progress-text").textContent), null, { timeout: 600000 });
  const progress = await page.textContent("#progress-text");
  step("progress by section shown");
  await page.waitForSelector("#report h3", { timeout: 600000 });
  step("article written and checked");
  const headings = await page.evaluate(() => ({
    h1: document.querySelectorAll("#preview h1").length,
    h2: document.querySelectorAll("#preview h2").length,
    findings: document.querySelectorAll("#report li").length,
    rewrite: document.querySelectorAll("#preview h2 button.rewrite").length,
  }));

  // The Markdown, downloaded as the user would.
  await page.focus("#download");
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  const markdown = readFileSync(await download.path(), "utf8");
  const filename = download.suggestedFilename();
  step("Markdown downloaded");

  // Markup typed into the article runs nowhere; the edit is re-checked at once.
  const hostile = "\n\nUne phrase que l'éditeur ajoute ici, <script>alert(1)</script> et <img src=x onerror=alert(2)> dedans.\n";
  await page.focus("#markdown");
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText(hostile);
  const before = Date.now();
  await page.focus("#recheck");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("preview").textContent.includes("Une phrase que l'éditeur ajoute ici"));
  const recheckSeconds = (Date.now() - before) / 1000;
  step("edited and re-checked");
  const inert = await page.evaluate(() => ({
    scripts: document.querySelectorAll("#preview script, #report script").length,
    images: document.querySelectorAll("#preview img").length,
    sourceKept: document.getElementById("source").value.includes("<script>alert(1)</script>"),
    edited: document.getElementById("edited").textContent,
  }));
  await page.waitForTimeout(500);
  await page.screenshot({ path: screenshot, fullPage: true });
  // The article beside its checks, as the README shows it.
  await page.locator("#job").screenshot({ path: screenshot.replace(/\.png$/, "-article.png") });
  step("screenshot taken");

  // The interface in English: what is on screen is drawn again in it, the edit kept, and the
  // choice outlives a reload.
  await page.focus("#lang");
  await page.selectOption("#lang", "en");
  await page.waitForFunction(() => document.documentElement.lang === "en");
  const english = await page.evaluate(() => ({
    submit: document.getElementById("submit").textContent,
    recheck: document.getElementById("recheck").textContent,
    score: document.querySelector("#report h3").textContent,
    progress: document.getElementById("progress-text").textContent,
    edited: document.getElementById("edited").textContent,
    editKept: document.getElementById("markdown").value.includes("Une phrase que l'éditeur ajoute ici"),
  }));
  await page.reload();
  await page.waitForFunction(() => document.getElementById("server").textContent.startsWith("Model:"));
  english.afterReload = await page.evaluate(() => document.documentElement.lang);
  step("switched to English");
  result = { id, markdown, filename, progress, headings, inert, recheckSeconds, english, dialogs, errors, steps };
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
