#!/usr/bin/env python3
"""Overwrites the first instructions at the entry point of an RV32 ELF image,
to make deliberately broken kernels for the simulator's fault tests.

  patch-entry.py IMAGE.elf WORD [WORD...]     (WORDs in hex, e.g. 80000537)

Finds the loadable segment holding e_entry and writes the words there, little
endian, in place. Prints "IMAGE: N words at 0xENTRY".
"""
import struct
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    path, words = sys.argv[1], [int(w, 16) for w in sys.argv[2:]]
    with open(path, "r+b") as f:
        image = f.read()
        if image[:4] != b"\x7fELF" or image[4] != 1 or image[5] != 1:
            sys.exit(f"{path}: not a little-endian ELF32 file")
        entry, phoff = struct.unpack_from("<II", image, 24)
        phentsize, phnum = struct.unpack_from("<HH", image, 42)
        for i in range(phnum):
            (ptype, offset, vaddr, _, filesz, _, _, _) = struct.unpack_from(
                "<8I", image, phoff + i * phentsize)
            if ptype == 1 and vaddr <= entry and entry + 4 * len(words) <= vaddr + filesz:
                f.seek(offset + entry - vaddr)
                f.write(b"".join(struct.pack("<I", w) for w in words))
                print(f"{path}: {len(words)} words at {entry:#x}")
                return
    sys.exit(f"{path}: no loadable segment holds the entry point {entry:#x}")


if __name__ == "__main__":
    main()
