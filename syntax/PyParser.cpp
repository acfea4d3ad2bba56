//===- syntax/PyParser.cpp - recursive-descent Python parser --------------===//
//
// Parses the tokens of syntax/PyLexer.cpp into the syntax tree of syntax/PyAST.h:
// expressions with Python precedence and the statements kernels are written
// in. Syntax outside the subset is rejected with "unsupported syntax: ..."
// at the offending token; only the first error is reported. statementEnd()
// skips any statement using only the Newline/Indent/Dedent structure.
//
//===----------------------------------------------------------------------===//

#include "support/Diagnostics.h"
#include "syntax/PyAST.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <algorithm>

using namespace ttllc;
using namespace ttllc::py;

namespace {

/// Python's hard keywords: never names of variables, parameters or
/// attributes.
bool isKeyword(std::string_view s) {
  static constexpr std::string_view kKeywords[] = {
      "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
      "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield",
  };
  return std::find(std::begin(kKeywords), std::end(kKeywords), s) != std::end(kKeywords);
}

/// Keywords that start statements outside the subset.
bool isUnsupportedStatementKeyword(std::string_view s) {
  static constexpr std::string_view kUnsupported[] = {
      "class", "try", "async", "global", "nonlocal", "del", "lambda", "yield", "await",
  };
  return std::find(std::begin(kUnsupported), std::end(kUnsupported), s) != std::end(kUnsupported);
}

bool isIdentifier(const Token &t) { return t.kind == TokKind::Name && !isKeyword(t.text); }

/// Precedence of a left-associative binary operator token (higher binds
/// tighter), 0 for anything else.
int binaryPrecedence(const Token &t) {
  if (t.kind != TokKind::Op)
    return 0;
  std::string_view s = t.text;
  if (s == "|")
    return 1;
  if (s == "^")
    return 2;
  if (s == "&")
    return 3;
  if (s == "<<" || s == ">>")
    return 4;
  if (s == "+" || s == "-")
    return 5;
  if (s == "*" || s == "/" || s == "//" || s == "%" || s == "@")
    return 6;
  return 0;
}

bool isAugAssignOp(const Token &t) {
  static constexpr std::string_view kOps[] = {
      "+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^=", "<<=", ">>="};
  return t.kind == TokKind::Op &&
         std::find(std::begin(kOps), std::end(kOps), t.text) != std::end(kOps);
}

/// True when a token can begin an expression (used to tell a trailing comma
/// of a bare tuple from a separator).
bool startsExpression(const Token &t) {
  switch (t.kind) {
  case TokKind::Int:
  case TokKind::Float:
  case TokKind::String:
    return true;
  case TokKind::Name:
    return !isKeyword(t.text) || t.text == "not" || t.text == "lambda" || t.text == "True" ||
           t.text == "False" || t.text == "None" || t.text == "yield" || t.text == "await";
  case TokKind::Op:
    return t.text == "(" || t.text == "[" || t.text == "{" || t.text == "-" || t.text == "+" ||
           t.text == "~" || t.text == "*" || t.text == "**" || t.text == "...";
  default:
    return false;
  }
}

/// True when the prefix of a string token marks a bytes literal.
bool isBytesLiteral(const Token &t) {
  std::string_view prefix = t.text.substr(0, t.text.find_first_of("'\""));
  return prefix.find_first_of("bB") != std::string_view::npos;
}

/// True when the prefix of a string token marks an f-string.
bool isFString(const Token &t) {
  std::string_view prefix = t.text.substr(0, t.text.find_first_of("'\""));
  return prefix.find_first_of("fF") != std::string_view::npos;
}

/// What an expression that cannot be assigned to is, for "cannot assign to".
const char *describe(ExprKind k) {
  switch (k) {
  case ExprKind::Int:
  case ExprKind::Float:
  case ExprKind::Str:
  case ExprKind::Bool:
  case ExprKind::None:
    return "literal";
  case ExprKind::Call:
    return "function call";
  case ExprKind::Compare:
    return "comparison";
  case ExprKind::IfExp:
    return "conditional expression";
  case ExprKind::Dict:
    return "dict literal";
  default:
    return "expression";
  }
}

ExprP makeExpr(ExprKind k, llvm::SMLoc loc) { return std::make_unique<Expr>(k, loc); }
StmtP makeStmt(StmtKind k, llvm::SMLoc loc) { return std::make_unique<Stmt>(k, loc); }

/// Deeper nesting than this (brackets, unary operators, `**`, blocks) is an
/// error rather than a stack overflow.
constexpr unsigned kMaxNesting = 400;
/// Longest chain of left-associative operators or trailers (`a+b+...`,
/// `a.b(c)[d]...`): each link deepens the tree by one level.
constexpr unsigned kMaxChain = 10000;

} // namespace

namespace ttllc::py {

/// The grammar. Every function returns null (or false) after reporting the
/// first error; callers then return at once, so only one error is printed.
class ParserImpl {
public:
  explicit ParserImpl(Parser &p) : p_(p) {}

  StmtP statement();
  ExprP expression();

private:
  // Token access.
  const Token &cur() const { return p_.cur(); }
  const Token &peek() const { return p_.tok(p_.pos_ + 1); }
  const Token &take() {
    const Token &t = cur();
    if (t.kind != TokKind::End)
      ++p_.pos_;
    return t;
  }
  bool acceptOp(std::string_view op) {
    if (!cur().isOp(op))
      return false;
    take();
    return true;
  }
  bool acceptName(std::string_view name) {
    if (!cur().isName(name))
      return false;
    take();
    return true;
  }

  // Errors.
  bool error(llvm::SMLoc loc, const llvm::Twine &msg) {
    p_.diag_.error(loc, msg);
    return false;
  }
  std::nullptr_t fail(llvm::SMLoc loc, const llvm::Twine &msg) {
    error(loc, msg);
    return nullptr;
  }
  std::nullptr_t fail(const Token &t, const llvm::Twine &msg) { return fail(t.loc, msg); }
  bool expectOp(std::string_view op, const llvm::Twine &msg) {
    return acceptOp(op) || error(cur().loc, msg);
  }

