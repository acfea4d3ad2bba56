# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=pack 2>&1 | FileCheck %s
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=scale 2>&1 | FileCheck %s --check-prefix=EAGER
# RUN: not %tt-llc %s --emit=tir --kernel=shift 2>&1 | FileCheck %s --check-prefix=UNKNOWN
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=fill 2>&1 | FileCheck %s --check-prefix=METHOD
# An instance of one of the file's classes: `config = Config(128, 64)` runs
# Config.__init__ as host code (with *args / **kwargs), and the attributes it
# sets to constants are read as `config.M`, also after the object is passed
# to a helper (`run(config)`). An attribute host code cannot evaluate is not
# a constant: the parameter it would bind stays an error, located. A class
# whose __init__ makes another instance of itself is followed three deep.
# A method that calls a kernel (`forward`, run by `layer(x)`) reads `self`
# as the instance the file's first call of the class makes.
import torch
import tilelang
import tilelang.language as T


class Config:
    def __init__(self, M, N, *args, dtype="float32", **kwargs):
        super().__init__()
        self.M = M
        self.N = N
        self.block = 32
        self.blocks = self.M // self.block
        self.dtype = dtype
        self.extra = (args, kwargs)
        self.offset = torch.rand(1).item()


class Loop:
    def __init__(self):
        self.inner = Loop()
        self.n = 1


class Filler(torch.nn.Module):
    def __init__(self, n, block):
        super().__init__()
        self.n = n
        self.block = block

    def forward(self, x):
        n = self.n
        return fill(n, self.block * 2)(x)


@tilelang.jit
def fill(n, block):
    @T.prim_func
    def main(A: T.Tensor((n, 32), "float32")):
        with T.Kernel(n // block) as bx:
            T.fill(A[bx * block : (bx + 1) * block, :], 1.0)

    return main


@tilelang.jit
def pack(M, N, block, dtype):
    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(M // block) as bx:
            T.copy(A[bx * block : (bx + 1) * block, :], B[bx * block : (bx + 1) * block, :])

    return main


@tilelang.jit
def scale(A, B, blocks, factor):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), T.float16)
    B: T.Tensor((M, N), T.float16)
    with T.Kernel(blocks) as bx:
        for i, j in T.Parallel(M // blocks, N):
            B[bx * (M // blocks) + i, j] = A[bx * (M // blocks) + i, j] * factor


@tilelang.jit
def shift(M, offset):
    @T.prim_func
    def main(A: T.Tensor((M,), "float32")):
        with T.Kernel(1):
            T.fill(A, offset)

    return main


def run(config):
    M, N = config.M, config.N
    pack(M, N, config.block, config.dtype)
    a = torch.randn(M, N, dtype=torch.float16)
    b = torch.empty_like(a)
    scale(a, b, config.blocks, len(config.extra[0]) + config.extra[1]["factor"])
    shift(M, config.offset)


def main():
    config = Config(128, 64, 7, factor=2)
    loop = Loop()
    layer = Filler(256, 16)
    layer(torch.empty(256, 32))
    run(config)


if __name__ == "__main__":
    main()

# CHECK:      A: T.Tensor((128, 64), "float32"),
# CHECK:      with T.Kernel(4) as bx:
# CHECK-NOT:  error

# EAGER:      A: T.Tensor((128, 64), "float16"),
# EAGER:      with T.Kernel(4) as bx:
# EAGER:      * 3
# EAGER-NOT:  error

# METHOD:      A: T.Tensor((256, 32), "float32")
# METHOD:      with T.Kernel(8) as bx:
# METHOD-NOT:  error

# UNKNOWN: class-instances.py:78:14: error: parameter 'offset' of 'shift' has no value
# UNKNOWN: class-instances.py:93:14: note: the call of 'shift' passes here, for 'offset', a value that is not a compile-time constant
