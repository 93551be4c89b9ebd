"""Helpers that build Camunda Forms JSON (schemaVersion 16) for the shipped routines (dev tool)."""

import json


class FormBuilder:
    def __init__(self, fid, title):
        self.id = fid
        self.title = title
        self.components = [{"type": "text", "id": "Text_title", "text": "## " + title}]
        self._n = 0

    def _id(self, prefix, key):
        self._n += 1
        return "%s_%s" % (prefix, key) if key else "%s_%d" % (prefix, self._n)

    @staticmethod
    def _field(kind, key, label, required, description, fid):
        c = {"type": kind, "id": fid, "key": key, "label": label}
        if description:
            c["description"] = description
        if required:
            c["validate"] = {"required": True}
        return c

    def text(self, text):
        self.components.append({"type": "text", "id": self._id("Text", None), "text": text})
        return self

    def textfield(self, key, label, required=False, description=None, into=None):
        (into if into is not None else self.components).append(
            self._field("textfield", key, label, required, description, "Field_" + key))
        return self

    def textarea(self, key, label, required=False, description=None, into=None):
        (into if into is not None else self.components).append(
            self._field("textarea", key, label, required, description, "Field_" + key))
        return self

    def number(self, key, label, required=False, description=None, minimum=None, into=None):
        c = self._field("number", key, label, required, description, "Field_" + key)
        if minimum is not None:
            c.setdefault("validate", {})["min"] = minimum
        (into if into is not None else self.components).append(c)
        return self

    def date(self, key, label, required=False, description=None, into=None):
        c = self._field("datetime", key, label, required, description, "Field_" + key)
        c["subtype"] = "date"
        c["dateLabel"] = label
        (into if into is not None else self.components).append(c)
        return self

    def _choice(self, kind, key, label, values, required, description, values_key, into):
        c = self._field(kind, key, label, required, description, "Field_" + key)
        if values_key:
            c["valuesKey"] = values_key
        else:
            c["values"] = [{"label": l, "value": v} for v, l in values]
        (into if into is not None else self.components).append(c)
        return self

    def select(self, key, label, values=None, required=False, description=None, values_key=None, into=None):
        return self._choice("select", key, label, values, required, description, values_key, into)

    def radio(self, key, label, values, required=True, description=None, into=None):
        return self._choice("radio", key, label, values, required, description, None, into)

    def checklist(self, key, label, values=None, required=False, description=None, values_key=None,
                  into=None):
        return self._choice("checklist", key, label, values, required, description, values_key, into)

    def checkbox(self, key, label, description=None, into=None):
        (into if into is not None else self.components).append(
            self._field("checkbox", key, label, False, description, "Field_" + key))
        return self

    def dynamiclist(self, path, label, build, description=None):
        """build(children_list) appends the row's fields with into=children_list."""
        children = []
        build(children)
        c = {"type": "dynamiclist", "id": "List_" + path, "path": path, "label": label,
             "isRepeating": True, "allowAddRemove": True, "defaultRepetitions": 1,
             "components": children}
        if description:
            c["description"] = description
        self.components.append(c)
        return self

    def json(self):
        return json.dumps({
            "schemaVersion": 16,
            "exporter": {"name": "Camunda Modeler", "version": "5.x"},
            "type": "default",
            "id": self.id,
            "components": self.components,
        }, ensure_ascii=False, indent=2) + "\n"


def fields_of(form):
    """(key or path, type, required) of every input component, for the process map."""
    out = []
    for c in form.components:
        if c["type"] == "text":
            continue
        if c["type"] == "dynamiclist":
            subs = ", ".join(s["key"] for s in c["components"])
            out.append(("%s[] (%s)" % (c["path"], subs), "dynamiclist", False))
        else:
            out.append((c["key"], c["type"], c.get("validate", {}).get("required", False)))
    return out