  /// Counts nesting on construction; false (after an error) when too deep.
  class Nest {
  public:
    explicit Nest(ParserImpl &p) : p_(p) { ++p_.depth_; }
    ~Nest() { --p_.depth_; }
    bool ok() { return p_.depth_ <= kMaxNesting || p_.error(p_.cur().loc, "nesting is too deep"); }

  private:
    ParserImpl &p_;
  };

  // Expressions, loosest binding first.
  ExprP test();
  /// `lambda params: body`; a `*` / `**` parameter keeps its stars in its name.
  ExprP lambda();
  /// `*x` (and `**x` when allowDouble) as a Starred node, else test().
  ExprP starredOrTest(bool allowDouble);
  ExprP conditional();
  ExprP boolOp(bool isOr);
  ExprP notTest();
  ExprP comparison();
  ExprP binary(int minPrec);
  ExprP factor();
  ExprP power();
  ExprP primary();
  ExprP atom();
  ExprP strings();
  ExprP parenthesized();
  ExprP list();
  ExprP dict();
  ExprP set(const Token &open, ExprP first);
  /// The elements after the first of tuple or set display `e`, through `close`.
  ExprP displayRest(ExprP e, std::string_view close, const char *msg);
  /// The literal text and replacement fields of f-string token `t`.
  bool fstringParts(const Token &t, std::vector<ExprP> &parts);
  /// The expression `text` of a replacement field of `t` (found in the
  /// token's text from `searchFrom` on, which it advances).
  ExprP fstringField(const Token &t, const std::string &text, size_t &searchFrom);
  bool callArgs(Expr &call);
  /// The `for ... in ... [if ...]` clauses after the element of `comp`.
  bool compClauses(Expr &comp);
  ExprP comprehension(ExprP element, const char *kind);
  bool subscriptArgs(Expr &sub);
  ExprP subscriptItem();
  bool checkTarget(const Expr &e);

  // Statements.
  StmtP simpleStatement();
  bool endOfSimpleStatement();
  StmtP exprOrAssignment();
  StmtP importStmt();
  StmtP fromImport();
  bool dottedName(std::string &out);
  StmtP decorated();
  StmtP funcDef(std::vector<ExprP> decorators);
  StmtP ifStmt();
  StmtP whileStmt();
  StmtP forStmt();
  ExprP forTarget();
  StmtP withStmt();
  bool elseClause(std::vector<StmtP> &orelse);
  bool suite(std::vector<StmtP> &out);

