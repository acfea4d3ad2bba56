//===- frontend/Frontend.cpp - TileLang source files to Tile IR -----------===//

#include "frontend/Frontend.h"

#include "support/Diagnostics.h"
#include "syntax/PyAST.h"
#include "syntax/PyToTileIR.h"

#include "llvm/Support/SourceMgr.h"

#include <charconv>
#include <map>

using namespace ttllc;
using llvm::SMLoc;

namespace {

/// A top-level function that is, or contains, a `@T.prim_func`.
struct Candidate {
  std::string name;
  size_t begin; // first token (decorator or `def`)
  SMLoc loc;
  bool isFactory; // false: the top-level function is the prim_func itself
};

/// Parses `-D` values: integers, floats, True/False/None, quoted strings;
/// anything else is taken as a bare string (-D dtype=bfloat16).
PyValue parseDefineValue(const std::string &text) {
  int64_t i;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
  if (ec == std::errc() && p == text.data() + text.size())
    return PyValue{i};
  if (text == "True" || text == "False")
    return PyValue{text == "True"};
  if (text == "None")
    return PyValue{};
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front())
    return PyValue{text.substr(1, text.size() - 2)};
  char *end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (!text.empty() && end == text.c_str() + text.size())
    return PyValue{d};
  return PyValue{text};
}

class FileFrontend {
public:
  FileFrontend(llvm::SourceMgr &sm, unsigned buf, const FrontendOptions &opts, Diagnostics &diag)
      : sm_(sm), buf_(buf), opts_(opts), diag_(diag) {}

  std::optional<Module> run();

private:
  llvm::SourceMgr &sm_;
  unsigned buf_;
  const FrontendOptions &opts_;
  Diagnostics &diag_;
  std::vector<py::Token> toks_;
  ConvertOptions conv_;
  ConstEnv globals_;
  /// Global assignments whose value is an integer out of range (BIG =
  /// 3037000500 * 3037000500), by name: an error once a literal call uses
  /// them. Their statements are kept for the value's location.
  std::map<std::string, const py::Expr *> outOfRangeGlobals_;
  std::vector<py::StmtP> keptGlobals_;
  std::vector<Candidate> candidates_;

  void scanTopLevel();
  void noteImport(const py::Stmt &s);
  bool isPrimFuncDecorator(const py::Expr &d) const {
    const py::Expr &x = d.kind == py::ExprKind::Call ? *d.a : d;
    return x.dottedName() == conv_.langAlias + ".prim_func";
  }
  /// True when tokens [b, e) contain `@ <alias> . prim_func`.
  bool spanHasPrimFunc(size_t b, size_t e) const;
  std::optional<Module> compileFactory(const Candidate &c);
  /// Evaluates the factory body into env; returns the prim_func it returns.
  const py::Stmt *runFactoryBody(const py::Stmt &factory, ConstEnv &env);
  std::optional<Module> compileDirect(const Candidate &c);
  std::optional<ConstEnv> bindParams(const py::Stmt &factory);
  /// The first call `name(literal, ...)` in the file, with its arguments
  /// evaluated, or null. Sets `failed` after reporting an argument that is
  /// a constant out of range.
  const py::Expr *findLiteralCall(const std::string &name, std::vector<py::ExprP> &keep,
                                  std::vector<PyValue> &args,
                                  std::map<std::string, PyValue> &kwargs, bool &failed);
  /// Evaluates an argument of a literal call; reports (and sets `failed`)
  /// when it is, or uses, an integer constant out of range.
  std::optional<PyValue> literalArg(const py::Expr &e, const std::string &callee, bool &failed);
  std::optional<Module> finish(PrimFuncPtr f);
};

bool FileFrontend::spanHasPrimFunc(size_t b, size_t e) const {
  for (size_t i = b; i + 3 < e; ++i)
    if (toks_[i].isOp("@") && toks_[i + 1].isName(conv_.langAlias) && toks_[i + 2].isOp(".") &&
        toks_[i + 3].isName("prim_func"))
      return true;
  return false;
}

void FileFrontend::noteImport(const py::Stmt &s) {
  // import tilelang.language as T  /  from tilelang import language as T
  for (const py::ImportName &n : s.names) {
    bool lang =
        (s.kind == py::StmtKind::Import && n.name == "tilelang.language") ||
        (s.kind == py::StmtKind::ImportFrom && s.module == "tilelang" && n.name == "language");
    if (lang && !n.alias.empty())
      conv_.langAlias = n.alias;
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
      if (spanHasPrimFunc(i, end)) {
        // A decorator of the function itself, or one inside its body?
        bool direct = spanHasPrimFunc(i, j);
        candidates_.push_back(
            Candidate{std::string(toks_[j + 1].text), i, toks_[j + 1].loc, !direct});
      }
    } else if (first.isName("import") || first.isName("from") ||
               (first.kind == py::TokKind::Name && toks_[i + 1].isOp("="))) {
      // Imports and simple global constants (M = 1024): parse speculatively;
      // anything that does not parse or evaluate is host code.
      SuppressDiagnostics quiet(diag_);
      parser.setPos(i);
      py::StmtP s = parser.parseStatement();
      if (s && (s->kind == py::StmtKind::Import || s->kind == py::StmtKind::ImportFrom)) {
        noteImport(*s);
      } else if (s && s->kind == py::StmtKind::Assign && s->targets.size() == 1 &&
                 s->targets[0]->kind == py::ExprKind::Name) {
        const std::string &name = s->targets[0]->name;
        bool outOfRange = false;
        outOfRangeGlobals_.erase(name);
        if (auto v = evalConstant(*s->value, globals_, conv_, diag_, &outOfRange)) {
          globals_[name] = *v;
        } else {
          globals_.erase(name); // no longer a known constant
          if (outOfRange) {
            outOfRangeGlobals_[name] = s->value.get();
            keptGlobals_.push_back(std::move(s));
          }
        }
      }
    }
    i = end;
  }
}

