# cmake -DINPUT=<file> -DOUTPUT=<file.cpp> -DSYMBOL=<name> -P EmbedFile.cmake
#
# Writes a C++ source defining the bytes of INPUT as
#   extern "C++" const unsigned char SYMBOL[];  const unsigned long SYMBOL_size;
# in namespace ttllc::embedded (see cmake/Embed.cmake).
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR size "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n" bytes "${bytes}")
get_filename_component(name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${name} by cmake/EmbedFile.cmake. Do not edit.\n"
  "#include <cstddef>\n"
  "namespace ttllc::embedded {\n"
  "extern const unsigned char ${SYMBOL}[] = {\n${bytes}0};\n"
  "extern const std::size_t ${SYMBOL}_size = ${size};\n"
  "} // namespace ttllc::embedded\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
