// Browser test of issue 7 (Playwright with Debian's chromium): on a fresh `ks serve` (SQLite, demo
// people), the region's coordinator builds an activity plan with a joint and an internal activity
// and a phase-out item, defines an indicator, imports measurements from a CSV fixture (file upload)
// and a Kolada-style JSON fixture (pasted), and sees a chart per principal drawn on a canvas with its
// target line, beside a table where the missing year reads "saknas".
//
// Usage: node tests/e2e/followup.mjs path/to/ks tests/fixtures
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

import { startServer } from "./lib.mjs";

const [ks, fixtures] = process.argv.slice(2);
if (!ks || !fixtures) {
  console.error("usage: followup.mjs KS FIXTURES_DIR");
  process.exit(2);
}
const chromiumPath = process.env.KS_CHROMIUM || "/usr/bin/chromium";
// The server's address, as it says once it listens on the port the system chose (lib.mjs).
let base = "";
const dir = mkdtempSync(join(tmpdir(), "ks-e2e-followup-"));

// Runs axe-core (npm, pinned) on the page; any WCAG 2.1 A/AA violation fails.
const axeSource = readFileSync(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
async function axe(page, what) {
  await page.evaluate(axeSource); // Through the DevTools protocol, so the page's CSP stays on.
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const bad = result.violations;
  check(bad.length === 0, `no WCAG 2.1 A/AA violations on the ${what}` +
        (bad.length ? ": " + bad.map((v) => v.id + " " + v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")).join("; ") : ""));
}

function fail(message) {
  throw new Error(message);
}
function check(cond, message) {
  if (!cond) fail(message);
  console.log("ok - " + message);
}

let server;
let browser;
let code = 0;
try {
  server = await startServer(ks, dir);
  base = server.url;
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  const page = await browser.newPage();
  const consoleErrors = [];
  let expectedRefusalSeen = false;
  page.on("console", (m) => { if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) consoleErrors.push(m.text()); });
  // Every resource a page asks for must exist (except the browser's own favicon request).
  page.on("response", (r) => {
    // The one 422 the test provokes on purpose (the broken CSV) is not an error of the page.
    const expected = r.status() === 422 && r.url().endsWith("/indicators/import") && !expectedRefusalSeen;
    if (expected) expectedRefusalSeen = true;
    else if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) consoleErrors.push(r.status() + " " + r.url());
  });

  // Sign in as the region's coordinator (demo account).
  await page.goto(base + "/login");
  await page.fill("#login-username", "samordnare");
  await page.fill("#login-password", "demo-losen");
  await Promise.all([page.waitForNavigation(), page.click("form.login-form button[type=submit]")]);

  // A knowledge support and a case through the JSON API with the session (CSRF token from a page).
  await page.goto(base + "/reports/national");
  const csrf = await page.inputValue("input[name=csrf_token]");
  const api = async (path, body) => {
    const r = await page.request.post(base + path, {
      data: body,
      headers: { "X-CSRF-Token": csrf, Origin: base, Accept: "application/json" },
    });
    if (!r.ok()) fail(`POST ${path}: ${r.status()} ${await r.text()}`);
    return r.json();
  };
  const support = await api("/api/v1/knowledge-supports", {
    title: "Vårdförlopp depression och ångestsyndrom (e2e)", kind: "care_pathway", national_status: "decided",
  });
  const started = await api("/api/v1/cases", {
    knowledge_support_id: support.id, routine: "vasternorrland", region_id: "region-22", lpo_id: "vn-lpo-psykisk-halsa",
  });
  const caseId = started.id;
  check(caseId > 0, "a case was started");

  // The plan: a joint activity, an internal one for Sundsvall, and a phase-out item.
  await page.goto(`${base}/cases/${caseId}/plan`);
  const addActivity = async (a) => {
    await page.fill("#a-title", a.title);
    await page.check(a.internal ? "#a-scope-internal" : "#a-scope-joint");
    await page.selectOption("#a-principal", a.internal ? "municipality-2281" : "");
    await page.fill("#a-responsible", a.responsible);
    await page.fill("#a-start", a.start);
    await page.fill("#a-end", a.end);
    await page.fill("#a-gap", a.gap);
    await Promise.all([page.waitForNavigation(), page.click("#fu-add-activity-title + form button[type=submit]")]);
  };
  await addActivity({ title: "Länsgemensam utbildningsdag", internal: false, responsible: "LSG HälSam",
                      start: "2026-02-01", end: "2026-04-30", gap: "Kunskap om vårdförloppet" });
  await addActivity({ title: "Screening i Sundsvalls primärvård", internal: true, responsible: "Verksamhetschef",
                      start: "2026-03-01", end: "2026-09-30", gap: "Screening saknas" });
  await page.fill("#p-practice", "Lokal PM för depression");
  await page.fill("#p-replaced", "Nationellt vårdförlopp");
  await page.fill("#p-by", "2026-06-30");
  await Promise.all([page.waitForNavigation(), page.click("#fu-phaseout-title ~ form button[type=submit]")]);

  const activities = page.locator("table.fu-activities tbody tr");
  check((await activities.count()) === 2, "the plan lists two activities");
  check((await page.locator("table.fu-activities").innerText()).includes("Intern för en huvudman") ||
        (await page.locator("table.fu-activities").innerText()).includes("Intern (huvudman)"), "the internal activity is marked as internal");
  const activityTable = await page.locator("table.fu-activities").innerText();
  check(activityTable.includes(": Sundsvall") && !activityTable.includes("municipality-2281"), "the internal activity names its principal by name");
  check((await page.locator(".fu-timeline .fu-tl-bar").count()) === 2, "the timeline draws two bars");
  check((await page.locator("#fu-phaseout-title ~ table").innerText()).includes("Lokal PM för depression"), "the phase-out item is listed");

  // Indicators: define one with a target, import the CSV (file) and the Kolada JSON (pasted).
  await page.goto(`${base}/knowledge-supports/${support.id}/indicators`);
  await page.fill("#n-name", "Andel med strukturerad uppföljning");
  await page.fill("#n-unit", "%");
  await page.fill("#n-target", "75");
  await page.fill("#n-source", "Kolada");
  await page.fill("#n-kpi", "N00945");
  await Promise.all([page.waitForNavigation(), page.click("#fu-new-indicator-title + form button[type=submit]")]);
  await page.setInputFiles("#i-file", join(fixtures, "followup-measurements.csv"));
  await Promise.all([page.waitForNavigation(), page.click("#fu-import-title ~ form button[type=submit]")]);
  check((await page.locator("p.notice").innerText()).includes("4"), "the CSV import stored four values");
  // A broken row: the form comes back (422) with the error naming line and column, the text kept.
  await page.fill("#i-text", "indicator,principal,period,value\nN00945,region-22,2019,sextio\n");
  const [refused] = await Promise.all([page.waitForNavigation(), page.click("#fu-import-title ~ form button[type=submit]")]);
  check(refused.status() === 422, "a broken CSV is refused with 422");
  check((await page.locator("#form-error").innerText()).includes("rad 2, kolumn 4"), "the error names line 2, column 4");
  check((await page.inputValue("#i-text")).includes("sextio"), "the pasted text is kept");
  await axe(page, "indicators page with a refused import");
  await page.fill("#i-text", "");
  await page.check("#f-kolada");
  await page.setInputFiles("#i-file", join(fixtures, "followup-kolada.json"));
  await Promise.all([page.waitForNavigation(), page.click("#fu-import-title ~ form button[type=submit]")]);
  check((await page.locator("p.notice").innerText()).includes("2"), "the Kolada import (a .json file) stored two values");

  // The charts: one canvas per principal, drawn by Chart.js with the target as a second dataset.
  const canvases = page.locator("canvas[data-ks-chart]");
  await page.waitForFunction(() => document.querySelectorAll("canvas[data-ks-chart][data-drawn]").length >= 2, null, { timeout: 10000 });
  check((await canvases.count()) === 2, "a chart per principal (Sundsvall, Region Västernorrland)");
  const info = await page.evaluate(() => {
    const c = document.querySelector("canvas[data-ks-chart]");
    const chart = c.ksChart;
    return {
      width: c.width,
      datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data, dash: d.borderDash || [] })),
    };
  });
  check(info.width > 0, "the canvas has been drawn");
  check(info.datasets.length === 2, "the chart has the series and the target line");
  check(info.datasets[1].label.startsWith("Målnivå") && info.datasets[1].data.every((v) => v === 75),
        "the target line is flat at 75");
  check(info.datasets[1].dash.length > 0, "the target line is dashed");
  check(info.datasets[0].data.includes(null), "the missing year is a gap (null), not zero");
  const table = await page.locator("table.fu-series").first().innerText();
  check(table.includes("saknas"), "the table says 'saknas' for the missing year");
  await axe(page, "indicators page");

  // The plan page again (now with the follow-up summary's trends), its XLSX, and the reports.
  await page.goto(`${base}/cases/${caseId}/plan`);
  check((await page.locator("table.fu-trends").innerText()).includes("Andel med strukturerad uppföljning"),
        "the plan's follow-up summary shows the indicator trend");
  await axe(page, "plan page");
  const x = await page.request.get(`${base}/cases/${caseId}/plan.xlsx`);
  const bytes = await x.body();
  check(x.ok() && bytes[0] === 0x50 && bytes[1] === 0x4b, "the plan downloads as XLSX (a zip)");
  await page.goto(`${base}/reports/situation?area=vn-lpo-psykisk-halsa&year=2025`);
  check((await page.locator("main").innerText()).includes("Vårdförlopp depression och ångestsyndrom (e2e)"),
        "the situation analysis lists the knowledge support");
  await axe(page, "situation analysis");
  await page.goto(`${base}/reports/overview?region=region-22`);
  check((await page.locator("table.fu-phases").innerText()).includes("Remiss"), "the overview counts the case in its phase");
  await page.goto(`${base}/reports/national`);
  check((await page.locator("table.fu-national").innerText()).includes("Remiss"), "the national view states the phase as text");
  await axe(page, "national view");
  check(consoleErrors.length === 0, "no console errors: " + consoleErrors.join("; "));
} catch (e) {
  console.error("not ok - " + e.message);
  const log = join(dir, "server.log");
  if (existsSync(log)) console.error(readFileSync(log, "utf8").split("\n").slice(-20).join("\n"));
  code = 1;
} finally {
  if (browser) await browser.close();
  if (server) server.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