/// The first name in `e` that `names` holds, or null.
template <typename Map> const py::Expr *findName(const py::Expr &e, const Map &names) {
  if (e.kind == py::ExprKind::Name && names.count(e.name))
    return &e;
  for (const py::Expr *x : {e.a.get(), e.b.get(), e.c.get()})
    if (const py::Expr *n = x ? findName(*x, names) : nullptr)
      return n;
  for (const auto *list : {&e.elts, &e.values})
    for (const py::ExprP &x : *list)
      if (const py::Expr *n = findName(*x, names))
        return n;
  for (const py::Keyword &k : e.keywords)
    if (const py::Expr *n = findName(*k.value, names))
      return n;
  return nullptr;
}

std::optional<PyValue> FileFrontend::literalArg(const py::Expr &e, const std::string &callee,
                                                bool &failed) {
  bool outOfRange = false;
  std::optional<PyValue> v;
  {
    SuppressDiagnostics quiet(diag_);
    v = evalConstant(e, globals_, conv_, diag_, &outOfRange);
  }
  if (v)
    return v;
  if (outOfRange) { // again, to report it
    evalConstant(e, globals_, conv_, diag_);
    failed = true;
  } else if (const py::Expr *n = findName(e, outOfRangeGlobals_)) {
    evalConstant(*outOfRangeGlobals_[n->name], globals_, conv_, diag_);
    diag_.note(n->loc, "'" + n->name + "' is used here, in a call of '" + callee + "'");
    failed = true;
  }
  return std::nullopt;
}

const py::Expr *FileFrontend::findLiteralCall(const std::string &name, std::vector<py::ExprP> &keep,
                                              std::vector<PyValue> &args,
                                              std::map<std::string, PyValue> &kwargs,
                                              bool &failed) {
  py::Parser parser(toks_, diag_);
  for (size_t i = 0; i + 1 < toks_.size(); ++i) {
    if (!toks_[i].isName(name) || !toks_[i + 1].isOp("(") ||
        (i > 0 && (toks_[i - 1].isName("def") || toks_[i - 1].isOp("."))))
      continue;
    py::ExprP e;
    {
      SuppressDiagnostics quiet(diag_);
      parser.setPos(i);
      e = parser.parseExpression();
    }
    // Descend to the call of `name` (the parse may continue with `(...)`).
    const py::Expr *c = e.get();
    while (c && c->kind == py::ExprKind::Call && c->a->kind != py::ExprKind::Name)
      c = c->a.get();
    if (!c || c->kind != py::ExprKind::Call || c->a->name != name)
      continue;
    std::vector<PyValue> a;
    std::map<std::string, PyValue> kw;
    bool literal = true;
    for (const py::ExprP &x : c->elts) {
      auto v = literalArg(*x, name, failed);
      if (!(literal = v.has_value()))
        break;
      a.push_back(*v);
    }
    for (const py::Keyword &k : c->keywords) {
      if (!literal)
        break;
      auto v = literalArg(*k.value, name, failed);
      if (!(literal = v.has_value()))
        break;
      kw[k.name] = *v;
    }
    if (failed)
      return nullptr;
    if (!literal)
      continue;
    args = std::move(a);
    kwargs = std::move(kw);
    keep.push_back(std::move(e));
    return c;
  }
  return nullptr;
}

