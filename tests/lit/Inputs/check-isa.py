#!/usr/bin/env python3
"""Checks that every instruction of RV32 objects belongs to the allowed RISC-V
extensions.

  check-isa.py --ext=i,m[,zba,zbb,zaamo] x.o y.o ...   (runs llvm-objdump -d -M no-aliases)
  llvm-objdump -d -M no-aliases x.o | check-isa.py --ext=i,m

Prints "ok: NAME: N instructions (ext)" per input and exits 0, or lists each
instruction outside the extensions (compressed `c.*` instructions are never
allowed: their encoding space is the custom .ttinsn on Tensix) and exits 1.
"""
import argparse
import os
import re
import subprocess
import sys

EXTENSIONS = {
    "i": """lui auipc jal jalr beq bne blt bge bltu bgeu lb lh lw lbu lhu sb sh sw
            addi slti sltiu xori ori andi slli srli srai add sub sll slt sltu xor srl
            sra or and fence fence.tso ecall ebreak unimp""",
    "m": "mul mulh mulhsu mulhu div divu rem remu",
    "zba": "sh1add sh2add sh3add",
    "zbb": """andn orn xnor clz ctz cpop max maxu min minu sext.b sext.h zext.h rol ror
              rori orc.b rev8""",
    "zaamo": """amoswap.w amoadd.w amoxor.w amoand.w amoor.w amomin.w amomax.w amominu.w
                amomaxu.w""",
}

# "   4: 00000513     addi a0, zero, 0x0", "   6: 4501   c.li a0, 0x0" or, with
# --no-show-raw-insn, "   4:   addi a0, zero, 0x0".
INSN = re.compile(r"^\s*[0-9a-f]+:\s+(?:(?:[0-9a-f]{8}|[0-9a-f]{4})\s+)?([a-z][a-z0-9.]*)\s")


def check(name, lines, ext, allowed):
    count, bad = 0, []
    for line in lines:
        m = INSN.match(line)
        if not m:
            continue
        count += 1
        base = re.sub(r"\.(aq|rl|aqrl)$", "", m.group(1))
        if base not in allowed:
            bad.append(line.rstrip())
    if count == 0:
        print(f"check-isa: {name}: no instructions found")
        return False
    if bad:
        print(f"check-isa: {name}: {len(bad)} instruction(s) outside rv32 {ext}:")
        print("\n".join(bad))
        return False
    print(f"ok: {name}: {count} instructions ({ext})")
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ext", required=True, help="comma-separated extensions, e.g. i,m")
    parser.add_argument("objects", nargs="*", help="object files (default: objdump text on stdin)")
    args = parser.parse_args()
    allowed = set()
    for ext in args.ext.split(","):
        if ext not in EXTENSIONS:
            sys.exit(f"check-isa: unknown extension '{ext}'")
        allowed.update(EXTENSIONS[ext].split())
    ok = True
    if not args.objects:
        ok = check("<stdin>", sys.stdin, args.ext, allowed)
    for obj in args.objects:
        out = subprocess.run(["llvm-objdump", "-d", "-M", "no-aliases", obj], check=True,
                             capture_output=True, text=True).stdout
        ok = check(os.path.basename(obj), out.splitlines(), args.ext, allowed) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
