//===- frontend/Frontend.cpp - TileLang source files to Tile IR -----------===//
//
// The driving half of FileFrontend (frontend/HostBinding.h): scans the
// file's top level (defs, imports, constant globals, classes, pytest
// functions) for kernel candidates, picks the one to compile, and
// translates it (a factory, an eager @tilelang.jit kernel, a top-level
// @T.prim_func or a pytest function's) to Tile IR with syntax/PyToTileIR.h,
// its compile-time parameters bound by HostBinding.cpp.
//
//===----------------------------------------------------------------------===//

#include "frontend/Frontend.h"
#include "frontend/HostBinding.h"

#include "support/Diagnostics.h"
#include "syntax/PyAST.h"
#include "syntax/PyEval.h"
#include "syntax/PyToTileIR.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SourceMgr.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <set>

namespace ttllc::frontend {

/// The names of `T.const("M, N K")`: split at commas and blanks.
std::vector<std::string> constNames(const std::string &spec) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : spec + ",") {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!cur.empty())
        out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

bool FileFrontend::spanHas(size_t b, size_t e, const char *name, bool decorator) const {
  for (size_t i = b; i + 3 < e + (decorator ? 0 : 1); ++i) {
    size_t k = decorator ? i + 1 : i;
    if ((!decorator || toks_[i].isOp("@")) && toks_[k].isName(conv_.langAlias) &&
        toks_[k + 1].isOp(".") && toks_[k + 2].isName(name))
      return true;
  }
  return false;
}

const TopDef *FileFrontend::enclosingDef(size_t tok) const {
  for (const TopDef &d : topDefs_)
    if (d.begin <= tok && tok < d.end)
      return &d;
  return nullptr;
}

const py::Stmt *FileFrontend::defHeader(const TopDef &d) {
  if (auto it = headers_.find(d.begin); it != headers_.end())
    return it->second.get();
  size_t colon = 0;
  headers_[d.begin] = parseHeader(d.begin, d.end, colon);
  return headers_[d.begin].get();
}

py::StmtP FileFrontend::parseHeader(size_t begin, size_t end, size_t &colon) {
  size_t k = begin;
  while (k < end && !toks_[k].isName("def"))
    ++k;
  size_t c = k;
  for (int depth = 0; c < end; ++c) {
    const py::Token &t = toks_[c];
    if (t.isOp("(") || t.isOp("[") || t.isOp("{"))
      ++depth;
    else if (t.isOp(")") || t.isOp("]") || t.isOp("}"))
      --depth;
    else if (depth == 0 && t.isOp(":"))
      break;
  }
  if (c >= end)
    return nullptr;
  colon = c;
  std::vector<py::Token> header(toks_.begin() + long(k), toks_.begin() + long(c) + 1);
  SMLoc loc = toks_[c].loc;
  for (auto [kind, text] : {std::pair{py::TokKind::Newline, ""},
                            {py::TokKind::Indent, ""},
                            {py::TokKind::Name, "pass"},
                            {py::TokKind::Newline, ""},
                            {py::TokKind::Dedent, ""},
                            {py::TokKind::End, ""}}) {
    py::Token t{};
    t.kind = kind;
    t.text = text;
    t.loc = loc;
    header.push_back(t);
  }
  SuppressDiagnostics quiet(diag_);
  py::Parser parser(header, diag_);
  py::StmtP def = parser.parseStatement();
  if (def && def->kind != py::StmtKind::FunctionDef)
    def.reset();
  return def;
}

py::StmtP FileFrontend::parseTestFunction(size_t begin) {
  SuppressDiagnostics quiet(diag_);
  py::Parser parser(toks_, diag_);
  parser.setPos(begin);
  if (py::StmtP whole = parser.parseStatement())
    return whole;
  // Statement by statement: what the parser does not read (try, class,
  // ...) is host code of the test and is left out.
  size_t end = parser.statementEnd(begin), colon = 0;
  py::StmtP def = parseHeader(begin, end, colon);
  if (!def || toks_[colon + 1].kind != py::TokKind::Newline ||
      toks_[colon + 2].kind != py::TokKind::Indent)
    return nullptr;
  def->body.clear();
  for (size_t i = colon + 3; i < end && toks_[i].kind != py::TokKind::Dedent;) {
    size_t next = parser.statementEnd(i);
    parser.setPos(i);
    if (py::StmtP st = parser.parseStatement(); st && parser.pos() == next)
      def->body.push_back(std::move(st));
    i = next;
  }
  return def;
}

const py::Stmt *FileFrontend::globalFunction(const std::string &name) {
  if (auto it = parsedDefs_.find(name); it != parsedDefs_.end())
    return it->second.get();
  const TopDef *def = nullptr;
  for (const TopDef &d : topDefs_) // the last definition wins, as in Python
    if (d.name == name)
      def = &d;
  if (!def)
    return nullptr;
  py::StmtP s;
  {
    SuppressDiagnostics quiet(diag_);
    py::Parser parser(toks_, diag_);
    parser.setPos(def->begin);
    s = parser.parseStatement();
  }
  const py::Stmt *p = s && s->kind == py::StmtKind::FunctionDef ? s.get() : nullptr;
  parsedDefs_[name] = std::move(s);
  return p;
}

void FileFrontend::noteImport(const py::Stmt &s) {
  // import tilelang.language as T  /  from tilelang import language as T
  for (const py::ImportName &n : s.names) {
    bool lang =
        (s.kind == py::StmtKind::Import &&
         (n.name == "tilelang.language" || n.name == "tvm.tl.language")) ||
        (s.kind == py::StmtKind::ImportFrom && s.module == "tilelang" && n.name == "language");
    if (lang && !n.alias.empty())
      conv_.langAlias = n.alias;
    // from tilelang.tools.cuda import iket  /  import tilelang.contrib as tc
    std::string module = s.kind == py::StmtKind::ImportFrom ? s.module + "." + n.name : n.name;
    if (!lang && !n.alias.empty() && llvm::StringRef(module).starts_with("tilelang."))
      conv_.tileLangModules[n.alias] = module;
    else if (!lang && s.kind == py::StmtKind::ImportFrom &&
             llvm::StringRef(module).starts_with("tilelang."))
      conv_.tileLangModules[n.name] = module;
  }
}