  Parser &p_;
  unsigned depth_ = 0;
};

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

/// An expression, or a tuple display without parentheses whose elements
/// may be starred (`*q.shape, k.shape[-1]`).
ExprP ParserImpl::expression() {
  ExprP first = starredOrTest(/*allowDouble=*/false);
  if (first && first->kind == ExprKind::Starred && !cur().isOp(","))
    return fail(cur(), "unsupported syntax: starred expression outside a tuple");
  if (!first || !cur().isOp(","))
    return first;
  ExprP tuple = makeExpr(ExprKind::Tuple, first->loc);
  tuple->elts.push_back(std::move(first));
  while (acceptOp(",") && (cur().isOp("*") || startsExpression(cur()))) {
    ExprP e = starredOrTest(/*allowDouble=*/false);
    if (!e)
      return nullptr;
    tuple->elts.push_back(std::move(e));
  }
  return tuple;
}

/// A conditional expression; an assignment expression `:=` after it is
/// rejected here, wherever it appears.
ExprP ParserImpl::test() {
  Nest nest(*this);
  if (!nest.ok())
    return nullptr;
  ExprP e = cur().isName("lambda") ? lambda() : conditional();
  if (e && cur().isOp(":="))
    return fail(cur(), "unsupported syntax: ':='");
  return e;
}

ExprP ParserImpl::lambda() {
  ExprP e = makeExpr(ExprKind::Lambda, take().loc);
  while (!cur().isOp(":")) {
    std::string stars;
    if (cur().isOp("*") || cur().isOp("**"))
      stars = take().text;
    const Token &n = cur();
    if (!isIdentifier(n))
      return fail(n, "expected a lambda parameter name");
    take();
    for (const Keyword &k : e->keywords)
      if (k.name == stars + std::string(n.text) || k.name == std::string(n.text))
        return fail(n, "duplicate parameter '" + llvm::Twine(n.text) + "'");
    Keyword param{stars + std::string(n.text), nullptr, n.loc};
    if (stars.empty() && acceptOp("=") && !(param.value = test()))
      return nullptr;
    e->keywords.push_back(std::move(param));
    if (!acceptOp(","))
      break;
  }
  if (!expectOp(":", "expected ':' after lambda parameters"))
    return nullptr;
  if (!(e->a = test()))
    return nullptr;
  return e;
}

ExprP ParserImpl::starredOrTest(bool allowDouble) {
  if (!cur().isOp("*") && !(allowDouble && cur().isOp("**")))
    return test();
  const Token &t = take();
  ExprP e = makeExpr(ExprKind::Starred, t.loc);
  e->op = t.text;
  if (!(e->a = binary(1)))
    return nullptr;
  return e;
}

ExprP ParserImpl::conditional() {
  ExprP body = boolOp(/*isOr=*/true);
  if (!body || !acceptName("if"))
    return body;
  ExprP cond = boolOp(/*isOr=*/true);
  if (!cond)
    return nullptr;
  if (!acceptName("else"))
    return fail(cur(), "expected 'else' in conditional expression");
  ExprP orelse = test();
  if (!orelse)
    return nullptr;
  ExprP e = makeExpr(ExprKind::IfExp, body->loc);
  e->a = std::move(cond);
  e->b = std::move(body);
  e->c = std::move(orelse);
  return e;
}

/// `or` (isOr) or `and` chains, flattened into one BoolOp.
ExprP ParserImpl::boolOp(bool isOr) {
  std::string_view op = isOr ? "or" : "and";
  auto operand = [&] { return isOr ? boolOp(false) : notTest(); };
  ExprP first = operand();
  if (!first || !cur().isName(op))
    return first;
  ExprP e = makeExpr(ExprKind::BoolOp, first->loc);
  e->op = op;
  e->elts.push_back(std::move(first));
  while (acceptName(op)) {
    ExprP next = operand();
    if (!next)
      return nullptr;
    e->elts.push_back(std::move(next));
  }
  return e;
}

ExprP ParserImpl::notTest() {
  if (!cur().isName("not"))
    return comparison();
  Nest nest(*this);
  if (!nest.ok())
    return nullptr;
  const Token &t = take();
  ExprP operand = notTest();
  if (!operand)
    return nullptr;
  ExprP e = makeExpr(ExprKind::UnaryOp, t.loc);
  e->op = "not";
  e->a = std::move(operand);
  return e;
}

ExprP ParserImpl::comparison() {
  ExprP first = binary(1);
  if (!first)
    return nullptr;
  ExprP e;
  while (true) {
    const Token &t = cur();
    std::string op;
    if (t.kind == TokKind::Op && (t.text == "<" || t.text == "<=" || t.text == ">" ||
                                  t.text == ">=" || t.text == "==" || t.text == "!=")) {
      op = t.text;
    } else if (t.isName("in")) {
      op = "in";
    } else if (t.isName("not") && peek().isName("in")) {
      op = "not in";
      take();
    } else if (t.isName("is")) {
      op = "is";
      if (peek().isName("not")) {
        op = "is not";
        take();
      }
    } else {
      break;
    }
    take();
    ExprP rhs = binary(1);
    if (!rhs)
      return nullptr;
    if (!e) {
      e = makeExpr(ExprKind::Compare, first->loc);
      e->elts.push_back(std::move(first));
    }
    e->ops.push_back(std::move(op));
    e->elts.push_back(std::move(rhs));
  }
  return e ? std::move(e) : std::move(first);
}

/// Left-associative binary operators from `|` (1) to `*` (6), by precedence
/// climbing.
ExprP ParserImpl::binary(int minPrec) {
  ExprP lhs = factor();
  for (unsigned length = 0; lhs; ++length) {
    if (length == kMaxChain)
      return fail(cur(), "expression is too long");
    int prec = binaryPrecedence(cur());
    if (prec < minPrec)
      break;
    std::string op(take().text);
    ExprP rhs = binary(prec + 1);
    if (!rhs)
      return nullptr;
    ExprP e = makeExpr(ExprKind::BinOp, lhs->loc);
    e->op = std::move(op);
    e->a = std::move(lhs);
    e->b = std::move(rhs);
    lhs = std::move(e);
  }
  return lhs;
}

ExprP ParserImpl::factor() {
  const Token &t = cur();
  if (!t.isOp("-") && !t.isOp("+") && !t.isOp("~"))
    return power();
  Nest nest(*this);
  if (!nest.ok())
    return nullptr;
  take();
  ExprP operand = factor();
  if (!operand)
    return nullptr;
  ExprP e = makeExpr(ExprKind::UnaryOp, t.loc);
  e->op = t.text;
  e->a = std::move(operand);
  return e;
}

/// `primary ** factor`: right-associative, and binds tighter than a unary
/// operator on its left.
ExprP ParserImpl::power() {
  ExprP base = primary();
  if (!base || !acceptOp("**"))
    return base;
  Nest nest(*this);
  if (!nest.ok())
    return nullptr;
  ExprP exponent = factor();
  if (!exponent)
    return nullptr;
  ExprP e = makeExpr(ExprKind::BinOp, base->loc);
  e->op = "**";
  e->a = std::move(base);
  e->b = std::move(exponent);
  return e;
}

ExprP ParserImpl::primary() {
  ExprP e = atom();
  for (unsigned length = 0; e; ++length) {
    if (length == kMaxChain)
      return fail(cur(), "expression is too long");
    if (acceptOp(".")) {
      if (!isIdentifier(cur()))
        return fail(cur(), "expected an attribute name after '.'");
      ExprP attr = makeExpr(ExprKind::Attribute, e->loc);
      attr->name = take().text;
      attr->a = std::move(e);
      e = std::move(attr);
    } else if (acceptOp("(")) {
      ExprP call = makeExpr(ExprKind::Call, e->loc);
      call->a = std::move(e);
      if (!callArgs(*call))
        return nullptr;
      e = std::move(call);
    } else if (acceptOp("[")) {
      ExprP sub = makeExpr(ExprKind::Subscript, e->loc);
      sub->a = std::move(e);
      if (!subscriptArgs(*sub))
        return nullptr;
      e = std::move(sub);
    } else {
      break;
    }
  }
  return e;
}

ExprP ParserImpl::comprehension(ExprP element, const char *kind) {
  ExprP comp = makeExpr(ExprKind::Comp, element->loc);
  comp->op = kind;
  comp->a = std::move(element);
  if (!compClauses(*comp))
    return nullptr;
  return comp;
}

bool ParserImpl::compClauses(Expr &comp) {
  while (acceptName("for")) {
    CompFor clause;
    if (!(clause.target = forTarget()))
      return false;
    if (!acceptName("in"))
      return error(cur().loc, "expected 'in' after 'for' target");
    if (!(clause.iter = boolOp(/*isOr=*/true)))
      return false;
    while (acceptName("if")) {
      ExprP cond = boolOp(/*isOr=*/true);
      if (!cond)
        return false;
      clause.ifs.push_back(std::move(cond));
    }
    comp.generators.push_back(std::move(clause));
  }
  return true;
}

/// Arguments after the `(` of a call, through the `)`.
bool ParserImpl::callArgs(Expr &call) {
  while (!cur().isOp(")")) {
    const Token &t = cur();
    if (isIdentifier(t) && peek().isOp("=")) {
      take();
      take();
      for (const Keyword &k : call.keywords)
        if (k.name == t.text)
          return error(t.loc, "keyword argument repeated: '" + llvm::Twine(t.text) + "'");
      ExprP value = test();
      if (!value)
        return false;
      call.keywords.push_back(Keyword{std::string(t.text), std::move(value), t.loc});
    } else {
      if (!call.keywords.empty() && !t.isOp("*") && !t.isOp("**"))
        return error(t.loc, "positional argument follows keyword argument");
      ExprP arg = starredOrTest(/*allowDouble=*/true);
      if (!arg)
        return false;
      if (cur().isName("for") && !(arg = comprehension(std::move(arg), "gen")))
        return false;
      call.elts.push_back(std::move(arg));
    }
    if (!acceptOp(","))
      break;
  }
  return expectOp(")", "expected ')' after arguments");
}

/// Indices after the `[` of a subscript, through the `]`.
bool ParserImpl::subscriptArgs(Expr &sub) {
  do {
    ExprP item = subscriptItem();
    if (!item)
      return false;
    sub.elts.push_back(std::move(item));
  } while (acceptOp(",") && !cur().isOp("]"));
  return expectOp("]", "expected ']' after subscript");
}

/// One index: an expression or a slice `lo:hi:step` with optional parts.
ExprP ParserImpl::subscriptItem() {
  llvm::SMLoc loc = cur().loc;
  ExprP lo;
  if (!cur().isOp(":")) {
    lo = test();
    if (!lo || !cur().isOp(":"))
      return lo;
  }
  take();
  auto endsPart = [&] { return cur().isOp(":") || cur().isOp(",") || cur().isOp("]"); };
  ExprP slice = makeExpr(ExprKind::Slice, loc);
  slice->a = std::move(lo);
  if (!endsPart() && !(slice->b = test()))
    return nullptr;
  if (acceptOp(":") && !cur().isOp(",") && !cur().isOp("]") && !(slice->c = test()))
    return nullptr;
  return slice;
}

ExprP ParserImpl::atom() {
  const Token &t = cur();
  switch (t.kind) {
  case TokKind::Name: {
    if (t.text == "True" || t.text == "False") {
      ExprP e = makeExpr(ExprKind::Bool, take().loc);
      e->bval = t.text == "True";
      return e;
    }
    if (t.text == "None")
      return makeExpr(ExprKind::None, take().loc);
    if (t.text == "lambda" || t.text == "yield" || t.text == "await")
      return fail(t, "unsupported syntax: " + llvm::Twine(t.text));
    if (isKeyword(t.text))
      return fail(t, "expected an expression");
    ExprP e = makeExpr(ExprKind::Name, take().loc);
    e->name = t.text;
    return e;
  }
  case TokKind::Int: {
    ExprP e = makeExpr(ExprKind::Int, take().loc);
    e->ival = t.intValue;
    return e;
  }
  case TokKind::Float: {
    ExprP e = makeExpr(ExprKind::Float, take().loc);
    e->fval = t.floatValue;
    return e;
  }
  case TokKind::String:
    return strings();
  case TokKind::Op:
    if (t.text == "(")
      return parenthesized();
    if (t.text == "[")
      return list();
    if (t.text == "{")
      return dict();
    if (t.text == "*")
      return fail(t, "unsupported syntax: starred expression");
    if (t.text == "**")
      return fail(t, "unsupported syntax: '**' unpacking");
    if (t.text == "...") {
      take();
      return makeExpr(ExprKind::Ellipsis, t.loc);
    }
    return fail(t, "expected an expression");
  default:
    return fail(t, "expected an expression");
  }
}

/// Adjacent string literals, concatenated; with an f-string among them, an
/// FString of their parts.
ExprP ParserImpl::strings() {
  const Token &first = take();
  std::vector<const Token *> toks = {&first};
  while (cur().kind == TokKind::String) {
    const Token &t = take();
    if (isBytesLiteral(t) != isBytesLiteral(first))
      return fail(t, "cannot mix bytes and non-bytes literals");
    toks.push_back(&t);
  }
  if (std::none_of(toks.begin(), toks.end(), [](const Token *t) { return isFString(*t); })) {
    ExprP e = makeExpr(ExprKind::Str, first.loc);
    for (const Token *t : toks)
      e->str += t->strValue;
    return e;
  }
  ExprP e = makeExpr(ExprKind::FString, first.loc);
  for (const Token *t : toks) {
    if (!isFString(*t)) {
      ExprP lit = makeExpr(ExprKind::Str, t->loc);
      lit->str = t->strValue;
      e->elts.push_back(std::move(lit));
    } else if (!fstringParts(*t, e->elts)) {
      return nullptr;
    }
  }
  return e;
}

bool ParserImpl::fstringParts(const Token &t, std::vector<ExprP> &parts) {
  const std::string &v = t.strValue;
  std::string lit;
  auto flush = [&] {
    if (lit.empty())
      return;
    ExprP s = makeExpr(ExprKind::Str, t.loc);
    s->str = std::move(lit);
    parts.push_back(std::move(s));
    lit.clear();
  };
  size_t searchFrom = 0; // in the token's source text, for the fields' locations
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if ((c == '{' || c == '}') && i + 1 < v.size() && v[i + 1] == c) {
      lit += c; // {{ and }}
      ++i;
      continue;
    }
    if (c == '}')
      return error(t.loc, "f-string: single '}' is not allowed");
    if (c != '{') {
      lit += c;
      continue;
    }
    // A replacement field: the expression ends at a '!', ':' or '}' outside
    // brackets and strings.
    size_t j = i + 1;
    int depth = 0;
    char quote = 0;
    for (; j < v.size(); ++j) {
      char d = v[j];
      if (quote) {
        quote = d == quote ? 0 : quote;
      } else if (d == '\'' || d == '"') {
        quote = d;
      } else if (d == '(' || d == '[' || d == '{') {
        ++depth;
      } else if (depth > 0 && (d == ')' || d == ']' || d == '}')) {
        --depth;
      } else if (depth == 0 &&
                 (d == '}' || d == ':' || (d == '!' && j + 1 < v.size() && v[j + 1] != '='))) {
        break;
      }
    }
    std::string text = v.substr(i + 1, j - i - 1);
    std::string conv, spec;
    if (j < v.size() && v[j] == '!') {
      conv = v.substr(j + 1, 1);
      j += 2;
      if (conv != "r" && conv != "s" && conv != "a")
        return error(t.loc, "f-string: invalid conversion character");
    }
    if (j < v.size() && v[j] == ':') {
      size_t k = v.find_first_of("{}", j);
      if (k != std::string::npos && v[k] == '{')
        return error(t.loc, "unsupported syntax: a replacement field inside an f-string's "
                            "format spec");
      spec = v.substr(j + 1, k == std::string::npos ? std::string::npos : k - j - 1);
      j = k == std::string::npos ? v.size() : k;
    }
    if (j >= v.size() || v[j] != '}')
      return error(t.loc, "f-string: expecting '}'");
    size_t lead = text.find_first_not_of(" \t\n");
    if (lead == std::string::npos)
      return error(t.loc, "f-string: empty expression not allowed");
    text = text.substr(lead);
    flush();
    ExprP field = fstringField(t, text, searchFrom);
    if (!field)
      return false;
    ExprP fv = makeExpr(ExprKind::FormattedValue, field->loc);
    fv->a = std::move(field);
    fv->op = conv;
    fv->str = spec;
    parts.push_back(std::move(fv));
    i = j;
  }
  flush();
  return true;
}

