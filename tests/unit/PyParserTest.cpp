//===- tests/unit/PyParserTest.cpp - Python lexer and parser tests --------===//
//
// Tests of syntax/PyLexer.cpp and syntax/PyParser.cpp: tokens of every literal form,
// indentation structure, lexical and syntax errors (exact text and
// location), expression trees as S-expressions, every statement kind,
// statementEnd() skipping, a real TileLang kernel and host code that is
// skipped statement by statement.
//
//===----------------------------------------------------------------------===//

#include "support/Diagnostics.h"
#include "syntax/PyAST.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <sstream>

using namespace ttllc;
using namespace ttllc::py;

namespace {

/// One source buffer "test.py", its tokens, and the diagnostics printed
/// while lexing and parsing it.
struct Source {
  llvm::SourceMgr sm;
  std::string out;
  llvm::raw_string_ostream os{out};
  Diagnostics diag{&sm, os};
  std::optional<std::vector<Token>> toks;

  explicit Source(std::string_view text) {
    unsigned id =
        sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "test.py"), llvm::SMLoc());
    toks = lex(sm, id, diag);
  }
  /// The first line of the diagnostics ("test.py:1:2: error: ...").
  std::string firstError() const { return out.substr(0, out.find('\n')); }
  /// "line:col" of a location.
  std::string lineCol(llvm::SMLoc loc) const {
    auto [line, col] = sm.getLineAndColumn(loc);
    return std::to_string(line) + ":" + std::to_string(col);
  }
};

std::string escape(std::string_view s) {
  std::string r;
  for (unsigned char c : s) {
    if (c == '\n')
      r += "\\n";
    else if (c == '\t')
      r += "\\t";
    else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      snprintf(buf, sizeof(buf), "\\x%02x", c);
      r += buf;
    } else
      r += char(c);
  }
  return r;
}

std::string fmtDouble(double d) {
  std::ostringstream os;
  os << d;
  return os.str();
}

/// Tokens as "Name:x Op:= Int:1 NEWLINE END" (strings show their value).
std::string dumpTokens(const std::vector<Token> &toks) {
  std::string r;
  for (const Token &t : toks) {
    if (!r.empty())
      r += ' ';
    switch (t.kind) {
    case TokKind::Name:
      r += "Name:" + std::string(t.text);
      break;
    case TokKind::Int:
      r += "Int:" + std::to_string(t.intValue);
      break;
    case TokKind::Float:
      r += "Float:" + fmtDouble(t.floatValue);
      break;
    case TokKind::String:
      r += "Str:" + escape(t.strValue);
      break;
    case TokKind::Op:
      r += "Op:" + std::string(t.text);
      break;
    case TokKind::Newline:
      r += "NEWLINE";
      break;
    case TokKind::Indent:
      r += "INDENT";
      break;
    case TokKind::Dedent:
      r += "DEDENT";
      break;
    case TokKind::End:
      r += "END";
      break;
    }
  }
  return r;
}

std::string lexDump(std::string_view text) {
  Source src(text);
  return src.toks ? dumpTokens(*src.toks) : "ERROR " + src.firstError();
}

/// The first error of lexing `text` (and checks it was the only one).
std::string lexError(std::string_view text) {
  Source src(text);
  if (src.toks)
    return "no error";
  EXPECT_EQ(src.diag.errorCount(), 1u) << text;
  return src.firstError();
}

std::string dump(const Expr *e);

std::string dumpList(const std::vector<ExprP> &v) {
  std::string r;
  for (const ExprP &e : v)
    r += " " + dump(e.get());
  return r;
}

/// An expression as an S-expression: (+ a (* b c)), (call f a k=v), ...
std::string dump(const Expr *e) {
  if (!e)
    return "_";
  switch (e->kind) {
  case ExprKind::Name:
    return e->name;
  case ExprKind::Int:
    return std::to_string(e->ival);
  case ExprKind::Float:
    return fmtDouble(e->fval);
  case ExprKind::Str:
    return "\"" + escape(e->str) + "\"";
  case ExprKind::Bool:
    return e->bval ? "True" : "False";
  case ExprKind::None:
    return "None";
  case ExprKind::Attribute:
    return "(. " + dump(e->a.get()) + " " + e->name + ")";
  case ExprKind::Call: {
    std::string r = "(call " + dump(e->a.get()) + dumpList(e->elts);
    for (const Keyword &k : e->keywords)
      r += " " + k.name + "=" + dump(k.value.get());
    return r + ")";
  }
  case ExprKind::Subscript:
    return "(sub " + dump(e->a.get()) + dumpList(e->elts) + ")";
  case ExprKind::Slice:
    return "(slice " + dump(e->a.get()) + " " + dump(e->b.get()) + " " + dump(e->c.get()) + ")";
  case ExprKind::Tuple:
    return "(tuple" + dumpList(e->elts) + ")";
  case ExprKind::List:
    return "(list" + dumpList(e->elts) + ")";
  case ExprKind::Dict: {
    std::string r = "(dict";
    for (size_t i = 0; i < e->elts.size(); ++i)
      r += " " + dump(e->elts[i].get()) + ":" + dump(e->values[i].get());
    return r + ")";
  }
  case ExprKind::Set:
    return "(set" + dumpList(e->elts) + ")";
  case ExprKind::FString:
    return "(fstr" + dumpList(e->elts) + ")";
  case ExprKind::FormattedValue:
    return "{" + dump(e->a.get()) + (e->op.empty() ? "" : "!" + e->op) +
           (e->str.empty() ? "" : ":" + e->str) + "}";
  case ExprKind::BinOp:
    return "(" + e->op + " " + dump(e->a.get()) + " " + dump(e->b.get()) + ")";
  case ExprKind::UnaryOp:
    return "(" + e->op + " " + dump(e->a.get()) + ")";
  case ExprKind::Compare: {
    std::string r = "(cmp " + dump(e->elts[0].get());
    for (size_t i = 0; i < e->ops.size(); ++i)
      r += " " + e->ops[i] + " " + dump(e->elts[i + 1].get());
    return r + ")";
  }
  case ExprKind::BoolOp:
    return "(" + e->op + dumpList(e->elts) + ")";
  case ExprKind::IfExp:
    return "(ifexp " + dump(e->a.get()) + " " + dump(e->b.get()) + " " + dump(e->c.get()) + ")";
  case ExprKind::Starred:
    return "(" + e->op + " " + dump(e->a.get()) + ")";
  case ExprKind::Ellipsis:
    return "...";
  case ExprKind::Lambda: {
    std::string r = "(lambda (";
    for (const Keyword &k : e->keywords)
      r += (r.back() == '(' ? "" : " ") + k.name + (k.value ? "=" + dump(k.value.get()) : "");
    return r + ") " + dump(e->a.get()) + ")";
  }
  case ExprKind::Comp: {
    std::string r = "(" + e->op + "comp " + dump(e->a.get());
    if (e->op == "dict")
      r += ":" + dump(e->b.get());
    for (const CompFor &c : e->generators) {
      r += " (for " + dump(c.target.get()) + " " + dump(c.iter.get());
      for (const ExprP &x : c.ifs)
        r += " (if " + dump(x.get()) + ")";
      r += ")";
    }
    return r + ")";
  }
  }
  return "?";
}

std::string dump(const Stmt &s);

std::string dumpBlock(const std::vector<StmtP> &body) {
  std::string r = "{";
  for (const StmtP &s : body)
    r += (r.size() > 1 ? "; " : "") + dump(*s);
  return r + "}";
}

std::string dumpElse(const Stmt &s) {
  return s.orelse.empty() ? "" : " else " + dumpBlock(s.orelse);
}

std::string dumpNames(const std::vector<ImportName> &names) {
  std::string r;
  for (const ImportName &n : names)
    r += (r.empty() ? "" : ", ") + n.name + (n.alias.empty() ? "" : " as " + n.alias);
  return r;
}

