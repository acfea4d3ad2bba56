//===- runtime/PlanProgram.h - a program from tt.plan.json ------*- C++ -*-===//
//
// The kernel of an output folder tt-llc wrote, as the runtime's C
// description (tt_kernel_desc, tt/runtime.h): its plan (plan/Plan.h) and its
// images for each device ABI, converted into the structs a host stub holds as static data.
// tt-run, the benchmarks and the tests build the program of any folder with
// it, through tt_program_create_from_kernel like a host stub.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "plan/Plan.h"
#include "tt/runtime.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ttrt {

/// The five images of a kernel, by tt_risc.
using KernelImages = std::array<std::vector<uint8_t>, 5>;

/// The images of a kernel for one device ABI.
struct KernelImageSet {
  tt_device_abi abi;
  KernelImages images;
};

/// The images of a kernel for every ABI it was compiled for.
using KernelImageSets = std::vector<KernelImageSet>;

/// The images of an output folder that `plan` (its tt.plan.json, read as
/// PlanKind::Lowered) lists, for every device ABI: writer.elf (BRISC),
/// reader.elf (NCRISC), compute.trisc{0,1,2}.elf for sim; reader.hw.elf ...
/// for hw.
llvm::Expected<KernelImageSets> readImages(llvm::StringRef dir, const ttplan::Plan &plan);

/// The data format of a plan dtype ("bfloat16" -> TT_FLOAT16_B, ...).
llvm::Expected<tt_data_format> dataFormat(llvm::StringRef dtype);

/// A plan's kernel as a tt_kernel_desc, and the storage its pointers point
/// into (so neither copyable nor movable).
class PlanKernel {
public:
  /// Converts `plan` and `images`. Fails, naming the place in the plan, on
  /// a plan without its compute section (which the images were compiled
  /// for), on what the description cannot express: a circular buffer's data
  /// format or a math fidelity the runtime does not know, a number outside 32 bits,
  /// cores whose runtime arguments differ in number or in which of them are
  /// buffer addresses, an address of a buffer the plan lacks.
  static llvm::Expected<std::unique_ptr<PlanKernel>> create(const ttplan::Plan &plan,
                                                            const KernelImageSets &images);

  const tt_kernel_desc &desc() const { return desc_; }

  PlanKernel(const PlanKernel &) = delete;
  PlanKernel &operator=(const PlanKernel &) = delete;

private:
  PlanKernel() = default;

  std::string kernel_, device_;
  std::vector<std::string> bufferNames_;
  std::vector<tt_kernel_buffer> buffers_;
  std::vector<tt_kernel_circular_buffer> circularBuffers_;
  KernelImageSets images_;
  std::vector<tt_kernel_image_set> imageSets_;
  std::vector<tt_kernel_core> cores_;
  std::array<std::vector<uint32_t>, 3> values_;                 // reader, compute, writer
  std::array<std::vector<tt_kernel_address_arg>, 3> addresses_; // reader, compute, writer
  tt_kernel_desc desc_ = {};
};

/// Creates the program of `plan` with `images` through
/// tt_program_create_from_kernel; `buffers` are the kernel's buffers in
/// parameter order. Errors carry tt_last_error()'s text.
llvm::Expected<tt_program *> createProgram(tt_device *device, const ttplan::Plan &plan,
                                           const KernelImageSets &images,
                                           const std::vector<tt_buffer *> &buffers);

} // namespace ttrt
