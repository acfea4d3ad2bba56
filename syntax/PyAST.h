//===- syntax/PyAST.h - tokens and syntax tree of Python --------*- C++ -*-===//
//
// Both the TileLang frontend and the Tile IR text parser read Python syntax.
// This header is their shared front half:
//
//   Lexer  : the whole file -> tokens (full Python 3 lexical rules: indentation
//            with INDENT/DEDENT, implicit line joining inside brackets, `\`
//            continuation, comments, every string form incl. triple-quoted and
//            prefixed r/b/f/u strings, int/float literals with `_`, hex/oct/bin).
//   Parser : tokens -> syntax tree for a *subset* of Python statements and
//            expressions (the ones kernels and their factories are written
//            in, comprehensions, lambdas, `*` / `**` arguments and parameters,
//            assert and raise included). Host code the frontend does not need
//            (torch calls, argparse, classes, ...) is never parsed: the frontend skips it by
//            statement span with Parser::statementEnd().
//
// Every node carries the SMLoc of its first character, so later stages can
// report `file:line:col` errors with a caret.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/Support/SMLoc.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llvm {
class SourceMgr;
}

namespace ttllc {
class Diagnostics;

namespace py {

//===----------------------------------------------------------------------===//
// Tokens
//===----------------------------------------------------------------------===//

enum class TokKind {
  Name,    // identifiers and keywords (keywords are Names; check text)
  Int,     // integer literal; value in Token::intValue
  Float,   // float literal; value in Token::floatValue
  String,  // string literal (adjacent literals are separate tokens);
           // decoded value in Token::strValue, prefix in Token::text
  Op,      // operator or delimiter: ( ) [ ] { } , : . ; @ = -> += ** // ...
  Newline, // end of a logical line
  Indent,
  Dedent,
  End, // end of input
};

struct Token {
  TokKind kind;
  std::string_view text; // exact source text (points into the SourceMgr buffer)
  llvm::SMLoc loc;
  int64_t intValue = 0;
  double floatValue = 0;
  std::string strValue;
  bool is(TokKind k, std::string_view t) const { return kind == k && text == t; }
  bool isOp(std::string_view t) const { return is(TokKind::Op, t); }
  bool isName(std::string_view t) const { return is(TokKind::Name, t); }
};

/// Tokenizes buffer `bufferId` of `sm`. On a lexical error (unterminated
/// string, inconsistent dedent, unexpected character, integer literal that
/// does not fit in int64) reports a located error and returns std::nullopt.
/// The result always ends with Newline? Dedent* End.
std::optional<std::vector<Token>> lex(llvm::SourceMgr &sm, unsigned bufferId, Diagnostics &diag);

//===----------------------------------------------------------------------===//
// Syntax tree
//===----------------------------------------------------------------------===//

struct Expr;
struct Stmt;
using ExprP = std::unique_ptr<Expr>;
using StmtP = std::unique_ptr<Stmt>;

enum class ExprKind {
  Name,           // name
  Int,            // ival
  Float,          // fval
  Str,            // str (adjacent string literals concatenated)
  FString,        // elts: Str and FormattedValue parts (adjacent literals with an f-string)
  FormattedValue, // {a!op:str} of an f-string: op the conversion ("", "r", "s",
                  // "a"), str the format spec
  Bool,           // bval (True / False)
  None,           // None
  Attribute,      // a.name           : a, name
  Call,           // a(elts..., keywords...)
  Subscript,      // a[elts...]       : one elt per comma-separated index
  Slice,          // a:b:c inside []  : a, b, c (each may be null)
  Tuple,          // elts (parenthesised or bare `x, y`)
  List,           // elts
  Dict,           // keys in elts, values in values
  Set,            // elts ({a, b, *xs})
  BinOp,          // a op b  : op is "+", "-", "*", "/", "//", "%", "**", "@",
                  //           "<<", ">>", "&", "|", "^"
  UnaryOp,        // op a    : op is "-", "+", "~", "not"
  Compare,        // elts[0] ops[0] elts[1] ops[1] elts[2] ...; ops are "<", "<=",
                  // ">", ">=", "==", "!=", "is", "is not", "in", "not in"
  BoolOp,         // elts joined by op ("and" / "or"), at least two
  IfExp,          // b if a else c   : a = condition, b = then, c = else
  Comp,           // [a for ... in ... if ...] (op "list"), (a for ...) (op "gen"),
                  // {a for ...} (op "set") or {a: b for ...} (op "dict"): a =
                  // element (key), b = value, generators = the for clauses
  Starred,        // *a or **a (op "*" / "**"): in call arguments, list, tuple and
                  // set displays, and (`**a`, with a null value) dict displays
  Lambda,         // lambda params: a   : keywords = the parameters, each with its
                  // default value or null
  Ellipsis,       // ...
};

struct Keyword {
  std::string name;
  ExprP value;
  llvm::SMLoc loc; // location of the name
};

/// One `for target in iter if cond ...` clause of a comprehension.
struct CompFor {
  ExprP target; // Name or Tuple of Names
  ExprP iter;
  std::vector<ExprP> ifs;
};

struct Expr {
  ExprKind kind;
  llvm::SMLoc loc;
  std::string name; // Name, Attribute (attribute name)
  std::string str;  // Str
  int64_t ival = 0;
  double fval = 0;
  bool bval = false;
  std::string op;               // BinOp, UnaryOp, BoolOp
  std::vector<std::string> ops; // Compare
  ExprP a, b, c;
  std::vector<ExprP> elts;
  std::vector<ExprP> values; // Dict values (null after a `**` entry)
  std::vector<Keyword> keywords;
  std::vector<CompFor> generators; // Comp