/// A statement as an S-expression with {...} blocks.
std::string dump(const Stmt &s) {
  switch (s.kind) {
  case StmtKind::FunctionDef: {
    std::string r = "(def " + s.name;
    for (const ExprP &d : s.decorators)
      r += " @" + dump(d.get());
    r += " (";
    for (const Param &p : s.params) {
      r += (r.back() == '(' ? "" : " ") + std::string(size_t(p.star), '*') + p.name;
      if (p.annotation)
        r += ":" + dump(p.annotation.get());
      if (p.defaultValue)
        r += "=" + dump(p.defaultValue.get());
    }
    r += ")";
    if (s.annotation)
      r += " -> " + dump(s.annotation.get());
    return r + " " + dumpBlock(s.body) + ")";
  }
  case StmtKind::Return:
    return s.value ? "(return " + dump(s.value.get()) + ")" : "(return)";
  case StmtKind::Assign:
    return "(=" + dumpList(s.targets) + " " + dump(s.value.get()) + ")";
  case StmtKind::AnnAssign:
    return "(: " + dump(s.targets[0].get()) + " " + dump(s.annotation.get()) + " " +
           dump(s.value.get()) + ")";
  case StmtKind::AugAssign:
    return "(" + s.op + "= " + dump(s.targets[0].get()) + " " + dump(s.value.get()) + ")";
  case StmtKind::ExprStmt:
    return "(expr " + dump(s.value.get()) + ")";
  case StmtKind::For:
    return "(for " + dump(s.targets[0].get()) + " " + dump(s.iter.get()) + " " + dumpBlock(s.body) +
           dumpElse(s) + ")";
  case StmtKind::While:
    return "(while " + dump(s.test.get()) + " " + dumpBlock(s.body) + dumpElse(s) + ")";
  case StmtKind::With: {
    std::string r = "(with";
    for (const WithItem &item : s.items)
      r += " (" + dump(item.context.get()) + (item.target ? " as " + dump(item.target.get()) : "") +
           ")";
    return r + " " + dumpBlock(s.body) + ")";
  }
  case StmtKind::If:
    return "(if " + dump(s.test.get()) + " " + dumpBlock(s.body) + dumpElse(s) + ")";
  case StmtKind::Pass:
    return "pass";
  case StmtKind::Break:
    return "break";
  case StmtKind::Continue:
    return "continue";
  case StmtKind::Import:
    return "(import " + dumpNames(s.names) + ")";
  case StmtKind::ImportFrom:
    return "(from " + s.module + " import " + dumpNames(s.names) + ")";
  case StmtKind::Assert:
    return "(assert " + dump(s.test.get()) + (s.value ? " " + dump(s.value.get()) : "") + ")";
  case StmtKind::Raise:
    return s.value ? "(raise " + dump(s.value.get()) + ")" : "(raise)";
  }
  return "?";
}

/// Parses `text` with parseExpression() and dumps it, or returns the error.
std::string parseExpr(std::string_view text) {
  Source src(text);
  if (!src.toks)
    return "LEX ERROR " + src.firstError();
  Parser p(*src.toks, src.diag);
  ExprP e = p.parseExpression();
  if (!e) {
    EXPECT_EQ(src.diag.errorCount(), 1u) << text;
    return src.firstError();
  }
  EXPECT_EQ(p.cur().kind, TokKind::Newline) << text;
  return dump(e.get());
}

/// Parses `text` as a module; statements joined by "; ", or the error.
std::string parseModule(std::string_view text) {
  Source src(text);
  if (!src.toks)
    return "LEX ERROR " + src.firstError();
  Parser p(*src.toks, src.diag);
  auto stmts = p.parseModule();
  if (!stmts) {
    EXPECT_EQ(src.diag.errorCount(), 1u) << text;
    return src.firstError();
  }
  EXPECT_EQ(src.diag.errorCount(), 0u) << text;
  std::string r;
  for (const StmtP &s : *stmts)
    r += (r.empty() ? "" : "; ") + dump(*s);
  return r;
}

//===----------------------------------------------------------------------===//
// Lexer
//===----------------------------------------------------------------------===//

TEST(PyLexer, NamesAndKeywords) {
  EXPECT_EQ(lexDump("if x_1 _y Abc None rb\n"),
            "Name:if Name:x_1 Name:_y Name:Abc Name:None Name:rb NEWLINE END");
}

TEST(PyLexer, Integers) {
  EXPECT_EQ(lexDump("0 7 1_000 0x_ff 0XFF 0o17 0O7 0b1010 0B1 0_0 00 9223372036854775807 "
                    "0x7fffffffffffffff"),
            "Int:0 Int:7 Int:1000 Int:255 Int:255 Int:15 Int:7 Int:10 Int:1 Int:0 Int:0 "
            "Int:9223372036854775807 Int:9223372036854775807 NEWLINE END");
}

TEST(PyLexer, Floats) {
  Source src("1.0 1. .5 1e-3 1_000.5 1E+2 2.5e3 012.5 0e0 1.e2 1e999");
  ASSERT_TRUE(src.toks);
  std::vector<double> expected = {1.0, 1.0, 0.5, 1e-3, 1000.5, 100, 2500, 12.5, 0, 100, INFINITY};
  ASSERT_EQ(src.toks->size(), expected.size() + 2);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*src.toks)[i].kind, TokKind::Float) << i;
    EXPECT_EQ((*src.toks)[i].floatValue, expected[i]) << i;
  }
  EXPECT_EQ((*src.toks)[4].text, "1_000.5");
}

TEST(PyLexer, StringQuotesAndEscapes) {
  EXPECT_EQ(lexDump("'a' \"b\" '''c\n'd''' \"\"\"e\"\"f\"\"\" '' \"\"\"\"\"\""),
            "Str:a Str:b Str:c\\n'd Str:e\"\"f Str: Str: NEWLINE END");
  EXPECT_EQ(lexDump(R"('\n\t\\\'\"\x41\101\0\u00e9\U0001F600 \q\N{DASH}')"),
            "Str:\\n\\t\\'\"AA\\x00\\xc3\\xa9\\xf0\\x9f\\x98\\x80 \\q\\N{DASH} NEWLINE END");
  EXPECT_EQ(lexDump(R"("\a\b\f\v\r")"), "Str:\\x07\\x08\\x0c\\x0b\\x0d NEWLINE END");
  // Backslash-newline inside a string is a continuation; CRLF reads as "\n".
  EXPECT_EQ(lexDump("'a\\\nb' '''x\r\ny'''"), "Str:ab Str:x\\ny NEWLINE END");
}

TEST(PyLexer, StringPrefixes) {
  Source src(R"(r"\n\q" R'\'' b"\xff\u00e9" B'x' rb'\n' Br"a" bR'b' u'\x41' f"{x!r}\n" )"
             R"(F'{y}' fr'{z}\n' RF"w" Rb'c')");
  ASSERT_TRUE(src.toks);
  std::vector<std::pair<std::string, std::string>> expected = {
      {R"(r"\n\q")", R"(\n\q)"},
      {R"(R'\'')", R"(\')"},
      {R"(b"\xff\u00e9")", "\xff\\u00e9"},
      {"B'x'", "x"},
      {R"(rb'\n')", R"(\n)"},
      {R"(Br"a")", "a"},
      {"bR'b'", "b"},
      {R"(u'\x41')", "A"},
      {R"(f"{x!r}\n")", "{x!r}\n"},
      {"F'{y}'", "{y}"},
      {R"(fr'{z}\n')", R"({z}\n)"},
      {R"(RF"w")", "w"},
      {"Rb'c'", "c"},
  };
  ASSERT_EQ(src.toks->size(), expected.size() + 2);
  for (size_t i = 0; i < expected.size(); ++i) {
    const Token &t = (*src.toks)[i];
    EXPECT_EQ(t.kind, TokKind::String) << i;
    EXPECT_EQ(t.text, expected[i].first) << i;
    EXPECT_EQ(t.strValue, expected[i].second) << i;
  }
  // A prefix-like name not followed by a quote is a name.
  EXPECT_EQ(lexDump("br + fx'a'"), "Name:br Op:+ Name:fx Str:a NEWLINE END");
}

TEST(PyLexer, Operators) {
  std::string ops = "**= //= >>= <<= ... ** // >> << <= >= == != -> += -= *= /= %= &= |= ^= "
                    "@= := + - * / % @ & | ^ ~ < > ( ) [ ] { } , : . ; =";
  std::string expected;
  for (size_t i = 0, j; i < ops.size(); i = j + 1) {
    j = std::min(ops.find(' ', i), ops.size());
    expected += "Op:" + ops.substr(i, j - i) + " ";
  }
  EXPECT_EQ(lexDump(ops), expected + "NEWLINE END");
  // Longest match without spaces.
  EXPECT_EQ(lexDump("a**-b<<=c....d->e"),
            "Name:a Op:** Op:- Name:b Op:<<= Name:c Op:... Op:. Name:d Op:-> Name:e NEWLINE END");
  EXPECT_EQ(lexDump("x[1:]=y.z"),
            "Name:x Op:[ Int:1 Op:: Op:] Op:= Name:y Op:. Name:z NEWLINE END");
}

