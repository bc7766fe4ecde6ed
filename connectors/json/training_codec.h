// JSON of training plans and course advice (issue 5), shared by the API and
// `leye train-plan`.
#pragma once

#include <string>

#include "matcher/training_plan.h"

namespace leye {

// {"region","date","exact","method","totals":{...},"upper_bound":{...}|null,
//  "assignments":[{"worker","household","training","opens_posting",
//  "postings_opened","level","why"}],"stats":{...}}
std::string EncodeTrainingPlan(const TrainingPlan& plan, const std::string& region, Date date);
// {"training","title","teaches","start_date","distance_km","postings_opened","why"}
std::string EncodeCourseAdvice(const CourseAdvice& advice);

}  // namespace leye
