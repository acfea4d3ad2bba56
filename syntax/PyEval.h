//===- syntax/PyEval.h - compile-time Python of kernel factories -*- C++ -*-===//
//
// Reads:      the Python syntax tree (syntax/PyAST.h) of a kernel factory's body, of
//             top-level constants and of helper functions, with the names bound so far.
// Guarantees: runs that Python at compile time over constants (PyValue: None, bool,
//             int64, float, str, tuples and lists, dicts, functions), exactly as CPython
//             would (values are values: no two names share a mutable list or dict), or reports one
//             located error naming what it cannot evaluate ("... in the kernel factory");
//             it never crashes and never guesses.
//
// Accepted:
//   statements   assignments (tuple unpacking, chained `a = b = 1`, augmented `a += 1`,
//                annotated `a: int = 1`), if / elif / else, for over constants (with
//                break / continue), while, assert (a failing assert is an error at the
//                assert with its message), raise (an error at the raise with the
//                exception's message), import / from-import (math, tilelang, any alias),
//                nested `def` helpers (positional, keyword and default arguments,
//                `*args`, `**kwargs`), return, pass, docstrings, print(), `d[k] = v`;
//                a `@T.macro` def binds its name to kMacroMarker (macro()): kernels
//                inline it.
//   expressions  int and float arithmetic (+ - * / // % ** with Python's floor semantics,
//                bit operators), str and tuple + and *, comparisons (chained, `in`,
//                `is`) on numbers, strings, dtypes and tuples, and / or / not,
//                conditional expressions, tuples and lists (both tuples), sets (`{80,
//                90}`, set(), frozenset(): tuples of their distinct elements, in order of
//                first occurrence), subscripts and slices of tuples and strings, list,
//                generator, set and dict comprehensions, dict displays with `**`, `*xs` in displays
//                and calls,
//                `**d` in calls, lambdas; functions are values (`f = helper`); f-strings
//                (`f"{M!r:>8}"`: conversions and format specs, as CPython formats them).
//   calls        min max abs int float round len range sum any all bool str pow divmod
//                tuple list set frozenset sorted; math.ceil floor trunc sqrt isqrt exp log log2
//                log10 pow fabs gcd lcm prod (and math.pi / e / inf / nan); T.ceildiv / T.cdiv /
//                tilelang.cdiv, tilelang.math.next_power_of_2 (also tilelang.), T.min, T.max,
//                T.float32(x) and the other dtype names; dtypes as values: T.float16 -> "float16",
//                T.float -> "float32", torch's too: torch.float16 / torch.half -> "float16",
//                torch.long -> "int64"; zip enumerate dict reversed map filter sorted(key=,
//                reverse=) isinstance itertools.product, itertools.accumulate (sums); DataType(d)
//                / T.dtype(d) and `.bits`; determine_fp8_type(); TileLang enumerators
//                (T.GemmWarpPolicy.Square);
//                TileLang's constructs as values (`reduce_fn=T.reduce_max`:
//                kTileLangMarker + "reduce_max", called by the kernel);
//                torch.cuda.is_available() is False (tt-llc compiles for Tenstorrent);
//                driver.get_num_sms() is the target's Tensix core count when
//                the frontend gives it (computeUnits; a note says so); other
//                questions to a GPU (torch.cuda.get_device_name() /
//                _properties / _capability) are located errors saying so
//                (gpuQuery).
//   methods      list append extend insert index count copy; dict items keys values
//                get copy update; int bit_length; str upper lower startswith endswith
//                replace join split strip lstrip rstrip isdigit isalpha isalnum isspace
//                (ASCII). Mutating ones rebind the name they are called on.
//   TileLang     tilelang.compile(f) / tilelang.lower(f) / apply_simplify(f) of a
//                prim_func (kPrimFuncMarker) give it back; its GPU library
//                (TensorCoreIntrinEmitter, get_mxfp_intrin_group, tvm.target, ...) is a
//                located "'X' (TileLang) is not supported by the Tenstorrent lowering yet".
//   namespaces   `args.n` of a namespace the frontend bound from host code's argparse
//                parser (each `add_argument`'s default); tensors host code creates with
//                a constant shape (torch.randn(M, K)): `x.shape`, `x.ndim`, `x.dtype`
//                (when given) and `x.size()`, `x.size(i)`, `x.numel()`, `x.dim()`;
//                `x.item()` and other methods needing values are located errors.
//   errors       T.dynamic / T.symbolic (a symbolic dimension; tt-llc compiles fixed
//                shapes), names bound to run-time objects (tensor parameters), calls of
//                anything else (torch.*, other methods), classes (not parsed), a
//                closure called after the call that made it returned.
//
// Example: `scale = (1.0 / dim) ** 0.5 * 1.44269504` with dim = 128 binds scale to
//          0.12752...; `assert M % block_M == 0, "M must divide"` with M = 100 and
//          block_M = 32 reports "assertion failed: M must divide" at the assert.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "syntax/PyAST.h"
#include "syntax/PyToTileIR.h"