void FileFrontend::assignGlobal(py::StmtP s) {
  // Tile IR constants first (int32, with the error of a value out of range),
  // then any Python the evaluator runs. Host code fails both, quietly.
  bool outOfRange = false;
  std::optional<PyValue> v;
  {
    SuppressDiagnostics quiet(diag_);
    v = evalConstant(*s->value, globals_.values, conv_, diag_, &outOfRange);
    if (!v && !outOfRange)
      v = eval_.eval(*s->value, globals_);
  }
  std::vector<const py::Expr *> names;
  std::function<void(const py::Expr &)> collect = [&](const py::Expr &t) {
    if (t.kind == py::ExprKind::Name)
      names.push_back(&t);
    for (const py::ExprP &x : t.elts)
      collect(*x);
  };
  for (const py::ExprP &t : s->targets)
    collect(*t);
  for (const py::Expr *n : names)
    outOfRangeGlobals_.erase(n->name);
  if (s->targets.size() == 1 && s->targets[0]->kind == py::ExprKind::Name) {
    // a = torch.randn(M, K, ...) at the top level: a tensor of known shape
    bool tensor = false;
    auto shape = hostShape(*s->value, globals_, tensor);
    if (shape) {
      globalShapes_[s->targets[0]->name] = *shape;
      bindTensor(globals_, s->targets[0]->name, *shape, hostDtype(*s->value, globals_));
      return;
    }
    globalShapes_.erase(s->targets[0]->name);
  }
  bool bound = v.has_value();
  if (bound) {
    SuppressDiagnostics quiet(diag_);
    for (const py::ExprP &t : s->targets)
      bound = bound && eval_.assignTarget(*t, *v, globals_);
  }
  if (bound)
    return;
  for (const py::Expr *n : names) // no longer known constants
    globals_.values.erase(n->name);
  if (outOfRange && s->targets.size() == 1 && s->targets[0]->kind == py::ExprKind::Name) {
    outOfRangeGlobals_[s->targets[0]->name] = s->value.get();
    keptGlobals_.push_back(std::move(s));
  }
}

void FileFrontend::scanClass(const std::string &cls, size_t k, size_t end) {
  size_t colon = findOutsideBrackets(k + 1, end, [](const py::Token &t) { return t.isOp(":"); });
  if (colon + 2 >= end || toks_[colon + 1].kind != py::TokKind::Newline ||
      toks_[colon + 2].kind != py::TokKind::Indent)
    return;
  for (size_t b = k; b < colon; ++b) // class C(torch.autograd.Function)
    if (toks_[b].isName("Function"))
      autogradClasses_.insert(cls);
  py::Parser parser(toks_, diag_);
  for (k = colon + 3; k < end && toks_[k].kind != py::TokKind::Dedent;) {
    if (toks_[k].kind == py::TokKind::Newline) {
      ++k;
      continue;
    }
    size_t stEnd = parser.statementEnd(k);
    if (stEnd <= k)
      return;
    size_t j = k;
    while (j < stEnd && toks_[j].isOp("@")) // skip decorator lines
      while (j < stEnd && toks_[j++].kind != py::TokKind::Newline)
        ;
    if (j + 1 < stEnd && toks_[j].isName("def"))
      topDefs_.push_back(TopDef{cls + "." + std::string(toks_[j + 1].text), k, stEnd});
    k = stEnd;
  }
}

void FileFrontend::scanTopLevel() {
  py::Parser parser(toks_, diag_);
  size_t i = 0;
  while (toks_[i].kind != py::TokKind::End) {
    if (toks_[i].kind == py::TokKind::Newline || toks_[i].kind == py::TokKind::Indent ||
        toks_[i].kind == py::TokKind::Dedent) {
      ++i;
      continue;
    }
    size_t end = parser.statementEnd(i);
    size_t j = i;
    while (j < end && toks_[j].isOp("@")) // skip decorator lines
      while (j < end && toks_[j++].kind != py::TokKind::Newline)
        ;
    const py::Token &first = toks_[j < end ? j : i];
    if (first.isName("def") && j + 1 < end) {
      std::string name(toks_[j + 1].text);
      topDefs_.push_back(TopDef{name, i, end});
      bool jit = false;
      for (size_t k = i; k < j; ++k)
        jit |= toks_[k].isName("jit");
      // pytest functions (test_*) run kernels; they are kernels only when
      // the file has no other (their inline @T.prim_func).
      if (name.rfind("test_", 0) == 0) {
        bool prim = spanHas(j, end, "prim_func", true), nestedJit = false;
        for (size_t k = j; k < end; ++k)
          nestedJit |= toks_[k].isName("jit");
        if (prim || (nestedJit && spanHas(j, end, "Kernel", false)))
          addTestCandidates(name, i, toks_[j + 1].loc, prim);
      } else if (spanHas(i, end, "prim_func", true)) {
        // A decorator of the function itself, or one inside its body?
        bool direct = spanHas(i, j, "prim_func", true);
        candidates_.push_back(
            Candidate{name, i, toks_[j + 1].loc, direct ? Candidate::Direct : Candidate::Factory});
      } else if (jit && spanHas(j, end, "Kernel", false)) {
        candidates_.push_back(Candidate{name, i, toks_[j + 1].loc, Candidate::Eager});
      }
    } else if (first.isName("class") && j + 1 < end && toks_[j + 1].kind == py::TokKind::Name) {
      scanClass(std::string(toks_[j + 1].text), j, end);
    } else if (first.isName("if") || first.isName("for") || first.isName("with")) {
      topDefs_.push_back(TopDef{"", i, end}); // if __name__ == "__main__": ...
    } else if (first.isName("import") || first.isName("from") ||
               (first.kind == py::TokKind::Name && !first.isName("if") && !first.isName("for") &&
                !first.isName("while") && !first.isName("with") && !first.isName("class") &&
                !first.isName("try"))) {
      // Imports and global constants (M = N = 1024): parse speculatively;
      // anything that does not parse or evaluate is host code.
      py::StmtP s;
      {
        SuppressDiagnostics quiet(diag_);
        parser.setPos(i);
        s = parser.parseStatement();
      }
      if (s && (s->kind == py::StmtKind::Import || s->kind == py::StmtKind::ImportFrom)) {
        noteImport(*s);
        SuppressDiagnostics quiet(diag_);
        eval_.execStmt(*s, globals_);
      } else if (s && s->kind == py::StmtKind::Assign) {
        assignGlobal(std::move(s));
      }
    }
    i = end;
  }
}

