//===- runtime/PlanProgram.cpp - a program from tt.plan.json --------------===//
//
// See PlanProgram.h. The conversion mirrors what backend/HostStub.cpp writes
// into a stub: one row of runtime arguments per core and program, the
// positions that hold buffer addresses fixed by the first core.
//
//===----------------------------------------------------------------------===//

#include "PlanProgram.h"

#include "tt/devices.h"
#include "tt/programs.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <limits>
#include <optional>

using namespace ttrt;
using namespace ttplan;

namespace {

llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The format called `name` (tt-metal's DataFormat name, tt/devices.h) if
/// the runtime converts it.
std::optional<tt_data_format> cbFormat(llvm::StringRef name) {
  for (const tt_tile_format &f : tt_tile_formats)
    if (f.simulated && name == f.name)
      return tt_data_format(f.data_format);
  return std::nullopt;
}

/// `value` as a uint32_t, or an error naming `what`.
llvm::Expected<uint32_t> u32(int64_t value, const llvm::Twine &what) {
  if (value < 0 || value > int64_t(std::numeric_limits<uint32_t>::max()))
    return error(what + ": " + llvm::Twine(value) + " is outside [0, 2^32)");
  return uint32_t(value);
}

} // namespace

llvm::Expected<KernelImageSets> ttrt::readImages(llvm::StringRef dir, const Plan &plan) {
  if (plan.images.empty())
    return error("kernel '" + plan.kernel + "': the plan lists no images (not a compiled folder?)");
  KernelImageSets sets;
  for (const ImageSet &set : plan.images) {
    auto abi = llvm::find(kDeviceABIs, set.abi);
    if (abi == kDeviceABIs.end())
      return error("kernel '" + plan.kernel + "': images for an unknown device ABI '" + set.abi +
                   "'");
    KernelImageSet &images = sets.emplace_back();
    images.abi = tt_device_abi(abi - kDeviceABIs.begin());
    for (unsigned i = 0; i < TT_NUM_RISCS; ++i) {
      llvm::SmallString<256> path(dir);
      llvm::sys::path::append(path, set.files[i]);
      auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
      if (!buf)
        return error("cannot read '" + path + "' (the " + set.abi + " image of the " +
                     tt_riscs[i].upper + "): " + buf.getError().message());
      llvm::StringRef b = (*buf)->getBuffer();
      images.images[i].assign(b.begin(), b.end());
    }
  }
  return sets;
}

llvm::Expected<tt_data_format> ttrt::dataFormat(llvm::StringRef dtype) {
  if (dtype == "bfloat16")
    return TT_FLOAT16_B;
  if (dtype == "float16")
    return TT_FLOAT16;
  if (dtype == "float32")
    return TT_FLOAT32;
  return error("buffers of dtype '" + dtype + "' have no tile format");
}

llvm::Expected<std::unique_ptr<PlanKernel>> PlanKernel::create(const Plan &plan,
                                                               const KernelImageSets &images) {
  std::unique_ptr<PlanKernel> k(new PlanKernel());
  std::string where = "kernel '" + plan.kernel + "'";
  k->kernel_ = plan.kernel;
  k->device_ = plan.device.name;

  k->bufferNames_.reserve(plan.buffers.size());
  for (size_t i = 0; i < plan.buffers.size(); ++i) {
    const Buffer &b = plan.buffers[i];
    auto pageSize = u32(b.pageSize, where + ": buffers[" + llvm::Twine(i) + "].page_size");
    if (!pageSize)
      return pageSize.takeError();
    if (b.numPages < 0)
      return error(where + ": buffers[" + llvm::Twine(i) + "].num_pages is negative");
    k->bufferNames_.push_back(b.name);
    k->buffers_.push_back({k->bufferNames_.back().c_str(), *pageSize, uint64_t(b.numPages)});
  }

  for (size_t i = 0; i < plan.circularBuffers.size(); ++i) {
    const CircularBuffer &cb = plan.circularBuffers[i];
    std::string at = where + ": circular_buffers[" + std::to_string(i) + "]";
    std::optional<tt_data_format> format = cbFormat(cb.dataFormat);
    if (!format)
      return error(at + ": the runtime has no data format '" + cb.dataFormat + "'");
    auto id = u32(cb.id, at + ".id");
    if (!id)
      return id.takeError();
    auto pageSize = u32(cb.pageSize, at + ".page_size");
    if (!pageSize)
      return pageSize.takeError();
    auto numPages = u32(cb.numPages, at + ".num_pages");
    if (!numPages)
      return numPages.takeError();
    k->circularBuffers_.push_back({*id, *pageSize, *numPages, *format});
  }

  // The images were compiled for one configuration of the matrix engine;
  // without it the kernel would run with another.
  if (!plan.compute)
    return error(where + ": the plan has no compute section (fp32_dest_acc, math_fidelity), which "
                         "the images of a lowered kernel were compiled for");
  int math = mathFidelityValue(plan.compute->mathFidelity);
  if (!math)
    return error(where + ": compute: the runtime has no math fidelity '" +
                 plan.compute->mathFidelity + "'");

  k->images_ = images;
  for (size_t c = 0; c < plan.cores.size(); ++c) {
    const Core &core = plan.cores[c];
    auto x = u32(core.x, where + ": cores[" + llvm::Twine(c) + "].x");
    if (!x)
      return x.takeError();
    auto y = u32(core.y, where + ": cores[" + llvm::Twine(c) + "].y");
    if (!y)
      return y.takeError();
    k->cores_.push_back({*x, *y});
  }

  // The runtime arguments: the first core fixes their number and which are
  // buffer addresses.
  std::array<uint32_t, 3> counts = {};
  for (size_t p = 0; p < 3; ++p) {
    if (plan.cores.empty())
      break;
    const std::vector<Arg> &first = plan.cores[0].args[p];
    counts[p] = uint32_t(first.size());
    for (size_t i = 0; i < first.size(); ++i) {
      if (!first[i].isBuffer())
        continue;
      auto it = std::find_if(plan.buffers.begin(), plan.buffers.end(),
                             [&](const Buffer &b) { return b.name == first[i].buffer; });
      if (it == plan.buffers.end())
        return error(where + ": cores[0].args." + tt_kernels[p] + "[" + llvm::Twine(i) +
                     "]: no buffer is named '" + first[i].buffer + "'");
      k->addresses_[p].push_back({uint32_t(i), uint32_t(it - plan.buffers.begin())});
    }
    for (size_t c = 0; c < plan.cores.size(); ++c) {
      const std::vector<Arg> &args = plan.cores[c].args[p];
      std::string at = where + ": cores[" + std::to_string(c) + "].args." + tt_kernels[p];
      if (args.size() != first.size())
        return error(at + ": " + llvm::Twine(args.size()) + " arguments, cores[0] has " +
                     llvm::Twine(first.size()));
      for (size_t i = 0; i < args.size(); ++i) {
        if (args[i].isBuffer() != first[i].isBuffer() ||
            (args[i].isBuffer() && args[i].buffer != first[i].buffer))
          return error(at + "[" + llvm::Twine(i) + "]: " +
                       (first[i].isBuffer() ? "expected the address of buffer '" + first[i].buffer +
                                                  "', as on cores[0]"
                                            : std::string("expected a value, as on cores[0]")));
        k->values_[p].push_back(args[i].isBuffer() ? 0 : args[i].value);
      }
    }
  }

  tt_kernel_desc &d = k->desc_;
  d.version = TT_KERNEL_DESC_VERSION;
  d.kernel = k->kernel_.c_str();
  d.device = k->device_.c_str();
  d.num_buffers = uint32_t(k->buffers_.size());
  d.buffers = k->buffers_.data();
  d.num_circular_buffers = uint32_t(k->circularBuffers_.size());
  d.circular_buffers = k->circularBuffers_.data();
  d.fp32_dest_acc = plan.compute->fp32DestAcc;
  d.math_fidelity = tt_math_fidelity(math);
  for (const KernelImageSet &set : k->images_) {
    tt_kernel_image_set &out = k->imageSets_.emplace_back();
    out.abi = set.abi;
    for (size_t r = 0; r < 5; ++r)
      out.images[r] = {set.images[r].data(), set.images[r].size()};
  }
  d.num_image_sets = uint32_t(k->imageSets_.size());
  d.image_sets = k->imageSets_.data();
  d.num_cores = uint32_t(k->cores_.size());
  d.cores = k->cores_.data();
  tt_kernel_args *args[3] = {&d.reader, &d.compute, &d.writer};
  for (size_t p = 0; p < 3; ++p)
    *args[p] = {counts[p], k->values_[p].data(), uint32_t(k->addresses_[p].size()),
                k->addresses_[p].data()};
  return k;
}

llvm::Expected<tt_program *> ttrt::createProgram(tt_device *device, const Plan &plan,
                                                 const KernelImageSets &images,
                                                 const std::vector<tt_buffer *> &buffers) {
  auto kernel = PlanKernel::create(plan, images);
  if (!kernel)
    return kernel.takeError();
  tt_program *program = nullptr;
  if (tt_program_create_from_kernel(device, &(*kernel)->desc(), buffers.data(),
                                    uint32_t(buffers.size()), &program) != TT_OK)
    return error(tt_last_error());
  return program;
}