TEST(PyLexer, Indentation) {
  Source src("if a:\n    b\n    if c:\n        d\ne\n");
  ASSERT_TRUE(src.toks);
  EXPECT_EQ(dumpTokens(*src.toks),
            "Name:if Name:a Op:: NEWLINE INDENT Name:b NEWLINE Name:if Name:c Op:: NEWLINE INDENT "
            "Name:d NEWLINE DEDENT DEDENT Name:e NEWLINE END");
  EXPECT_EQ(src.lineCol((*src.toks)[4].loc), "2:5");  // INDENT at b
  EXPECT_EQ(src.lineCol((*src.toks)[15].loc), "5:1"); // DEDENT at e
  EXPECT_EQ(src.lineCol((*src.toks)[3].loc), "1:6");  // NEWLINE at the '\n'
  EXPECT_EQ((*src.toks)[3].text, "\n");
  // Dedents to level 0 at end of input, after a NEWLINE for the last line.
  EXPECT_EQ(lexDump("if a:\n  if b:\n    c"),
            "Name:if Name:a Op:: NEWLINE INDENT Name:if Name:b Op:: NEWLINE INDENT Name:c NEWLINE "
            "DEDENT DEDENT END");
  // A tab advances to the next multiple of 8.
  EXPECT_EQ(lexDump("if a:\n\tb\n\tc\n\tif e:\n\t        f\n"),
            "Name:if Name:a Op:: NEWLINE INDENT Name:b NEWLINE Name:c NEWLINE Name:if Name:e Op:: "
            "NEWLINE INDENT Name:f NEWLINE DEDENT DEDENT END");
  EXPECT_EQ(lexDump("if a:\n  \tb\n  \tc\n"),
            "Name:if Name:a Op:: NEWLINE INDENT Name:b NEWLINE Name:c NEWLINE DEDENT END");
  // Dedent to an intermediate level.
  EXPECT_EQ(lexDump("a\n  b\n    c\n  d\n"),
            "Name:a NEWLINE INDENT Name:b NEWLINE INDENT Name:c NEWLINE DEDENT Name:d NEWLINE "
            "DEDENT END");
  // CRLF line endings.
  EXPECT_EQ(lexDump("if a:\r\n  b\r\n"),
            "Name:if Name:a Op:: NEWLINE INDENT Name:b NEWLINE DEDENT END");
}

// CPython's TabError: indentation whose meaning depends on the size of a tab
// (the same with tabs to multiples of 8 and with tabs one column wide).
TEST(PyLexer, TabsAndSpacesMustAgree) {
  const char *tabError = "error: inconsistent use of tabs and spaces in indentation";
  EXPECT_EQ(lexError("if a:\n\tb\n        c\n"), std::string("test.py:3:9: ") + tabError);
  EXPECT_EQ(lexError("if a:\n        b\n\tc\n"), std::string("test.py:3:2: ") + tabError);
  EXPECT_EQ(lexError("if a:\n    if b:\n\tc\n"), std::string("test.py:3:2: ") + tabError);
  EXPECT_EQ(lexError("if a:\n\tif b:\n\t\tc\n        d\n"),
            std::string("test.py:4:9: ") + tabError);
  // Tabs only, or the same mix on every line of a block, are fine.
  EXPECT_EQ(lexDump("if a:\n\tif b:\n\t\tc\n\td\n"),
            "Name:if Name:a Op:: NEWLINE INDENT Name:if Name:b Op:: NEWLINE INDENT Name:c NEWLINE "
            "DEDENT Name:d NEWLINE DEDENT END");
  // A form feed resets both counts.
  EXPECT_EQ(lexDump("if a:\n  b\n\f  c\n"),
            "Name:if Name:a Op:: NEWLINE INDENT Name:b NEWLINE Name:c NEWLINE DEDENT END");
}

// A UTF-8 byte order mark at the start is skipped, as CPython does; anywhere
// else it is a non-ASCII character.
TEST(PyLexer, ByteOrderMark) {
  EXPECT_EQ(lexDump("\xEF\xBB\xBFx = 1\n"), "Name:x Op:= Int:1 NEWLINE END");
  EXPECT_EQ(lexDump("\xEF\xBB\xBFif a:\n  b\n"),
            "Name:if Name:a Op:: NEWLINE INDENT Name:b NEWLINE DEDENT END");
  EXPECT_EQ(lexError("x = 1\n\xEF\xBB\xBFy = 2\n"),
            "test.py:2:1: error: unexpected non-ASCII character");
}

TEST(PyLexer, BlankAndCommentLines) {
  EXPECT_EQ(lexDump(""), "END");
  EXPECT_EQ(lexDump("# only a comment"), "END");
  EXPECT_EQ(lexDump("\n  \n\t\n"), "END");
  EXPECT_EQ(lexDump("x = 1\n\n   # indented comment\n\t\n  \ny = 2  # trailing\n# end"),
            "Name:x Op:= Int:1 NEWLINE Name:y Op:= Int:2 NEWLINE END");
  // Comment lines inside a block do not change the indentation.
  EXPECT_EQ(lexDump("if a:\n    b\n# c\n        # d\n    e\n"),
            "Name:if Name:a Op:: NEWLINE INDENT Name:b NEWLINE Name:e NEWLINE DEDENT END");
}

TEST(PyLexer, LineJoining) {
  // Implicit joining inside brackets: no NEWLINE, no INDENT.
  EXPECT_EQ(lexDump("x = (1,\n        2\n)\ny = [\n# c\n  3]\nz = {\n}\n"),
            "Name:x Op:= Op:( Int:1 Op:, Int:2 Op:) NEWLINE Name:y Op:= Op:[ Int:3 Op:] NEWLINE "
            "Name:z Op:= Op:{ Op:} NEWLINE END");
  // Backslash continuation; the continued line's indentation is ignored.
  EXPECT_EQ(lexDump("x = 1 + \\\n        2\nif a and \\\nb:\n  pass\n"),
            "Name:x Op:= Int:1 Op:+ Int:2 NEWLINE Name:if Name:a Name:and Name:b Op:: NEWLINE "
            "INDENT Name:pass NEWLINE DEDENT END");
}

TEST(PyLexer, TokenTextAndLocation) {
  Source src("x = 'ab'\n  # c\ny += 0x1F\n");
  ASSERT_TRUE(src.toks);
  const std::vector<Token> &t = *src.toks;
  ASSERT_EQ(t.size(), 9u);
  EXPECT_EQ(t[2].text, "'ab'");
  EXPECT_EQ(src.lineCol(t[2].loc), "1:5");
  EXPECT_EQ(t[5].text, "+=");
  EXPECT_EQ(src.lineCol(t[5].loc), "3:3");
  EXPECT_EQ(t[6].text, "0x1F");
  EXPECT_EQ(t[6].intValue, 31);
  EXPECT_EQ(t[8].kind, TokKind::End);
}