void FileFrontend::addTestCandidates(const std::string &name, size_t begin, SMLoc loc,
                                     bool primFunc) {
  py::StmtP test = parseTestFunction(begin);
  const std::string alias = conv_.langAlias;
  auto isPrim = [&](const py::Stmt &s) {
    return s.kind == py::StmtKind::FunctionDef &&
           std::any_of(s.decorators.begin(), s.decorators.end(),
                       [&](const py::ExprP &d) { return isPrimFuncDecorator(*d); });
  };
  std::vector<Candidate> nested;
  if (test && test->kind == py::StmtKind::FunctionDef &&
      std::none_of(test->body.begin(), test->body.end(),
                   [&](const py::StmtP &s) { return isPrim(*s); }))
    for (const py::StmtP &s : test->body) {
      if (s->kind != py::StmtKind::FunctionDef)
        continue;
      bool jit = std::any_of(s->decorators.begin(), s->decorators.end(), [](const py::ExprP &d) {
        const py::Expr &f = d->kind == py::ExprKind::Call ? *d->a : *d;
        return llvm::StringRef(f.dottedName()).contains("jit");
      });
      bool kernel = false, factory = false;
      for (const py::StmtP &b : s->body) {
        factory |= isPrim(*b);
        kernel |= b->kind == py::StmtKind::With && b->items.size() == 1 &&
                  b->items[0].context->kind == py::ExprKind::Call &&
                  b->items[0].context->a->dottedName() == alias + ".Kernel";
      }
      if (factory || (jit && kernel))
        nested.push_back(Candidate{s->name, begin, s->loc,
                                   factory ? Candidate::Factory : Candidate::Eager, s.get()});
    }
  if (nested.empty()) {
    if (primFunc)
      testCandidates_.push_back(Candidate{name, begin, loc, Candidate::Test});
    return;
  }
  for (Candidate &c : nested) {
    c.name = nested.size() == 1 ? name : name + "." + c.name;
    testCandidates_.push_back(std::move(c));
  }
  parsedTests_.push_back(std::move(test));
}

std::optional<Module> FileFrontend::finish(PrimFuncPtr f) {
  if (!f)
    return std::nullopt;
  Module m;
  m.funcs.push_back(std::move(f));
  return m;
}

const py::Stmt *FileFrontend::candidateDef(const Candidate &c, py::StmtP &parsed) {
  if (c.def)
    return c.def;
  py::Parser parser(toks_, diag_);
  parser.setPos(c.begin);
  parsed = parser.parseStatement();
  return parsed.get();
}

