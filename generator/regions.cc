// Region tables: codes are real GB/T 2260 county-level codes; positions are
// county seats / city centres rounded to 0.01 degree and written in
// micro-degrees, enough to put the fake records in the right part of the
// map. All geometry is integer (see regions.h).
#include "generator/regions.h"

#include <algorithm>
#include <array>

namespace leye::gen {
namespace {

constexpr std::array kHunanCounties = std::to_array<Place>({
    {"430224", "茶陵县", {26'790'000, 113'540'000}},
    {"430225", "炎陵县", {26'490'000, 113'770'000}},
    {"430523", "邵阳县", {26'990'000, 111'270'000}},
    {"430524", "隆回县", {27'110'000, 111'030'000}},
    {"430525", "洞口县", {27'060'000, 110'580'000}},
    {"430527", "绥宁县", {26'580'000, 110'160'000}},
    {"430528", "新宁县", {26'430'000, 110'860'000}},
    {"430529", "城步苗族自治县", {26'390'000, 110'320'000}},
    {"430626", "平江县", {28'700'000, 113'580'000}},
    {"430821", "慈利县", {29'430'000, 111'130'000}},
    {"430822", "桑植县", {29'400'000, 110'160'000}},
    {"430923", "安化县", {28'380'000, 111'210'000}},
    {"431025", "临武县", {25'280'000, 112'560'000}},
    {"431026", "汝城县", {25'550'000, 113'680'000}},
    {"431028", "安仁县", {26'710'000, 113'270'000}},
    {"431127", "蓝山县", {25'370'000, 112'190'000}},
    {"431129", "江华瑶族自治县", {25'180'000, 111'580'000}},
    {"431222", "沅陵县", {28'450'000, 110'390'000}},
    {"431223", "辰溪县", {28'000'000, 110'190'000}},
    {"431224", "溆浦县", {27'910'000, 110'590'000}},
    {"431225", "会同县", {26'890'000, 109'740'000}},
    {"431226", "麻阳苗族自治县", {27'870'000, 109'800'000}},
    {"431227", "新晃侗族自治县", {27'360'000, 109'170'000}},
    {"431228", "芷江侗族自治县", {27'440'000, 109'680'000}},
    {"431229", "靖州苗族侗族自治县", {26'580'000, 109'700'000}},
    {"431230", "通道侗族自治县", {26'160'000, 109'780'000}},
    {"431321", "双峰县", {27'460'000, 112'200'000}},
    {"431322", "新化县", {27'730'000, 111'330'000}},
    {"433122", "泸溪县", {28'220'000, 110'220'000}},
    {"433123", "凤凰县", {27'950'000, 109'600'000}},
    {"433124", "花垣县", {28'580'000, 109'480'000}},
    {"433125", "保靖县", {28'700'000, 109'660'000}},
    {"433126", "古丈县", {28'620'000, 109'950'000}},
    {"433127", "永顺县", {29'000'000, 109'850'000}},
    {"433130", "龙山县", {29'460'000, 109'440'000}},
});

constexpr std::array kHunanCities = std::to_array<Place>({
    {"430104", "长沙市", {28'230'000, 112'930'000}},
    {"430121", "长沙县", {28'250'000, 113'080'000}},
    {"430181", "浏阳市", {28'160'000, 113'640'000}},
    {"430602", "岳阳市", {29'370'000, 113'130'000}},
    {"431002", "郴州市", {25'790'000, 113'010'000}},
});

constexpr std::array kGuangdong = std::to_array<Place>({
    {"440306", "深圳市", {22'550'000, 113'880'000}},
    {"440606", "佛山市顺德区", {22'800'000, 113'290'000}},
    {"441900", "东莞市", {23'020'000, 113'750'000}},
    {"442000", "中山市", {22'520'000, 113'390'000}},
});

constexpr std::array kZhejiang = std::to_array<Place>({
    {"330110", "杭州市", {30'420'000, 120'300'000}},
    {"330681", "诸暨市", {29'710'000, 120'240'000}},
    {"330782", "义乌市", {29'310'000, 120'070'000}},
});

constexpr int64_t kMetresPerDegree = 111195;  // 6371 km * pi / 180

// cos of whole degrees 0..60, times 1e6.
constexpr int64_t kCosMicro[61] = {
    1000000, 999848, 999391, 998630, 997564, 996195, 994522, 992546, 990268, 987688, 984808,
    981627,  978148, 974370, 970296, 965926, 961262, 956305, 951057, 945519, 939693, 933580,
    927184,  920505, 913545, 906308, 898794, 891007, 882948, 874620, 866025, 857167, 848048,
    838671,  829038, 819152, 809017, 798636, 788011, 777146, 766044, 754710, 743145, 731354,
    719340,  707107, 694658, 681998, 669131, 656059, 642788, 629320, 615661, 601815, 587785,
    573576,  559193, 544639, 529919, 515038, 500000};

// cos(lat) * 1e6, linear between whole degrees (error < 4e-5).
int64_t CosMicro(int64_t lat_micro) {
  int64_t a = lat_micro < 0 ? -lat_micro : lat_micro;
  if (a >= 60'000'000) return kCosMicro[60];
  const int64_t deg = a / 1'000'000, frac = a % 1'000'000;
  return kCosMicro[deg] + (kCosMicro[deg + 1] - kCosMicro[deg]) * frac / 1'000'000;
}

}  // namespace

GeoPoint ToGeoPoint(MicroPoint p) {
  return {static_cast<double>(p.lat) / 1e6, static_cast<double>(p.lng) / 1e6};
}

std::span<const Place> HunanCounties() { return kHunanCounties; }
std::span<const Place> HunanCityPlaces() { return kHunanCities; }
std::span<const Place> GuangdongPlaces() { return kGuangdong; }
std::span<const Place> ZhejiangPlaces() { return kZhejiang; }

const Place* FindHunanCounty(std::string_view code) {
  auto it = std::lower_bound(kHunanCounties.begin(), kHunanCounties.end(), code,
                             [](const Place& p, std::string_view c) { return p.code < c; });
  return (it != kHunanCounties.end() && it->code == code) ? &*it : nullptr;
}

County CountyOf(std::string_view code) {
  if (const Place* p = FindHunanCounty(code))
    return {std::string(code), std::string(p->name), p->at};
  // A stand-in: spread unknown codes over the middle of Hunan by their digits.
  uint64_t h = 0;
  for (char c : code) h = h * 131 + static_cast<unsigned char>(c);
  const auto lat = static_cast<int64_t>(h % 41) * 50'000 + 26'600'000;
  const auto lng = static_cast<int64_t>((h / 41) % 41) * 50'000 + 110'700'000;
  return {std::string(code), "县(" + std::string(code) + ")", {lat, lng}};
}

MicroPoint PointNear(Rng& rng, MicroPoint centre, int64_t radius_m) {
  int64_t x = 0, y = 0;
  do {
    x = rng.Between(-radius_m, radius_m);
    y = rng.Between(-radius_m, radius_m);
  } while (x * x + y * y > radius_m * radius_m);
  const int64_t dlat = y * 1'000'000 / kMetresPerDegree;
  const int64_t dlng = x * 1'000'000'000'000 / (kMetresPerDegree * CosMicro(centre.lat));
  return {centre.lat + dlat, centre.lng + dlng};
}

int64_t ApproxDistanceM(MicroPoint a, MicroPoint b) {
  const int64_t north = (a.lat - b.lat) * kMetresPerDegree / 1'000'000;
  const int64_t east =
      (a.lng - b.lng) * kMetresPerDegree / 1'000 * CosMicro((a.lat + b.lat) / 2) / 1'000'000'000;
  // Integer square root of north^2 + east^2.
  const auto n = static_cast<uint64_t>(north * north + east * east);
  uint64_t r = 0, bit = uint64_t{1} << 62;
  uint64_t v = n;
  while (bit > v) bit >>= 2;
  while (bit != 0) {
    if (v >= r + bit) {
      v -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
    bit >>= 2;
  }
  return static_cast<int64_t>(r);
}

}  // namespace leye::gen
