//===- tests/ttsim/Compare.h - one kernel on two devices, compared -*- C++ -*-===//
//
// Reads: a folder tt-llc wrote (its plan, and the images of each ABI).
// Guarantees: runFolder runs it on one device ("sim:wormhole_b0",
// "ttsim:wormhole_b0", ...) with seeded uniform inputs in [-1, 1) that are
// the same for every device given the same seed, and returns the raw
// bytes of every output buffer; compareOutputs compares two runs element by
// element in the buffer's format: how many elements differ and by how many
// units in the last place at most (the distance of the bit patterns on the
// ordered number line, so 1 ulp across zero too). Header-only; needs
// nothing of the hw ABI's compute intrinsics: a run that fails returns the
// device's status and message instead.
// Example (the simulator against ttsim, bit for bit is the goal):
//   auto sim = ttcmp::runFolder(dir, "sim:wormhole_b0", 1);
//   auto hw = ttcmp::runFolder(dir, "ttsim:wormhole_b0", 1); // after tt_set_ttsim_library
//   for (const ttcmp::OutputDiff &d : ttcmp::compareOutputs(sim, hw))
//     EXPECT_EQ(d.differing, 0u) << d.name << ": max " << d.maxUlps << " ulps";
//
//===----------------------------------------------------------------------===//
#pragma once

#include "plan/Plan.h"
#include "runtime/PlanProgram.h"
#include "tt/runtime.h"

#include "llvm/Support/Error.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace ttcmp {

/// One output buffer of a run: its name, tile format and raw bytes (tiles
/// in page order, as tt_buffer_read_bytes gives them).
struct Output {
  std::string name;
  tt_data_format format = TT_FLOAT16_B;
  std::vector<uint8_t> bytes;
};

struct Run {
  tt_status status = TT_OK;
  std::string message; // why the run failed, when status != TT_OK
  std::vector<Output> outputs;
};

/// Runs the folder `dir` on `device` with inputs seeded by `seed`.
inline Run runFolder(const std::string &dir, const std::string &device, unsigned seed) {
  Run run;
  auto fail = [&](tt_status s, std::string why) {
    run.status = s == TT_OK ? TT_ERROR_INVALID_ARGUMENT : s;
    run.message = std::move(why);
    return run;
  };
  auto plan = ttplan::readPlanFile(dir + "/tt.plan.json", ttplan::PlanKind::Lowered);
  if (!plan)
    return fail(TT_ERROR_INVALID_ARGUMENT, llvm::toString(plan.takeError()));
  auto images = ttrt::readImages(dir, *plan);
  if (!images)
    return fail(TT_ERROR_INVALID_ARGUMENT, llvm::toString(images.takeError()));
  tt_device *dev = nullptr;
  if (tt_status s = tt_device_open(device.c_str(), &dev))
    return fail(s, tt_last_error());
  std::vector<tt_buffer *> buffers;
  tt_program *program = nullptr;
  auto close = [&] {
    tt_program_destroy(program);
    for (tt_buffer *b : buffers)
      tt_buffer_destroy(b);
    tt_device_close(dev);
  };
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (const ttplan::Buffer &b : plan->buffers) {
    auto format = ttrt::dataFormat(b.dtype);
    tt_buffer *buffer = nullptr;
    tt_status s = format ? tt_buffer_create(dev, uint64_t(b.numPages) * b.pageSize,
                                            uint32_t(b.pageSize), &buffer)
                         : TT_ERROR_INVALID_ARGUMENT;
    if (!format)
      llvm::consumeError(format.takeError());
    if (s != TT_OK) {
      close();
      return fail(s, "buffer " + b.name + ": " + tt_last_error());
    }
    buffers.push_back(buffer);
    uint32_t rows = b.shape.size() == 1 ? 1 : uint32_t(b.shape[0]);
    uint32_t cols = uint32_t(b.shape.back());
    std::vector<float> host(size_t(rows) * cols, 0.0f);
    if (b.role == ttplan::BufferRole::Input)
      for (float &v : host)
        v = uniform(rng);
    if (tt_status w = tt_buffer_write_tiles(buffer, host.data(), TT_FLOAT32, rows, cols, *format)) {
      close();
      return fail(w, "buffer " + b.name + ": " + tt_last_error());
    }
  }
  auto created = ttrt::createProgram(dev, *plan, *images, buffers);
  if (!created) {
    close();
    return fail(TT_ERROR_INVALID_ARGUMENT, llvm::toString(created.takeError()));
  }
  program = *created;
  if (tt_status s = tt_program_run(program)) {
    std::string why = tt_last_error();
    close();
    return fail(s, why);
  }
  for (size_t i = 0; i < plan->buffers.size(); ++i) {
    const ttplan::Buffer &b = plan->buffers[i];
    if (b.role != ttplan::BufferRole::Output && b.role != ttplan::BufferRole::InOut)
      continue;
    Output out{b.name, TT_FLOAT16_B, std::vector<uint8_t>(tt_buffer_size(buffers[i]))};
    if (auto format = ttrt::dataFormat(b.dtype))
      out.format = *format;
    else
      llvm::consumeError(format.takeError());
    tt_buffer_read_bytes(buffers[i], out.bytes.data(), out.bytes.size());
    run.outputs.push_back(std::move(out));
  }
  close();
  return run;
}

/// The position of the bit pattern `bits` of a `width`-bit float on the
/// ordered number line (+0 and -0 both at 0).
inline int64_t orderedBits(uint32_t bits, unsigned width) {
  uint32_t sign = 1u << (width - 1);
  int64_t magnitude = int64_t(bits & (sign - 1));
  return bits & sign ? -magnitude : magnitude;
}

/// Units in the last place between the elements `a` and `b` of `format`.
inline uint64_t ulpDistance(uint32_t a, uint32_t b, tt_data_format format) {
  unsigned width = format == TT_FLOAT32 ? 32 : 16;
  int64_t d = orderedBits(a, width) - orderedBits(b, width);
  return uint64_t(d < 0 ? -d : d);
}

struct OutputDiff {
  std::string name;
  size_t elements = 0, differing = 0;
  uint64_t maxUlps = 0;
  size_t firstDiffering = 0; // element index in the buffer's bytes, if differing
};

/// Element-by-element differences of the outputs of `a` and `b` (runs of
/// one folder), in output order; a size mismatch counts every element.
inline std::vector<OutputDiff> compareOutputs(const Run &a, const Run &b) {
  std::vector<OutputDiff> diffs;
  for (size_t i = 0; i < a.outputs.size() && i < b.outputs.size(); ++i) {
    const Output &x = a.outputs[i], &y = b.outputs[i];
    unsigned bytes = x.format == TT_FLOAT32 ? 4 : 2;
    OutputDiff d;
    d.name = x.name;
    d.elements = x.bytes.size() / bytes;
    if (y.bytes.size() != x.bytes.size()) {
      d.differing = d.elements;
      d.maxUlps = UINT64_MAX;
      diffs.push_back(d);
      continue;
    }
    for (size_t e = 0; e < d.elements; ++e) {
      uint32_t u = 0, v = 0;
      std::memcpy(&u, &x.bytes[e * bytes], bytes);
      std::memcpy(&v, &y.bytes[e * bytes], bytes);
      if (u == v)
        continue;
      if (d.differing++ == 0)
        d.firstDiffering = e;
      d.maxUlps = std::max(d.maxUlps, ulpDistance(u, v, x.format));
    }
    diffs.push_back(d);
  }
  return diffs;
}

} // namespace ttcmp
