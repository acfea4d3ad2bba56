//===- frontend/HostBinding.h - The frontend's state for one file --*- C++ -*-===//
//
// Internal to frontend/ (not installed, included by Frontend.cpp and
// HostBinding.cpp only). Declares FileFrontend, the compilation of one
// TileLang file, and the types both halves share. Its members are defined
// in two files:
//   - Frontend.cpp: kernel discovery (the file's top-level defs, imports,
//     globals, classes, pytest functions) and translation of the chosen
//     kernel (factory, eager @tilelang.jit, direct @T.prim_func, pytest).
//   - HostBinding.cpp: host-code binding, the evaluation of the file's host
//     Python that gives a kernel's compile-time parameters their values
//     (-D, defaults, the file's calls of the factory followed through
//     wrappers, aliases, autograd Functions and classes, tensor shapes of
//     torch code, argparse defaults, autotune configurations).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "frontend/Frontend.h"

#include "syntax/PyAST.h"
#include "syntax/PyEval.h"
#include "syntax/PyToTileIR.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
}

namespace ttllc {
class Diagnostics;
} // namespace ttllc

namespace ttllc::frontend {
using llvm::SMLoc;

/// A top-level function that is, or builds, a kernel.
struct Candidate {
  enum Kind {
    Direct,  // @T.prim_func at the top level
    Factory, // a function whose body defines and returns a @T.prim_func
    Eager,   // a @tilelang.jit function whose body is the kernel (T.const, T.empty, ...)
    Test,    // a pytest function with a @T.prim_func in its body (when nothing else is)
  };
  std::string name;
  size_t begin; // first token (decorator or `def`)
  SMLoc loc;
  Kind kind;
  /// A factory or eager kernel nested in a pytest function: its parsed def
  /// (owned by FileFrontend::parsedTests_); else null, parsed from `begin`.
  const py::Stmt *def = nullptr;
};

/// A top-level `def` (or, with an empty name, a top-level `if` block such
/// as `if __name__ == "__main__":`) of the file, by token span.
struct TopDef {
  std::string name;
  size_t begin, end;
};

using Shape = std::vector<int64_t>;

/// The configuration of an autotuner's `configs` that tt-llc compiles: of a
/// list of dicts the first, of a dict of lists the first value of each;
/// nullopt for anything else.
std::optional<PyValue::Dict> firstConfig(const PyValue &configs);

/// The compile-time arguments of a call of a factory: by position (nullopt
/// for the tensors of an eager factory) and by keyword, and the shapes of
/// the tensors passed, when the host code creates them with constant shapes
/// (a = torch.randn(M, K, ...)).
struct CallArgs {
  std::vector<std::optional<PyValue>> args;
  std::map<std::string, PyValue> kwargs;
  std::map<size_t, Shape> argShapes;
  std::map<std::string, Shape> kwShapes;
  /// The dtypes of those tensors, when host code gives them.
  std::map<size_t, std::string> argDtypes;
  std::map<std::string, std::string> kwDtypes;
  /// The arguments that are not constants (by position and keyword), and
  /// where host code assigned the names among them, for the error that
  /// leaves a parameter unbound.
  std::map<size_t, const py::Expr *> unknownPos;
  std::map<std::string, const py::Expr *> unknownKw;
  /// The first `*xs` / `**d` argument whose value is not a constant.
  const py::Expr *unknownStar = nullptr;
  /// The position of the first `*xs` of unknown length: it and the
  /// positions after it may be filled by it.
  std::optional<size_t> unknownFrom;
  /// The attributes of the instances of the file's classes passed
  /// (`run(config)` after `config = Config(512)`).
  std::map<size_t, ConstEnv> argObjects;
  /// The expressions passed for tensor parameters.
  std::map<size_t, const py::Expr *> tensorExprs;
  std::map<std::string, const py::Expr *> tensorKwExprs;
  std::map<std::string, std::pair<SMLoc, std::string>> origins;
  /// False when some compile-time argument is not a constant (its entry is
  /// nullopt, or its keyword is missing).
  bool complete = true;
  /// A call through an alias that names another kernel (or a value not
  /// known) when the file runs without arguments: where, and the note.
  std::optional<std::pair<SMLoc, std::string>> viaAlias;
};

/// The names of `T.const("M, N K")`: split at commas and blanks.
std::vector<std::string> constNames(const std::string &spec);

/// The attributes of a shape-only tensor (syntax/PyEval.h).
ConstEnv tensorAttrs(const Shape &shape, const std::string &dtype,
                     const std::optional<PyValue> &data = std::nullopt);

/// The shape einops' `rearrange` / `repeat` give a tensor of shape `in`
/// with `pattern` ("b s h -> (b s) h", "k -> s k") and the axis `sizes` of
/// its keywords (s=S); nullopt when it does not apply.
std::optional<Shape> einopsShape(const Shape &in, llvm::StringRef pattern,
                                 std::map<std::string, int64_t> sizes);

/// The targets of `a = ...` / `a, b = ...`: the name, or the tuple's elements.
std::vector<const py::Expr *> targetList(const py::Expr &t);

/// The first name in `e` that `names` holds, or null.
template <typename Map> const py::Expr *findName(const py::Expr &e, const Map &names) {
  if (e.kind == py::ExprKind::Name && names.count(e.name))
    return &e;
  for (const py::Expr *x : {e.a.get(), e.b.get(), e.c.get()})
    if (const py::Expr *n = x ? findName(*x, names) : nullptr)
      return n;
  for (const auto *list : {&e.elts, &e.values})
    for (const py::ExprP &x : *list)
      if (const py::Expr *n = x ? findName(*x, names) : nullptr)
        return n;
  for (const py::Keyword &k : e.keywords) // a lambda's parameters may have no value
    if (const py::Expr *n = k.value ? findName(*k.value, names) : nullptr)
      return n;
  return nullptr;
}

class FileFrontend {
public:
  FileFrontend(llvm::SourceMgr &sm, unsigned buf, const FrontendOptions &opts, Diagnostics &diag)
      : sm_(sm), buf_(buf), opts_(opts), diag_(diag), eval_(conv_, diag) {
    eval_.globalScope = &globals_;
    if (opts.computeUnits > 0)
      eval_.computeUnits = opts.computeUnits;
    eval_.globalFunction = [this](const std::string &n) { return globalFunction(n); };
    conv_.macro = [this](const std::string &n, const PyValue *v) { return eval_.macro(n, v); };
    eval_.hostTensor = [this](const py::Expr &e, const PyScope &scope) -> std::optional<ConstEnv> {
      bool tensor = false;
      auto shape = hostShape(e, scope, tensor);
      if (!shape)
        return std::nullopt;
      return tensorAttrs(*shape, hostDtype(e, scope), hostData(e, scope));
    };
  }

