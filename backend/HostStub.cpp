//===- backend/HostStub.cpp - generate a kernel's host stub ---------------===//
//
// Writes <kernel>_host.h and <kernel>_host.cpp from a kernel's plan
// (docs/plan-schema.md) and its linked images (docs/runtime.md, "Host
// stubs"). The stub builds the kernel's program with the runtime's C API:
// it checks the device and the buffers against the plan, adds the circular
// buffers, the five kernel images and the compute configuration, and sets the
// runtime arguments of every core from one static table per program, in
// which buffer addresses are filled in at run time.
//
// The output is deterministic and depends only on the plan and the images.
// A plan that cannot be turned into a stub (a missing field, an unknown data
// format, ...) still gives a stub: it holds `#error` lines saying what is
// wrong, so compiling it fails with that message.
//
//===----------------------------------------------------------------------===//

#include "backend/HostStub.h"

#include "tt/device_abi.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

using namespace ttllc;
using llvm::StringRef;
namespace json = llvm::json;

namespace {

constexpr size_t kLineLimit = 100;
constexpr int64_t kMaxUint32 = 0xFFFFFFFFll;

/// tt/runtime.h's tt_risc enumerators, indexed by TT_RISC_*.
constexpr std::array<const char *, TT_NUM_RISCS> kRiscEnums = {"TT_BRISC", "TT_NCRISC", "TT_TRISC0",
                                                               "TT_TRISC1", "TT_TRISC2"};

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

/// `head(params...)` + `tail`, one line if it fits in kLineLimit columns,
/// else wrapped with the parameters aligned after the parenthesis.
std::string callLine(StringRef head, llvm::ArrayRef<std::string> params, StringRef tail) {
  std::string line = (head + "(" + joined(params) + ")" + tail).str();
  if (line.size() <= kLineLimit)
    return line;
  std::string out = (head + "(").str();
  std::string indent(out.size(), ' ');
  size_t column = out.size();
  for (size_t i = 0; i < params.size(); ++i) {
    std::string piece = params[i] + (i + 1 < params.size() ? "," : ")" + tail.str());
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

/// `line` padded with spaces to kLineLimit - 1 columns and ended with a
/// backslash (a line of a macro definition).
std::string macroLine(StringRef line) {
  std::string out = line.str();
  if (out.size() < kLineLimit - 1)
    out.append(kLineLimit - 1 - out.size(), ' ');
  return out + "\\\n";
}

/// The helpers of every stub, after its Buffers struct: error messages
/// without the C library (the stub is freestanding) and the buffer check.
const char *const kHelpers = R"cpp(// An error message, built without the C library.
struct Message {
  char text[256] = {};
  unsigned length = 0;

  Message &operator<<(const char *s) {
    for (; *s && length + 1 < sizeof text; ++s)
      text[length++] = *s;
    return *this;
  }
  Message &operator<<(unsigned long long value) {
    char digits[20];
    unsigned n = 0;
    do
      digits[n++] = char('0' + value % 10);
    while ((value /= 10) != 0);
    while (n > 0 && length + 1 < sizeof text)
      text[length++] = digits[--n];
    return *this;
  }
};

} // namespace

static tt_status fail(const Message &message) {
  return tt_fail(TT_ERROR_INVALID_ARGUMENT, message.text);
}

static bool sameString(const char *a, const char *b) {
  while (*a && *a == *b)
    ++a, ++b;
  return *a == *b;
}

// Checks that `buffer` (`what`: "<kernel>: buffer <name>") has pages of `pageSize`
// bytes and room for at least `numPages` of them.
static tt_status checkBuffer(const tt_buffer *buffer, const char *what, uint32_t pageSize,
                             uint64_t numPages) {
  if (!buffer)
    return fail(Message() << what << " is null");
  uint32_t actualPageSize = tt_buffer_page_size(buffer);
  if (actualPageSize != pageSize)
    return fail(Message() << what << " has pages of " << actualPageSize
                          << " bytes, the kernel needs pages of " << pageSize << " bytes");
  uint64_t size = tt_buffer_size(buffer);
  if (size < numPages * pageSize)
    return fail(Message() << what << " holds " << size << " bytes, the kernel needs "
                          << numPages << " pages of " << pageSize << " bytes");
  return TT_OK;
}

// Sets the kernel image of each RISC (at the end of this file).
static tt_status setKernels(tt_program *program);

)cpp";

/// One buffer parameter of the kernel.
struct BufferInfo {
  std::string name;  // as in the plan
  std::string param; // C identifier of the parameter (and Buffers member)
  std::string role, dtype, memory, shape;
  int64_t pageSize = 0, numPages = 0;
};

/// One runtime argument position of a program: a constant (per core) or the
/// address of a buffer on every core.
struct Column {
  std::string name;             // "A_addr", or "arg<i>" when the plan has no name
  std::optional<size_t> buffer; // index into the buffers
  bool invalid = false;         // already reported: no more errors about it
};

/// The runtime arguments of one program (reader, compute or writer).
struct ProgramArgs {
  std::string program; // "reader"
  std::vector<Column> columns;
  std::vector<std::vector<uint32_t>> rows; // x, y, then one value per column
};

struct Image {
  const KernelImage *image;
  std::string array; // "kReaderImage"
};

class Generator {
public:
  Generator(const json::Value &plan, llvm::ArrayRef<KernelImage> images, llvm::StringRef name);
  HostStub run();

private:
  void error(const llvm::Twine &message) { errors_.push_back(message.str()); }
  std::optional<int64_t> integerField(const json::Object &o, StringRef key, StringRef where,
                                      int64_t min, int64_t max);
  std::string stringField(const json::Object &o, StringRef key, StringRef where);

