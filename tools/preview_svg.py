#!/usr/bin/env python3
"""Draws a BPMN file's DI as SVG (quick layout preview for reviewers without a modeller; dev tool).

Usage: python3 tools/preview_svg.py processes/vasternorrland.bpmn > /tmp/vn.svg
"""
import sys
import xml.etree.ElementTree as ET

NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
      "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
      "dc": "http://www.omg.org/spec/DD/20100524/DC", "di": "http://www.omg.org/spec/DD/20100524/DI",
      "bioc": "http://bpmn.io/schema/bpmn/biocolor/1.0"}


def main(path):
    root = ET.parse(path).getroot()
    elems = {e.get("id"): e for e in root.iter() if e.get("id")}
    shapes, edges = [], []
    for s in root.iter("{%s}BPMNShape" % NS["bpmndi"]):
        b = s.find("dc:Bounds", NS)
        shapes.append((s.get("bpmnElement"), float(b.get("x")), float(b.get("y")), float(b.get("width")),
                       float(b.get("height")), s.get("{%s}fill" % NS["bioc"])))
    for e in root.iter("{%s}BPMNEdge" % NS["bpmndi"]):
        edges.append([(float(w.get("x")), float(w.get("y"))) for w in e.findall("di:waypoint", NS)])
    W = max(x + w for _, x, _, w, _, _ in shapes) + 20
    H = max(y + h for _, _, y, _, h, _ in shapes) + 60
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="9">' % (W, H),
           '<rect width="100%" height="100%" fill="white"/>']
    for eid, x, y, w, h, fill in shapes:
        el = elems.get(eid)
        tag = el.tag.split("}")[1] if el is not None else "?"
        name = (el.get("name") or "") if el is not None else ""
        step = el.get("{urn:kunskapsstyrning:bpmn:1}step") if el is not None else None
        if tag in ("participant", "lane"):
            out.append('<rect x="%g" y="%g" width="%g" height="%g" fill="%s" stroke="black"/>' % (x, y, w, h, fill or "none"))
            out.append('<text x="%g" y="%g" font-size="12">%s</text>' % (x + 5, y + 15, name))
        elif tag.endswith("Event"):
            out.append('<circle cx="%g" cy="%g" r="%g" fill="white" stroke="black"/>' % (x + w / 2, y + h / 2, w / 2))
        elif tag.endswith("Gateway"):
            cx, cy = x + w / 2, y + h / 2
            out.append('<polygon points="%g,%g %g,%g %g,%g %g,%g" fill="white" stroke="black"/>' % (cx, y, x + w, cy, cx, y + h, x, cy))
            out.append('<text x="%g" y="%g">%s</text>' % (cx - 4, cy + 3, "+" if tag.startswith("parallel") else "X"))
        else:
            out.append('<rect x="%g" y="%g" width="%g" height="%g" rx="8" fill="white" stroke="black"/>' % (x, y, w, h))
            words, line, ly = name.split(), "", y + 14
            for wd in words:
                if len(line) + len(wd) > 20:
                    out.append('<text x="%g" y="%g">%s</text>' % (x + 3, ly, line)); ly += 10; line = ""
                line += wd + " "
            out.append('<text x="%g" y="%g">%s</text>' % (x + 3, ly, line))
        if step and tag not in ("participant", "lane"):
            out.append('<text x="%g" y="%g" fill="red" font-size="11">%s</text>' % (x, y - 2, step))
    for pts in edges:
        out.append('<polyline points="%s" fill="none" stroke="blue"/>' % " ".join("%g,%g" % p for p in pts))
        (x1, y1), (x2, y2) = pts[-2], pts[-1]
        out.append('<circle cx="%g" cy="%g" r="2.5" fill="blue"/>' % (x2, y2))
    out.append("</svg>")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
