#!/usr/bin/env python3
"""A tiny reference walker for the shipped routines' scenario files (dev tool, not the engine).

It interprets only what the shipped routines use (docs/bpmn-subset.md semantics: tokens, user tasks
with multi-instance, exclusive/parallel gateways, timers, non-interrupting boundary timers, message
catch events, call activities, notify/compile/set/diary actions) so scenario files can be checked
before the C++ engine runs them. The C++ scenario runner is the authority.
Usage: python3 tools/simulate_scenarios.py [tests/scenarios/FILE.json ...]
"""

import calendar
import datetime as dt
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

COVERED = set()
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
KS = "{urn:kunskapsstyrning:bpmn:1}"


def load(path):
    root = ET.parse(path).getroot()
    msgs = {m.get("id"): m.get("name") for m in root.iter(B + "message")}
    procs = {}
    for p in root.iter(B + "process"):
        nodes, flows = {}, {}
        for el in p:
            tag = el.tag.replace(B, "")
            if tag in ("laneSet", "documentation"):
                continue
            if tag == "sequenceFlow":
                c = el.find(B + "conditionExpression")
                flows[el.get("id")] = (el.get("sourceRef"), el.get("targetRef"), c.text if c is not None else None)
                continue
            n = {"id": el.get("id"), "kind": tag, "ks": {k.replace(KS, ""): v for k, v in el.attrib.items() if k.startswith(KS)},
                 "default": el.get("default"), "called": el.get("calledElement"),
                 "attached": el.get("attachedToRef"), "cancel": el.get("cancelActivity") != "false"}
            mi = el.find(B + "multiInstanceLoopCharacteristics")
            if mi is not None:
                n["mi"] = {k.replace(KS, ""): v for k, v in mi.attrib.items() if k.startswith(KS)}
            t = el.find(B + "timerEventDefinition")
            if t is not None:
                child = list(t)[0]
                n["timer"] = (child.tag.replace(B, ""), child.text)
            m = el.find(B + "messageEventDefinition")
            if m is not None:
                n["message"] = msgs[m.get("messageRef")]
            nodes[n["id"]] = n
        for fid, (s, t, c) in flows.items():
            nodes[s].setdefault("out", []).append((fid, t, c))
            nodes[t].setdefault("in", []).append(fid)
        procs[p.get("id")] = nodes
    return procs


class Vars(dict):
    def __missing__(self, k):
        return None


def ev(expr, variables):
    e = expr.strip()
    if e.startswith("${"):
        e = e[2:-1]
    e = re.sub(r"\bnull\b", "None", e).replace("true", "True").replace("false", "False")
    ns = Vars(variables)
    ns["count"] = lambda x: len(x or [])
    ns["empty"] = lambda x: not x
    return eval(e, {"__builtins__": {}}, ns)


def add(t, d):
    m = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", d)
    y, mo, w, days = (int(x or 0) for x in m.groups())
    total = t.year * 12 + t.month - 1 + y * 12 + mo
    yy, mm = divmod(total, 12)
    mm += 1
    day = min(t.day, calendar.monthrange(yy, mm)[1])
    return t.replace(year=yy, month=mm, day=day) + dt.timedelta(days=w * 7 + days)


