#!/usr/bin/env python3
"""Generates the shipped routines: processes/*.bpmn, processes/forms/*.form and docs/process-map.md.

Dev tool only (python3); the generated files are committed and nothing at build or test time runs
this. Usage: python3 tools/gen_routines.py   (from anywhere; writes relative to the repository)
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import routine_vasternorrland  # noqa: E402
import routine_region_only  # noqa: E402
import routine_dalarna  # noqa: E402
import process_map  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write(path, text):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as fh:
        fh.write(text)


def main():
    routines = []
    for mod, fname in ((routine_vasternorrland, "vasternorrland.bpmn"),
                       (routine_region_only, "region-only.bpmn"),
                       (routine_dalarna, "dalarna.bpmn")):
        proc = mod.process()
        proc.check()
        forms = mod.forms()
        form_ids = {f.id for f in forms}
        for _, n in proc.steps():
            if n.kind == "userTask":
                assert n.attrs["form"] in form_ids, "missing form %s" % n.attrs["form"]
        used = {n.attrs.get("form") for n in proc.nodes.values()}
        for fid in form_ids:
            assert fid in used, "unused form " + fid
        write("processes/" + fname, proc.xml())
        for f in forms:
            write("processes/forms/%s.form" % f.id, f.json())
        routines.append((fname, proc, forms))
    write("docs/process-map.md", process_map.render(routines))


if __name__ == "__main__":
    main()