TEST(PyLexer, Errors) {
  EXPECT_EQ(lexError("x = 'abc\ny = 1\n"), "test.py:1:5: error: unterminated string");
  EXPECT_EQ(lexError("x = 1\n\ny = b\"abc"), "test.py:3:5: error: unterminated string");
  EXPECT_EQ(lexError("x = 1\n\ny = \"\"\"abc\n\n"),
            "test.py:3:5: error: unterminated triple-quoted string");
  EXPECT_EQ(lexError("s = 'ab\\'"), "test.py:1:5: error: unterminated string");
  EXPECT_EQ(lexError("if a:\n    b\n  c\n"),
            "test.py:3:3: error: unindent does not match any outer indentation level");
  EXPECT_EQ(lexError("x = $\n"), "test.py:1:5: error: unexpected character '$'");
  EXPECT_EQ(lexError("a = !b\n"), "test.py:1:5: error: unexpected character '!'");
  EXPECT_EQ(lexError("a = b ? c\n"), "test.py:1:7: error: unexpected character '?'");
  EXPECT_EQ(lexError("a\x01"), "test.py:1:2: error: unexpected character 0x01");
  EXPECT_EQ(lexError("\xc3\xa9 = 1"), "test.py:1:1: error: unexpected non-ASCII character");
  EXPECT_EQ(lexError("x = a)\n"), "test.py:1:6: error: unmatched ')'");
  EXPECT_EQ(lexError("x = (a]\n"),
            "test.py:1:7: error: closing bracket ']' does not match opening bracket '('");
  EXPECT_EQ(lexError("x = [1,\n  (2)\n"), "test.py:1:5: error: '[' was never closed");
  EXPECT_EQ(lexError("x = 9223372036854775808\n"),
            "test.py:1:5: error: integer literal is too large for int64");
  EXPECT_EQ(lexError("x = 0x8000000000000000\n"),
            "test.py:1:5: error: integer literal is too large for int64");
  EXPECT_EQ(lexError("x = 1_\n"), "test.py:1:5: error: invalid decimal literal");
  EXPECT_EQ(lexError("x = 1__0\n"), "test.py:1:5: error: invalid decimal literal");
  EXPECT_EQ(lexError("x = 1abc\n"), "test.py:1:5: error: invalid decimal literal");
  EXPECT_EQ(lexError("x = 1e\n"), "test.py:1:5: error: invalid decimal literal");
  EXPECT_EQ(lexError("x = 0x\n"), "test.py:1:5: error: invalid hexadecimal literal");
  EXPECT_EQ(lexError("x = 0o8\n"), "test.py:1:5: error: invalid octal literal");
  EXPECT_EQ(lexError("x = 0b12\n"), "test.py:1:5: error: invalid binary literal");
  EXPECT_EQ(lexError("x = 012\n"),
            "test.py:1:5: error: leading zeros in decimal integer literals are not permitted");
  EXPECT_EQ(lexError("x = 2j\n"), "test.py:1:5: error: imaginary literals are not supported");
  EXPECT_EQ(lexError("x = 1 \\ y\n"),
            "test.py:1:7: error: unexpected character after line continuation character");
  EXPECT_EQ(lexError("x = \\"),
            "test.py:1:5: error: unexpected end of file after line continuation character");
  EXPECT_EQ(lexError("s = 'a\\x4g'"), "test.py:1:7: error: invalid \\x escape");
  EXPECT_EQ(lexError("s = 'a\\u12'"), "test.py:1:7: error: invalid \\u escape");
  EXPECT_EQ(lexError("s = '\\U00110000'"), "test.py:1:6: error: invalid \\U escape");
  // The caret line is printed too.
  Source src("x = 'abc\n");
  EXPECT_EQ(src.out, "test.py:1:5: error: unterminated string\nx = 'abc\n    ^\n");
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

TEST(PyParser, Precedence) {
  std::pair<const char *, const char *> cases[] = {
      {"a + b * c", "(+ a (* b c))"},
      {"a * b + c", "(+ (* a b) c)"},
      {"a - b - c", "(- (- a b) c)"},
      {"x * (y + z)", "(* x (+ y z))"},
      {"-a ** b", "(- (** a b))"},
      {"a ** -b", "(** a (- b))"},
      {"a ** b ** c", "(** a (** b c))"},
      {"-a * b", "(* (- a) b)"},
      {"~a + +b", "(+ (~ a) (+ b))"},
      {"- - a", "(- (- a))"},
      {"a.b ** 2", "(** (. a b) 2)"},
      {"a | b ^ c & d << e + f", "(| a (^ b (& c (<< d (+ e f)))))"},
      {"a + b << c & d ^ e | f", "(| (^ (& (<< (+ a b) c) d) e) f)"},
      {"a // b % c @ d / e * f", "(* (/ (@ (% (// a b) c) d) e) f)"},
      {"a >> b << c", "(<< (>> a b) c)"},
      {"a < b <= c", "(cmp a < b <= c)"},
      {"a > b >= c == d != e", "(cmp a > b >= c == d != e)"},
      {"a is b", "(cmp a is b)"},
      {"a is not b", "(cmp a is not b)"},
      {"a not in b", "(cmp a not in b)"},
      {"a in b == c", "(cmp a in b == c)"},
      {"a < b + c", "(cmp a < (+ b c))"},
      {"a | b < c", "(cmp (| a b) < c)"},
      {"not a == b", "(not (cmp a == b))"},
      {"not not a", "(not (not a))"},
      {"a or b and not c", "(or a (and b (not c)))"},
      {"a or b or c", "(or a b c)"},
      {"a and b and c or d", "(or (and a b c) d)"},
      {"x if c else y", "(ifexp c x y)"},
      {"a if b else c if d else e", "(ifexp b a (ifexp d c e))"},
      {"a or b if c and d else e", "(ifexp (and c d) (or a b) e)"},
      {"a, b if c else d", "(tuple a (ifexp c b d))"},
  };
  for (auto [text, expected] : cases)
    EXPECT_EQ(parseExpr(text), expected) << text;
}

TEST(PyParser, Literals) {
  std::pair<const char *, const char *> cases[] = {
      {"1", "1"},
      {"-1", "(- 1)"},
      {"2.5", "2.5"},
      {"'a' 'b' \"c\"", "\"abc\""},
      {"b'a' B'b'", "\"ab\""},
      {"f'{x}' 'y'", "(fstr {x} \"y\")"},
      {"True, False, None", "(tuple True False None)"},
      {"a, b", "(tuple a b)"},
      {"a,", "(tuple a)"},
      {"(a)", "a"},
      {"((a))", "a"},
      {"(a,)", "(tuple a)"},
      {"()", "(tuple)"},
      {"(a, b,)", "(tuple a b)"},
      {"(\n  a,\n  b\n)", "(tuple a b)"},
      {"[]", "(list)"},
      {"[1, 2.5, 'x',]", "(list 1 2.5 \"x\")"},
      {"[[a], (b,)]", "(list (list a) (tuple b))"},
      {"{}", "(dict)"},
      {"{'a': 1, b: c,}", "(dict \"a\":1 b:c)"},
      {"{'k': [1, 2]}", "(dict \"k\":(list 1 2))"},
  };
  for (auto [text, expected] : cases)
    EXPECT_EQ(parseExpr(text), expected) << text;
}

TEST(PyParser, TrailersCallsAndSubscripts) {
  std::pair<const char *, const char *> cases[] = {
      {"a.b.c", "(. (. a b) c)"},
      {"f()", "(call f)"},
      {"f(a, b, k=v, j=1,)", "(call f a b k=v j=1)"},
      {"f(a)(b)", "(call (call f a) b)"},
      {"T.Kernel(1, threads=128)", "(call (. T Kernel) 1 threads=128)"},
      {"f(\n  a,\n  k=[1],\n)", "(call f a k=(list 1))"},
      {"f(a == b, k=x if c else y)", "(call f (cmp a == b) k=(ifexp c x y))"},
      {"a[i]", "(sub a i)"},
      {"a[i, j]", "(sub a i j)"},
      {"a[i,]", "(sub a i)"},
      {"a[(i, j)]", "(sub a (tuple i j))"},
      {"a[lo:hi]", "(sub a (slice lo hi _))"},
      {"a[:]", "(sub a (slice _ _ _))"},
      {"a[::]", "(sub a (slice _ _ _))"},
      {"a[lo:]", "(sub a (slice lo _ _))"},
      {"a[:hi]", "(sub a (slice _ hi _))"},
      {"a[::2]", "(sub a (slice _ _ 2))"},
      {"a[..., 0:2]", "(sub a ... (slice 0 2 _))"},
      {"a[lo:hi:step]", "(sub a (slice lo hi step))"},
      {"a[1:2:3, :, i + 1]", "(sub a (slice 1 2 3) (slice _ _ _) (+ i 1))"},
      {"a[by * 2, k:k + 4]", "(sub a (* by 2) (slice k (+ k 4) _))"},
      {"a.b[c](d).e", "(. (call (sub (. a b) c) d) e)"},
      {"x[i][j]", "(sub (sub x i) j)"},
  };
  for (auto [text, expected] : cases)
    EXPECT_EQ(parseExpr(text), expected) << text;
}

TEST(PyParser, ExpressionLocations) {
  Source src("x + (a, b) * f(y)[1:2]");
  ASSERT_TRUE(src.toks);
  Parser p(*src.toks, src.diag);
  ExprP e = p.parseExpression();
  ASSERT_TRUE(e);
  EXPECT_EQ(src.lineCol(e->loc), "1:1");                 // BinOp at its left operand
  EXPECT_EQ(src.lineCol(e->b->loc), "1:5");              // (a, b) * ... at '('
  EXPECT_EQ(src.lineCol(e->b->a->loc), "1:5");           // Tuple at '('
  EXPECT_EQ(src.lineCol(e->b->b->loc), "1:14");          // Subscript at f
  EXPECT_EQ(src.lineCol(e->b->b->elts[0]->loc), "1:19"); // Slice at lo
  Source src2("f(k=1)");
  Parser p2(*src2.toks, src2.diag);
  ExprP call = p2.parseExpression();
  ASSERT_TRUE(call);
  EXPECT_EQ(src2.lineCol(call->keywords[0].loc), "1:3");
}

// Lambdas, `*` / `**` in calls, displays and parameters, dict comprehensions
// (the factory's Python evaluates them: autotuner configurations).
TEST(PyParser, LambdasStarsAndDictComprehensions) {
  std::pair<const char *, const char *> cases[] = {
      {"lambda: 0", "(lambda () 0)"},
      {"lambda x, y=2, *a, **k: x + y", "(lambda (x y=2 *a **k) (+ x y))"},
      {"sorted(c, key=lambda c: c[0])", "(call sorted c key=(lambda (c) (sub c 0)))"},
      {"f(1, *xs, k=2, **d)", "(call f 1 (* xs) (** d) k=2)"},
      {"[*a, 1]", "(list (* a) 1)"},
      {"(*a, b)", "(tuple (* a) b)"},
      {"{**base, \"x\": 1}", "(dict (** base):_ \"x\":1)"},
      {"{k: v for k, v in zip(a, b)}", "(dictcomp k:v (for (tuple k v) (call zip a b)))"},
      {"{80, 90,}", "(set 80 90)"},
      {"{a, *b}", "(set a (* b))"},
      {"{k for k in x if k}", "(setcomp k (for k x (if k)))"},
      {"{{1: 2}[1]: 3}", "(dict (sub (dict 1:2) 1):3)"},
      {"f'M={M} {{x}} {a + b!r:>8}' 'z'", "(fstr \"M=\" {M} \" {x} \" {(+ a b)!r:>8} \"z\")"},
      {"F\"{d['k']}{f(x, (1, 2))}\"", "(fstr {(sub d \"k\")} {(call f x (tuple 1 2))})"},
  };
  for (auto [text, want] : cases) {
    Source src(text);
    ASSERT_TRUE(src.toks) << text;
    Parser p(*src.toks, src.diag);
    ExprP e = p.parseExpression();
    ASSERT_TRUE(e) << text << ": " << src.out;
    EXPECT_EQ(dump(e.get()), want) << text;
  }
  Source def("def f(a, /, b, *args, c, d=1, **kw): pass\ndef g(a=1, *, b): pass\n");
  Parser pd(*def.toks, def.diag);
  auto mod = pd.parseModule();
  ASSERT_TRUE(mod) << def.out;
  const auto &ps = (*mod)[0]->params;
  ASSERT_EQ(ps.size(), 6u);
  EXPECT_EQ(ps[2].name, "args");
  EXPECT_EQ(ps[2].star, 1);
  EXPECT_EQ(ps[5].name, "kw");
  EXPECT_EQ(ps[5].star, 2);
  EXPECT_EQ(ps[3].star, 0);
  ASSERT_EQ((*mod)[1]->params.size(), 2u); // the bare `*` is no parameter
  EXPECT_EQ((*mod)[1]->params[1].name, "b");
}

// List and generator comprehensions (the factory's Python evaluates them),
// assert and raise.
TEST(PyParser, ComprehensionsAssertRaise) {
  Source src("[i * 2 for i, j in x if i if j for k in y]\n");
  ASSERT_TRUE(src.toks);
  Parser p(*src.toks, src.diag);
  ExprP e = p.parseExpression();
  ASSERT_TRUE(e) << src.out;
  EXPECT_EQ(e->kind, ExprKind::Comp);
  EXPECT_EQ(e->op, "list");
  EXPECT_EQ(e->a->kind, ExprKind::BinOp);
  ASSERT_EQ(e->generators.size(), 2u);
  EXPECT_EQ(e->generators[0].target->kind, ExprKind::Tuple);
  EXPECT_EQ(e->generators[0].ifs.size(), 2u);
  EXPECT_EQ(e->generators[1].iter->name, "y");

  Source gen("sum(x for x in range(3)), (y for y in z)\n");
  Parser pg(*gen.toks, gen.diag);
  ExprP t = pg.parseExpression();
  ASSERT_TRUE(t) << gen.out;
  ASSERT_EQ(t->elts.size(), 2u);
  EXPECT_EQ(t->elts[0]->elts[0]->kind, ExprKind::Comp);
  EXPECT_EQ(t->elts[0]->elts[0]->op, "gen");
  EXPECT_EQ(t->elts[1]->kind, ExprKind::Comp);
  EXPECT_EQ(gen.lineCol(t->elts[1]->loc), "1:27");

  Source stmts("assert M % 32 == 0, \"M\"\nassert ok\nraise ValueError(\"no\")\nraise\n");
  Parser ps(*stmts.toks, stmts.diag);
  auto mod = ps.parseModule();
  ASSERT_TRUE(mod) << stmts.out;
  ASSERT_EQ(mod->size(), 4u);
  EXPECT_EQ((*mod)[0]->kind, StmtKind::Assert);
  EXPECT_EQ((*mod)[0]->test->kind, ExprKind::Compare);
  EXPECT_EQ((*mod)[0]->value->str, "M");
  EXPECT_FALSE((*mod)[1]->value);
  EXPECT_EQ((*mod)[2]->kind, StmtKind::Raise);
  EXPECT_EQ((*mod)[2]->value->kind, ExprKind::Call);
  EXPECT_FALSE((*mod)[3]->value);
}

TEST(PyParser, ExpressionErrors) {
  std::pair<const char *, const char *> cases[] = {
      {"lambda x x", "test.py:1:10: error: expected ':' after lambda parameters"},
      {"lambda 1: 0", "test.py:1:8: error: expected a lambda parameter name"},
      {"lambda a, a: 0", "test.py:1:11: error: duplicate parameter 'a'"},
      {"{1, 2 3}", "test.py:1:7: error: expected '}' after set elements"},
      {"{*a: 1}", "test.py:1:4: error: unsupported syntax: starred dictionary key"},
      {"f'{x'", "test.py:1:1: error: f-string: expecting '}'"},
      {"f'x}'", "test.py:1:1: error: f-string: single '}' is not allowed"},
      {"f'{}'", "test.py:1:1: error: f-string: empty expression not allowed"},
      {"f'{x:{w}}'",
       "test.py:1:1: error: unsupported syntax: a replacement field inside an f-string's format "
       "spec"},
      {"f'{a b}'", "test.py:1:6: error: f-string: expecting '}'"},
      {"{*a for a in b}", "test.py:1:5: error: expected '}' after set elements"},
      {"a + *b", "test.py:1:5: error: unsupported syntax: starred expression"},
      {"(*a)", "test.py:1:4: error: unsupported syntax: starred expression outside a tuple"},
      {"[**k]", "test.py:1:2: error: unsupported syntax: '**' unpacking"},
      {"(y := 1)", "test.py:1:4: error: unsupported syntax: ':='"},
      {"f(y := 1)", "test.py:1:5: error: unsupported syntax: ':='"},
      {"yield x", "test.py:1:1: error: unsupported syntax: yield"},
      {"await x", "test.py:1:1: error: unsupported syntax: await"},
      {"f(k=1, a)", "test.py:1:8: error: positional argument follows keyword argument"},
      {"f(k=1, k=2)", "test.py:1:8: error: keyword argument repeated: 'k'"},
      {"f(a b)", "test.py:1:5: error: expected ')' after arguments"},
      {"(a b)", "test.py:1:4: error: expected ')' after expression"},
      {"(a, b c)", "test.py:1:7: error: expected ')' after tuple elements"},
      {"[a b]", "test.py:1:4: error: expected ']' after list elements"},
      {"{a: b c}", "test.py:1:7: error: expected '}' after dictionary entries"},
      {"{1: 2, 3}", "test.py:1:9: error: expected ':' after dictionary key"},
      {"a[1 2]", "test.py:1:5: error: expected ']' after subscript"},
      {"a[]", "test.py:1:3: error: expected an expression"},
      {"a.if", "test.py:1:3: error: expected an attribute name after '.'"},
      {"a +", "test.py:1:4: error: expected an expression"},
      {"a + )", "LEX ERROR test.py:1:5: error: unmatched ')'"},
      {"a + in", "test.py:1:5: error: expected an expression"},
      {"a if b", "test.py:1:7: error: expected 'else' in conditional expression"},
      {"b'a' 'b'", "test.py:1:6: error: cannot mix bytes and non-bytes literals"},
  };
  for (auto [text, expected] : cases)
    EXPECT_EQ(parseExpr(text), expected) << text;
}

TEST(PyParser, DottedName) {
  Source src("T.alloc_shared x f().y a.b.c 1");
  ASSERT_TRUE(src.toks);
  Parser p(*src.toks, src.diag);
  std::vector<std::string> names;
  while (p.cur().kind != TokKind::Newline) {
    ExprP e = p.parseExpression();
    ASSERT_TRUE(e);
    names.push_back(e->dottedName());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"T.alloc_shared", "x", "", "a.b.c", ""}));
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

