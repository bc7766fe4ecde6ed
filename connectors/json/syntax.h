// A strict RFC 8259 checker that says *where* a document goes wrong.
//
// simdjson's DOM parser reports only an error class ("improper structure",
// "problem while parsing a number"), never a position, and it refuses
// well-formed numbers that no int64, uint64 or double holds. The codec runs
// this scanner only after simdjson has refused a document, so its speed does
// not matter; what matters is that its verdict agrees with simdjson's on
// every document simdjson accepts, and that it explains the others in words a
// person fixing a request body can act on. Internal to connectors/json/.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leye::json_internal {

struct SyntaxError {
  size_t offset = 0;    // byte offset of the offending character
  size_t line = 1;      // 1-based
  size_t column = 1;    // 1-based, counted in characters (UTF-8 code points)
  std::string what;     // "expected ',' or '}'"
  std::string pointer;  // JSON Pointer of the value being read ("" at the root)
};

// A well-formed number literal that no int64, uint64 or double can hold
// (123456789012345678901234, 1e400).
struct NumberSpan {
  size_t offset = 0;
  size_t length = 0;
  std::string pointer;
};

struct ScanResult {
  std::optional<SyntaxError> error;     // the first syntax error, if any
  std::vector<NumberSpan> out_of_range;  // complete only when `error` is empty
};

// Checks `json` as one JSON text: UTF-8 validated, strings and numbers by the
// RFC grammar, arrays and objects nested at most `max_depth` deep (a bare
// `[]` is depth 1). Never throws except std::bad_alloc; recursion is bounded
// by `max_depth`. Linear time.
ScanResult ScanJson(std::string_view json, size_t max_depth);

// `s` with every byte that does not start a well-formed UTF-8 sequence
// replaced by U+FFFD, for writing text that did not come through a parser.
std::string ReplaceInvalidUtf8(std::string_view s);

// RFC 6901 escaping of one reference token: '~' -> "~0", '/' -> "~1".
void AppendPointerToken(std::string* pointer, std::string_view token);

}  // namespace leye::json_internal
