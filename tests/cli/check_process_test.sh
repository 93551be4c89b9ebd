#!/bin/bash
# ks check-process FILE...: exit 0 for the shipped routines, 2 with every error for broken files.
set -u
KS="$1"
SRC="$2"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

out=$("$KS" check-process "$SRC"/processes/*.bpmn 2>&1); rc=$?
[ $rc -eq 0 ] || fail "shipped routines: exit $rc: $out"
for name in vasternorrland dalarna region-only; do
  grep -q "$name.bpmn: ok" <<<"$out" || fail "no ok line for $name: $out"
done

echo 'not xml at all' > "$TMP/garbage.bpmn"
cat > "$TMP/doctype.bpmn" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE definitions [<!ENTITY x "y">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"/></definitions>
XML
cat > "$TMP/dangling.bpmn" <<'XML'
<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <process id="p" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="nowhere"/>
    <complexGateway id="odd"/>
  </process>
</definitions>
XML
out=$("$KS" check-process --forms "$SRC/processes/forms" "$TMP/garbage.bpmn" "$TMP/doctype.bpmn" "$TMP/dangling.bpmn" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "broken files: exit $rc, expected 2: $out"
for f in garbage doctype dangling; do
  grep -q "$f.bpmn:[0-9]" <<<"$out" || fail "no error with a line for $f: $out"
done
grep -q "f1\|nowhere" <<<"$out" || fail "the dangling flow is not named: $out"
grep -q "odd" <<<"$out" || fail "the unknown element is not named: $out"

"$KS" check-process "$TMP/missing.bpmn" >/dev/null 2>&1; rc=$?
[ $rc -ne 0 ] || fail "a missing file passed"

[ $failures -eq 0 ] && echo "check-process: all passed"
exit $failures
