#include "connectors/config/clock.h"

#include <chrono>

namespace leye {

Date TodayInChina() {
  using namespace std::chrono;
  const auto now = system_clock::now() + hours(8);
  return Date{static_cast<int32_t>(floor<days>(now).time_since_epoch().count())};
}

}  // namespace leye
