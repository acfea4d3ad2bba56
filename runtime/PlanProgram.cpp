//===- runtime/PlanProgram.cpp - a program from tt.plan.json --------------===//

#include "PlanProgram.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace ttrt;
using namespace ttplan;

namespace {

constexpr const char *kImageNames[5] = {"writer.elf", "reader.elf", "compute.trisc0.elf",
                                        "compute.trisc1.elf", "compute.trisc2.elf"};

llvm::Error runtimeError(tt_status s, llvm::StringRef what) {
  return llvm::createStringError(what + ": " + tt_last_error() + " (status " + llvm::Twine(int(s)) +
                                 ")");
}

tt_math_fidelity fidelity(llvm::StringRef name) {
  return name == "LoFi"    ? TT_LOFI
         : name == "HiFi2" ? TT_HIFI2
         : name == "HiFi3" ? TT_HIFI3
                           : TT_HIFI4;
}

} // namespace

llvm::Expected<std::array<std::vector<uint8_t>, 5>> ttrt::readImages(llvm::StringRef dir) {
  std::array<std::vector<uint8_t>, 5> images;
  for (unsigned i = 0; i < 5; ++i) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, kImageNames[i]);
    auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
    if (!buf)
      return llvm::createStringError("cannot read '" + path + "': " + buf.getError().message());
    llvm::StringRef b = (*buf)->getBuffer();
    images[i].assign(b.begin(), b.end());
  }
  return images;
}

llvm::Expected<tt_data_format> ttrt::dataFormat(llvm::StringRef dtype) {
  if (dtype == "bfloat16")
    return TT_FLOAT16_B;
  if (dtype == "float16")
    return TT_FLOAT16;
  if (dtype == "float32")
    return TT_FLOAT32;
  return llvm::createStringError("buffers of dtype '" + dtype + "' have no tile format");
}

llvm::Expected<tt_program *> ttrt::createProgram(tt_device *device, const ttplan::Plan &plan,
                                                 const std::array<std::vector<uint8_t>, 5> &images,
                                                 const std::vector<tt_buffer *> &buffers) {
  if (buffers.size() != plan.buffers.size())
    return llvm::createStringError("kernel '" + plan.kernel + "' takes " +
                                   llvm::Twine(plan.buffers.size()) + " buffers, got " +
                                   llvm::Twine(buffers.size()));
  tt_program *program = nullptr;
  if (tt_status s = tt_program_create(device, plan.kernel.c_str(), &program))
    return runtimeError(s, "tt_program_create");
  auto fail = [&](tt_status s, llvm::StringRef what) -> llvm::Expected<tt_program *> {
    llvm::Error e = runtimeError(s, what);
    tt_program_destroy(program);
    return std::move(e);
  };
  for (const CircularBuffer &cb : plan.circularBuffers) {
    tt_data_format format = cb.dataFormat == "Float32"   ? TT_FLOAT32
                            : cb.dataFormat == "Float16" ? TT_FLOAT16
                                                         : TT_FLOAT16_B;
    if (tt_status s = tt_program_add_circular_buffer(
            program, uint32_t(cb.id), uint32_t(cb.pageSize), uint32_t(cb.numPages), format))
      return fail(s, "tt_program_add_circular_buffer");
  }
  for (unsigned i = 0; i < 5; ++i)
    if (tt_status s =
            tt_program_set_kernel(program, tt_risc(i), images[i].data(), images[i].size()))
      return fail(s, "tt_program_set_kernel");
  if (plan.compute)
    if (tt_status s = tt_program_set_compute_config(program, plan.compute->fp32DestAcc,
                                                    fidelity(plan.compute->mathFidelity)))
      return fail(s, "tt_program_set_compute_config");
  auto values = [&](const std::vector<Arg> &args) {
    std::vector<uint32_t> v;
    for (const Arg &a : args) {
      uint32_t value = a.value;
      if (a.isBuffer())
        for (size_t b = 0; b < plan.buffers.size(); ++b)
          if (plan.buffers[b].name == a.buffer)
            value = tt_buffer_address(buffers[b]);
      v.push_back(value);
    }
    return v;
  };
  for (const Core &c : plan.cores) {
    std::vector<uint32_t> reader = values(c.args.reader), compute = values(c.args.compute),
                          writer = values(c.args.writer);
    uint32_t x = uint32_t(c.x), y = uint32_t(c.y);
    for (auto [risc, args] : {std::pair{TT_NCRISC, &reader}, std::pair{TT_TRISC0, &compute},
                              std::pair{TT_TRISC1, &compute}, std::pair{TT_TRISC2, &compute},
                              std::pair{TT_BRISC, &writer}})
      if (tt_status s = tt_program_set_runtime_args(program, x, y, risc, args->data(),
                                                    uint32_t(args->size())))
        return fail(s, "tt_program_set_runtime_args");
  }
  return program;
}