  void readBuffers();
  void readCores();
  void readImages();
  void nameParameters();

  std::string header();
  std::string source();
  void emitHelpers(llvm::raw_ostream &os);
  void emitTable(llvm::raw_ostream &os, const ProgramArgs &p);
  void emitBuildProgram(llvm::raw_ostream &os);
  void emitArgsLoop(llvm::raw_ostream &os, const ProgramArgs &p);
  void emitImages(llvm::raw_ostream &os);
  std::vector<std::string> parameterDecls(bool withProgram);

  const json::Object *plan_;
  llvm::ArrayRef<KernelImage> kernelImages_;
  json::Object empty_;
  std::vector<std::string> errors_;

  std::string kernel_; // as in the plan
  std::string prefix_; // C identifier: "<prefix>_launch"
  std::string device_;
  std::vector<BufferInfo> buffers_;
  std::array<ProgramArgs, 3> programs_;
  size_t numCores_ = 0;
  std::vector<Image> images_;
};

Generator::Generator(const json::Value &plan, llvm::ArrayRef<KernelImage> images,
                     llvm::StringRef name)
    : plan_(plan.getAsObject()), kernelImages_(images) {
  if (!plan_) {
    error("the plan is not a JSON object");
    plan_ = &empty_;
  }
  kernel_ = stringField(*plan_, "kernel", "plan");
  prefix_ = identifier(name.empty() ? StringRef(kernel_) : name, "kernel");
  if (const json::Object *device = plan_->getObject("device"))
    device_ = stringField(*device, "name", "device");
  else
    error("the plan has no device");
  readBuffers();
  nameParameters();
  readCores();
  readImages();
}

std::optional<int64_t> Generator::integerField(const json::Object &o, StringRef key,
                                               StringRef where, int64_t min, int64_t max) {
  std::optional<int64_t> v = o.getInteger(key);
  if (!v) {
    error(where + ": '" + key + "' is missing or not an integer");
    return std::nullopt;
  }
  if (*v < min || *v > max) {
    error(where + ": '" + key + "' is " + llvm::Twine(*v) + ", outside [" + llvm::Twine(min) +
          ", " + llvm::Twine(max) + "]");
    return std::nullopt;
  }
  return v;
}

std::string Generator::stringField(const json::Object &o, StringRef key, StringRef where) {
  std::optional<StringRef> s = o.getString(key);
  if (!s) {
    error(where + ": '" + key + "' is missing or not a string");
    return "";
  }
  return s->str();
}

void Generator::readBuffers() {
  const json::Array *buffers = plan_->getArray("buffers");
  if (!buffers) {
    error("the plan has no buffers");
    return;
  }
  for (size_t i = 0; i < buffers->size(); ++i) {
    std::string where = "buffers[" + std::to_string(i) + "]";
    const json::Object *b = (*buffers)[i].getAsObject();
    if (!b) {
      error(where + " is not an object");
      continue;
    }
    BufferInfo info;
    info.name = stringField(*b, "name", where);
    info.role = b->getString("role").value_or("?").str();
    info.dtype = b->getString("dtype").value_or("?").str();
    info.memory = b->getString("memory").value_or("?").str();
    std::vector<std::string> dims;
    if (const json::Array *shape = b->getArray("shape"))
      for (const json::Value &d : *shape)
        dims.push_back(d.getAsInteger() ? std::to_string(*d.getAsInteger()) : "?");
    info.shape = "[" + joined(dims) + "]";
    info.pageSize = integerField(*b, "page_size", where, 1, kMaxUint32).value_or(0);
    info.numPages = integerField(*b, "num_pages", where, 0, kMaxUint32).value_or(0);
    buffers_.push_back(std::move(info));
  }
}

/// Gives each buffer a parameter name: its own name unless that is a keyword,
/// a name the stub uses itself, a macro of the headers it includes or a name
/// reserved to the implementation; then `_buf` is appended (until unique).
void Generator::nameParameters() {
  llvm::StringSet<> reserved = {"device",  "program",       "status",  "NULL",
                                "Buffers", "createProgram", "offsetof"};
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
  for (size_t i = 0; i < buffers_.size(); ++i) {
    std::string id = identifier(buffers_[i].name, "buffer" + std::to_string(i));
    while (isReserved(id) || used.contains(id))
      id += "_buf";
    used.insert(id);
    buffers_[i].param = id;
  }
}

void Generator::readCores() {
  static constexpr std::array<const char *, 3> kPrograms = {"reader", "compute", "writer"};
  for (size_t p = 0; p < kPrograms.size(); ++p)
    programs_[p].program = kPrograms[p];
  const json::Array *cores = plan_->getArray("cores");
  if (!cores) {
    error("the plan has no cores");
    return;
  }
  const json::Object *names = plan_->getObject("runtime_args");
  std::array<bool, 3> haveColumns = {};
  for (size_t c = 0; c < cores->size(); ++c) {
    std::string where = "cores[" + std::to_string(c) + "]";
    const json::Object *core = (*cores)[c].getAsObject();
    if (!core) {
      error(where + " is not an object");
      continue;
    }
    std::optional<int64_t> x = integerField(*core, "x", where, 0, kMaxUint32);
    std::optional<int64_t> y = integerField(*core, "y", where, 0, kMaxUint32);
    const json::Object *coreArgs = core->getObject("args");
    if (!x || !y)
      continue;
    ++numCores_;
    for (size_t p = 0; p < kPrograms.size(); ++p) {
      ProgramArgs &args = programs_[p];
      std::string at = where + ".args." + args.program;
      const json::Array *values = coreArgs ? coreArgs->getArray(args.program) : nullptr;
      if (!values) {
        error(at + " is missing or not an array");
        continue;
      }
      // The first core fixes the columns: their names and which of them
      // are buffer addresses.
      if (!haveColumns[p]) {
        haveColumns[p] = true;
        const json::Array *planNames = names ? names->getArray(args.program) : nullptr;
        for (size_t i = 0; i < values->size(); ++i) {
          std::optional<StringRef> name;
          if (planNames && planNames->size() == values->size())
            name = (*planNames)[i].getAsString();
          args.columns.push_back({commentText(name.value_or("arg" + std::to_string(i))), {}});
          if (const json::Object *ref = (*values)[i].getAsObject()) {
            std::optional<StringRef> buffer = ref->getString("buffer");
            auto it = llvm::find_if(
                buffers_, [&](const BufferInfo &b) { return buffer && b.name == *buffer; });
            if (it == buffers_.end()) {
              error(at + "[" + llvm::Twine(i) + "] names no buffer of the plan");
              args.columns.back().invalid = true;
            } else
              args.columns.back().buffer = size_t(it - buffers_.begin());
          }
        }
      }
      if (values->size() != args.columns.size()) {
        error(at + " has " + llvm::Twine(values->size()) + " values, the first core " +
              llvm::Twine(args.columns.size()));
        continue;
      }
      std::vector<uint32_t> row = {uint32_t(*x), uint32_t(*y)};
      for (size_t i = 0; i < values->size(); ++i) {
        const json::Value &v = (*values)[i];
        const Column &column = args.columns[i];
        std::string item = at + "[" + std::to_string(i) + "]";
        if (column.invalid) {
          row.push_back(0);
          continue;
        }
        if (column.buffer) {
          const json::Object *ref = v.getAsObject();
          std::optional<StringRef> buffer = ref ? ref->getString("buffer") : std::nullopt;
          if (!buffer || *buffer != buffers_[*column.buffer].name)
            error(item + " must be the address of buffer '" + buffers_[*column.buffer].name +
                  "', as on the first core");
          row.push_back(0);
          continue;
        }
        std::optional<int64_t> value = v.getAsInteger();
        if (!value || *value < 0 || *value > kMaxUint32) {
          error(item + " is not an integer in [0, 2^32), as on the first core");
          row.push_back(0);
          continue;
        }
        row.push_back(uint32_t(*value));
      }
      args.rows.push_back(std::move(row));
    }
  }
}

void Generator::readImages() {
  std::array<bool, TT_NUM_RISCS> seen = {};
  llvm::StringSet<> arrays;
  for (const KernelImage &image : kernelImages_) {
    if (image.risc >= TT_NUM_RISCS) {
      error("kernel image '" + image.artifact + "' is for RISC " + llvm::Twine(image.risc) +
            ", not one of 0..4");
      continue;
    }
    if (seen[image.risc])
      error("two kernel images for " + StringRef(kRiscEnums[image.risc]));
    seen[image.risc] = true;
    if (image.bytes.empty())
      error("kernel image '" + image.artifact + "' is empty");
    std::string base = camelCase(image.artifact);
    if (base.empty())
      base = "Risc" + std::to_string(image.risc);
    std::string array = "k" + base + "Image";
    for (unsigned n = 2; !arrays.insert(array).second; ++n)
      array = "k" + base + std::to_string(n) + "Image";
    images_.push_back({&image, array});
  }
}

std::vector<std::string> Generator::parameterDecls(bool withProgram) {
  std::vector<std::string> params = {"tt_device *device"};
  for (const BufferInfo &b : buffers_)
    params.push_back("tt_buffer *" + b.param);
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
  os << "// Generated by tt-llc from kernel '" << commentText(kernel_) << "' for device "
     << commentText(device_) << ". Do not edit.\n"
     << "//\n"
     << paragraph("Host stub of kernel '" + kernel_ + "' (" + prefix_ +
                  "_host.cpp): builds the kernel's program with the tt runtime (tt/runtime.h, "
                  "docs/runtime.md) and runs it on " +
                  plural(numCores_, "core") + ".");
  if (!buffers_.empty()) {
    os << "//\n"
       << paragraph("Buffers, in parameter order. Create each with tt_buffer_create on a " +
                    device_ +
                    " device, with the page size shown and room for at least the pages shown:");
    // One row per buffer, in aligned columns: name, role, dtype, shape,
    // pages, memory.
    std::vector<std::array<std::string, 6>> rows;
    for (const BufferInfo &b : buffers_) {
      std::string name = commentText(b.name);
      if (b.param != b.name)
        name += " (parameter " + b.param + ")";
      std::string pages =
          std::to_string(b.numPages) + " pages x " + std::to_string(b.pageSize) + " bytes";
      rows.push_back({name, commentText(b.role), commentText(b.dtype), commentText(b.shape), pages,
                      commentText(b.memory)});
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
     << paragraph("Builds the program of kernel '" + kernel_ +
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
  std::string text;
  llvm::raw_string_ostream os(text);
  size_t numCBs = 0;
  if (const json::Array *cbs = plan_->getArray("circular_buffers"))
    numCBs = cbs->size();
  os << "// Generated by tt-llc from kernel '" << commentText(kernel_) << "' for device "
     << commentText(device_) << ". Do not edit.\n"
     << "//\n"
     << paragraph("Host stub of kernel '" + kernel_ + "' (declared in " + prefix_ +
                  "_host.h, docs/runtime.md): builds the kernel's program with the tt runtime "
                  "from the kernel's plan: " +
                  plural(numCBs, "circular buffer") + ", " +
                  plural(images_.size(), "kernel image") +
                  " (at the end of this file) and the runtime arguments of " +
                  plural(numCores_, "core") + ".")
     << "#include \"" << prefix_ << "_host.h\"\n\n";
  // emitBuildProgram and emitImages may find more problems: generate the
  // body first, then put the #error lines in front of it.
  std::string body;
  llvm::raw_string_ostream bos(body);
  emitHelpers(bos);
  for (const ProgramArgs &p : programs_)
    emitTable(bos, p);
  emitBuildProgram(bos);
  emitImages(bos);
  constexpr size_t kMaxErrors = 20;
  for (size_t i = 0; i < std::min(errors_.size(), kMaxErrors); ++i)
    os << "#error "
       << cString("tt-llc: cannot generate the host stub of '" + kernel_ + "': " + errors_[i])
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

void Generator::emitHelpers(llvm::raw_ostream &os) {
  os << "// Returns from the enclosing function when `call` fails.\n"
     << macroLine("#define TT_TRY(call)") << macroLine("  do {")
     << macroLine("    tt_status tt_try_status = (call);")
     << macroLine("    if (tt_try_status != TT_OK)") << macroLine("      return tt_try_status;")
     << "  } while (0)\n\n"
     << "namespace {\n\n"
     << "// The kernel's buffers, in parameter order.\n"
     << "struct Buffers {\n";
  for (const BufferInfo &b : buffers_)
    os << "  tt_buffer *" << b.param << ";\n";
  os << "};\n\n" << kHelpers;
}

void Generator::emitTable(llvm::raw_ostream &os, const ProgramArgs &p) {
  if (p.rows.empty())
    return;
  std::string table = "k" + camelCase(p.program) + "Args";
  size_t width = p.columns.size();
  std::vector<std::string> names = {"x", "y"};
  std::vector<std::string> patched;
  for (const Column &c : p.columns) {
    names.push_back(c.name);
    if (c.buffer)
      patched.push_back(c.name);
  }
  os << commentList("Runtime arguments of the " + p.program + " kernel, one row per core:", names);
  if (!patched.empty())
    os << "// " << joined(patched) << (patched.size() == 1 ? " is" : " are")
       << " 0 here: buildProgram sets the buffers' addresses.\n";
  os << "static const uint32_t " << table << "[" << p.rows.size() << "][2 + " << width << "] = {\n";
  std::vector<size_t> columnWidth(width + 2, 0);
  for (const auto &row : p.rows)
    for (size_t i = 0; i < row.size(); ++i)
      columnWidth[i] = std::max(columnWidth[i], std::to_string(row[i]).size());
  for (const auto &row : p.rows) {
    std::string line = "    {";
    for (size_t i = 0; i < row.size(); ++i) {
      std::string v = std::to_string(row[i]);
      line += (i ? ", " : "") + std::string(columnWidth[i] - v.size(), ' ') + v;
    }
    os << line << "},\n";
  }
  os << "};\n\n";
}

void Generator::emitArgsLoop(llvm::raw_ostream &os, const ProgramArgs &p) {
  if (p.rows.empty()) {
    os << "  // No core has runtime arguments for the " << p.program << " kernel.\n";
    return;
  }
  std::string table = "k" + camelCase(p.program) + "Args";
  size_t width = p.columns.size();
  std::vector<unsigned> riscs;
  if (p.program == "reader")
    riscs = {TT_RISC_NCRISC};
  else if (p.program == "writer")
    riscs = {TT_RISC_BRISC};
  else
    riscs = {TT_RISC_TRISC0, TT_RISC_TRISC1, TT_RISC_TRISC2};
  std::vector<std::string> riscNames;
  for (unsigned r : riscs)
    riscNames.push_back(StringRef(kRiscEnums[r]).drop_front(3).str());
  bool patch = llvm::any_of(p.columns, [](const Column &c) { return c.buffer.has_value(); });
  os << "  // The " << p.program << " kernel (" << joined(riscNames) << ") on each core";
  if (patch)
    os << ", with the buffers' addresses";
  os << ".\n"
     << "  for (const auto &row : " << table << ") {\n";
  std::string args = "row + 2";
  if (patch) {
    args = "args";
    os << "    uint32_t args[" << width << "];\n"
       << "    for (unsigned i = 0; i < " << width << "; ++i)\n"
       << "      args[i] = row[2 + i];\n";
    for (size_t i = 0; i < width; ++i)
      if (p.columns[i].buffer)
        os << "    args[" << i << "] = tt_buffer_address(buffers."
           << buffers_[*p.columns[i].buffer].param << "); // " << p.columns[i].name << "\n";
  }
  for (unsigned r : riscs)
    os << "    TT_TRY(tt_program_set_runtime_args(program, row[0], row[1], " << kRiscEnums[r]
       << ", " << args << ", " << width << "));\n";
  os << "  }\n";
}

void Generator::emitBuildProgram(llvm::raw_ostream &os) {
  os << "// Adds the circular buffers, kernels, compute configuration and runtime arguments\n"
     << "// to `program`.\n"
     << "static tt_status buildProgram(tt_program *program, const Buffers &buffers) {\n";
  if (buffers_.empty())
    os << "  (void)buffers;\n";

  os << "  // Circular buffers: id, page size, pages, data format.\n";
  const json::Array *cbs = plan_->getArray("circular_buffers");
  if (!cbs)
    error("the plan has no circular_buffers");
  // One call per line, their comments (the CBs' names) aligned.
  std::vector<std::pair<std::string, std::string>> calls;
  for (size_t i = 0; cbs && i < cbs->size(); ++i) {
    std::string where = "circular_buffers[" + std::to_string(i) + "]";
    const json::Object *cb = (*cbs)[i].getAsObject();
    if (!cb) {
      error(where + " is not an object");
      continue;
    }
    std::optional<int64_t> id = integerField(*cb, "id", where, 0, 31);
    std::optional<int64_t> pageSize = integerField(*cb, "page_size", where, 1, kMaxUint32);
    std::optional<int64_t> numPages = integerField(*cb, "num_pages", where, 1, kMaxUint32);
    std::string format = stringField(*cb, "data_format", where);
    const char *formatEnum = format == "Float16_b" ? "TT_FLOAT16_B"
                             : format == "Float16" ? "TT_FLOAT16"
                             : format == "Float32" ? "TT_FLOAT32"
                                                   : nullptr;
    if (!formatEnum && !format.empty())
      error(where + ": unknown data_format '" + format + "'");
    if (!id || !pageSize || !numPages || !formatEnum)
      continue;
    calls.push_back({"  TT_TRY(tt_program_add_circular_buffer(program, " + std::to_string(*id) +
                         ", " + std::to_string(*pageSize) + ", " + std::to_string(*numPages) +
                         ", " + formatEnum + "));",
                     commentText(cb->getString("name").value_or(""))});
  }
  size_t width = 0;
  for (const auto &call : calls)
    width = std::max(width, call.first.size());
  for (const auto &[call, name] : calls) {
    os << call;
    if (!name.empty())
      os << std::string(width - call.size() + 1, ' ') << "// " << name;
    os << "\n";
  }

  os << "  TT_TRY(setKernels(program));\n";

  const json::Object *compute = plan_->getObject("compute");
  if (compute) {
    std::optional<bool> fp32 = compute->getBoolean("fp32_dest_acc");
    std::string fidelity = stringField(*compute, "math_fidelity", "compute");
    const char *fidelityEnum = fidelity == "LoFi"    ? "TT_LOFI"
                               : fidelity == "HiFi2" ? "TT_HIFI2"
                               : fidelity == "HiFi3" ? "TT_HIFI3"
                               : fidelity == "HiFi4" ? "TT_HIFI4"
                                                     : nullptr;
    if (!fp32)
      error("compute: 'fp32_dest_acc' is missing or not a boolean");
    if (!fidelityEnum && !fidelity.empty())
      error("compute: unknown math_fidelity '" + fidelity + "'");
    std::optional<int64_t> dst = compute->getInteger("dst_capacity");
    os << "  // Compute: fp32_dest_acc " << (fp32.value_or(false) ? "true" : "false")
       << ", math_fidelity " << commentText(fidelity);
    if (dst)
      os << " (dst_capacity " << *dst << " tiles)";
    os << ".\n"
       << "  TT_TRY(tt_program_set_compute_config(program, " << (fp32.value_or(false) ? 1 : 0)
       << ", " << (fidelityEnum ? fidelityEnum : "TT_HIFI4") << "));\n";
  } else {
    os << "  // Compute: the plan has no compute section; the defaults.\n"
       << "  TT_TRY(tt_program_set_compute_config(program, 0, TT_HIFI4));\n";
  }

  for (const ProgramArgs &p : programs_)
    emitArgsLoop(os, p);
  os << "  return TT_OK;\n"
     << "}\n\n";

  // createProgram: the checks, then the program.
  // A message of the stub: a string literal starting with the kernel's name.
  auto message = [&](const std::string &text) { return cString(kernel_ + ": " + text); };
  os << "static tt_status createProgram(tt_device *device, const Buffers &buffers, tt_program "
        "**program) {\n"
     << "  if (!program)\n"
     << "    return tt_fail(TT_ERROR_INVALID_ARGUMENT, " << message("program (the result) is null")
     << ");\n"
     << "  *program = nullptr;\n"
     << "  if (!device)\n"
     << "    return tt_fail(TT_ERROR_INVALID_ARGUMENT, " << message("device is null") << ");\n"
     << "  const char *name = tt_device_name(device);\n"
     << "  if (!name || !*name)\n"
     << "    return tt_fail(TT_ERROR_INVALID_ARGUMENT, " << message("device is not an open device")
     << ");\n"
     << "  if (!sameString(name, " << cString(device_) << "))\n"
     << "    return fail(Message() << " << message("compiled for device " + device_ + ", not ")
     << " << name);\n";
  for (const BufferInfo &b : buffers_)
    os << callLine("  TT_TRY(checkBuffer",
                   {"buffers." + b.param, message("buffer " + b.name), std::to_string(b.pageSize),
                    std::to_string(b.numPages)},
                   ");")
       << "\n";
  os << "\n"
     << "  tt_program *built = nullptr;\n"
     << "  TT_TRY(tt_program_create(device, " << cString(kernel_) << ", &built));\n"
     << "  tt_status status = buildProgram(built, buffers);\n"
     << "  if (status != TT_OK) {\n"
     << "    tt_program_destroy(built);\n"
     << "    return status;\n"
     << "  }\n"
     << "  *program = built;\n"
     << "  return TT_OK;\n"
     << "}\n\n";

  // The C API of the header.
  std::vector<std::string> members;
  for (const BufferInfo &b : buffers_)
    members.push_back(b.param);
  std::string bufferList = "Buffers{" + joined(members) + "}";
  os << callLine("extern \"C\" tt_status " + prefix_ + "_create_program", parameterDecls(true),
                 " {")
     << "\n"
     << "  return createProgram(device, " << bufferList << ", program);\n"
     << "}\n\n";
  std::vector<std::string> callArgs = {"device"};
  callArgs.insert(callArgs.end(), members.begin(), members.end());
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
     << "// The linked RV32 executables of the kernel's programs, one per RISC.\n"
     << "//\n"
     << "//===-------------------------------------------------------------------------"
        "---===//\n";
  for (const Image &image : images_) {
    const KernelImage &k = *image.image;
    os << "\n// " << commentText(k.artifact) << ".elf for "
       << (k.risc < TT_NUM_RISCS ? StringRef(kRiscEnums[k.risc]).drop_front(3) : "?") << ", "
       << k.bytes.size() << " bytes.\n"
       << "static const unsigned char " << image.array << "[] = {\n";
    for (size_t i = 0; i < k.bytes.size(); i += 16) {
      os << "   ";
      for (size_t j = i; j < std::min(i + 16, k.bytes.size()); ++j)
        os << " " << llvm::format("0x%02x", k.bytes[j]) << (j + 1 < k.bytes.size() ? "," : "");
      os << "\n";
    }
    os << "};\n";
  }
  os << "\nstatic tt_status setKernels(tt_program *program) {\n";
  if (images_.empty())
    os << "  (void)program;\n";
  for (const Image &image : images_)
    if (image.image->risc < TT_NUM_RISCS)
      os << callLine(
                "  TT_TRY(tt_program_set_kernel",
                {"program", kRiscEnums[image.image->risc], image.array, "sizeof " + image.array},
                ");")
         << "\n";
  os << "  return TT_OK;\n"
     << "}\n";
}

} // namespace

HostStub ttllc::generateHostStub(const json::Value &plan, llvm::ArrayRef<KernelImage> images,
                                 llvm::StringRef name) {
  return Generator(plan, images, name).run();
}
