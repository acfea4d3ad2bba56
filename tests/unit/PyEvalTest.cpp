//===- tests/unit/PyEvalTest.cpp - compile-time Python of factories -------===//
//
// Tests of syntax/PyEval.cpp: every accepted construct with the value CPython
// gives, and the located error of what is not evaluated (a failing assert, a
// raise, T.dynamic, host calls, names of run-time objects).
//
//===----------------------------------------------------------------------===//

#include "syntax/PyEval.h"
#include "support/Diagnostics.h"
#include "syntax/PyAST.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <gtest/gtest.h>

using namespace ttllc;

namespace {

/// Runs `code` (statements) in a fresh module scope; `out` holds the
/// diagnostics.
struct Program {
  llvm::SourceMgr sm;
  std::string out;
  llvm::raw_string_ostream os{out};
  Diagnostics diag{&sm, os};
  ConvertOptions opts;
  PyEvaluator ev{opts, diag};
  PyScope scope;
  std::optional<std::vector<py::StmtP>> mod;
  PyEvaluator::Flow flow = PyEvaluator::Flow::Error;

  /// Runs `code`, after `setup` has bound names in its scope and `hooks`
  /// has set the evaluator's hooks.
  explicit Program(std::string_view code, std::function<void(PyScope &)> setup = {},
                   std::function<void(PyEvaluator &)> hooks = {}) {
    if (setup)
      setup(scope);
    if (hooks)
      hooks(ev);
    unsigned id =
        sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(code, "f.py"), llvm::SMLoc());
    auto toks = py::lex(sm, id, diag);
    if (!toks)
      return;
    toks_ = std::move(*toks);
    py::Parser p(toks_, diag);
    mod = p.parseModule();
    if (mod)
      flow = ev.exec(*mod, scope);
  }
  /// The value of a name as Python prints it, or "<unbound>".
  std::string get(const std::string &name) const {
    auto it = scope.values.find(name);
    return it == scope.values.end() ? "<unbound>" : it->second.str();
  }
  std::string firstError() const { return out.substr(0, out.find('\n')); }

private:
  std::vector<py::Token> toks_;
};

TEST(PyEval, Arithmetic) {
  Program r("a = 7 // 2\n"
            "b = -7 // 2\n"
            "c = -7 % 3\n"
            "d = 2 ** 10\n"
            "e = (1.0 / 64) ** 0.5 * 2\n"
            "f = 7 / 2\n"
            "g = 2 ** -1\n"
            "h = 1 << 4 | 3\n"
            "i = -7.5 // 2\n"
            "j = 5 % -3\n");
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("a"), "3");
  EXPECT_EQ(r.get("b"), "-4");
  EXPECT_EQ(r.get("c"), "2");
  EXPECT_EQ(r.get("d"), "1024");
  EXPECT_EQ(r.get("e"), "0.25");
  EXPECT_EQ(r.get("f"), "3.5");
  EXPECT_EQ(r.get("g"), "0.5");
  EXPECT_EQ(r.get("h"), "19");
  EXPECT_EQ(r.get("i"), "-4.0");
  EXPECT_EQ(r.get("j"), "-1");
}

TEST(PyEval, Assignments) {
  Program r("a = b = c = 4\n"
            "x, (y, z) = 1, (2, 3)\n"
            "a += 1\n"
            "c *= a\n"
            "n: int = 5\n"
            "s = 'ab' + 'c'\n"
            "t = (1, 2) + (3,)\n");
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("a"), "5");
  EXPECT_EQ(r.get("b"), "4");
  EXPECT_EQ(r.get("c"), "20");
  EXPECT_EQ(r.get("z"), "3");
  EXPECT_EQ(r.get("n"), "5");
  EXPECT_EQ(r.get("s"), "\"abc\"");
  EXPECT_EQ(r.get("t"), "(1, 2, 3)");
}

