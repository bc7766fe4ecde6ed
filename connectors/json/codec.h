// The JSON codec of the register's records: the wire form of the data model
// in ARCHITECTURE.md, used by the HTTP API, the Redis store and the importer.
//
// Decoding checks shape only: presence, JSON types, enum names and dates. The
// value rules (id syntax, ranges, cross-field rules) are Validate's job
// (matcher/validation.h); callers run both and merge the two error lists, so
// a client sees every problem of a body at once.
//
// Thread safety: every function may be called from any thread at the same
// time (the parser is per thread). No function throws; decoding never trusts
// its input (any byte string gives a value or an Invalid status).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "matcher/date.h"
#include "matcher/id_number.h"
#include "matcher/model.h"
#include "matcher/status.h"

namespace leye {

struct EncodeOptions {
  // How a worker's id_number is shown (MaskIdNumber). Default: first and last
  // character only, the safe choice for any reader not known to be allowed
  // more.
  IdVisibility id_visibility = IdVisibility::kMinimal;
  // When set, a worker also carries the derived read-only fields "age" (full
  // years on this date, AgeOn) and "sex" ("male" / "female"), both taken from
  // the ID number; they are left out when the ID number is not valid.
  // Default: unset (no derived fields), so stored bodies do not age.
  std::optional<Date> today;
};

// Largest nesting of arrays and objects a document may have; deeper ones are
// refused as malformed before any field is read.
inline constexpr int kMaxJsonDepth = 32;

// Parses and type-checks one JSON object of `kind`.
//
// When `path_id` is not empty, the body's "id" may be absent (it is then
// `path_id`) or must equal it (error on /id "must equal the id in the path").
//
// On failure returns Status::Invalid(summary, errors) listing every broken
// field, each with a JSON Pointer (RFC 6901) into the body:
//   - malformed JSON (syntax, invalid UTF-8, deeper than kMaxJsonDepth): one
//     error, pointer "", whose message gives line, column and what is wrong;
//   - body not an object: pointer "", "must be an object";
//   - missing required field: "/field" "is required";
//   - wrong type: "must be a string|boolean|integer|number|array|object";
//   - integer field holding a number out of its int32/int64 range or with a
//     fraction: "must be an integer" (an integral value written as 3.0 or 3e0
//     is accepted);
//   - number field holding a number no double can hold (1e400): "is out of
//     range";
//   - unknown enum name: "must be one of: a, b, c";
//   - date field: "must be a date YYYY-MM-DD";
//   - unknown field: "unknown field"; a field given twice: "duplicate field"
//     (a worker's read-only "age" and "sex" are ignored, so an encoded worker
//     decodes again).
// At most 100 errors are listed; past that a last error with pointer "" says
// how many more there were (the summary counts them all).
// Optional fields and fields with a default may also be null, meaning absent.
// A leading UTF-8 byte order mark is skipped.
//
// Required vs optional follows ARCHITECTURE.md: optional are household.site
// and .helper, willingness.categories (default empty) and .min_monthly_wage
// (default 0), posting.location, .age_min and .age_max, placement.posting,
// .expected_months, .end_date, .end_reason and .status (default active).
// Everything else is required, booleans included.
//
// PERF: one simdjson DOM parse into a per-thread parser (its buffers are kept
// between calls up to 1 MiB and released above that), then one pass over the
// fields copying into the owned record. Pointers are only built for errors.
Result<Record> DecodeRecord(Kind kind, std::string_view json, std::string_view path_id = {});
Result<Placement> DecodePlacement(std::string_view json, std::string_view path_id = {});

// Canonical JSON of a record: one object, fields in the data model's order,
// optional fields omitted when absent (household.site when empty), fields
// with a default always written. No whitespace. Deterministic byte for byte:
// equal records and options give equal strings. Doubles are written in
// shortest round-trip form, so DecodeRecord(EncodeRecord(r)) == r whenever
// the id_number is shown in full and r's doubles are finite (a non-finite
// double is written as null). Invalid UTF-8 in a string is replaced by U+FFFD.
std::string EncodeRecord(const Record& r, const EncodeOptions& opts = {});
std::string EncodePlacement(const Placement& p);

// `s` as a JSON string literal, quotes included, with '"', '\\' and control
// characters escaped (invalid UTF-8 replaced by U+FFFD), for hand-built bodies.
std::string JsonQuote(std::string_view s);

}  // namespace leye