std::optional<Module> FileFrontend::compileFactory(const Candidate &c) {
  py::StmtP parsed;
  const py::Stmt *factory = candidateDef(c, parsed);
  if (!factory)
    return std::nullopt;
  std::vector<std::string> known;
  for (const py::Param &p : factory->params)
    known.push_back(p.name);
  auto defines = parseDefines(*factory, known);
  if (!defines)
    return std::nullopt;
  PyScope scope;
  scope.parent = &globals_;
  std::optional<CallArgs> call;
  if (!bindParams(*factory, {}, *defines, scope, call))
    return std::nullopt;

  // The factory's Python, its @T.prim_func definition(s) and the `return`
  // of one of them, also under an `if` on the parameters. A prim_func is a
  // marker value for the evaluator.
  const std::string marker = kPrimFuncMarker;
  std::map<std::string, const py::Stmt *> kernels;
  // The names visible to a prim_func defined in a helper the factory calls
  // (the autotuner's kernel function below), as they are at its definition.
  std::map<std::string, ConstEnv> helperEnv;
  const py::Stmt *last = nullptr;
  eval_.defHook = [&](const py::Stmt &s, PyScope &in) {
    if (!std::any_of(s.decorators.begin(), s.decorators.end(),
                     [&](const py::ExprP &d) { return isPrimFuncDecorator(*d); }))
      return false;
    if (&in != &scope)
      helperEnv[s.name] = in.flatten();
    kernels[s.name] = last = &s;
    in.set(s.name, PyValue{marker + s.name});
    return true;
  };
  PyEvaluator::Flow flow = PyEvaluator::Flow::Next;
  SMLoc returnLoc = factory->loc;
  for (const py::StmtP &s : factory->body) {
    if (s->kind == py::StmtKind::Import || s->kind == py::StmtKind::ImportFrom)
      noteImport(*s);
    returnLoc = s->loc;
    // A function that hands its prim_func to tilelang.compile / lower (a
    // test's helper, `kernel = tilelang.compile(main, target="cuda")`) builds
    // that kernel; what follows is host code and does not run.
    if ((s->kind == py::StmtKind::Assign || s->kind == py::StmtKind::ExprStmt) && s->value &&
        s->value->kind == py::ExprKind::Call && !s->value->elts.empty() &&
        s->value->elts[0]->kind == py::ExprKind::Name && kernels.count(s->value->elts[0]->name)) {
      std::string callee = s->value->a->dottedName();
      if (callee == "tilelang.compile" || callee == "tilelang.lower")
        return finish(
            convertPrimFunc(*kernels[s->value->elts[0]->name], scope.flatten(), conv_, diag_));
    }
    // AutoTuner.from_kernel(kernel=f, configs=C) (also followed by
    // .set_compile_args(...) and the like): TileLang would time f under each
    // configuration; the kernel is f's prim_func for the first (firstConfig).
    const py::Expr *tuner = s->value.get();
    while (tuner && !(tuner->kind == py::ExprKind::Call &&
                      tuner->a->kind == py::ExprKind::Attribute && tuner->a->name == "from_kernel"))
      tuner = tuner->kind == py::ExprKind::Call || tuner->kind == py::ExprKind::Attribute
                  ? tuner->a.get()
                  : nullptr;
    if (tuner) {
      std::optional<Module> m = compileAutoTuner(*tuner, scope, kernels, helperEnv);
      eval_.defHook = nullptr;
      return m;
    }
    if ((flow = eval_.execStmt(*s, scope)) != PyEvaluator::Flow::Next)
      break;
  }
  // A factory returning a function that builds the kernel (a closure
  // TileLang tunes: `AutoTuner.from_kernel(kernel=make_kernel(), configs=C)`
  // in host code): that function called with C's first configuration.
  std::optional<PyValue> built;
  if (flow == PyEvaluator::Flow::Return &&
      std::holds_alternative<PyValue::Function>(eval_.returned().v))
    if (auto config = tunedClosureConfig(factory->name)) {
      std::map<std::string, PyValue> kwargs;
      for (size_t i = 0; i < config->keys.size(); ++i)
        if (auto *key = std::get_if<std::string>(&config->keys[i].v); key && *key != "pass_configs")
          kwargs[*key] = config->values[i];
      PyValue f = eval_.returned();
      if (!(built = eval_.callValue(f, returnLoc, {}, kwargs)))
        return std::nullopt;
    }
  eval_.defHook = nullptr;
  if (flow == PyEvaluator::Flow::Error)
    return std::nullopt;
  if (flow == PyEvaluator::Flow::Return) {
    const PyValue &r = built ? *built : eval_.returned();
    if (auto *str = std::get_if<std::string>(&r.v); str && str->rfind(marker, 0) == 0) {
      std::string name = str->substr(marker.size());
      auto env = helperEnv.find(name);
      return finish(convertPrimFunc(
          *kernels[name], env != helperEnv.end() ? env->second : scope.flatten(), conv_, diag_));
    }
    diag_.error(returnLoc,
                "a kernel factory must return its @" + conv_.langAlias + ".prim_func function");
    return std::nullopt;
  }
  if (!last)
    diag_.error(factory->loc, "kernel factory '" + factory->name + "' defines no @" +
                                  conv_.langAlias + ".prim_func");
  else
    diag_.error(factory->loc, "the kernel factory '" + factory->name +
                                  "' returns nothing; return the @" + conv_.langAlias +
                                  ".prim_func ('return " + last->name + "')");
  return std::nullopt;
}

std::optional<Module>
FileFrontend::compileAutoTuner(const py::Expr &call, PyScope &scope,
                               const std::map<std::string, const py::Stmt *> &kernels,
                               const std::map<std::string, ConstEnv> &helperEnv) {
  auto argOf = [&](size_t i, const char *name) -> const py::Expr * {
    if (i < call.elts.size())
      return call.elts[i].get();
    for (const py::Keyword &k : call.keywords)
      if (k.name == name)
        return k.value.get();
    return nullptr;
  };
  const py::Expr *kernelE = argOf(0, "kernel"), *configsE = argOf(1, "configs");
  if (!kernelE || !configsE) {
    diag_.error(call.loc, "AutoTuner.from_kernel needs 'kernel=' and 'configs='");
    return std::nullopt;
  }
  auto f = eval_.eval(*kernelE, scope);
  if (!f)
    return std::nullopt;
  if (!std::holds_alternative<PyValue::Function>(f->v)) {
    diag_.error(kernelE->loc, "the kernel of AutoTuner.from_kernel must be a function returning "
                              "a @" +
                                  conv_.langAlias + ".prim_func");
    return std::nullopt;
  }
  auto configs = eval_.eval(*configsE, scope);
  if (configs && std::holds_alternative<PyValue::Function>(configs->v))
    configs = eval_.callValue(*configs, configsE->loc, {});
  if (!configs)
    return std::nullopt;
  auto first = firstConfig(*configs);
  std::map<std::string, PyValue> kwargs;
  size_t keys = 0;
  for (size_t i = 0; first && i < first->keys.size(); ++i)
    if (auto *key = std::get_if<std::string>(&first->keys[i].v)) {
      ++keys;
      // TileLang's compiler pass configurations, per configuration: not an
      // argument of the kernel function.
      if (*key != "pass_configs")
        kwargs[*key] = first->values[i];
    }
  if (!first || keys != first->keys.size()) {
    diag_.error(configsE->loc, "the configurations of AutoTuner.from_kernel must be a list of "
                               "dicts or a dict of lists, with string keys");
    return std::nullopt;
  }
  auto r = eval_.callValue(*f, call.loc, {}, kwargs);
  if (!r)
    return std::nullopt;
  const auto *str = std::get_if<std::string>(&r->v);
  std::string marker = kPrimFuncMarker;
  if (!str || str->rfind(marker, 0) != 0 || !kernels.count(str->substr(marker.size()))) {
    diag_.error(kernelE->loc, "the kernel of AutoTuner.from_kernel must return a @" +
                                  conv_.langAlias + ".prim_func");
    return std::nullopt;
  }
  std::string name = str->substr(marker.size());
  auto env = helperEnv.find(name);
  return finish(convertPrimFunc(
      *kernels.at(name), env != helperEnv.end() ? env->second : scope.flatten(), conv_, diag_));
}

