# RUN: not %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# A parameter the file's call passes a value known only at run time (the
# length of a tensor made from another tensor's values): the error at the
# parameter notes the argument and where host code set it, from what (here
# the shape of a tensor whose shape depends on tensor data).
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def pack(total, block):
    @T.prim_func
    def main(A: T.Tensor((total, 32), T.float32), B: T.Tensor((total, 32), T.float32)):
        with T.Kernel(total // block) as bx:
            T.copy(A[bx * block : (bx + 1) * block, :], B[bx * block : (bx + 1) * block, :])

    return main


def main():
    lengths = torch.randint(1, 64, (8,), device="cuda")
    packed = torch.repeat_interleave(torch.arange(8), lengths)
    total = packed.shape[0]
    pack(total, 16)


if __name__ == "__main__":
    main()

# CHECK: runtime-origin.py:12:10: error: parameter 'total' of 'pack' has no value
# CHECK: runtime-origin.py:25:10: note: the call of 'pack' passes here, for 'total', a value that is not a compile-time constant
# CHECK: runtime-origin.py:24:5: note: 'total' is set here from the shape of 'packed', which is not known at compile time: tt-llc does not follow how host code makes it (a shape that depends on tensor data, such as the count of a random mask, is known only at run time)
