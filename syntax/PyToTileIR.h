//===- syntax/PyToTileIR.h - Python-syntax kernels to Tile IR ---*- C++ -*-===//
//
// Two entry points share one converter from the Python syntax tree
// (syntax/PyAST.h) to Tile IR, so TileLang source and the printed Tile IR text
// accept exactly the same kernel constructs:
//
//   parseTileIR      : a whole Tile IR text file (as written by ir/Printer.h):
//                      imports and `@T.prim_func` functions, nothing else.
//   convertPrimFunc  : one `@T.prim_func def`, with compile-time names bound
//                      in a ConstEnv (the TileLang frontend binds the
//                      factory's parameters and constant locals there).
//   convertEagerKernel: the `with T.Kernel` statements of an eager-style
//                      `@tilelang.jit` function, with its tensors.
//
// Constructs: T.Tensor / T.Buffer parameters and scalar parameters,
// T.func_attr / T.buffer_attr, T.Kernel, T.alloc_shared / alloc_fragment /
// alloc_local / alloc_cb, T.clear, T.fill, T.copy, T.gemm, for loops over
// T.serial / range (a constant step too) / T.Pipelined / T.Parallel / T.grid,
// calls of @T.macro and other Python functions (inlined where called, with a
// note at each call site on an error inside), region aliases (`X = A[0:32,
// :]`), buf.shape / buf.dtype, the lazy form's body-typed parameters, T.empty
// outputs and `return`, if / else, element stores (also +=), `x: T.int32 = e` lets, chained (`A[i]
// = B[i] = v`) and augmented (`x -= 1`) assignment, `...` (a no-op; among indices, full slices),
// `assert` on compile-time conditions, `tt.*` intrinsic calls, and expressions with T.ceildiv,
// T.min, T.max, T.if_then_else, T.Cast, math intrinsics. Integer arithmetic on constants is folded.
// Anything else is a located error; TileLang's constructs and dtypes that Tile IR lacks name
// themselves ("'T.reduce_sum' (TileLang) ...", "dtype 'int8' ... is not
// supported by the Tenstorrent lowering yet"). A T.copy point beside slices is
// an extent-1 dimension. GPU-only hints (threads=, T.use_swizzle,
// T.annotate_layout, pipeline order/stage/group, gemm policy / k_pack, copy
// annotations=, alloc scope) are accepted with a warning that they have no
// effect.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

#include "llvm/Support/SMLoc.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace llvm {
class SourceMgr;
}

namespace ttllc {
class Diagnostics;
namespace py {
struct Expr;
struct Stmt;
} // namespace py

/// A compile-time Python value: what a kernel factory parameter or a
/// constant local can hold.
struct PyValue {
  /// Tuples and lists alike.
  using Tuple = std::vector<PyValue>;
  /// A dict: keys and values in insertion order.
  struct Dict {
    std::vector<PyValue> keys, values;
  };
  /// A function of the factory's Python (a def or a lambda) as a value: an
  /// index into the evaluator's table (syntax/PyEval.h). Not a kernel value.
  struct Function {
    size_t id = 0;
    std::string name;
  };
  std::variant<std::monostate, bool, int64_t, double, std::string, Tuple, Dict, Function> v;