bool FileFrontend::checkComputedShape(const py::Stmt &factory, const py::Stmt &ann,
                                      const PyScope &scope, const std::optional<CallArgs> &call) {
  const py::Expr &ty = *ann.annotation;
  if (!call || ty.elts.empty())
    return true;
  const std::string &name = ann.targets[0]->name;
  size_t i = 0;
  while (i < factory.params.size() && factory.params[i].name != name)
    ++i;
  const std::string dtype = call->argDtypes.count(i)     ? call->argDtypes.at(i)
                            : call->kwDtypes.count(name) ? call->kwDtypes.at(name)
                                                         : "";
  if (!dtype.empty() && ty.elts.size() > 1) {
    std::optional<PyValue> want;
    {
      SuppressDiagnostics quiet(diag_);
      want = eval_.eval(*ty.elts[1], scope);
    }
    const auto *str = want ? std::get_if<std::string>(&want->v) : nullptr;
    if (str && torchDtype(*str) == *str && *str != dtype) {
      diag_.error(ty.elts[1]->loc, "the tensor passed as '" + name + "' in the call of '" +
                                       factory.name + "' has dtype " + dtype +
                                       ", but its annotation's dtype is " + *str);
      return false;
    }
  }
  const Shape *shape = call->argShapes.count(i)     ? &call->argShapes.at(i)
                       : call->kwShapes.count(name) ? &call->kwShapes.at(name)
                                                    : nullptr;
  if (!shape)
    return true;
  std::optional<PyValue> dims;
  {
    SuppressDiagnostics quiet(diag_);
    dims = eval_.eval(*ty.elts[0], scope);
  }
  const auto *t = dims ? std::get_if<PyValue::Tuple>(&dims->v) : nullptr;
  if (!t)
    return true; // the conversion reports a shape it cannot read
  Shape want;
  for (const PyValue &d : *t)
    if (const auto *x = std::get_if<int64_t>(&d.v))
      want.push_back(*x);
    else
      return true;
  if (want == *shape)
    return true;
  auto text = [](const Shape &s) {
    std::string r;
    for (int64_t d : s)
      r += (r.empty() ? "" : ", ") + std::to_string(d);
    return "(" + r + (s.size() == 1 ? ",)" : ")");
  };
  std::string msg = "the tensor passed as '" + name + "' in the call of '" + factory.name +
                    "' has shape " + text(*shape) + ", but its annotation's shape is " + text(want);
  const py::Expr *at = ty.elts[0].get();
  if (want.size() == shape->size())
    for (size_t d = 0; d < want.size(); ++d)
      if (want[d] != (*shape)[d]) {
        if (at->kind == py::ExprKind::Tuple || at->kind == py::ExprKind::List)
          at = at->elts[d].get();
        msg += " (dimension " + std::to_string(d) + ")";
        break;
      }
  diag_.error(at->loc, msg);
  return false;
}