  std::optional<Module> run();

private:
  llvm::SourceMgr &sm_;
  unsigned buf_;
  const FrontendOptions &opts_;
  Diagnostics &diag_;
  std::vector<py::Token> toks_;
  ConvertOptions conv_;
  /// Top-level constants, imports and (via globalFunction) helper functions.
  PyScope globals_;
  PyEvaluator eval_;
  /// Global assignments whose value is an integer out of range (BIG =
  /// 3037000500 * 3037000500), by name: an error once a literal call uses
  /// them. Their statements are kept for the value's location.
  std::map<std::string, const py::Expr *> outOfRangeGlobals_;
  std::vector<py::StmtP> keptGlobals_;
  std::vector<Candidate> candidates_;
  /// pytest functions holding a @T.prim_func: kernels only of a file with
  /// no other kernel.
  std::vector<Candidate> testCandidates_;
  std::vector<TopDef> topDefs_;
  std::map<std::string, py::StmtP> parsedDefs_;
  /// Headers of top-level defs (parameters only), by first token.
  std::map<size_t, py::StmtP> headers_;
  /// Host statements run to find the arguments of a call, kept for the
  /// helper functions they define.
  std::vector<py::StmtP> hostStmts_;
  /// Shapes of the tensors top-level host code creates with constant shapes.
  std::map<std::string, Shape> globalShapes_;