TEST(PyEval, ControlFlowAndComparisons) {
  Program r("dtype = T.float16\n"
            "if dtype == 'float32':\n"
            "    acc = 1\n"
            "elif dtype == T.float16 and not False:\n"
            "    acc = 2\n"
            "else:\n"
            "    acc = 3\n"
            "big = 'large' if 4 < 5 <= 5 else 'small'\n"
            "member = 'float' in dtype\n"
            "x = 0 or 'dflt'\n"
            "total = 0\n"
            "for i in range(10):\n"
            "    if i == 2:\n"
            "        continue\n"
            "    if i == 5:\n"
            "        break\n"
            "    total += i\n"
            "k = 1\n"
            "while k < 100:\n"
            "    k *= 3\n"
            "fl = T.float\n");
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("dtype"), "\"float16\"");
  EXPECT_EQ(r.get("acc"), "2");
  EXPECT_EQ(r.get("big"), "\"large\"");
  EXPECT_EQ(r.get("member"), "True");
  EXPECT_EQ(r.get("x"), "\"dflt\"");
  EXPECT_EQ(r.get("total"), "8");
  EXPECT_EQ(r.get("k"), "243");
  EXPECT_EQ(r.get("fl"), "\"float32\"");
}

TEST(PyEval, CallsImportsHelpers) {
  Program r("import math\n"
            "from math import ceil as c\n"
            "import tilelang.language as L\n"
            "a = math.ceil(7 / 2) + c(0.5)\n"
            "b = min(3, 1, 2), max([4, 9]), abs(-3), int(7.9), float(2), round(2.5), round(3.5)\n"
            "d = math.log2(1024) + math.sqrt(16)\n"
            "e = L.ceildiv(100, 32), T.max(2, 5)\n"
            "def helper(x, scale=2):\n"
            "    def inner(y):\n"
            "        return y + 1\n"
            "    return inner(x) * scale\n"
            "f = helper(3), helper(3, scale=10)\n"
            "g = [i * i for i in range(5) if i % 2 == 0]\n"
            "h = sum(x for x in (1, 2, 3)), len(g), tuple(range(2)), any([0, 1])\n"
            "p = math.pi > 3.14 and math.gcd(12, 18) == 6\n");
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("a"), "5");
  EXPECT_EQ(r.get("b"), "(1, 9, 3, 7, 2.0, 2, 4)");
  EXPECT_EQ(r.get("d"), "14.0");
  EXPECT_EQ(r.get("e"), "(4, 5)");
  EXPECT_EQ(r.get("f"), "(8, 40)");
  EXPECT_EQ(r.get("g"), "(0, 4, 16)");
  EXPECT_EQ(r.get("h"), "(6, 3, (0, 1), True)");
  EXPECT_EQ(r.get("p"), "True");
}

TEST(PyEval, Errors) {
  std::pair<const char *, const char *> cases[] = {
      {"M = 100\nassert M % 32 == 0, f'M={M}'\n",
       "f.py:2:1: error: assertion failed in the kernel factory: M=100"},
      {"assert 1 > 2\n", "f.py:1:1: error: assertion failed in the kernel factory"},
      {"raise ValueError('bad dtype')\n",
       "f.py:1:1: error: the kernel factory raises ValueError: bad dtype"},
      {"N = T.dynamic('N')\n",
       "f.py:1:5: error: symbolic dimensions (T.dynamic) are not supported: tt-llc compiles "
       "fixed shapes; bind the dimension to a constant (T.const, or a parameter with -D)"},
      {"x = torch.empty(3)\n",
       "f.py:1:5: error: cannot evaluate a call of 'torch.empty' in the kernel factory"},
      {"x = y + 1\n", "f.py:1:5: error: use of undefined name 'y' in the kernel factory"},
      {"x = 1 // 0\n", "f.py:1:5: error: integer division by zero"},
      {"x = 2 ** 64\n", "f.py:1:5: error: integer result of '**' does not fit in 64 bits"},
      {"x = 'a' - 1\n", "f.py:1:5: error: unsupported operand types for -: 'str' and 'int'"},
      {"a, b = 1, 2, 3\n", "f.py:1:1: error: cannot unpack 3 values into 2 names"},
      {"x = [1][3]\n", "f.py:1:9: error: index 3 out of range"},
      {"x = {'a': 1}['b']\n", "f.py:1:14: error: KeyError: \"b\""},
      {"f = 3\nx = f(1)\n", "f.py:2:5: error: 'int' object is not callable"},
      {"x = dict(a=1, **{'a': 2})\n", "f.py:1:10: error: got multiple values for keyword "
                                      "argument 'a'"},
      {"def mk():\n  y = 1\n  return lambda: y\nx = mk()()\n",
       "f.py:4:5: error: '<lambda>' was defined in a call that has returned; closures are not "
       "evaluated in the kernel factory"},
      {"x = (1).real\n", "f.py:1:6: error: cannot evaluate '.real' in the kernel factory"},
      {"x = [1].sort()\n", "f.py:1:5: error: cannot evaluate a call of 'tuple.sort' in the "
                           "kernel factory"},
      {"x = [1].append(2)\n", "f.py:1:5: error: cannot evaluate '.append()' on this expression "
                              "in the kernel factory: only on a name"},
      {"s = 'ab'\ns.append(1)\n", "f.py:2:1: error: cannot evaluate a call of 's.append' in the "
                                  "kernel factory"},
      {"xs = []\nwhile True:\n  xs.append(0)\n",
       "f.py:3:3: error: list is too long to evaluate in the kernel factory"},
      {"xs = []\nwhile True:\n  xs.append(len(xs))\n",
       "f.py:3:17: error: the kernel factory's Python takes too long to evaluate"},
      {"s = 'a' * 1000000 * 1000000\n",
       "f.py:1:5: error: the result of '*' is too long to evaluate in the kernel factory"},
      {"a.b = 1\n", "f.py:1:1: error: cannot evaluate an assignment to an attribute in the "
                    "kernel factory"},
  };
  for (auto [code, msg] : cases) {
    Program r(code);
    EXPECT_EQ(r.flow, PyEvaluator::Flow::Error) << code;
    EXPECT_EQ(r.firstError(), msg) << code;
  }
}