ExprP ParserImpl::fstringField(const Token &t, const std::string &text, size_t &searchFrom) {
  llvm::SourceMgr *sm = p_.diag_.sourceMgr();
  if (!sm)
    return fail(t, "unsupported syntax: f-string");
  // The field's own text in the file, so that its locations are the file's
  // (the file's buffer is found first for them); else a copy.
  std::unique_ptr<llvm::MemoryBuffer> buf;
  size_t at = t.text.find(text, searchFrom);
  if (at != std::string_view::npos) {
    searchFrom = at + text.size();
    buf = llvm::MemoryBuffer::getMemBuffer(llvm::StringRef(t.text.data() + at, text.size()),
                                           "<f-string>", /*RequiresNullTerminator=*/false);
  } else {
    buf = llvm::MemoryBuffer::getMemBufferCopy(text, "<f-string>");
  }
  unsigned id = sm->AddNewSourceBuffer(std::move(buf), t.loc);
  auto toks = lex(*sm, id, p_.diag_);
  if (!toks)
    return nullptr;
  Parser sub(*toks, p_.diag_);
  ExprP e = sub.parseExpression();
  if (e && sub.cur().kind != TokKind::Newline && sub.cur().kind != TokKind::End)
    return fail(sub.cur(), "f-string: expecting '}'");
  return e;
}

