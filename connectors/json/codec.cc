// The records' JSON codec.
//
// Why it is built this way:
// - Parsing is one simdjson DOM pass into a per-thread parser, then one walk
//   over each object's members copying values into the owned record at once;
//   no simdjson view outlives the call (STYLE.md 8).
// - A body is checked whole: every member is matched against the names its
//   type knows, every known one is read, and each problem is recorded with
//   its JSON Pointer instead of stopping at the first, so a client fixes a
//   body in one round trip.
// - Pointers are built lazily from a chain of stack frames (Path): a valid
//   body allocates no pointer strings.
// - simdjson says *that* a document is malformed, not where; on refusal the
//   independent scanner in syntax.h locates the fault. It also finds numbers
//   simdjson cannot represent (123456789012345678901234, 1e400); those are
//   blanked and the document parsed again, so such a number becomes a field
//   error at its own pointer and the other fields are still checked.
// - Output goes through RapidJSON's Writer: it escapes strings correctly and
//   writes doubles in shortest round-trip form (Grisu2), so encoding is
//   deterministic and decode(encode(r)) == r.
#include "connectors/json/codec.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "connectors/json/syntax.h"

namespace leye {
namespace {

namespace dom = simdjson::dom;

// ---------------------------------------------------------------------------
// The per-thread parser.

// Buffers above this size are released after a call instead of kept, so one
// large document does not pin memory in every thread for ever.
constexpr size_t kRetainBytes = size_t{1} << 20;
// A bound on what one parser will ever allocate for (the caller limits body
// sizes well below this; this is the backstop).
constexpr size_t kMaxDocumentBytes = size_t{64} << 20;
constexpr size_t kInitialCapacity = size_t{16} << 10;
// A body with thousands of broken entries gets the first ones listed, not an
// error list many times its own size.
constexpr size_t kMaxErrors = 100;

class ThreadParser {
 public:
  // Parses `json`; the element stays valid until the next call on this
  // thread or Trim().
  simdjson::simdjson_result<dom::element> Parse(std::string_view json) {
    if (!parser_) {
      auto p = std::make_unique<dom::parser>(kMaxDocumentBytes);
      if (const auto err = p->allocate(kInitialCapacity, kMaxJsonDepth); err != simdjson::SUCCESS) {
        return err;
      }
      parser_ = std::move(p);
    }
    // A padded copy we own saves simdjson a malloc per call.
    buffer_.assign(json.data(), json.size());
    buffer_.resize(json.size() + simdjson::SIMDJSON_PADDING, '\0');
    return parser_->parse(buffer_.data(), json.size(), /*realloc_if_needed=*/false);
  }

  void Trim() {
    if (parser_ && parser_->capacity() > kRetainBytes) parser_.reset();
    if (buffer_.capacity() > kRetainBytes) std::string().swap(buffer_);
  }

 private:
  std::unique_ptr<dom::parser> parser_;
  std::string buffer_;
};

ThreadParser& ThisThreadParser() {
  thread_local ThreadParser parser;
  return parser;
}

// ---------------------------------------------------------------------------
// Lazy JSON Pointers.

// One step of the path from the root to a value. Frames live on the stack of
// the decoding functions; `key` points into a static name table or into the
// parser's strings, both alive while decoding.
struct Path {
  const Path* parent = nullptr;  // nullptr: this is the root
  std::string_view key;
  size_t index = 0;
  bool is_index = false;

  Path Member(std::string_view name) const { return Path{this, name, 0, false}; }
  Path Item(size_t i) const { return Path{this, {}, i, true}; }

