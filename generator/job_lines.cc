// The tables behind job_lines.h. Weights are rough impressions of county
// employment-assistance work in Hunan (workshops sew and assemble, public
// posts clean and guard forests, migrants go to Guangdong factories), not
// statistics.
#include "generator/job_lines.h"

#include <array>

namespace leye::gen {
namespace {

// Occupation codes, named once.
constexpr std::string_view kSewing = "6-05-01-03", kCutting = "6-05-01-02", kPattern = "6-05-01-01",
                           kShoes = "6-05-03-05", kElecAssembly = "6-25-02-05",
                           kElecWiring = "6-25-04-01", kWeaving = "6-09-03-10",
                           kEmbroidery = "6-09-03-05", kToys = "6-09-05-01",
                           kPlastics = "6-14-02-02", kTeaProcessing = "6-02-06-10",
                           kPickles = "6-02-05-02", kMeat = "6-02-04-01", kBakery = "6-02-01-01",
                           kRice = "6-01-01-01", kFurniture = "6-06-04-01", kLathe = "6-18-01-01",
                           kWelder = "6-18-02-04", kMason = "6-29-01-01", kConcrete = "6-29-01-03",
                           kRebar = "6-29-01-04", kScaffold = "6-29-01-05",
                           kDecoration = "6-29-04-01", kExcavator = "6-30-05-01",
                           kElectrician = "6-31-01-03";
constexpr std::string_view kCrops = "5-01-02-01", kVegetables = "5-01-02-03",
                           kOrchard = "5-01-02-04", kTeaGarden = "5-01-02-05",
                           kHerbs = "5-01-02-07", kMushrooms = "5-01-03-02",
                           kSeedlings = "5-02-01-01", kAfforestation = "5-02-02-01",
                           kRanger = "5-02-03-01", kLivestock = "5-03-01-01",
                           kPoultry = "5-03-01-02", kFishFarming = "5-04-01-02",
                           kFarmMachinery = "5-05-01-02";
constexpr std::string_view kSales = "4-01-02-01", kECommerce = "4-01-02-02",
                           kShopAssistant = "4-01-02-03", kBusDriver = "4-02-02-01",
                           kTruckDriver = "4-02-02-02", kRoadMaintenance = "4-02-02-04",
                           kLoader = "4-02-05-01", kWarehouse = "4-02-06-01",
                           kCourier = "4-02-07-08", kParcelSorter = "4-02-07-09",
                           kRoomAttendant = "4-03-01-02", kCook = "4-03-02-01",
                           kPastryCook = "4-03-02-02", kWaiter = "4-03-02-05",
                           kSecurity = "4-07-05-01", kCleaner = "4-09-08-01",
                           kGreening = "4-09-10-01", kInfantCare = "4-10-01-02",
                           kChildcare = "4-10-01-03", kElderCare = "4-10-01-05",
                           kHousekeeping = "4-10-01-06", kHairdresser = "4-10-03-02",
                           kCarRepair = "4-12-01-01", kApplianceRepair = "4-12-02-02";

// Job mixes.
constexpr JobShare kGarmentJobs[] = {{kSewing, 6}, {kCutting, 2}, {kPattern, 1}};
constexpr JobShare kElectronicsJobs[] = {{kElecAssembly, 6}, {kElecWiring, 3}};
constexpr JobShare kElectronicsFactoryJobs[] = {
    {kElecAssembly, 6}, {kElecWiring, 3}, {kPlastics, 2}, {kWarehouse, 1}};
constexpr JobShare kShoeJobs[] = {{kShoes, 5}, {kSewing, 2}};
constexpr JobShare kWeavingJobs[] = {{kWeaving, 1}};
constexpr JobShare kEmbroideryJobs[] = {{kEmbroidery, 1}};
constexpr JobShare kToyJobs[] = {{kToys, 4}, {kSewing, 2}};
constexpr JobShare kToyFactoryJobs[] = {{kToys, 4}, {kPlastics, 2}, {kSewing, 1}};
constexpr JobShare kFoodWorkshopJobs[] = {{kPickles, 3}, {kMeat, 2}, {kBakery, 1}};
constexpr JobShare kTeaJobs[] = {{kTeaProcessing, 4}, {kTeaGarden, 1}};
constexpr JobShare kOilTeaJobs[] = {{kCrops, 3}, {kOrchard, 1}};
constexpr JobShare kTeaGardenJobs[] = {{kTeaGarden, 3}, {kTeaProcessing, 2}};
constexpr JobShare kVegetableJobs[] = {{kVegetables, 1}};
constexpr JobShare kOrchardJobs[] = {{kOrchard, 1}};
constexpr JobShare kHerbJobs[] = {{kHerbs, 1}};
constexpr JobShare kMushroomJobs[] = {{kMushrooms, 1}};
constexpr JobShare kPigJobs[] = {{kLivestock, 1}};
constexpr JobShare kPoultryJobs[] = {{kPoultry, 1}};
constexpr JobShare kFishJobs[] = {{kFishFarming, 1}};
constexpr JobShare kMachineryJobs[] = {{kFarmMachinery, 2}, {kCrops, 1}};
constexpr JobShare kNurseryJobs[] = {{kSeedlings, 2}, {kAfforestation, 1}};
constexpr JobShare kConstructionJobs[] = {{kMason, 4},    {kConcrete, 2},   {kRebar, 2},
                                          {kScaffold, 1}, {kDecoration, 2}, {kElectrician, 1},
                                          {kWelder, 1},   {kExcavator, 1}};
constexpr JobShare kPropertyJobs[] = {
    {kSecurity, 4}, {kCleaner, 4}, {kGreening, 1}, {kElectrician, 1}};
constexpr JobShare kCateringJobs[] = {{kCook, 3}, {kPastryCook, 1}, {kWaiter, 4}};
constexpr JobShare kHotelJobs[] = {{kRoomAttendant, 3}, {kWaiter, 2}, {kCook, 1}, {kSecurity, 1}};
constexpr JobShare kHomeServiceJobs[] = {
    {kHousekeeping, 4}, {kElderCare, 2}, {kInfantCare, 2}, {kChildcare, 1}};
constexpr JobShare kNursingHomeJobs[] = {{kElderCare, 5}, {kCook, 1}, {kCleaner, 1}};
constexpr JobShare kLogisticsJobs[] = {
    {kCourier, 4}, {kParcelSorter, 2}, {kLoader, 2}, {kWarehouse, 1}, {kTruckDriver, 2}};
constexpr JobShare kECommerceJobs[] = {{kECommerce, 3}, {kSales, 2}, {kWarehouse, 1}};
constexpr JobShare kShopJobs[] = {{kShopAssistant, 4}, {kWarehouse, 1}, {kLoader, 1}};
constexpr JobShare kCarRepairJobs[] = {{kCarRepair, 1}};
constexpr JobShare kTransportJobs[] = {{kBusDriver, 2}, {kTruckDriver, 3}};
constexpr JobShare kFoodFactoryJobs[] = {{kBakery, 2}, {kMeat, 2}, {kRice, 2}, {kLoader, 1}};
constexpr JobShare kFurnitureJobs[] = {{kFurniture, 4}, {kDecoration, 1}};
constexpr JobShare kHairJobs[] = {{kHairdresser, 1}};
constexpr JobShare kApplianceJobs[] = {{kApplianceRepair, 1}};
constexpr JobShare kMachiningJobs[] = {{kWelder, 3}, {kLathe, 2}, {kElectrician, 1}};
constexpr JobShare kLightingJobs[] = {{kElecAssembly, 4}, {kPlastics, 2}, {kElectrician, 1}};
constexpr JobShare kCateringMigrantJobs[] = {{kCook, 2}, {kWaiter, 3}};
constexpr JobShare kSmallGoodsJobs[] = {{kToys, 3}, {kWeaving, 2}, {kWarehouse, 1}, {kLoader, 1}};
constexpr JobShare kKnitJobs[] = {{kSewing, 4}, {kCutting, 1}};
constexpr JobShare kParcelJobs[] = {
    {kCourier, 3}, {kParcelSorter, 3}, {kECommerce, 2}, {kWarehouse, 1}};
constexpr JobShare kForestJobs[] = {{kRanger, 5}, {kAfforestation, 1}};
constexpr JobShare kRoadJobs[] = {{kRoadMaintenance, 1}};
constexpr JobShare kSanitationJobs[] = {{kCleaner, 4}, {kGreening, 1}};
constexpr JobShare kWelfareCentreJobs[] = {{kElderCare, 3}, {kCleaner, 1}};
constexpr JobShare kTownJobs[] = {
    {kCleaner, 4}, {kRanger, 3}, {kRoadMaintenance, 2}, {kSecurity, 1}};

constexpr std::array kWorkshop = std::to_array<JobLine>({
    {"制衣", "扶贫车间", kGarmentJobs, 2000, 3800, 30, false, false},
    {"电子", "扶贫车间", kElectronicsJobs, 2200, 3800, 18, false, false},
    {"鞋业", "扶贫车间", kShoeJobs, 2000, 3500, 8, false, false},
    {"竹编", "扶贫车间", kWeavingJobs, 1800, 3000, 10, true, false},
    {"刺绣", "扶贫车间", kEmbroideryJobs, 1800, 3200, 6, true, false},
    {"玩具", "扶贫车间", kToyJobs, 1800, 3200, 8, true, false},
    {"食品", "扶贫车间", kFoodWorkshopJobs, 2000, 3200, 8, false, false},
    {"茶叶", "扶贫车间", kTeaJobs, 1800, 3000, 7, false, true},
});

constexpr std::array kCooperative = std::to_array<JobLine>({
    {"油茶种植", "专业合作社", kOilTeaJobs, 1800, 2800, 12, false, true},
    {"茶叶种植", "专业合作社", kTeaGardenJobs, 1800, 3000, 10, false, true},
    {"蔬菜种植", "专业合作社", kVegetableJobs, 1800, 2800, 12, false, true},
    {"柑橘种植", "专业合作社", kOrchardJobs, 1800, 2800, 8, false, true},
    {"中药材种植", "专业合作社", kHerbJobs, 1800, 3000, 8, false, true},
    {"食用菌", "专业合作社", kMushroomJobs, 1800, 3000, 8, false, false},
    {"生猪养殖", "专业合作社", kPigJobs, 2200, 3500, 10, false, false},
    {"家禽养殖", "专业合作社", kPoultryJobs, 2000, 3200, 6, false, false},
    {"水产养殖", "专业合作社", kFishJobs, 2000, 3200, 4, false, false},
    {"农机服务", "专业合作社", kMachineryJobs, 2500, 4000, 4, false, true},
    {"苗木", "专业合作社", kNurseryJobs, 1800, 2800, 5, false, true},
});

constexpr std::array kLocal = std::to_array<JobLine>({
    {"建筑工程", "有限公司", kConstructionJobs, 3500, 6500, 14, false, false},
    {"物业管理", "有限公司", kPropertyJobs, 1900, 3200, 12, false, false},
    {"餐饮管理", "有限公司", kCateringJobs, 2200, 4500, 12, true, false},
    {"", "大酒店", kHotelJobs, 2000, 3500, 6, false, false},
    {"家政服务", "有限公司", kHomeServiceJobs, 2500, 5000, 8, true, false},
    {"", "养老院", kNursingHomeJobs, 2200, 3800, 6, false, false},
    {"物流", "有限公司", kLogisticsJobs, 2800, 6000, 10, false, false},
    {"电子商务", "有限公司", kECommerceJobs, 2500, 5000, 6, true, false},
    {"", "超市", kShopJobs, 1900, 3200, 8, true, false},
    {"汽车维修服务", "有限公司", kCarRepairJobs, 2800, 5500, 4, false, false},
    {"运输", "有限公司", kTransportJobs, 4000, 7000, 4, false, false},
    {"食品", "有限公司", kFoodFactoryJobs, 2200, 4000, 6, false, false},
    {"家具", "有限公司", kFurnitureJobs, 2800, 5000, 4, false, false},
    {"", "美发店", kHairJobs, 2200, 4500, 3, true, false},
    {"", "家电维修服务部", kApplianceJobs, 2500, 4500, 2, true, false},
    {"机械制造", "有限公司", kMachiningJobs, 3500, 6500, 4, false, false},
});

constexpr std::array kHunanCity = std::to_array<JobLine>({
    {"建筑工程", "有限公司", kConstructionJobs, 4000, 7000, 14, false, false},
    {"物流", "有限公司", kLogisticsJobs, 3500, 6500, 10, false, false},
    {"餐饮管理", "有限公司", kCateringJobs, 2800, 5000, 8, false, false},
    {"家政服务", "有限公司", kHomeServiceJobs, 3500, 6500, 8, false, false},
    {"电子科技", "有限公司", kElectronicsFactoryJobs, 3500, 5500, 10, false, false},
    {"机械制造", "有限公司", kMachiningJobs, 4000, 7000, 6, false, false},
    {"物业管理", "有限公司", kPropertyJobs, 2500, 4000, 6, false, false},
});

constexpr std::array kGuangdong = std::to_array<JobLine>({
    {"电子", "有限公司", kElectronicsFactoryJobs, 4200, 6500, 20, false, false},
    {"服装", "有限公司", kGarmentJobs, 4500, 7000, 10, false, false},
    {"灯饰电器", "有限公司", kLightingJobs, 4000, 6000, 8, false, false},
    {"玩具", "有限公司", kToyFactoryJobs, 4000, 6000, 6, false, false},
    {"家具", "有限公司", kFurnitureJobs, 4500, 7000, 6, false, false},
    {"物流", "有限公司", kLogisticsJobs, 4500, 7000, 6, false, false},
    {"餐饮管理", "有限公司", kCateringMigrantJobs, 4000, 6000, 4, false, false},
});

constexpr std::array kZhejiang = std::to_array<JobLine>({
    {"饰品", "有限公司", kSmallGoodsJobs, 4000, 6000, 8, false, false},
    {"袜业", "有限公司", kKnitJobs, 4200, 6500, 8, false, false},
    {"供应链", "有限公司", kParcelJobs, 4500, 7000, 8, false, false},
    {"电子", "有限公司", kElectronicsJobs, 4200, 6500, 6, false, false},
});

constexpr std::array kAgencies = std::to_array<Agency>({
    {"林业局", false, kForestJobs, 14},
    {"公路建设养护中心", false, kRoadJobs, 10},
    {"环境卫生管理所", false, kSanitationJobs, 10},
    {"社会福利中心", false, kWelfareCentreJobs, 6},
    {"人民政府", true, kTownJobs, 60},
});

constexpr std::array kSkillShares = std::to_array<SkillShare>({
    {kSewing, 4, 30},       {kCutting, 3, 6},
    {kPattern, 1, 2},       {kShoes, 2, 4},
    {kElecAssembly, 6, 12}, {kElecWiring, 4, 4},
    {kWeaving, 3, 8},       {kEmbroidery, 0, 5},
    {kToys, 2, 4},          {kPlastics, 4, 2},
    {kTeaProcessing, 3, 4}, {kPickles, 1, 3},
    {kMeat, 2, 1},          {kBakery, 2, 2},
    {kRice, 2, 0},          {kFurniture, 5, 0},
    {kLathe, 3, 0},         {kWelder, 8, 0},
    {kMason, 14, 1},        {kConcrete, 8, 0},
    {kRebar, 7, 0},         {kScaffold, 4, 0},
    {kDecoration, 8, 1},    {kExcavator, 5, 0},
    {kElectrician, 8, 0},   {kCrops, 10, 10},
    {kVegetables, 4, 6},    {kOrchard, 4, 4},
    {kTeaGarden, 3, 5},     {kHerbs, 3, 3},
    {kMushrooms, 3, 4},     {kSeedlings, 2, 1},
    {kAfforestation, 3, 1}, {kRanger, 4, 1},
    {kLivestock, 6, 5},     {kPoultry, 3, 5},
    {kFishFarming, 3, 1},   {kFarmMachinery, 5, 0},
    {kSales, 2, 3},         {kECommerce, 3, 4},
    {kShopAssistant, 1, 5}, {kBusDriver, 3, 0},
    {kTruckDriver, 8, 0},   {kRoadMaintenance, 4, 1},
    {kLoader, 6, 0},        {kWarehouse, 3, 2},
    {kCourier, 6, 1},       {kParcelSorter, 3, 3},
    {kRoomAttendant, 0, 4}, {kCook, 6, 5},
    {kPastryCook, 2, 3},    {kWaiter, 2, 7},
    {kSecurity, 8, 0},      {kCleaner, 2, 10},
    {kGreening, 3, 3},      {kInfantCare, 0, 4},
    {kChildcare, 0, 3},     {kElderCare, 1, 7},
    {kHousekeeping, 0, 10}, {kHairdresser, 2, 3},
    {kCarRepair, 5, 0},     {kApplianceRepair, 3, 0},
});

}  // namespace

std::span<const JobLine> LinesFor(Market m) {
  switch (m) {
    case Market::kWorkshop:
      return kWorkshop;
    case Market::kCooperative:
      return kCooperative;
    case Market::kLocal:
      return kLocal;
    case Market::kHunanCity:
      return kHunanCity;
    case Market::kGuangdong:
      return kGuangdong;
    case Market::kZhejiang:
      return kZhejiang;
  }
  return kLocal;
}

std::span<const Agency> PublicWelfareAgencies() { return kAgencies; }
std::span<const SkillShare> WorkerSkillShares() { return kSkillShares; }

}  // namespace leye::gen
