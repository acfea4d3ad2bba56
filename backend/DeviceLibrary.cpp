//===- backend/DeviceLibrary.cpp - the embedded device libraries ----------===//
//
// Maps a target's architecture to its device library object, whose bytes
// backend/DeviceLibrary.cmake embeds as ttllc::embedded::device_library_<arch>
// (plus one trailing 0 byte that is not part of the object).
//
//===----------------------------------------------------------------------===//

#include "backend/DeviceLibrary.h"

#include <cstddef>

namespace ttllc::embedded {
extern const unsigned char device_library_wormhole[];
extern const std::size_t device_library_wormhole_size;
extern const unsigned char device_library_grayskull[];
extern const std::size_t device_library_grayskull_size;
extern const unsigned char device_library_blackhole[];
extern const std::size_t device_library_blackhole_size;
} // namespace ttllc::embedded

using namespace ttllc;

llvm::ArrayRef<uint8_t> ttllc::deviceLibraryObject(const TargetInfo &target) {
  struct Library {
    const char *arch;
    const unsigned char *bytes;
    const std::size_t &size;
  };
  static const Library libraries[] = {
      {"wormhole", embedded::device_library_wormhole, embedded::device_library_wormhole_size},
      {"grayskull", embedded::device_library_grayskull, embedded::device_library_grayskull_size},
      {"blackhole", embedded::device_library_blackhole, embedded::device_library_blackhole_size},
  };
  for (const Library &lib : libraries)
    if (target.arch == lib.arch)
      return {lib.bytes, lib.size};
  return {};
}
