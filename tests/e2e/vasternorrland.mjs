// The whole Västernorrland routine in the browser, as the demo users who hold each function:
// the coordinator registers a knowledge support with its document and starts a case; the LPO
// chair assesses it; two municipality contacts answer by hand (one of them with JavaScript off,
// after a failed validation), the other municipalities in a loop; KFVN compiles; the coordinator
// compiles every answer side by side, produces the formal consultation answer and registers the
// national decision; the LPO chair, the collaboration coordinator, Länsledningen, the
// verksamhetschefer, the LAG member and the principals' representatives take it on to the yearly
// follow-up. A second completion of a task gets the conflict message. Last, with 26 more cases
// started through the API, the coordinator's inbox comes in pages. Every page visited is
// checked with axe-core (WCAG 2.1 A and AA) and saved as a screenshot.
//   node vasternorrland.mjs KS_BINARY WORK_DIR
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fillForm, launchBrowser, makeChecker, minimalPdf, signIn, startServer } from "./lib.mjs";

const [ksBinary, workDir] = process.argv.slice(2);
if (!ksBinary || !workDir) throw new Error("usage: vasternorrland.mjs KS_BINARY WORK_DIR");
const started = Date.now();
const pathFile = new URL("../../bench/engine/vn-typical-path.json", import.meta.url);
const routine = JSON.parse(fs.readFileSync(pathFile, "utf8"));

// The principals of this run (step 14): the region and two municipalities keep steps 15, 24, 30 short.
const PRINCIPALS = ["region-22", "municipality-2260", "municipality-2262"];
const HAND_CONTACTS = ["municipality-2260", "municipality-2262"];

function userFor(step, scope, values) {
  const unit = (s) => s.replace("municipality-", "");
  switch (step) {
    case "3": case "7": return "samordnare";
    case "5":
      if (scope === "vn-kfvn") return "kfvn";
      if (scope && scope.startsWith("municipality-")) return "kontakt-" + unit(scope);
      return "lpo-ordf";
    // The forum is the steering group within Länsledningen (its demo chair: sg-ordf).
    case "13": return "forum_type" in values ? "samverkanskoordinator" : "sg-ordf";
    case "19": return "samverkanskoordinator";
    case "14": case "22": case "31": return "sg-ordf";
    case "23": case "25": return "ll-ordf";
    case "32": return "lsg-ordf"; // The path's LSG HälSam vuxna (demo).
    case "15": return scope === "region-22" ? "vc-region" : "vc-" + unit(scope);
    case "17": return "current_state" in values ? "lag-medlem-1" : "lpo-ordf";
    case "28": return "lag-medlem-1";
    case "24": case "30": return scope === "region-22" ? "ll-region-22" : "ll-" + unit(scope);
    default: return "lpo-ordf";
  }
}

function adjust(step, values) {
  const v = structuredClone(values);
  if (step === "14") v.principals = PRINCIPALS;
  return v;
}

const server = await startServer(ksBinary, workDir);
const { browser, cleanup } = await launchBrowser();
const checker = makeChecker(path.join(workDir, "screenshots"));
const { check } = checker;
let caseId = 0;

// Opens the task from the inbox, going through its pages (25 tasks a page) as a user would.
async function openTask(page, step, unitLabel) {
  await page.goto(server.url + "/inbox");
  await check(page, "inbox");
  for (;;) {
    const rows = page.locator(`tr:has(a[href="/cases/${caseId}"])`);
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      const link = rows.nth(i).locator('a[href^="/tasks/"]');
      const text = (await link.textContent()) || "";
      const rowText = (await rows.nth(i).textContent()) || "";
      if (!text.startsWith(`Steg ${step}:`)) continue;
      if (unitLabel && !rowText.includes(unitLabel)) continue;
      await Promise.all([page.waitForNavigation(), link.click()]);
      return;
    }
    const next = page.locator('nav.pager a[rel="next"]');
    if ((await next.count()) === 0) break;
    await Promise.all([page.waitForNavigation(), next.click()]);
  }
  throw new Error(`no task for step ${step} ${unitLabel || ""} in the inbox of this user (case ${caseId})`);
}

async function complete(page, values, name) {
  await fillForm(page, values);
  await check(page, name + "-filled");
  await Promise.all([page.waitForNavigation(), page.click('form.task-form button[name="complete"]')]);
  if (!new URL(page.url()).pathname.startsWith("/cases/")) {
    const summary = await page.locator(".error-summary").textContent().catch(() => "");
    throw new Error(`${name}: not completed: ${summary}`);
  }
}

const sessions = new Map();
async function as(user, options = {}) {
  const key = user + (options.javaScript === false ? ":nojs" : "") + (options.drawings ? ":drawings" : "");
  if (!sessions.has(key)) sessions.set(key, await signIn(browser, server.url, user, options));
  return sessions.get(key).page;
}

