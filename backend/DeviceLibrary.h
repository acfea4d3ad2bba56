//===- backend/DeviceLibrary.h - the embedded device libraries --*- C++ -*-===//
//
// The device library of each device architecture (runtime/device/ttdevice.c:
// `_start` and the tt.* intrinsics), an RV32 relocatable object built by
// backend/DeviceLibrary.cmake and embedded in tt-llc. The linker
// (backend/Link.cpp) links it into every kernel image.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Target.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>

namespace ttllc {

/// The bytes of the device library object for `target.arch`; empty if tt-llc
/// has none for that architecture.
llvm::ArrayRef<uint8_t> deviceLibraryObject(const TargetInfo &target);

} // namespace ttllc
