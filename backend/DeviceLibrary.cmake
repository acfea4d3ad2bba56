# The device libraries (`_start` and the tt.* intrinsics of one device ABI)
# compiled with LLVM 19's clang for the RISC-V cores of each device
# architecture into LLVM bitcode, embedded into tt-llc as
# ttllc::embedded::device_library_<abi>_<arch>; the backend links a library's
# bitcode into each program before the O2 pipeline, so the intrinsics inline
# (backend/DeviceLibrary.cpp). Included from backend/CMakeLists.txt; sets
# TTLLC_DEVICE_LIBRARY_SOURCES to the generated C++ files.
#
# The table of libraries is the list of ttllc_device_library() calls at the
# end: one per ABI, its source (relative to runtime/device), the
# architectures it is built for and extra defines. Every build also gets
# -DTT_ARCH_<ARCH>=1 and the -march of its architecture.
#
# The bitcode is reproducible: no debug info, no ident, and clang runs in
# runtime/device on the relative source name, so the module's source file
# name does not depend on the checkout path.

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
set(TTLLC_DEVICE_LIBRARY_TABLE "")

# ttllc_device_library(<abi> SOURCE <file> ARCHS <arch>... [DEFINES <NAME=VALUE>...])
function(ttllc_device_library abi)
  cmake_parse_arguments(ARG "" "SOURCE" "ARCHS;DEFINES" ${ARGN})
  if(NOT ARG_SOURCE OR NOT ARG_ARCHS OR ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ttllc_device_library(${abi}): SOURCE and ARCHS are required")
  endif()
  set(defines "")
  foreach(define IN LISTS ARG_DEFINES)
    list(APPEND defines -D${define})
  endforeach()
  set(sources ${TTLLC_DEVICE_LIBRARY_SOURCES})
  set(table ${TTLLC_DEVICE_LIBRARY_TABLE})
  foreach(arch IN LISTS ARG_ARCHS)
    if(NOT DEFINED TTLLC_DEVICE_MARCH_${arch})
      message(FATAL_ERROR "ttllc_device_library(${abi}): no TT_MARCH_ line for '${arch}'")
    endif()
    string(TOUPPER ${arch} ARCH)
    set(bc ${CMAKE_CURRENT_BINARY_DIR}/ttdevice-${abi}-${arch}.bc)
    set(cpp ${CMAKE_CURRENT_BINARY_DIR}/DeviceLibrary-${abi}-${arch}.cpp)
    add_custom_command(
      OUTPUT ${bc}
      COMMAND ${TTLLC_DEVICE_CLANG} ${TTLLC_DEVICE_CFLAGS} -march=${TTLLC_DEVICE_MARCH_${arch}}
              -DTT_ARCH_${ARCH}=1 ${defines} -emit-llvm -c ${ARG_SOURCE} -o ${bc}
      WORKING_DIRECTORY ${TTLLC_DEVICE_SOURCE_DIR}
      DEPENDS ${TTLLC_DEVICE_SOURCE_DIR}/${ARG_SOURCE}
              ${PROJECT_SOURCE_DIR}/runtime/include/tt/device_abi.h
              ${PROJECT_SOURCE_DIR}/runtime/include/tt/hw_abi.h
              ${TTLLC_DEVICE_CLANG}
      COMMENT "Building the ${abi} device library for ${arch} (ttdevice-${abi}-${arch}.bc)"
      VERBATIM)
    ttllc_embed(${cpp} device_library_${abi}_${arch} ${bc})
    list(APPEND sources ${cpp})
    list(APPEND table "${abi}:${arch}")
  endforeach()
  set(TTLLC_DEVICE_LIBRARY_SOURCES ${sources} PARENT_SCOPE)
  set(TTLLC_DEVICE_LIBRARY_TABLE ${table} PARENT_SCOPE)
endfunction()

# The table: one line per device ABI (docs/device-abi.md).
ttllc_device_library(sim SOURCE ttdevice.c ARCHS ${TTLLC_DEVICE_ARCHS})
# The hardware's own registers and L1 structures (tt/hw_abi.h): ttsim:* devices and silicon.
# ttsim simulates no Grayskull, so there is none for it.
ttllc_device_library(hw SOURCE hw/ttdevice_hw.c ARCHS wormhole blackhole)

# The list tt-llc reads (backend/DeviceLibrary.cpp includes it): one
# TTLLC_DEVICE_LIBRARY(abi, arch) line per library, in table order.
set(TTLLC_DEVICE_LIBRARY_LIST ${CMAKE_CURRENT_BINARY_DIR}/DeviceLibraries.inc)
set(list_text "// Generated by backend/DeviceLibrary.cmake. Do not edit.\n")
foreach(entry IN LISTS TTLLC_DEVICE_LIBRARY_TABLE)
  string(REPLACE ":" ", " entry "${entry}")
  string(APPEND list_text "TTLLC_DEVICE_LIBRARY(${entry})\n")
endforeach()
file(CONFIGURE OUTPUT ${TTLLC_DEVICE_LIBRARY_LIST} CONTENT "${list_text}" @ONLY)
