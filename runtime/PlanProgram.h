//===- runtime/PlanProgram.h - a program from tt.plan.json ------*- C++ -*-===//
//
// What a generated host stub does, driven by data instead of generated code:
// builds the program of a kernel from its plan (plan/Plan.h) and the five
// images of an output folder, on a device and buffers the caller created.
// tt-run uses it to run any folder tt-llc wrote.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "plan/Plan.h"
#include "tt/runtime.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <vector>

namespace ttrt {

/// The five images of an output folder, by tt_risc: writer.elf (BRISC),
/// reader.elf (NCRISC), compute.trisc{0,1,2}.elf.
llvm::Expected<std::array<std::vector<uint8_t>, 5>> readImages(llvm::StringRef dir);

/// The data format of a plan dtype ("bfloat16" -> TT_FLOAT16_B, ...).
llvm::Expected<tt_data_format> dataFormat(llvm::StringRef dtype);

/// Creates the program of `plan` with `images`; `buffers` are the kernel's
/// buffers in parameter order. Errors carry tt_last_error()'s text.
llvm::Expected<tt_program *> createProgram(tt_device *device, const ttplan::Plan &plan,
                                           const std::array<std::vector<uint8_t>, 5> &images,
                                           const std::vector<tt_buffer *> &buffers);

} // namespace ttrt
