// Helpers for the browser tests: start `ks serve --demo` on a free port with a fresh SQLite file,
// drive Debian's chromium through playwright-core, check every page with axe-core (WCAG 2.1 A/AA)
// and save screenshots.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

export const DEMO_PASSWORD = "demo-losen";
const AXE_SOURCE = fs.readFileSync(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

export async function startServer(ksBinary, workDir) {
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const db = path.join(workDir, "e2e.db");
  const child = spawn(ksBinary, ["serve", "--demo", "--db", "sqlite:" + db, "--host", "127.0.0.1", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = fs.createWriteStream(path.join(workDir, "server.log"));
  child.stderr.pipe(log);
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("ks serve did not start in 60 s:\n" + out)), 60000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      log.write(chunk);
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error("ks serve exited with " + code + ":\n" + out)));
  });
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url + "/healthz");
      if (r.ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => child.kill("SIGTERM"), child };
}

export async function launchBrowser() {
  // playwright-core gives chromium a fresh temporary profile of its own.
  const browser = await chromium.launch({
    executablePath: process.env.KS_CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return { browser, cleanup: () => {} };
}

// A checker that runs axe on a page and saves a screenshot; collects every violation.
export function makeChecker(shotDir) {
  fs.mkdirSync(shotDir, { recursive: true });
  const violations = [];
  const seen = new Set();
  const seenShots = new Set();
  const timing = { shots: 0, axe: 0 };
  let n = 0;
  async function check(page, name) {
    n += 1;
    const file = path.join(shotDir, String(n).padStart(3, "0") + "-" + name.replace(/[^a-z0-9-]+/gi, "-") + ".png");
    // Full-page screenshots of long case pages cost about a second each: the first of each kind
    // of page (and the final state) is taken whole, the rest show what the user sees first.
    const t0 = Date.now();
    const kind = name.replace(/\d+[a-z]?/g, "N");
    await page.screenshot({ path: file, fullPage: !seenShots.has(kind) || name === "case-final" });
    seenShots.add(kind);
    timing.shots += Date.now() - t0;
    // Once per distinct path (and state name), to keep the run fast.
    const key = new URL(page.url()).pathname.replace(/\d+/g, "N") + "|" + name.replace(/\d+/g, "");
    if (seen.has(key)) return;
    seen.add(key);
    const t1 = Date.now();
    try {
      await runAxe(page, name);
    } finally {
      timing.axe += Date.now() - t1;
    }
  }
  async function runAxe(page, name) {
    // With JavaScript off axe cannot run in the page: check the same HTML in a page that runs it.
    if (!(await page.evaluate("1").then(() => true, () => false).catch(() => false)) || page.context()._ksNoJs) {
      const html = await page.content();
      const other = await page.context().browser().newPage();
      await other.route("**/*", (route) => route.request().url() === page.url()
        ? route.fulfill({ body: html, contentType: "text/html; charset=utf-8" }) : route.continue());
      await other.goto(page.url());
      await other.evaluate(AXE_SOURCE);
      const r = await other.evaluate(async () =>
        await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
      for (const v of r.violations)
        violations.push(`${name} ${page.url()}: ${v.id} (${v.impact}) ${v.help}: ` + v.nodes.slice(0, 3).map((x) => x.target.join(" ")).join(" | "));
      await other.close();
      return;
    }
    await page.evaluate(AXE_SOURCE); // Through the DevTools protocol: not subject to the page's CSP.
    const result = await page.evaluate(async () =>
      await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
    for (const v of result.violations)
      violations.push(`${name} ${page.url()}: ${v.id} (${v.impact}) ${v.help}: ` + v.nodes.slice(0, 3).map((x) => x.target.join(" ")).join(" | "));
  }
  return { check, violations, count: () => n, timing };
}

export async function signIn(browser, base, username, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: options.javaScript !== false });
  context._ksNoJs = options.javaScript === false;
  // Speed: only the contexts that look at the drawing load the bpmn-js viewer (200 kB to parse).
  if (!options.drawings) await context.route("**/bpmn-navigated-viewer*", (route) => route.abort());
  const page = await context.newPage();
  page.on("pageerror", (e) => { throw new Error("page error: " + e.message); });
  await page.goto(base + "/login");
  await page.fill("#login-username", username);
  await page.fill("#login-password", DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click("form.login-form button[type=submit]")]);
  if (page.url().includes("/login")) throw new Error("sign-in failed for " + username);
  return { context, page };
}

// Sets one form field by name from a value as the engine wants it.
async function setField(page, name, value) {
  const loc = page.locator(`[name="${name}"]`);
  const count = await loc.count();
  if (count === 0) return false;
  const kind = await loc.first().evaluate((e) => (e.tagName === "INPUT" ? e.type : e.tagName.toLowerCase()));
  if (kind === "radio") await page.check(`[name="${name}"][value="${value}"]`);
  else if (kind === "checkbox" && Array.isArray(value)) {
    for (let i = 0; i < count; i++) await loc.nth(i).setChecked(false);
    for (const v of value) await page.check(`[name="${name}"][value="${v}"]`);
  } else if (kind === "checkbox") await loc.first().setChecked(Boolean(value));
  else if (kind === "select") await loc.first().selectOption(String(value));
  else await loc.first().fill(String(value));
  return true;
}

// Fills a task form from values; dynamic lists get rows through their "add row" button (a
// server round trip, no JavaScript needed).
export async function fillForm(page, values) {
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value) && value.length && typeof value[0] === "object") {
      for (let i = 0; i < value.length; i++) {
        const first = Object.keys(value[i])[0];
        if ((await page.locator(`[name="${key}[${i}].${first}"]`).count()) === 0) {
          const add = page.locator(`button[name="__add_row"][value="${key}"]`);
          if ((await add.count()) === 0) break;
          await Promise.all([page.waitForNavigation(), add.click()]);
        }
        for (const [k2, v2] of Object.entries(value[i])) await setField(page, `${key}[${i}].${k2}`, v2);
      }
    } else {
      await setField(page, key, value);
    }
  }
}

export function minimalPdf(text) {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
