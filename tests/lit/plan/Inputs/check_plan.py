"""Checks a tt.plan.json (standard input) against docs/plan-schema.md: the
keys, their types and every stated relation between values (work ranges
cover the work exactly, core ids and coordinates agree, runtime-argument
values follow their names, page and CB sizes add up, ...). Prints `plan ok`
or the violations, one per line, and exits 1."""
import json
import math
import sys

errors = []


def err(msg):
    errors.append(msg)


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def pos_ints(v, n=None):
    return (isinstance(v, list) and (n is None or len(v) == n) and
            all(is_int(x) and x > 0 for x in v))


def keys(obj, where, required, optional=()):
    if not isinstance(obj, dict):
        err("%s is not an object" % where)
        return False
    for k in required:
        if k not in obj:
            err("%s has no '%s'" % (where, k))
    for k in obj:
        if k not in required and k not in optional:
            err("%s has an unknown key '%s'" % (where, k))
    return all(k in obj for k in required)


def align_up(a, b):
    return (a + b - 1) // b * b


TILE_BYTES = {"bfloat16": 2048, "float16": 2048, "float32": 4096, "int32": 4096, "uint32": 4096}
FORMAT_BYTES = {"Float16_b": 2048, "Float16": 2048, "Float32": 4096, "Int32": 4096, "UInt32": 4096}

plan = json.load(sys.stdin)
keys(plan, "the plan", ["schema_version", "generator", "kernel", "device", "kernel_grid",
                        "schedule", "runtime_args", "cores", "buffers", "circular_buffers"],
     ["compute", "images"])
if plan.get("schema_version") != 2:
    err("schema_version is not 2")
if not isinstance(plan.get("generator"), str) or not isinstance(plan.get("kernel"), str):
    err("generator and kernel must be strings")

dev = plan["device"]
keys(dev, "device", ["name", "core_grid", "l1_size", "l1_alignment", "dram_banks",
                     "dram_alignment", "dst_tiles"])
if dev["name"] not in ("wormhole_b0", "blackhole", "grayskull"):
    err("device.name %r" % dev["name"])
if not pos_ints(dev["core_grid"], 2):
    err("device.core_grid %r" % dev["core_grid"])
for k in ("l1_size", "l1_alignment", "dram_banks", "dram_alignment", "dst_tiles"):
    if not (is_int(dev[k]) and dev[k] > 0):
        err("device.%s %r is not a positive integer" % (k, dev[k]))
gx, gy = dev["core_grid"]
num_cores = gx * gy

kg = plan["kernel_grid"]
if not (pos_ints(kg) and 1 <= len(kg) <= 3):
    err("kernel_grid %r is not 1 to 3 positive integers" % kg)

sch = plan["schedule"]
mode = sch.get("partition_mode")
keys(sch, "schedule", ["policy", "order", "partition_mode", "num_tiles", "num_cores",
                       "active_cores", "core_ranges"] +
     (["shard_grid", "local_shape_tiles"] if mode == "local_shard" else []))
if sch["policy"] != "contiguous":
    err("schedule.policy %r is not 'contiguous'" % sch["policy"])
if sch["order"] != "row_major":
    err("schedule.order %r is not 'row_major'" % sch["order"])
if mode not in ("global", "local_shard"):
    err("schedule.partition_mode %r" % mode)
if sch["num_tiles"] != math.prod(kg):
    err("schedule.num_tiles %r is not the product of kernel_grid %r" % (sch["num_tiles"], kg))
if sch["num_cores"] != num_cores:
    err("schedule.num_cores %r is not %d" % (sch["num_cores"], num_cores))
cores = plan["cores"]
if sch["active_cores"] != len(cores):
    err("schedule.active_cores %r but %d cores" % (sch["active_cores"], len(cores)))
if mode == "local_shard":
    sg, ls = sch["shard_grid"], sch["local_shape_tiles"]
    if not pos_ints(sg, 2) or sg[0] > gx or sg[1] > gy:
        err("schedule.shard_grid %r does not fit the core grid" % sg)
    if not pos_ints(ls, 2):
        err("schedule.local_shape_tiles %r" % ls)