TEST(PyParser, SimpleStatements) {
  EXPECT_EQ(parseModule("pass\nbreak\ncontinue\nreturn\nreturn a, b\nreturn x\n"),
            "pass; break; continue; (return); (return (tuple a b)); (return x)");
  EXPECT_EQ(parseModule("f(x)\n'doc'\n"), "(expr (call f x)); (expr \"doc\")");
  EXPECT_EQ(parseModule("x = 1\na = b = c\na, b = f()\n(a, b) = c, d\n[a, b] = c\n"
                        "x.y[i] = 2\nz = a, \n"),
            "(= x 1); (= a b c); (= (tuple a b) (call f)); (= (tuple a b) (tuple c d)); "
            "(= (list a b) c); (= (sub (. x y) i) 2); (= z (tuple a))");
  EXPECT_EQ(parseModule("x: T.int32 = e\ny: int\nz.w: T = 1, 2\n"),
            "(: x (. T int32) e); (: y int _); (: (. z w) T (tuple 1 2))");
  EXPECT_EQ(parseModule("x += 1\ny //= 2\nz **= 3\nw >>= a, b\na[i] -= 1\nb.c @= d\n"
                        "e *= 1\nf /= 1\ng %= 1\nh &= 1\ni |= 1\nj ^= 1\nk <<= 1\n"),
            "(+= x 1); (//= y 2); (**= z 3); (>>= w (tuple a b)); (-= (sub a i) 1); "
            "(@= (. b c) d); (*= e 1); (/= f 1); (%= g 1); (&= h 1); (|= i 1); (^= j 1); "
            "(<<= k 1)");
}

