# apply-tt-defaults alone: every kernel gets the five defaults of the
# Tenstorrent operating point, and values the user gave with T.func_attr are
# kept as written -- even ones later passes reject (apply-tt-defaults does not
# validate), and keys it does not know.
# RUN: %tt-llc --emit=tir %s --kernel=plain --passes=apply-tt-defaults | FileCheck %s --check-prefix=PLAIN
# RUN: %tt-llc --emit=tir %s --kernel=user --passes=apply-tt-defaults | FileCheck %s --check-prefix=USER
# RUN: %tt-llc --emit=tir %s --kernel=no_launch --passes=apply-tt-defaults | FileCheck %s --check-prefix=PLAIN
# Nothing else is added: no schedule, no buffer attributes.
# RUN: %tt-llc --emit=tir %s --kernel=plain --passes=apply-tt-defaults | FileCheck %s --check-prefix=ONLY
# Running it twice changes nothing.
# RUN: %tt-llc --emit=tir %s --kernel=user --passes=apply-tt-defaults -o %t.1
# RUN: %tt-llc --emit=tir %t.1 --passes=apply-tt-defaults | diff %t.1 -
import tilelang.language as T

# PLAIN:      T.func_attr({
# PLAIN-NEXT:     "tt_layout_type": "dram_interleaved",
# PLAIN-NEXT:     "tt_schedule_order": "row_major",
# PLAIN-NEXT:     "tt_schedule_policy": "contiguous",
# PLAIN-NEXT:     "tt_tile_height": 32,
# PLAIN-NEXT:     "tt_tile_width": 32,
# PLAIN-NEXT: })


@T.prim_func
def plain(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# USER:      T.func_attr({
# USER-NEXT:     "my_note": "kept",
# USER-NEXT:     "tt_layout_type": "l1_sharded",
# USER-NEXT:     "tt_schedule_order": "row_major",
# USER-NEXT:     "tt_schedule_policy": "strided",
# USER-NEXT:     "tt_tile_height": 16,
# USER-NEXT:     "tt_tile_width": 32,
# USER-NEXT: })


@T.prim_func
def user(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.func_attr({"tt_schedule_order": "row_major", "tt_tile_height": 16})
    T.func_attr({"tt_schedule_policy": "strided", "tt_layout_type": "l1_sharded", "my_note": "kept"})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])


# A function without T.Kernel gets the defaults too (only the passes that
# need the launch reject it).
@T.prim_func
def no_launch(A: T.Tensor((64, 64), "bfloat16")):
    T.clear(A)

# ONLY:     T.func_attr({
# ONLY-NOT: tt_num_tiles
# ONLY-NOT: T.buffer_attr
# ONLY:     with T.Kernel(2, 2) as (bx, by):
# ONLY-NOT: T.buffer_attr
