//===- backend/HostStub.cpp - generate a kernel's host stub ---------------===//
//
// Writes <kernel>_host.h and <kernel>_host.cpp from a kernel's plan
// (plan/Plan.h) and its linked images (docs/runtime.md, "Host stubs"). The
// stub is data plus two thin entry points: the kernel's description for the
// runtime (tt_kernel_desc of tt/runtime.h) as static tables (buffers,
// circular buffers, the cores, one table of runtime arguments per program
// with a row per core, the buffer addresses among them, and the five images
// of each device ABI, listed in kImageSets, as string literals at the end of
// the file), and
// <kernel>_create_program / <kernel>_launch, which pass it with their
// buffers to tt_program_create_from_kernel. All the checking and building
// happens in the runtime, so the stub has no code to optimise and compiles in
// a few milliseconds.
//
// For examples/gemm.py the reader's table starts
//   const uint32_t kReaderArgs[64][7] = {
//       {0, 0,  0, 1, 8, 8, 8}, // (0, 0)
// with its first two arguments (A_addr, B_addr) listed in kReaderAddresses.
//
// The output is deterministic and depends only on the plan and the images.
// What the description cannot express (an unknown data format, cores whose
// arguments differ in number or kind, a missing image, ...) still gives a
// stub: it holds `#error` lines saying what is wrong, so compiling it fails
// with that message.
//
//===----------------------------------------------------------------------===//

#include "backend/HostStub.h"

#include "backend/Programs.h"

#include "tt/device_abi.h"
#include "tt/devices.h"
#include "tt/programs.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

using namespace ttllc;
using llvm::StringRef;

namespace {

constexpr size_t kLineLimit = 100;
constexpr int64_t kMaxUint32 = 0xFFFFFFFFll;

/// Keywords of C++20 and C23 (and the alternative tokens): a buffer called so
/// gets another parameter name.
const llvm::StringSet<> &keywords() {
  // clang-format off
  static const llvm::StringSet<> set = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
      "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
      "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
      "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
      "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
      "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
      "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
      "reinterpret_cast", "requires", "restrict", "return", "short", "signed", "sizeof", "static",
      "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
      "throw", "true", "try", "typedef", "typeid", "typename", "typeof", "typeof_unqual", "union",
      "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
  };
  // clang-format on
  return set;
}

/// `s` made a C identifier: other characters become '_', a leading digit
/// gets a '_' in front; "" becomes `fallback`.
std::string identifier(StringRef s, StringRef fallback) {
  if (s.empty())
    return fallback.str();
  std::string id;
  if (llvm::isDigit(s.front()))
    id += '_';
  for (char c : s)
    id += llvm::isAlnum(c) || c == '_' ? c : '_';
  return id;
}

/// "compute.trisc0" -> "ComputeTrisc0".
std::string camelCase(StringRef s) {
  std::string out;
  bool upper = true;
  for (char c : s) {
    if (!llvm::isAlnum(c)) {
      upper = true;
      continue;
    }
    out += upper ? llvm::toUpper(c) : c;
    upper = false;
  }
  if (!out.empty() && llvm::isDigit(out.front()))
    out.insert(out.begin(), '_');
  return out;
}

