// Value rules of the register's records (ARCHITECTURE.md, Data model).
//
// The JSON codec checks shape (presence, types, enum names); these functions
// check values, on records however they were made (API body, spreadsheet
// row, generator). Callers merge both lists, so a client sees every problem
// at once.
//
// Each broken rule gives one FieldError {pointer, message}: `pointer` is a
// JSON Pointer relative to the record ("/skills/2/level"), `message` names
// the rule in plain English ("must be between 1 and 5"). An empty vector
// means the record is valid. Errors come in the data model's field order.
// Pure and thread-safe; linear in the record's size (duplicate checks are
// quadratic in the length of one list, which is short).
//
// Rules:
//   all        id: [A-Za-z0-9_-]{1,64}; references (household, employer,
//              worker, posting) likewise; region: 6 digits; location: lat
//              -90..90, lng -180..180 (NaN is out of range)
//   household  site non-empty when relocated; helper.name non-empty,
//              helper.phone 5..20 characters of digits, '+', '-', ' '
//   worker     name 1..64 characters; id_number per IdNumberProblem; skills
//              (also posting.required_skills, training.teaches): code an
//              occupation code, level 1..5, no code twice; willingness:
//              categories occupation codes, max_commute_km 0..20000, hours
//              non-empty without repeats, min_monthly_wage 0..1000000
//   employer   name 1..200 characters
//   posting    title 1..200 characters, occupation a code, slots 0..100000,
//              monthly_wage 0..1000000, contract_months 0..600, age_min and
//              age_max 16..100 with age_min <= age_max
//   training   provider and title 1..200 characters, seats 0..100000,
//              start_date <= end_date
//   placement  expected_months 0..600, end_date >= start_date, a posting
//              when kind is matched
// Lengths in characters are counted in Unicode code points (a Chinese name
// of 3 characters is 3, not 9).
#pragma once

#include <vector>

#include "matcher/model.h"
#include "matcher/status.h"

namespace leye {

std::vector<FieldError> Validate(const Record& r);
std::vector<FieldError> Validate(const Household& h);
std::vector<FieldError> Validate(const Worker& w);
std::vector<FieldError> Validate(const Employer& e);
std::vector<FieldError> Validate(const Posting& p);
std::vector<FieldError> Validate(const Training& t);
std::vector<FieldError> ValidatePlacement(const Placement& p);

}  // namespace leye
