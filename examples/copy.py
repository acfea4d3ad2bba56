# A tiled copy, B = A: each kernel instance moves one block_M x block_N block from DRAM through
# a circular buffer in L1 back to DRAM. Only data movement (reader and writer), so it runs on
# Tenstorrent's ttsim as well as on the project's simulator (docs/ttsim.md):
#
#   tt-llc examples/copy.py -o build/copy
#   tt-run build/copy --verify                                              # sim:wormhole_b0
#   tt-run build/copy --device=ttsim:wormhole_b0 --ttsim=build/ttsim/wormhole/libttsim.so --verify
#   tt-llc examples/copy.py -D M=100 -D N=100 -o build/copy100              # padded to tiles
import argparse

import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def tile_copy(M, N, block_M, block_N, dtype="bfloat16"):

    @T.prim_func
    def copy(
            A: T.Tensor((M, N), dtype),
            B: T.Tensor((M, N), dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_N), dtype)
            T.copy(A[by * block_M, bx * block_N], A_shared)
            T.copy(A_shared, B[by * block_M, bx * block_N])

    return copy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    kernel = tile_copy(256, 256, 32, 32)
    if args.check:
        import torch
        a = torch.randn(256, 256, dtype=torch.bfloat16)
        b = kernel(a)
        torch.testing.assert_close(b, a, rtol=0, atol=0)
        print(f"ok: {b.shape}")


if __name__ == "__main__":
    main()
