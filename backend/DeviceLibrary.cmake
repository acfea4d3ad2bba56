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

# <arch> (tt_device_info::arch) and its -march, read from the
# `#define TT_MARCH_<ARCH> "<march>"` lines of the device table tt/devices.h
# (which also gives the compiler's LLVM features of each device).
set(TTLLC_DEVICE_TABLE ${PROJECT_SOURCE_DIR}/runtime/include/tt/devices.h)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${TTLLC_DEVICE_TABLE})
set(TTLLC_MARCH_REGEX "^#define TT_MARCH_([A-Z0-9]+) \"([a-z0-9_]+)\"$")
file(STRINGS ${TTLLC_DEVICE_TABLE} TTLLC_MARCH_LINES REGEX "${TTLLC_MARCH_REGEX}")
set(TTLLC_DEVICE_ARCHS "")
foreach(line IN LISTS TTLLC_MARCH_LINES)
  string(REGEX MATCH "${TTLLC_MARCH_REGEX}" _ "${line}")
  string(TOLOWER "${CMAKE_MATCH_1}" arch)
  set(TTLLC_DEVICE_MARCH_${arch} ${CMAKE_MATCH_2})
  list(APPEND TTLLC_DEVICE_ARCHS ${arch})
endforeach()
if(NOT TTLLC_DEVICE_ARCHS)
  message(FATAL_ERROR "no TT_MARCH_<ARCH> lines in ${TTLLC_DEVICE_TABLE}")
endif()

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
