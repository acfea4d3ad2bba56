# RUN: %tt-llc %s --kernel=copy2d --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: not %tt-llc %s --kernel=bad_pattern --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=BAD
# einops' rearrange / repeat keep the shapes of the tensors host code makes:
# grouped axes multiply or split (with a size keyword), new axes of repeat
# take their keyword, "..." keeps the dimensions it stands for. A starred
# tuple display without parentheses unpacks a shape: `_, h, d, k = *q.shape,
# t.shape[-1]`. A pattern that does not fit the tensor leaves the shape
# unknown.
import torch
import tilelang
import tilelang.language as T
from einops import rearrange, repeat
import einops


@tilelang.jit
def copy2d(M, N, P, Q, R, S):
    @T.prim_func
    def main(A: T.Tensor((M, N), T.float32), B: T.Tensor((M, N), T.float32)):
        with T.Kernel(P, Q, R + S) as (bx, by, bz):
            T.copy(A, B)

    return main


@tilelang.jit
def bad_pattern(M, N):
    @T.prim_func
    def main(A: T.Tensor((M, N), T.float32), B: T.Tensor((M, N), T.float32)):
        with T.Kernel(1) as bx:
            T.copy(A, B)

    return main


def interface(q, t):
    _, heads, dim, topk = *q.shape, t.shape[-1]
    return heads, dim, topk


def main(S=64, H=4, D=32, topk=96):
    q = torch.randn((S, H, D)).cuda().bfloat16()
    t = repeat(torch.arange(topk, dtype=torch.int32).cuda(), "k -> s k", s=S).contiguous()  # (64, 96)
    u = rearrange(q, "s (g h) d -> (s g) h d", g=2)  # (128, 2, 32)
    w = einops.rearrange(q, "... d -> ... 1 d")  # (64, 4, 1, 32)
    heads, dim, k = interface(q, t)
    M, N = t.shape
    kernel = copy2d(M, N, u.shape[0] + heads, w.shape[2] + dim, k, u.shape[1])
    x = rearrange(q, "s h -> h s")  # rank 3 with 2 axes: unknown
    bad_pattern(*x.shape)


if __name__ == "__main__":
    main()

# CHECK:      A: T.Tensor((64, 96), "float32"),
# CHECK:      with T.Kernel(132, 33, 98) as (bx, by, bz):
# CHECK-NOT:  error
# BAD: error: parameter 'M' of 'bad_pattern' has no value
