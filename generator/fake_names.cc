// Name pools. Kept as arrays of UTF-8 string_views (one Chinese character is
// three bytes; picking whole entries keeps every name valid UTF-8).
#include "generator/fake_names.h"

#include <array>

namespace leye::gen {
namespace {

struct Weighted {
  std::string_view text;
  int weight;
};

// Common surnames with rough weights; Hunan's own (彭 谭 向 龙 田 ...) heavier
// than national averages.
constexpr std::array kSurnames = std::to_array<Weighted>({
    {"刘", 60}, {"李", 60}, {"陈", 45}, {"王", 45}, {"张", 40}, {"周", 30}, {"彭", 28}, {"谭", 26},
    {"胡", 25}, {"罗", 25}, {"邓", 24}, {"唐", 24}, {"曾", 22}, {"杨", 30}, {"黄", 22}, {"吴", 22},
    {"肖", 18}, {"龙", 16}, {"向", 16}, {"田", 14}, {"贺", 12}, {"蒋", 12}, {"廖", 12}, {"颜", 8},
    {"石", 10}, {"舒", 6},  {"夏", 8},  {"邹", 10}, {"易", 10}, {"袁", 10}, {"戴", 8},  {"姚", 8},
    {"何", 14}, {"朱", 12}, {"谢", 12}, {"梁", 8},  {"宋", 8},  {"许", 8},  {"郭", 10}, {"邵", 6},
    {"尹", 6},  {"雷", 6},  {"钟", 6},  {"段", 6},  {"文", 8},  {"伍", 6},  {"阳", 5},  {"粟", 4},
    {"覃", 4},  {"符", 4},  {"卢", 6},  {"毛", 6},  {"麻", 3},  {"滕", 3},  {"蒲", 3},  {"欧阳", 4},
    {"孙", 8},  {"马", 6},  {"高", 8},  {"林", 8},  {"郑", 6},  {"汤", 5},  {"姜", 4},
});

constexpr std::array<std::string_view, 48> kMaleChars = {
    "伟", "强", "军", "勇", "杰", "涛", "明", "辉", "鹏", "华", "建", "国", "平", "志", "斌", "文",
    "龙", "海", "波", "林", "峰", "刚", "东", "春", "云", "生", "德", "福", "贵", "才", "宏", "新",
    "成", "祥", "金", "清", "亮", "松", "宇", "浩", "俊", "超", "磊", "鑫", "立", "正", "永", "光"};
constexpr std::array<std::string_view, 40> kFemaleChars = {
    "芳", "娟", "敏", "静", "丽", "艳", "霞", "红", "玲", "燕", "梅", "英", "兰", "秀",
    "琴", "萍", "莉", "娜", "凤", "桂", "珍", "婷", "雪", "倩", "慧", "翠", "花", "群",
    "娥", "菊", "香", "月", "云", "丹", "欢", "洁", "琳", "莹", "春", "妹"};
constexpr std::array<std::string_view, 20> kOlderMale = {
    "建国", "国华", "国平", "志强", "德明", "长生", "福生", "金生", "建华", "国庆",
    "新民", "卫东", "红军", "德华", "永生", "满生", "桂生", "和平", "树林", "跃进"};
constexpr std::array<std::string_view, 20> kOlderFemale = {
    "秀英", "桂英", "秀兰", "桂兰", "春梅", "冬梅", "玉梅", "金花", "满秀", "翠兰",
    "玉兰", "桂香", "秀珍", "淑华", "菊香", "凤英", "银花", "月娥", "桂花", "秀梅"};

constexpr std::array<std::string_view, 48> kPlaceFirst = {
    "青", "石", "白", "黄", "龙", "金", "桃", "柳", "松", "竹", "梅", "枫", "新", "和", "安", "太",
    "平", "长", "高", "大", "小", "上", "下", "东", "西", "南", "北", "云", "凤", "马", "牛", "花",
    "茶", "杉", "枣", "桐", "岩", "沙", "九", "三", "五", "七", "双", "清", "罗", "塘", "麻", "杨"};
constexpr std::array<std::string_view, 32> kPlaceSecond = {
    "溪", "坪", "塘", "桥", "江", "山", "岭", "冲", "湾", "口", "田", "铺", "坳", "河", "洲", "市",
    "坡", "泉", "源", "峰", "湖", "滩", "寨", "坝", "岗", "潭", "林", "阳", "水", "头", "陂", "垅"};

constexpr std::array<std::string_view, 20> kSiteWords = {
    "幸福", "和谐", "阳光", "康居", "安居", "福泰", "丰收", "锦绣", "兴旺", "民安",
    "乐业", "新村", "朝阳", "和美", "惠民", "同心", "振兴", "美丽", "安康", "新城"};

constexpr std::array<std::string_view, 32> kTradeFirst = {
    "鑫", "华", "宏", "恒", "金", "瑞", "盛", "兴", "永", "佳", "康", "天", "旺", "隆", "中", "裕",
    "富", "立", "湘", "楚", "新", "顺", "达", "信", "安", "鸿", "锦", "利", "嘉", "昌", "众", "祥"};
constexpr std::array<std::string_view, 32> kTradeSecond = {
    "华", "达", "泰", "通", "源", "丰", "盛", "兴", "安", "美", "成", "发", "鑫", "和", "业", "民",
    "信", "隆", "辉", "阳", "宇", "远", "祥", "福", "泽", "润", "昇", "昊", "德", "晟", "越", "诚"};

template <size_t N>
std::string_view Any(Rng& rng, const std::array<std::string_view, N>& a) {
  return a[rng.Below(N)];
}

}  // namespace

std::string_view FakeSurname(Rng& rng) {
  return rng
      .WeightedPick(std::span<const Weighted>(kSurnames),
                    [](const Weighted& w) { return w.weight; })
      .text;
}

std::string FakeGivenName(Rng& rng, Sex sex, int birth_year) {
  const bool male = sex == Sex::kMale;
  if (birth_year < 1975 && rng.Chance(0.4))
    return std::string(male ? Any(rng, kOlderMale) : Any(rng, kOlderFemale));
  std::string name(male ? Any(rng, kMaleChars) : Any(rng, kFemaleChars));
  if (rng.Chance(0.75)) name += male ? Any(rng, kMaleChars) : Any(rng, kFemaleChars);
  return name;
}

std::string FakePersonName(Rng& rng, Sex sex, int birth_year) {
  std::string name(FakeSurname(rng));
  name += FakeGivenName(rng, sex, birth_year);
  return name;
}

std::string FakePlaceName(Rng& rng) {
  std::string name(Any(rng, kPlaceFirst));
  name += Any(rng, kPlaceSecond);
  return name;
}

std::string_view FakeSiteWord(Rng& rng) { return Any(rng, kSiteWords); }

std::string FakeTradeName(Rng& rng, bool long_form) {
  std::string name(Any(rng, kTradeFirst));
  name += Any(rng, kTradeSecond);
  if (long_form) name += Any(rng, kTradeSecond);
  return name;
}

}  // namespace leye::gen