/// A C string literal holding `s`.
std::string cString(StringRef s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20 || c >= 0x7f) {
      out += '\\';
      out += char('0' + (c >> 6));
      out += char('0' + ((c >> 3) & 7));
      out += char('0' + (c & 7));
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

/// `s` safe inside a // comment: no line breaks, no trailing backslash.
std::string commentText(StringRef s) {
  std::string out;
  for (char c : s)
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\') ? '?' : c;
  return out;
}

/// "a, b, c" of `items`.
std::string joined(llvm::ArrayRef<std::string> items) { return llvm::join(items, ", "); }

/// `open` + `items`, comma-separated, + `close`: one line if it fits in
/// kLineLimit columns, else wrapped with the items aligned after `open`.
std::string wrappedList(StringRef open, llvm::ArrayRef<std::string> items, StringRef close) {
  std::string line = (open + joined(items) + close).str();
  if (line.size() <= kLineLimit)
    return line;
  std::string out = open.str();
  std::string indent(out.size(), ' ');
  size_t column = out.size();
  for (size_t i = 0; i < items.size(); ++i) {
    std::string piece = items[i] + (i + 1 < items.size() ? "," : close.str());
    if (i > 0) {
      if (column + 1 + piece.size() > kLineLimit) {
        out += "\n" + indent;
        column = indent.size();
      } else {
        out += ' ';
        ++column;
      }
    }
    out += piece;
    column += piece.size();
  }
  return out;
}

/// `head(params...)` + `tail`, wrapped as wrappedList does.
std::string callLine(StringRef head, llvm::ArrayRef<std::string> params, StringRef tail) {
  return wrappedList((head + "(").str(), params, (")" + tail).str());
}

/// `// <lead>` and then `items`, comma-separated, on lines `//   ...` of at
/// most kLineLimit columns.
std::string commentList(StringRef lead, llvm::ArrayRef<std::string> items) {
  std::string out = ("// " + lead + "\n").str();
  std::string line = "//  ";
  for (size_t i = 0; i < items.size(); ++i) {
    std::string piece = items[i] + (i + 1 < items.size() ? "," : "");
    if (line.size() > 4 && line.size() + 1 + piece.size() > kLineLimit) {
      out += line + "\n";
      line = "//  ";
    }
    line += " " + piece;
  }
  return out + line + "\n";
}

/// `text` as // comment lines of at most kProseWidth columns, wrapped at
/// spaces.
std::string paragraph(StringRef text) {
  constexpr size_t kProseWidth = 80;
  std::string clean = commentText(text);
  std::string out, line = "//";
  for (StringRef word : llvm::split(clean, ' ')) {
    if (word.empty())
      continue;
    if (line.size() > 2 && line.size() + 1 + word.size() > kProseWidth) {
      out += line + "\n";
      line = "//";
    }
    line += " " + word.str();
  }
  return out + line + "\n";
}

/// "3 cores", "1 core".
std::string plural(size_t n, StringRef noun) {
  return std::to_string(n) + " " + noun.str() + (n == 1 ? "" : "s");
}

const char *roleName(ttplan::BufferRole role) {
  switch (role) {
  case ttplan::BufferRole::Input:
    return "input";
  case ttplan::BufferRole::Output:
    return "output";
  case ttplan::BufferRole::InOut:
    return "inout";
  case ttplan::BufferRole::Unused:
    return "unused";
  }
  return "?";
}

const char *memoryName(ttplan::Memory memory) {
  return memory == ttplan::Memory::DRAM ? "DRAM" : "L1";
}

/// tt/runtime.h's enumerator of a tile format or a math fidelity: "TT_" and
/// its name in upper case ("Float16_b" -> TT_FLOAT16_B, "HiFi4" -> TT_HIFI4).
std::string runtimeEnum(StringRef name) { return "TT_" + name.upper(); }

/// Whether the runtime converts the tile format called `name` (tt/devices.h).
bool isRuntimeFormat(StringRef name) {
  return llvm::any_of(tt_tile_formats,
                      [&](const tt_tile_format &f) { return f.simulated && name == f.name; });
}

/// `rows` as the lines of an initialiser list, `{a, b, c},` each, in aligned
/// columns: numbers right-aligned, other cells (strings, enumerators) left-
/// aligned; `comments` (one per row, or none) follow the rows, aligned too.
std::string alignedRows(const std::vector<std::vector<std::string>> &rows,
                        const std::vector<std::string> &comments = {}) {
  std::vector<size_t> width;
  for (const auto &row : rows)
    for (size_t i = 0; i < row.size(); ++i) {
      width.resize(std::max(width.size(), row.size()), 0);
      width[i] = std::max(width[i], row[i].size());
    }
  std::vector<std::string> lines;
  size_t longest = 0;
  for (const auto &row : rows) {
    std::string line = "    {";
    for (size_t i = 0; i < row.size(); ++i) {
      bool last = i + 1 == row.size();
      std::string pad(width[i] - row[i].size(), ' ');
      if (llvm::all_of(row[i], llvm::isDigit))
        line += pad + row[i] + (last ? "" : ", ");
      else
        line += row[i] + (last ? "" : "," + pad + " ");
    }
    lines.push_back(line + "},");
    longest = std::max(longest, lines.back().size());
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    if (i < comments.size() && !comments[i].empty())
      out += std::string(longest - lines[i].size() + 1, ' ') + "// " + comments[i];
    out += "\n";
  }
  return out;
}

/// `items` (each ending in ",") on lines of at most kLineLimit columns,
/// indented by four spaces; an item with `breakBefore` set starts a line.
std::string packedItems(const std::vector<std::string> &items,
                        const std::vector<bool> &breakBefore) {
  std::string out, line = "   ";
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string &item = items[i];
    if (line.size() > 3 && (breakBefore[i] || line.size() + 1 + item.size() > kLineLimit)) {
      out += line + "\n";
      line = "   ";
    }
    line += " " + item;
  }
  return line.size() > 3 ? out + line + "\n" : out;
}

/// The bytes of `bytes` as a C string literal of lines of 16 `\xhh` escapes.
std::string byteLiteral(llvm::ArrayRef<uint8_t> bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 4 + bytes.size() / 16 * 8 + 8);
  for (size_t i = 0; i < bytes.size(); i += 16) {
    out += "    \"";
    for (size_t j = i; j < std::min(i + 16, bytes.size()); ++j) {
      out += "\\x";
      out += digits[bytes[j] >> 4];
      out += digits[bytes[j] & 15];
    }
    out += "\"\n";
  }
  if (bytes.empty())
    out = "    \"\"\n";
  return out;
}

