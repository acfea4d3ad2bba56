# RUN: not %tt-llc %s --emit=tir 2>&1 | FileCheck %s
# A call passing '**config' whose value host code cannot evaluate (here it
# raises without a GPU): the unbound parameter notes the '**config'
# argument, where host code set it, and the question to the GPU.
import torch
import tilelang
import tilelang.language as T


def heuristic() -> dict:
    if not torch.cuda.is_available():
        raise RuntimeError("CUDA is not available")
    return {"block": 32}


@tilelang.jit
def copy(M, block):
    @T.prim_func
    def main(A: T.Tensor((M,), "float32"), B: T.Tensor((M,), "float32")):
        with T.Kernel(M // block) as bx:
            T.copy(A[bx * block : (bx + 1) * block], B[bx * block : (bx + 1) * block])

    return main


def main(M=256):
    config = heuristic()
    copy(M, **config)


if __name__ == "__main__":
    main()

# CHECK:      star-unknown.py:17:13: error: parameter 'block' of 'copy' has no value
# CHECK:      star-unknown.py:28:13: note: the call of 'copy' passes '**config' here, which may hold it: its value is not a compile-time constant
# CHECK:      star-unknown.py:27:5: note: 'config' is set here by host code tt-llc does not evaluate
# CHECK:      star-unknown.py:11:12: note: the file's Python asks the GPU here ('torch.cuda.is_available()')
