# The device library (runtime/device/ttdevice.c: `_start` and the tt.*
# intrinsics) compiled with LLVM 19's clang for the RISC-V cores of each
# device architecture and embedded into tt-llc as
# ttllc::embedded::device_library_<arch> (see backend/DeviceLibrary.cpp).
# Included from backend/CMakeLists.txt; sets TTLLC_DEVICE_LIBRARY_SOURCES to
# the generated C++ files.
#
# The objects are reproducible: no debug info, no .comment, and clang runs in
# the source folder on the relative name `ttdevice.c`, so the only file name
# in an object (its STT_FILE symbol) does not depend on the checkout path.

find_program(TTLLC_DEVICE_CLANG NAMES clang clang-${LLVM_VERSION_MAJOR}
             HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH)
if(NOT TTLLC_DEVICE_CLANG)
  message(FATAL_ERROR "clang not found in ${LLVM_TOOLS_BINARY_DIR}: it builds the device library "
                      "for riscv32 (package clang-${LLVM_VERSION_MAJOR})")
endif()

set(TTLLC_DEVICE_SOURCE_DIR ${PROJECT_SOURCE_DIR}/runtime/device)
set(TTLLC_DEVICE_CFLAGS
  --target=riscv32-unknown-elf -mabi=ilp32 -mno-relax
  -O2 -ffreestanding -fno-builtin -nostdlib -ffunction-sections -fdata-sections
  -fno-common -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident -g0
  -Wall -Wextra
  -I${PROJECT_SOURCE_DIR}/runtime/include)

# <arch> (TargetInfo::arch in ir/Target.cpp) and its -march, which must
# match the target's riscvFeatures there. No `c`: images hold no compressed
# instructions.
set(TTLLC_DEVICE_ARCHS wormhole grayskull blackhole)
set(TTLLC_DEVICE_MARCH_wormhole rv32im)
set(TTLLC_DEVICE_MARCH_grayskull rv32im)
set(TTLLC_DEVICE_MARCH_blackhole rv32im_zaamo_zba_zbb)

set(TTLLC_DEVICE_LIBRARY_SOURCES "")
foreach(arch IN LISTS TTLLC_DEVICE_ARCHS)
  set(obj ${CMAKE_CURRENT_BINARY_DIR}/ttdevice-${arch}.o)
  set(cpp ${CMAKE_CURRENT_BINARY_DIR}/DeviceLibrary-${arch}.cpp)
  add_custom_command(
    OUTPUT ${obj}
    COMMAND ${TTLLC_DEVICE_CLANG} ${TTLLC_DEVICE_CFLAGS} -march=${TTLLC_DEVICE_MARCH_${arch}}
            -c ttdevice.c -o ${obj}
    WORKING_DIRECTORY ${TTLLC_DEVICE_SOURCE_DIR}
    DEPENDS ${TTLLC_DEVICE_SOURCE_DIR}/ttdevice.c
            ${PROJECT_SOURCE_DIR}/runtime/include/tt/device_abi.h
            ${TTLLC_DEVICE_CLANG}
    COMMENT "Building the ${arch} device library ttdevice-${arch}.o"
    VERBATIM)
  ttllc_embed(${cpp} device_library_${arch} ${obj})
  list(APPEND TTLLC_DEVICE_LIBRARY_SOURCES ${cpp})
endforeach()