/// The runtime arguments of one program (reader, compute or writer).
struct ProgramArgs {
  const char *program;                              // "reader" (tt_kernels)
  std::string riscs;                                // "NCRISC", "TRISC0, TRISC1, TRISC2"
  std::string table;                                // "kReaderArgs"
  std::string addressTable;                         // "kReaderAddresses"
  std::vector<std::string> names;                   // one per argument
  std::vector<std::pair<size_t, size_t>> addresses; // (argument, buffer)
  std::vector<std::vector<uint32_t>> rows;          // one per core
};

/// "reader.elf", "reader.hw.elf": the image's file (backend/Programs.h).
std::string artifactFileName(const KernelImage &image) {
  return image.artifact + (image.abi == kDefaultABI ? "" : "." + image.abi) + ".elf";
}

struct Image {
  const KernelImage *image = nullptr;
  std::string array; // "kReaderImage", "kReaderHwImage"
};

/// The images of one device ABI.
struct ImageSet {
  std::string abi;                      // "sim", "hw"
  std::array<Image, TT_NUM_RISCS> risc; // by TT_RISC_*
};

class Generator {
public:
  Generator(const ttplan::Plan &plan, llvm::ArrayRef<KernelImage> images, StringRef name);
  HostStub run();

private:
  void error(const llvm::Twine &message) { errors_.push_back(message.str()); }

  void nameParameters();
  void readBuffers();
  void readCircularBuffers();
  void readCores();
  void readArgs(size_t program);
  void readImages(llvm::ArrayRef<KernelImage> images);

  std::string header();
  std::string source();
  void emitTables(llvm::raw_ostream &os);
  void emitArgs(llvm::raw_ostream &os, const ProgramArgs &p);
  void emitDescription(llvm::raw_ostream &os);
  void emitEntryPoints(llvm::raw_ostream &os);
  void emitImages(llvm::raw_ostream &os);
  std::vector<std::string> parameterDecls(bool withProgram);

  const ttplan::Plan &plan_;
  std::vector<std::string> errors_;
  std::string prefix_;              // C identifier: "<prefix>_launch"
  std::vector<std::string> params_; // per buffer: its parameter's name
  std::vector<std::vector<std::string>> cbRows_;
  std::vector<std::string> cbNames_;
  std::vector<std::vector<std::string>> cores_;      // {x, y}
  std::array<ProgramArgs, TT_NUM_KERNELS> programs_; // by TT_KERNEL_*
  std::vector<ImageSet> imageSets_;                  // in ttplan::kDeviceABIs order
};

Generator::Generator(const ttplan::Plan &plan, llvm::ArrayRef<KernelImage> images, StringRef name)
    : plan_(plan) {
  prefix_ = identifier(name.empty() ? StringRef(plan.kernel) : name, "kernel");
  if (plan.kernel.empty())
    error("the plan has no kernel name");
  if (plan.device.name.empty())
    error("the plan has no device name");
  for (unsigned k = 0; k < TT_NUM_KERNELS; ++k) {
    ProgramArgs &p = programs_[k];
    p.program = tt_kernels[k];
    std::vector<std::string> riscs;
    for (const tt_risc_info &r : tt_riscs)
      if (StringRef(r.kernel) == p.program)
        riscs.push_back(r.upper);
    p.riscs = llvm::join(riscs, ", ");
    p.table = "k" + camelCase(p.program) + "Args";
    p.addressTable = "k" + camelCase(p.program) + "Addresses";
  }
  readBuffers();
  nameParameters();
  readCircularBuffers();
  readCores();
  for (size_t p = 0; p < programs_.size(); ++p)
    readArgs(p);
  readImages(images);
  if (plan.compute && !ttplan::mathFidelityValue(plan.compute->mathFidelity))
    error("compute: unknown math_fidelity '" + plan.compute->mathFidelity + "'");
}

void Generator::readBuffers() {
  for (size_t i = 0; i < plan_.buffers.size(); ++i) {
    const ttplan::Buffer &b = plan_.buffers[i];
    std::string where = "buffers[" + std::to_string(i) + "]";
    if (b.name.empty())
      error(where + " has no name");
    if (b.pageSize < 1 || b.pageSize > kMaxUint32)
      error(where + ": page_size " + llvm::Twine(b.pageSize) + " is outside [1, 2^32)");
    if (b.numPages < 0)
      error(where + ": num_pages " + llvm::Twine(b.numPages) + " is negative");
  }
}

