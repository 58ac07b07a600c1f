#include "gate/known_gaps.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "json/pointer.hpp"

namespace portcheck::gate {

namespace {

const std::set<std::string> kEntryKeys{"structure", "field", "rule", "severity", "scenarios", "fingerprint", "reason"};

std::string listed(const std::set<std::string>& keys) {
  std::string text;
  for (const std::string& key : keys) text += (text.empty() ? "" : ", ") + key;
  return text;
}

}  // namespace

bool GapScope::judges(const KnownGap& gap) const {
  if (gap.is_storage() && !storage_checked) return false;
  return gap.severity >= fail_on;
}

std::vector<KnownGap> load_known_gaps(const std::filesystem::path& file) {
  std::vector<KnownGap> gaps;
  if (!std::filesystem::exists(file)) return gaps;
  const json::Document document = json::load_file(file);
  const auto fail = [&](const std::string& pointer, const std::string& message) {
    SourceLocation where{file.string(), 0, 0, pointer, true};
    if (const auto position = document.nearest_position_of(pointer)) {
      where.line = position->line;
      where.column = position->column;
    }
    throw Error(message, where);
  };
  const rapidjson::Value& root = document.root();
  const std::string expected =
      "expected {\"description\": \"...\", \"gaps\": [{\"structure\", \"field\", \"rule\", \"severity\", "
      "\"reason\"}, ...]}";
  if (!root.IsObject()) fail("", expected);
  for (const auto& member : root.GetObject()) {
    const std::string key = member.name.GetString();
    if (key != "description" && key != "gaps") {
      fail(json::append_pointer("", key), "unknown key \"" + printable(key) + "\" (" + expected + ")");
    }
  }
  if (!root.HasMember("gaps")) fail("", "no \"gaps\": " + expected);
  if (!root["gaps"].IsArray()) fail("/gaps", "\"gaps\" must be an array: " + expected);
  if (root.HasMember("description") && !root["description"].IsString()) {
    fail("/description", "\"description\" must be a string");
  }
  std::map<std::string, std::string> seen;  // id → pointer of its first entry
  for (rapidjson::SizeType index = 0; index < root["gaps"].Size(); ++index) {
    const std::string pointer = "/gaps/" + std::to_string(index);
    const rapidjson::Value& entry = root["gaps"][index];
    if (!entry.IsObject()) fail(pointer, "each gap is an object");
    for (const auto& member : entry.GetObject()) {
      if (!kEntryKeys.contains(member.name.GetString())) {
        fail(json::append_pointer(pointer, member.name.GetString()),
             "unknown key \"" + printable(member.name.GetString()) + "\" (a gap has: " + listed(kEntryKeys) + ")");
      }
    }
    const auto text = [&](const char* key, bool required) -> std::string {
      if (!entry.HasMember(key)) {
        if (required) fail(pointer, std::string("each gap needs a string \"") + key + "\"");
        return "";
      }
      if (!entry[key].IsString()) fail(pointer + "/" + key, std::string("\"") + key + "\" must be a string");
      return entry[key].GetString();
    };
    KnownGap gap;
    gap.structure = text("structure", true);
    gap.field = text("field", true);
    const std::string rule = text("rule", true);
    const std::optional<compare::Rule> parsed = compare::parse_rule(rule);
    if (!parsed) fail(pointer + "/rule", "unknown rule \"" + rule + "\" (`portcheck rules` lists them)");
    if (!rules::is_finding(rules::rule_info(*parsed).kind)) {
      fail(pointer + "/rule", "\"" + rule + "\" is a " + rules::to_string(rules::rule_info(*parsed).kind) +
                                  " rule, not a finding's: a known gap lists findings (`portcheck rules` lists them)");
    }
    gap.rule = *parsed;
    const std::string severity = text("severity", true);
    try {
      gap.severity = compare::parse_severity(severity);
    } catch (const Error& error) {
      fail(pointer + "/severity", error.message());
    }
    gap.reason = text("reason", true);
    text("fingerprint", false);
    if (entry.HasMember("scenarios")) {
      const rapidjson::Value& scenarios = entry["scenarios"];
      if (!scenarios.IsArray()) fail(pointer + "/scenarios", "\"scenarios\" must be an array of scenario names");
      for (rapidjson::SizeType item = 0; item < scenarios.Size(); ++item) {
        if (!scenarios[item].IsString()) {
          fail(pointer + "/scenarios/" + std::to_string(item), "a scenario is named by a string");
        }
        gap.scenarios.emplace_back(scenarios[item].GetString());
      }
    }
    if (const auto [first, added] = seen.emplace(gap.id(), pointer); !added) {
      fail(pointer, "a second entry for " + gap.id() + " (the first is " + first->second + ")");
    }
    if (const auto position = document.position_of(pointer)) {
      gap.line = position->line;
      gap.column = position->column;
    }
    gaps.push_back(std::move(gap));
  }
  return gaps;
}

KnownGapsUpdate update_known_gaps(const std::vector<compare::Finding>& findings, const std::vector<KnownGap>& existing,
                                  const GapScope& scope) {
  KnownGapsUpdate update;
  std::map<std::string, const compare::Finding*> occurring;
  for (const compare::Finding& finding : findings) occurring.emplace(compare::finding_id(finding), &finding);
  std::set<std::string> kept;
  for (const KnownGap& gap : existing) {
    const auto found = occurring.find(gap.id());
    if (!scope.judges(gap) && found == occurring.end()) {
      update.gaps.push_back(gap);  // outside this run's scope: untouched
      kept.insert(gap.id());
      continue;
    }
    if (found == occurring.end()) {
      update.removed.push_back(gap.id());
      continue;
    }
    KnownGap refreshed = gap;
    if (scope.judges(gap) || found->second->severity >= scope.fail_on) {
      refreshed.scenarios = found->second->scenarios;
      refreshed.severity = found->second->severity;
      if (refreshed.scenarios != gap.scenarios || refreshed.severity != gap.severity) {
        update.refreshed.push_back(gap.id());
      }
    }
    update.gaps.push_back(std::move(refreshed));
    kept.insert(gap.id());
  }
  for (const compare::Finding& finding : findings) {
    const std::string id = compare::finding_id(finding);
    if (finding.severity < scope.fail_on || kept.contains(id)) continue;
    KnownGap gap;
    gap.structure = finding.structure;
    gap.field = finding.field;
    gap.rule = finding.rule;
    gap.severity = finding.severity;
    gap.scenarios = finding.scenarios;
    gap.reason = kTodoReason;
    update.gaps.push_back(std::move(gap));
    update.added.push_back(id);
    kept.insert(id);
  }
  std::stable_sort(update.gaps.begin(), update.gaps.end(),
                   [](const KnownGap& left, const KnownGap& right) { return left.id() < right.id(); });
  return update;
}

std::string known_gaps_text(const std::vector<KnownGap>& gaps) {
  rapidjson::Document document(rapidjson::kObjectType);
  auto& allocator = document.GetAllocator();
  const auto string = [&](const std::string& text) {
    return rapidjson::Value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), allocator);
  };
  document.AddMember(
      "description",
      string("Accepted gaps between the sides: each finding `portcheck check` would fail on, with the reason it is "
             "accepted for now. An entry names a finding (structure, field, rule) and covers every scenario where it "
             "occurs; \"scenarios\" records where it occurred when the list was last updated. `check` fails on a "
             "finding missing here, on an entry that no longer occurs, and on a reason still reading \"" +
             std::string(kTodoReason) + "\". Add new findings with `portcheck check --update-known-gaps`."),
      allocator);
  rapidjson::Value list(rapidjson::kArrayType);
  for (const KnownGap& gap : gaps) {
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember("structure", string(gap.structure), allocator);
    entry.AddMember("field", string(gap.field), allocator);
    entry.AddMember("rule", string(compare::rule_id(gap.rule)), allocator);
    entry.AddMember("severity", string(compare::to_string(gap.severity)), allocator);
    rapidjson::Value scenarios(rapidjson::kArrayType);
    for (const std::string& scenario : gap.scenarios) scenarios.PushBack(string(scenario), allocator);
    entry.AddMember("scenarios", scenarios, allocator);
    entry.AddMember("fingerprint", string(compare::fingerprint(gap.structure, gap.field, compare::rule_id(gap.rule))),
                    allocator);
    entry.AddMember("reason", string(gap.reason), allocator);
    list.PushBack(entry, allocator);
  }
  document.AddMember("gaps", list, allocator);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  document.Accept(writer);
  return json::canonical_text(json::parse(buffer.GetString(), "known-gaps.json"));
}

std::map<std::string, std::string> known_gap_reasons(const std::vector<KnownGap>& gaps) {
  std::map<std::string, std::string> reasons;
  for (const KnownGap& gap : gaps) reasons.emplace(gap.id(), gap.reason);
  return reasons;
}

}  // namespace portcheck::gate
