//===- syntax/PyLexer.cpp - Python 3 tokenizer ----------------------------===//
//
// Turns a whole Python source buffer into tokens following the Python 3
// lexical rules: a UTF-8 byte order mark at the start skipped, logical
// lines (NEWLINE only after lines with tokens), INDENT/DEDENT from leading
// whitespace (CPython's TabError when the meaning of the indentation depends
// on the size of a tab), implicit line joining inside brackets, `\` continuation, comments,
// int/float literals with `_` separators and 0x/0o/0b prefixes, and every string form (prefixes
// r/b/f/u/rb/br/fr/rf, single/double/triple quotes, escape decoding).
// The first lexical error is reported with its location and stops lexing.
//
//===----------------------------------------------------------------------===//

#include "support/Diagnostics.h"
#include "syntax/PyAST.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdlib>
#include <tuple>

using namespace ttllc;
using namespace ttllc::py;

namespace {

bool isIdentStart(char c) { return llvm::isAlpha(c) || c == '_'; }
bool isIdentChar(char c) { return llvm::isAlnum(c) || c == '_'; }
bool isBinDigit(char c) { return c == '0' || c == '1'; }
bool isOctDigit(char c) { return c >= '0' && c <= '7'; }
bool isDecDigit(char c) { return llvm::isDigit(c); }
bool isHexDigit(char c) { return llvm::isHexDigit(c); }

/// True when `prefix` (the identifier just before a quote) is a valid string
/// prefix: r, u, b, f, br, rb, fr, rf in any letter case.
bool isStringPrefix(std::string_view prefix) {
  std::string lower = llvm::StringRef(prefix).lower();
  return lower == "r" || lower == "u" || lower == "b" || lower == "f" || lower == "br" ||
         lower == "rb" || lower == "fr" || lower == "rf";
}

// Operators and delimiters, longest first so that the first match wins.
constexpr std::string_view kOperators[] = {
    "**=", "//=", ">>=", "<<=", "...", "**", "//", ">>", "<<", "<=", ">=", "==",
    "!=",  "->",  "+=",  "-=",  "*=",  "/=", "%=", "&=", "|=", "^=", "@=", ":=",
    "+",   "-",   "*",   "/",   "%",   "@",  "&",  "|",  "^",  "~",  "<",  ">",
    "(",   ")",   "[",   "]",   "{",   "}",  ",",  ":",  ".",  ";",  "=",
};

class Lexer {
public:
  Lexer(llvm::SourceMgr &sm, unsigned bufferId, Diagnostics &diag) : diag_(diag) {
    llvm::StringRef buf = sm.getMemoryBuffer(bufferId)->getBuffer();
    // A UTF-8 byte order mark at the start is not part of the source (as in
    // CPython).
    buf.consume_front("\xEF\xBB\xBF");
    cur_ = buf.begin();
    end_ = buf.end();
  }

  std::optional<std::vector<Token>> run();

private:
  /// The character at `p`, or 0 at the end of the buffer.
  char at(const char *p) const { return p < end_ ? *p : 0; }
  bool error(const char *p, const llvm::Twine &msg) {
    diag_.error(llvm::SMLoc::getFromPointer(p), msg);
    return false;
  }
  Token &push(TokKind kind, const char *begin, const char *end) {
    Token &tok = toks_.emplace_back();
    tok.kind = kind;
    tok.text = std::string_view(begin, end - begin);
    tok.loc = llvm::SMLoc::getFromPointer(begin);
    return tok;
  }

  bool indentLine(unsigned col, unsigned altCol);
  bool lexToken();
  bool lexNumber();
  bool lexString(const char *start, const char *quote);
  bool lexEscape(const char *&p, bool bytes, std::string &out);
  bool lexOperator();
  const char *scanDigits(const char *p, bool (*isDigit)(char), const char *start, const char *what);