/// `()`, `(e)`, `(e,)`, `(a, b, ...)`.
ExprP ParserImpl::parenthesized() {
  const Token &open = take();
  if (acceptOp(")"))
    return makeExpr(ExprKind::Tuple, open.loc);
  ExprP first = starredOrTest(/*allowDouble=*/false);
  if (!first)
    return nullptr;
  if (first->kind == ExprKind::Starred && !cur().isOp(","))
    return fail(cur(), "unsupported syntax: starred expression outside a tuple");
  if (cur().isName("for")) {
    if (!(first = comprehension(std::move(first), "gen")))
      return nullptr;
    if (!expectOp(")", "expected ')' after generator expression"))
      return nullptr;
    first->loc = open.loc;
    return first;
  }
  if (!cur().isOp(",")) {
    if (!expectOp(")", "expected ')' after expression"))
      return nullptr;
    return first;
  }
  ExprP tuple = makeExpr(ExprKind::Tuple, open.loc);
  tuple->elts.push_back(std::move(first));
  return displayRest(std::move(tuple), ")", "expected ')' after tuple elements");
}

ExprP ParserImpl::displayRest(ExprP e, std::string_view close, const char *msg) {
  while (acceptOp(",") && !cur().isOp(close)) {
    ExprP elt = starredOrTest(/*allowDouble=*/false);
    if (!elt)
      return nullptr;
    e->elts.push_back(std::move(elt));
  }
  if (!expectOp(close, msg))
    return nullptr;
  return e;
}

ExprP ParserImpl::list() {
  const Token &open = take();
  ExprP e = makeExpr(ExprKind::List, open.loc);
  while (!cur().isOp("]")) {
    ExprP elt = starredOrTest(/*allowDouble=*/false);
    if (!elt)
      return nullptr;
    if (e->elts.empty() && cur().isName("for") && elt->kind != ExprKind::Starred) {
      ExprP comp = comprehension(std::move(elt), "list");
      if (!comp || !expectOp("]", "expected ']' after list comprehension"))
        return nullptr;
      comp->loc = open.loc;
      return comp;
    }
    e->elts.push_back(std::move(elt));
    if (!acceptOp(","))
      break;
  }
  if (!expectOp("]", "expected ']' after list elements"))
    return nullptr;
  return e;
}

/// `{k: v, ...}`, `{k: v for ...}`, and the set forms `{a, *b}`, `{a for ...}`.
ExprP ParserImpl::dict() {
  const Token &open = take();
  ExprP e = makeExpr(ExprKind::Dict, open.loc);
  ExprP firstKey;
  if (!cur().isOp("}") && !cur().isOp("**")) {
    // A set when the first element has no ':' after it.
    ExprP first = starredOrTest(/*allowDouble=*/false);
    if (!first)
      return nullptr;
    if (!cur().isOp(":"))
      return set(open, std::move(first));
    if (first->kind == ExprKind::Starred)
      return fail(cur(), "unsupported syntax: starred dictionary key");
    firstKey = std::move(first);
  }
  while (firstKey || !cur().isOp("}")) {
    bool first = e->elts.empty();
    if (!firstKey && cur().isOp("**")) { // {**base, ...}
      ExprP splat = starredOrTest(/*allowDouble=*/true);
      if (!splat)
        return nullptr;
      e->elts.push_back(std::move(splat));
      e->values.push_back(nullptr);
      if (!acceptOp(","))
        break;
      continue;
    }
    ExprP key = firstKey ? std::move(firstKey) : test();
    if (!key)
      return nullptr;
    if (!expectOp(":", "expected ':' after dictionary key"))
      return nullptr;
    ExprP value = test();
    if (!value)
      return nullptr;
    if (first && cur().isName("for")) { // {k: v for ...}
      ExprP comp = makeExpr(ExprKind::Comp, open.loc);
      comp->op = "dict";
      comp->a = std::move(key);
      comp->b = std::move(value);
      if (!compClauses(*comp) || !expectOp("}", "expected '}' after dict comprehension"))
        return nullptr;
      return comp;
    }
    e->elts.push_back(std::move(key));
    e->values.push_back(std::move(value));
    if (!acceptOp(","))
      break;
  }
  if (!expectOp("}", "expected '}' after dictionary entries"))
    return nullptr;
  return e;
}

