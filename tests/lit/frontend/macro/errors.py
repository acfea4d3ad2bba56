# RUN: not %tt-llc %s --emit=tir -D kind=0 2>&1 | FileCheck --strict-whitespace %s --check-prefix=NESTED
# RUN: not %tt-llc %s --emit=tir -D kind=1 2>&1 | FileCheck --strict-whitespace %s --check-prefix=REC
# RUN: not %tt-llc %s --emit=tir -D kind=2 2>&1 | FileCheck %s --check-prefix=LOOPRET
# RUN: not %tt-llc %s --emit=tir -D kind=3 2>&1 | FileCheck %s --check-prefix=MANY
# RUN: not %tt-llc %s --emit=tir -D kind=4 2>&1 | FileCheck %s --check-prefix=MISSING
# RUN: not %tt-llc %s --emit=tir -D kind=5 2>&1 | FileCheck %s --check-prefix=VALUE
# RUN: not %tt-llc %s --emit=tir -D kind=6 2>&1 | FileCheck %s --check-prefix=KEYWORD
# RUN: not %tt-llc %s --emit=tir -D kind=7 2>&1 | FileCheck %s --check-prefix=TWICE
# RUN: not %tt-llc %s --emit=tir -D kind=8 2>&1 | FileCheck %s --check-prefix=SCOPE
# RUN: not %tt-llc %s --emit=tir -D kind=9 2>&1 | FileCheck %s --check-prefix=FACTORY
# RUN: not %tt-llc %s --emit=tir -D kind=10 2>&1 | FileCheck %s --check-prefix=STAR
# Located errors of @T.macro: an error inside an inlined macro is reported at
# the macro's line, with a note at each call that inlined it (innermost
# first); recursion, a `return` inside a loop, argument mismatches, a macro
# used as a value or called by the factory's Python, and a macro that reads a
# name of its caller (macros see the names where they are defined, not the
# caller's) are errors at their location.
import tilelang
import tilelang.language as T


@T.macro
def bad_copy(src, dst):
    T.copy(src, dst, bogus=1)


@T.macro
def outer(src, dst):
    bad_copy(src, dst)


def err(kind=0):
    @T.macro
    def rec(buf, n):
        rec(buf, n)

    @T.macro
    def ret_in_loop(buf):
        for i in T.serial(4):
            return buf

    @T.macro
    def two(a, b=3):
        return a + b

    @T.macro
    def reads_caller():
        T.clear(S)

    @T.macro
    def star(*bufs):
        T.clear(bufs[0])

    if kind == 9:
        x = two(1)

    @T.prim_func
    def main(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 32), "float32")):
        with T.Kernel(1) as bx:
            S = T.alloc_shared((32, 32), "float32")
            if kind == 0:
                outer(A, S)
            elif kind == 1:
                rec(S, 1)
            elif kind == 2:
                ret_in_loop(S)
            elif kind == 3:
                two(1, 2, 3)
            elif kind == 4:
                two(b=1)
            elif kind == 5:
                x = rec
            elif kind == 6:
                two(1, c=2)
            elif kind == 7:
                two(1, a=2)
            elif kind == 8:
                reads_caller()
            elif kind == 10:
                star(S)

    return main


err(0)

# NESTED:      errors.py:24:22: error: unexpected keyword argument 'bogus' to T.copy
# NESTED-NEXT: {{^}}    T.copy(src, dst, bogus=1){{$}}
# NESTED-NEXT: {{^}}                     ^{{$}}
# NESTED-NEXT: errors.py:29:5: note: in macro 'bad_copy', called here
# NESTED-NEXT: {{^}}    bad_copy(src, dst){{$}}
# NESTED-NEXT: {{^}}    ^{{$}}
# NESTED-NEXT: errors.py:62:17: note: in macro 'outer', called here
# NESTED-NEXT: {{^}}                outer(A, S){{$}}

# REC:      errors.py:35:9: error: recursive call of macro 'rec': a kernel inlines what it calls, so it cannot call itself
# REC-NEXT: {{^}}        rec(buf, n){{$}}
# REC:      errors.py:64:17: note: in macro 'rec', called here

# LOOPRET:      errors.py:40:13: error: a macro can only return at the top level of its body, not inside a loop, a run-time 'if' or a T.Kernel
# LOOPRET:      errors.py:66:17: note: in macro 'ret_in_loop', called here

# MANY: errors.py:68:27: error: macro 'two' takes 2 arguments, got 3

# MISSING: errors.py:70:17: error: macro 'two' is missing argument 'a'
# MISSING-NOT: note

# VALUE: errors.py:72:21: error: 'rec' is a @T.macro, which a kernel calls; it is not a value

# KEYWORD: errors.py:74:24: error: macro 'two' has no parameter 'c'

# TWICE: errors.py:76:24: error: macro 'two' got several values for argument 'a'

# SCOPE:      errors.py:48:17: error: use of undefined name 'S'
# SCOPE-NEXT: {{^}}        T.clear(S){{$}}
# SCOPE:      errors.py:78:17: note: in macro 'reads_caller', called here

# FACTORY: errors.py:55:13: error: macro 'two' can only be called in a kernel

# STAR: errors.py:51:15: error: a function a kernel calls cannot take '*bufs': it is inlined with its arguments bound to its parameters by name
