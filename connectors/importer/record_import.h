// Turning a table read from a bureau's spreadsheet (table_reader.h) into
// records of the register. Each row becomes the JSON body the API would take
// and goes through the same DecodeRecord + Validate, so an imported record
// obeys exactly the rules of one written through the API. The column names,
// cell formats and limits are documented for users in docs/IMPORT.md.
//
// Thread safety: no state; call from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "connectors/importer/table_reader.h"
#include "matcher/model.h"
#include "matcher/status.h"

namespace leye {

// Why one row was not imported. A row with several broken fields gives one
// rejection per broken field.
struct RowRejection {
  size_t line = 0;     // TableRow::line of the row
  std::string field;   // the column as named in the file's header ("身份证号"),
                       // "column F" for a value under no header, or the JSON
                       // pointer ("/helper") when no single column is at fault
  std::string reason;  // e.g. "check digit is wrong (ISO 7064 MOD 11-2)"
  bool operator==(const RowRejection&) const = default;
};

struct ImportBatch {
  std::vector<Record> accepted;        // in file order
  std::vector<size_t> accepted_lines;  // accepted[i] came from line accepted_lines[i]
  std::vector<RowRejection> rejected;  // by line, then by column order in the file
  size_t rows = 0;                     // data rows read (table.rows.size())
};

// Maps each row of `table` to a record of `kind` and sorts it into accepted
// or rejected. Every broken field of a row is reported: a cell that cannot be
// read as its column's type (with the formats it accepts), an empty cell of a
// required field ("is required"), a value rule of Validate (mapped from its
// JSON pointer back to the column: "/willingness/hours/1" -> the hours
// column), and an id already used by an earlier row of the same file ("duplicate
// id in this file, first on line N"; the later row is the one rejected).
//
// Returns Status::Invalid, importing nothing, when the header does not fit
// `kind`: an unknown column, a column given twice (also under two names,
// "id" and "户编号"), or a missing required column. The status's message
// names every such column; errors() holds one FieldError per problem (the
// missing field's pointer, or "" for an unknown/duplicate column).
//
// Pure and deterministic: the same table gives the same batch, so importing a
// file twice upserts the same records (ids come from the file).
Result<ImportBatch> ImportTable(Kind kind, const Table& table);

// One column a file of some kind may have, for templates and documentation.
struct ImportColumn {
  std::string field;               // dotted field path: "willingness.hours"
  std::vector<std::string> names;  // accepted Chinese header names, preferred first
  bool required = false;           // the header must have it
  std::string format;              // how a cell is written, e.g. "是/否"
};
std::vector<ImportColumn> ImportColumns(Kind kind);

}  // namespace leye