// What autotuner configurations are built with: dicts, zip, itertools.product,
// `*` / `**`, lambdas, list methods, dict comprehensions.
TEST(PyEval, DictsLambdasAndStars) {
  Program r("import itertools\n"
            "params = {'block_M': [64, 128], 'num_stages': [1, 2]}\n"
            "configs = [dict(zip(params, v)) for v in itertools.product(*params.values())]\n"
            "first = configs[0]\n"
            "n = len(configs)\n"
            "last = configs[-1]['block_M'], configs[-1]['num_stages']\n"
            "c = []\n"
            "for m, s in itertools.product([32, 64], [2], repeat=1):\n"
            "    c.append({'M': m, 'S': s})\n"
            "c.extend([{'M': 1}])\n"
            "base = {'a': 1, 'b': 2}\n"
            "merged = {**base, 'b': 3, 'c': 4}\n"
            "merged['d'] = 5\n"
            "keys = tuple(k for k, v in merged.items() if v > 2)\n"
            "sq = {k: v * v for k, v in base.items()}\n"
            "get = merged.get('z', 7), 'a' in merged, sorted(merged.values(), reverse=True)\n"
            "inc = lambda x, y=1: x + y\n"
            "lam = inc(1), inc(1, y=10), list(map(inc, [1, 2])), list(filter(lambda x: x % 2, "
            "range(5)))\n"
            "def f(a, *rest, scale=2, **kw):\n"
            "    return (a, rest, scale, kw)\n"
            "star = f(*[1, 2, 3], **{'scale': 5, 'x': 6})\n"
            "order = sorted([(2, 'b'), (1, 'a')], key=lambda t: t[0])\n"
            "bits = (1024).bit_length(), 'float16'.startswith('float'), '-'.join(['a', 'b'])\n"
            "en = list(enumerate('ab', start=1)), [*range(2), *'xy']\n");
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("first"), "{\"block_M\": 64, \"num_stages\": 1}");
  EXPECT_EQ(r.get("n"), "4");
  EXPECT_EQ(r.get("last"), "(128, 2)");
  EXPECT_EQ(r.get("c"), "({\"M\": 32, \"S\": 2}, {\"M\": 64, \"S\": 2}, {\"M\": 1})");
  EXPECT_EQ(r.get("merged"), "{\"a\": 1, \"b\": 3, \"c\": 4, \"d\": 5}");
  EXPECT_EQ(r.get("base"), "{\"a\": 1, \"b\": 2}"); // ** copied it
  EXPECT_EQ(r.get("keys"), "(\"b\", \"c\", \"d\")");
  EXPECT_EQ(r.get("sq"), "{\"a\": 1, \"b\": 4}");
  EXPECT_EQ(r.get("get"), "(7, True, (5, 4, 3, 1))");
  EXPECT_EQ(r.get("lam"), "(2, 11, (2, 3), (1, 3))");
  EXPECT_EQ(r.get("star"), "(1, (2, 3), 5, {\"x\": 6})");
  EXPECT_EQ(r.get("order"), "((1, \"a\"), (2, \"b\"))");
  EXPECT_EQ(r.get("bits"), "(11, True, \"a-b\")");
  EXPECT_EQ(r.get("en"), "(((1, \"a\"), (2, \"b\")), (0, 1, \"x\", \"y\"))");
}

