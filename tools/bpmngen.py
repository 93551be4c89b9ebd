"""Small BPMN 2.0 writer with an automatic lane/column layout (dev tool, not needed at build time).

A routine is described as lanes, nodes placed on (lane, column, row) and flows; `Process.xml()`
returns BPMN 2.0 XML with a collaboration (one participant), lanes, the `ks:` attributes and BPMNDI
(lanes as horizontal bands, elements left to right, lane colours via bioc: and color:).
"""

from xml.sax.saxutils import escape, quoteattr

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "bioc": "http://bpmn.io/schema/bpmn/biocolor/1.0",
    "color": "http://www.omg.org/spec/BPMN/non-normative/color/1.0",
    "ks": "urn:kunskapsstyrning:bpmn:1",
}

# Lane colours of the source's process map: blue = region, green = municipality, grey = joint.
COLORS = {
    "region": ("#dbe9f7", "#1f5b99"),
    "municipality": ("#dff3e0", "#2e7d32"),
    "joint": ("#ececec", "#555555"),
}

SIZES = {
    "startEvent": (36, 36),
    "endEvent": (36, 36),
    "intermediateCatchEvent": (36, 36),
    "boundaryEvent": (36, 36),
    "exclusiveGateway": (50, 50),
    "parallelGateway": (50, 50),
    "userTask": (100, 80),
    "serviceTask": (100, 80),
    "callActivity": (100, 80),
}

COL_W = 130       # horizontal distance between columns
ROW_H = 120       # vertical distance between rows inside a lane
LANE_PAD = 20     # space above the first row
POOL_X = 100
POOL_LABEL = 30   # the pool's name band
LANE_LABEL = 30   # each lane's name band
FIRST_COL_X = POOL_X + POOL_LABEL + LANE_LABEL + 40


def q(v):
    return quoteattr(str(v))


class Node:
    def __init__(self, pid, kind, lane, col, row, name, attrs, **extra):
        self.id = pid
        self.kind = kind
        self.lane = lane
        self.col = col
        self.row = row
        self.name = name
        self.attrs = attrs
        self.extra = extra
        self.incoming = []
        self.outgoing = []
        self.w, self.h = SIZES[kind]
        self.x = self.y = 0


class Flow:
    def __init__(self, fid, src, tgt, cond, name, route):
        self.id = fid
        self.src = src
        self.tgt = tgt
        self.cond = cond
        self.name = name
        self.route = route


