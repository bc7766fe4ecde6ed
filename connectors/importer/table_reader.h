// Reading the bureau's spreadsheets: a CSV file or an Excel workbook (.xlsx)
// held in memory becomes a plain table of UTF-8 text cells. No meaning is
// given to the cells here; record_import.h maps them to records.
//
// Thread safety: ReadTable keeps no state; call it from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "matcher/status.h"

namespace leye {

// One data row. `line` is the row number the user sees: the CSV line the row
// starts on, or the Excel row number (1-based; the header is on line 1 when
// the file starts with it).
struct TableRow {
  size_t line = 0;
  std::vector<std::string> cells;  // UTF-8, trimmed; may be shorter than the header
};

struct Table {
  std::vector<std::string> header;  // the first non-empty row, trimmed
  std::vector<TableRow> rows;       // the rows after it; rows with only empty cells are skipped
};

// Bounds that keep a hostile or broken file from exhausting memory. Every
// limit that is hit makes ReadTable return Invalid, naming the limit.
struct TableLimits {
  size_t max_rows = 1'000'000;                // data rows (the header not counted)
  size_t max_xlsx_uncompressed = 256u << 20;  // bytes inflated out of a .xlsx, all parts read
  size_t max_xlsx_entries = 10'000;           // entries in the zip directory of a .xlsx
  size_t max_columns = 1024;                  // cells in one row (Excel's own limit is 16384)
  size_t max_row_bytes = 1u << 20;            // text in one row; also one CSV line's length
  size_t max_cells = 30'000'000;              // cells in the whole table, gaps included
  size_t max_text_bytes = 512u << 20;         // text in the whole table (shared strings repeat)
};

// Reads CSV or .xlsx from `bytes` (an .xlsx is recognised by the zip
// signature "PK\x03\x04"; anything else is read as CSV).
//
// CSV: RFC 4180 with strict quoting (a quoted cell may hold commas, quotes
// written "" and line breaks; a stray quote is an error). Encoding: a UTF-8
// byte-order mark is stripped; otherwise valid UTF-8 is taken as it is and
// anything else is converted from GB18030 (the superset of GBK that Chinese
// Excel writes). UTF-16 text is refused with advice.
//
// .xlsx: the first sheet of the workbook (tab order). Shared and inline
// strings give their text (rich-text runs joined), numbers come out as
// written in the file (so an ID number typed into a number cell reads
// "4.30523199001011E+17"), booleans as "1"/"0", error cells as their text
// ("#N/A"), formulas as their cached value. Numbers in a date format become
// "YYYY-MM-DD" (the 1904 date system is honoured). Cells missing between two
// cells are "".
//
// Cells are trimmed of surrounding spaces (ASCII, tab and the ideographic
// space U+3000). Errors are Invalid with a message a bureau clerk can act on,
// naming the line where one applies; a broken or hostile file never crashes.
Result<Table> ReadTable(std::string_view bytes, const TableLimits& limits = {});

}  // namespace leye
