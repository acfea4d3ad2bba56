//===- python/PyIR.h - Tile IR <-> tt_llc.tir objects -----------*- C++ -*-===//
//
// Reads:      a Module of Tile IR (ir/IR.h), or tt_llc.tir objects
//             (python/tt_llc/tir.py) that a Python pass returned.
// Guarantees: toPython gives one tt_llc.tir object per node, the same Python
//             object for every use of a Var or a Buffer; fromPython rebuilds
//             the C++ IR, reusing the C++ node of every Python node that came
//             from it unchanged (its Buffers updated in place from their
//             Python fields), and giving a new node without a location the
//             location of its nearest enclosing located node. A value of the
//             wrong kind anywhere throws BadIR with the field's path and the
//             nearest location; the C++ Buffers are only written when the
//             whole result converted.
// Example:
//   IRBridge bridge(&sm);
//   pybind11::object py = bridge.toPython(module);
//   Module back = bridge.moduleFromPython(py);   // throws BadIR
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

#include "llvm/Support/SMLoc.h"

#include <pybind11/pybind11.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace ttllc {

/// Attributes as a dict of Python values (bool, int, float, str, list, dict).
pybind11::dict attrsToPython(const AttrDict &d);

/// A Python value that is not the IR it should be: where and what.
struct BadIR {
  llvm::SMLoc loc;
  std::string message;
};

class IRBridge {
public:
  /// Locations of Python nodes are only trusted when they point into `sm`
  /// (null: never).
  explicit IRBridge(const llvm::SourceMgr *sm);

  pybind11::object toPython(const Module &m);
  pybind11::object toPython(const PrimFunc &f);
  /// The module of a tt_llc.tir.IRModule; `before` (the module the pass
  /// was given, or null) locates errors that have no node of their own.
  Module moduleFromPython(pybind11::handle mod, const Module *before = nullptr);
  /// The function of a tt_llc.tir.PrimFunc.
  PrimFuncPtr funcFromPython(pybind11::handle f, const std::string &path);
  /// The expression of a tt_llc.tir.Expr.
  Expr exprFromPython(pybind11::handle e) { return exprFrom(e, "expression", {}); }
  /// Writes the Python fields of every Buffer toPython made back into its
  /// C++ node (a pass may annotate a Buffer that no rebuilt node mentions).
  void syncBuffers();

private:
  pybind11::object expr(const Expr &e);
  pybind11::object stmt(const Stmt &s);
  pybind11::object region(const Region &r);
  pybind11::object buffer(const Buffer &b);
  pybind11::object var(const Var &v);
  pybind11::object loc(llvm::SMLoc l);

  Expr exprFrom(pybind11::handle h, const std::string &path, llvm::SMLoc outer);
  Stmt stmtFrom(pybind11::handle h, const std::string &path, llvm::SMLoc outer);
  Region regionFrom(pybind11::handle h, const std::string &path, llvm::SMLoc outer);
  Buffer bufferFrom(pybind11::handle h, const std::string &path, llvm::SMLoc outer);
  Var varFrom(pybind11::handle h, const std::string &path, llvm::SMLoc outer);
  llvm::SMLoc locOf(pybind11::handle h, llvm::SMLoc outer);

  const llvm::SourceMgr *sm_;
  pybind11::module_ tir_;
  // C++ -> Python, so that a Var or Buffer is one Python object.
  std::unordered_map<const VarNode *, pybind11::object> vars_;
  std::unordered_map<const BufferNode *, pybind11::object> buffers_;
  // Python -> C++ for every object toPython made (kept alive in made_, so
  // that no id is reused while this bridge lives).
  std::unordered_map<PyObject *, Expr> exprBack_;
  std::unordered_map<PyObject *, Stmt> stmtBack_;
  std::unordered_map<PyObject *, Buffer> bufferBack_;
  // Buffers and Vars a pass built, one C++ node each.
  std::unordered_map<PyObject *, Buffer> newBuffers_;
  std::unordered_map<PyObject *, Var> newVars_;
  std::vector<pybind11::object> made_;
};

} // namespace ttllc