  std::string String() const {
    std::vector<const Path*> chain;
    for (const Path* p = this; p->parent != nullptr; p = p->parent) chain.push_back(p);
    std::string out;
    std::reverse(chain.begin(), chain.end());
    for (const Path* step : chain) {
      if (step->is_index) {
        out.push_back('/');
        out.append(std::to_string(step->index));
      } else {
        json_internal::AppendPointerToken(&out, step->key);
      }
    }
    return out;
  }
};

// ---------------------------------------------------------------------------
// Enum names.

template <typename E>
struct EnumTraits;
template <>
struct EnumTraits<PovertyStatus> {
  static constexpr int kCount = 3;
  static std::optional<PovertyStatus> Parse(std::string_view s) { return ParsePovertyStatus(s); }
};
template <>
struct EnumTraits<LaborAbility> {
  static constexpr int kCount = 3;
  static std::optional<LaborAbility> Parse(std::string_view s) { return ParseLaborAbility(s); }
};
template <>
struct EnumTraits<Hours> {
  static constexpr int kCount = 3;
  static std::optional<Hours> Parse(std::string_view s) { return ParseHours(s); }
};
template <>
struct EnumTraits<EmployerKind> {
  static constexpr int kCount = 4;
  static std::optional<EmployerKind> Parse(std::string_view s) { return ParseEmployerKind(s); }
};
template <>
struct EnumTraits<PlacementKind> {
  static constexpr int kCount = 4;
  static std::optional<PlacementKind> Parse(std::string_view s) { return ParsePlacementKind(s); }
};
template <>
struct EnumTraits<PlacementStatus> {
  static constexpr int kCount = 2;
  static std::optional<PlacementStatus> Parse(std::string_view s) { return ParsePlacementStatus(s); }
};

template <typename E>
concept WireEnum = requires { EnumTraits<E>::kCount; };

// "must be one of: full_time, part_time, home_based"
template <WireEnum E>
const std::string& OneOfMessage() {
  static const std::string message = [] {
    std::string m = "must be one of: ";
    for (int i = 0; i < EnumTraits<E>::kCount; ++i) {
      if (i > 0) m += ", ";
      m += ToString(static_cast<E>(i));
    }
    return m;
  }();
  return message;
}

// ---------------------------------------------------------------------------
// Field names, in the data model's order (the encoder writes the same order).

using Names = std::span<const std::string_view>;
constexpr std::string_view kHouseholdFields[] = {"id", "region", "registered_poor", "poverty_status",
                                                 "relocated", "site", "helper"};
constexpr std::string_view kHelperFields[] = {"name", "phone"};
constexpr std::string_view kWorkerFields[] = {"id", "household", "name", "id_number", "labor_ability",
                                              "hard_to_employ", "skills", "location", "willingness"};
constexpr std::string_view kWorkerDerived[] = {"age", "sex"};
constexpr std::string_view kSkillFields[] = {"code", "level"};
constexpr std::string_view kGeoFields[] = {"lat", "lng"};
constexpr std::string_view kWillingnessFields[] = {"wants_work", "categories", "max_commute_km",
                                                   "leave_county", "leave_province", "hours",
                                                   "min_monthly_wage", "confirmed_on"};
constexpr std::string_view kEmployerFields[] = {"id", "name", "kind", "region", "location"};
constexpr std::string_view kPostingFields[] = {"id", "employer", "title", "occupation",
                                               "required_skills", "slots", "monthly_wage", "hours",
                                               "contract_months", "location", "age_min", "age_max",
                                               "open"};
constexpr std::string_view kTrainingFields[] = {"id", "provider", "title", "teaches", "seats",
                                                "region", "location", "start_date", "end_date"};
constexpr std::string_view kPlacementFields[] = {"id", "worker", "posting", "kind", "start_date",
                                                 "expected_months", "end_date", "status",
                                                 "end_reason"};
constexpr size_t kMaxFields = 16;

// ---------------------------------------------------------------------------
// Decoding.

class Decoder;

// The members of one JSON object matched against the names its type knows.
// Reports a non-object, unknown members and repeated members on creation.
class Fields {
 public:
  Fields(Decoder& d, dom::element e, const Path& path, Names names, Names ignored = {});

  bool is_object() const { return is_object_; }