TEST(PyParser, AugAssignOp) {
  Source src("x //= 2\n");
  Parser p(*src.toks, src.diag);
  StmtP s = p.parseStatement();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kind, StmtKind::AugAssign);
  EXPECT_EQ(s->op, "//");
}

TEST(PyParser, Imports) {
  EXPECT_EQ(parseModule("import a.b as c, d\nimport tilelang.language as T\n"),
            "(import a.b as c, d); (import tilelang.language as T)");
  EXPECT_EQ(parseModule("from a.b import c as d, e\nfrom x import (a,\n  b as bb,)\n"
                        "from . import y\nfrom ..m.n import z\nfrom ... import w\n"),
            "(from a.b import c as d, e); (from x import a, b as bb); (from . import y); "
            "(from ..m.n import z); (from ... import w)");
  Source src("import a.b as c, d\n");
  Parser p(*src.toks, src.diag);
  StmtP s = p.parseStatement();
  ASSERT_TRUE(s);
  EXPECT_EQ(src.lineCol(s->names[1].loc), "1:18");
  EXPECT_EQ(s->names[0].alias, "c");
  EXPECT_EQ(s->names[1].alias, "");
}

TEST(PyParser, FunctionDef) {
  EXPECT_EQ(parseModule("@dec\n@a.b(1)\ndef f(a, b: int, c=1, d: T.float32 = 2.0,) -> T.int32:\n"
                        "    x = a\n    return x\n"
                        "def g(): pass\n"
                        "def h(\n    a,\n):\n    def inner(): return 1\n    return inner\n"),
            "(def f @dec @(call (. a b) 1) (a b:int c=1 d:(. T float32)=2) -> (. T int32) "
            "{(= x a); (return x)}); (def g () {pass}); "
            "(def h (a) {(def inner () {(return 1)}); (return inner)})");
  Source src("@dec\ndef f(x): pass\n");
  Parser p(*src.toks, src.diag);
  StmtP s = p.parseStatement();
  ASSERT_TRUE(s);
  EXPECT_EQ(src.lineCol(s->loc), "2:1"); // at `def`, as in Python's ast
  EXPECT_EQ(src.lineCol(s->decorators[0]->loc), "1:2");
  EXPECT_EQ(src.lineCol(s->params[0].loc), "2:7");
  EXPECT_TRUE(p.atEnd());
}

TEST(PyParser, CompoundStatements) {
  EXPECT_EQ(parseModule("for i in range(10):\n    x += i\nelse:\n    pass\n"),
            "(for i (call range 10) {(+= x i)} else {pass})");
  EXPECT_EQ(parseModule("for a, b in pairs:\n    pass\nfor (a, b) in p: pass\n"
                        "for (a) in x: pass\nfor a, in x: pass\nfor k in 1, 2: break\n"),
            "(for (tuple a b) pairs {pass}); (for (tuple a b) p {pass}); (for a x {pass}); "
            "(for (tuple a) x {pass}); (for k (tuple 1 2) {break})");
  EXPECT_EQ(parseModule("while x < 3:\n    x += 1\n    continue\nelse: pass\n"),
            "(while (cmp x < 3) {(+= x 1); continue} else {pass})");
  EXPECT_EQ(parseModule("if a:\n    pass\nelif b:\n    x = 1\nelif c: pass\nelse:\n    y = 2\n"),
            "(if a {pass} else {(if b {(= x 1)} else {(if c {pass} else {(= y 2)})})})");
  EXPECT_EQ(parseModule("if a: pass\nif b:\n    pass\nelse: return\n"),
            "(if a {pass}); (if b {pass} else {(return)})");
  EXPECT_EQ(parseModule("with a as b, c:\n    pass\nwith T.Kernel(1) as (bx, by): pass\n"
                        "with f() as self.x: pass\n"),
            "(with (a as b) (c) {pass}); (with ((call (. T Kernel) 1) as (tuple bx by)) {pass}); "
            "(with ((call f) as (. self x)) {pass})");
  EXPECT_EQ(parseModule("if a:\n    if b:\n        x = 1\n    y = 2\nz = 3\n"),
            "(if a {(if b {(= x 1)}); (= y 2)}); (= z 3)");
}

TEST(PyParser, StatementLocations) {
  Source src("if a:\n    x = 1\nelif b:\n    pass\n");
  Parser p(*src.toks, src.diag);
  StmtP s = p.parseStatement();
  ASSERT_TRUE(s);
  EXPECT_EQ(src.lineCol(s->loc), "1:1");
  EXPECT_EQ(src.lineCol(s->body[0]->loc), "2:5");
  EXPECT_EQ(src.lineCol(s->orelse[0]->loc), "3:1"); // the elif
  EXPECT_EQ(p.pos(), src.toks->size() - 1);
}