class Case:
    def __init__(self, procs, pid, variables):
        self.procs = procs
        self.vars = dict(variables)
        self.now = dt.datetime(2026, 1, 15, 9, 0)
        self.tokens = {}   # id -> {node, proc, scope}
        self.tasks = []    # {id, step, unit, token, item}
        self.timers = []   # {due, token, node, boundary}
        self.subs = []     # {message, token}
        self.joins = {}
        self.scopes = {0: None}  # scope id -> parent token id
        self.n = 0
        self.status = "running"
        start = [n for n in procs[pid].values() if n["kind"] == "startEvent"][0]
        self._spawn(pid, 0, start["id"])

    def _id(self):
        self.n += 1
        return self.n

    def _spawn(self, proc, scope, node):
        tid = self._id()
        self.tokens[tid] = {"proc": proc, "scope": scope, "node": node}
        self._run(tid)

    def _node(self, tok):
        return self.procs[tok["proc"]][tok["node"]]

    def _leave(self, tid, flows=None):
        tok = self.tokens.pop(tid)
        n = self._node(tok)
        outs = flows if flows is not None else n.get("out", [])
        for fid, tgt, _ in outs:
            COVERED.add(fid)
            nt = self._id()
            self.tokens[nt] = {"proc": tok["proc"], "scope": tok["scope"], "node": tgt, "via": fid}
            self._run(nt)

    def _run(self, tid):
        tok = self.tokens[tid]
        n = self._node(tok)
        k = n["kind"]
        if k == "startEvent":
            return self._leave(tid)
        if k == "serviceTask":
            a = n["ks"]["action"]
            if a == "set":
                self.vars[n["ks"]["variable"]] = ev(n["ks"]["value"], self.vars)
            elif a == "compile":
                self.vars[n["ks"]["into"]] = list(self.vars.get(n["ks"]["from"]) or [])
            return self._leave(tid)
        if k == "endEvent":
            self.tokens.pop(tid)
            self._scope_done(tok["scope"])
            return
        if k == "exclusiveGateway":
            for fid, tgt, c in n.get("out", []):
                if fid == n["default"]:
                    continue
                if c is None or ev(c, self.vars):
                    return self._leave(tid, [(fid, tgt, c)])
            d = [f for f in n["out"] if f[0] == n["default"]]
            assert d, "no flow from " + n["id"]
            return self._leave(tid, d)
        if k == "parallelGateway":
            if len(n.get("in", [])) > 1:
                key = (tok["scope"], n["id"])
                arrived = self.joins.setdefault(key, [])
                arrived.append(tid)
                if len(arrived) < len(n["in"]):
                    return
                for t in arrived[:-1]:
                    self.tokens.pop(t)
                del self.joins[key]
            return self._leave(tid)
        if k == "intermediateCatchEvent":
            if "timer" in n:
                self.timers.append({"due": add(self.now, n["timer"][1]), "token": tid, "node": n["id"]})
            else:
                self.subs.append({"message": n["message"], "token": tid})
            return
        if k == "userTask":
            unit_var = n["ks"]["assignee"].split("@")[1]
            if "mi" in n:
                items = self.vars.get(n["mi"]["collection"]) or []
                tok["left"] = len(items)
                if n["mi"].get("outputCollection"):
                    self.vars[n["mi"]["outputCollection"]] = []
                for it in items:
                    self.tasks.append({"id": self._id(), "step": n["ks"]["step"], "unit": it, "token": tid, "item": it})
                if not items:
                    return self._leave(tid)
            else:
                self.tasks.append({"id": self._id(), "step": n["ks"]["step"], "unit": self.vars.get(unit_var),
                                   "token": tid, "item": None})
            for b in self.procs[tok["proc"]].values():
                if b["kind"] == "boundaryEvent" and b["attached"] == n["id"]:
                    self.timers.append({"due": add(self.now, b["timer"][1]), "token": tid, "node": b["id"],
                                        "boundary": True})
            return
        if k == "callActivity":
            sid = self._id()
            self.scopes[sid] = tid
            start = [x for x in self.procs[n["called"]].values() if x["kind"] == "startEvent"][0]
            return self._spawn(n["called"], sid, start["id"])
        raise AssertionError("unsupported " + k)

    def _scope_done(self, scope):
        if any(t["scope"] == scope for t in self.tokens.values()):
            return
        parent = self.scopes[scope]
        if parent is None:
            self.status = "completed"
            return
        self._leave(parent)

    def complete(self, step, values, scope=None):
        cands = [t for t in self.tasks if t["step"] == step and (scope is None or t["unit"] == scope)]
        assert cands, "no open task %s scope %s (open: %s)" % (step, scope, self.open_steps())
        assert scope is not None or len(cands) == 1, "ambiguous step %s: %s" % (step, [c["unit"] for c in cands])
        task = cands[0]
        self.tasks.remove(task)
        tok = self.tokens[task["token"]]
        n = self._node(tok)
        if "mi" in n:
            out = n["mi"].get("outputCollection")
            if out:
                self.vars[out].append(dict({n["mi"]["elementVariable"]: task["item"]}, **values))
            tok["left"] -= 1
            if tok["left"] > 0:
                return
        else:
            self.vars.update(values)
        self.timers = [t for t in self.timers if not (t.get("boundary") and t["token"] == task["token"])]
        self._leave(task["token"])

    def message(self, name, payload):
        sub = [s for s in self.subs if s["message"] == name]
        assert sub, "not waiting for " + name
        self.subs.remove(sub[0])
        self.vars.update(payload)
        self._leave(sub[0]["token"])

    def advance(self, d):
        end = add(self.now, d)
        while True:
            due = sorted([t for t in self.timers if t["due"] <= end], key=lambda t: t["due"])
            if not due:
                break
            t = due[0]
            self.timers.remove(t)
            self.now = t["due"]
            if t.get("boundary"):
                tok = self.tokens[t["token"]]
                b = self.procs[tok["proc"]][t["node"]]
                nt = self._id()
                self.tokens[nt] = {"proc": tok["proc"], "scope": tok["scope"], "node": t["node"]}
                self._leave(nt)
            else:
                self._leave(t["token"])
        self.now = end

    def open_steps(self):
        return sorted(t["step"] for t in self.tasks)