/// Gives each buffer a parameter name: its own name unless that is a keyword,
/// a name the stub uses itself, a macro of the headers it includes or a name
/// reserved to the implementation; then `_buf` is appended (until unique).
void Generator::nameParameters() {
  llvm::StringSet<> reserved = {"device",  "program", "status",  "buffers",
                                "kKernel", "NULL",    "offsetof"};
  reserved.insert(prefix_ + "_create_program");
  reserved.insert(prefix_ + "_launch");
  reserved.insert("TTLLC_" + StringRef(prefix_).upper() + "_HOST_H");
  auto isReserved = [&](StringRef id) {
    if (keywords().contains(id) || reserved.contains(id))
      return true;
    if (id.starts_with("tt_") || id.starts_with("TT_") || id.starts_with("__") ||
        (id.size() > 1 && id[0] == '_' && llvm::isUpper(id[1])))
      return true;
    // Macros of <stdint.h> and <stddef.h>: INT32_MAX, SIZE_MAX, UINT64_C, ...
    bool allCaps = llvm::all_of(id, [](char c) { return !llvm::isLower(c); });
    return allCaps && (id.ends_with("_MAX") || id.ends_with("_MIN") || id.ends_with("_C") ||
                       id.ends_with("_WIDTH"));
  };
  llvm::StringSet<> used;
  for (size_t i = 0; i < plan_.buffers.size(); ++i) {
    std::string id = identifier(plan_.buffers[i].name, "buffer" + std::to_string(i));
    while (isReserved(id) || used.contains(id))
      id += "_buf";
    used.insert(id);
    params_.push_back(id);
  }
}

void Generator::readCircularBuffers() {
  for (size_t i = 0; i < plan_.circularBuffers.size(); ++i) {
    const ttplan::CircularBuffer &cb = plan_.circularBuffers[i];
    std::string where = "circular_buffers[" + std::to_string(i) + "]";
    bool known = isRuntimeFormat(cb.dataFormat);
    if (!known)
      error(where + ": unknown data_format '" + cb.dataFormat + "'");
    if (cb.id < 0 || cb.id > 31)
      error(where + ": id " + llvm::Twine(cb.id) + " is outside [0, 32)");
    if (cb.pageSize < 1 || cb.pageSize > kMaxUint32)
      error(where + ": page_size " + llvm::Twine(cb.pageSize) + " is outside [1, 2^32)");
    if (cb.numPages < 1 || cb.numPages > kMaxUint32)
      error(where + ": num_pages " + llvm::Twine(cb.numPages) + " is outside [1, 2^32)");
    cbRows_.push_back({std::to_string(cb.id), std::to_string(cb.pageSize),
                       std::to_string(cb.numPages),
                       known ? runtimeEnum(cb.dataFormat) : "TT_FLOAT16_B"});
    cbNames_.push_back(commentText(cb.name));
  }
}

void Generator::readCores() {
  if (plan_.cores.empty())
    error("the plan has no cores");
  for (size_t c = 0; c < plan_.cores.size(); ++c) {
    const ttplan::Core &core = plan_.cores[c];
    for (auto [name, v] : {std::pair<const char *, int64_t>{"x", core.x}, {"y", core.y}})
      if (v < 0 || v > kMaxUint32)
        error("cores[" + llvm::Twine(c) + "]." + name + " " + llvm::Twine(v) +
              " is outside [0, 2^32)");
    cores_.push_back({std::to_string(core.x), std::to_string(core.y)});
  }
}

void Generator::readArgs(size_t program) {
  ProgramArgs &p = programs_[program];
  const std::vector<std::string> &names = plan_.runtimeArgNames[program];
  if (plan_.cores.empty())
    return;
  // The first core fixes the number of arguments and which of them are
  // buffer addresses.
  const std::vector<ttplan::Arg> &first = plan_.cores[0].args[program];
  if (first.size() > TT_RUNTIME_ARGS_MAX)
    error(llvm::Twine("the ") + p.program + " kernel has " + llvm::Twine(first.size()) +
          " runtime arguments, at most " + llvm::Twine(TT_RUNTIME_ARGS_MAX));
  for (size_t i = 0; i < first.size(); ++i) {
    p.names.push_back(
        commentText(names.size() == first.size() ? names[i] : "arg" + std::to_string(i)));
    if (!first[i].isBuffer())
      continue;
    auto it = llvm::find_if(plan_.buffers,
                            [&](const ttplan::Buffer &b) { return b.name == first[i].buffer; });
    if (it == plan_.buffers.end())
      error(llvm::Twine("cores[0].args.") + p.program + "[" + llvm::Twine(i) +
            "] names no buffer of the plan");
    else
      p.addresses.push_back({i, size_t(it - plan_.buffers.begin())});
  }
  for (size_t c = 0; c < plan_.cores.size(); ++c) {
    const std::vector<ttplan::Arg> &args = plan_.cores[c].args[program];
    std::string at = "cores[" + std::to_string(c) + "].args." + p.program;
    if (args.size() != first.size()) {
      error(at + " has " + llvm::Twine(args.size()) + " values, the first core " +
            llvm::Twine(first.size()));
      continue;
    }
    std::vector<uint32_t> row;
    for (size_t i = 0; i < args.size(); ++i) {
      if (first[i].isBuffer() && args[i] != first[i])
        error(at + "[" + llvm::Twine(i) + "] must be the address of buffer '" + first[i].buffer +
              "', as on the first core");
      else if (!first[i].isBuffer() && args[i].isBuffer())
        error(at + "[" + llvm::Twine(i) + "] must be a value, as on the first core");
      row.push_back(args[i].isBuffer() ? 0 : args[i].value);
    }
    p.rows.push_back(std::move(row));
  }
}