#include "llvm/Support/SMLoc.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ttllc {
class Diagnostics;
namespace py {
struct Expr;
struct Stmt;
} // namespace py

struct PyScope;

/// The value a @T.prim_func definition binds its name to in a factory (the
/// marker followed by the function's name): tilelang.compile(f) and
/// tilelang.lower(f) give it back.
inline constexpr const char *kPrimFuncMarker = "\x01prim_func:";

/// The attribute of a shape-only tensor (a namespace holding "shape") that
/// holds its values when host code writes them (`torch.tensor([2048,
/// 6144])`): a number, or nested tuples of numbers by dimension. Then
/// `.tolist()`, `.item()` (one element) and `.max()` / `.min()` / `.sum()`
/// (of all elements, as a number) evaluate.
inline constexpr const char *kTensorValues = "\x01values";

/// Lives as long as the scope holding it; a copy is a new token (a copied
/// scope is another scope).
struct ScopeToken {
  std::shared_ptr<const int> p = std::make_shared<const int>(0);
  ScopeToken() = default;
  ScopeToken(const ScopeToken &) : ScopeToken() {}
  ScopeToken &operator=(const ScopeToken &) { return *this; }
};

/// A `def` or a `lambda` that the evaluator can call, with the scope it was
/// defined in; `alive` expires with that scope (a closure that outlives its
/// scope is an error when called, never a dangling read).
struct PyFunction {
  const py::Stmt *def = nullptr;
  const py::Expr *lambda = nullptr;
  const PyScope *scope = nullptr;
  std::weak_ptr<const int> alive;
};

/// One scope of factory Python: a function body or the module.
struct PyScope {
  ScopeToken token;
  ConstEnv values;
  /// Imported names: alias -> dotted module or member ("math", "tilelang.language",
  /// "math.ceil" after `from math import ceil`).
  std::map<std::string, std::string, std::less<>> modules;
  std::map<std::string, PyFunction, std::less<>> functions;
  /// Names bound to run-time objects, with what they are ("a tensor parameter").
  std::map<std::string, std::string, std::less<>> opaque;
  /// Names bound to attribute namespaces of constants: the result of host code's
  /// `args = parser.parse_args()` (frontend/Frontend.cpp), read as `args.n`.
  std::map<std::string, ConstEnv, std::less<>> namespaces;
  const PyScope *parent = nullptr;

  /// The function `def` defined in this scope.
  PyFunction function(const py::Stmt *def) const { return PyFunction{def, nullptr, this, token.p}; }
  /// Binds a constant, replacing any other binding of the name in this scope.
  void set(const std::string &name, PyValue v);
  /// The constants visible here (this scope over its parents).
  ConstEnv flatten() const;
};

/// The TileLang name of torch's dtype `torch.<member>` ("float16" for
/// float16 and half, "float32" for float, "int64" for long, ...); "" when
/// `member` is not one.
std::string torchDtype(const std::string &member);

class PyEvaluator {
public:
  enum class Flow { Next, Return, Break, Continue, Error };

  PyEvaluator(const ConvertOptions &opts, Diagnostics &diag) : opts_(opts), diag_(diag) {}

  /// The value of `e`, or nullopt after a located error.
  std::optional<PyValue> eval(const py::Expr &e, const PyScope &scope);
  /// Runs statements in `scope`; after Flow::Return the value is returned().
  Flow exec(const std::vector<py::StmtP> &body, PyScope &scope);
  Flow execStmt(const py::Stmt &s, PyScope &scope);
  const PyValue &returned() const { return returned_; }
  /// Binds `v` to a Name or (nested) Tuple of Names, as `target = v` does.
  bool assignTarget(const py::Expr &target, const PyValue &v, PyScope &scope) {
    return assign(target, v, scope);
  }
  /// Calls a function value (PyValue::Function).
  std::optional<PyValue> callValue(const PyValue &f, llvm::SMLoc loc, std::vector<PyValue> args,
                                   std::map<std::string, PyValue> kwargs = {});
  /// The attributes of a tensor host code created with a constant shape
  /// (a namespace holding "shape"), when `e` names one; else null.
  const ConstEnv *tensorShapeOf(const py::Expr &e, const PyScope &scope) const;
  /// The first question to a GPU that failed (`torch.cuda.get_device_name()`,
  /// `driver.get_num_sms()`), else `torch.cuda.is_available()` (which is
  /// False) when it was asked, with its location; the frontend resets it
  /// and names it when a parameter stays unbound.
  std::optional<std::pair<llvm::SMLoc, std::string>> gpuQuery;
  /// The answer to `driver.get_num_sms()` (the parallel compute units a
  /// persistent kernel spreads its tiles over): the Tensix cores of the
  /// target's grid; unset, the question is a located error.
  std::optional<int64_t> computeUnits;
  /// True once an integer did not fit in 64 bits.
  bool outOfRange() const { return outOfRange_; }
  /// The function a kernel calls by `name` (ConvertOptions::macro): a
  /// @T.macro the factory's Python defined (`value` is the marker it bound the
  /// name to), seeing that scope's names as they are now (as they were at its
  /// definition once the scope is gone); a function value (a lambda or def
  /// passed or assigned), while its scope lives; or (`value` null) an
  /// undecorated def the factory's Python ran, while its scope lives, else a
  /// @T.macro or undecorated def at the top level of the file.
  std::optional<Macro> macro(const std::string &name, const PyValue *value);

