// What the fake employers do: lines of business, each with the occupations it
// hires for, its wage range and contract habits, grouped by where the work is
// (workshop at a relocation site, cooperative, enterprise in the county, in a
// Hunan city, in Guangdong or Zhejiang), plus the public-welfare agencies and
// how common each occupation is among workers by sex. Every code is in
// OccupationCatalog().
#pragma once

#include <span>
#include <string_view>

namespace leye::gen {

struct JobShare {
  std::string_view code;  // occupation code
  int weight;
};

struct JobLine {
  std::string_view product;  // in the employer's name: "制衣"
  std::string_view suffix;   // "扶贫车间", "专业合作社", "有限公司", "大酒店" ...
  std::span<const JobShare> jobs;
  int wage_lo;  // monthly, yuan
  int wage_hi;
  int weight;      // how common among the employers of its market
  bool home_work;  // piece work often done part-time or at home
  bool seasonal;   // contracts mostly temporary (3 or 6 months)
};

enum class Market { kWorkshop, kCooperative, kLocal, kHunanCity, kGuangdong, kZhejiang };

std::span<const JobLine> LinesFor(Market m);

// Employers of public-welfare posts: a county agency ("<county>林业局") or a
// township government ("<town>人民政府", per_town).
struct Agency {
  std::string_view name;
  bool per_town;
  std::span<const JobShare> jobs;
  int weight;
};
std::span<const Agency> PublicWelfareAgencies();

// How common an occupation is among the workers' skills and wishes, by sex.
struct SkillShare {
  std::string_view code;
  int male;
  int female;
};
std::span<const SkillShare> WorkerSkillShares();

}  // namespace leye::gen
