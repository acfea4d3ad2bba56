# ttllc_add_kernel(<target> SOURCE <kernel.py> KERNEL <name> [STUB_NAME <stub>]
#                  [DEVICE <wormhole_b0|blackhole|grayskull>] [DEFINES NAME=VALUE...]
#                  [OPTIONS <more tt-llc options>...])
#
# Compiles a TileLang kernel with tt-llc at build time into
# ${CMAKE_CURRENT_BINARY_DIR}/<target>/ (objects, images, host stub, tt.plan.json) and
# defines the static library <target> holding the host object <stub>_host.o. KERNEL is
# the kernel's name (its @T.prim_func), the default <stub>. Linking <target> gives the
# launch functions <stub>_create_program / <stub>_launch of <stub>_host.h (on the
# include path) and the runtime library:
#
#   ttllc_add_kernel(gemm256 SOURCE kernels/gemm.py KERNEL gemm DEFINES M=256 N=256 K=256)
#   add_executable(harness harness.cpp)
#   target_link_libraries(harness PRIVATE gemm256)      # #include "gemm_host.h"
#
# Two variants of one kernel in one harness need distinct STUB_NAMEs (tt-llc
# --stub-name), or their functions clash.
#
# Inside this project tt-llc and the runtime are the targets tt-llc and ttllc_runtime;
# in a project that did find_package(ttllc) they are TTLLC_COMPILER and
# ttllc::ttllc_runtime (set by the installed package's ttllcConfig.cmake).
function(ttllc_add_kernel target)
  cmake_parse_arguments(ARG "" "SOURCE;KERNEL;STUB_NAME;DEVICE" "DEFINES;OPTIONS" ${ARGN})
  if(NOT ARG_SOURCE OR NOT ARG_KERNEL)
    message(FATAL_ERROR "ttllc_add_kernel(${target}): SOURCE and KERNEL are required")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ttllc_add_kernel(${target}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  get_filename_component(source ${ARG_SOURCE} ABSOLUTE)
  if(TARGET tt-llc)
    set(compiler $<TARGET_FILE:tt-llc>)
    set(compiler_dep tt-llc)
  elseif(TTLLC_COMPILER)
    set(compiler ${TTLLC_COMPILER})
    set(compiler_dep ${TTLLC_COMPILER})
  else()
    message(FATAL_ERROR "ttllc_add_kernel(${target}): no tt-llc (set TTLLC_COMPILER)")
  endif()
  if(TARGET ttllc_runtime)
    set(runtime ttllc_runtime)
  elseif(TARGET ttllc::ttllc_runtime)
    set(runtime ttllc::ttllc_runtime)
  else()
    message(FATAL_ERROR "ttllc_add_kernel(${target}): no runtime library (find_package(ttllc))")
  endif()

  set(stub ${ARG_KERNEL})
  set(outdir ${CMAKE_CURRENT_BINARY_DIR}/${target})
  set(args ${source} -o ${outdir})
  if(ARG_STUB_NAME)
    set(stub ${ARG_STUB_NAME})
    list(APPEND args --stub-name=${stub})
  endif()
  if(ARG_DEVICE)
    list(APPEND args --device=${ARG_DEVICE})
  endif()
  foreach(define ${ARG_DEFINES})
    list(APPEND args -D ${define})
  endforeach()
  list(APPEND args ${ARG_OPTIONS})

  set(host_object ${outdir}/${stub}_host.o)
  add_custom_command(
    OUTPUT ${host_object} ${outdir}/${stub}_host.h ${outdir}/tt.plan.json
    COMMAND ${compiler} ${args}
    DEPENDS ${source} ${compiler_dep}
    COMMENT "tt-llc: compiling ${ARG_SOURCE} (${ARG_KERNEL}) into ${target}/"
    VERBATIM)
  set_source_files_properties(${host_object} PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
  # The header is a source too, so that the harnesses including it are
  # compiled only after tt-llc has run.
  add_library(${target} STATIC ${host_object} ${outdir}/${stub}_host.h)
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE CXX)
  target_include_directories(${target} INTERFACE ${outdir})
  target_link_libraries(${target} INTERFACE ${runtime})
endfunction()
