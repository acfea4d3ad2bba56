# cmake -DBUILD_DIR=<tt-llc build> -DWORK_DIR=<scratch> -DPROJECT_DIR=<tests/package>
#       -DEXAMPLES=<examples> -DGENERATOR=<generator> -P TestPackage.cmake
#
# The ctest test `package`: installs the build into WORK_DIR/prefix, then
# configures, builds and runs the user project PROJECT_DIR against it, the
# way a user of the installed ttllc package would.
foreach(var BUILD_DIR WORK_DIR PROJECT_DIR EXAMPLES GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "TestPackage.cmake: ${var} is not set")
  endif()
endforeach()

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "package test: ${what} failed (${result})")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
run("installing" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
run("configuring the user project" ${CMAKE_COMMAND} -G ${GENERATOR} -S ${PROJECT_DIR}
    -B ${WORK_DIR}/build -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
    -DTTLLC_EXAMPLES=${EXAMPLES})
run("building the user project" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run("running the harness" ${WORK_DIR}/build/harness)
run("running the installed tt-run" ${WORK_DIR}/prefix/bin/tt-run ${EXAMPLES}/gemm.py --verify)