void Generator::readImages(llvm::ArrayRef<KernelImage> images) {
  for (StringRef abi : ttplan::kDeviceABIs)
    for (const KernelImage &image : images)
      if (image.abi == abi) {
        imageSets_.push_back({abi.str(), {}});
        break;
      }
  llvm::StringSet<> arrays;
  for (const KernelImage &image : images) {
    auto set = llvm::find_if(imageSets_, [&](const ImageSet &s) { return s.abi == image.abi; });
    if (set == imageSets_.end()) {
      error("kernel image '" + image.artifact + "' is for an unknown device ABI '" + image.abi +
            "'");
      continue;
    }
    if (image.risc >= TT_NUM_RISCS) {
      error("kernel image '" + image.artifact + "' is for RISC " + llvm::Twine(image.risc) +
            ", not one of 0..4");
      continue;
    }
    Image &slot = set->risc[image.risc];
    if (slot.image) {
      error("two kernel images for " + StringRef(tt_riscs[image.risc].enum_name) + " (" +
            image.abi + " ABI)");
      continue;
    }
    if (image.bytes.empty())
      error("kernel image '" + image.artifact + "' is empty");
    std::string base = camelCase(image.artifact);
    if (base.empty())
      base = "Risc" + std::to_string(image.risc);
    if (image.abi != kDefaultABI)
      base += camelCase(image.abi);
    std::string array = "k" + base + "Image";
    for (unsigned n = 2; !arrays.insert(array).second; ++n)
      array = "k" + base + std::to_string(n) + "Image";
    slot = {&image, array};
  }
  if (imageSets_.empty())
    error("no kernel images");
  for (const ImageSet &set : imageSets_)
    for (unsigned r = 0; r < TT_NUM_RISCS; ++r)
      if (!set.risc[r].image)
        error("no kernel image for " + StringRef(tt_riscs[r].enum_name) + " (" + set.abi + " ABI)");
}

std::vector<std::string> Generator::parameterDecls(bool withProgram) {
  std::vector<std::string> params = {"tt_device *device"};
  for (const std::string &p : params_)
    params.push_back("tt_buffer *" + p);
  if (withProgram)
    params.push_back("tt_program **program");
  return params;
}

HostStub Generator::run() {
  HostStub stub;
  stub.headerName = prefix_ + "_host.h";
  stub.sourceName = prefix_ + "_host.cpp";
  stub.header = header();
  stub.source = source();
  return stub;
}

