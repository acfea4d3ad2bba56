"""Checks that every object of a tt.plan.json (standard input) has its keys
sorted, as docs/plan-schema.md says the writer emits them. Prints
`key order ok` or the objects out of order."""
import json
import sys

bad = []


def walk(path, v):
    if isinstance(v, list):
        for e in v:
            walk(path + "[]", e)
    elif isinstance(v, tuple):
        keys = [k for k, _ in v]
        if keys != sorted(keys):
            bad.append("%s: %s" % (path or "the plan", keys))
        for k, e in v:
            walk(path + "." + k if path else k, e)


walk("", json.load(sys.stdin, object_pairs_hook=tuple))
for b in bad:
    print("out of order: " + b)
print("key order ok" if not bad else "keys out of order")
sys.exit(1 if bad else 0)