std::optional<ConstEnv> FileFrontend::bindParams(const py::Stmt &factory) {
  // -D bindings (a later one wins).
  std::map<std::string, PyValue> defines;
  for (const std::string &d : opts_.defines) {
    size_t eq = d.find('=');
    if (eq == std::string::npos || eq == 0) {
      diag_.error(SMLoc(), "-D " + d + ": expected NAME=VALUE");
      return std::nullopt;
    }
    defines[d.substr(0, eq)] = parseDefineValue(d.substr(eq + 1));
  }
  std::string paramList;
  for (const py::Param &p : factory.params)
    paramList += (paramList.empty() ? "" : ", ") + p.name;
  for (const auto &[name, v] : defines) {
    bool known = false;
    for (const py::Param &p : factory.params)
      known |= p.name == name;
    if (!known) {
      diag_.error(SMLoc(), "-D " + name + ": '" + factory.name + "' has no parameter '" + name +
                               "' (its parameters are: " + paramList + ")");
      return std::nullopt;
    }
  }

  std::vector<py::ExprP> keep;
  std::vector<PyValue> callArgs;
  std::map<std::string, PyValue> callKw;
  const py::Expr *call = nullptr;
  bool searched = false;

  ConstEnv env = globals_;
  for (size_t i = 0; i < factory.params.size(); ++i) {
    const py::Param &p = factory.params[i];
    if (auto it = defines.find(p.name); it != defines.end()) {
      env[p.name] = it->second;
      continue;
    }
    if (p.defaultValue) {
      auto v = evalConstant(*p.defaultValue, globals_, conv_, diag_);
      if (!v)
        return std::nullopt;
      env[p.name] = *v;
      continue;
    }
    if (!searched) {
      bool failed = false;
      call = findLiteralCall(factory.name, keep, callArgs, callKw, failed);
      if (failed)
        return std::nullopt;
      searched = true;
    }
    if (call && i < callArgs.size()) {
      env[p.name] = callArgs[i];
      continue;
    }
    if (call && callKw.count(p.name)) {
      env[p.name] = callKw[p.name];
      continue;
    }
    diag_.error(p.loc, "parameter '" + p.name + "' of '" + factory.name +
                           "' has no value: pass -D " + p.name +
                           "=VALUE, give it a default, or call '" + factory.name +
                           "(...)' with literal arguments in the file");
    return std::nullopt;
  }
  return env;
}

std::optional<Module> FileFrontend::finish(PrimFuncPtr f) {
  if (!f)
    return std::nullopt;
  Module m;
  m.funcs.push_back(std::move(f));
  return m;
}

const py::Stmt *FileFrontend::runFactoryBody(const py::Stmt &factory, ConstEnv &env) {
  // Constant locals, the prim_func definition(s) and `return`.
  std::map<std::string, const py::Stmt *> kernels;
  const py::Stmt *last = nullptr;
  for (const py::StmtP &s : factory.body) {
    switch (s->kind) {
    case py::StmtKind::FunctionDef: {
      bool pf = false;
      for (const py::ExprP &d : s->decorators)
        pf |= isPrimFuncDecorator(*d);
      if (!pf) {
        diag_.error(s->loc, "only '@" + conv_.langAlias +
                                ".prim_func' functions are supported inside a kernel factory");
        return nullptr;
      }
      kernels[s->name] = last = s.get();
      break;
    }
    case py::StmtKind::Assign: {
      if (s->targets.size() != 1 || s->targets[0]->kind != py::ExprKind::Name) {
        diag_.error(s->loc, "a kernel factory may only assign constants to plain names");
        return nullptr;
      }
      auto v = evalConstant(*s->value, env, conv_, diag_);
      if (!v)
        return nullptr;
      env[s->targets[0]->name] = *v;
      break;
    }
    case py::StmtKind::Return:
      if (s->value && s->value->kind == py::ExprKind::Name && kernels.count(s->value->name))
        return kernels[s->value->name];
      diag_.error(s->loc,
                  "a kernel factory must return its @" + conv_.langAlias + ".prim_func function");
      return nullptr;
    case py::StmtKind::Pass:
      break;
    case py::StmtKind::ExprStmt:
      if (s->value->kind == py::ExprKind::Str)
        break; // docstring
      [[fallthrough]];
    default:
      diag_.error(s->loc, "unsupported statement in kernel factory '" + factory.name + "'");
      return nullptr;
    }
  }
  if (!last)
    diag_.error(factory.loc, "kernel factory '" + factory.name + "' defines no @" +
                                 conv_.langAlias + ".prim_func");
  else
    diag_.error(factory.loc, "the kernel factory '" + factory.name +
                                 "' returns nothing; return "
                                 "the @" +
                                 conv_.langAlias + ".prim_func ('return " + last->name + "')");
  return nullptr;
}

std::optional<Module> FileFrontend::compileFactory(const Candidate &c) {
  py::Parser parser(toks_, diag_);
  parser.setPos(c.begin);
  py::StmtP factory = parser.parseStatement();
  if (!factory)
    return std::nullopt;
  auto env = bindParams(*factory);
  if (!env)
    return std::nullopt;
  const py::Stmt *kernel = runFactoryBody(*factory, *env);
  if (!kernel)
    return std::nullopt;
  return finish(convertPrimFunc(*kernel, *env, conv_, diag_));
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
  return finish(convertPrimFunc(*def, globals_, conv_, diag_));
}

std::optional<Module> FileFrontend::run() {
  auto toks = py::lex(sm_, buf_, diag_);
  if (!toks)
    return std::nullopt;
  toks_ = std::move(*toks);
  scanTopLevel();

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
                               conv_.langAlias + ".prim_func");
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
  return chosen->isFactory ? compileFactory(*chosen) : compileDirect(*chosen);
}

} // namespace

std::optional<Module> ttllc::parseTileLang(llvm::SourceMgr &sm, unsigned bufferId,
                                           const FrontendOptions &opts, Diagnostics &diag) {
  return FileFrontend(sm, bufferId, opts, diag).run();
}