  void scanTopLevel();
  /// The def of candidate `c`: its nested def, or parsed from its tokens
  /// into `parsed`; null after a syntax error.
  const py::Stmt *candidateDef(const Candidate &c, py::StmtP &parsed);
  /// The kernel of `AutoTuner.from_kernel(kernel=f, configs=C)` run in a
  /// factory's `scope`: f called with C's first configuration (firstConfig)
  /// returns a @T.prim_func, which `kernels` (and `helperEnv`, the names it
  /// sees) record as the factory's defHook runs.
  std::optional<Module> compileAutoTuner(const py::Expr &call, PyScope &scope,
                                         const std::map<std::string, const py::Stmt *> &kernels,
                                         const std::map<std::string, ConstEnv> &helperEnv);
  /// The kernels of pytest function `name` (tokens from `begin`): a
  /// @T.prim_func at the top level of its body (Test), else the factories
  /// and eager @tilelang.jit kernels defined there, named after the test
  /// (`test_x`, or `test_x.kernel` when it defines several).
  void addTestCandidates(const std::string &name, size_t begin, SMLoc loc, bool primFunc);
  /// Pytest functions parsed by addTestCandidates, owning nested kernels.
  std::vector<py::StmtP> parsedTests_;
  /// Records the methods of `class NAME` (tokens [k, end)) as TopDefs named
  /// "NAME.method": the calls of kernels inside them are followed (an
  /// autograd Function's forward, called through NAME.apply).
  void scanClass(const std::string &cls, size_t k, size_t end);
  /// Classes deriving from an autograd `Function`.
  std::set<std::string> autogradClasses_;
  void assignGlobal(py::StmtP s);
  void noteImport(const py::Stmt &s);
  bool isPrimFuncDecorator(const py::Expr &d) const {
    const py::Expr &x = d.kind == py::ExprKind::Call ? *d.a : d;
    return x.dottedName() == conv_.langAlias + ".prim_func";
  }
  /// `<alias> . name` in tokens [b, e), preceded by `@` when `decorator`.
  bool spanHas(size_t b, size_t e, const char *name, bool decorator) const;
  /// A helper function at the top level of the file, parsed on first use.
  const py::Stmt *globalFunction(const std::string &name);
  const TopDef *enclosingDef(size_t tok) const;
  /// The `def` line of a top-level function alone (its parameters), parsed
  /// without its body, which may be host code the parser does not read.
  const py::Stmt *defHeader(const TopDef &d);
  /// The `def` line of the function in tokens [begin, end) (a body of
  /// `pass`); `colon` is the index of its ':'. Null when it does not parse.
  py::StmtP parseHeader(size_t begin, size_t end, size_t &colon);
  /// A pytest function at token `begin`, with the statements of its body the
  /// parser reads (the others, such as `try`, are host code and left out).
  py::StmtP parseTestFunction(size_t begin);
  /// The first case of `@pytest.mark.parametrize("a, b", [(1, 2), ...])`
  /// decorators of `d` (the names also as a tuple or list of strings), by
  /// parameter name (pytest runs each case; tt-llc compiles the first). Empty when there is none or
  /// it is not constant.
  std::map<std::string, PyValue> pytestCase(const TopDef &d);
  /// Host code's argparse: records `parser = argparse.ArgumentParser()` and each
  /// `parser.add_argument(..., default=V)`, and binds `args = parser.parse_args()`
  /// to a namespace of the defaults. False when `st` is something else.
  bool argparseStmt(const py::Stmt &st, PyScope &scope, std::map<std::string, ConstEnv> &parsers);
  /// Host code's `B, D, dtype = 2, 32, torch.float16`, or a generator over
  /// a display (`q, k = (t.contiguous() for t in (q, k))`): binds the names
  /// to tensors or constants (the others become host values). False when
  /// `st` is something else.
  bool tupleHostAssign(const py::Stmt &st, PyScope &scope, std::map<std::string, Shape> &shapes);
  /// `name = value` of host code when `value` is a tensor (hostShape):
  /// binds it with its shape, or as an opaque tensor. False for other values.
  bool hostTensor(const std::string &name, const py::Expr &value, PyScope &scope,
                  std::map<std::string, Shape> &shapes);
  /// The first `x.item()` / `x.tolist()` in `e` of a tensor `x` bound in
  /// `scope` (bindTensor): a value known only at run time.
  const py::Expr *valueCall(const py::Expr &e, const PyScope &scope);
  /// The note for host statement `st`, which sets `name` to a value that is
  /// not a constant: from a tensor's values (`x.max()`, `int(x.sum())`:
  /// they depend on tensor data at run time), from the shape of a tensor
  /// whose shape is unknown, or else a value tt-llc does not evaluate.
  std::string originNote(const py::Stmt &st, const std::string &name, const PyScope &scope);
  /// Names host code assigned from such a call (n = x.item()), with the value.
  std::map<std::string, const py::Expr *> itemNames_;
  /// Binds `name` to a tensor of `shape`: `.shape`, `.ndim`, `.size(i)`
  /// evaluate (syntax/PyEval.h); its values are unknown (`.item()` is an
  /// error) unless `data` holds those host code wrote (kTensorValues).
  void bindTensor(PyScope &scope, const std::string &name, const Shape &shape,
                  const std::string &dtype = "", const std::optional<PyValue> &data = std::nullopt);
  /// The constant shape of a tensor torch.randn(M, K, ...) (or zeros, empty,
  /// full, ...) creates, in `scope`.
  std::optional<Shape> creationShape(const py::Expr &creation, const PyScope &scope);
  std::optional<Shape> sizeOf(const py::Expr &x, const PyScope &scope);
  std::optional<Shape> intArgs(const py::Expr &call, const PyScope &scope);
  /// The shape of the tensor host code's `e` makes, when constant: a
  /// torch.randn(...) creation, a tensor name, `*_like`, `torch.cat`,
  /// `F.pad`, slicing and the tensor methods that keep (`.cuda()`, `.to()`,
  /// `.contiguous()`) or compute (`.view`, `.transpose`, `.permute`, `.T`,
  /// `.new_empty`, ...) a shape. `tensor` is set when `e` is a tensor at all
  /// (its shape may still be unknown).
  std::optional<Shape> hostShape(const py::Expr &e, const PyScope &scope, bool &tensor);
  /// The dtype (TileLang's name) of the tensor host code's `e` makes, when
  /// it says so (`dtype=torch.float16`, `.half()`, `.to(torch.bfloat16)`,
  /// `*_like` of a tensor of known dtype); "" otherwise.
  std::string hostDtype(const py::Expr &e, const PyScope &scope);
  /// The dotted name of `e` (a name or `module.name`) when it names
  /// something imported (`from einops import repeat`: "einops.repeat");
  /// "" otherwise, also when a binding of `scope` hides the import.
  std::string importedName(const py::Expr &e, const PyScope &scope) const;
  /// Runs the statements of `d`'s body before the one holding token `tok`,
  /// quietly, as far as the evaluator goes (host code fails and is
  /// skipped); records the shapes of tensors created by torch and the
  /// defaults of argparse options.
  void runHostPrefix(const TopDef &d, size_t tok, PyScope &scope,
                     std::map<std::string, Shape> &shapes);
  /// A value of host code: a tensor (with its shape and dtype when known)
  /// or a constant.
  struct HostValue {
    bool tensor = false;
    std::optional<Shape> shape;
    std::string dtype;
    std::optional<PyValue> value;
    /// A tensor's values, when host code writes them (hostData).
    std::optional<PyValue> data;
  };
  /// The values of the tensor host code's `e` makes, when the file writes
  /// them: `torch.tensor([2048, 6144])` (numbers), through `.cuda()`,
  /// `.to(device)`, `.contiguous()`, `.clone()` and the like; nullopt
  /// otherwise (random values, values computed by torch).
  std::optional<PyValue> hostData(const py::Expr &e, const PyScope &scope);
  HostValue hostValue(const py::Expr &e, const PyScope &scope);
  /// Binds `name` in `scope` to host value `v`: a tensor of known shape
  /// (bindTensor, recorded in `shapes` unless null), a constant, or else an
  /// opaque tensor or value of host code; what the name held before is
  /// dropped.
  void bindHostValue(PyScope &scope, const std::string &name, const HostValue &v,
                     std::map<std::string, Shape> *shapes);
  /// `make_inputs(M, K)` of a top-level helper that returns tensors: runs
  /// its body as host code with its parameters bound from the call (tensors
  /// with their shapes), and gives what its `return` returns, element by
  /// element for a tuple; nullopt when it returns neither a tensor nor
  /// only constants.
  std::optional<std::vector<HostValue>> hostCall(const py::Expr &call, const PyScope &scope);
  /// Binds the parameters of `def` after its first `skip` ones in `fscope`
  /// from host code's `call` (tensors with their shapes, else constants,
  /// else opaque), as Python would. False for what it does not follow
  /// (`*args`, a starred argument, too many arguments).
  bool bindHostArgs(const py::Stmt &def, size_t skip, const py::Expr &call, const PyScope &scope,
                    PyScope &fscope);
  /// `Config(512, block=64)` of a class of the file: runs its `__init__` as
  /// host code with `self` an object, and gives the attributes it sets to
  /// constants (`self.M = M`, `self.grid = self.M // self.block`); an
  /// attribute host code cannot evaluate is left out. Nullopt when the
  /// callee is not a class of the file with an `__init__`.
  std::optional<ConstEnv> hostObject(const py::Expr &call, const PyScope &scope);
  /// Where a `return` of a helper hostCall() runs puts its values.
  std::vector<HostValue> *returned_ = nullptr;
  unsigned hostCallDepth_ = 0;
  /// Set when a helper hostCall() runs reaches a `raise`.
  bool raised_ = false;
  /// After host code's `st` failed half-way: the names it assigns or may
  /// mutate (`xs.append(x)`) are no longer known constants in `scope`; a
  /// tensor it only stores into (`x[i] = v`) keeps its shape, not its values.
  void forgetAssigned(const py::Stmt &st, PyScope &scope);
  /// Runs one statement of host code (hostBlock): tensors, argparse, and the
  /// branch of an `if` whose condition is a constant, statement by
  /// statement; false after a `return`.
  bool hostStmt(const py::Stmt &st, PyScope &scope, std::map<std::string, Shape> &shapes,
                std::map<std::string, ConstEnv> &parsers);
  /// Runs the statements of the block starting at token `k` before the one
  /// holding token `tok`, and descends into that one (descendToCall).
  void hostBlock(size_t k, size_t tok, PyScope &scope, std::map<std::string, Shape> &shapes,
                 std::map<std::string, ConstEnv> &parsers);
  /// The compound statement in tokens [k, end) holds token `tok`: runs the
  /// block of the clause holding it (if / elif / else / while / with / try /
  /// except / finally: conditions not evaluated; for: its first iteration).
  void descendToCall(size_t k, size_t end, size_t tok, PyScope &scope,
                     std::map<std::string, Shape> &shapes,
                     std::map<std::string, ConstEnv> &parsers);
  /// `for NAMES in ITER:` (tokens forTok..colon): binds NAMES to ITER's first
  /// element when ITER is a constant sequence; false otherwise.
  bool bindFirstIteration(size_t forTok, size_t colon, PyScope &scope);
  /// The first token in [b, e) outside brackets for which `pred` holds; e if none.
  size_t findOutsideBrackets(size_t b, size_t e,
                             const std::function<bool(const py::Token &)> &pred) const;
  /// Expressions of host code parsed by bindFirstIteration, kept alive.
  std::vector<py::ExprP> hostExprs_;

