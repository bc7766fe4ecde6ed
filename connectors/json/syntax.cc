// Recursive descent over the RFC 8259 grammar, keeping the path of keys and
// indexes so an error can name the value it sits in. Kept independent of
// simdjson on purpose: it is the second opinion the codec asks for when
// simdjson says no.
#include "connectors/json/syntax.h"

#include <charconv>
#include <cstdint>
#include <system_error>

namespace leye::json_internal {

void AppendPointerToken(std::string* pointer, std::string_view token) {
  pointer->push_back('/');
  for (char c : token) {
    if (c == '~') {
      pointer->append("~0");
    } else if (c == '/') {
      pointer->append("~1");
    } else {
      pointer->push_back(c);
    }
  }
}

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the well-formed UTF-8 sequence at s[pos] (RFC 3629: no overlong
// forms, no surrogates, at most U+10FFFF), or 0 when it is not one.
size_t Utf8SequenceLength(std::string_view s, size_t pos) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[pos + i]); };
  const size_t left = s.size() - pos;
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  const auto cont = [&](size_t i) { return i < left && (b(i) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// True when the digit string `digits` (no sign, no leading zeros unless "0")
// is greater than `limit` (same form).
bool DigitsGreater(std::string_view digits, std::string_view limit) {
  if (digits.size() != limit.size()) return digits.size() > limit.size();
  return digits > limit;
}

class Scanner {
 public:
  Scanner(std::string_view s, size_t max_depth) : s_(s), max_depth_(max_depth) {}

  ScanResult Run() {
    SkipWhitespace();
    if (pos_ == s_.size()) {
      Fail("the document is empty");
    } else if (Value(0)) {
      SkipWhitespace();
      if (pos_ != s_.size()) Fail("unexpected " + Describe() + " after the end of the document");
    }
    if (result_.error) result_.out_of_range.clear();
    return std::move(result_);
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return s_[pos_]; }

  void SkipWhitespace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r')) ++pos_;
  }

  // The character at pos_, quoted, for messages.
  std::string Describe() const {
    if (AtEnd()) return "end of the document";
    const auto c = static_cast<unsigned char>(Peek());
    const size_t n = c >= 0x20 && c < 0x7F ? 1 : c >= 0x80 ? Utf8SequenceLength(s_, pos_) : 0;
    std::string out;
    if (n > 0) {
      out.push_back('\'');
      out.append(s_.substr(pos_, n));
      out.push_back('\'');
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out = "byte 0x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
    return out;
  }

  std::string Pointer() const {
    std::string p;
    for (const auto& t : path_) AppendPointerToken(&p, t);
    return p;
  }

  bool Fail(std::string what) {
    if (result_.error) return false;
    SyntaxError e;
    e.offset = pos_ < s_.size() ? pos_ : s_.size();
    for (size_t i = 0; i < e.offset; ++i) {
      const auto c = static_cast<unsigned char>(s_[i]);
      if (c == '\n') {
        ++e.line;
        e.column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++e.column;
      }
    }
    e.what = std::move(what);
    e.pointer = Pointer();
    result_.error = std::move(e);
    return false;
  }

  bool Value(size_t depth) {
    if (AtEnd()) return Fail("expected a value, found the end of the document");
    switch (Peek()) {
      case '{':
        return Object(depth + 1);
      case '[':
        return Array(depth + 1);
      case '"':
        return String(nullptr);
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        if (Peek() == '-' || IsDigit(Peek())) return Number();
        if ((Peek() >= 'A' && Peek() <= 'Z') || (Peek() >= 'a' && Peek() <= 'z') || Peek() == '\'') {
          return Fail("expected a value, found " + Describe() +
                      " (text needs double quotes; true, false and null are lower case)");
        }
        return Fail("expected a value, found " + Describe());
    }
  }

  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) {
      return Fail("expected a value, found " + Describe() +
                  " (text needs double quotes; true, false and null are lower case)");
    }
    pos_ += word.size();
    return true;
  }

  bool Object(size_t depth) {
    if (depth > max_depth_) {
      return Fail("nested deeper than " + std::to_string(max_depth_) + " levels");
    }
    ++pos_;  // '{'
    SkipWhitespace();
    if (!AtEnd() && Peek() == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      if (AtEnd() || Peek() != '"') {
        if (!AtEnd() && Peek() == '}') return Fail("a ',' must not come before '}'");
        return Fail("expected a field name in double quotes, found " + Describe());
      }
      std::string key;
      if (!String(&key)) return false;
      SkipWhitespace();
      if (AtEnd() || Peek() != ':') return Fail("expected ':' after a field name, found " + Describe());
      ++pos_;
      SkipWhitespace();
      path_.push_back(std::move(key));
      if (!Value(depth)) return false;
      path_.pop_back();
      SkipWhitespace();
      if (AtEnd()) return Fail("expected ',' or '}', found the end of the document");
      if (Peek() == '}') {
        ++pos_;
        return true;
      }
      if (Peek() != ',') return Fail("expected ',' or '}', found " + Describe());
      ++pos_;
      SkipWhitespace();
    }
  }

  bool Array(size_t depth) {
    if (depth > max_depth_) {
      return Fail("nested deeper than " + std::to_string(max_depth_) + " levels");
    }
    ++pos_;  // '['
    SkipWhitespace();
    if (!AtEnd() && Peek() == ']') {
      ++pos_;
      return true;
    }
    for (size_t index = 0;; ++index) {
      if (!AtEnd() && Peek() == ']') return Fail("a ',' must not come before ']'");
      path_.push_back(std::to_string(index));
      if (!Value(depth)) return false;
      path_.pop_back();
      SkipWhitespace();
      if (AtEnd()) return Fail("expected ',' or ']', found the end of the document");
      if (Peek() == ']') {
        ++pos_;
        return true;
      }
      if (Peek() != ',') return Fail("expected ',' or ']', found " + Describe());
      ++pos_;
      SkipWhitespace();
    }
  }

  // Reads four hex digits at pos_ into *cp.
  bool Hex4(uint32_t* cp) {
    *cp = 0;
    for (int i = 0; i < 4; ++i) {
      const int v = AtEnd() ? -1 : HexValue(Peek());
      if (v < 0) return Fail("\\u must be followed by four hex digits");
      *cp = (*cp << 4) | static_cast<uint32_t>(v);
      ++pos_;
    }
    return true;
  }

  // A string at pos_ (on its opening quote); the decoded text goes to *out
  // when it is not null (keys, for the pointer).
  bool String(std::string* out) {
    const size_t start = pos_;
    ++pos_;
    for (;;) {
      if (AtEnd()) {
        pos_ = start;
        return Fail("a string is opened here but never closed");
      }
      const auto c = static_cast<unsigned char>(Peek());
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return Fail(R"(a control character inside a string must be escaped (\n, \t, \u00XX))");
      if (c == '\\') {
        ++pos_;
        if (AtEnd()) continue;  // reported as unclosed
        const char e = Peek();
        static constexpr std::string_view kSimple = "\"\\/bfnrt";
        static constexpr std::string_view kDecoded = "\"\\/\b\f\n\r\t";
        if (const size_t k = kSimple.find(e); k != std::string_view::npos) {
          if (out) out->push_back(kDecoded[k]);
          ++pos_;
          continue;
        }
        if (e != 'u') return Fail("unknown escape \\" + std::string(1, e) + " in a string");
        ++pos_;
        uint32_t cp = 0;
        if (!Hex4(&cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return Fail("\\u escape is a lone low surrogate");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (s_.substr(pos_, 2) != "\\u") return Fail("\\u escape is a high surrogate without its low half");
          pos_ += 2;
          uint32_t low = 0;
          if (!Hex4(&low)) return false;
          if (low < 0xDC00 || low > 0xDFFF) return Fail("\\u escape is a high surrogate without its low half");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (out) AppendUtf8(out, cp);
        continue;
      }
      const size_t n = Utf8SequenceLength(s_, pos_);
      if (n == 0) return Fail("invalid UTF-8 inside a string");
      if (out) out->append(s_.substr(pos_, n));
      pos_ += n;
    }
  }

  bool Number() {
    const size_t start = pos_;
    const bool negative = Peek() == '-';
    if (negative) ++pos_;
    if (AtEnd() || !IsDigit(Peek())) return Fail("a number needs a digit after '-'");
    const size_t int_start = pos_;
    if (Peek() == '0') {
      ++pos_;
      if (!AtEnd() && IsDigit(Peek())) return Fail("a number must not have a leading zero");
    } else {
      while (!AtEnd() && IsDigit(Peek())) ++pos_;
    }
    const std::string_view int_digits = s_.substr(int_start, pos_ - int_start);
    bool is_integer = true;
    if (!AtEnd() && Peek() == '.') {
      is_integer = false;
      ++pos_;
      if (AtEnd() || !IsDigit(Peek())) return Fail("a number needs a digit after '.'");
      while (!AtEnd() && IsDigit(Peek())) ++pos_;
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      is_integer = false;
      ++pos_;
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) ++pos_;
      if (AtEnd() || !IsDigit(Peek())) return Fail("a number needs a digit in its exponent");
      while (!AtEnd() && IsDigit(Peek())) ++pos_;
    }
    const std::string_view literal = s_.substr(start, pos_ - start);
    bool out_of_range = false;
    if (is_integer) {
      out_of_range = negative ? DigitsGreater(int_digits, "9223372036854775808")
                              : DigitsGreater(int_digits, "18446744073709551615");
    } else {
      double v = 0;
      const auto r = std::from_chars(literal.data(), literal.data() + literal.size(), v);
      // from_chars also says out of range on underflow, which simdjson rounds
      // to zero: only a magnitude of 1 or more can overflow.
      out_of_range = r.ec == std::errc::result_out_of_range && IntegerPartOrExponentPositive(literal);
    }
    if (out_of_range) result_.out_of_range.push_back({start, literal.size(), Pointer()});
    return true;
  }

  // True when the decimal literal's magnitude is at least 1 (so an overflow,
  // not an underflow, made it unrepresentable).
  static bool IntegerPartOrExponentPositive(std::string_view lit) {
    size_t i = lit[0] == '-' ? 1 : 0;
    long long order = 0;  // position of the first non-zero digit relative to the point
    bool seen_nonzero = false, after_point = false;
    long long leading_fraction_zeros = 0, int_digits = 0;
    for (; i < lit.size() && lit[i] != 'e' && lit[i] != 'E'; ++i) {
      if (lit[i] == '.') {
        after_point = true;
        continue;
      }
      if (!after_point) {
        if (seen_nonzero || lit[i] != '0') {
          seen_nonzero = true;
          ++int_digits;
        }
      } else if (!seen_nonzero) {
        if (lit[i] == '0') {
          ++leading_fraction_zeros;
        } else {
          seen_nonzero = true;
        }
      }
    }
    if (!seen_nonzero) return false;  // zero never overflows
    long long exponent = 0;
    if (i < lit.size()) {
      ++i;
      bool neg = false;
      if (lit[i] == '+' || lit[i] == '-') neg = lit[i++] == '-';
      for (; i < lit.size(); ++i) {
        if (exponent < 1'000'000'000) exponent = exponent * 10 + (lit[i] - '0');
      }
      if (neg) exponent = -exponent;
    }
    order = (int_digits > 0 ? int_digits : -leading_fraction_zeros) + exponent;
    return order > 0;
  }

  std::string_view s_;
  size_t max_depth_;
  size_t pos_ = 0;
  std::vector<std::string> path_;
  ScanResult result_;
};

}  // namespace

std::string ReplaceInvalidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out.append("\xEF\xBF\xBD");
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

ScanResult ScanJson(std::string_view json, size_t max_depth) { return Scanner(json, max_depth).Run(); }

}  // namespace leye::json_internal