const unitNames = { "region-22": "Region Västernorrland", "vn-kfvn": "", "vn-lpo-psykisk-halsa": "" };
try {
  // 1–2: the coordinator registers the knowledge support with its document and starts the case.
  let page = await as("samordnare");
  await check(page, "home");
  await page.goto(server.url + "/knowledge-supports/new");
  await check(page, "ks-new");
  await page.fill("#ks-title", "Vårdförlopp depression och ångestsyndrom (e2e)");
  await page.selectOption("#ks-kind", "care_pathway");
  await page.selectOption("#ks-national_status", "on_consultation");
  await page.fill("#ks-consultation_from", "2026-01-10");
  await page.fill("#ks-consultation_to", "2026-03-31");
  await page.fill("#ks-summary", "Nationellt personcentrerat och sammanhållet vårdförlopp på remiss.");
  await page.setInputFiles("#ks-content", { name: "remiss.pdf", mimeType: "application/pdf", buffer: minimalPdf("remiss") });
  await Promise.all([page.waitForNavigation(), page.click("main form[method=post] button[type=submit]")]);
  assert.match(page.url(), /\/knowledge-supports\/\d+/);
  await check(page, "ks-detail");
  await page.goto(server.url + "/knowledge-supports?q=v%C3%A5rdf%C3%B6rloppen");
  assert.ok((await page.locator("text=Vårdförlopp depression och ångestsyndrom (e2e)").count()) > 0, "Swedish search finds the support");
  await check(page, "ks-search");
  await page.goto(server.url + "/knowledge-supports?q=e2e");
  await Promise.all([page.waitForNavigation(), page.click("text=Vårdförlopp depression och ångestsyndrom (e2e)")]);
  await Promise.all([page.waitForNavigation(), page.click("a.button[href^='/cases/new']")]);
  await check(page, "case-new");
  await page.selectOption("#start-routine", "vasternorrland");
  await page.selectOption("#start-region", "region-22");
  await page.selectOption("#start-lpo", "vn-lpo-psykisk-halsa");
  await Promise.all([page.waitForNavigation(), page.click("main form[method=post] button[type=submit]")]);
  caseId = Number(/\/cases\/(\d+)/.exec(page.url())[1]);
  assert.ok(caseId > 0);
  await check(page, "case-started");

  let conflictChecked = false;
  let validationChecked = false;
  for (const entry of routine.steps) {
    if (entry.message) {
      // 8–9: the national decision arrives; the coordinator registers it with its document.
      page = await as("samordnare");
      await page.goto(server.url + "/cases/" + caseId);
      await page.fill("#nd-date", entry.message.payload.national_decision_date);
      await page.fill("#nd-summary", "Beslut om införande i regionerna.");
      await page.setInputFiles("#nd-file", { name: "beslut.pdf", mimeType: "application/pdf", buffer: minimalPdf("beslut") });
      await check(page, "case-waiting-decision");
      await Promise.all([page.waitForNavigation(), page.click("section.panel button[type=submit]")]);
      continue;
    }
    if (!entry.complete) break; // The yearly follow-up timer (step 33): the browser test ends there.
    const { step, scope } = entry.complete;
    if (["15", "24", "30"].includes(step) && !PRINCIPALS.includes(scope)) continue;
    const values = adjust(step, entry.complete.values);
    const user = userFor(step, scope, values);
    const noJs = step === "5" && scope === HAND_CONTACTS[1];
    page = await as(user, noJs ? { javaScript: false } : {});
    const label = scope && scope.startsWith("municipality-") ? (await import("./units.mjs")).unitName(scope) : "";
    await openTask(page, step, label);
    await check(page, `task-${step}${noJs ? "-nojs" : ""}`);
    if (step === "16") {
      // The county's LAGs are offered as the coordinator types (a datalist; any id may be typed).
      assert.equal(await page.locator("#f-lag").getAttribute("list"), "f-lag-units");
      assert.ok(await page.locator(`datalist#f-lag-units option[value="${values.lag}"]`).count(), "the path's LAG is suggested");
    }
    if (step === "5" && scope === HAND_CONTACTS[0] && !validationChecked) {
      // Nothing filled in: 422, the error summary links to the fields, the form keeps its values.
      await page.fill('[name="answered_by"]', "MAS");
      const [resp] = await Promise.all([page.waitForNavigation(), page.click('form.task-form button[name="complete"]')]);
      assert.equal(resp.status(), 422);
      assert.ok(await page.locator(".error-summary a[href='#f-views']").count(), "summary links to the field");
      assert.equal(await page.locator("#f-views").getAttribute("aria-invalid"), "true");
      assert.equal(await page.inputValue('[name="answered_by"]'), "MAS");
      await check(page, "task-5-invalid");
      validationChecked = true;
    }
    if (noJs) {
      assert.equal(await page.locator("figure.map-figure.ready").count(), 0);
    }
    const taskUrl = page.url();
    await complete(page, values, `task-${step}`);
    await check(page, `case-after-${step}`);
    if (!conflictChecked && step === "3") {
      // The same task again with the version the page had: a clear conflict, nothing recorded twice.
      await page.goBack();
      const [resp] = await Promise.all([page.waitForNavigation(), page.click('form.task-form button[name="complete"]')]).catch(async () => {
        await page.goto(taskUrl);
        return [null];
      });
      if (resp) {
        assert.equal(resp.status(), 409);
        assert.ok(await page.locator("#conflict").count());
        await check(page, "task-conflict");
      }
      conflictChecked = true;
    }
    if (step === "7") {
      // Every answer side by side, and the formal consultation answer as an outgoing document.
      assert.ok((await page.locator(".side-by-side li").count()) >= 3);
      await Promise.all([page.waitForNavigation(), page.click("text=Ta fram formellt remissvar")]);
      const flash = await page.locator(".flash").textContent();
      assert.match(flash, /diariefört som R/);
      assert.ok(await page.locator("td", { hasText: "Utgående" }).count());
      await check(page, "case-answer-produced");
    }
    if (step === "24") {
      const n = await page.locator("text=/\\d+ av 3/").first().textContent();
      assert.ok(n);
    }
  }
  // The case now waits for the yearly follow-up (step 33); the drawing shows where it stands.
  page = await as("lpo-ordf", { drawings: true });
  await page.goto(server.url + "/cases/" + caseId);
  assert.ok(await page.locator("text=Väntar till").count(), "waits for the yearly follow-up");
  assert.ok(await page.locator("text=3 av 3").count(), "n of m decisions shown");
  await page.waitForSelector("figure.map-figure[data-drawn=true]", { timeout: 10000 });
  await check(page, "case-final");
  // Every shipped routine opens in bpmn-js (the viewer bpmn.io's modeller is built on) with its lanes.
  for (const [routine, lanes] of [["vasternorrland", ["Lane_region", "Lane_lpo", "Lane_municipalities"]],
                                  ["dalarna", ["Lane_da_ksgb", "Lane_da_lghs", "Lane_da_divisions"]],
                                  ["region-only", ["Lane_ro_lpo", "Lane_ro_management"]]]) {
    await page.goto(server.url + "/processes/" + routine);
    await page.waitForSelector("figure.map-figure[data-drawn=true]", { timeout: 10000 });
    for (const lane of lanes)
      assert.equal(await page.locator(`.djs-element[data-element-id="${lane}"]`).count(), 1, `${routine}: lane ${lane} drawn`);
    await check(page, "process-map-" + routine);
  }
  await page.goto(server.url + "/diary");
  await check(page, "diary");
  await page.goto(server.url + "/cases");
  await check(page, "cases");

  // More open tasks than a page holds (25): the coordinator's inbox in pages, with a pager that
  // links to the page before and after. The cases are started through the API with a token.
  const token = execFileSync(ksBinary, ["token", "create", "samordnare", "--label", "e2e",
                                        "--db", "sqlite:" + path.join(workDir, "e2e.db")]).toString().trim();
  const api = async (url, body) => {
    const r = await fetch(server.url + url, { method: "POST", body: JSON.stringify(body),
      headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" } });
    const text = await r.text();
    assert.equal(r.status, 201, url + ": " + text);
    return JSON.parse(text);
  };
  for (let i = 0; i < 26; i++) {
    const ks = await api("/api/v1/knowledge-supports", { title: `Stöd för sidorna ${i}`, kind: "care_pathway",
                                                        national_status: "decided", region_id: "region-22" });
    await api("/api/v1/cases", { knowledge_support_id: ks.id, routine: "vasternorrland", region_id: "region-22",
                                 lpo_id: "vn-lpo-psykisk-halsa" });
  }
  page = await as("samordnare");
  await page.goto(server.url + "/inbox");
  assert.ok(await page.locator("text=/Visar 1–25 av \\d+ öppna uppgifter/").count(), "the first page says what it shows");
  assert.equal(await page.locator("table.inbox tbody tr").count(), 25);
  await check(page, "inbox-paged");
  await Promise.all([page.waitForNavigation(), page.click('nav.pager a[rel="next"]')]);
  assert.match(page.url(), /\/inbox\?page=2$/);
  assert.ok(await page.locator('nav.pager [aria-current="page"]', { hasText: "Sida 2 av" }).count());
  assert.ok(await page.locator('nav.pager a[rel="prev"]').count(), "a link back to page 1");
  await check(page, "inbox-paged-2");
} catch (err) {
  console.error("FAILED:", err);
  process.exitCode = 1;
} finally {
  for (const s of sessions.values()) await s.context.close().catch(() => {});
  await browser.close().catch(() => {});
  cleanup();
  server.stop();
}
console.log(`pages checked: ${checker.count()}, screenshots in ${path.join(workDir, "screenshots")}, ${((Date.now() - started) / 1000).toFixed(1)} s (screenshots ${(checker.timing.shots / 1000).toFixed(1)} s, axe ${(checker.timing.axe / 1000).toFixed(1)} s)`);
if (checker.violations.length) {
  console.error("axe-core found WCAG 2.1 A/AA violations:\n" + checker.violations.join("\n"));
  process.exit(1);
}
