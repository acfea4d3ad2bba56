# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# A classic factory called inside an autograd Function's forward, which the
# file runs through `attention = _attention.apply` then `attention(Q, K, V)`:
# forward's parameters after ctx take the call's arguments, and the shapes
# come from the tensors main() makes (`torch.empty(...).normal_()`,
# `torch.empty_like`).
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def scale_fwd(batch, seq, heads, dim, block):
    @T.prim_func
    def main(Q: T.Tensor((batch * seq, heads * dim), T.float16), O: T.Tensor((batch * seq, heads * dim), T.float16)):
        with T.Kernel(batch * seq // block) as bx:
            T.copy(Q[bx * block : (bx + 1) * block, :], O[bx * block : (bx + 1) * block, :])

    return main


class _attention(torch.autograd.Function):
    @staticmethod
    def forward(ctx, q, k, v, causal):
        BATCH, N_CTX, H, D_HEAD = q.shape
        block = 64 if D_HEAD <= 32 else 32
        o = scale_fwd(BATCH, N_CTX, H, D_HEAD, block)(q.view(BATCH * N_CTX, -1))
        ctx.save_for_backward(q, k, v, o)
        return o

    @staticmethod
    def backward(ctx, do):
        q, k, v, o = ctx.saved_tensors
        return do, None, None, None


attention = _attention.apply


def main(BATCH=2, H=4, N_CTX=128, D_HEAD=64, causal=False):
    Q = torch.empty(BATCH, N_CTX, H, D_HEAD, dtype=torch.half, device="cuda").normal_().requires_grad_()
    K = torch.empty_like(Q).normal_().requires_grad_()
    V = torch.empty_like(Q).normal_().requires_grad_()
    O = attention(Q, K, V, causal)
    O.backward(torch.randn_like(Q))


if __name__ == "__main__":
    main()

# 2 * 128 rows of 4 * 64; D_HEAD = 64 > 32 makes block 32: 256 / 32 = 8 blocks
# CHECK:      Q: T.Tensor((256, 256), "float16"),
# CHECK:      with T.Kernel(8) as bx:
# CHECK-NOT:  error
