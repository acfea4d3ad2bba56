"""Edits a plan file in place: `del PATH` removes a key, `set PATH JSON` sets
a value. PATH is dotted, list indices as numbers: cores.0.args.compute.4."""
import json
import sys

path, op, where = sys.argv[1:4]
with open(path) as f:
    plan = json.load(f)
*parents, last = where.split(".")
node = plan
for key in parents:
    node = node[int(key)] if isinstance(node, list) else node[key]
key = int(last) if isinstance(node, list) else last
if op == "del":
    del node[key]
else:
    node[key] = json.loads(sys.argv[4])
with open(path, "w") as f:
    json.dump(plan, f, indent=2, sort_keys=True)
    f.write("\n")