  /// Finds a top-level function of the file by name (the frontend parses it on
  /// demand); null when there is none.
  std::function<const py::Stmt *(const std::string &)> globalFunction;
  /// Called for each `def` the evaluator runs; when it returns true the
  /// def is taken care of (the frontend's @T.prim_func kernels).
  std::function<bool(const py::Stmt &, PyScope &)> defHook;
  const PyScope *globalScope = nullptr;
  /// The attributes (as tensorShapeOf's) of the tensor host code's `e`
  /// computes (`x.view(4, -1)`, `torch.cat([a, b])`), when `e` is not a
  /// name and its shape is known (frontend/Frontend.cpp); else nullopt.
  std::function<std::optional<ConstEnv>(const py::Expr &, const PyScope &)> hostTensor;

private:
  const ConvertOptions &opts_;
  Diagnostics &diag_;
  PyValue returned_;
  bool outOfRange_ = false;
  /// Elements of lists and dicts copied by reading names (a bound on the work).
  uint64_t copied_ = 0;
  unsigned callDepth_ = 0;

  bool error(llvm::SMLoc loc, const std::string &msg);
  std::optional<std::string> dottedPath(const py::Expr &e, const PyScope &scope) const;
  std::optional<PyValue> evalAttribute(const py::Expr &e, const PyScope &scope);
  std::optional<PyValue> evalCall(const py::Expr &e, const PyScope &scope);
  /// `x.size()`, `x.size(i)`, `x.numel()`, `x.dim()` of such a tensor; a
  /// located error for methods that need its values (`x.item()`) or others.
  std::optional<PyValue> tensorMethod(const ConstEnv &tensor, const py::Expr &callee,
                                      const py::Expr &call, const PyScope &scope);
  std::optional<PyValue> callBuiltin(const std::string &name, const py::Expr &call,
                                     std::vector<PyValue> &args,
                                     std::map<std::string, PyValue> &kwargs);
  std::optional<PyValue> callFunction(const PyFunction &f, llvm::SMLoc loc,
                                      std::vector<PyValue> &args,
                                      std::map<std::string, PyValue> &kwargs);
  /// A method of a constant: `d.items()`, `n.bit_length()`, `s.upper()`, and the
  /// mutating `xs.append(x)`, `d.update(...)`, which rebind `base` (a Name).
  std::optional<PyValue> callMethod(const py::Expr &base, const std::string &method,
                                    const py::Expr &call, const PyScope &scope,
                                    std::vector<PyValue> &args,
                                    std::map<std::string, PyValue> &kwargs);
  /// Evaluates the arguments of a call, expanding `*xs` and `**d`.
  bool evalArgs(const py::Expr &call, const PyScope &scope, std::vector<PyValue> &args,
                std::map<std::string, PyValue> &kwargs);
  /// The value of a function: an entry in functions_.
  PyValue functionValue(const PyFunction &f, const std::string &name);
  /// Functions handed out as values, by PyValue::Function::id.
  std::vector<PyFunction> functions_;
  /// The @T.macro definitions the factory's Python ran, by number, with the
  /// names of their scope at the definition.
  struct MacroDef {
    PyFunction function;
    ConstEnv atDefinition;
  };
  std::vector<MacroDef> macros_;
  /// The undecorated defs the factory's Python ran, the latest by name.
  std::map<std::string, PyFunction, std::less<>> defined_;
  /// A set of constants: the distinct elements of `t`, in the order they
  /// first occur; an error at `loc` when `t` is too long.
  std::optional<PyValue> setOf(PyValue::Tuple t, llvm::SMLoc loc);
  /// `v` formatted by an f-string's replacement field (`{v!r:>8.2f}`).
  std::optional<std::string> format(const PyValue &v, const std::string &conversion,
                                    const std::string &spec, llvm::SMLoc loc);
  std::optional<PyValue> binary(const std::string &op, const PyValue &a, const PyValue &b,
                                llvm::SMLoc loc);
  std::optional<bool> compare(const std::string &op, const PyValue &a, const PyValue &b,
                              llvm::SMLoc loc);
  std::optional<PyValue> subscript(const py::Expr &e, const PyScope &scope);
  std::optional<PyValue> comprehension(const py::Expr &e, const PyScope &scope);
  bool assign(const py::Expr &target, const PyValue &v, PyScope &scope);
  /// The elements of an iterable constant (tuple, string, the keys of a dict).
  std::optional<std::vector<PyValue>> items(const PyValue &v, llvm::SMLoc loc);
};

} // namespace ttllc