  // Absent: "is required". Present: read into *out (null is a type error).
  template <typename T>
  void Required(std::string_view name, T* out);
  // Absent or null: reset. Present: read.
  template <typename T>
  void Optional(std::string_view name, std::optional<T>* out);
  // Absent or null: *out keeps its default. Present: read.
  template <typename T>
  void Defaulted(std::string_view name, T* out);

 private:
  size_t IndexOf(std::string_view name) const {
    for (size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return i;
    std::terminate();  // a name missing from the table is a bug in this file
  }

  Decoder& d_;
  const Path& path_;
  Names names_;
  bool is_object_ = false;
  std::array<dom::element, kMaxFields> values_{};
  std::array<bool, kMaxFields> present_{};
};

class Decoder {
 public:
  explicit Decoder(std::vector<std::string> out_of_range) : out_of_range_(std::move(out_of_range)) {}

  // The errors found, at most kMaxErrors of them and then one saying how
  // many more there were.
  std::vector<FieldError> TakeErrors() {
    if (dropped_ > 0) {
      errors_.push_back({"", "and " + std::to_string(dropped_) + " more problems not listed"});
    }
    return std::move(errors_);
  }
  size_t error_count() const { return errors_.size() + dropped_; }

  bool Fail(const Path& p, std::string message) {
    if (errors_.size() >= kMaxErrors) {
      ++dropped_;
    } else {
      errors_.push_back({p.String(), std::move(message)});
    }
    return false;
  }

  bool Read(dom::element e, const Path& p, std::string* out) {
    std::string_view s;
    if (e.get_string().get(s) != simdjson::SUCCESS) return Fail(p, "must be a string");
    out->assign(s.data(), s.size());
    return true;
  }

  bool Read(dom::element e, const Path& p, bool* out) {
    if (e.get_bool().get(*out) != simdjson::SUCCESS) return Fail(p, "must be a boolean");
    return true;
  }

  bool Read(dom::element e, const Path& p, int32_t* out) {
    int64_t v = 0;
    if (!ReadInteger(e, p, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(), &v))
      return false;
    *out = static_cast<int32_t>(v);
    return true;
  }

  bool Read(dom::element e, const Path& p, int64_t* out) {
    return ReadInteger(e, p, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), out);
  }

  bool Read(dom::element e, const Path& p, double* out) {
    if (IsOutOfRange(p)) return Fail(p, "is out of range");
    switch (e.type()) {
      case dom::element_type::INT64:
        *out = static_cast<double>(e.get_int64().value_unsafe());
        return true;
      case dom::element_type::UINT64:
        *out = static_cast<double>(e.get_uint64().value_unsafe());
        return true;
      case dom::element_type::DOUBLE:
        *out = e.get_double().value_unsafe();
        return true;
      default:
        return Fail(p, "must be a number");
    }
  }

  bool Read(dom::element e, const Path& p, Date* out) {
    std::string_view s;
    std::optional<Date> d;
    if (e.get_string().get(s) == simdjson::SUCCESS) d = ParseDate(s);
    if (!d) return Fail(p, "must be a date YYYY-MM-DD");
    *out = *d;
    return true;
  }

  template <WireEnum E>
  bool Read(dom::element e, const Path& p, E* out) {
    std::string_view s;
    if (e.get_string().get(s) == simdjson::SUCCESS) {
      if (const auto v = EnumTraits<E>::Parse(s)) {
        *out = *v;
        return true;
      }
    }
    return Fail(p, OneOfMessage<E>());
  }

  template <typename T>
  bool Read(dom::element e, const Path& p, std::vector<T>* out) {
    dom::array array;
    if (e.get_array().get(array) != simdjson::SUCCESS) return Fail(p, "must be an array");
    const size_t before = error_count();
    out->clear();
    out->reserve(array.size());
    size_t i = 0;
    for (dom::element item : array) {
      const Path ip = p.Item(i++);
      T v{};
      Read(item, ip, &v);
      out->push_back(std::move(v));
    }
    return error_count() == before;
  }

