# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A file without any @T.prim_func.
import tilelang.language as T


def helper(x):
    return x + 1


print(helper(1))

# CHECK: {{.*}}no-kernel.py:1:1: error: no TileLang kernel found: expected a function decorated with @T.prim_func
# CHECK-NEXT: {{^}}# RU{{N}}: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s{{$}}
# CHECK-NEXT: {{^}}^{{$}}
