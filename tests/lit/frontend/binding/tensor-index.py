# RUN: %tt-llc %s --kernel=copy --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: not %tt-llc %s --kernel=masked --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=MASK
# Shapes through indexing and sorting: torch.randperm(n) and
# torch.linspace(a, b, steps) have shape (n,) / (steps,); a tensor indexed by
# a tensor of integers takes the index's shape (a mask of bools depends on
# the data: unknown); x.sort()[0], [1], .values and .indices keep x's shape;
# len(x) is its first dimension; isinstance(x, torch.Tensor) is True;
# reductions (x.amax(dim=3), x.sum(-1, keepdim=True), x.mean((0, 2))) drop
# or keep their dimensions; x.ne(0) keeps x's shape, x.view(torch.int32) too
# (a dtype of the same size). A
# tensor host code stores into (x[i] = v) in a loop tt-llc cannot run keeps
# its shape.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def copy(M, N, P, Q):
    @T.prim_func
    def main(A: T.Tensor((M, N), T.float32), B: T.Tensor((M, N), T.float32)):
        with T.Kernel(P, Q) as (bx, by):
            T.copy(A, B)

    return main


@tilelang.jit
def masked(M):
    @T.prim_func
    def main(A: T.Tensor((M,), T.float32), B: T.Tensor((M,), T.float32)):
        with T.Kernel(1) as bx:
            T.copy(A, B)

    return main


def main(C=64, N=3):
    perm = torch.randperm(C - 1)[: N - 1]  # (2,)
    offsets = torch.cat([torch.tensor([0]), torch.arange(16, C)[perm], torch.tensor([C])], 0).sort()[0]  # (4,)
    x = torch.linspace(0, 1, steps=C)[torch.randperm(C)].view(1, C, 1, 1).expand(1, C, 2, 32)  # (1, 64, 2, 32)
    idx = torch.full((1, C, 2, 4), C, dtype=torch.long)
    for i in range(int(torch.randint(1, 4, (1,)).item())):
        idx[0, i, 0, :1] = torch.randperm(4)[:1]
    idx = idx.sort(-1).values  # (1, 64, 2, 4)
    flag = isinstance(x, torch.Tensor) and not isinstance(x, int)
    B, S, H, D, K = *x.shape, idx.shape[-1]
    r = x.abs().float().amax(dim=3).clamp_min(1e-4)  # (1, 64, 2)
    q = r.sum(-1, keepdim=True).ne(0)  # (1, 64, 1)
    bits = r.view(torch.int32)  # (1, 64, 2), int32
    w = (bits >> 23).view(torch.float32).mean((0, 2))  # (64,)
    extra = q.shape[2] + bits.shape[2] + w.shape[0] // 64 - 4  # 0
    copy(S * H, D, len(offsets) - 1 + flag, K + x.sort(dim=1)[1].shape[2] + extra)
    keep = torch.rand(C) > 0.5
    masked(x[0, :, 0, 0][keep].shape[0])


if __name__ == "__main__":
    main()

# (len(offsets) - 1 + True = 4, 4 + 2)
# CHECK:      A: T.Tensor((128, 32), "float32"),
# CHECK:      with T.Kernel(4, 6) as (bx, by):
# CHECK-NOT:  error
# MASK:       error: parameter 'M' of 'masked' has no value
