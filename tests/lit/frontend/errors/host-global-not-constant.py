# RUN: %tt-llc --emit=tir %s --passes=verify 2>&1 | FileCheck %s
# Host code at the top level that is not a compile-time constant is ignored:
# errors of the speculative evaluation are neither printed nor counted.
import argparse

import tilelang.language as T

parser = argparse.ArgumentParser()


@T.prim_func
def k(A: T.Tensor((64, 32), "float32")):
    with T.Kernel(1) as bx:
        T.clear(A)

# CHECK:      # tt-llc Tile IR
# CHECK:      def k(
# CHECK-NEXT:     A: T.Tensor((64, 32), "float32"),
