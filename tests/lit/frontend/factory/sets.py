# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=matmul | FileCheck %s
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=matmul -D sm_version=80 | FileCheck %s --check-prefix=SM80
# RUN: not %tt-llc %s --emit=tir --kernel=matmul -D sm_version=75 2>&1 | FileCheck %s --check-prefix=SM75
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=eager | FileCheck %s --check-prefix=EAGER
# RUN: not %tt-llc %s --emit=tir --kernel=in_kernel 2>&1 | FileCheck %s --check-prefix=KERNEL
# Set displays and comprehensions in the factory's Python (classic and eager
# styles): `sm_version in {80}`, `Lk in {16, 32, 64, 128}`, len of a set, a set
# comprehension, set(); in a kernel a set is an error.
import tilelang
import tilelang.language as T


def get_config(sm_version):
    if sm_version in {80}:
        return 64
    elif sm_version in {90, 100}:
        return 32
    raise ValueError("unsupported sm_version")


def matmul(M=128, N=128, K=128, sm_version=90):
    block = get_config(sm_version)
    assert K in {64, 128, 256}, "K must be a power of two"
    stages = len({block, block, 16}) + len(set([1, 1, 2])) - 2

    @T.prim_func
    def matmul(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, block), T.ceildiv(M, block)) as (bx, by):
            A_s = T.alloc_shared((block, block), "bfloat16")
            B_s = T.alloc_shared((block, block), "bfloat16")
            C_l = T.alloc_fragment((block, block), "float32")
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, block), num_stages=stages):
                T.copy(A[by * block, k * block], A_s)
                T.copy(B[k * block, bx * block], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * block, bx * block])

    return matmul


@tilelang.jit
def eager(A, dtype=T.float16):
    N = T.const("N")
    A: T.Tensor((N,), dtype)
    widths = {w * 32 for w in range(1, 4) if w != 2}
    assert dtype in {T.float16, T.bfloat16}
    n = len(widths)
    with T.Kernel(n) as bx:
        T.clear(A)


@T.prim_func
def in_kernel(A: T.Tensor((32,), "float32")):
    with T.Kernel(1) as bx:
        x = {1, 2}


matmul()
eager.compile(N=64)

# CHECK: with T.Kernel(4, 4) as (bx, by):
# CHECK: for k in T.Pipelined(4, num_stages=2):

# SM80: with T.Kernel(2, 2) as (bx, by):
# SM80: for k in T.Pipelined(2, num_stages=2):

# SM75: sets.py:18:5: error: the kernel factory raises ValueError: unsupported sm_version

# EAGER: with T.Kernel(2) as bx:

# KERNEL: sets.py:56:13: error: a set is only evaluated in the kernel factory, not in a kernel