  bool Read(dom::element e, const Path& p, GeoPoint* out) {
    return ReadObject(e, p, kGeoFields, [&](Fields& f) {
      f.Required("lat", &out->lat);
      f.Required("lng", &out->lng);
    });
  }

  bool Read(dom::element e, const Path& p, Skill* out) {
    return ReadObject(e, p, kSkillFields, [&](Fields& f) {
      f.Required("code", &out->code);
      f.Required("level", &out->level);
    });
  }

  bool Read(dom::element e, const Path& p, HelperContact* out) {
    return ReadObject(e, p, kHelperFields, [&](Fields& f) {
      f.Required("name", &out->name);
      f.Required("phone", &out->phone);
    });
  }

  bool Read(dom::element e, const Path& p, Willingness* out) {
    return ReadObject(e, p, kWillingnessFields, [&](Fields& f) {
      f.Required("wants_work", &out->wants_work);
      f.Defaulted("categories", &out->categories);
      f.Required("max_commute_km", &out->max_commute_km);
      f.Required("leave_county", &out->leave_county);
      f.Required("leave_province", &out->leave_province);
      f.Required("hours", &out->hours);
      f.Defaulted("min_monthly_wage", &out->min_monthly_wage);
      f.Optional("confirmed_on", &out->confirmed_on);
    });
  }

  template <typename Fill>
  bool ReadObject(dom::element e, const Path& p, Names names, Fill fill, Names ignored = {}) {
    const size_t before = error_count();
    Fields f(*this, e, p, names, ignored);
    if (f.is_object()) fill(f);
    return error_count() == before;
  }

 private:
  // The scanner found a number here that no int64/uint64/double holds; the
  // document was re-parsed with it blanked.
  bool IsOutOfRange(const Path& p) const {
    if (out_of_range_.empty()) return false;
    return std::find(out_of_range_.begin(), out_of_range_.end(), p.String()) != out_of_range_.end();
  }

  bool ReadInteger(dom::element e, const Path& p, int64_t lo, int64_t hi, int64_t* out) {
    if (IsOutOfRange(p)) return Fail(p, "must be an integer");
    switch (e.type()) {
      case dom::element_type::INT64: {
        const int64_t v = e.get_int64().value_unsafe();
        if (v < lo || v > hi) return Fail(p, "must be an integer");
        *out = v;
        return true;
      }
      case dom::element_type::DOUBLE: {
        // An integral value written as 3.0 or 3e0 is still an integer. The
        // upper bound is exclusive: double(hi) + 1 is exact for int32 and
        // rounds to 2^63 for int64, both one past the range.
        const double d = e.get_double().value_unsafe();
        if (std::trunc(d) != d || d < static_cast<double>(lo) || d >= static_cast<double>(hi) + 1.0)
          return Fail(p, "must be an integer");
        *out = static_cast<int64_t>(d);
        return true;
      }
      default:  // UINT64 is above int64's range; anything else is no number
        return Fail(p, "must be an integer");
    }
  }