std::string Generator::header() {
  std::string text;
  llvm::raw_string_ostream os(text);
  std::string guard = "TTLLC_" + StringRef(prefix_).upper() + "_HOST_H";
  const std::string &kernel = plan_.kernel, &device = plan_.device.name;
  os << "// Generated by tt-llc from kernel '" << commentText(kernel) << "' for device "
     << commentText(device) << ". Do not edit.\n"
     << "//\n"
     << paragraph("Host stub of kernel '" + kernel + "' (" + prefix_ +
                  "_host.cpp): builds the kernel's program with the tt runtime (tt/runtime.h, "
                  "docs/runtime.md) and runs it on " +
                  plural(plan_.cores.size(), "core") + ".");
  if (!plan_.buffers.empty()) {
    os << "//\n"
       << paragraph("Buffers, in parameter order. Create each with tt_buffer_create on a " +
                    device +
                    " device, with the page size shown and room for at least the pages shown:");
    // One row per buffer, in aligned columns: name, role, dtype, shape,
    // pages, memory.
    std::vector<std::array<std::string, 6>> rows;
    for (size_t i = 0; i < plan_.buffers.size(); ++i) {
      const ttplan::Buffer &b = plan_.buffers[i];
      std::string name = commentText(b.name);
      if (params_[i] != b.name)
        name += " (parameter " + params_[i] + ")";
      std::vector<std::string> dims;
      for (int64_t d : b.shape)
        dims.push_back(std::to_string(d));
      std::string pages =
          std::to_string(b.numPages) + " pages x " + std::to_string(b.pageSize) + " bytes";
      rows.push_back({name, roleName(b.role), commentText(b.dtype), "[" + joined(dims) + "]", pages,
                      memoryName(b.memory)});
    }
    std::array<size_t, 6> width = {};
    for (const auto &row : rows)
      for (size_t i = 0; i < row.size(); ++i)
        width[i] = std::max(width[i], row[i].size());
    for (const auto &row : rows) {
      std::string line = "// ";
      for (size_t i = 0; i < row.size(); ++i) {
        line += "  " + row[i];
        if (i + 1 < row.size())
          line.append(width[i] - row[i].size(), ' ');
      }
      os << line << "\n";
    }
  }
  os << "#ifndef " << guard << "\n"
     << "#define " << guard << "\n\n"
     << "#include \"tt/runtime.h\"\n\n"
     << "#ifdef __cplusplus\n"
     << "extern \"C\" {\n"
     << "#endif\n\n"
     << paragraph("Builds the program of kernel '" + kernel +
                  "' after checking the device and the buffers against the kernel's plan. On "
                  "success *program belongs to the caller: run it with tt_program_run, free it "
                  "with tt_program_destroy. On failure *program is NULL and tt_last_error() says "
                  "why.")
     << callLine("tt_status " + prefix_ + "_create_program", parameterDecls(true), ";") << "\n\n"
     << paragraph("Builds, runs and destroys the program (also when running it fails): one "
                  "call runs the kernel.")
     << callLine("tt_status " + prefix_ + "_launch", parameterDecls(false), ";") << "\n\n"
     << "#ifdef __cplusplus\n"
     << "} // extern \"C\"\n"
     << "#endif\n\n"
     << "#endif // " << guard << "\n";
  return text;
}

std::string Generator::source() {
  std::string body;
  llvm::raw_string_ostream bos(body);
  emitTables(bos);
  emitDescription(bos);
  emitEntryPoints(bos);
  emitImages(bos);

  std::string text;
  llvm::raw_string_ostream os(text);
  const std::string &kernel = plan_.kernel;
  os << "// Generated by tt-llc from kernel '" << commentText(kernel) << "' for device "
     << commentText(plan_.device.name) << ". Do not edit.\n"
     << "//\n"
     << paragraph("Host stub of kernel '" + kernel + "' (declared in " + prefix_ +
                  "_host.h, docs/runtime.md): the kernel's description (" +
                  plural(plan_.buffers.size(), "buffer") + ", " +
                  plural(plan_.circularBuffers.size(), "circular buffer") +
                  ", runtime arguments of " + plural(plan_.cores.size(), "core") + ", " +
                  plural(5 * imageSets_.size(), "image") +
                  " at the end) and the entry points, which pass it to "
                  "tt_program_create_from_kernel.")
     << "#include \"" << prefix_ << "_host.h\"\n\n";
  constexpr size_t kMaxErrors = 20;
  for (size_t i = 0; i < std::min(errors_.size(), kMaxErrors); ++i)
    os << "#error "
       << cString("tt-llc: cannot generate the host stub of '" + kernel + "': " + errors_[i])
       << "\n";
  if (errors_.size() > kMaxErrors)
    os << "#error "
       << cString("tt-llc: ... and " + std::to_string(errors_.size() - kMaxErrors) +
                  " more problems with the plan")
       << "\n";
  if (!errors_.empty())
    os << "\n";
  os << body;
  return text;
}

void Generator::emitTables(llvm::raw_ostream &os) {
  os << "namespace {\n\n";
  // Forward declarations: the images are defined at the end of the file.
  os << "// The kernel images (at the end of this file).\n";
  for (const ImageSet &set : imageSets_)
    for (const Image &image : set.risc)
      if (image.image)
        os << "extern const char " << image.array << "[];\n";
  os << "\n";

  if (!plan_.buffers.empty()) {
    os << "// The kernel's buffers, in parameter order: name, page size, pages.\n"
       << "const tt_kernel_buffer kBuffers[] = {\n";
    std::vector<std::vector<std::string>> rows;
    for (const ttplan::Buffer &b : plan_.buffers)
      rows.push_back({cString(b.name), std::to_string(b.pageSize), std::to_string(b.numPages)});
    os << alignedRows(rows) << "};\n\n";
  }
  if (!cbRows_.empty())
    os << "// Circular buffers: id, page size, pages, data format.\n"
       << "const tt_kernel_circular_buffer kCircularBuffers[] = {\n"
       << alignedRows(cbRows_, cbNames_) << "};\n\n";
  if (!cores_.empty()) {
    os << paragraph("The " + plural(cores_.size(), "core") +
                    " the kernel runs on, (x, y). The tables of runtime arguments have one row "
                    "per core, in this order.")
       << "const tt_kernel_core kCores[] = {\n";
    size_t wx = 0, wy = 0;
    for (const auto &c : cores_) {
      wx = std::max(wx, c[0].size());
      wy = std::max(wy, c[1].size());
    }
    // A line per row of the grid (y), wrapped when too long.
    std::vector<std::string> items;
    std::vector<bool> breakBefore;
    for (size_t c = 0; c < cores_.size(); ++c) {
      items.push_back("{" + std::string(wx - cores_[c][0].size(), ' ') + cores_[c][0] + ", " +
                      std::string(wy - cores_[c][1].size(), ' ') + cores_[c][1] + "},");
      breakBefore.push_back(c > 0 && cores_[c][1] != cores_[c - 1][1]);
    }
    os << packedItems(items, breakBefore) << "};\n\n";
  }
  for (const ProgramArgs &p : programs_)
    emitArgs(os, p);
}