// Set displays and comprehensions: their distinct elements, for `in`, len
// and iteration (sm_version in {80, 90}).
TEST(PyEval, Sets) {
  Program r("sm = 90\n"
            "arch = 'sm90' if sm in {80, 90} else 'other'\n"
            "miss = 70 in {80, 90}, 70 not in {80, 90}\n"
            "n = len({1, 2, 2, 1.0, *[3, 3]})\n"
            "evens = {x % 4 for x in range(10)}\n"
            "s = set([5, 5, 6]), frozenset(), set('aba')\n"
            "dtypes = {'float16', 'bfloat16'}\n"
            "half = 'float16' in dtypes\n");
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("arch"), "\"sm90\"");
  EXPECT_EQ(r.get("miss"), "(False, True)");
  EXPECT_EQ(r.get("n"), "3");
  EXPECT_EQ(r.get("evens"), "(0, 1, 2, 3)");
  EXPECT_EQ(r.get("s"), "((5, 6), (), (\"a\", \"b\"))");
  EXPECT_EQ(r.get("half"), "True");
  Program big("s = {x for x in range(100000)}\n");
  EXPECT_EQ(big.firstError(),
            "f.py:1:5: error: set is too large to evaluate in the kernel factory");
}

// f-strings: replacement fields with conversions and format specs, as
// CPython formats them (assert and raise messages, names built from values).
TEST(PyEval, FStrings) {
  Program r("M, dtype, scale = 100, 'float16', 0.125\n"
            "a = f'M={M}, {dtype!r}, {scale}, {{M}}'\n"
            "b = f'{M:5d}|{M:<5}|{M:^7}|{M:05}|{-M:+}|{M:x}|{255:X}|{5:b}|{M:o}'\n"
            "c = f'{scale:.3f}|{scale:8.2e}|{scale:.1%}|{2.5:g}|{M:.2f}|{dtype:>9}|{dtype:.4}'\n"
            "d = f'{M // 3} {[1, 2][-1]} {\"x\" * 2}' + 'tail'\n"
            "name = f'gemm_{M}x{M}_{dtype}'\n");
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("a"), "\"M=100, 'float16', 0.125, {M}\"");
  EXPECT_EQ(r.get("b"), "\"  100|100  |  100  |00100|-100|64|FF|101|144\"");
  EXPECT_EQ(r.get("c"), "\"0.125|1.25e-01|12.5%|2.5|100.00|  float16|floa\"");
  EXPECT_EQ(r.get("d"), "\"33 2 xxtail\"");
  EXPECT_EQ(r.get("name"), "\"gemm_100x100_float16\"");
  Program assertion("M = 100\nassert M % 32 == 0, f'M ({M}) must divide by 32'\n");
  EXPECT_EQ(assertion.firstError(),
            "f.py:2:1: error: assertion failed in the kernel factory: M (100) must divide by 32");
  Program badSpec("x = f'{1.5:d}'\n");
  EXPECT_EQ(badSpec.firstError(), "f.py:1:8: error: format spec 'd' does not apply to 'float'");
  Program undefined("x = f'{nope}'\n");
  EXPECT_EQ(undefined.firstError(),
            "f.py:1:8: error: use of undefined name 'nope' in the kernel factory");
}

