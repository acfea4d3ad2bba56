//===- passes/Passes.h - entry points of every pass -------------*- C++ -*-===//
//
// One function per pass, each defined in its own file; the list of
// passes/Pipeline.cpp names them and puts them in order (passes/Pipeline.h).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/PassManager.h"

namespace ttllc {
struct KernelInfo;
struct BufferNode;

/// apply-tt-defaults (passes/ApplyTTDefaults.cpp): default schedule/layout attrs.
bool runApplyTTDefaults(Module &m, PassContext &ctx);
/// infer-tt-schedule (passes/InferTTSchedule.cpp): per-core block ranges.
bool runInferTTSchedule(Module &m, PassContext &ctx);
/// infer-tt-shard (passes/InferTTShard.cpp): DRAM interleaving of buffers.
bool runInferTTShard(Module &m, PassContext &ctx);
/// infer-tt-layout (passes/InferTTLayout.cpp): buffer layout descriptors.
bool runInferTTLayout(Module &m, PassContext &ctx);
/// propagate-tt-layout (passes/PropagateTTLayout.cpp): circular buffers.
bool runPropagateTTLayout(Module &m, PassContext &ctx);
/// layout-aware-work-partition (passes/LayoutAwareWorkPartition.cpp).
bool runLayoutAwareWorkPartition(Module &m, PassContext &ctx);

/// grid-to-persistent (passes/GridToPersistent.cpp).
bool runGridToPersistent(Module &m, PassContext &ctx);
/// tile-pad (passes/TilePad.cpp).
bool runTilePad(Module &m, PassContext &ctx);
/// tensorize-gemm (passes/TensorizeGemm.cpp).
bool runTensorizeGemm(Module &m, PassContext &ctx);
/// memory-space-lower (passes/MemorySpaceLower.cpp).
bool runMemorySpaceLower(Module &m, PassContext &ctx);
/// dst-management (passes/DstManagement.cpp).
bool runDstManagement(Module &m, PassContext &ctx);
/// split-kernels (passes/SplitKernels.cpp).
bool runSplitKernels(Module &m, PassContext &ctx);
/// verify-tt-ir (passes/VerifyTTIR.cpp).
bool runVerifyTTIR(Module &m, PassContext &ctx);

/// Bytes of L1 one core holds of `b` under its tt.layout_desc (0 for DRAM).
int64_t l1BytesPerCore(const BufferNode &b, const TargetInfo &t);

/// verify (passes/Verify.cpp): checks well-formed Tile IR (ir/Verifier.h).
bool runVerify(Module &m, PassContext &ctx);

} // namespace ttllc