  std::vector<FieldError> errors_;
  size_t dropped_ = 0;
  std::vector<std::string> out_of_range_;
};

Fields::Fields(Decoder& d, dom::element e, const Path& path, Names names, Names ignored)
    : d_(d), path_(path), names_(names) {
  dom::object object;
  if (e.get_object().get(object) != simdjson::SUCCESS) {
    d_.Fail(path_, "must be an object");
    return;
  }
  is_object_ = true;
  for (dom::key_value_pair member : object) {
    const auto known = std::find(names_.begin(), names_.end(), member.key);
    if (known == names_.end()) {
      if (std::find(ignored.begin(), ignored.end(), member.key) == ignored.end())
        d_.Fail(path_.Member(member.key), "unknown field");
      continue;
    }
    const auto i = static_cast<size_t>(known - names_.begin());
    if (present_[i]) {
      d_.Fail(path_.Member(names_[i]), "duplicate field");
      continue;
    }
    present_[i] = true;
    values_[i] = member.value;
  }
}

template <typename T>
void Fields::Required(std::string_view name, T* out) {
  const size_t i = IndexOf(name);
  const Path p = path_.Member(names_[i]);
  if (!present_[i]) {
    d_.Fail(p, "is required");
    return;
  }
  d_.Read(values_[i], p, out);
}

template <typename T>
void Fields::Optional(std::string_view name, std::optional<T>* out) {
  const size_t i = IndexOf(name);
  out->reset();
  if (!present_[i] || values_[i].is_null()) return;
  T v{};
  if (d_.Read(values_[i], path_.Member(names_[i]), &v)) *out = std::move(v);
}

template <typename T>
void Fields::Defaulted(std::string_view name, T* out) {
  const size_t i = IndexOf(name);
  if (!present_[i] || values_[i].is_null()) return;
  d_.Read(values_[i], path_.Member(names_[i]), out);
}

// The record's "id": required, or, under a path id, optional and equal to it.
void ReadId(Decoder& d, Fields& f, const Path& root, std::string_view path_id, std::string* out) {
  if (path_id.empty()) {
    f.Required("id", out);
    return;
  }
  std::optional<std::string> id;
  f.Optional("id", &id);
  if (id && *id != path_id) d.Fail(root.Member("id"), "must equal the id in the path");
  out->assign(path_id.data(), path_id.size());
}

void Fill(Decoder& d, Fields& f, const Path& root, std::string_view path_id, Household* h) {
  ReadId(d, f, root, path_id, &h->id);
  f.Required("region", &h->region);
  f.Required("registered_poor", &h->registered_poor);
  f.Required("poverty_status", &h->poverty_status);
  f.Required("relocated", &h->relocated);
  f.Defaulted("site", &h->site);
  f.Optional("helper", &h->helper);
}

void Fill(Decoder& d, Fields& f, const Path& root, std::string_view path_id, Worker* w) {
  ReadId(d, f, root, path_id, &w->id);
  f.Required("household", &w->household);
  f.Required("name", &w->name);
  f.Required("id_number", &w->id_number);
  f.Required("labor_ability", &w->labor_ability);
  f.Required("hard_to_employ", &w->hard_to_employ);
  f.Required("skills", &w->skills);
  f.Required("location", &w->location);
  f.Required("willingness", &w->willingness);
}

void Fill(Decoder& d, Fields& f, const Path& root, std::string_view path_id, Employer* e) {
  ReadId(d, f, root, path_id, &e->id);
  f.Required("name", &e->name);
  f.Required("kind", &e->kind);
  f.Required("region", &e->region);
  f.Required("location", &e->location);
}

void Fill(Decoder& d, Fields& f, const Path& root, std::string_view path_id, Posting* p) {
  ReadId(d, f, root, path_id, &p->id);
  f.Required("employer", &p->employer);
  f.Required("title", &p->title);
  f.Required("occupation", &p->occupation);
  f.Required("required_skills", &p->required_skills);
  f.Required("slots", &p->slots);
  f.Required("monthly_wage", &p->monthly_wage);
  f.Required("hours", &p->hours);
  f.Required("contract_months", &p->contract_months);
  f.Optional("location", &p->location);
  f.Optional("age_min", &p->age_min);
  f.Optional("age_max", &p->age_max);
  f.Required("open", &p->open);
}

void Fill(Decoder& d, Fields& f, const Path& root, std::string_view path_id, Training* t) {
  ReadId(d, f, root, path_id, &t->id);
  f.Required("provider", &t->provider);
  f.Required("title", &t->title);
  f.Required("teaches", &t->teaches);
  f.Required("seats", &t->seats);
  f.Required("region", &t->region);
  f.Required("location", &t->location);
  f.Required("start_date", &t->start_date);
  f.Required("end_date", &t->end_date);
}

void Fill(Decoder& d, Fields& f, const Path& root, std::string_view path_id, Placement* p) {
  ReadId(d, f, root, path_id, &p->id);
  f.Required("worker", &p->worker);
  f.Optional("posting", &p->posting);
  f.Required("kind", &p->kind);
  f.Required("start_date", &p->start_date);
  f.Optional("expected_months", &p->expected_months);
  f.Optional("end_date", &p->end_date);
  f.Defaulted("status", &p->status);
  f.Optional("end_reason", &p->end_reason);
}

Names FieldsOf(const Household*) { return kHouseholdFields; }
Names FieldsOf(const Worker*) { return kWorkerFields; }
Names FieldsOf(const Employer*) { return kEmployerFields; }
Names FieldsOf(const Posting*) { return kPostingFields; }
Names FieldsOf(const Training*) { return kTrainingFields; }
Names FieldsOf(const Placement*) { return kPlacementFields; }
Names IgnoredOf(const Worker*) { return kWorkerDerived; }
template <typename T>
Names IgnoredOf(const T*) {
  return {};
}

Status Malformed(std::string message) {
  return Status::Invalid("malformed JSON", {FieldError{"", std::move(message)}});
}

// Parses `json` and decodes its root object as a T.
template <typename T>
Result<T> Decode(std::string_view singular, std::string_view json, std::string_view path_id) {
  static_assert(std::extent_v<decltype(kPostingFields)> <= kMaxFields);
  try {
    if (json.size() >= 3 && json.substr(0, 3) == "\xEF\xBB\xBF") json.remove_prefix(3);
    if (json.size() > kMaxDocumentBytes) {
      return Status::Invalid("document too large",
                             {{"", "the document is larger than " +
                                       std::to_string(kMaxDocumentBytes >> 20) + " MiB"}});
    }
    ThreadParser& parser = ThisThreadParser();
    struct TrimOnExit {
      ThreadParser& p;
      ~TrimOnExit() { p.Trim(); }
    } trim{parser};

    auto parsed = parser.Parse(json);
    std::vector<std::string> out_of_range;
    if (const auto err = parsed.error(); err != simdjson::SUCCESS) {
      if (err == simdjson::MEMALLOC) return Status::Internal("out of memory while parsing JSON");
      json_internal::ScanResult scan = json_internal::ScanJson(json, kMaxJsonDepth);
      if (scan.error) {
        const auto& e = *scan.error;
        std::string m = "malformed JSON at line " + std::to_string(e.line) + ", column " +
                        std::to_string(e.column);
        if (!e.pointer.empty()) m += " (in " + e.pointer + ")";
        return Malformed(m + ": " + e.what);
      }
      if (scan.out_of_range.empty()) {
        return Malformed(std::string("malformed JSON: ") + simdjson::error_message(err));
      }
      // Blank each unrepresentable number to a same-length "0   " and parse
      // again; the readers report those pointers as out of range.
      std::string blanked(json);
      for (const auto& span : scan.out_of_range) {
        blanked.replace(span.offset, span.length, span.length, ' ');
        blanked[span.offset] = '0';
        out_of_range.push_back(span.pointer);
      }
      parsed = parser.Parse(blanked);
      if (parsed.error() != simdjson::SUCCESS) {
        return Malformed(std::string("malformed JSON: ") + simdjson::error_message(parsed.error()));
      }
    }

    Decoder d(std::move(out_of_range));
    const Path root;
    T out{};
    d.ReadObject(parsed.value_unsafe(), root, FieldsOf(&out),
                 [&](Fields& f) { Fill(d, f, root, path_id, &out); }, IgnoredOf(&out));
    if (const size_t n = d.error_count(); n > 0) {
      return Status::Invalid("invalid " + std::string(singular) + ": " + std::to_string(n) +
                                 (n == 1 ? " problem" : " problems"),
                             d.TakeErrors());
    }
    return out;
  } catch (const std::bad_alloc&) {
    return Status::Internal("out of memory while decoding JSON");
  } catch (const std::exception& e) {
    return Status::Internal(std::string("unexpected error while decoding JSON: ") + e.what());
  } catch (...) {
    return Status::Internal("unexpected error while decoding JSON");
  }
}

// ---------------------------------------------------------------------------
// Encoding.

class Encoder {
 public:
  std::string Take() { return {buffer_.GetString(), buffer_.GetSize()}; }

  void Key(std::string_view k) { writer_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
  void String(std::string_view s) {
    if (simdjson::validate_utf8(s.data(), s.size())) {
      writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    } else {
      const std::string clean = json_internal::ReplaceInvalidUtf8(s);
      writer_.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
    }
  }
  void Bool(bool b) { writer_.Bool(b); }
  void Int(int64_t v) { writer_.Int64(v); }
  void Double(double v) {
    if (std::isfinite(v)) {
      writer_.Double(v);
    } else {
      writer_.Null();
    }
  }

  void Field(std::string_view k, std::string_view v) {
    Key(k);
    String(v);
  }
  void Field(std::string_view k, const char* v) {
    Key(k);
    String(v);
  }
  void Field(std::string_view k, const std::string& v) {
    Key(k);
    String(v);
  }
  void Field(std::string_view k, bool v) {
    Key(k);
    Bool(v);
  }
  void Field(std::string_view k, int32_t v) {
    Key(k);
    Int(v);
  }
  void Field(std::string_view k, int64_t v) {
    Key(k);
    Int(v);
  }
  void Field(std::string_view k, double v) {
    Key(k);
    Double(v);
  }
  void Field(std::string_view k, Date v) {
    Key(k);
    String(FormatDate(v));
  }
  template <WireEnum E>
  void Field(std::string_view k, E v) {
    Key(k);
    String(ToString(v));
  }
  void Field(std::string_view k, const GeoPoint& g) {
    Key(k);
    writer_.StartObject();
    Field("lat", g.lat);
    Field("lng", g.lng);
    writer_.EndObject();
  }
  void Field(std::string_view k, const std::vector<Skill>& skills) {
    Key(k);
    writer_.StartArray();
    for (const Skill& s : skills) {
      writer_.StartObject();
      Field("code", s.code);
      Field("level", static_cast<int64_t>(s.level));
      writer_.EndObject();
    }
    writer_.EndArray();
  }
  void Field(std::string_view k, const std::vector<std::string>& items) {
    Key(k);
    writer_.StartArray();
    for (const auto& s : items) String(s);
    writer_.EndArray();
  }
  void Field(std::string_view k, const std::vector<Hours>& items) {
    Key(k);
    writer_.StartArray();
    for (Hours h : items) String(ToString(h));
    writer_.EndArray();
  }
  template <typename T>
  void Field(std::string_view k, const std::optional<T>& v) {
    if (v) Field(k, *v);
  }

  void StartObject() { writer_.StartObject(); }
  void EndObject() { writer_.EndObject(); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_{buffer_};
};

void Encode(Encoder& o, const Household& h, const EncodeOptions&) {
  o.Field("id", h.id);
  o.Field("region", h.region);
  o.Field("registered_poor", h.registered_poor);
  o.Field("poverty_status", h.poverty_status);
  o.Field("relocated", h.relocated);
  if (!h.site.empty()) o.Field("site", h.site);
  if (h.helper) {
    o.Key("helper");
    o.StartObject();
    o.Field("name", h.helper->name);
    o.Field("phone", h.helper->phone);
    o.EndObject();
  }
}

void Encode(Encoder& o, const Worker& w, const EncodeOptions& opts) {
  o.Field("id", w.id);
  o.Field("household", w.household);
  o.Field("name", w.name);
  o.Field("id_number", MaskIdNumber(w.id_number, opts.id_visibility));
  if (opts.today && !IdNumberProblem(w.id_number)) {
    o.Field("age", static_cast<int64_t>(AgeOn(IdNumberBirthDate(w.id_number), *opts.today)));
    o.Field("sex", IdNumberSex(w.id_number) == Sex::kMale ? "male" : "female");
  }
  o.Field("labor_ability", w.labor_ability);
  o.Field("hard_to_employ", w.hard_to_employ);
  o.Field("skills", w.skills);
  o.Field("location", w.location);
  const Willingness& v = w.willingness;
  o.Key("willingness");
  o.StartObject();
  o.Field("wants_work", v.wants_work);
  o.Field("categories", v.categories);
  o.Field("max_commute_km", v.max_commute_km);
  o.Field("leave_county", v.leave_county);
  o.Field("leave_province", v.leave_province);
  o.Field("hours", v.hours);
  o.Field("min_monthly_wage", v.min_monthly_wage);
  o.Field("confirmed_on", v.confirmed_on);
  o.EndObject();
}

void Encode(Encoder& o, const Employer& e, const EncodeOptions&) {
  o.Field("id", e.id);
  o.Field("name", e.name);
  o.Field("kind", e.kind);
  o.Field("region", e.region);
  o.Field("location", e.location);
}

void Encode(Encoder& o, const Posting& p, const EncodeOptions&) {
  o.Field("id", p.id);
  o.Field("employer", p.employer);
  o.Field("title", p.title);
  o.Field("occupation", p.occupation);
  o.Field("required_skills", p.required_skills);
  o.Field("slots", p.slots);
  o.Field("monthly_wage", p.monthly_wage);
  o.Field("hours", p.hours);
  o.Field("contract_months", p.contract_months);
  o.Field("location", p.location);
  o.Field("age_min", p.age_min);
  o.Field("age_max", p.age_max);
  o.Field("open", p.open);
}

void Encode(Encoder& o, const Training& t, const EncodeOptions&) {
  o.Field("id", t.id);
  o.Field("provider", t.provider);
  o.Field("title", t.title);
  o.Field("teaches", t.teaches);
  o.Field("seats", t.seats);
  o.Field("region", t.region);
  o.Field("location", t.location);
  o.Field("start_date", t.start_date);
  o.Field("end_date", t.end_date);
}

void Encode(Encoder& o, const Placement& p, const EncodeOptions&) {
  o.Field("id", p.id);
  o.Field("worker", p.worker);
  o.Field("posting", p.posting);
  o.Field("kind", p.kind);
  o.Field("start_date", p.start_date);
  o.Field("expected_months", p.expected_months);
  o.Field("end_date", p.end_date);
  o.Field("status", p.status);
  o.Field("end_reason", p.end_reason);
}

template <typename T>
std::string EncodeOne(const T& r, const EncodeOptions& opts) {
  Encoder o;
  o.StartObject();
  Encode(o, r, opts);
  o.EndObject();
  return o.Take();
}

}  // namespace

Result<Record> DecodeRecord(Kind kind, std::string_view json, std::string_view path_id) {
  const auto widen = [](auto result) -> Result<Record> {
    if (!result.ok()) return result.status();
    return Record(std::move(result).value());
  };
  switch (kind) {
    case Kind::kHousehold:
      return widen(Decode<Household>("household", json, path_id));
    case Kind::kWorker:
      return widen(Decode<Worker>("worker", json, path_id));
    case Kind::kEmployer:
      return widen(Decode<Employer>("employer", json, path_id));
    case Kind::kPosting:
      return widen(Decode<Posting>("posting", json, path_id));
    case Kind::kTraining:
      return widen(Decode<Training>("training", json, path_id));
  }
  return Status::Internal("unknown record kind");
}

Result<Placement> DecodePlacement(std::string_view json, std::string_view path_id) {
  return Decode<Placement>("placement", json, path_id);
}

std::string EncodeRecord(const Record& r, const EncodeOptions& opts) {
  return std::visit([&](const auto& rec) { return EncodeOne(rec, opts); }, r);
}

std::string EncodePlacement(const Placement& p) { return EncodeOne(p, EncodeOptions{}); }

std::string JsonQuote(std::string_view s) {
  Encoder o;
  o.String(s);
  return o.Take();
}

}  // namespace leye