std::optional<Module> FileFrontend::compileEager(const Candidate &c) {
  py::StmtP parsed;
  const py::Stmt *factory = candidateDef(c, parsed);
  if (!factory)
    return std::nullopt;
  const std::string alias = conv_.langAlias;
  auto langCall = [&](const py::Expr *e, const char *name) {
    return e && e->kind == py::ExprKind::Call && e->a->dottedName() == alias + "." + name;
  };
  auto isTensorType = [&](const py::Expr *e) {
    if (!e)
      return false;
    const py::Expr &f =
        e->kind == py::ExprKind::Call || e->kind == py::ExprKind::Subscript ? *e->a : *e;
    return f.dottedName() == alias + ".Tensor" || f.dottedName() == alias + ".Buffer";
  };

  // Tensor parameters: annotated in the signature or in the body.
  std::map<std::string, const py::Expr *> tensorType;
  std::set<std::string> tensors;
  for (const py::Param &p : factory->params) {
    if (isTensorType(p.annotation.get()))
      tensorType[p.name] = p.annotation.get();
    // A pointer parameter (A: T.ptr, made a tensor by T.make_tensor).
    if (p.annotation && p.annotation->dottedName() == alias + ".ptr") {
      diag_.error(p.annotation->loc,
                  "dtype 'ptr' is not supported by the Tenstorrent lowering yet");
      return std::nullopt;
    }
  }
  for (const py::StmtP &s : factory->body) {
    if (s->kind != py::StmtKind::AnnAssign || s->value || s->targets[0]->kind != py::ExprKind::Name)
      continue;
    if (isTensorType(s->annotation.get()))
      tensorType[s->targets[0]->name] = s->annotation.get();
    const py::Expr &a = *s->annotation;
    if ((a.kind == py::ExprKind::Subscript || a.kind == py::ExprKind::Call) &&
        a.a->dottedName() == alias + ".StridedTensor") {
      diag_.error(a.loc, "'" + a.a->dottedName() +
                             "' (TileLang) is not supported by the Tenstorrent lowering yet");
      return std::nullopt;
    }
  }
  for (const py::Param &p : factory->params)
    if (tensorType.count(p.name))
      tensors.insert(p.name);
  // Compile-time names declared by T.const.
  std::vector<std::string> known;
  for (const py::Param &p : factory->params)
    if (!tensors.count(p.name))
      known.push_back(p.name);
  for (const py::StmtP &s : factory->body)
    if (s->kind == py::StmtKind::Assign && langCall(s->value.get(), "const") &&
        s->value->elts.size() == 1 && s->value->elts[0]->kind == py::ExprKind::Str)
      for (const std::string &n : constNames(s->value->elts[0]->str))
        known.push_back(n);

  auto defines = parseDefines(*factory, known);
  if (!defines)
    return std::nullopt;
  PyScope scope;
  scope.parent = &globals_;
  std::optional<CallArgs> call;
  // A dtype parameter an annotation names (`A: T.Tensor((M, K), dtype)`)
  // takes the dtype of the tensor passed for it.
  auto fromTensors = [&](const std::string &param) -> std::optional<PyValue> {
    for (size_t i = 0; call && i < factory->params.size(); ++i) {
      const std::string &t = factory->params[i].name;
      const py::Expr *ty = tensorType.count(t) ? tensorType[t] : nullptr;
      if (!ty || ty->elts.size() < 2 || ty->elts[1]->kind != py::ExprKind::Name ||
          ty->elts[1]->name != param)
        continue;
      if (call->argDtypes.count(i))
        return PyValue{call->argDtypes[i]};
      if (call->kwDtypes.count(t))
        return PyValue{call->kwDtypes[t]};
    }
    return std::nullopt;
  };
  if (!bindParams(*factory, tensors, *defines, scope, call, fromTensors))
    return std::nullopt;

  // T.const names the shapes of the tensors passed in the call give
  // (kernel = matmul(a, b, ...) after a = torch.randn(1024, 512)).
  std::map<std::string, PyValue> inferred;
  std::map<std::string, std::string> inferredFrom; // T.const name -> parameter
  for (size_t i = 0; call && i < factory->params.size(); ++i) {
    const py::Param &p = factory->params[i];
    const Shape *shape = call->argShapes.count(i)       ? &call->argShapes[i]
                         : call->kwShapes.count(p.name) ? &call->kwShapes[p.name]
                                                        : nullptr;
    const py::Expr *ty = tensors.count(p.name) ? tensorType[p.name] : nullptr;
    if (!shape || !ty || ty->elts.empty())
      continue;
    const py::Expr &dims = *ty->elts[0];
    if (dims.kind != py::ExprKind::Tuple && dims.kind != py::ExprKind::List)
      continue;
    // Sub-byte element types (T.float4_e2m1fn, int4) are packed: the torch
    // tensor's shape counts bytes, not elements.
    std::string dtype = ty->elts.size() > 1
                            ? (ty->elts[1]->kind == py::ExprKind::Str ? ty->elts[1]->str
                                                                      : ty->elts[1]->dottedName())
                            : "";
    llvm::StringRef elem = llvm::StringRef(dtype).rsplit('.').second.empty()
                               ? llvm::StringRef(dtype)
                               : llvm::StringRef(dtype).rsplit('.').second;
    if (elem.starts_with("float4") || elem.starts_with("float6") ||
        llvm::is_contained({"int4", "uint4", "int2", "uint2", "int1", "uint1"}, elem))
      continue;
    auto shapeText = [&] {
      std::string t;
      for (int64_t d : *shape)
        t += (t.empty() ? "" : ", ") + std::to_string(d);
      return "(" + t + (shape->size() == 1 ? ",)" : ")");
    };
    std::string passed = "the tensor passed as '" + p.name + "' in the call of '" + factory->name +
                         "' has shape " + shapeText();
    if (dims.elts.size() != shape->size()) {
      diag_.error(dims.loc, passed + ", but its annotation has " +
                                std::to_string(dims.elts.size()) + " dimensions");
      return std::nullopt;
    }
    for (size_t d = 0; d < shape->size(); ++d) {
      const py::Expr &x = *dims.elts[d];
      int64_t have = (*shape)[d];
      if (x.kind == py::ExprKind::Name) {
        auto [it, fresh] = inferred.emplace(x.name, PyValue{have});
        if (fresh)
          inferredFrom[x.name] = p.name;
        else if (std::get<int64_t>(it->second.v) != have) {
          diag_.error(x.loc, passed + ": dimension " + std::to_string(d) + " ('" + x.name +
                                 "') is " + std::to_string(have) + ", but the tensor passed as '" +
                                 inferredFrom[x.name] + "' made '" + x.name + "' " +
                                 std::to_string(std::get<int64_t>(it->second.v)));
          return std::nullopt;
        }
      } else if (x.kind == py::ExprKind::Int && x.ival != have) {
        diag_.error(x.loc, passed + ": dimension " + std::to_string(d) + " is " +
                               std::to_string(have) + ", but the annotation says " +
                               std::to_string(x.ival));
        return std::nullopt;
      }
    }
  }

  // T.const names a tensor's annotation uses through the factory's Python
  // (KH = K; A_shape = (K, M) if trans_A else (M, K)): a quiet trial run of
  // the statements before the kernel binds each name still unknown to a
  // marker value and reads the markers back from the annotations' shapes.
  std::map<std::string, int64_t> markers;
  for (const py::StmtP &s : factory->body)
    if (s->kind == py::StmtKind::Assign && langCall(s->value.get(), "const") &&
        s->value->elts.size() == 1 && s->value->elts[0]->kind == py::ExprKind::Str)
      for (const std::string &n : constNames(s->value->elts[0]->str))
        if (!defines->count(n) && !(call && call->kwargs.count(n)) && !inferred.count(n))
          markers[n] = (int64_t(1) << 40) + int64_t(markers.size() << 20) + 7;
  if (!markers.empty() && call) {
    SuppressDiagnostics quiet(diag_);
    PyScope trial = scope;
    for (const py::StmtP &sp : factory->body) {
      const py::Stmt &s = *sp;
      if (s.kind == py::StmtKind::Return || s.kind == py::StmtKind::FunctionDef ||
          (s.kind == py::StmtKind::With && s.items.size() == 1 &&
           langCall(s.items[0].context.get(), "Kernel")))
        break;
      if (s.kind == py::StmtKind::Assign && langCall(s.value.get(), "const")) {
        std::vector<std::string> names = constNames(s.value->elts[0]->str);
        const py::Expr &t = *s.targets[0];
        for (size_t i = 0; i < names.size(); ++i) {
          const std::string &n = names[i];
          auto it = inferred.find(n);
          PyValue v = markers.count(n)       ? PyValue{markers[n]}
                      : it != inferred.end() ? it->second
                      : defines->count(n)    ? defines->at(n)
                                             : call->kwargs[n];
          if (t.kind == py::ExprKind::Name && names.size() == 1)
            trial.set(t.name, v);
          else if (t.kind == py::ExprKind::Tuple && t.elts.size() == names.size() &&
                   t.elts[i]->kind == py::ExprKind::Name)
            trial.set(t.elts[i]->name, v);
        }
        continue;
      }
      if (s.kind == py::StmtKind::AnnAssign && !s.value &&
          s.targets[0]->kind == py::ExprKind::Name && tensors.count(s.targets[0]->name) &&
          !s.annotation->elts.empty()) {
        size_t i =
            size_t(std::find_if(factory->params.begin(), factory->params.end(),
                                [&](const py::Param &p) { return p.name == s.targets[0]->name; }) -
                   factory->params.begin());
        const Shape *shape = call->argShapes.count(i) ? &call->argShapes[i]
                             : call->kwShapes.count(s.targets[0]->name)
                                 ? &call->kwShapes[s.targets[0]->name]
                                 : nullptr;
        auto dims = eval_.eval(*s.annotation->elts[0], trial);
        const auto *t = dims ? std::get_if<PyValue::Tuple>(&dims->v) : nullptr;
        if (shape && t && t->size() == shape->size())
          for (size_t d = 0; d < t->size(); ++d)
            for (const auto &[n, m] : markers)
              if (const auto *x = std::get_if<int64_t>(&(*t)[d].v); x && *x == m)
                inferred.emplace(n, PyValue{(*shape)[d]});
        continue;
      }
      if (s.kind == py::StmtKind::Assign && langCall(s.value.get(), "empty"))
        continue;
      eval_.execStmt(s, trial);
    }
  }

  EagerKernel k;
  k.name = factory->name;
  k.loc = factory->loc;
  std::vector<EagerKernel::Tensor> outputs;
  for (const py::StmtP &sp : factory->body) {
    const py::Stmt &s = *sp;
    if (s.kind == py::StmtKind::AnnAssign && !s.value && s.targets[0]->kind == py::ExprKind::Name &&
        isTensorType(s.annotation.get())) {
      if (!tensors.count(s.targets[0]->name)) {
        diag_.error(s.targets[0]->loc, "'" + s.targets[0]->name + "' is not a parameter of '" +
                                           factory->name +
                                           "': tensors of an eager kernel are its parameters or "
                                           "T.empty outputs");
        return std::nullopt;
      }
      if (!checkComputedShape(*factory, s, scope, call))
        return std::nullopt;
      continue;
    }
    if (s.kind == py::StmtKind::Assign && langCall(s.value.get(), "const")) {
      const py::Expr &v = *s.value;
      if (s.targets.size() != 1 || v.elts.size() != 1 || v.elts[0]->kind != py::ExprKind::Str) {
        diag_.error(s.loc, "expected 'M, N = " + alias + ".const(\"M, N\")'");
        return std::nullopt;
      }
      std::vector<std::string> names = constNames(v.elts[0]->str);
      std::vector<const py::Expr *> targets = targetList(*s.targets[0]);
      if (targets.size() != names.size() ||
          std::any_of(targets.begin(), targets.end(),
                      [](const py::Expr *x) { return x->kind != py::ExprKind::Name; })) {
        diag_.error(s.loc, alias + ".const declares " + std::to_string(names.size()) +
                               " name(s); assign them to as many plain names");
        return std::nullopt;
      }
      for (size_t i = 0; i < names.size(); ++i) {
        const std::string &n = names[i];
        std::optional<PyValue> val;
        if (auto it = defines->find(n); it != defines->end())
          val = it->second;
        else if (call && call->kwargs.count(n))
          val = call->kwargs[n];
        else if (inferred.count(n))
          val = inferred[n];
        if (!val) {
          diag_.error(v.loc, "'" + n + "' of " + alias + ".const has no value: pass -D " + n +
                                 "=VALUE, or call '" + factory->name + ".compile(" + n +
                                 "=...)' with literal arguments in the file");
          if (!call)
            diag_.note(factory->loc, "the file never calls '" + factory->name +
                                         "' (by this name, an alias, or .compile) where tt-llc "
                                         "can follow the call");
          // A tensor whose shape would give it (one whose annotation names
          // it, else any), passed with a shape not known.
          const py::Expr *arg = nullptr;
          std::string argName;
          for (int pass = 0; pass < 2 && !arg; ++pass)
            for (size_t j = 0; call && j < factory->params.size() && !arg; ++j) {
              const std::string &t = factory->params[j].name;
              const py::Expr *ty = tensorType.count(t) ? tensorType[t] : nullptr;
              const py::Expr *a = call->tensorExprs.count(j)     ? call->tensorExprs.at(j)
                                  : call->tensorKwExprs.count(t) ? call->tensorKwExprs.at(t)
                                                                 : nullptr;
              if (!ty || !a || call->argShapes.count(j) || call->kwShapes.count(t) ||
                  (pass == 0 && !findName(*ty, std::map<std::string, int>{{n, 0}})))
                continue;
              arg = a;
              argName = t;
            }
          if (arg)
            diag_.note(arg->loc, "the call of '" + factory->name + "' passes here, for '" +
                                     argName +
                                     "', a tensor whose shape tt-llc does not know: host code "
                                     "makes it with an operation it does not evaluate");
          return std::nullopt;
        }
        scope.set(targets[i]->name, *val);
      }
      continue;
    }
    if (s.kind == py::StmtKind::Assign && langCall(s.value.get(), "empty")) {
      if (s.targets.size() != 1 || s.targets[0]->kind != py::ExprKind::Name) {
        diag_.error(s.loc, "assign " + alias + ".empty(...) to one name");
        return std::nullopt;
      }
      const std::string &n = s.targets[0]->name;
      outputs.push_back(EagerKernel::Tensor{n, s.targets[0]->loc, s.value.get()});
      scope.opaque[n] = "an output tensor";
      continue;
    }
    if (s.kind == py::StmtKind::With && s.items.size() == 1 &&
        langCall(s.items[0].context.get(), "Kernel")) {
      k.body.push_back(&s);
      continue;
    }
    if (s.kind == py::StmtKind::Return)
      break; // the outputs; nothing after `return` runs
    if (s.kind == py::StmtKind::FunctionDef &&
        std::any_of(s.decorators.begin(), s.decorators.end(),
                    [&](const py::ExprP &d) { return isPrimFuncDecorator(*d); })) {
      diag_.error(s.loc, "an eager kernel cannot also define a @" + alias + ".prim_func");
      return std::nullopt;
    }
    if (s.kind == py::StmtKind::Import || s.kind == py::StmtKind::ImportFrom)
      noteImport(s);
    PyEvaluator::Flow f = eval_.execStmt(s, scope);
    if (f == PyEvaluator::Flow::Error)
      return std::nullopt;
    if (f != PyEvaluator::Flow::Next) {
      diag_.error(s.loc, "unexpected control flow in the kernel factory");
      return std::nullopt;
    }
  }
  if (k.body.empty()) {
    diag_.error(factory->loc, "'" + factory->name + "' has no 'with " + alias +
                                  ".Kernel(...)' at the top level of its body");
    return std::nullopt;
  }
  for (const py::Param &p : factory->params)
    if (tensors.count(p.name))
      k.tensors.push_back(EagerKernel::Tensor{p.name, p.loc, tensorType[p.name]});
  for (EagerKernel::Tensor &t : outputs)
    k.tensors.push_back(t);
  return finish(convertEagerKernel(k, scope.flatten(), conv_, diag_));
}