// TileLang names the factory reads: determine_fp8_type (CUDA's choice) and
// enumerators such as T.GemmWarpPolicy.Square.
TEST(PyEval, TileLangValues) {
  Program r("from tilelang.language.fp8 import determine_fp8_type\n"
            "from tvm import DataType\n"
            "a = determine_fp8_type(), determine_fp8_type('e5m2')\n"
            "p = T.GemmWarpPolicy.Square\n"
            "b = DataType(T.float16).bits, DataType('float8_e4m3fn').bits, T.dtype('bool').bits\n"
            "i = isinstance(4, int), isinstance(True, int), isinstance(1.5, (int, str)), "
            "isinstance([1], list)\n");
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("a"), "(\"float8_e4m3fn\", \"float8_e5m2\")");
  EXPECT_EQ(r.get("p"), "\"GemmWarpPolicy.Square\"");
  EXPECT_EQ(r.get("b"), "(16, 8, 1)");
  EXPECT_EQ(r.get("i"), "(True, True, False, True)");
  // A construct as a value: compares, and is not called in the factory.
  Program fn("f = T.reduce_max\n"
             "same = f == T.reduce_max, f == T.reduce_min, f == 'reduce_max'\n"
             "ops = {'max': T.reduce_max}\n");
  ASSERT_EQ(fn.flow, PyEvaluator::Flow::Next) << fn.out;
  EXPECT_EQ(fn.get("f"), "tilelang.language.reduce_max");
  EXPECT_EQ(fn.get("same"), "(True, False, False)");
  EXPECT_EQ(fn.get("ops"), "{\"max\": tilelang.language.reduce_max}");
  Program call("f = T.reduce_max\nx = f(1)\n");
  EXPECT_NE(call.firstError(), "");
  Program cls("x = isinstance(3, MyClass)\n");
  EXPECT_EQ(cls.firstError(), "f.py:1:19: error: isinstance() is evaluated for the builtin types "
                              "int, float, str, bool, tuple, list and dict, and torch.Tensor, "
                              "only");
  Program bad("from tilelang.language.fp8 import determine_fp8_type\n"
              "a = determine_fp8_type('e3m4')\n");
  EXPECT_EQ(bad.firstError(), "f.py:2:5: error: Unsupported FP8 format: e3m4");
}

TEST(PyEval, TileLangMath) {
  Program r("import tilelang\n"
            "from tilelang.math import next_power_of_2 as np2\n"
            "a = tilelang.math.next_power_of_2(100), np2(128), np2(129), np2(1), np2(0)\n"
            "b = tilelang.next_power_of_2(33)\n"); // tilelang re-exports tilelang.math
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("a"), "(128, 128, 256, 1, 2)");
  EXPECT_EQ(r.get("b"), "64");
}

TEST(PyEval, Namespaces) {
  // What the frontend binds for host code's `args = parser.parse_args()`.
  auto args = [](PyScope &s) {
    s.namespaces["args"] = ConstEnv{{"m", PyValue{int64_t(1024)}}, {"fast", PyValue{false}}};
  };
  Program r("x = args.m // 2 if not args.fast else 0\n", args);
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("x"), "512");
  Program bad("y = args.n\n", args);
  EXPECT_EQ(bad.flow, PyEvaluator::Flow::Error);
  EXPECT_EQ(bad.firstError(), "f.py:1:5: error: 'args' has no attribute 'n'");
  Program whole("z = args\n", args);
  EXPECT_EQ(whole.flow, PyEvaluator::Flow::Error);
  EXPECT_NE(whole.out.find("'args' is a module or namespace"), std::string::npos) << whole.out;
}

TEST(PyEval, ShapeOnlyTensors) {
  // What the frontend binds for host code's `x = torch.randn(64, 32)`.
  auto tensor = [](PyScope &s) {
    s.namespaces["x"] =
        ConstEnv{{"shape", PyValue{PyValue::Tuple{PyValue{int64_t(64)}, PyValue{int64_t(32)}}}},
                 {"ndim", PyValue{int64_t(2)}}};
  };
  Program r("m, k = x.shape\n"
            "a = x.size(1) + x.size(-2) * 1000\n"
            "n = x.numel()\n"
            "d = x.dim() + x.ndim + len(x.size())\n"
            "last = x.shape[-1]\n",
            tensor);
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("m"), "64");
  EXPECT_EQ(r.get("k"), "32");
  EXPECT_EQ(r.get("a"), "64032");
  EXPECT_EQ(r.get("n"), "2048");
  EXPECT_EQ(r.get("d"), "6");
  EXPECT_EQ(r.get("last"), "32");
  Program item("v = x.item()\n", tensor);
  EXPECT_EQ(item.flow, PyEvaluator::Flow::Error);
  EXPECT_EQ(item.firstError(), "f.py:1:5: error: 'x.item()' needs the values of tensor 'x', which "
                               "are known only at run time (tt-llc knows its shape)");
  Program range("v = x.size(2)\n", tensor);
  EXPECT_EQ(range.flow, PyEvaluator::Flow::Error);
  EXPECT_EQ(range.firstError(),
            "f.py:1:5: error: 'x.size()': dimension 2 out of range for a tensor of 2 dimensions");
  Program other("v = x.sum()\n", tensor);
  EXPECT_EQ(other.flow, PyEvaluator::Flow::Error);
  EXPECT_NE(other.out.find("cannot evaluate 'x.sum()' of tensor 'x' at compile time"),
            std::string::npos)
      << other.out;
}