  bool isNone() const { return v.index() == 0; }
  /// Python-style text: 1024, 1.5, "float16", True, (1, 2), {"a": 1}, None.
  std::string str() const;
};
using ConstEnv = std::map<std::string, PyValue, std::less<>>;

/// The value a construct of TileLang's language has as a Python value (`f =
/// T.reduce_max`, a parameter bound to it): the marker followed by its name
/// ("reduce_max"). A kernel calling a name bound to it calls the construct.
inline constexpr const char *kTileLangMarker = "\x01tilelang:";
/// The construct name a kTileLangMarker value holds, or "".
std::string tileLangConstruct(const PyValue &v);

/// The value a `@T.macro` definition binds its name to in the factory's
/// Python: the marker, the macro's number in the evaluator's table, ':' and
/// its name (syntax/PyEval.h).
inline constexpr const char *kMacroMarker = "\x01macro:";
/// The name of the macro a kMacroMarker value holds, or "".
std::string macroName(const PyValue &v);
/// True when `decorator` (of a def) is `@<langAlias>.macro` or
/// `@tilelang.language.macro`, called or not.
bool isMacroDecorator(const py::Expr &decorator, const std::string &langAlias);

/// A function a kernel calls: a `@T.macro`, a helper `def` or a lambda of
/// the factory's Python. The call inlines its body (a lambda's expression),
/// with the parameters bound to the call's arguments and the other names
/// resolving in `env`, the names of the scope that defines it.
struct Macro {
  const py::Stmt *def = nullptr;    // a def, or
  const py::Expr *lambda = nullptr; // a lambda
  ConstEnv env;
};

struct ConvertOptions {
  /// The name `tilelang.language` is imported as.
  std::string langAlias = "T";
  /// Other TileLang modules imported at the top level (alias -> dotted
  /// module: `from tilelang.tools.cuda import iket`): their calls in a kernel
  /// are TileLang constructs the lowering does not take.
  std::map<std::string, std::string> tileLangModules;
  /// The function a name of a kernel calls: `value` is the name's value in
  /// the kernel's environment (a kMacroMarker value, or a function value such
  /// as a lambda passed to the factory), or null when the environment does not
  /// bind the name (a function at the top level of the file). nullopt when
  /// the name is no function. Unset: no functions.
  std::function<std::optional<Macro>(const std::string &name, const PyValue *value)> macro;
};

/// Converts a `@T.prim_func` function definition. Names not defined inside
/// the function resolve in `env`. Null after reporting an error.
PrimFuncPtr convertPrimFunc(const py::Stmt &def, const ConstEnv &env, const ConvertOptions &opts,
                            Diagnostics &diag);

/// A kernel in TileLang's eager style: the body of a `@tilelang.jit` function
/// whose tensors are its parameters, declared in the body by annotations
/// (`A: T.Tensor((M, K), dtype)`), and its outputs (`C = T.empty(...)`).
struct EagerKernel {
  struct Tensor {
    std::string name;
    llvm::SMLoc loc;
    const py::Expr *type; // T.Tensor(...), T.Buffer(...) or T.empty(...)
  };
  std::string name;
  llvm::SMLoc loc;
  std::vector<Tensor> tensors;        // parameters in order, then outputs
  std::vector<const py::Stmt *> body; // the `with T.Kernel(...)` statements
};

/// Converts an eager kernel; names resolve in `env`. Null after an error.
PrimFuncPtr convertEagerKernel(const EagerKernel &k, const ConstEnv &env,
                               const ConvertOptions &opts, Diagnostics &diag);

/// Evaluates a compile-time expression: literals, names bound in env,
/// arithmetic, comparisons, conditional expressions, tuples, T.ceildiv,
/// min / max, and dtype names such as T.float16 (-> "float16"). Integers
/// must fit in int32; `outOfRange`, if given, says whether the evaluation
/// failed on one that does not (a user error, not a sign of host code).
std::optional<PyValue> evalConstant(const py::Expr &e, const ConstEnv &env,
                                    const ConvertOptions &opts, Diagnostics &diag,
                                    bool *outOfRange = nullptr);

/// Parses a Tile IR text file. Null after reporting an error.
/// True when `name` is a dtype of TileLang (tilelang.language's `T.int8`,
/// "float8_e4m3fn", `T.ptr`, vector dtypes such as `T.float16x2`, ...) that
/// Tile IR has no DType for: a located
/// "dtype 'X' is not supported by the Tenstorrent lowering yet".
bool isUnsupportedTileLangDType(std::string_view name);

std::optional<Module> parseTileIR(llvm::SourceMgr &sm, unsigned bufferId, Diagnostics &diag);

} // namespace ttllc
