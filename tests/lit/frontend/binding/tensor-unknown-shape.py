# RUN: not %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# An eager kernel's T.const name that only the shape of a tensor would give,
# when host code makes that tensor with something tt-llc does not evaluate
# (here a tensor loaded from a file): the error notes the tensor in the call.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def double(X, block):
    M, N = T.const("M, N")
    X: T.Tensor((M, N), T.float32)
    Y = T.empty((M, N), T.float32)
    with T.Kernel(T.ceildiv(M, block)) as bx:
        T.copy(X[bx * block : (bx + 1) * block, :], Y[bx * block : (bx + 1) * block, :])
    return Y


def load_input(path):
    return torch.load(path)


def main():
    x = load_input("x.pt")
    double(x, 32)


main()

# CHECK: tensor-unknown-shape.py:12:12: error: 'M' of T.const has no value
# CHECK: tensor-unknown-shape.py:26:12: note: the call of 'double' passes here, for 'X', a tensor whose shape tt-llc does not know: host code makes it with an operation it does not evaluate
