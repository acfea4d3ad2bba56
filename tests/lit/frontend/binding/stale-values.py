# RUN: not %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# Host code that fails half-way leaves no stale values: the loop below stops
# at a tensor's values, so `offsets` is not the list [0] it started as, and
# the tensor made from it has no known shape (not (1,)).
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def gather(offsets, X, block):
    G, M = T.const("G, M")
    offsets: T.Tensor((G,), T.int32)
    X: T.Tensor((M, 32), T.float32)
    Y = T.empty((M, 32), T.float32)
    with T.Kernel(T.ceildiv(M, block), G) as (bx, by):
        T.copy(X[bx * block : (bx + 1) * block, :], Y[bx * block : (bx + 1) * block, :])
    return Y


def main():
    sizes = torch.randint(1, 64, (4,))
    offsets = [0]
    for i in range(3):
        offsets.append(offsets[-1] + sizes[i])
    x = torch.randn(128, 32)
    gather(torch.tensor(offsets, dtype=torch.int32), x, 32)


main()

# CHECK: stale-values.py:12:12: error: 'G' of T.const has no value
# CHECK: stale-values.py:27:12: note: the call of 'gather' passes here, for 'offsets', a tensor whose shape tt-llc does not know
