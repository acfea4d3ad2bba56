# RUN: %tt-llc %s --kernel=scale --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: not %tt-llc %s --kernel=mixed --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=MIX
# Host code's tensors have the dtype it gives them (dtype=torch.bfloat16,
# .half(), .to(torch.float32), *_like): an eager kernel's dtype parameter that
# nothing else binds takes the dtype of the tensor passed for an annotation
# naming it, `x.dtype` evaluates (torch.float16 is "float16"), and a tensor
# whose dtype differs from its annotation's is an error at the annotation.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def scale(A, B, block, dtype, out_dtype):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), dtype)
    B: T.Tensor((M, N), out_dtype)
    with T.Kernel(T.ceildiv(M, block)) as bx:
        T.copy(A[bx * block : (bx + 1) * block, :], B[bx * block : (bx + 1) * block, :])


@tilelang.jit
def mixed(A, B, block, dtype=T.float16):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), dtype)
    B: T.Tensor((M, N), dtype)
    with T.Kernel(T.ceildiv(M, block)) as bx:
        T.copy(A[bx * block : (bx + 1) * block, :], B[bx * block : (bx + 1) * block, :])


def main():
    a = torch.randn(64, 32, dtype=torch.bfloat16, device="cuda")
    b = torch.empty_like(a).to(torch.float32)
    assert a.dtype == torch.bfloat16 and b.dtype == torch.float
    block = 32 if a.dtype == torch.bfloat16 else 16
    scale(a, b, block)
    mixed(a.half(), b, 16)


if __name__ == "__main__":
    main()

# CHECK:      A: T.Tensor((64, 32), "bfloat16"),
# CHECK-NEXT: B: T.Tensor((64, 32), "float32"),
# CHECK:      with T.Kernel(2) as bx:
# CHECK-NOT:  error
# MIX: tensor-dtypes.py:26:25: error: the tensor passed as 'B' in the call of 'mixed' has dtype float32, but its annotation's dtype is float16
