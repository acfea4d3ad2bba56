//===- python/PyPass.cpp - Python functions as passes of the pass manager -===//

#include "PyPass.h"

#include "PyIR.h"

#include "ir/Verifier.h"
#include "support/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <map>

namespace pb = pybind11;
using namespace ttllc;

namespace {

/// The live Python passes by their PassInfo (the pass manager gives the
/// PassInfo it runs in PassContext::pass). Guarded by the GIL.
std::map<const PassInfo *, PythonPass *> &registry() {
  static std::map<const PassInfo *, PythonPass *> passes;
  return passes;
}

/// The place of a Python frame as a location of `sm`: the file's text is
/// added as a buffer (named by its path) when Python can read it.
llvm::SMLoc frameLoc(llvm::SourceMgr *sm, const std::string &file, int line, int column) {
  if (!sm || line <= 0)
    return {};
  pb::list lines = pb::module_::import("linecache").attr("getlines")(file);
  if (pb::len(lines) < size_t(line))
    return {};
  std::string text;
  size_t offset = 0;
  for (size_t i = 0; i < pb::len(lines); ++i) {
    if (i + 1 == size_t(line))
      offset = text.size() + size_t(std::max(column, 0));
    text += lines[i].cast<std::string>();
  }
  unsigned id =
      sm->AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, file), llvm::SMLoc());
  return llvm::SMLoc::getFromPointer(sm->getMemoryBuffer(id)->getBufferStart() +
                                     std::min(offset, text.size()));
}

/// Reports the Python exception `e` raised by the pass `name`.
void reportException(pb::error_already_set &e, const std::string &name, Diagnostics &diag) {
  pb::module_ tb = pb::module_::import("traceback");
  std::string what = pb::str(e.type().attr("__name__"));
  std::string message = pb::str(e.value());
  llvm::SMLoc loc;
  std::string function;
  // The last frame of the user's code: not one of the tt_llc package's own.
  pb::list frames = tb.attr("extract_tb")(e.trace());
  std::string package = pb::str(pb::module_::import("os.path").attr("dirname")(
      pb::module_::import("tt_llc.tir").attr("__file__")));
  auto inPackage = [&](pb::handle f) {
    return llvm::StringRef(std::string(pb::str(f.attr("filename")))).starts_with(package + "/");
  };
  pb::object frame = pb::none();
  size_t n = pb::len(frames);
  for (size_t i = n; i-- > 0 && frame.is_none();)
    if (!inPackage(frames[i]))
      frame = frames[i];
  if (frame.is_none() && n)
    frame = frames[n - 1];
  if (!frame.is_none()) {
    pb::object col = pb::getattr(frame, "colno", pb::none());
    loc = frameLoc(diag.sourceMgr(), pb::str(frame.attr("filename")),
                   frame.attr("lineno").cast<int>(), col.is_none() ? 0 : col.cast<int>());
    function = pb::str(frame.attr("name"));
  }
  diag.error(loc, "Python pass '" + name + "' raised " + what + (message.empty() ? "" : ": ") +
                      message + (function.empty() ? "" : " (in " + function + ")"));
  std::string trace = pb::str(
      pb::str("").attr("join")(tb.attr("format_exception")(e.type(), e.value(), e.trace())));
  while (!trace.empty() && trace.back() == '\n')
    trace.pop_back();
  diag.note({}, "the Python traceback:\n" + trace);
}

} // namespace

PythonPass::PythonPass(std::string name, pb::object apply)
    : name_(std::move(name)),
      apply_(std::move(apply)), info_{name_, PassStage::Extra, &PythonPass::run, "a Python pass"} {
  registry()[&info_] = this;
}

PythonPass::~PythonPass() { registry().erase(&info_); }

bool PythonPass::run(Module &m, PassContext &ctx) {
  auto it = registry().find(ctx.pass);
  if (it == registry().end()) {
    ctx.diag.error({}, "a Python pass ran after its Python object was deleted");
    return false;
  }
  PythonPass &self = *it->second;
  pb::gil_scoped_acquire gil;
  IRBridge bridge(ctx.diag.sourceMgr());
  std::optional<Module> out;
  try {
    pb::object context = pb::module_::import("tt_llc.tir")
                             .attr("PassContext")(self.name_, std::string(ctx.target.name));
    pb::object result = self.apply_(bridge.toPython(m), context);
    out = bridge.moduleFromPython(result, &m);
  } catch (pb::error_already_set &e) {
    reportException(e, self.name_, ctx.diag);
    return false;
  } catch (BadIR &e) {
    ctx.diag.error(e.loc, "Python pass '" + self.name_ + "' returned bad IR: " + e.message);
    return false;
  } catch (std::exception &e) { // pybind11's cast errors, say: still a diagnostic
    ctx.diag.error({}, "Python pass '" + self.name_ + "' failed: " + e.what());
    return false;
  }
  std::string saved = ctx.diag.messagePrefix();
  ctx.diag.setMessagePrefix("Python pass '" + self.name_ +
                            "' returned IR that is not well formed: ");
  bool ok = verifyModule(*out, ctx.diag);
  ctx.diag.setMessagePrefix(saved);
  if (!ok)
    return false;
  m = std::move(*out);
  return true;
}
