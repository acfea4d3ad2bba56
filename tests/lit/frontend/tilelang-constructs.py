# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: not %tt-llc %s --emit=tir -D use=barrier 2>&1 | FileCheck --strict-whitespace %s --check-prefix=BARRIER
# RUN: not %tt-llc %s --emit=tir -D use=binding 2>&1 | FileCheck %s --check-prefix=BINDING
# RUN: not %tt-llc %s --emit=tir -D use=unknown 2>&1 | FileCheck %s --check-prefix=UNKNOWN
# RUN: not %tt-llc %s --emit=tir -D dtype=float8_e4m3fn 2>&1 | FileCheck %s --check-prefix=FP8
# RUN: not %tt-llc %s --emit=tir -D use=view 2>&1 | FileCheck %s --check-prefix=VIEW
# T.infinity(dtype) is +inf of the dtype (here a buffer's, m.dtype) and T.exp2(x)
# is T.exp(x * ln 2).
# TileLang's constructs the lowering does not take yet (T.alloc_barrier,
# T.get_thread_binding, ...) stop at their location with a message naming
# them, apart from names that are not TileLang's; so do fp8 dtypes and
# T.Tensor in a kernel's body (a view of another buffer's data).
import tilelang
import tilelang.language as T


@tilelang.jit
def scaled_exp(A, block=32, dtype=T.float32, use="none"):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), dtype)
    B = T.empty((M, N), dtype)
    with T.Kernel(M // block, threads=128) as bx:
        m = T.alloc_fragment((block, N), dtype)
        T.fill(m, -T.infinity(m.dtype))
        if use == "barrier":
            bar = T.alloc_barrier(arrive_count=128)
        if use == "binding":
            tx = T.get_thread_binding()
        if use == "unknown":
            T.frobnicate(m)
        if use == "view":
            flat = T.Tensor((M * N,), dtype, A.data)
        for i, j in T.Parallel(block, N):
            B[bx * block + i, j] = T.max(T.exp2(A[bx * block + i, j]), m[i, j])
    return B


scaled_exp.compile(M=64, N=32)

# CHECK:      T.fill(m, -float("inf"))
# CHECK:      B[bx * 32 + i, j] = T.max(T.exp(A[bx * 32 + i, j] * 0.6931471805599453), m[i, j])
# CHECK-NOT:  error

# BARRIER:      tilelang-constructs.py:26:19: error: 'T.alloc_barrier' (TileLang) is not supported by the Tenstorrent lowering yet
# BARRIER-NEXT: {{^}}            bar = T.alloc_barrier(arrive_count=128){{$}}
# BARRIER-NEXT: {{^}}                  ^{{$}}
# BINDING:      tilelang-constructs.py:28:18: error: 'T.get_thread_binding' (TileLang) is not supported by the Tenstorrent lowering yet
# UNKNOWN:      tilelang-constructs.py:30:13: error: unknown TileLang construct 'T.frobnicate'
# VIEW:         tilelang-constructs.py:32:20: error: 'T.Tensor' (TileLang) is not supported by the Tenstorrent lowering yet in a kernel's body (a view of a buffer's data)
# FP8:          error: dtype 'float8_e4m3fn' is not supported by the Tenstorrent lowering yet
