# ttllc_embed(<output.cpp> <symbol> <input> [DEPENDS <targets/files>...])
#
# Generates <output.cpp> at build time holding the bytes of <input> as
#   namespace ttllc::embedded { extern const unsigned char <symbol>[];
#                               extern const std::size_t <symbol>_size; }
# (the array has one trailing 0 byte after the <symbol>_size bytes).
function(ttllc_embed output symbol input)
  cmake_parse_arguments(ARG "" "" "DEPENDS" ${ARGN})
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DSYMBOL=${symbol}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake
    DEPENDS ${input} ${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake ${ARG_DEPENDS}
    COMMENT "Embedding ${input}"
    VERBATIM)
endfunction()
