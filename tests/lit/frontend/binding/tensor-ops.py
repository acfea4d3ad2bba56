# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# Host code's torch operations keep the shapes of the tensors they make:
# .view / .reshape (with -1), .transpose, .permute, .T, .unsqueeze, .flatten,
# slicing, torch.cat, F.pad, *_like, x.new_empty, arithmetic (broadcast, @),
# and the methods that keep a shape (.to, .cuda, .contiguous, .half);
# tensors in a tuple assignment too.
import torch
import torch.nn.functional as F
import tilelang
import tilelang.language as T


@tilelang.jit
def copy2d(M, N, P, Q, R, S, W, block_M):
    @T.prim_func
    def main(A: T.Tensor((M, N), T.float32), B: T.Tensor((M, N), T.float32)):
        with T.Kernel(M // block_M + P + Q + R + S + W) as bx:
            T.copy(A[bx * block_M : (bx + 1) * block_M, :], B[bx * block_M : (bx + 1) * block_M, :])

    return main


def main():
    x = torch.randn(2, 64, 96, dtype=torch.float16).cuda()
    q = x.view(-1, 32).to(torch.float32).contiguous()  # (384, 32)
    k, v = torch.empty_like(q).T, x.permute(2, 0, 1)  # (32, 384), (96, 2, 64)
    s = v[1:, :, ::2]  # (95, 2, 32)
    c = torch.cat([q, q.new_empty((4, 32))], dim=0)  # (388, 32)
    p = F.pad(k, (0, 16, 1, 1))  # (34, 400)
    u = x.unsqueeze(1).flatten(2)  # (2, 1, 6144)
    M, N = c.shape
    P, Q = p.shape[0], p.size(1)
    R, S = s.shape[0], u.shape[-1]
    w = (torch.rand(8, 16) * 2 - 1) @ torch.randn(16, 4) + torch.zeros(1, 4)  # (8, 4)
    W = x.transpose(0, 2).reshape(96, -1).shape[1] + w.numel()  # 128 + 32
    kernel = copy2d(M, N, P, Q, R, S, W, 4)


if __name__ == "__main__":
    main()

# 388 // 4 + 34 + 400 + 95 + 6144 + 160 = 6930
# CHECK:      A: T.Tensor((388, 32), "float32"),
# CHECK:      with T.Kernel(6930) as bx:
# CHECK-NOT:  error
