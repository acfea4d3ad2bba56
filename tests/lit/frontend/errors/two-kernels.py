# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# RUN: %tt-llc --emit=tir %s --passes=verify --kernel=second | FileCheck %s --check-prefix=SECOND
# RUN: %tt-llc --emit=tir %s --passes=verify --kernel=first | FileCheck %s --check-prefix=FIRST
# RUN: not %tt-llc --emit=tir %s --kernel=third 2>&1 | FileCheck --strict-whitespace %s --check-prefix=NONE
# Two kernels: an error without --kernel, --kernel picks one, an unknown --kernel.
import tilelang.language as T


@T.prim_func
def first(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        T.clear(A)


@T.prim_func
def second(B: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        T.fill(B, 1)

# CHECK: {{.*}}two-kernels.py:16:5: error: this file defines several kernels (first, second); choose one with --kernel
# CHECK-NEXT: {{^}}def second(B: T.Tensor((32, 32), "float32")):{{$}}
# CHECK-NEXT: {{^}}    ^{{$}}

# SECOND:      @T.prim_func
# SECOND-NEXT: def second(
# SECOND-NEXT:     B: T.Tensor((32, 32), "float32"),
# SECOND-NEXT: ):
# SECOND-NEXT:     with T.Kernel(1) as bx:
# SECOND-NEXT:         T.fill(B, 1)
# SECOND-NOT:  def first

# FIRST:      @T.prim_func
# FIRST-NEXT: def first(
# FIRST-NEXT:     A: T.Tensor((64, 64), "bfloat16"),
# FIRST-NEXT: ):
# FIRST-NEXT:     with T.Kernel(2) as bx:
# FIRST-NEXT:         T.clear(A)
# FIRST-NOT:  def second

# NONE: {{.*}}two-kernels.py:1:1: error: no kernel named 'third' in this file (kernels: {{.*}})