void Generator::emitArgs(llvm::raw_ostream &os, const ProgramArgs &p) {
  if (p.names.empty() || p.rows.size() != cores_.size()) {
    os << "// The " << p.program << " kernel has no runtime arguments.\n\n";
    return;
  }
  os << commentList(std::string("Runtime arguments of the ") + p.program + " kernel (" + p.riscs +
                        "), one row per core:",
                    p.names);
  std::vector<std::string> patched;
  for (auto [arg, buffer] : p.addresses)
    patched.push_back(p.names[arg]);
  if (!patched.empty())
    os << "// " << joined(patched)
       << (patched.size() == 1 ? " is 0 here: the runtime puts in the buffer's address ("
                               : " are 0 here: the runtime puts in the buffers' addresses (")
       << p.addressTable << ").\n";
  os << "const uint32_t " << p.table << "[" << p.rows.size() << "][" << p.names.size() << "] = {\n";
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> comments;
  for (size_t c = 0; c < p.rows.size(); ++c) {
    std::vector<std::string> row;
    for (uint32_t v : p.rows[c])
      row.push_back(std::to_string(v));
    rows.push_back(std::move(row));
    comments.push_back("(" + cores_[c][0] + ", " + cores_[c][1] + ")");
  }
  os << alignedRows(rows, comments) << "};\n\n";
  if (p.addresses.empty())
    return;
  os << "// The " << p.program << " kernel's arguments that are buffer addresses: argument, "
     << "buffer.\n"
     << "const tt_kernel_address_arg " << p.addressTable << "[] = {\n";
  std::vector<std::vector<std::string>> addressRows;
  std::vector<std::string> addressComments;
  for (auto [arg, buffer] : p.addresses) {
    addressRows.push_back({std::to_string(arg), std::to_string(buffer)});
    addressComments.push_back(p.names[arg] + ": buffer " + commentText(plan_.buffers[buffer].name));
  }
  os << alignedRows(addressRows, addressComments) << "};\n\n";
}