/// The rest of a set display or comprehension after its first element.
ExprP ParserImpl::set(const Token &open, ExprP first) {
  if (cur().isName("for") && first->kind != ExprKind::Starred) {
    ExprP comp = comprehension(std::move(first), "set");
    if (!comp || !expectOp("}", "expected '}' after set comprehension"))
      return nullptr;
    comp->loc = open.loc;
    return comp;
  }
  ExprP e = makeExpr(ExprKind::Set, open.loc);
  e->elts.push_back(std::move(first));
  return displayRest(std::move(e), "}", "expected '}' after set elements");
}

/// Reports "cannot assign to ..." unless `e` is a valid assignment target.
bool ParserImpl::checkTarget(const Expr &e) {
  switch (e.kind) {
  case ExprKind::Name:
  case ExprKind::Attribute:
  case ExprKind::Subscript:
    return true;
  case ExprKind::Tuple:
  case ExprKind::List:
    return std::all_of(e.elts.begin(), e.elts.end(),
                       [&](const ExprP &elt) { return checkTarget(*elt); });
  default:
    return error(e.loc, llvm::Twine("cannot assign to ") + describe(e.kind));
  }
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

StmtP ParserImpl::statement() {
  Nest nest(*this);
  if (!nest.ok())
    return nullptr;
  const Token &t = cur();
  switch (t.kind) {
  case TokKind::Indent:
    return fail(t, "unexpected indent");
  case TokKind::Newline:
  case TokKind::Dedent:
  case TokKind::End:
    return fail(t, "expected a statement");
  default:
    break;
  }
  if (t.isOp("@"))
    return decorated();
  if (t.isName("def"))
    return funcDef({});
  if (t.isName("if"))
    return ifStmt();
  if (t.isName("while"))
    return whileStmt();
  if (t.isName("for"))
    return forStmt();
  if (t.isName("with"))
    return withStmt();
  return simpleStatement();
}

StmtP ParserImpl::simpleStatement() {
  const Token &t = cur();
  if (t.kind == TokKind::Name && isUnsupportedStatementKeyword(t.text))
    return fail(t, "unsupported syntax: '" + llvm::Twine(t.text) + "'");
  if (t.isName("elif") || t.isName("else") || t.isName("except") || t.isName("finally"))
    return fail(t, "unexpected '" + llvm::Twine(t.text) + "'");
  StmtP s;
  if (t.isName("pass") || t.isName("break") || t.isName("continue")) {
    StmtKind kind = t.text == "pass"    ? StmtKind::Pass
                    : t.text == "break" ? StmtKind::Break
                                        : StmtKind::Continue;
    s = makeStmt(kind, take().loc);
  } else if (t.isName("return")) {
    s = makeStmt(StmtKind::Return, take().loc);
    if (cur().kind != TokKind::Newline && !cur().isOp(";") && !(s->value = expression()))
      return nullptr;
  } else if (t.isName("assert")) {
    s = makeStmt(StmtKind::Assert, take().loc);
    if (!(s->test = test()) || (acceptOp(",") && !(s->value = test())))
      return nullptr;
  } else if (t.isName("raise")) {
    s = makeStmt(StmtKind::Raise, take().loc);
    if (cur().kind != TokKind::Newline && !cur().isOp(";") && !(s->value = test()))
      return nullptr;
    if (acceptName("from") && !test())
      return nullptr;
  } else if (t.isName("import")) {
    s = importStmt();
  } else if (t.isName("from")) {
    s = fromImport();
  } else {
    s = exprOrAssignment();
  }
  if (!s || !endOfSimpleStatement())
    return nullptr;
  return s;
}

bool ParserImpl::endOfSimpleStatement() {
  if (cur().kind == TokKind::Newline) {
    take();
    return true;
  }
  if (cur().isOp(";"))
    return error(cur().loc, "unsupported syntax: ';'");
  return error(cur().loc, "expected a newline after statement");
}

/// Expression statements and (chained, annotated, augmented) assignments.
StmtP ParserImpl::exprOrAssignment() {
  ExprP first = expression();
  if (!first)
    return nullptr;
  auto isSingleTarget = [](const Expr &e) {
    return e.kind == ExprKind::Name || e.kind == ExprKind::Attribute ||
           e.kind == ExprKind::Subscript;
  };
  llvm::SMLoc loc = first->loc;

  if (acceptOp(":")) {
    if (!isSingleTarget(*first))
      return fail(loc, "only a single name, attribute or subscript can be annotated");
    StmtP s = makeStmt(StmtKind::AnnAssign, loc);
    s->targets.push_back(std::move(first));
    if (!(s->annotation = test()))
      return nullptr;
    if (acceptOp("=") && !(s->value = expression()))
      return nullptr;
    return s;
  }

  if (isAugAssignOp(cur())) {
    if (!isSingleTarget(*first))
      return fail(loc, "invalid target for augmented assignment");
    StmtP s = makeStmt(StmtKind::AugAssign, loc);
    std::string_view op = take().text;
    s->op = op.substr(0, op.size() - 1);
    s->targets.push_back(std::move(first));
    if (!(s->value = expression()))
      return nullptr;
    return s;
  }

  if (!cur().isOp("=")) {
    StmtP s = makeStmt(StmtKind::ExprStmt, loc);
    s->value = std::move(first);
    return s;
  }

  StmtP s = makeStmt(StmtKind::Assign, loc);
  ExprP last = std::move(first);
  while (acceptOp("=")) {
    if (!checkTarget(*last))
      return nullptr;
    s->targets.push_back(std::move(last));
    if (!(last = expression()))
      return nullptr;
  }
  s->value = std::move(last);
  return s;
}

/// `name(.name)*` into `out` (appended).
bool ParserImpl::dottedName(std::string &out) {
  if (!isIdentifier(cur()))
    return error(cur().loc, "expected a module name");
  out += take().text;
  while (acceptOp(".")) {
    if (!isIdentifier(cur()))
      return error(cur().loc, "expected a name after '.'");
    out += '.';
    out += take().text;
  }
  return true;
}

/// `import a.b as c, d`.
StmtP ParserImpl::importStmt() {
  StmtP s = makeStmt(StmtKind::Import, take().loc);
  do {
    ImportName name;
    name.loc = cur().loc;
    if (!dottedName(name.name))
      return nullptr;
    if (acceptName("as")) {
      if (!isIdentifier(cur()))
        return fail(cur(), "expected a name after 'as'");
      name.alias = take().text;
    }
    s->names.push_back(std::move(name));
  } while (acceptOp(","));
  return s;
}

/// `from [.]*a.b import c as d, e` and `from x import (a, b)`.
StmtP ParserImpl::fromImport() {
  StmtP s = makeStmt(StmtKind::ImportFrom, take().loc);
  while (cur().isOp(".") || cur().isOp("..."))
    s->module += take().text;
  if ((s->module.empty() || isIdentifier(cur())) && !dottedName(s->module))
    return nullptr;
  if (!acceptName("import"))
    return fail(cur(), "expected 'import' after module name");
  if (cur().isOp("*"))
    return fail(cur(), "unsupported syntax: 'import *'");
  bool parenthesized = acceptOp("(");
  do {
    if (parenthesized && !s->names.empty() && cur().isOp(")"))
      break;
    if (!isIdentifier(cur()))
      return fail(cur(), "expected a name to import");
    ImportName name;
    name.loc = cur().loc;
    name.name = take().text;
    if (acceptName("as")) {
      if (!isIdentifier(cur()))
        return fail(cur(), "expected a name after 'as'");
      name.alias = take().text;
    }
    s->names.push_back(std::move(name));
  } while (acceptOp(","));
  if (parenthesized && !expectOp(")", "expected ')' after imported names"))
    return nullptr;
  return s;
}

/// `@expr NEWLINE` lines followed by a `def`.
StmtP ParserImpl::decorated() {
  std::vector<ExprP> decorators;
  while (acceptOp("@")) {
    ExprP d = test();
    if (!d)
      return nullptr;
    if (cur().kind != TokKind::Newline)
      return fail(cur(), "expected a newline after decorator");
    take();
    decorators.push_back(std::move(d));
  }
  if (cur().isName("def"))
    return funcDef(std::move(decorators));
  if (cur().isName("class") || cur().isName("async"))
    return fail(cur(), "unsupported syntax: '" + llvm::Twine(cur().text) + "'");
  return fail(cur(), "expected 'def' after decorator");
}

/// `def name(params) [-> annotation]: suite`; the return annotation is kept
/// in Stmt::annotation.
StmtP ParserImpl::funcDef(std::vector<ExprP> decorators) {
  StmtP s = makeStmt(StmtKind::FunctionDef, take().loc);
  s->decorators = std::move(decorators);
  if (!isIdentifier(cur()))
    return fail(cur(), "expected a function name after 'def'");
  s->name = take().text;
  if (!expectOp("(", "expected '(' after function name"))
    return nullptr;
  // `/` (positional-only) and a bare `*` (keyword-only) only restrict how a
  // call may pass the parameters around them: they are accepted and dropped.
  bool keywordOnly = false, sawDoubleStar = false;
  while (!cur().isOp(")")) {
    const Token &t = cur();
    if (sawDoubleStar)
      return fail(t, "no parameter may follow '**" + llvm::Twine(s->params.back().name) + "'");
    int star = 0;
    if (t.isOp("/")) {
      take();
      if (!acceptOp(","))
        break;
      continue;
    }
    if (t.isOp("*") || t.isOp("**")) {
      star = t.isOp("*") ? 1 : 2;
      take();
      if (star == 1 && (cur().isOp(",") || cur().isOp(")"))) { // bare `*`
        keywordOnly = true;
        if (!acceptOp(","))
          break;
        continue;
      }
    }
    const Token &n = cur();
    if (!isIdentifier(n))
      return fail(n, "expected a parameter name");
    for (const Param &p : s->params)
      if (p.name == n.text)
        return fail(n, "duplicate parameter '" + llvm::Twine(n.text) + "'");
    take();
    Param param;
    param.name = n.text;
    param.loc = n.loc;
    param.star = star;
    if (acceptOp(":") && !(param.annotation = test()))
      return nullptr;
    if (star && cur().isOp("="))
      return fail(cur(), "a '*' or '**' parameter cannot have a default");
    if (acceptOp("=")) {
      if (!(param.defaultValue = test()))
        return nullptr;
    } else if (!star && !keywordOnly && !s->params.empty() && s->params.back().defaultValue) {
      return fail(n, "parameter without a default follows parameter with a default");
    }
    keywordOnly |= star == 1;
    sawDoubleStar = star == 2;
    s->params.push_back(std::move(param));
    if (!acceptOp(","))
      break;
  }
  if (!expectOp(")", "expected ')' after parameters"))
    return nullptr;
  if (acceptOp("->") && !(s->annotation = test()))
    return nullptr;
  if (!expectOp(":", "expected ':' after function signature") || !suite(s->body))
    return nullptr;
  return s;
}

/// `if` test, suite, `elif` clauses (each an If in the orelse of the previous
/// clause) and `else`.
StmtP ParserImpl::ifStmt() {
  StmtP root;
  Stmt *last = nullptr;
  do {
    const Token &kw = take();
    StmtP s = makeStmt(StmtKind::If, kw.loc);
    if (!(s->test = test()) ||
        !expectOp(":", "expected ':' after '" + llvm::Twine(kw.text) + "' condition") ||
        !suite(s->body))
      return nullptr;
    Stmt *clause = s.get();
    if (last)
      last->orelse.push_back(std::move(s));
    else
      root = std::move(s);
    last = clause;
  } while (cur().isName("elif"));
  if (!elseClause(last->orelse))
    return nullptr;
  return root;
}

StmtP ParserImpl::whileStmt() {
  StmtP s = makeStmt(StmtKind::While, take().loc);
  if (!(s->test = test()) || !expectOp(":", "expected ':' after 'while' condition") ||
      !suite(s->body) || !elseClause(s->orelse))
    return nullptr;
  return s;
}

StmtP ParserImpl::forStmt() {
  StmtP s = makeStmt(StmtKind::For, take().loc);
  ExprP target = forTarget();
  if (!target)
    return nullptr;
  s->targets.push_back(std::move(target));
  if (!acceptName("in"))
    return fail(cur(), "expected 'in' after 'for' target");
  if (!(s->iter = expression()) || !expectOp(":", "expected ':' after 'for' header") ||
      !suite(s->body) || !elseClause(s->orelse))
    return nullptr;
  return s;
}

/// A Name, or comma-separated Names (a Tuple), optionally parenthesised.
ExprP ParserImpl::forTarget() {
  const Token &open = cur();
  bool parenthesized = acceptOp("(");
  ExprP tuple = makeExpr(ExprKind::Tuple, open.loc);
  bool comma = false;
  do {
    if (!isIdentifier(cur()))
      return fail(cur(), "expected a loop variable name");
    ExprP name = makeExpr(ExprKind::Name, cur().loc);
    name->name = take().text;
    tuple->elts.push_back(std::move(name));
    comma = acceptOp(",");
  } while (comma && isIdentifier(cur()));
  if (parenthesized && !expectOp(")", "expected ')' after loop variables"))
    return nullptr;
  if (tuple->elts.size() == 1 && !comma)
    return std::move(tuple->elts[0]);
  return tuple;
}

/// `with ctx [as target], ...: suite`.
StmtP ParserImpl::withStmt() {
  StmtP s = makeStmt(StmtKind::With, take().loc);
  do {
    WithItem item;
    if (!(item.context = test()))
      return nullptr;
    if (acceptName("as") && (!(item.target = primary()) || !checkTarget(*item.target)))
      return nullptr;
    s->items.push_back(std::move(item));
  } while (acceptOp(","));
  if (!expectOp(":", "expected ':' after 'with' items") || !suite(s->body))
    return nullptr;
  return s;
}

/// An optional `else: suite` into `orelse`.
bool ParserImpl::elseClause(std::vector<StmtP> &orelse) {
  if (!acceptName("else"))
    return true;
  return expectOp(":", "expected ':' after 'else'") && suite(orelse);
}

/// The body after a compound statement's `:`: NEWLINE INDENT stmts DEDENT,
/// or one simple statement on the same line.
bool ParserImpl::suite(std::vector<StmtP> &out) {
  if (cur().kind != TokKind::Newline) {
    const Token &t = cur();
    if (t.isOp("@") || t.isName("def") || t.isName("if") || t.isName("while") || t.isName("for") ||
        t.isName("with"))
      return error(t.loc, "a compound statement cannot follow ':' on the same line");
    StmtP s = simpleStatement();
    if (!s)
      return false;
    out.push_back(std::move(s));
    return true;
  }
  take();
  if (cur().kind != TokKind::Indent)
    return error(cur().loc, "expected an indented block");
  take();
  while (cur().kind != TokKind::Dedent) {
    StmtP s = statement();
    if (!s)
      return false;
    out.push_back(std::move(s));
  }
  take();
  return true;
}

} // namespace ttllc::py

