// Care plans (CarePlan: the advice and plan a doctor wrote, as in the JP-CLINS 患者サマリー)
// and goals (Goal: a target such as blood pressure under 130/80), every text in full.
// Private to core.
#pragma once

#include "views_context.hpp"

namespace techo::views::detail {

// The loaded CarePlans and Goals as the EHR summary lists them, newest first. When an
// entry does not name its author or date, the document listing it does (authorship_of).
json care_plans_json(const Context& context);
json goals_json(const Context& context);

}  // namespace techo::views::detail