  Diagnostics &diag_;
  const char *cur_;
  const char *end_;
  std::vector<Token> toks_;
  std::vector<unsigned> indents_{0};    // indentation columns, tabs to multiples of 8
  std::vector<unsigned> altIndents_{0}; // the same with every tab one column wide
  std::vector<const char *> brackets_;  // open brackets, innermost last
  bool lineHasTokens_ = false;          // current logical line has tokens
};

/// Emits INDENT/DEDENT for a logical line whose first token is at cur_ and
/// whose indentation is `col` with tabs to the next multiple of 8 and
/// `altCol` with tabs one column wide. As in CPython, the two must order the
/// line the same way against the enclosing levels, or the meaning of the
/// indentation depends on the tab size (TabError).
bool Lexer::indentLine(unsigned col, unsigned altCol) {
  auto tabError = [&] { return error(cur_, "inconsistent use of tabs and spaces in indentation"); };
  if (col == indents_.back())
    return altCol == altIndents_.back() || tabError();
  if (col > indents_.back()) {
    if (altCol <= altIndents_.back())
      return tabError();
    indents_.push_back(col);
    altIndents_.push_back(altCol);
    push(TokKind::Indent, cur_, cur_);
    return true;
  }
  while (col < indents_.back()) {
    indents_.pop_back();
    altIndents_.pop_back();
    if (col > indents_.back())
      return error(cur_, "unindent does not match any outer indentation level");
    push(TokKind::Dedent, cur_, cur_);
  }
  return altCol == altIndents_.back() || tabError();
}

std::optional<std::vector<Token>> Lexer::run() {
  bool atLineStart = true;
  while (true) {
    if (atLineStart) {
      atLineStart = false;
      if (brackets_.empty()) {
        unsigned col = 0, altCol = 0;
        for (; cur_ != end_; ++cur_) {
          if (*cur_ == ' ') {
            ++col;
            ++altCol;
          } else if (*cur_ == '\t') {
            col = (col / 8 + 1) * 8;
            ++altCol;
          } else if (*cur_ == '\f') {
            col = altCol = 0;
          } else {
            break;
          }
        }
        char c = at(cur_);
        bool blank = cur_ == end_ || c == '#' || c == '\n' || c == '\r';
        if (!blank && !indentLine(col, altCol))
          return std::nullopt;
      }
    }
    while (cur_ != end_ && (*cur_ == ' ' || *cur_ == '\t' || *cur_ == '\f'))
      ++cur_;
    if (cur_ == end_)
      break;
    char c = *cur_;
    if (c == '#') {
      while (cur_ != end_ && *cur_ != '\n' && *cur_ != '\r')
        ++cur_;
      continue;
    }
    if (c == '\n' || c == '\r') {
      const char *nl = cur_;
      cur_ += (c == '\r' && at(cur_ + 1) == '\n') ? 2 : 1;
      if (brackets_.empty()) {
        if (lineHasTokens_)
          push(TokKind::Newline, nl, cur_);
        lineHasTokens_ = false;
        atLineStart = true;
      }
      continue;
    }
    if (c == '\\') {
      char next = at(cur_ + 1);
      if (cur_ + 1 == end_) {
        error(cur_, "unexpected end of file after line continuation character");
        return std::nullopt;
      }
      if (next != '\n' && next != '\r') {
        error(cur_, "unexpected character after line continuation character");
        return std::nullopt;
      }
      cur_ += (next == '\r' && at(cur_ + 2) == '\n') ? 3 : 2;
      continue;
    }
    lineHasTokens_ = true;
    if (!lexToken())
      return std::nullopt;
  }
  if (!brackets_.empty()) {
    error(brackets_.back(), "'" + llvm::Twine(*brackets_.back()) + "' was never closed");
    return std::nullopt;
  }
  if (lineHasTokens_)
    push(TokKind::Newline, end_, end_);
  for (; indents_.size() > 1; indents_.pop_back())
    push(TokKind::Dedent, end_, end_);
  push(TokKind::End, end_, end_);
  return std::move(toks_);
}

/// Lexes the token starting at cur_ (not whitespace, newline or comment).
bool Lexer::lexToken() {
  char c = *cur_;
  if (isIdentStart(c)) {
    const char *start = cur_;
    const char *p = cur_;
    while (p != end_ && isIdentChar(*p))
      ++p;
    if ((at(p) == '\'' || at(p) == '"') && isStringPrefix(std::string_view(start, p - start)))
      return lexString(start, p);
    push(TokKind::Name, start, p);
    cur_ = p;
    return true;
  }
  if (isDecDigit(c) || (c == '.' && isDecDigit(at(cur_ + 1))))
    return lexNumber();
  if (c == '\'' || c == '"')
    return lexString(cur_, cur_);
  return lexOperator();
}

/// Scans `digit ('_'? digit)*` from `p`, which must point at a digit.
/// Returns the end of the digits, or null after reporting a misplaced `_`
/// ("invalid <what> literal" at `start`).
const char *Lexer::scanDigits(const char *p, bool (*isDigit)(char), const char *start,
                              const char *what) {
  while (true) {
    ++p;
    if (at(p) == '_') {
      ++p;
      if (!isDigit(at(p))) {
        error(start, llvm::Twine("invalid ") + what + " literal");
        return nullptr;
      }
    } else if (!isDigit(at(p))) {
      return p;
    }
  }
}

bool Lexer::lexNumber() {
  const char *start = cur_;
  char base = at(start + 1) | 0x20; // lower case
  if (*start == '0' && (base == 'x' || base == 'o' || base == 'b')) {
    auto [radix, isDigit, what] = base == 'x'   ? std::tuple(16u, &isHexDigit, "hexadecimal")
                                  : base == 'o' ? std::tuple(8u, &isOctDigit, "octal")
                                                : std::tuple(2u, &isBinDigit, "binary");
    const char *p = start + 2;
    if (at(p) == '_')
      ++p;
    if (!isDigit(at(p)))
      return error(start, llvm::Twine("invalid ") + what + " literal");
    const char *digitsBegin = p;
    p = scanDigits(p, isDigit, start, what);
    if (!p)
      return false;
    if (isIdentChar(at(p)))
      return error(start, llvm::Twine("invalid ") + what + " literal");
    uint64_t value = 0;
    for (const char *q = digitsBegin; q != p; ++q) {
      if (*q == '_')
        continue;
      unsigned digit = llvm::hexDigitValue(*q);
      if (value > (uint64_t(INT64_MAX) - digit) / radix)
        return error(start, "integer literal is too large for int64");
      value = value * radix + digit;
    }
    Token &tok = push(TokKind::Int, start, p);
    tok.intValue = int64_t(value);
    cur_ = p;
    return true;
  }

  const char *p = start;
  bool isFloat = false;
  if (isDecDigit(*p) && !(p = scanDigits(p, isDecDigit, start, "decimal")))
    return false;
  if (at(p) == '.') {
    isFloat = true;
    ++p;
    if (isDecDigit(at(p)) && !(p = scanDigits(p, isDecDigit, start, "decimal")))
      return false;
  }
  if ((at(p) | 0x20) == 'e') {
    const char *q = p + 1;
    if (at(q) == '+' || at(q) == '-')
      ++q;
    if (!isDecDigit(at(q)))
      return error(start, "invalid decimal literal");
    isFloat = true;
    if (!(p = scanDigits(q, isDecDigit, start, "decimal")))
      return false;
  }
  if ((at(p) | 0x20) == 'j')
    return error(start, "imaginary literals are not supported");
  if (isIdentChar(at(p)))
    return error(start, "invalid decimal literal");

  std::string digits;
  for (const char *q = start; q != p; ++q)
    if (*q != '_')
      digits += *q;
  Token &tok = push(isFloat ? TokKind::Float : TokKind::Int, start, p);
  cur_ = p;
  if (isFloat) {
    // strtod overflows to HUGE_VAL and underflows to 0, like Python.
    tok.floatValue = std::strtod(digits.c_str(), nullptr);
    return true;
  }
  if (digits.size() > 1 && digits[0] == '0' && digits.find_first_not_of('0') != std::string::npos)
    return error(start, "leading zeros in decimal integer literals are not permitted");
  uint64_t value = 0;
  for (char d : digits) {
    unsigned digit = d - '0';
    if (value > (uint64_t(INT64_MAX) - digit) / 10)
      return error(start, "integer literal is too large for int64");
    value = value * 10 + digit;
  }
  tok.intValue = int64_t(value);
  return true;
}

/// Decodes the escape sequence at `p` (a backslash, not at the end of the
/// buffer) of a non-raw string into `out` and advances `p` past it.
bool Lexer::lexEscape(const char *&p, bool bytes, std::string &out) {
  const char *backslash = p;
  char c = p[1];
  // Appends a code point: as one byte in bytes literals, UTF-8 otherwise.
  auto append = [&](uint32_t cp, const char *what) {
    if (bytes) {
      out += char(cp & 0xff);
      return true;
    }
    char utf8[UNI_MAX_UTF8_BYTES_PER_CODE_POINT];
    char *e = utf8;
    if (!llvm::ConvertCodePointToUTF8(cp, e))
      return error(backslash, llvm::Twine("invalid \\") + what + " escape");
    out.append(utf8, e);
    return true;
  };
  // Reads exactly `n` hex digits after the escape letter.
  auto hex = [&](unsigned n, const char *what) {
    uint32_t cp = 0;
    for (unsigned i = 0; i < n; ++i) {
      char d = at(p + 2 + i);
      if (!isHexDigit(d))
        return error(backslash, llvm::Twine("invalid \\") + what + " escape");
      cp = cp * 16 + llvm::hexDigitValue(d);
    }
    p += 2 + n;
    return append(cp, what);
  };
  switch (c) {
  case '\n':
    p += 2;
    return true;
  case '\r':
    p += at(p + 2) == '\n' ? 3 : 2;
    return true;
  case '\\':
  case '\'':
  case '"':
    out += c;
    p += 2;
    return true;
  case 'a':
    out += '\a';
    p += 2;
    return true;
  case 'b':
    out += '\b';
    p += 2;
    return true;
  case 'f':
    out += '\f';
    p += 2;
    return true;
  case 'n':
    out += '\n';
    p += 2;
    return true;
  case 'r':
    out += '\r';
    p += 2;
    return true;
  case 't':
    out += '\t';
    p += 2;
    return true;
  case 'v':
    out += '\v';
    p += 2;
    return true;
  case 'x':
    return hex(2, "x");
  case 'u':
  case 'U':
    if (bytes)
      break;
    return hex(c == 'u' ? 4 : 8, c == 'u' ? "u" : "U");
  default:
    if (isOctDigit(c)) {
      uint32_t cp = 0;
      ++p;
      for (unsigned i = 0; i < 3 && isOctDigit(at(p)); ++i, ++p)
        cp = cp * 8 + (*p - '0');
      return append(cp, "octal");
    }
    break;
  }
  // Unknown escape: the backslash is kept and the next character is lexed
  // normally.
  out += '\\';
  ++p;
  return true;
}

/// Lexes a string literal whose prefix starts at `start` and whose opening
/// quote is at `quote`.
bool Lexer::lexString(const char *start, const char *quote) {
  std::string prefix = llvm::StringRef(start, quote - start).lower();
  bool raw = prefix.find('r') != std::string::npos;
  bool bytes = prefix.find('b') != std::string::npos;
  char q = *quote;
  bool triple = at(quote + 1) == q && at(quote + 2) == q;
  const char *p = quote + (triple ? 3 : 1);
  std::string value;
  while (true) {
    if (p == end_)
      return error(start, triple ? "unterminated triple-quoted string" : "unterminated string");
    char c = *p;
    if (c == q) {
      if (!triple) {
        ++p;
        break;
      }
      if (at(p + 1) == q && at(p + 2) == q) {
        p += 3;
        break;
      }
    }
    if (c == '\n' || c == '\r') {
      if (!triple)
        return error(start, "unterminated string");
      // Source newlines inside a string read as "\n", as in Python.
      value += '\n';
      p += (c == '\r' && at(p + 1) == '\n') ? 2 : 1;
      continue;
    }
    if (c == '\\' && p + 1 != end_) {
      if (raw) {
        // A raw backslash keeps the next character, which therefore cannot
        // close or end the string.
        value += '\\';
        ++p;
        if (*p == '\n' || *p == '\r') {
          value += '\n';
          p += (*p == '\r' && at(p + 1) == '\n') ? 2 : 1;
        } else {
          value += *p++;
        }
      } else if (!lexEscape(p, bytes, value)) {
        return false;
      }
      continue;
    }
    value += c;
    ++p;
  }
  Token &tok = push(TokKind::String, start, p);
  tok.strValue = std::move(value);
  cur_ = p;
  return true;
}

bool Lexer::lexOperator() {
  std::string_view rest(cur_, end_ - cur_);
  for (std::string_view op : kOperators) {
    if (!rest.starts_with(op))
      continue;
    char c = op[0];
    if (op.size() == 1 && (c == '(' || c == '[' || c == '{')) {
      brackets_.push_back(cur_);
    } else if (op.size() == 1 && (c == ')' || c == ']' || c == '}')) {
      if (brackets_.empty())
        return error(cur_, "unmatched '" + llvm::Twine(c) + "'");
      char open = *brackets_.back();
      char expected = open == '(' ? ')' : open == '[' ? ']' : '}';
      if (c != expected)
        return error(cur_, "closing bracket '" + llvm::Twine(c) +
                               "' does not match opening bracket '" + llvm::Twine(open) + "'");
      brackets_.pop_back();
    }
    push(TokKind::Op, cur_, cur_ + op.size());
    cur_ += op.size();
    return true;
  }
  unsigned char c = *cur_;
  if (c >= 0x80)
    return error(cur_, "unexpected non-ASCII character");
  if (llvm::isPrint(c))
    return error(cur_, "unexpected character '" + llvm::Twine(char(c)) + "'");
  return error(cur_, "unexpected character 0x" + llvm::utohexstr(c, /*LowerCase=*/true, 2));
}

} // namespace

std::optional<std::vector<Token>> ttllc::py::lex(llvm::SourceMgr &sm, unsigned bufferId,
                                                 Diagnostics &diag) {
  return Lexer(sm, bufferId, diag).run();
}
