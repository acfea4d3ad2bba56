# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: not %tt-llc %s -D groups=2 --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=DASHD
# An argument the file's call passes binds its parameter over the
# parameter's default, as in Python (`groups=HQ // H` below, default 1);
# -D binds over both. The tensors' shapes agree with the kernel's only so.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def gqa(Q, K, block, groups=1, dtype=T.float16):
    batch, heads, dim = T.const("batch, heads, dim")
    head_kv = heads // groups
    Q: T.Tensor((batch, heads, dim), dtype)
    K: T.Tensor((batch, head_kv, dim), dtype)
    with T.Kernel(batch, head_kv) as (bx, by):
        T.copy(K[bx, by, 0:block], Q[bx, by * groups, 0:block])


def main():
    B, H, HQ, D = 2, 2, 8, 32
    q = torch.randn((B, HQ, D), dtype=torch.float16)
    k = torch.randn((B, H, D), dtype=torch.float16)
    gqa(q, k, 32, groups=HQ // H)


if __name__ == "__main__":
    main()

# CHECK:      K: T.Tensor((2, 2, 32), "float16"),
# CHECK:      with T.Kernel(2, 2) as (bx, by):
# CHECK-NOT:  error
# DASHD: call-over-default.py:16:25: error: the tensor passed as 'K' in the call of 'gqa' has shape (2, 2, 32), but its annotation's shape is (2, 4, 32) (dimension 1)