TEST(PyParser, StatementErrors) {
  std::pair<const char *, const char *> cases[] = {
      {"for i in x\n    pass\n", "test.py:1:11: error: expected ':' after 'for' header"},
      {"for 1 in x: pass\n", "test.py:1:5: error: expected a loop variable name"},
      {"for i of x: pass\n", "test.py:1:7: error: expected 'in' after 'for' target"},
      {"for (i j) in x: pass\n", "test.py:1:8: error: expected ')' after loop variables"},
      {"if x:\npass\n", "test.py:2:1: error: expected an indented block"},
      {"if x:\n", "test.py:2:1: error: expected an indented block"},
      {"while x\n  pass\n", "test.py:1:8: error: expected ':' after 'while' condition"},
      {"if x:\n  pass\nelif y\n  pass\n",
       "test.py:3:7: error: expected ':' after 'elif' condition"},
      {"if x: pass\nelse pass\n", "test.py:2:6: error: expected ':' after 'else'"},
      {"with a as b\n", "test.py:1:12: error: expected ':' after 'with' items"},
      {"with a as f(): pass\n", "test.py:1:11: error: cannot assign to function call"},
      {"x = 1\n    y = 2\n", "test.py:2:5: error: unexpected indent"},
      {"  x = 1\n", "test.py:1:3: error: unexpected indent"},
      {"class Foo:\n    pass\n", "test.py:1:1: error: unsupported syntax: 'class'"},
      {"try:\n    x = 1\nexcept E:\n    pass\n", "test.py:1:1: error: unsupported syntax: 'try'"},
      {"del x\n", "test.py:1:1: error: unsupported syntax: 'del'"},
      {"global x\n", "test.py:1:1: error: unsupported syntax: 'global'"},
      {"nonlocal x\n", "test.py:1:1: error: unsupported syntax: 'nonlocal'"},
      {"async def f(): pass\n", "test.py:1:1: error: unsupported syntax: 'async'"},
      {"lambda: 0\n", "test.py:1:1: error: unsupported syntax: 'lambda'"},
      {"yield 1\n", "test.py:1:1: error: unsupported syntax: 'yield'"},
      {"else:\n  pass\n", "test.py:1:1: error: unexpected 'else'"},
      {"x = 1; y = 2\n", "test.py:1:6: error: unsupported syntax: ';'"},
      {"x = 1 2\n", "test.py:1:7: error: expected a newline after statement"},
      {"return 1 2\n", "test.py:1:10: error: expected a newline after statement"},
      {"if x: for y in z: pass\n",
       "test.py:1:7: error: a compound statement cannot follow ':' on the same line"},
      {"def f(**kw, a): pass\n", "test.py:1:13: error: no parameter may follow '**kw'"},
      {"def f(*a=1): pass\n", "test.py:1:9: error: a '*' or '**' parameter cannot have a default"},
      {"def f(a=1, b): pass\n",
       "test.py:1:12: error: parameter without a default follows parameter with a default"},
      {"def f(a, a): pass\n", "test.py:1:10: error: duplicate parameter 'a'"},
      {"def f(a b): pass\n", "test.py:1:9: error: expected ')' after parameters"},
      {"def f(1): pass\n", "test.py:1:7: error: expected a parameter name"},
      {"def (a): pass\n", "test.py:1:5: error: expected a function name after 'def'"},
      {"def f: pass\n", "test.py:1:6: error: expected '(' after function name"},
      {"def f() pass\n", "test.py:1:9: error: expected ':' after function signature"},
      {"def f():\n    x = (1 +)\n", "test.py:2:13: error: expected an expression"},
      {"@dec\nx = 1\n", "test.py:2:1: error: expected 'def' after decorator"},
      {"@dec\nclass A: pass\n", "test.py:2:1: error: unsupported syntax: 'class'"},
      {"@dec x\ndef f(): pass\n", "test.py:1:6: error: expected a newline after decorator"},
      {"f() = 1\n", "test.py:1:1: error: cannot assign to function call"},
      {"1 = x\n", "test.py:1:1: error: cannot assign to literal"},
      {"a + b = c\n", "test.py:1:1: error: cannot assign to expression"},
      {"a, f() = x\n", "test.py:1:4: error: cannot assign to function call"},
      {"a = b = 1 = c\n", "test.py:1:9: error: cannot assign to literal"},
      {"(a, b): int = 1\n",
       "test.py:1:1: error: only a single name, attribute or subscript can be annotated"},
      {"a, b += 1\n", "test.py:1:1: error: invalid target for augmented assignment"},
      {"import\n", "test.py:1:7: error: expected a module name"},
      {"import a.\n", "test.py:1:10: error: expected a name after '.'"},
      {"import a as 1\n", "test.py:1:13: error: expected a name after 'as'"},
      {"from x import *\n", "test.py:1:15: error: unsupported syntax: 'import *'"},
      {"from x imp y\n", "test.py:1:8: error: expected 'import' after module name"},
      {"from x import a,\n", "test.py:1:17: error: expected a name to import"},
      {"from x import (a b)\n", "test.py:1:18: error: expected ')' after imported names"},
  };
  for (auto [text, expected] : cases)
    EXPECT_EQ(parseModule(text), expected) << text;
}

//===----------------------------------------------------------------------===//
// statementEnd
//===----------------------------------------------------------------------===//

/// Walks `src` statement by statement with statementEnd(); returns the
/// line of each statement's first token.
std::vector<unsigned> statementLines(Source &src) {
  Parser p(*src.toks, src.diag);
  std::vector<unsigned> lines;
  size_t i = 0;
  while (p.tok(i).kind != TokKind::End) {
    lines.push_back(src.sm.getLineAndColumn(p.tok(i).loc).first);
    size_t next = p.statementEnd(i);
    EXPECT_GT(next, i);
    i = next;
  }
  return lines;
}

TEST(PyParser, StatementEnd) {
  Source src("@dec\n"             // 1
             "@dec2(1,\n"         // 2
             "      2)\n"         // 3
             "def f():\n"         // 4
             "    if x:\n"        // 5
             "        pass\n"     // 6
             "    return 1\n"     // 7
             "if a:\n"            // 8
             "    pass\n"         // 9
             "elif b:\n"          // 10
             "    pass\n"         // 11
             "else:\n"            // 12
             "    pass\n"         // 13
             "try:\n"             // 14
             "    x = 1\n"        // 15
             "except E as e:\n"   // 16
             "    pass\n"         // 17
             "finally:\n"         // 18
             "    pass\n"         // 19
             "class Foo:\n"       // 20
             "    def m(self):\n" // 21
             "        return [i for i in range(3)]\n"
             "x = 1\n"                 // 23
             "for i in y: pass\n"      // 24
             "else: pass\n"            // 25
             "if c: pass\n"            // 26
             "g = lambda q: q + 1\n"); // 27
  ASSERT_TRUE(src.toks);
  EXPECT_EQ(statementLines(src), (std::vector<unsigned>{1, 8, 14, 20, 23, 24, 26, 27}));

  // Nested: `if x:` inside f ends at `return 1`; `return 1` ends at the
  // Dedent closing f's body.
  Parser p(*src.toks, src.diag);
  const std::vector<Token> &t = *src.toks;
  size_t ifX = 0;
  while (!t[ifX].isName("if"))
    ++ifX;
  size_t afterIf = p.statementEnd(ifX);
  EXPECT_TRUE(t[afterIf].isName("return"));
  size_t afterReturn = p.statementEnd(afterIf);
  EXPECT_EQ(t[afterReturn].kind, TokKind::Dedent);
  EXPECT_EQ(p.statementEnd(afterReturn), afterReturn + 1);
  EXPECT_EQ(p.statementEnd(t.size() - 1), t.size() - 1);
  EXPECT_EQ(p.statementEnd(t.size() + 5), t.size() + 5); // past the end: End
}

TEST(PyParser, StatementEndWithUnexpectedIndent) {
  // An indented block after a simple statement belongs to that statement.
  Source src("x = 1\n    y = 2\n    z = 3\nw = 4\n");
  ASSERT_TRUE(src.toks);
  EXPECT_EQ(statementLines(src), (std::vector<unsigned>{1, 4}));
  // Started at the Indent itself (where the parser reports "unexpected
  // indent"), it skips the indented block.
  Parser p(*src.toks, src.diag);
  ASSERT_EQ((*src.toks)[4].kind, TokKind::Indent);
  size_t end = p.statementEnd(4);
  EXPECT_TRUE((*src.toks)[end].isName("w"));
  EXPECT_EQ((*src.toks)[end - 1].kind, TokKind::Dedent);
}

//===----------------------------------------------------------------------===//
// Whole files
//===----------------------------------------------------------------------===//

constexpr const char *kMatmul = R"(import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K, dtype="float16", accum_dtype="float"):
    @T.prim_func
    def gemm(
            A: T.Tensor((M, K), dtype),
            B: T.Tensor((K, N), dtype),
            C: T.Tensor((M, N), dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=3):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.gemm(A_shared, B_shared, C_local, transpose_B=True)
            T.copy(C_local, C[by * block_M, bx * block_N])
    return gemm
)";

