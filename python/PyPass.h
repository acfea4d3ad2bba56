//===- python/PyPass.h - Python functions as passes of the pass manager -*- C++ -*-===//
//
// Reads:      a name and a Python callable apply(IRModule, PassContext) ->
//             IRModule (python/tt_llc/pypass.py wraps the user's function or
//             module pass into one).
// Guarantees: a PythonPass is a PassInfo (stage Extra) that a Pipeline can
//             name next to the passes of passes/Pipeline.cpp, so the pass
//             manager runs it in order, under its name for --print-after and
//             --time-passes. A run converts the module to tt_llc.tir objects
//             (python/PyIR.h), calls the function, converts the result back
//             and verifies it (ir/Verifier.h). Failures are located
//             diagnostics naming the pass, never a crash: a Python exception
//             is reported at the last frame of its traceback outside the
//             tt_llc package (the user's line; the Python file
//             becomes a buffer of the SourceMgr) with the traceback as a
//             note; a result of the wrong type at the node or function that
//             holds it; IR the verifier rejects with the verifier's messages,
//             prefixed by the pass's name.
// Example:
//   auto p = std::make_shared<PythonPass>("my-pass", pyApply);
//   Pipeline pipe = {findPass("infer-tt-schedule").get(), p->info()};
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/PassManager.h"

#include <pybind11/pybind11.h>

#include <string>

namespace ttllc {

class PythonPass {
public:
  PythonPass(std::string name, pybind11::object apply);
  ~PythonPass();
  PythonPass(const PythonPass &) = delete;
  PythonPass &operator=(const PythonPass &) = delete;

  const std::string &name() const { return name_; }
  const PassInfo &info() const { return info_; }

private:
  static bool run(Module &m, PassContext &ctx);

  std::string name_;
  pybind11::object apply_;
  PassInfo info_;
};

} // namespace ttllc