TEST(PyEval, TensorExpressionsAskTheFrontend) {
  // The frontend gives the shape of a tensor expression host code computes
  // (x.view(8, -1)); here every call is a tensor of shape (8, 4).
  auto hook = [](PyEvaluator &ev) {
    ev.hostTensor = [](const py::Expr &e, const PyScope &) -> std::optional<ConstEnv> {
      if (e.kind != py::ExprKind::Call)
        return std::nullopt;
      return ConstEnv{{"shape", PyValue{PyValue::Tuple{PyValue{int64_t(8)}, PyValue{int64_t(4)}}}},
                      {"ndim", PyValue{int64_t(2)}}};
    };
  };
  auto tensor = [](PyScope &s) {
    s.namespaces["x"] = ConstEnv{{"shape", PyValue{PyValue::Tuple{PyValue{int64_t(32)}}}},
                                 {"ndim", PyValue{int64_t(1)}}};
  };
  Program r("m, k = x.view(8, -1).shape\n"
            "n = x.view(8, -1).size(1) + x.view(8, -1).ndim * 100\n"
            "e = x.view(8, -1).numel()\n",
            tensor, hook);
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("m"), "8");
  EXPECT_EQ(r.get("k"), "4");
  EXPECT_EQ(r.get("n"), "204");
  EXPECT_EQ(r.get("e"), "32");
  Program item("v = x.view(8, -1).item()\n", tensor, hook);
  EXPECT_EQ(item.flow, PyEvaluator::Flow::Error);
  EXPECT_EQ(item.firstError(),
            "f.py:1:5: error: 'tensor.item()' needs the values of tensor "
            "'tensor', which are known only at run time (tt-llc knows its shape)");
  Program attr("v = x.view(8, -1).stride\n", tensor, hook);
  EXPECT_EQ(attr.flow, PyEvaluator::Flow::Error);
  EXPECT_NE(attr.out.find("cannot evaluate the tensor's '.stride' at compile time"),
            std::string::npos)
      << attr.out;
}

TEST(PyEval, TorchDtypes) {
  // torch's dtypes are TileLang's dtype names, as host code compares them.
  Program r("import torch\n"
            "import tilelang.language as T\n"
            "a = torch.float16\n"
            "b = torch.half == T.float16\n"
            "c = torch.float\n"
            "d = torch.long\n"
            "e = torch.bfloat16 == torch.float16\n");
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("a"), "\"float16\"");
  EXPECT_EQ(r.get("b"), "True");
  EXPECT_EQ(r.get("c"), "\"float32\"");
  EXPECT_EQ(r.get("d"), "\"int64\"");
  EXPECT_EQ(r.get("e"), "False");
  EXPECT_EQ(torchDtype("int"), "int32");
  EXPECT_EQ(torchDtype("device"), "");
  Program bad("import torch\n"
              "x = torch.complex_thing\n");
  EXPECT_EQ(bad.flow, PyEvaluator::Flow::Error);
}

TEST(PyEval, GpuQueries) {
  // tt-llc compiles for Tenstorrent: there is no CUDA device.
  Program r("import torch\n"
            "a = torch.cuda.is_available()\n"
            "dev = 'cuda' if torch.cuda.is_available() else 'cpu'\n");
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("a"), "False");
  EXPECT_EQ(r.get("dev"), "\"cpu\"");
  ASSERT_TRUE(r.ev.gpuQuery);
  EXPECT_EQ(r.ev.gpuQuery->second, "torch.cuda.is_available()");
  Program sms("from tilelang.carver.arch import driver\n"
              "n = 2\n"
              "sm = driver.get_num_sms() * n\n");
  EXPECT_EQ(sms.flow, PyEvaluator::Flow::Error);
  EXPECT_EQ(sms.firstError(),
            "f.py:3:6: error: 'driver.get_num_sms()' asks the GPU, which tt-llc does not have (it "
            "compiles for Tenstorrent): make what it decides a parameter and pass it with -D "
            "NAME=VALUE");
  Program name("import torch\n"
               "rdna = 'Radeon' in torch.cuda.get_device_name(0)\n");
  EXPECT_EQ(name.flow, PyEvaluator::Flow::Error);
  EXPECT_NE(name.out.find("'torch.cuda.get_device_name()' asks the GPU"), std::string::npos)
      << name.out;
  ASSERT_TRUE(name.ev.gpuQuery);
  EXPECT_EQ(name.ev.gpuQuery->second, "torch.cuda.get_device_name()");
}