  Expr(ExprKind k, llvm::SMLoc l) : kind(k), loc(l) {}
  /// "T.alloc_shared" for an Attribute/Name chain, "" for anything else.
  std::string dottedName() const;
};

enum class StmtKind {
  FunctionDef, // decorators, name, params, body
  Return,      // value (may be null)
  Assign,      // targets (a = b = value has two targets), value
  AnnAssign,   // targets[0], annotation, value (may be null)
  AugAssign,   // targets[0], op ("+", "-", "*", "/", "//", "%", ...), value
  ExprStmt,    // value
  For,         // targets[0] (Name or Tuple of Names), iter, body, orelse
  While,       // test, body, orelse
  With,        // items, body
  If,          // test, body, orelse (an elif is an If inside orelse)
  Pass,
  Break,
  Continue,
  Import,     // names: import a.b as c, d
  ImportFrom, // module, names: from a.b import c as d
  Assert,     // test, value (the message; may be null)
  Raise,      // value (may be null)
};

struct Param {
  std::string name;
  llvm::SMLoc loc;
  int star = 0;       // 1 for *args, 2 for **kwargs
  ExprP annotation;   // may be null
  ExprP defaultValue; // may be null
};

struct WithItem {
  ExprP context;
  ExprP target; // may be null (`with x:`)
};

struct ImportName {
  std::string name;  // dotted
  std::string alias; // "" when there is no `as`
  llvm::SMLoc loc;
};

struct Stmt {
  StmtKind kind;
  llvm::SMLoc loc;
  // FunctionDef
  std::string name;
  std::vector<ExprP> decorators;
  std::vector<Param> params;
  // Assign / AnnAssign / AugAssign / For
  std::vector<ExprP> targets;
  ExprP annotation;
  std::string op;
  // shared
  ExprP value; // Return, Assign, AnnAssign, AugAssign, ExprStmt
  ExprP test;  // While, If
  ExprP iter;  // For
  std::vector<WithItem> items;
  std::vector<StmtP> body;
  std::vector<StmtP> orelse;
  // Import / ImportFrom
  std::string module;
  std::vector<ImportName> names;

  Stmt(StmtKind k, llvm::SMLoc l) : kind(k), loc(l) {}
};

//===----------------------------------------------------------------------===//
// Parser
//===----------------------------------------------------------------------===//

/// Recursive-descent parser over a token vector produced by lex(). Every
/// parse function reports the first syntax error through Diagnostics
/// ("expected ')'", "unsupported syntax: lambda", ...) with the location of
/// the offending token and returns null; the position is then unspecified.
class Parser {
public:
  Parser(const std::vector<Token> &tokens, Diagnostics &diag);

  /// Index of the current token.
  size_t pos() const { return pos_; }
  void setPos(size_t p) { pos_ = p; }
  const Token &tok(size_t i) const;
  const Token &cur() const { return tok(pos_); }
  bool atEnd() const;

  /// Parses one statement (simple or compound, with decorators) at the
  /// current position and advances past it.
  StmtP parseStatement();

  /// Parses statements until End; null on the first error.
  std::optional<std::vector<StmtP>> parseModule();

  /// Parses one expression (a conditional expression or a bare tuple
  /// `a, b`), without requiring the end of the line after it.
  ExprP parseExpression();

  /// Index of the first token after the statement starting at `start`,
  /// including its indented block(s), its decorators and trailing
  /// elif/else/except/finally clauses. Needs only well-formed
  /// Newline/Indent/Dedent structure, so it can skip any Python statement,
  /// also ones the parser does not support.
  size_t statementEnd(size_t start) const;

private:
  const std::vector<Token> &toks_;
  Diagnostics &diag_;
  size_t pos_ = 0;
  friend class ParserImpl;
};

} // namespace py
} // namespace ttllc