std::optional<Module> FileFrontend::compileTest(const Candidate &c) {
  py::StmtP test = parseTestFunction(c.begin);
  if (!test) {
    py::Parser parser(toks_, diag_); // report why
    parser.setPos(c.begin);
    parser.parseStatement();
    return std::nullopt;
  }
  if (!opts_.defines.empty()) {
    diag_.error(SMLoc(), "-D has nothing to bind: kernel '" + test->name + "' is a @" +
                             conv_.langAlias + ".prim_func inside a pytest function");
    return std::nullopt;
  }
  // The statements before the kernel run as far as they are constant
  // Python (M = N = 128); host code among them is skipped.
  PyScope scope;
  scope.parent = &globals_;
  for (const py::StmtP &s : test->body) {
    if (s->kind == py::StmtKind::FunctionDef &&
        std::any_of(s->decorators.begin(), s->decorators.end(),
                    [&](const py::ExprP &d) { return isPrimFuncDecorator(*d); }))
      return finish(convertPrimFunc(*s, scope.flatten(), conv_, diag_));
    if (s->kind == py::StmtKind::Import || s->kind == py::StmtKind::ImportFrom)
      noteImport(*s);
    SuppressDiagnostics quiet(diag_);
    if (eval_.execStmt(*s, scope) == PyEvaluator::Flow::Return)
      break;
  }
  diag_.error(c.loc, "pytest function '" + test->name + "' has no @" + conv_.langAlias +
                         ".prim_func at the top level of its body");
  return std::nullopt;
}