class Process:
    def __init__(self, pid, title, name, lanes, messages=()):
        """lanes: list of (id, name, color, rows)."""
        self.id = pid
        self.title = title
        self.name = name
        self.lanes = lanes
        self.messages = list(messages)  # (id, name)
        self.nodes = {}
        self.order = []
        self.flows = []
        self.defaults = {}
        self._loop = 0

    # -- building -------------------------------------------------------------------------------
    def add(self, kind, nid, lane, col, row=0, name="", **kw):
        attrs = {}
        extra = {}
        for k, v in kw.items():
            if v is None:
                continue
            if k in ("mi", "timer", "msgref", "called", "attached", "cancel", "terminate", "doc"):
                extra[k] = v
            else:
                attrs[k] = v
        assert nid not in self.nodes, nid
        n = Node(nid, kind, lane, col, row, name, attrs, **extra)
        self.nodes[nid] = n
        self.order.append(nid)
        return nid

    def user(self, nid, lane, col, name, step, assignee, form, row=0, deadline=None, mi=None, doc=None):
        return self.add("userTask", nid, lane, col, row, name, step=step, assignee=assignee, form=form,
                        deadline=deadline, mi=mi, doc=doc)

    def service(self, nid, lane, col, name, step, action, row=0, doc=None, **params):
        return self.add("serviceTask", nid, lane, col, row, name, step=step, action=action, doc=doc,
                        **params)

    def flow(self, src, tgt, cond=None, name="", default=False, route=None):
        fid = "Flow_%s__%s" % (src, tgt)
        n = 2
        while any(f.id == fid for f in self.flows):
            fid = "Flow_%s__%s_%d" % (src, tgt, n)
            n += 1
        self.flows.append(Flow(fid, src, tgt, cond, name, route))
        self.nodes[src].outgoing.append(fid)
        self.nodes[tgt].incoming.append(fid)
        if default:
            self.defaults[src] = fid
        return fid

    def chain(self, *ids):
        for a, b in zip(ids, ids[1:]):
            self.flow(a, b)

    # -- layout ---------------------------------------------------------------------------------
    def _layout(self):
        self.lane_y = {}
        y = 80
        for lid, _, _, rows in self.lanes:
            h = LANE_PAD * 2 + rows * ROW_H
            self.lane_y[lid] = (y, h)
            y += h
        self.pool_h = y - 80
        max_col = max(n.col for n in self.nodes.values())
        self.pool_w = (FIRST_COL_X - POOL_X) + (max_col + 1) * COL_W + 60
        for n in self.nodes.values():
            if n.kind == "boundaryEvent":
                continue
            ly, _ = self.lane_y[n.lane]
            cx = FIRST_COL_X + n.col * COL_W + 50
            cy = ly + LANE_PAD + n.row * ROW_H + 40 + 10
            n.x = cx - n.w // 2
            n.y = cy - n.h // 2
        for n in self.nodes.values():
            if n.kind == "boundaryEvent":
                host = self.nodes[n.extra["attached"]]
                n.x = host.x + host.w - 30
                n.y = host.y + host.h - 18

    @staticmethod
    def _c(n):
        return n.x + n.w // 2, n.y + n.h // 2

    def _waypoints(self, f):
        s, t = self.nodes[f.src], self.nodes[f.tgt]
        sx, sy = self._c(s)
        tx, ty = self._c(t)
        s_gw = s.kind.endswith("Gateway")
        t_gw = t.kind.endswith("Gateway")
        if s.kind == "boundaryEvent":
            return [(sx, s.y + s.h), (sx, ty), (t.x, ty)]
        backward = t.col <= s.col and f.src != f.tgt
        if backward:
            self._loop += 1
            track = s.y + s.h + 18 + 6 * (self._loop % 3)
            if s_gw:
                track = max(track, s.y + s.h + 30)
            pts = [(sx, s.y + s.h), (sx, track), (tx, track)]
            if t.y + t.h <= track:
                pts.append((tx, t.y + t.h))
            else:
                pts.append((tx, t.y))
            return pts
        if sy == ty:
            return [(s.x + s.w, sy), (t.x, ty)]
        if s_gw:
            start = (sx, s.y + s.h) if ty > sy else (sx, s.y)
            return [start, (sx, ty), (t.x, ty)]
        if t_gw:
            end = (tx, t.y + t.h) if sy > ty else (tx, t.y)
            return [(s.x + s.w, sy), (tx, sy), end]
        mx = t.x - 15 if t.kind not in ("startEvent", "endEvent", "intermediateCatchEvent") else t.x - 47
        return [(s.x + s.w, sy), (mx, sy), (mx, ty), (t.x, ty)]

    # -- XML ------------------------------------------------------------------------------------
    def _ks(self, attrs):
        out = ""
        for k, v in attrs.items():
            out += " ks:%s=%s" % (k.replace("_", "-") if k in () else k, q(v))
        return out

    def _node_xml(self, n, ind):
        p = ind
        a = ' id=%s' % q(n.id)
        if n.name:
            a += ' name=%s' % q(n.name)
        if n.kind == "exclusiveGateway" and n.id in self.defaults:
            a += ' default=%s' % q(self.defaults[n.id])
        if n.kind == "callActivity":
            a += ' calledElement=%s' % q(n.extra["called"])
        if n.kind == "boundaryEvent":
            a += ' attachedToRef=%s cancelActivity=%s' % (
                q(n.extra["attached"]), q("true" if n.extra.get("cancel") else "false"))
        a += self._ks(n.attrs)
        body = []
        if "doc" in n.extra:
            body.append('%s  <bpmn:documentation>%s</bpmn:documentation>' % (p, escape(n.extra["doc"])))
        for fid in n.incoming:
            body.append('%s  <bpmn:incoming>%s</bpmn:incoming>' % (p, fid))
        for fid in n.outgoing:
            body.append('%s  <bpmn:outgoing>%s</bpmn:outgoing>' % (p, fid))
        mi = n.extra.get("mi")
        if mi:
            ma = ' ks:collection=%s ks:elementVariable=%s' % (q(mi["collection"]), q(mi["element"]))
            if mi.get("output"):
                ma += ' ks:outputCollection=%s' % q(mi["output"])
            if mi.get("completion"):
                body.append('%s  <bpmn:multiInstanceLoopCharacteristics%s>' % (p, ma))
                body.append('%s    <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">%s'
                            '</bpmn:completionCondition>' % (p, escape(mi["completion"])))
                body.append('%s  </bpmn:multiInstanceLoopCharacteristics>' % p)
            else:
                body.append('%s  <bpmn:multiInstanceLoopCharacteristics%s />' % (p, ma))
        timer = n.extra.get("timer")
        if timer:
            kind, val = timer
            body.append('%s  <bpmn:timerEventDefinition id=%s>' % (p, q("TimerDef_" + n.id)))
            body.append('%s    <bpmn:%s xsi:type="bpmn:tFormalExpression">%s</bpmn:%s>' % (
                p, kind, escape(val), kind))
            body.append('%s  </bpmn:timerEventDefinition>' % p)
        if n.extra.get("msgref"):
            body.append('%s  <bpmn:messageEventDefinition id=%s messageRef=%s />' % (
                p, q("MessageDef_" + n.id), q(n.extra["msgref"])))
        if n.extra.get("terminate"):
            body.append('%s  <bpmn:terminateEventDefinition id=%s />' % (p, q("TerminateDef_" + n.id)))
        if body:
            return ['%s<bpmn:%s%s>' % (p, n.kind, a)] + body + ['%s</bpmn:%s>' % (p, n.kind)]
        return ['%s<bpmn:%s%s />' % (p, n.kind, a)]

    def xml(self):
        self._layout()
        L = ['<?xml version="1.0" encoding="UTF-8"?>']
        nsdecl = " ".join('xmlns:%s="%s"' % (k, v) for k, v in NS.items())
        L.append('<bpmn:definitions %s id="Definitions_%s" targetNamespace="urn:kunskapsstyrning:processes" '
                 'exporter="KS tools/gen_routines.py" exporterVersion="1">' % (nsdecl, self.id.replace("-", "_")))
        for mid, mname in self.messages:
            L.append('  <bpmn:message id=%s name=%s />' % (q(mid), q(mname)))
        L.append('  <bpmn:collaboration id="Collaboration_%s">' % self.id.replace("-", "_"))
        L.append('    <bpmn:participant id="Participant_%s" name=%s processRef=%s />' % (
            self.id.replace("-", "_"), q(self.name), q(self.id)))
        L.append('  </bpmn:collaboration>')
        L.append('  <bpmn:process id=%s name=%s isExecutable="true" ks:title=%s>' % (
            q(self.id), q(self.name), q(self.title)))
        L.append('    <bpmn:laneSet id="LaneSet_%s">' % self.id.replace("-", "_"))
        for lid, lname, color, _ in self.lanes:
            L.append('      <bpmn:lane id=%s name=%s ks:color=%s>' % (q(lid), q(lname), q(color)))
            for nid in self.order:
                if self.nodes[nid].lane == lid or (self.nodes[nid].kind == "boundaryEvent" and
                                                   self.nodes[self.nodes[nid].extra["attached"]].lane == lid):
                    L.append('        <bpmn:flowNodeRef>%s</bpmn:flowNodeRef>' % nid)
            L.append('      </bpmn:lane>')
        L.append('    </bpmn:laneSet>')
        for nid in self.order:
            L.extend(self._node_xml(self.nodes[nid], "    "))
        for f in self.flows:
            a = ' id=%s' % q(f.id)
            if f.name:
                a += ' name=%s' % q(f.name)
            a += ' sourceRef=%s targetRef=%s' % (q(f.src), q(f.tgt))
            if f.cond:
                L.append('    <bpmn:sequenceFlow%s>' % a)
                L.append('      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">%s'
                         '</bpmn:conditionExpression>' % escape(f.cond))
                L.append('    </bpmn:sequenceFlow>')
            else:
                L.append('    <bpmn:sequenceFlow%s />' % a)
        L.append('  </bpmn:process>')
        # DI
        L.append('  <bpmndi:BPMNDiagram id="Diagram_%s">' % self.id.replace("-", "_"))
        L.append('    <bpmndi:BPMNPlane id="Plane_%s" bpmnElement="Collaboration_%s">' % (
            self.id.replace("-", "_"), self.id.replace("-", "_")))
        L.append('      <bpmndi:BPMNShape id="Participant_%s_di" bpmnElement="Participant_%s" isHorizontal="true">' % (
            self.id.replace("-", "_"), self.id.replace("-", "_")))
        L.append('        <dc:Bounds x="%d" y="80" width="%d" height="%d" />' % (POOL_X, self.pool_w, self.pool_h))
        L.append('      </bpmndi:BPMNShape>')
        for lid, _, color, _ in self.lanes:
            fill, stroke = COLORS[color]
            ly, lh = self.lane_y[lid]
            L.append('      <bpmndi:BPMNShape id="%s_di" bpmnElement="%s" isHorizontal="true" '
                     'bioc:fill="%s" bioc:stroke="%s" color:background-color="%s" color:border-color="%s">' % (
                         lid, lid, fill, stroke, fill, stroke))
            L.append('        <dc:Bounds x="%d" y="%d" width="%d" height="%d" />' % (
                POOL_X + POOL_LABEL, ly, self.pool_w - POOL_LABEL, lh))
            L.append('      </bpmndi:BPMNShape>')
        for nid in self.order:
            n = self.nodes[nid]
            extra = ""
            if n.kind == "exclusiveGateway":
                extra = ' isMarkerVisible="true"'
            if n.kind in ("userTask", "serviceTask", "callActivity"):
                fill, stroke = COLORS[[l[2] for l in self.lanes if l[0] == n.lane][0]]
                extra += ' bioc:stroke="%s" color:border-color="%s"' % (stroke, stroke)
            L.append('      <bpmndi:BPMNShape id="%s_di" bpmnElement="%s"%s>' % (nid, nid, extra))
            L.append('        <dc:Bounds x="%d" y="%d" width="%d" height="%d" />' % (n.x, n.y, n.w, n.h))
            if n.name and n.kind.endswith(("Event", "Gateway")):
                lx = n.x + n.w // 2 - 50
                ly = n.y + n.h + 4
                L.append('        <bpmndi:BPMNLabel>')
                L.append('          <dc:Bounds x="%d" y="%d" width="100" height="40" />' % (lx, ly))
                L.append('        </bpmndi:BPMNLabel>')
            L.append('      </bpmndi:BPMNShape>')
        for f in self.flows:
            L.append('      <bpmndi:BPMNEdge id="%s_di" bpmnElement="%s">' % (f.id, f.id))
            for x, y in self._waypoints(f):
                L.append('        <di:waypoint x="%d" y="%d" />' % (x, y))
            L.append('      </bpmndi:BPMNEdge>')
        L.append('    </bpmndi:BPMNPlane>')
        L.append('  </bpmndi:BPMNDiagram>')
        L.append('</bpmn:definitions>')
        return "\n".join(L) + "\n"

    # -- checks and documentation ---------------------------------------------------------------
    def check(self):
        occupied = {}
        for n in self.nodes.values():
            if n.kind == "boundaryEvent":
                continue
            key = (n.lane, n.col, n.row)
            assert key not in occupied, "overlap %s and %s at %s" % (n.id, occupied[key], key)
            occupied[key] = n.id
            assert n.row < [l[3] for l in self.lanes if l[0] == n.lane][0], n.id
        for n in self.nodes.values():
            if n.kind not in ("startEvent",) and n.kind != "boundaryEvent":
                assert n.incoming, "no incoming: " + n.id
            if n.kind != "endEvent":
                assert n.outgoing, "no outgoing: " + n.id

    def steps(self):
        """[(step, node)] in document order, for the process map."""
        out = []
        for nid in self.order:
            n = self.nodes[nid]
            if "step" in n.attrs:
                out.append((n.attrs["step"], n))
        return out

    def lane_name(self, lid):
        return [l[1] for l in self.lanes if l[0] == lid][0]

    def lane_color(self, lid):
        return [l[2] for l in self.lanes if l[0] == lid][0]
