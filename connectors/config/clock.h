// The one place that reads the wall clock. The core takes dates as
// parameters; this supplies "today" where a caller gives none.
#pragma once

#include "matcher/date.h"

namespace leye {

// Today's date in China Standard Time (UTC+8, no daylight saving), which is
// what a county bureau means by "today".
Date TodayInChina();

}  // namespace leye