# core_ranges: inclusive rectangles covering exactly the active cores.
covered = []
for r in sch["core_ranges"]:
    if not (isinstance(r, list) and len(r) == 4 and all(is_int(v) for v in r)):
        err("core range %r" % r)
        continue
    x0, y0, x1, y1 = r
    if not (0 <= x0 <= x1 < gx and 0 <= y0 <= y1 < gy):
        err("core range %r is outside the %dx%d core grid" % (r, gx, gy))
    covered += [(x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]
if len(covered) != len(set(covered)):
    err("core ranges overlap")
active = [(c.get("x"), c.get("y")) for c in cores]
if set(covered) != set(active):
    err("core ranges %r do not cover exactly the active cores" % sch["core_ranges"])

ra = plan["runtime_args"]
keys(ra, "runtime_args", ["reader", "compute", "writer"])
for p, names in ra.items():
    if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
        err("runtime_args.%s %r" % (p, names))

bufs = plan["buffers"]
buf_names = [b.get("name") for b in bufs]

# cores
expect_start = 0
prev_id = -1
for i, c in enumerate(cores):
    where = "cores[%d]" % i
    extra = ["tile_origin", "tile_extent"] if mode == "local_shard" else []
    if not keys(c, where, ["id", "x", "y", "start", "count", "args"] + extra):
        continue
    if not (is_int(c["id"]) and 0 <= c["id"] < num_cores) or c["id"] <= prev_id:
        err("%s.id %r: not in [0, %d) or not increasing" % (where, c["id"], num_cores))
    prev_id = c["id"]
    if c["x"] != c["id"] % gx or c["y"] != c["id"] // gx:
        err("%s: id %r is not at x=%r, y=%r" % (where, c["id"], c["x"], c["y"]))
    if not (is_int(c["count"]) and c["count"] >= 1):
        err("%s.count %r: active cores have at least one work unit" % (where, c["count"]))
    if mode == "global":
        if c["start"] != expect_start:
            err("%s.start %r, expected %d" % (where, c["start"], expect_start))
        expect_start = c["start"] + c["count"]
    else:
        (ty, tx), (th, tw) = c["tile_origin"], c["tile_extent"]
        if [th, tw] != sch["local_shape_tiles"]:
            err("%s.tile_extent %r is not local_shape_tiles" % (where, c["tile_extent"]))
        if c["count"] != th * tw or c["start"] != ty * kg[0] + tx:
            err("%s: start/count %r/%r do not match its tiles" % (where, c["start"], c["count"]))
    vals = {"start_id": c["start"], "count": c["count"], "grid_x": kg[0],
            "grid_y": kg[1] if len(kg) > 1 else 1}
    if mode == "local_shard":
        vals.update(shard_x=c["x"], shard_y=c["y"], tile_y0=c["tile_origin"][0],
                    tile_x0=c["tile_origin"][1], tiles_h=c["tile_extent"][0],
                    tiles_w=c["tile_extent"][1])
    if set(c["args"]) != set(ra):
        err("%s.args programs %r" % (where, sorted(c["args"])))
        continue
    for p, names in ra.items():
        args = c["args"][p]
        if len(args) != len(names):
            err("%s.args.%s has %d values for %d names" % (where, p, len(args), len(names)))
            continue
        for n, v in zip(names, args):
            if isinstance(v, dict):
                if v != {"buffer": n[:-5]} or not n.endswith("_addr") or n[:-5] not in buf_names:
                    err("%s.args.%s: %s = %r" % (where, p, n, v))
            elif not (is_int(v) and 0 <= v < 2**32):
                err("%s.args.%s: %s = %r is not an integer in [0, 2^32)" % (where, p, n, v))
            elif n in vals and v != vals[n]:
                err("%s.args.%s: %s = %r, expected %r" % (where, p, n, v, vals[n]))
            elif n == "Kt" and v < 1:
                err("%s.args.%s: Kt = %r" % (where, p, v))
            elif n not in vals and n != "Kt":
                err("%s.args.%s: unknown argument %s" % (where, p, n))
if mode == "global" and expect_start != sch["num_tiles"]:
    err("the cores' ranges cover [0, %d), not [0, %r)" % (expect_start, sch["num_tiles"]))

# buffers
for i, b in enumerate(bufs):
    where = "buffers[%d]" % i
    sharded = b.get("layout") == "sharded"
    if not keys(b, where, ["name", "param_index", "role", "dtype", "shape", "padded_shape",
                           "needs_padding", "tiles", "memory", "layout", "page_size",
                           "num_pages", "aligned_page_size", "num_banks", "alignment"] +
                (["shard"] if sharded else [])):
        continue
    if b["param_index"] != i:
        err("%s.param_index %r" % (where, b["param_index"]))
    if b["role"] not in ("input", "output", "inout", "unused"):
        err("%s.role %r" % (where, b["role"]))
    shape = b["shape"]
    padded = list(shape)
    for d in range(max(0, len(shape) - 2), len(shape)):
        padded[d] = align_up(shape[d], 32)
    if b["padded_shape"] != padded:
        err("%s.padded_shape %r, expected %r" % (where, b["padded_shape"], padded))
    if b["needs_padding"] != (padded != shape):
        err("%s.needs_padding %r" % (where, b["needs_padding"]))
    tiles = [padded[-2] // 32 if len(padded) > 1 else 1, padded[-1] // 32]
    if b["tiles"] != tiles:
        err("%s.tiles %r, expected %r" % (where, b["tiles"], tiles))
    if b["memory"] not in ("DRAM", "L1") or b["layout"] not in ("interleaved", "sharded"):
        err("%s: memory %r, layout %r" % (where, b["memory"], b["layout"]))
    if b["page_size"] != TILE_BYTES.get(b["dtype"]):
        err("%s.page_size %r for %r" % (where, b["page_size"], b["dtype"]))
    if b["num_pages"] != math.prod(padded[:-2]) * tiles[0] * tiles[1]:
        err("%s.num_pages %r" % (where, b["num_pages"]))
    if b["aligned_page_size"] != align_up(b["page_size"], b["alignment"]):
        err("%s.aligned_page_size %r" % (where, b["aligned_page_size"]))
    if b["memory"] == "DRAM" and (b["num_banks"] != dev["dram_banks"] or
                                  b["alignment"] != dev["dram_alignment"]):
        err("%s: a DRAM buffer with %r banks, alignment %r" % (where, b["num_banks"],
                                                                b["alignment"]))
    if sharded:
        if not keys(b["shard"], where + ".shard", ["shard_grid", "shard_shape"]):
            continue
        if not pos_ints(b["shard"]["shard_grid"], 2) or not pos_ints(b["shard"]["shard_shape"], 2):
            err("%s.shard %r" % (where, b["shard"]))
    elif "shard" in b:
        err("%s: shard on an interleaved buffer" % where)
    addr = b["name"] + "_addr"
    if b["role"] in ("input", "inout") and addr not in ra["reader"]:
        err("the reader does not get %s" % addr)
    if b["role"] in ("output", "inout") and addr not in ra["writer"]:
        err("the writer does not get %s" % addr)

# circular buffers
ids = set()
total = 0
for i, cb in enumerate(plan["circular_buffers"]):
    where = "circular_buffers[%d]" % i
    if not keys(cb, where, ["id", "name", "role", "data_format", "page_size", "num_pages",
                            "tiles_per_block", "depth", "total_size"]):
        continue
    if not (is_int(cb["id"]) and 0 <= cb["id"] < 32) or cb["id"] in ids:
        err("%s.id %r is not a unique id in [0, 32)" % (where, cb["id"]))
    ids.add(cb["id"])
    if cb["role"] not in ("input", "output", "intermediate"):
        err("%s.role %r" % (where, cb["role"]))
    elif (cb["role"] == "input") != (cb["id"] < 16):
        err("%s: %s CB with id %r" % (where, cb["role"], cb["id"]))
    if cb["page_size"] != FORMAT_BYTES.get(cb["data_format"]):
        err("%s: page_size %r for %r" % (where, cb["page_size"], cb["data_format"]))
    if cb["num_pages"] != cb["depth"] * cb["tiles_per_block"]:
        err("%s.num_pages %r" % (where, cb["num_pages"]))
    if cb["total_size"] != cb["page_size"] * cb["num_pages"]:
        err("%s.total_size %r" % (where, cb["total_size"]))
    total += cb["total_size"]
if total > dev["l1_size"]:
    err("the circular buffers need %d bytes, more than l1_size" % total)

for e in errors:
    print("plan error: " + e)
print("plan ok" if not errors else "plan has %d errors" % len(errors))
sys.exit(1 if errors else 0)