def key(s):
    m = re.match(r"([A-Z]*)(\d+)([a-z]*)", s)
    return (m.group(1), int(m.group(2)), m.group(3))


def run(path):
    sc = json.load(open(path))
    procs = {}
    for f in sc["processes"]:
        procs.update(load(os.path.join(ROOT, "processes", f)))
    c = Case(procs, sc["start"]["process"], sc["start"]["variables"])
    for i, st in enumerate(sc["steps"]):
        try:
            if "complete" in st:
                c.complete(st["complete"]["step"], st["complete"].get("values", {}), st["complete"].get("scope"))
            elif "message" in st:
                c.message(st["message"]["name"], st["message"].get("payload", {}))
            elif "advance" in st:
                c.advance(st["advance"])
            elif "expect" in st:
                e = st["expect"]
                if "status" in e:
                    assert c.status == e["status"], "status %s != %s" % (c.status, e["status"])
                if "open_steps" in e:
                    got = sorted(c.open_steps(), key=key)
                    assert got == sorted(e["open_steps"], key=key), "open %s != %s" % (got, e["open_steps"])
                for k, v in e.get("variables", {}).items():
                    assert c.vars.get(k) == v, "%s = %r, expected %r" % (k, c.vars.get(k), v)
        except AssertionError as ex:
            print("%s: step %d %s: %s" % (os.path.basename(path), i, json.dumps(st, ensure_ascii=False)[:80], ex))
            return False
    print("%s: ok (%d steps)" % (os.path.basename(path), len(sc["steps"])))
    return True


if __name__ == "__main__":
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(ROOT, "tests/scenarios/*.json")))
    ok = all([run(f) for f in files if re.search(r"/(vn|dalarna|region-only)-[^/]*$", f)])
    if not sys.argv[1:]:
        for bp in sorted(glob.glob(os.path.join(ROOT, "processes/*.bpmn"))):
            flows = [f for n in load(bp).values() for ns in n.values() for f, _, _ in ns.get("out", [])]
            missed = [f for f in flows if f not in COVERED]
            print("%s: %d/%d flows walked%s" % (os.path.basename(bp), len(flows) - len(missed), len(flows),
                                               (", not walked: " + ", ".join(missed)) if missed else ""))
            ok = ok and not missed
    sys.exit(0 if ok else 1)