  std::optional<std::map<std::string, PyValue>> parseDefines(const py::Stmt &factory,
                                                             const std::vector<std::string> &known);
  /// A way a function is called: `text` (dotted) followed by `(`; `check`
  /// when the host code decides what it names (KERNELS[k], a if c else b).
  struct Callee {
    std::string text;
    std::vector<std::string> parts;
    bool check;
    /// The value host code gives it may be the function (a name, a branch
    /// of `a if c else b`, an element of a dict or list display indexed),
    /// not something made from it (`MoE(config, kernel)`).
    bool may = true;
  };
  /// The spellings of calls of the top-level function `name`: itself, and
  /// the names host code assigns it to (`kernel = gemm`, `KERNELS = {"gemm":
  /// gemm}` and `fn = KERNELS[k]`, `k = a if c else gemm`); for the method
  /// "C.forward" of an autograd Function, `C.apply` and its aliases
  /// (`attention = C.apply`). Other methods have none.
  std::vector<Callee> callees(const std::string &name);
  /// The token after the dotted name `parts` at token i, or 0.
  size_t matchDotted(size_t i, const std::vector<std::string> &parts) const;
  /// Nullopt when `callee` evaluates to the function `name` in `scope`;
  /// else what it names there ("'gemm_2cta'", "a value not known"), for
  /// the note of a call through an alias that may name `name`.
  std::optional<std::string> namesOther(const py::Expr &callee, const PyScope &scope,
                                        const std::string &name);
  /// The first call through an alias that is not the function (a value
  /// made from it), naming something else: where, and the note.
  std::optional<std::pair<SMLoc, std::string>> aliasMiss_;
  /// The first call of `name` (or `name.compile`) in the file whose
  /// compile-time arguments are constants, also through one or two levels
  /// of functions that pass their own parameters on (def run(M): f(M)).
  /// A call through an alias the host code decides (`kernel = a if c else
  /// b`, `KERNELS[k]`) binds every kernel the alias may name; one that
  /// names another kernel when the file runs without arguments counts
  /// after the calls that name `name` (CallArgs::viaAlias).
  /// Sets `failed` after reporting an argument out of range.
  std::optional<CallArgs> findCall(const std::string &name, const std::set<size_t> &skipPos,
                                   const std::set<std::string> &skipKw, unsigned depth,
                                   bool &failed);
  /// Binds the parameters of `header` after its first `skip` ones in
  /// `scope` from `call` (a call findCall found; null: defaults only), the
  /// first pytest case `firstCase` first; tensors get their shapes.
  void bindFromCall(const py::Stmt &header, size_t skip, const std::optional<CallArgs> &call,
                    std::map<std::string, PyValue> &firstCase, PyScope &scope,
                    std::map<std::string, Shape> &shapes);
  /// The attributes an instance of the file's class `cls` has, made by the
  /// file's first call of `cls` (`SparseAttn(batch, heads)`), for the
  /// `self` of its methods; nullopt when the class has no `__init__`.
  std::optional<ConstEnv> instanceOf(const std::string &cls, unsigned depth, bool &failed);
  /// Runs `init` (an `__init__`, parameters bound in `fscope`) as host
  /// code; gives the attributes it sets on its `self` to constants.
  ConstEnv runInit(const py::Stmt &init, PyScope &fscope);
  /// Evaluates an argument of a call; reports (and sets `failed`) when it
  /// is, or uses, an integer constant out of range.
  std::optional<PyValue> callArg(const py::Expr &e, const PyScope &scope, const std::string &callee,
                                 bool &failed);
  /// Binds the compile-time parameters of a factory (all but `tensors`)
  /// into `scope`, from -D, defaults and the file's call; `call` receives
  /// that call's arguments (for T.const).
  /// `fromTensors` gives a parameter nothing else binds its value from the
  /// tensors the call passes (an eager kernel's dtype).
  bool bindParams(
      const py::Stmt &factory, const std::set<std::string> &tensors,
      const std::map<std::string, PyValue> &defines, PyScope &scope, std::optional<CallArgs> &call,
      const std::function<std::optional<PyValue>(const std::string &)> &fromTensors = nullptr);