void Generator::emitDescription(llvm::raw_ostream &os) {
  auto count = [](size_t n, StringRef array) {
    return n == 0 ? std::string("0, nullptr") : std::to_string(n) + ", " + array.str();
  };
  if (!imageSets_.empty()) {
    os << "// The kernel images of each device ABI, by tt_risc.\n"
       << "const tt_kernel_image_set kImageSets[] = {\n";
    for (const ImageSet &set : imageSets_) {
      std::string abi = "TT_ABI_" + StringRef(set.abi).upper();
      std::vector<std::string> entries, comments;
      for (unsigned r = 0; r < TT_NUM_RISCS; ++r) {
        const Image &image = set.risc[r];
        entries.push_back(image.image ? "{" + image.array + ", " +
                                            std::to_string(image.image->bytes.size()) + "}"
                                      : std::string("{nullptr, 0}"));
        comments.push_back(StringRef(tt_riscs[r].enum_name).str() +
                           (image.image ? ", " + commentText(artifactFileName(*image.image)) : ""));
      }
      std::string lead = "    {" + abi + ", {";
      size_t width = 0;
      for (size_t r = 0; r < entries.size(); ++r)
        width = std::max(width, entries[r].size() + (r + 1 < entries.size() ? 1 : 3));
      for (size_t r = 0; r < entries.size(); ++r) {
        std::string line = (r == 0 ? lead : std::string(lead.size(), ' ')) + entries[r] +
                           (r + 1 < entries.size() ? "," : "}},");
        size_t used = entries[r].size() + (r + 1 < entries.size() ? 1 : 3);
        os << line << std::string(width - used + 1, ' ') << "// " << comments[r] << "\n";
      }
    }
    os << "};\n\n";
  }
  os << "// The kernel, for tt_program_create_from_kernel (tt/runtime.h).\n"
     << "const tt_kernel_desc kKernel = {\n"
     << "    .version = TT_KERNEL_DESC_VERSION,\n"
     << "    .kernel = " << cString(plan_.kernel) << ",\n"
     << "    .device = " << cString(plan_.device.name) << ",\n"
     << "    .num_buffers = " << plan_.buffers.size() << ",\n"
     << "    .buffers = " << (plan_.buffers.empty() ? "nullptr" : "kBuffers") << ",\n"
     << "    .num_circular_buffers = " << cbRows_.size() << ",\n"
     << "    .circular_buffers = " << (cbRows_.empty() ? "nullptr" : "kCircularBuffers") << ",\n";
  if (plan_.compute) {
    bool known = ttplan::mathFidelityValue(plan_.compute->mathFidelity) != 0;
    os << "    // The matrix engine (dst_capacity " << plan_.compute->dstCapacity << " tiles).\n"
       << "    .fp32_dest_acc = " << (plan_.compute->fp32DestAcc ? 1 : 0) << ",\n"
       << "    .math_fidelity = " << (known ? runtimeEnum(plan_.compute->mathFidelity) : "TT_HIFI4")
       << ",\n";
  } else {
    os << "    // The plan has no compute section: the defaults.\n"
       << "    .fp32_dest_acc = 0,\n"
       << "    .math_fidelity = TT_HIFI4,\n";
  }
  os << "    // The kernel images of each device ABI.\n"
     << "    .num_image_sets = " << imageSets_.size() << ",\n"
     << "    .image_sets = " << (imageSets_.empty() ? "nullptr" : "kImageSets") << ",\n";
  os << "    .num_cores = " << cores_.size() << ",\n"
     << "    .cores = " << (cores_.empty() ? "nullptr" : "kCores") << ",\n"
     << "    // Runtime arguments: per core, values, buffer addresses.\n";
  for (const ProgramArgs &p : programs_) {
    bool table = !p.names.empty() && p.rows.size() == cores_.size();
    os << "    ." << p.program << " = {"
       << (table ? std::to_string(p.names.size()) + ", " + p.table + "[0]" : "0, nullptr") << ", "
       << count(p.addresses.size(), p.addressTable) << "},\n";
  }
  os << "};\n\n"
     << "} // namespace\n\n";
}

void Generator::emitEntryPoints(llvm::raw_ostream &os) {
  os << callLine("extern \"C\" tt_status " + prefix_ + "_create_program", parameterDecls(true),
                 " {")
     << "\n";
  if (params_.empty()) {
    os << "  return tt_program_create_from_kernel(device, &kKernel, nullptr, 0, program);\n";
  } else {
    os << wrappedList("  tt_buffer *const buffers[] = {", params_, "};") << "\n";
    os << "  return tt_program_create_from_kernel(device, &kKernel, buffers, " << params_.size()
       << ", program);\n";
  }
  os << "}\n\n";
  std::vector<std::string> callArgs = {"device"};
  callArgs.insert(callArgs.end(), params_.begin(), params_.end());
  callArgs.push_back("&program");
  os << callLine("extern \"C\" tt_status " + prefix_ + "_launch", parameterDecls(false), " {")
     << "\n"
     << "  tt_program *program = nullptr;\n"
     << callLine("  tt_status status = " + prefix_ + "_create_program", callArgs, ";") << "\n"
     << "  if (status != TT_OK)\n"
     << "    return status;\n"
     << "  status = tt_program_run(program);\n"
     << "  tt_program_destroy(program);\n"
     << "  return status;\n"
     << "}\n";
}

void Generator::emitImages(llvm::raw_ostream &os) {
  os << "\n"
     << "//===--- Kernel images "
        "---------------------------------------------------------===//\n"
     << "//\n"
     << "// The linked RV32 executables of the kernel's programs, one per RISC, as string\n"
     << "// literals (the runtime takes the sizes in kKernel, without the final NUL).\n"
     << "//\n"
     << "//===-------------------------------------------------------------------------"
        "---===//\n";
  bool any = false;
  for (const ImageSet &set : imageSets_)
    for (const Image &image : set.risc) {
      if (!image.image)
        continue;
      if (!any)
        os << "\nnamespace {\n";
      any = true;
      const KernelImage &k = *image.image;
      os << "\n// " << commentText(artifactFileName(k)) << " for "
         << StringRef(tt_riscs[k.risc].enum_name).drop_front(3) << ", " << k.bytes.size()
         << " bytes.\n"
         << "const char " << image.array << "[] =\n"
         << StringRef(byteLiteral(k.bytes)).drop_back() << ";\n";
    }
  if (any)
    os << "\n} // namespace\n";
}

} // namespace

HostStub ttllc::generateHostStub(const ttplan::Plan &plan, llvm::ArrayRef<KernelImage> images,
                                 llvm::StringRef name) {
  return Generator(plan, images, name).run();
}
