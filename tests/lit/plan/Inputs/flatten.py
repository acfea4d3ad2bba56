"""Prints a tt.plan.json (standard input) one value per line, `path = value`,
object keys sorted, so that FileCheck tests of plan values do not depend on
the key order or the line breaking of the writer (tests/lit/plan/format.test
checks those). Arrays of objects (cores, buffers, circular_buffers) are
walked; other arrays and small objects are printed as JSON on one line:
    cores[0].args.reader = [{"buffer": "A"}, {"buffer": "B"}, 0, 1, 8, 8, 8]
"""
import json
import sys


def leaf(v):
    return json.dumps(v, separators=(", ", ": "), sort_keys=True)


def walk(path, v):
    if isinstance(v, dict):
        for k in sorted(v):
            walk(path + "." + k if path else k, v[k])
    elif isinstance(v, list) and v and all(
            isinstance(e, dict) and any(isinstance(x, (dict, list)) for x in e.values()) or
            isinstance(e, dict) and len(e) > 2 for e in v):
        for i, e in enumerate(v):
            walk("%s[%d]" % (path, i), e)
        print("%s.size = %d" % (path, len(v)))
    else:
        print("%s = %s" % (path, leaf(v)))


walk("", json.load(sys.stdin))
