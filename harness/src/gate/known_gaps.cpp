#include "gate/known_gaps.hpp"

#include <algorithm>

#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "json/pointer.hpp"

namespace portcheck::gate {

std::vector<KnownGap> load_known_gaps(const std::filesystem::path& file) {
  std::vector<KnownGap> gaps;
  if (!std::filesystem::exists(file)) return gaps;
  const json::Document document = json::load_file(file);
  const auto fail = [&](const std::string& pointer, const std::string& message) {
    SourceLocation where{file.string(), 0, 0, pointer, true};
    if (const auto position = document.position_of(pointer)) {
      where.line = position->line;
      where.column = position->column;
    }
    throw Error(message, where);
  };
  const rapidjson::Value& root = document.root();
  if (!root.IsObject() || !root.HasMember("gaps") || !root["gaps"].IsArray()) {
    fail("", "expected {\"gaps\": [{\"structure\", \"field\", \"status\", \"rule\", \"reason\"}, ...]}");
  }
  for (rapidjson::SizeType index = 0; index < root["gaps"].Size(); ++index) {
    const std::string pointer = "/gaps/" + std::to_string(index);
    const rapidjson::Value& entry = root["gaps"][index];
    KnownGap gap;
    for (const auto& [key, target] :
         {std::pair{"structure", &gap.structure}, std::pair{"field", &gap.field}, std::pair{"status", &gap.status},
          std::pair{"rule", &gap.rule}, std::pair{"reason", &gap.reason}}) {
      if (!entry.IsObject() || !entry.HasMember(key) || !entry[key].IsString()) {
        fail(pointer, std::string("each gap needs a string \"") + key + "\"");
      }
      *target = entry[key].GetString();
    }
    if (entry.HasMember("severity") && entry["severity"].IsString()) gap.severity = entry["severity"].GetString();
    if (entry.HasMember("fingerprint") && entry["fingerprint"].IsString()) {
      gap.fingerprint = entry["fingerprint"].GetString();
    }
    if (const auto position = document.position_of(pointer)) {
      gap.line = position->line;
      gap.column = position->column;
    }
    gaps.push_back(std::move(gap));
  }
  return gaps;
}

std::string known_gaps_text(const std::vector<Finding>& findings, const std::vector<KnownGap>& existing) {
  rapidjson::Document document(rapidjson::kObjectType);
  auto& allocator = document.GetAllocator();
  const auto string = [&](const std::string& text) {
    return rapidjson::Value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), allocator);
  };
  document.AddMember("description",
                     string("Accepted gaps between the sides: each finding `portcheck check` would fail on, with the "
                            "reason it is accepted for now. `check` fails on a finding missing here, on an entry that "
                            "no longer occurs, and on a reason still reading \"" +
                            std::string(kTodoReason) + "\". Regenerate with `portcheck check --update-known-gaps`."),
                     allocator);
  rapidjson::Value list(rapidjson::kArrayType);
  for (const Finding& finding : findings) {
    const auto kept =
        std::find_if(existing.begin(), existing.end(), [&](const KnownGap& gap) { return gap.id() == finding.id(); });
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember("structure", string(finding.structure), allocator);
    entry.AddMember("field", string(finding.field), allocator);
    entry.AddMember("status", string(finding.status), allocator);
    entry.AddMember("rule", string(finding.rule), allocator);
    entry.AddMember("severity", string(compare::to_string(finding.severity)), allocator);
    entry.AddMember("fingerprint", string(finding.fingerprint), allocator);
    entry.AddMember("reason", string(kept == existing.end() ? kTodoReason : kept->reason), allocator);
    list.PushBack(entry, allocator);
  }
  document.AddMember("gaps", list, allocator);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  document.Accept(writer);
  return json::canonical_text(json::parse(buffer.GetString(), "known-gaps.json"));
}

}  // namespace portcheck::gate