  /// The first configuration of an `@autotune(configs=...)` decorator of
  /// `factory` (a list of dicts, a dict of lists, or a function returning
  /// either), when the file's Python evaluates it; the values of the
  /// parameters that nothing else binds.
  std::optional<PyValue::Dict> autotuneConfig(const py::Stmt &factory);
  /// The first configuration (firstConfig) of the host code's
  /// `AutoTuner.from_kernel(kernel=factory(), configs=C)`, C evaluated after
  /// the host code before it: the arguments of the function `factory`
  /// returns (a closure TileLang tunes). Nullopt when there is none.
  std::optional<PyValue::Dict> tunedClosureConfig(const std::string &factory);
  std::optional<Module> compileFactory(const Candidate &c);
  std::optional<Module> compileEager(const Candidate &c);
  /// An eager kernel's tensor annotation (also one whose shape the factory's
  /// Python computes: `A: T.Tensor(A_shape, dtype)`), evaluated, against the
  /// shape of the tensor the call passes; false after reporting a difference.
  bool checkComputedShape(const py::Stmt &factory, const py::Stmt &ann, const PyScope &scope,
                          const std::optional<CallArgs> &call);
  std::optional<Module> compileDirect(const Candidate &c);
  std::optional<Module> compileTest(const Candidate &c);
  std::optional<Module> finish(PrimFuncPtr f);
};

} // namespace ttllc::frontend
