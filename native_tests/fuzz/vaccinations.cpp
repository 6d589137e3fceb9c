// The vaccination forecaster's two readers of outside bytes: a forecast request as the
// API takes it (Session::call("forecastVaccinations"), arguments and all), and a schedule
// file (parse_schedule), which when it parses is run for a few children.
#include <nlohmann/json.hpp>

#include "targets.hpp"
#include "techo/api.hpp"
#include "techo/immunization.hpp"

namespace techo::fuzz {

Status vaccinations(crypto::ByteView input) {
  const std::string text(as_text(input));
  static api::Session session;  // no vault: the forecaster needs none
  const auto reply = nlohmann::json::parse(session.call("forecastVaccinations", "{\"request\": " + text + "}"), nullptr, false);
  if (reply.is_discarded() || !reply.is_object() || !reply.contains("ok")) return broken("forecastVaccinations: no reply envelope");
  if (!reply["ok"].get<bool>() && reply["error"].value("code", "") == "INTERNAL") return broken("forecastVaccinations: INTERNAL");
  auto schedule = immunization::parse_schedule(text);
  if (!schedule) return std::move(schedule).error();
  for (const char* birth : {"2024-02-29", "2012-05-01"}) {
    const auto day = *immunization::Date::parse(birth);
    (void)immunization::forecast(*schedule, immunization::Child{day, "female"}, day.plus_days(400), {});
  }
  return Ok{};
}

}  // namespace techo::fuzz