//===----------------------------------------------------------------------===//
// Parser
//===----------------------------------------------------------------------===//

Parser::Parser(const std::vector<Token> &tokens, Diagnostics &diag) : toks_(tokens), diag_(diag) {}

const Token &Parser::tok(size_t i) const {
  static const Token kEnd{TokKind::End, {}, {}, 0, 0, {}};
  if (toks_.empty())
    return kEnd;
  return toks_[std::min(i, toks_.size() - 1)];
}

bool Parser::atEnd() const { return cur().kind == TokKind::End; }

StmtP Parser::parseStatement() { return ParserImpl(*this).statement(); }

ExprP Parser::parseExpression() { return ParserImpl(*this).expression(); }

std::optional<std::vector<StmtP>> Parser::parseModule() {
  std::vector<StmtP> stmts;
  while (!atEnd()) {
    StmtP s = parseStatement();
    if (!s)
      return std::nullopt;
    stmts.push_back(std::move(s));
  }
  return stmts;
}

size_t Parser::statementEnd(size_t start) const {
  auto kind = [&](size_t i) { return tok(i).kind; };
  size_t i = start;
  if (kind(i) == TokKind::End)
    return i;
  if (kind(i) == TokKind::Dedent)
    return i + 1;
  // Skips the logical line at `i`, through its Newline.
  auto skipLine = [&] {
    while (kind(i) != TokKind::Newline && kind(i) != TokKind::End)
      ++i;
    if (kind(i) == TokKind::Newline)
      ++i;
  };
  // Skips an indented block at `i`, through its matching Dedent.
  auto skipBlock = [&] {
    if (kind(i) != TokKind::Indent)
      return;
    unsigned depth = 0;
    do {
      if (kind(i) == TokKind::Indent)
        ++depth;
      else if (kind(i) == TokKind::Dedent)
        --depth;
      ++i;
    } while (depth != 0 && kind(i) != TokKind::End);
  };
  if (kind(i) == TokKind::Indent) {
    skipBlock();
    return i;
  }
  while (tok(i).isOp("@"))
    skipLine();
  while (true) {
    skipLine();
    skipBlock();
    const Token &t = tok(i);
    if (!t.isName("elif") && !t.isName("else") && !t.isName("except") && !t.isName("finally"))
      return i;
  }
}

std::string Expr::dottedName() const {
  if (kind == ExprKind::Name)
    return name;
  if (kind != ExprKind::Attribute || !a)
    return "";
  std::string base = a->dottedName();
  return base.empty() ? "" : base + "." + name;
}