std::optional<Module> FileFrontend::compileDirect(const Candidate &c) {
  py::Parser parser(toks_, diag_);
  parser.setPos(c.begin);
  py::StmtP def = parser.parseStatement();
  if (!def)
    return std::nullopt;
  if (!opts_.defines.empty()) {
    diag_.error(SMLoc(), "-D has nothing to bind: kernel '" + def->name +
                             "' is not built by a factory function with parameters");
    return std::nullopt;
  }
  return finish(convertPrimFunc(*def, globals_.values, conv_, diag_));
}

std::optional<Module> FileFrontend::run() {
  auto toks = py::lex(sm_, buf_, diag_);
  if (!toks)
    return std::nullopt;
  toks_ = std::move(*toks);
  scanTopLevel();
  if (candidates_.empty())
    candidates_ = testCandidates_;

  SMLoc fileStart = SMLoc::getFromPointer(sm_.getMemoryBuffer(buf_)->getBufferStart());
  const Candidate *chosen = nullptr;
  if (!opts_.kernelName.empty()) {
    for (const Candidate &c : candidates_)
      if (c.name == opts_.kernelName)
        chosen = &c;
    if (!chosen) {
      std::string names;
      for (const Candidate &c : candidates_)
        names += (names.empty() ? "" : ", ") + c.name;
      diag_.error(fileStart, "no kernel named '" + opts_.kernelName + "' in this file" +
                                 (names.empty() ? "" : " (kernels: " + names + ")"));
      return std::nullopt;
    }
  } else if (candidates_.empty()) {
    diag_.error(fileStart, "no TileLang kernel found: expected a function decorated with @" +
                               conv_.langAlias + ".prim_func, or a @tilelang.jit function with a " +
                               "'with " + conv_.langAlias + ".Kernel(...)'");
    return std::nullopt;
  } else if (candidates_.size() > 1) {
    std::string names;
    for (const Candidate &c : candidates_)
      names += (names.empty() ? "" : ", ") + c.name;
    diag_.error(candidates_[1].loc,
                "this file defines several kernels (" + names + "); choose one with --kernel");
    return std::nullopt;
  } else {
    chosen = &candidates_.front();
  }
  switch (chosen->kind) {
  case Candidate::Direct:
    return compileDirect(*chosen);
  case Candidate::Factory:
    return compileFactory(*chosen);
  case Candidate::Eager:
    return compileEager(*chosen);
  case Candidate::Test:
    return compileTest(*chosen);
  }
  return std::nullopt;
}
} // namespace ttllc::frontend

std::optional<ttllc::Module> ttllc::parseTileLang(llvm::SourceMgr &sm, unsigned bufferId,
                                                  const FrontendOptions &opts, Diagnostics &diag) {
  return frontend::FileFrontend(sm, bufferId, opts, diag).run();
}
