// Two sorted constexpr tables, searched by binary search: the catalogue is
// small and fixed, so a flat array beats any map and needs no start-up
// work. A static_assert keeps the tables sorted and unique, because the
// lookups rely on it.
#include "matcher/occupation_catalog.h"

#include <algorithm>
#include <array>

namespace leye {
namespace {

constexpr std::array kOccupations = std::to_array<Occupation>({
    // 4 社会生产服务和生活服务人员
    {"4-01-02-01", "营销员"},
    {"4-01-02-02", "电子商务师"},
    {"4-01-02-03", "商品营业员"},
    {"4-02-02-01", "道路客运汽车驾驶员"},
    {"4-02-02-02", "道路货运汽车驾驶员"},
    {"4-02-02-04", "公路养护工"},
    {"4-02-05-01", "装卸搬运工"},
    {"4-02-06-01", "仓储管理员"},
    {"4-02-07-08", "快递员"},
    {"4-02-07-09", "快件处理员"},
    {"4-03-01-02", "客房服务员"},
    {"4-03-02-01", "中式烹调师"},
    {"4-03-02-02", "中式面点师"},
    {"4-03-02-05", "餐厅服务员"},
    {"4-07-05-01", "保安员"},
    {"4-09-08-01", "保洁员"},
    {"4-09-10-01", "绿化工"},
    {"4-10-01-02", "育婴员"},
    {"4-10-01-03", "保育员"},
    {"4-10-01-05", "养老护理员"},
    {"4-10-01-06", "家政服务员"},
    {"4-10-03-02", "美发师"},
    {"4-12-01-01", "汽车维修工"},
    {"4-12-02-02", "家用电器产品维修工"},
    // 5 农、林、牧、渔业生产及辅助人员
    {"5-01-02-01", "农艺工"},
    {"5-01-02-03", "蔬菜园艺工"},
    {"5-01-02-04", "果树园艺工"},
    {"5-01-02-05", "茶园工"},
    {"5-01-02-07", "中药材种植员"},
    {"5-01-03-02", "食用菌生产工"},
    {"5-02-01-01", "林木种苗工"},
    {"5-02-02-01", "造林更新工"},
    {"5-02-03-01", "护林员"},
    {"5-03-01-01", "家畜饲养员"},
    {"5-03-01-02", "家禽饲养员"},
    {"5-04-01-02", "水生动物饲养工"},
    {"5-05-01-02", "农机驾驶操作员"},
    // 6 生产制造及有关人员
    {"6-01-01-01", "制米工"},
    {"6-02-01-01", "糕点面包烘焙工"},
    {"6-02-04-01", "肉制品加工工"},
    {"6-02-05-02", "酱腌菜制作工"},
    {"6-02-06-10", "茶叶加工工"},
    {"6-05-01-01", "服装制版师"},
    {"6-05-01-02", "裁剪工"},
    {"6-05-01-03", "缝纫工"},
    {"6-05-03-05", "制鞋工"},
    {"6-06-04-01", "家具制作工"},
    {"6-09-03-05", "抽纱刺绣工"},
    {"6-09-03-10", "编织工"},
    {"6-09-05-01", "玩具制作工"},
    {"6-14-02-02", "塑料制品成型制作工"},
    {"6-18-01-01", "车工"},
    {"6-18-02-04", "焊工"},
    {"6-25-02-05", "电子器件装配工"},
    {"6-25-04-01", "电子设备装接工"},
    {"6-29-01-01", "砌筑工"},
    {"6-29-01-03", "混凝土工"},
    {"6-29-01-04", "钢筋工"},
    {"6-29-01-05", "架子工"},
    {"6-29-04-01", "装饰装修工"},
    {"6-30-05-01", "挖掘铲运和桩工机械司机"},
    {"6-31-01-03", "电工"},
});

constexpr std::array kGroups = std::to_array<Occupation>({
    {"1", "党的机关、国家机关、群众团体和社会组织、企事业单位负责人"},
    {"2", "专业技术人员"},
    {"3", "办事人员和有关人员"},
    {"4", "社会生产服务和生活服务人员"},
    {"4-01", "批发与零售服务人员"},
    {"4-02", "交通运输、仓储和邮政业服务人员"},
    {"4-03", "住宿和餐饮服务人员"},
    {"4-07", "租赁和商务服务人员"},
    {"4-09", "水利、环境和公共设施管理服务人员"},
    {"4-10", "居民服务人员"},
    {"4-12", "修理及制作服务人员"},
    {"5", "农、林、牧、渔业生产及辅助人员"},
    {"5-01", "农业生产人员"},
    {"5-02", "林业生产人员"},
    {"5-03", "畜牧业生产人员"},
    {"5-04", "渔业生产人员"},
    {"5-05", "农、林、牧、渔业生产辅助人员"},
    {"6", "生产制造及有关人员"},
    {"6-01", "农副产品加工人员"},
    {"6-02", "食品、饮料生产加工人员"},
    {"6-05", "纺织品、服装和皮革、毛皮制品加工制作人员"},
    {"6-06", "木材加工、家具与木制品制作人员"},
    {"6-09", "文教、工美、体育和娱乐用品制作人员"},
    {"6-14", "橡胶和塑料制品制造人员"},
    {"6-18", "机械制造基础加工人员"},
    {"6-25", "计算机、通信和其他电子设备制造人员"},
    {"6-29", "建筑施工人员"},
    {"6-30", "运输设备和通用工程机械操作人员及有关人员"},
    {"6-31", "生产辅助人员"},
    {"7", "军人"},
    {"8", "不便分类的其他从业人员"},
});

constexpr bool ByCode(const Occupation& a, const Occupation& b) { return a.code < b.code; }

template <size_t N>
constexpr bool SortedUnique(const std::array<Occupation, N>& t) {
  for (size_t i = 1; i < N; ++i)
    if (!(t[i - 1].code < t[i].code)) return false;
  return true;
}
static_assert(SortedUnique(kOccupations), "kOccupations must be sorted by code, codes unique");
static_assert(SortedUnique(kGroups), "kGroups must be sorted by code, codes unique");

template <size_t N>
const Occupation* Find(const std::array<Occupation, N>& t, std::string_view code) {
  const Occupation key{code, {}};
  auto it = std::lower_bound(t.begin(), t.end(), key, ByCode);
  return (it != t.end() && it->code == code) ? &*it : nullptr;
}

}  // namespace

std::span<const Occupation> OccupationCatalog() { return kOccupations; }
std::span<const Occupation> OccupationGroups() { return kGroups; }

const Occupation* FindOccupation(std::string_view code) { return Find(kOccupations, code); }

std::string_view OccupationNameZh(std::string_view code_or_prefix) {
  std::string_view code = code_or_prefix;
  while (!code.empty()) {
    if (const Occupation* o = Find(kOccupations, code)) return o->name_zh;
    if (const Occupation* g = Find(kGroups, code)) return g->name_zh;
    const size_t dash = code.rfind('-');
    if (dash == std::string_view::npos) break;
    code = code.substr(0, dash);
  }
  return {};
}

std::string_view OccupationFamilyOf(std::string_view code) {
  const size_t first = code.find('-');
  if (first == std::string_view::npos) return code;
  const size_t second = code.find('-', first + 1);
  return second == std::string_view::npos ? code : code.substr(0, second);
}

const std::map<std::string, std::string, std::less<>>& OccupationNameMap() {
  static const std::map<std::string, std::string, std::less<>> names = [] {
    std::map<std::string, std::string, std::less<>> n;
    for (const auto& o : OccupationCatalog()) n.emplace(std::string(o.code), std::string(o.name_zh));
    for (const auto& o : OccupationGroups()) n.emplace(std::string(o.code), std::string(o.name_zh));
    return n;
  }();
  return names;
}

}  // namespace leye
