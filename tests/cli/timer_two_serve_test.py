#!/usr/bin/env python3
"""The yearly follow-up with two `ks serve` processes on one PostgreSQL (issue 7's "done when").

Two real servers share a throw-away database and a clock read from a file (KS_CLOCK_FILE). A case
on the region-only routine is taken through the API (R1–R4) to its yearly follow-up timer (R5); the clock
file is moved past the timer's date; both servers' timer workers race for it (every 50 ms); the
LPO's follow-up task must appear once, with one history event, and stay one when time moves on.

Usage: timer_two_serve_test.py KS_BINARY PG_SOCKET_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

ks, sock = sys.argv[1], sys.argv[2]
tmp = tempfile.mkdtemp(prefix="ks-timer-")
dbname = f"ks_timer_two_{os.getpid()}"
url = f"postgresql://postgres@/{dbname}?host={sock}"
clock_file = os.path.join(tmp, "now")
failures = []
servers = []


def check(cond, message):
    print(("ok: " if cond else "FAIL: ") + message, flush=True)
    if not cond:
        failures.append(message)
    return cond


def psql(sql):
    out = subprocess.run(["psql", "-h", sock, "-U", "postgres", "-d", dbname, "-qtAc", sql],
                         check=True, capture_output=True, text=True).stdout
    return out.strip()


def set_clock(ms):
    with open(clock_file + ".new", "w") as f:
        f.write(str(ms) + "\n")
    os.replace(clock_file + ".new", clock_file)  # Atomic: a reader never sees half a number.


def serve(name):
    env = dict(os.environ, KS_CLOCK_FILE=clock_file, KS_TIMER_INTERVAL_MS="50", KS_DEMO_CASES="0")
    log = open(os.path.join(tmp, name + ".log"), "w")
    p = subprocess.Popen([ks, "serve", "--demo", "--db", url, "--host", "127.0.0.1", "--port", "0"],
                         stdout=subprocess.PIPE, stderr=log, env=env, text=True)
    servers.append(p)
    deadline = time.time() + 120
    while time.time() < deadline:
        line = p.stdout.readline()
        m = re.search(r"running at (http://\S+)", line or "")
        if m:
            return m.group(1)
        if not line and p.poll() is not None:
            break
    raise SystemExit(f"{name} did not start: see {log.name}")


def api(base, token, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={
        "Authorization": "Bearer " + token, "Accept": "application/json", "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")


def token(user):
    out = subprocess.run([ks, "token", "create", user, "--label", "timer-test", "--db", url],
                         check=True, capture_output=True, text=True).stdout
    return out.strip()


def complete_step(base, case_id, step, who, values):
    case = api(base, who, "GET", f"/api/v1/cases/{case_id}")
    for t in case["current_steps"]:
        if t["step"] == step:
            api(base, who, "POST", f"/api/v1/tasks/{t['id']}/complete", {"values": values, "version": t["version"]})
            return
    raise SystemExit(f"no open task for step {step}: {case['current_steps']}")


try:
    subprocess.run(["createdb", "-h", sock, "-U", "postgres", dbname], check=True)
    start = int(time.time() * 1000)
    set_clock(start)
    a = serve("serve-a")  # Migrates and loads the structure and demo people...
    b = serve("serve-b")  # ...which the second finds done.
    check(a != b, f"two servers on one database: {a} and {b}")

    coordinator, chair, director, head = token("samordnare"), token("lpo-ordf"), token("omradesdirektor"), token("vc-region")
    ks_id = api(a, coordinator, "POST", "/api/v1/knowledge-supports",
                {"title": "Vårdförlopp KOL (två servrar)", "kind": "care_pathway", "national_status": "published"})["id"]
    case_id = api(b, coordinator, "POST", "/api/v1/cases", {"knowledge_support_id": ks_id, "routine": "region-only",
                                                           "region_id": "region-22", "lpo_id": "vn-lpo-psykisk-halsa"})["id"]
    complete_step(a, case_id, "R1", chair, {"ro_assessment": "proceed", "ro_proposal": "Införs"})
    complete_step(b, case_id, "R2", director, {"ro_decision": "fully", "ro_decided_by": "Områdesdirektör",
                                              "ro_decision_date": "2026-01-02"})
    complete_step(a, case_id, "R3", chair, {"ro_communication": "Intranät"})
    complete_step(b, case_id, "R4", head, {"ro_implementation_report": "Klart"})
    due = psql(f"SELECT due FROM timers WHERE case_id = {case_id} AND element = 'ro_wait_followup'")
    check(due.isdigit() and int(due) > start + 300 * 86400000, f"the yearly follow-up timer is set about a year ahead ({due})")
    due = int(due or "0")

    def followup_tasks():
        return int(psql(f"SELECT COUNT(*) FROM tasks WHERE case_id = {case_id} AND element = 'ro_followup'"))

    # A second before its date: several rounds of both workers, nothing.
    set_clock(due - 1000)
    time.sleep(0.5)
    check(followup_tasks() == 0, "nothing before the timer's date")

    # On its date both workers race; the task appears once.
    set_clock(due)
    deadline = time.time() + 20
    while followup_tasks() == 0 and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # Ten more rounds of each worker.
    check(followup_tasks() == 1, f"the follow-up task appeared once (tasks: {followup_tasks()})")
    # A history row holds an operation's events, a line each: kind, element, step, data (migration 0073).
    fired = int(psql(f"SELECT COUNT(*) FROM case_history, regexp_split_to_table(events, E'\\n') AS line "
                     f"WHERE case_id = {case_id} AND split_part(line, E'\\t', 1) = 'timer_fired' "
                     f"AND split_part(line, E'\\t', 2) = 'ro_wait_followup'"))
    check(fired == 1, f"one timer event in the case's history ({fired})")
    check(psql(f"SELECT COUNT(*) FROM timers WHERE case_id = {case_id} AND element = 'ro_wait_followup'") == "0",
          "the timer is gone once fired")
    logs = "".join(open(os.path.join(tmp, n + ".log")).read() for n in ("serve-a", "serve-b"))
    check(logs.count('"msg":"timers fired"') >= 1, "a server's worker logged the firing")

    # An hour later: still one.
    set_clock(due + 3600 * 1000)
    time.sleep(0.5)
    check(followup_tasks() == 1, "still one task an hour later")
finally:
    for p in servers:
        p.terminate()
    for p in servers:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
    subprocess.run(["dropdb", "-h", sock, "-U", "postgres", "--if-exists", dbname], capture_output=True)

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
