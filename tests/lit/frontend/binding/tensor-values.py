# RUN: %tt-llc %s --kernel=split --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: not %tt-llc %s --kernel=random --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=RANDOM
# The values of a tensor host code writes (`torch.tensor([...])`, also moved
# with .cuda() / .to(device) / .contiguous()) are known: `.max()`, `.min()`,
# `.sum()` (numbers), `.item()` and `.tolist()` evaluate, also of an
# element (`cu[-1].item()`). A tensor of random
# values is not: its `.max()` leaves the parameter unbound, and the note
# says the value depends on tensor data.
import itertools
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def split(M_max, N, total, first):
    @T.prim_func
    def main(A: T.Tensor((M_max, N), T.float32), B: T.Tensor((M_max, N), T.float32)):
        with T.Kernel(M_max // 64, total // 1024, first) as (bx, by, bz):
            T.copy(A[bx * 64 : (bx + 1) * 64, :], B[bx * 64 : (bx + 1) * 64, :])

    return main


@tilelang.jit
def random(M, N):
    @T.prim_func
    def main(A: T.Tensor((M, N), T.float32), B: T.Tensor((M, N), T.float32)):
        with T.Kernel(1) as bx:
            T.copy(A, B)

    return main


def ceil_div(x, y):
    return (x + y - 1) // y


def main(b=3, seqlen=1000):
    sizes = torch.tensor([seqlen + 100 * i for i in range(b)], dtype=torch.int32, device="cuda")
    sizes = sizes.cuda().contiguous()
    M_max = int(ceil_div(sizes.max(), 128) * 128)  # 1200 -> 1280
    total = sizes.sum().item()  # 3300
    cu = torch.tensor([0, *itertools.accumulate([1, 1, 1])], dtype=torch.int32).cuda()
    first = sizes.tolist()[0] // 500 + int(cu[-1].item()) // 3 + sizes.min().item() // 2000  # 2 + 1 + 0
    split(M_max, 64, total, first)
    lengths = torch.randint(1, 100, (b,))
    n = int(lengths.max())
    random(n, 64)


if __name__ == "__main__":
    main()

# CHECK:      A: T.Tensor((1280, 64), "float32"),
# CHECK:      with T.Kernel(20, 3, 3) as (bx, by, bz):
# CHECK-NOT:  error
# RANDOM:     error: parameter 'M' of 'random' has no value
# RANDOM:     note: the call of 'random' passes here, for 'M', a value that is not a compile-time constant
# RANDOM:     note: 'n' is set here from the values of tensor 'lengths' ('lengths.max()' or the like), which depend on tensor data at run time
