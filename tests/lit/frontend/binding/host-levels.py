# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# Values flow through several levels of host functions: main -> a test
# looping over a global list -> a case making tensors -> a wrapper -> an
# autograd Function's forward, which calls the factory. Three levels up the
# calls are no longer followed, but the function's body before the call still
# runs (its loop's first element). Tensors unpack from a generator over a
# display: `q, k = (t.contiguous() for t in (q, k))`.
import torch
import tilelang
import tilelang.language as T

BLOCKS = [32, 64]


@tilelang.jit
def fwd_template(batch, seq_len, heads, dim, block):
    @T.prim_func
    def main(Q: T.Tensor((batch, seq_len, heads, dim), T.float16), O: T.Tensor((batch, seq_len, heads, dim), T.float16)):
        with T.Kernel(seq_len // block, heads, batch) as (bx, by, bz):
            T.copy(Q[bz, bx * block : (bx + 1) * block, by, :], O[bz, bx * block : (bx + 1) * block, by, :])

    return main


class Attention(torch.autograd.Function):
    @staticmethod
    def forward(ctx, q, k, block):
        q, k = (t.contiguous() for t in (q, k))
        batch, seq_len, heads, dim = q.shape
        kernel = fwd_template(batch, seq_len, heads, dim, block)
        return kernel(q)


def attention(q, k, block):
    return Attention.apply(q, k, block)


def clone(t):
    return t.detach().clone()


def run_case(batch, seq_len, heads, dim, block):
    x = torch.randn(batch, seq_len, heads, dim, dtype=torch.float16)
    y = torch.randn_like(x)
    q, k = (clone(t) for t in (x, y))
    return attention(q, k, block)


def test_all_blocks():
    for block in BLOCKS:
        run_case(2, 128, 4, 64, block)


def main():
    test_all_blocks()


if __name__ == "__main__":
    main()

# CHECK:      Q: T.Tensor((2, 128, 4, 64), "float16"),
# CHECK:      with T.Kernel(4, 4, 2) as (bx, by, bz):
# CHECK-NOT:  error