TEST(PyParser, TileLangMatmul) {
  Source src(kMatmul);
  ASSERT_TRUE(src.toks) << src.out;
  Parser p(*src.toks, src.diag);
  auto stmts = p.parseModule();
  ASSERT_TRUE(stmts) << src.out;
  EXPECT_EQ(src.diag.errorCount(), 0u);
  ASSERT_EQ(stmts->size(), 3u);
  EXPECT_EQ(dump(*(*stmts)[0]), "(import tilelang)");
  EXPECT_EQ(dump(*(*stmts)[1]), "(import tilelang.language as T)");

  const Stmt &matmul = *(*stmts)[2];
  ASSERT_EQ(matmul.kind, StmtKind::FunctionDef);
  EXPECT_EQ(matmul.name, "matmul");
  EXPECT_EQ(src.lineCol(matmul.loc), "5:1");
  ASSERT_EQ(matmul.decorators.size(), 1u);
  EXPECT_EQ(dump(matmul.decorators[0].get()), "(call (. tilelang jit) out_idx=(list (- 1)))");
  ASSERT_EQ(matmul.params.size(), 8u);
  EXPECT_EQ(matmul.params[6].name, "dtype");
  EXPECT_EQ(dump(matmul.params[6].defaultValue.get()), "\"float16\"");
  ASSERT_EQ(matmul.body.size(), 2u);
  EXPECT_EQ(dump(*matmul.body[1]), "(return gemm)");

  const Stmt &gemm = *matmul.body[0];
  ASSERT_EQ(gemm.kind, StmtKind::FunctionDef);
  EXPECT_EQ(gemm.decorators[0]->dottedName(), "T.prim_func");
  ASSERT_EQ(gemm.params.size(), 3u);
  EXPECT_EQ(dump(gemm.params[2].annotation.get()), "(call (. T Tensor) (tuple M N) dtype)");
  EXPECT_EQ(src.lineCol(gemm.params[1].loc), "9:13");
  ASSERT_EQ(gemm.body.size(), 1u);

  const Stmt &with = *gemm.body[0];
  ASSERT_EQ(with.kind, StmtKind::With);
  EXPECT_EQ(dump(with.items[0].context.get()),
            "(call (. T Kernel) (call (. T ceildiv) N block_N) (call (. T ceildiv) M block_M) "
            "threads=128)");
  EXPECT_EQ(dump(with.items[0].target.get()), "(tuple bx by)");
  ASSERT_EQ(with.body.size(), 5u);
  EXPECT_EQ(dump(*with.body[0]),
            "(= A_shared (call (. T alloc_shared) (tuple block_M block_K) dtype))");
  EXPECT_EQ(with.body[0]->value->a->dottedName(), "T.alloc_shared");
  EXPECT_EQ(dump(*with.body[2]), "(expr (call (. T clear) C_local))");
  EXPECT_EQ(dump(*with.body[3]),
            "(for k (call (. T Pipelined) (call (. T ceildiv) K block_K) num_stages=3) "
            "{(expr (call (. T copy) (sub A (* by block_M) (* k block_K)) A_shared)); "
            "(expr (call (. T gemm) A_shared B_shared C_local transpose_B=True))})");
  EXPECT_EQ(dump(*with.body[4]),
            "(expr (call (. T copy) C_local (sub C (* by block_M) (* bx block_N))))");
  EXPECT_EQ(src.lineCol(with.body[4]->loc), "19:13");
}

TEST(PyParser, HostCodeIsSkippable) {
  Source src("import torch\n"
             "class Foo:\n"
             "    def __init__(self):\n"
             "        self.x = 1\n"
             "x = [i for i in range(3)]\n"
             "try:\n"
             "    y = f\"{x}\"\n"
             "except Exception:\n"
             "    pass\n"
             "g = lambda a: a + 1\n"
             "print(f\"result: {x!r}\")\n"
             "def h(*args, **kw):\n"
             "    return args\n"
             "z = 1\n");
  ASSERT_TRUE(src.toks) << src.out;
  Parser p(*src.toks, src.diag);
  std::vector<std::string> results;
  size_t i = 0;
  while (p.tok(i).kind != TokKind::End) {
    size_t end = p.statementEnd(i);
    p.setPos(i);
    src.out.clear();
    StmtP s = p.parseStatement();
    if (s) {
      EXPECT_EQ(p.pos(), end);
      results.push_back(dump(*s));
    } else {
      results.push_back(src.firstError());
    }
    i = end;
  }
  EXPECT_EQ(results, (std::vector<std::string>{
                         "(import torch)",
                         "test.py:2:1: error: unsupported syntax: 'class'",
                         "(= x (listcomp i (for i (call range 3))))",
                         "test.py:6:1: error: unsupported syntax: 'try'",
                         "(= g (lambda (a) (+ a 1)))",
                         "(expr (call print (fstr \"result: \" {x!r})))",
                         "(def h (*args **kw) {(return args)})",
                         "(= z 1)",
                     }));
  EXPECT_EQ(src.diag.errorCount(), 2u);
}

TEST(PyParser, SuppressedSpeculativeParse) {
  Source src("class A: pass\nx = 1\n");
  Parser p(*src.toks, src.diag);
  {
    SuppressDiagnostics quiet(src.diag);
    EXPECT_FALSE(p.parseStatement());
    EXPECT_TRUE(quiet.failed());
  }
  EXPECT_EQ(src.out, "");
  p.setPos(p.statementEnd(0));
  StmtP s = p.parseStatement();
  ASSERT_TRUE(s);
  EXPECT_EQ(dump(*s), "(= x 1)");
}

//===----------------------------------------------------------------------===//
// Robustness
//===----------------------------------------------------------------------===//

/// Lexes and parses `text` in every way the frontend does; any failure must
/// come with exactly one error. Returns the first error or "".
std::string exercise(std::string_view text) {
  Source src(text);
  if (!src.toks) {
    EXPECT_EQ(src.diag.errorCount(), 1u) << text;
    return src.firstError();
  }
  Parser p(*src.toks, src.diag);
  auto stmts = p.parseModule();
  EXPECT_EQ(src.diag.errorCount(), stmts ? 0u : 1u) << text;
  std::string first = src.firstError();
  for (size_t i = 0; p.tok(i).kind != TokKind::End;) {
    size_t next = p.statementEnd(i);
    if (next <= i) {
      ADD_FAILURE() << "statementEnd does not advance: " << text;
      break;
    }
    p.setPos(i);
    {
      SuppressDiagnostics quiet(src.diag);
      p.parseStatement();
    }
    i = next;
  }
  return first;
}

TEST(PyParser, DeepNestingIsAnError) {
  std::string parens = std::string(1000, '(') + "x" + std::string(1000, ')');
  EXPECT_EQ(exercise(parens), "test.py:1:400: error: nesting is too deep");
  // Nesting counts the statement and the expression: the 399th '-' fails.
  EXPECT_EQ(exercise(std::string(100000, '-') + "x"), "test.py:1:399: error: nesting is too deep");
  std::string powers;
  for (int i = 0; i < 1000; ++i)
    powers += "x**";
  EXPECT_EQ(exercise(powers + "x"), "test.py:1:1198: error: nesting is too deep");
  std::string sum = "a";
  for (int i = 0; i < 20000; ++i)
    sum += "+a";
  EXPECT_EQ(exercise(sum), "test.py:1:20002: error: expression is too long");
  std::string blocks;
  for (int i = 0; i < 500; ++i)
    blocks += std::string(i, ' ') + "if x:\n";
  blocks += std::string(500, ' ') + "pass\n";
  EXPECT_EQ(exercise(blocks), "test.py:400:403: error: nesting is too deep");
  // Long flat constructs are fine.
  std::string elifs = "if a: pass\n";
  for (int i = 0; i < 5000; ++i)
    elifs += "elif a: pass\n";
  EXPECT_EQ(exercise(elifs), "");
  std::string ifexps = "x = a";
  for (int i = 0; i < 300; ++i)
    ifexps += " if a else a";
  EXPECT_EQ(exercise(ifexps), "");
}

TEST(PyParser, EveryPrefixOfAFileIsHandled) {
  std::string text = std::string(kMatmul) +
                     "class Foo:\n    x = [i for i in range(3)]  # c\n"
                     "s = '''a\n'b''' \\\n  + rb'\\x'\ntry:\n  pass\nexcept E:\n  pass\n";
  EXPECT_EQ(exercise(text), "test.py:21:1: error: unsupported syntax: 'class'");
  for (size_t n = 0; n < text.size(); ++n)
    exercise(std::string_view(text).substr(0, n));
}

TEST(PyParser, RandomInputTerminates) {
  const char *pieces[] = {"x",  "1",   "0x",     "2.5", "'s'",  "\"",  "'''",  "(",    ")",  "[",
                          "]",  "{",   "}",      ",",   ":",    "=",   "+",    "**",   "\n", "  ",
                          "\t", "#c",  "\\",     "if ", "for ", "in ", "else", "def ", "@",  "with",
                          "as", "not", "lambda", ".",   "*",    ";",   "é",    "\r",   "b'", "->"};
  std::mt19937 rng(1234);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (int n = rng() % 40; n > 0; --n)
      text += pieces[rng() % std::size(pieces)];
    exercise(text);
  }
}

} // namespace