TEST(PyEval, OpaqueNames) {
  Program r("pass\n");
  r.scope.opaque["A"] = "a tensor parameter";
  py::Expr name(py::ExprKind::Name, llvm::SMLoc());
  name.name = "A";
  EXPECT_FALSE(r.ev.eval(name, r.scope));
  EXPECT_NE(r.out.find("'A' is a tensor parameter, not a compile-time value"), std::string::npos)
      << r.out;
}

} // namespace

TEST(PyEval, StringClassesAndStrip) {
  Program r("d = 'int8'\n"
            "bits = int(''.join(c for c in d if c.isdigit()))\n"
            "kind = str(''.join(c for c in d if not c.isdigit()))\n"
            "a = ['x1'.isalnum(), 'x'.isalpha(), ''.isdigit(), ' '.isspace(), 'x1'.isalpha()]\n"
            "s = '  ab  '.strip()\n"
            "l = '  ab  '.lstrip()\n"
            "t = 'xxabx'.rstrip('x')\n");
  ASSERT_EQ(r.flow, PyEvaluator::Flow::Next) << r.out;
  EXPECT_EQ(r.get("bits"), "8");
  EXPECT_EQ(r.get("kind"), "\"int\"");
  EXPECT_EQ(r.get("a"), "(True, True, False, True, False)");
  EXPECT_EQ(r.get("s"), "\"ab\"");
  EXPECT_EQ(r.get("l"), "\"ab  \"");
  EXPECT_EQ(r.get("t"), "\"xxab\"");
}

TEST(PyEval, TileLangGpuFacilitiesAreConstructs) {
  // TileLang's GPU code-generation library, by name or by module: a
  // construct the lowering does not take, not a Python failure.
  for (const char *code :
       {"from tilelang.cuda.intrinsics.macro.mma_macro_generator import TensorCoreIntrinEmitter\n"
        "e = TensorCoreIntrinEmitter(a_dtype='float16', chunk=32)\n",
        "from sparse_utils import get_e_factor\nf = get_e_factor('float16', 'int16')\n",
        "from tilelang import tvm as tvm\nt = tvm.target.Target('hip')\n",
        "import tilelang.language as T\np = T.GemmWarpPolicy.Square\n"
        "m, n = p.compute_warp_partition(64, 64, 4)\n"}) {
    Program r(code);
    EXPECT_EQ(r.flow, PyEvaluator::Flow::Error) << code;
    EXPECT_NE(r.out.find("' (TileLang) is not supported by the Tenstorrent lowering yet"),
              std::string::npos)
        << r.out;
  }
  // tilelang.compile / lower / apply_simplify of a prim_func give it back.
  Program k("import tilelang\nfrom tilelang.transform.simplify import apply_simplify\n"
            "a = tilelang.compile(main, out_idx=[1])\nb = apply_simplify(main)\nc = "
            "tilelang.lower(main)\n",
            [](PyScope &s) { s.values["main"] = PyValue{std::string(kPrimFuncMarker) + "main"}; });
  ASSERT_EQ(k.flow, PyEvaluator::Flow::Next) << k.out;
  EXPECT_EQ(k.scope.values["a"].str(), k.scope.values["b"].str());
  EXPECT_EQ(k.scope.values["c"].str(), k.scope.values["b"].str());
  // Of anything else, and other host modules: still Python.
  Program h("import tilelang\nx = tilelang.compile(3)\n");
  EXPECT_NE(h.out.find("cannot evaluate a call of 'tilelang.compile'"), std::string::npos) << h.out;
  Program t("import torch\nx = torch.zeros(3)\n");
  EXPECT_NE(t.out.find("cannot evaluate a call of 'torch.zeros'"), std::string::npos) << t.out;
}
