# RUN: not %tt-llc %s --kernel=tuned --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=TUNED
# RUN: %tt-llc %s --kernel=tuned -D block_M=32 --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=BOUND
# RUN: %tt-llc %s --kernel=persistent --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=SMS
# RUN: %tt-llc %s --kernel=persistent --grid=2x3 --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=GRID
# Questions to a GPU: tt-llc compiles for Tenstorrent, so
# torch.cuda.is_available() is False, driver.get_num_sms() (a persistent
# kernel's parallel units) is the Tensix cores of the target's grid, with a
# note, and the others are errors at the question. Autotune configurations
# that depend on the GPU leave their parameters unbound: the error names the
# question; -D binds them.
import torch
import tilelang
import tilelang.language as T
from tilelang.carver.arch import driver


def get_configs():
    if torch.cuda.is_available() and "MI300" in torch.cuda.get_device_name():
        return [{"block_M": 128}]
    big = torch.cuda.get_device_properties(0).multi_processor_count > 100
    return [{"block_M": 64 if big else 32}]


@tilelang.autotune(configs=get_configs())
@tilelang.jit
def tuned(M, block_M):
    @T.prim_func
    def main(A: T.Tensor((M, 32), T.float32), B: T.Tensor((M, 32), T.float32)):
        with T.Kernel(M // block_M) as bx:
            T.copy(A[bx * block_M : (bx + 1) * block_M, :], B[bx * block_M : (bx + 1) * block_M, :])

    return main


@tilelang.jit
def persistent(M, block_M):
    sm_num = driver.get_num_sms()

    @T.prim_func
    def main(A: T.Tensor((M, 32), T.float32), B: T.Tensor((M, 32), T.float32)):
        with T.Kernel(sm_num) as bx:
            T.copy(A[bx * block_M : (bx + 1) * block_M, :], B[bx * block_M : (bx + 1) * block_M, :])

    return main


tuned(128)
persistent(128, 32)

# TUNED: gpu-query.py:26:14: error: parameter 'block_M' of 'tuned' has no value: pass -D block_M=VALUE, give it a default, or call 'tuned(...)' with literal arguments in the file
# TUNED: gpu-query.py:20:11: note: the file's Python asks the GPU here ('torch.cuda.get_device_properties()'), which tt-llc does not have (it compiles for Tenstorrent): values that depend on it need -D
# BOUND: with T.Kernel(4) as bx:
# SMS: gpu-query.py:37:14: note: 'driver.get_num_sms()' is taken as 64, the Tensix cores of the target's grid (a persistent kernel's parallel units; --device / --grid change it)
# SMS: with T.Kernel(64) as bx:
# GRID: note: 'driver.get_num_sms()' is taken as 6,
# GRID: with T.Kernel(6) as bx:
