// Spreadsheet reading. Why it is built this way:
// - Files come from county offices: Excel on Chinese Windows writes CSV in
//   GBK (GB18030 covers it) unless told "CSV UTF-8", and .xlsx keeps what a
//   cell holds, not what it shows. So the encoding is guessed from the bytes
//   (a BOM, else valid UTF-8, else GB18030), and .xlsx numbers are passed on
//   as written: the ID-number check, not this file, explains an ID number
//   Excel turned into a number.
// - Files are uploaded, so they may be broken or hostile. Every count that
//   grows with the input (bytes inflated, zip entries, rows, cells, text) is
//   bounded by TableLimits, and every library error becomes Invalid.
// - One TableBuilder takes the rows of both formats, so trimming, skipping
//   empty rows and the limits behave the same for CSV and .xlsx.
#include "connectors/importer/table_reader.h"

#include <csv.h>
#include <iconv.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "matcher/date.h"

namespace leye {
namespace {

std::string MiB(size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

// ---------------------------------------------------------------- text ----

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not
// one (overlong forms, surrogates and code points past U+10FFFF are invalid).
size_t Utf8SeqLen(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  return n;
}

struct Utf8Scan {
  size_t first_bad = std::string_view::npos;  // offset of the first invalid byte
  size_t multibyte = 0;                       // valid sequences of 2+ bytes
  size_t bad = 0;                             // invalid bytes
};

Utf8Scan ScanUtf8(std::string_view s) {
  Utf8Scan r;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t n = Utf8SeqLen(s, i);
    if (n == 0) {
      if (r.first_bad == std::string_view::npos) r.first_bad = i;
      ++r.bad;
      ++i;
    } else {
      ++r.multibyte;
      i += n;
    }
  }
  return r;
}

size_t LineOf(std::string_view s, size_t offset) {
  return 1 +
         static_cast<size_t>(std::count(s.begin(), s.begin() + std::min(offset, s.size()), '\n'));
}

// GB18030 -> UTF-8 with glibc's iconv. On an undecodable byte, `*bad_offset`
// is set to its offset in `in` and nullopt returned.
std::optional<std::string> Gb18030ToUtf8(std::string_view in, size_t* bad_offset,
                                         bool* no_converter) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  // NOLINTNEXTLINE(performance-no-int-to-ptr): (iconv_t)-1 is iconv_open's failure value
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    *no_converter = true;
    return std::nullopt;
  }
  std::string out(in.size() + in.size() / 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());  // iconv's signature; it does not write
  size_t src_left = in.size();
  size_t used = 0;
  std::optional<std::string> result;
  for (;;) {
    char* dst = out.data() + used;
    size_t dst_left = out.size() - used;
    const size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    used = out.size() - dst_left;
    if (rc != static_cast<size_t>(-1)) {
      out.resize(used);
      result = std::move(out);
      break;
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    *bad_offset = static_cast<size_t>(src - in.data());  // EILSEQ, or EINVAL at a cut-off end
    break;
  }
  iconv_close(cd);
  return result;
}

bool IsSpaceAt(std::string_view s, size_t i, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
    *len = 1;
    return true;
  }
  if (c == 0xE3 && s.substr(i, 3) == "\xE3\x80\x80") {  // U+3000
    *len = 3;
    return true;
  }
  if (c == 0xC2 && s.substr(i, 2) == "\xC2\xA0") {  // no-break space
    *len = 2;
    return true;
  }
  return false;
}

void Trim(std::string& s) {
  size_t b = 0, len = 0;
  while (b < s.size() && IsSpaceAt(s, b, &len)) b += len;
  size_t e = s.size();
  while (e > b) {
    // Step back over one trailing space character (1, 2 or 3 bytes).
    if (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n') {
      --e;
    } else if (e - b >= 3 && std::string_view(s).substr(e - 3, 3) == "\xE3\x80\x80") {
      e -= 3;
    } else if (e - b >= 2 && std::string_view(s).substr(e - 2, 2) == "\xC2\xA0") {
      e -= 2;
    } else {
      break;
    }
  }
  if (e < s.size()) s.erase(e);
  if (b > 0) s.erase(0, b);
}

// "AB" for column index 27 (0-based), as Excel names columns.
std::string ColumnLetters(size_t index) {
  std::string r;
  for (size_t n = index + 1; n > 0; n = (n - 1) / 26)
    r.insert(r.begin(), static_cast<char>('A' + (n - 1) % 26));
  return r;
}

// ------------------------------------------------------- table builder ----

class TableBuilder {
 public:
  explicit TableBuilder(const TableLimits& limits) : limits_(limits) {}

  // Trims `cells`, drops trailing empty ones and appends the row (the first
  // non-empty row becomes the header).
  Status AddRow(size_t line, std::vector<std::string> cells) {
    size_t bytes = 0;
    for (auto& c : cells) {
      Trim(c);
      bytes += c.size();
    }
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    if (cells.empty()) return Status::Ok();
    const std::string where = "line " + std::to_string(line) + ": ";
    if (cells.size() > limits_.max_columns)
      return Status::Invalid(where + "a value in column " + ColumnLetters(cells.size() - 1) +
                             ", past the " + std::to_string(limits_.max_columns) +
                             " columns the importer reads");
    if (bytes > limits_.max_row_bytes)
      return Status::Invalid(where + "the row holds more than " + MiB(limits_.max_row_bytes) +
                             " of text");
    for (size_t i = 0; i < cells.size(); ++i)
      if (const Utf8Scan scan = ScanUtf8(cells[i]); scan.bad > 0)
        return Status::Invalid(where + "column " + ColumnLetters(i) + " is not valid UTF-8 text");
    cells_ += cells.size();
    text_ += bytes;
    if (cells_ > limits_.max_cells)
      return Status::Invalid(where + "the table has more than " +
                             std::to_string(limits_.max_cells) + " cells");
    if (text_ > limits_.max_text_bytes)
      return Status::Invalid(where + "the table holds more than " + MiB(limits_.max_text_bytes) +
                             " of text");
    if (!have_header_) {
      have_header_ = true;
      table_.header = std::move(cells);
      return Status::Ok();
    }
    if (table_.rows.size() >= limits_.max_rows)
      return Status::Invalid(where + "more than " + std::to_string(limits_.max_rows) +
                             " rows; split the file");
    table_.rows.push_back(TableRow{line, std::move(cells)});
    return Status::Ok();
  }

  Result<Table> Finish() && {
    if (!have_header_) return Status::Invalid("the file has no rows (not even a header)");
    return std::move(table_);
  }

 private:
  const TableLimits& limits_;
  Table table_;
  bool have_header_ = false;
  size_t cells_ = 0;
  size_t text_ = 0;
};

// ----------------------------------------------------------------- CSV ----

struct CsvState {
  TableBuilder* builder;
  const TableLimits* limits;
  std::vector<std::string> cells;
  size_t row_bytes = 0;
  size_t line = 1;          // physical line being fed
  size_t last_row_end = 0;  // line the last complete row ended on
  Status error;             // first error; later callbacks do nothing
};

void CsvField(void* s, size_t len, void* data) {
  auto* st = static_cast<CsvState*>(data);
  if (!st->error.ok()) return;
  st->row_bytes += len;
  if (st->row_bytes > st->limits->max_row_bytes) {
    st->error = Status::Invalid("line " + std::to_string(st->line) + ": the row holds more than " +
                                MiB(st->limits->max_row_bytes) + " of text");
    return;
  }
  std::string& cell = st->cells.emplace_back(s == nullptr ? "" : static_cast<const char*>(s),
                                             s == nullptr ? 0 : len);
  // A line break inside a quoted cell is one "\n", whatever ends the rows.
  if (cell.find('\r') != std::string::npos) {
    size_t w = 0;
    for (size_t r = 0; r < cell.size(); ++r)
      if (!(cell[r] == '\r' && r + 1 < cell.size() && cell[r + 1] == '\n')) cell[w++] = cell[r];
    cell.resize(w);
  }
}

void CsvRow(int /*terminator*/, void* data) {
  auto* st = static_cast<CsvState*>(data);
  if (!st->error.ok()) return;
  // A row ends on the line being fed; the line breaks inside its quoted
  // cells say how many lines earlier it began.
  size_t breaks = 0;
  for (const auto& c : st->cells)
    breaks += static_cast<size_t>(std::count(c.begin(), c.end(), '\n'));
  const size_t start = st->line > breaks ? st->line - breaks : 1;
  st->last_row_end = st->line;
  st->row_bytes = 0;
  st->error = st->builder->AddRow(start, std::move(st->cells));
  st->cells.clear();
}

// The first line after `after` that holds more than blanks.
size_t FirstContentLineAfter(std::string_view text, size_t after) {
  size_t line = 1, i = 0;
  while (i < text.size() && line <= after) {
    if (text[i] == '\n') ++line;
    ++i;
  }
  for (; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
    } else if (text[i] != '\r' && text[i] != ' ' && text[i] != '\t') {
      break;
    }
  }
  return line;
}

Result<Table> ParseCsv(std::string_view text, const TableLimits& limits) {
  TableBuilder builder(limits);
  CsvState st{&builder, &limits, {}, 0, 1, 0, Status::Ok()};
  csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) return Status::Internal("csv_init failed");
  std::unique_ptr<csv_parser, void (*)(csv_parser*)> guard(&p, csv_free);

  // Fed one physical line at a time, so a row's line number is known when
  // libcsv reports its end.
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    if (end - pos > limits.max_row_bytes)
      return Status::Invalid("line " + std::to_string(st.line) + " is longer than " +
                             MiB(limits.max_row_bytes) + "; is this a CSV file?");
    const size_t n = csv_parse(&p, text.data() + pos, end - pos, CsvField, CsvRow, &st);
    if (!st.error.ok()) return st.error;
    // A quoted cell still open grows inside libcsv, line after line.
    if (p.entry_pos + st.row_bytes > limits.max_row_bytes)
      return Status::Invalid("line " + std::to_string(st.line) + ": the row holds more than " +
                             MiB(limits.max_row_bytes) + " of text (a quote never closed?)");
    if (n != end - pos) {
      if (csv_error(&p) == CSV_EPARSE)
        return Status::Invalid("line " + std::to_string(st.line) +
                               ": a quote (\") in the middle of a cell, or text after a closing "
                               "quote; inside a quoted cell write a quote as \"\"");
      return Status::Invalid(std::string("line ") + std::to_string(st.line) + ": " +
                             csv_strerror(csv_error(&p)));
    }
    pos = end;
    if (nl != std::string_view::npos) ++st.line;
  }
  // The last line was counted as one more if the text ends with a newline.
  if (!text.empty() && text.back() == '\n') --st.line;
  if (csv_fini(&p, CsvField, CsvRow, &st) != 0) {
    const size_t start = FirstContentLineAfter(text, st.last_row_end);
    return Status::Invalid("line " + std::to_string(start) +
                           ": a quoted cell (starting with \") is never closed");
  }
  if (!st.error.ok()) return st.error;
  return std::move(builder).Finish();
}

Result<Table> ReadCsv(std::string_view bytes, const TableLimits& limits) {
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF"))
    return Status::Invalid(
        "the file is UTF-16 text (Excel's \"Unicode text\"); save it as \"CSV UTF-8\" or as .xlsx");
  if (bytes.find('\0') != std::string_view::npos)
    return Status::Invalid(
        "the file holds binary data: it is neither CSV text nor an .xlsx workbook");
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    const std::string_view body = bytes.substr(3);
    const Utf8Scan scan = ScanUtf8(body);
    if (scan.bad > 0)
      return Status::Invalid("line " + std::to_string(LineOf(body, scan.first_bad)) +
                             ": not valid UTF-8, although the file starts with a UTF-8 mark");
    return ParseCsv(body, limits);
  }
  const Utf8Scan scan = ScanUtf8(bytes);
  if (scan.bad == 0) return ParseCsv(bytes, limits);
  // GBK text forms a valid UTF-8 sequence only by chance; a file that is
  // mostly valid UTF-8 with a few bad bytes is UTF-8 with a pasted-in cell,
  // and converting it from GB18030 would garble every Chinese character.
  if (scan.multibyte >= 8 * scan.bad)
    return Status::Invalid("line " + std::to_string(LineOf(bytes, scan.first_bad)) +
                           ": not valid UTF-8, although the rest of the file is (text pasted "
                           "from another program?); retype it or save the file as \"CSV UTF-8\"");
  size_t bad = 0;
  bool no_converter = false;
  std::optional<std::string> utf8 = Gb18030ToUtf8(bytes, &bad, &no_converter);
  if (no_converter) return Status::Internal("the GB18030 converter (glibc iconv) is not installed");
  if (!utf8)
    return Status::Invalid(
        "line " + std::to_string(LineOf(bytes, bad)) +
        ": the text is neither UTF-8 nor GBK/GB18030; save the file as \"CSV UTF-8\"");
  return ParseCsv(*utf8, limits);
}

// ---------------------------------------------------------------- xlsx ----

// A read-only zip archive over a caller-owned buffer.
class ZipArchive {
 public:
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;
  ~ZipArchive() {
    if (za_ != nullptr) zip_discard(za_);
  }

  static Result<std::unique_ptr<ZipArchive>> Open(std::string_view bytes,
                                                  const TableLimits& limits) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src == nullptr) {
      zip_error_fini(&err);
      return Status::Internal("zip_source_buffer_create failed");
    }
    zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (za == nullptr) {
      zip_source_free(src);
      std::string why = zip_error_strerror(&err);
      zip_error_fini(&err);
      return Status::Invalid("the .xlsx file is damaged or incomplete (" + why +
                             "); save it again from Excel, or save it as CSV");
    }
    zip_error_fini(&err);
    auto archive = std::unique_ptr<ZipArchive>(new ZipArchive(za, limits.max_xlsx_uncompressed));
    const zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || static_cast<uint64_t>(n) > limits.max_xlsx_entries)
      return Status::Invalid("the .xlsx file holds more than " +
                             std::to_string(limits.max_xlsx_entries) +
                             " parts; not a workbook the importer reads");
    return archive;
  }

  // The entry named `name` (case-insensitive); nullopt when absent. Counts
  // what it inflates against the archive's budget.
  Result<std::optional<std::string>> Read(const std::string& name) {
    const zip_int64_t idx = zip_name_locate(za_, name.c_str(), ZIP_FL_NOCASE);
    if (idx < 0) return std::optional<std::string>();
    const auto index = static_cast<zip_uint64_t>(idx);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za_, index, 0, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0)
      return Damaged(name);
    if (st.size > budget_) return TooLarge();
    zip_file_t* f = zip_fopen_index(za_, index, 0);
    if (f == nullptr)
      return Status::Invalid(
          "cannot read " + name + " in the .xlsx file (" + zip_strerror(za_) +
          "); a password-protected or damaged workbook? save it again without a password");
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> guard(f, zip_fclose);
    std::string out;
    out.reserve(static_cast<size_t>(st.size));
    char buf[1 << 16];
    for (;;) {
      const zip_int64_t got = zip_fread(f, buf, sizeof buf);
      if (got < 0) return Damaged(name);
      if (got == 0) break;
      if (static_cast<uint64_t>(got) > budget_) return TooLarge();
      budget_ -= static_cast<size_t>(got);
      out.append(buf, static_cast<size_t>(got));
    }
    return std::optional<std::string>(std::move(out));
  }

 private:
  ZipArchive(zip_t* za, size_t budget) : za_(za), budget_(budget), limit_(budget) {}
  Status Damaged(const std::string& name) {
    return Status::Invalid("the .xlsx file is damaged (" + name + " cannot be read: " +
                           zip_strerror(za_) + "); save it again from Excel, or save it as CSV");
  }
  Status TooLarge() const {
    return Status::Invalid("the .xlsx file unpacks to more than " + MiB(limit_) +
                           "; split it, or save it as CSV");
  }
  zip_t* za_;
  size_t budget_;
  size_t limit_;
};

std::string_view LocalName(const char* qname) {
  std::string_view n(qname);
  const size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
  return {};
}

// The attribute with local name `local` in a namespace (a prefixed name), as
// r:id is; any prefix is accepted, since writers choose their own.
pugi::xml_attribute PrefixedAttr(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    std::string_view n(a.name());
    if (n.find(':') != std::string_view::npos && LocalName(a.name()) == local) return a;
  }
  return {};
}

Status ParseXml(pugi::xml_document& doc, const std::string& xml, const std::string& part) {
  const pugi::xml_parse_result r =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!r)
    return Status::Invalid("the .xlsx file is damaged (" + part + ": " + r.description() +
                           "); save it again from Excel, or save it as CSV");
  return Status::Ok();
}

// Text of a shared or inline string: its <t>, or the <t> of every rich-text
// run <r>; phonetic guides (<rPh>) are not part of the text.
std::string StringItemText(pugi::xml_node si) {
  std::string s;
  for (pugi::xml_node c = si.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view n = LocalName(c.name());
    if (n == "t") {
      s += c.text().get();
    } else if (n == "r") {
      if (pugi::xml_node t = Child(c, "t")) s += t.text().get();
    }
  }
  return s;
}

// "xl/worksheets/sheet1.xml" from a relationship target, relative to xl/.
std::string ResolvePart(std::string_view target) {
  std::string path = target.empty() || target[0] != '/' ? "xl/" + std::string(target)
                                                        : std::string(target.substr(1));
  std::vector<std::string> parts;
  size_t b = 0;
  while (b <= path.size()) {
    size_t e = path.find('/', b);
    if (e == std::string::npos) e = path.size();
    std::string seg = path.substr(b, e - b);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(std::move(seg));
    }
    b = e + 1;
  }
  std::string r;
  for (const auto& p : parts) r += (r.empty() ? "" : "/") + p;
  return r;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Whether a number format shows a date: the built-in date formats (with the
// Chinese locale's 27-31, 36, 50-58) or a custom code with a year or day.
bool IsDateFormatId(unsigned id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 ||
         (id >= 50 && id <= 54) || id == 57 || id == 58;
}

bool IsDateFormatCode(std::string_view code) {
  bool quoted = false, bracket = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      quoted = c != '"';
    } else if (bracket) {
      bracket = c != ']';
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[') {
      bracket = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is shown literally, or is padding
    } else if (c == ';') {
      break;  // the first section decides
    } else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D') {
      return true;
    }
  }
  return false;
}

// "YYYY-MM-DD" (and " HH:MM:SS" when there is a time of day) for an Excel
// serial day number; nullopt when it names no real day.
std::optional<std::string> SerialToDate(std::string_view v, bool date1904) {
  double x = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(x) || x < 1 || x > 2958465)
    return std::nullopt;
  auto day = static_cast<int32_t>(std::floor(x));
  auto secs = static_cast<int32_t>(std::lround((x - day) * 86400.0));
  if (secs >= 86400) {
    ++day;
    secs -= 86400;
  }
  Date d;
  if (date1904) {
    d.days = Date::FromCivil(1904, 1, 1).days + day;
  } else {
    if (day == 60) return std::nullopt;  // 1900-02-29, a day Excel invents
    d.days = Date::FromCivil(1899, 12, day < 60 ? 31 : 30).days + day;
  }
  std::string s = FormatDate(d);
  if (secs != 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
    s += buf;
  }
  return s;
}

// Column (0-based) and row of an "AB12" reference; false when malformed.
bool ParseCellRef(std::string_view ref, size_t* col, size_t* row) {
  size_t i = 0, c = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3)
    c = c * 26 + static_cast<size_t>(ref[i++] - 'A' + 1);
  if (c == 0 || i == ref.size()) return false;
  size_t r = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9' || r > 10'000'000) return false;
    r = r * 10 + static_cast<size_t>(ref[i] - '0');
  }
  if (r == 0) return false;
  *col = c - 1;
  *row = r;
  return true;
}

bool ParseIndex(const char* s, size_t* out) {
  std::string_view v(s);
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), *out);
  return ec == std::errc() && p == v.data() + v.size() && !v.empty();
}

Result<Table> ReadXlsx(std::string_view bytes, const TableLimits& limits) {
  auto opened = ZipArchive::Open(bytes, limits);
  if (!opened.ok()) return opened.status();
  ZipArchive& zip = **opened;

  auto workbook_xml = zip.Read("xl/workbook.xml");
  if (!workbook_xml.ok()) return workbook_xml.status();
  if (!*workbook_xml)
    return Status::Invalid(
        "the file is a zip archive but not an Excel workbook (no xl/workbook.xml)");
  pugi::xml_document workbook;
  if (Status s = ParseXml(workbook, **workbook_xml, "xl/workbook.xml"); !s.ok()) return s;
  const pugi::xml_node wb = workbook.document_element();
  bool date1904 = false;
  if (pugi::xml_node pr = Child(wb, "workbookPr")) {
    const std::string_view v = pr.attribute("date1904").as_string();
    date1904 = v == "1" || v == "true";
  }
  pugi::xml_node first_sheet = Child(Child(wb, "sheets"), "sheet");
  if (!first_sheet) return Status::Invalid("the workbook has no sheet");
  const std::string sheet_rid = PrefixedAttr(first_sheet, "id").as_string();

  // Parts by relationship; the usual names when the relationships are absent.
  std::string sheet_part = "xl/worksheets/sheet1.xml";
  std::string strings_part = "xl/sharedStrings.xml";
  std::string styles_part = "xl/styles.xml";
  auto rels_xml = zip.Read("xl/_rels/workbook.xml.rels");
  if (!rels_xml.ok()) return rels_xml.status();
  if (*rels_xml) {
    pugi::xml_document rels;
    if (Status s = ParseXml(rels, **rels_xml, "xl/_rels/workbook.xml.rels"); !s.ok()) return s;
    for (pugi::xml_node r = rels.document_element().first_child(); r; r = r.next_sibling()) {
      if (r.type() != pugi::node_element || LocalName(r.name()) != "Relationship") continue;
      const std::string_view type = r.attribute("Type").as_string();
      const std::string target = ResolvePart(r.attribute("Target").as_string());
      if (!sheet_rid.empty() && sheet_rid == r.attribute("Id").as_string()) sheet_part = target;
      if (EndsWith(type, "/sharedStrings")) strings_part = target;
      if (EndsWith(type, "/styles")) styles_part = target;
    }
  }

  std::vector<std::string> shared;
  {
    auto xml = zip.Read(strings_part);
    if (!xml.ok()) return xml.status();
    if (*xml) {
      pugi::xml_document doc;
      if (Status s = ParseXml(doc, **xml, strings_part); !s.ok()) return s;
      for (pugi::xml_node si = doc.document_element().first_child(); si; si = si.next_sibling())
        if (si.type() == pugi::node_element && LocalName(si.name()) == "si")
          shared.push_back(StringItemText(si));
    }
  }

  std::vector<bool> date_style;  // by cell style index (the xf's position in cellXfs)
  {
    auto xml = zip.Read(styles_part);
    if (!xml.ok()) return xml.status();
    if (*xml) {
      pugi::xml_document doc;
      if (Status s = ParseXml(doc, **xml, styles_part); !s.ok()) return s;
      const pugi::xml_node ss = doc.document_element();
      std::vector<std::pair<unsigned, bool>> custom;
      for (pugi::xml_node f = Child(ss, "numFmts").first_child(); f; f = f.next_sibling())
        if (f.type() == pugi::node_element)
          custom.emplace_back(f.attribute("numFmtId").as_uint(),
                              IsDateFormatCode(f.attribute("formatCode").as_string()));
      for (pugi::xml_node xf = Child(ss, "cellXfs").first_child(); xf; xf = xf.next_sibling()) {
        if (xf.type() != pugi::node_element) continue;
        const unsigned id = xf.attribute("numFmtId").as_uint();
        bool is_date = IsDateFormatId(id);
        for (const auto& [cid, d] : custom)
          if (cid == id) is_date = d;
        date_style.push_back(is_date);
      }
    }
  }

  auto sheet_xml = zip.Read(sheet_part);
  if (!sheet_xml.ok()) return sheet_xml.status();
  if (!*sheet_xml)
    return Status::Invalid("the .xlsx file lacks its first sheet (" + sheet_part + ")");
  pugi::xml_document sheet;
  if (Status s = ParseXml(sheet, **sheet_xml, sheet_part); !s.ok()) return s;
  sheet_xml->reset();  // the DOM holds its own copy

  TableBuilder builder(limits);
  size_t prev_row = 0;
  for (pugi::xml_node row = Child(sheet.document_element(), "sheetData").first_child(); row;
       row = row.next_sibling()) {
    if (row.type() != pugi::node_element || LocalName(row.name()) != "row") continue;
    size_t rnum = prev_row + 1;
    if (pugi::xml_attribute ra = row.attribute("r")) {
      if (!ParseIndex(ra.value(), &rnum) || rnum <= prev_row || rnum > 10'000'000)
        return Status::Invalid("the .xlsx file is damaged (row " + std::string(ra.value()) +
                               " out of order, after row " + std::to_string(prev_row) + ")");
    }
    prev_row = rnum;
    const std::string where = "line " + std::to_string(rnum) + ": ";
    std::vector<std::string> cells;
    size_t next_col = 0;
    for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element || LocalName(c.name()) != "c") continue;
      size_t col = next_col, ref_row = rnum;
      if (pugi::xml_attribute ra = c.attribute("r")) {
        if (!ParseCellRef(ra.value(), &col, &ref_row) || ref_row != rnum || col < next_col)
          return Status::Invalid(where + "the .xlsx file is damaged (cell reference \"" +
                                 std::string(ra.value()) + "\" out of place)");
      }
      next_col = col + 1;
      const std::string_view type = c.attribute("t").as_string();
      const pugi::xml_node v = Child(c, "v");
      std::string text;
      if (type == "s") {
        size_t i = 0;
        if (v && (!ParseIndex(v.text().get(), &i) || i >= shared.size()))
          return Status::Invalid(where + "the .xlsx file is damaged (cell " + ColumnLetters(col) +
                                 " names a shared string that does not exist)");
        if (v) text = shared[i];
      } else if (type == "inlineStr") {
        if (pugi::xml_node is = Child(c, "is")) text = StringItemText(is);
      } else if (type == "d") {
        text = v.text().get();
        if (EndsWith(text, "T00:00:00") || EndsWith(text, "T00:00:00Z")) text.resize(10);
      } else {
        text = v.text().get();  // n (number), b (1/0), e (#N/A), str (formula text)
        if ((type.empty() || type == "n") && !text.empty()) {
          size_t style = 0;
          if (ParseIndex(c.attribute("s").as_string(), &style) && style < date_style.size() &&
              date_style[style])
            if (auto d = SerialToDate(text, date1904)) text = std::move(*d);
        }
      }
      if (text.empty()) continue;
      if (col >= limits.max_columns)
        return Status::Invalid(where + "a value in column " + ColumnLetters(col) + ", past the " +
                               std::to_string(limits.max_columns) + " columns the importer reads");
      cells.resize(col + 1);
      cells[col] = std::move(text);
    }
    if (Status s = builder.AddRow(rnum, std::move(cells)); !s.ok()) return s;
  }
  return std::move(builder).Finish();
}

}  // namespace

Result<Table> ReadTable(std::string_view bytes, const TableLimits& limits) {
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4) ||
      bytes.substr(0, 4) == std::string_view("PK\x05\x06", 4))
    return ReadXlsx(bytes, limits);
  if (bytes.substr(0, 4) == "\xD0\xCF\x11\xE0")
    return Status::Invalid(
        "the file is an old Excel .xls workbook or a password-protected one; save it as .xlsx "
        "(without a password) or as CSV");
  return ReadCsv(bytes, limits);
}

}  // namespace leye
