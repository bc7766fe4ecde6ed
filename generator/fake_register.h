// A seeded generator of realistic, FAKE register data for the demo, the tests
// and the benchmarks: households of Hunan poverty-alleviation counties, their
// working-age members, employers (relocation-site workshops, public-welfare
// posts, cooperatives, enterprises near and far), postings, training courses
// and the placements already in force.
//
// Everything generated is invented: names are combinations of common
// characters, ID numbers carry sequence numbers 9xx (rarely issued) and a
// valid check character, phone numbers are 13x0000xxxx. None of it describes a
// real person; none of it may be imported into a real register.
//
// Pure: no I/O, no clock (`today` is an option), no global state. The same
// options give the same output byte for byte on every machine: the random
// numbers and every draw are the generator's own (generator/rng.h), and the
// geometry is integer arithmetic (generator/regions.h).
//
// Guarantees of a generated register (the tests check them):
// - every id is valid ([A-Za-z0-9_-]{1,64}) and unique within its kind; every
//   reference resolves (worker -> household, posting -> employer, placement ->
//   worker and posting);
// - every ID number is valid, unique, has the household's county as its first
//   6 digits, a sequence number 9xx of the right parity for the sex, and gives
//   an age of 16..70 on `today`;
// - relocated households have a site; every worker has a non-empty hours list;
//   skills and postings use occupation codes of OccupationCatalog();
// - placements start before `today`; an active one has no end date or one
//   after `today`; an ended one ended before `today`; no worker has more than
//   one active placement; no posting has more active placements than slots;
// - trainings start after `today`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "matcher/date.h"
#include "matcher/model.h"

namespace leye {

struct GeneratedRegister {
  std::vector<Household> households;
  std::vector<Worker> workers;
  std::vector<Employer> employers;
  std::vector<Posting> postings;
  std::vector<Training> trainings;
  std::vector<Placement> placements;
  bool operator==(const GeneratedRegister&) const = default;
};

struct GeneratorOptions {
  // Seed of every random draw. Same options, same output.
  uint64_t seed = 1;
  // The day the register describes: placements start before it, trainings
  // start after it, ages are counted on it.
  Date today;
  // 6-digit Hunan county codes (43xxxx), e.g. 430523 邵阳县, 433130 龙山县,
  // 431228 芷江侗族自治县. Households are shared evenly among them; duplicates
  // are ignored. Empty: {"430523"}. Codes unknown to generator/regions.cc
  // still work, with a stand-in name and position.
  std::vector<std::string> counties;
  // Households across all counties.
  size_t households = 300;
  // Share of households relocated to a site (易地扶贫搬迁户).
  double relocated_share = 0.6;
  // Mean worker records per household (1..6 members of working age 16..70);
  // clamped to 1..6.
  double workers_per_household = 2.2;
  // Postings across all counties; 0 = about households / 4.5 (a county of
  // 30 000 workers gets about 3 000 postings of 1-50 slots, ~10 600 slots).
  size_t postings = 0;
  // Training courses; 0 = about postings / 20.
  size_t trainings = 0;
  // Share of willing workers (able, wants_work) holding an active placement
  // on `today`; besides these, some workers have ended placements.
  double placed_share = 0.25;
};

// One county (430523 邵阳县), about 300 households and 660 workers.
GeneratorOptions DemoOptions(uint64_t seed, Date today);
// One county (430523), about 30 000 workers and 3 000 postings.
GeneratorOptions CountyOptions(uint64_t seed, Date today);
// 14 Hunan counties, about 300 000 workers and 30 000 postings (~102 000 slots).
GeneratorOptions ProvinceOptions(uint64_t seed, Date today);

// The register for `opts`. Time and memory are linear in the households and
// postings: the province preset takes under a second (0.7 s on one core of
// the CI machine) and ~220 MB.
// REQUIRES: every county code is 6 digits; 0 <= shares <= 1.
GeneratedRegister Generate(const GeneratorOptions& opts);

}  // namespace leye
