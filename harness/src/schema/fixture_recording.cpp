#include "schema/fixture_recording.hpp"

#include <algorithm>
#include <regex>
#include <set>
#include <tuple>

#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "json/files.hpp"

namespace portcheck::schema {

namespace {

using Entry = std::tuple<std::string, std::string, std::string>;  // side, structure, scenario

std::set<Entry> read_registry(const std::filesystem::path& registry) {
  std::set<Entry> entries;
  if (!std::filesystem::exists(registry)) return entries;
  const json::Document document = json::load_file(registry);
  const auto fixtures =
      document.root().IsObject() ? document.root().FindMember("fixtures") : document.root().MemberEnd();
  if (!document.root().IsObject() || fixtures == document.root().MemberEnd() || !fixtures->value.IsArray()) {
    throw Error("expected {\"fixtures\": [...]}", SourceLocation::in_file(registry.string()));
  }
  for (const auto& item : fixtures->value.GetArray()) {
    if (!item.IsObject() || !item.HasMember("side") || !item.HasMember("structure") || !item.HasMember("scenario") ||
        !item["side"].IsString() || !item["structure"].IsString() || !item["scenario"].IsString()) {
      throw Error("each entry needs string side, structure and scenario", SourceLocation::in_file(registry.string()));
    }
    entries.emplace(item["side"].GetString(), item["structure"].GetString(), item["scenario"].GetString());
  }
  return entries;
}

std::string registry_text(const std::set<Entry>& entries) {
  rapidjson::Document document(rapidjson::kObjectType);
  auto& allocator = document.GetAllocator();
  document.AddMember("description",
                     "Fixtures recorded from running services with `portcheck record`. scripts/capture keeps them "
                     "when it regenerates the captured fixtures.",
                     allocator);
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& [side, structure, scenario] : entries) {
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("side", rapidjson::Value(side.c_str(), allocator), allocator);
    item.AddMember("structure", rapidjson::Value(structure.c_str(), allocator), allocator);
    item.AddMember("scenario", rapidjson::Value(scenario.c_str(), allocator), allocator);
    list.PushBack(item, allocator);
  }
  document.AddMember("fixtures", list, allocator);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  document.Accept(writer);
  return json::canonical_text(json::parse(buffer.GetString(), "recorded.json"));
}

/// Whether the structure's scenario catalog lists the name: such fixtures are
/// produced by the capture tools and would be overwritten by them.
bool captured_scenario(const std::filesystem::path& fixtures_directory, const std::string& structure,
                       const std::string& scenario) {
  const std::filesystem::path catalog = fixtures_directory / "scenarios" / (structure + ".json");
  if (!std::filesystem::exists(catalog)) return false;
  const json::Document document = json::load_file(catalog);
  if (!document.root().IsObject() || !document.root().HasMember("scenarios")) return false;
  const rapidjson::Value& scenarios = document.root()["scenarios"];
  if (!scenarios.IsArray()) return false;
  return std::any_of(scenarios.Begin(), scenarios.End(), [&](const rapidjson::Value& entry) {
    return entry.IsObject() && entry.HasMember("name") && entry["name"].IsString() &&
           scenario == entry["name"].GetString();
  });
}

}  // namespace

std::filesystem::path recorded_registry(const std::filesystem::path& fixtures_directory) {
  return fixtures_directory / "recorded.json";
}

RecordOutcome record_fixture(const SchemaSet& schemas, const RecordRequest& request, std::string_view text,
                             const std::string& source_name) {
  static const std::regex kScenarioName("[a-z0-9][a-z0-9._-]{0,99}");
  if (!std::regex_match(request.scenario, kScenarioName) || request.scenario.find("..") != std::string::npos) {
    throw Error("scenario name \"" + request.scenario +
                "\" must be 1 to 100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
  }
  const StructureSchema& schema = schemas.get_json(request.side, request.structure);
  if (captured_scenario(request.fixtures_directory, request.structure, request.scenario)) {
    throw Error("scenario \"" + request.scenario + "\" is captured from fixtures/scenarios/" + request.structure +
                ".json by scripts/capture; record the live document under another name");
  }

  const json::Document document = json::parse(text, source_name);
  RecordOutcome outcome;
  outcome.failures = validate(schemas, schema, document);
  if (!outcome.failures.empty()) return outcome;

  const std::filesystem::path target =
      request.fixtures_directory / request.side / request.structure / (request.scenario + ".json");
  if (std::filesystem::exists(target) && !request.force) {
    throw Error("a fixture by that name already exists; pass --force to replace it",
                SourceLocation::in_file(target.string()));
  }
  const std::filesystem::path registry = recorded_registry(request.fixtures_directory);
  std::set<Entry> entries = read_registry(registry);
  entries.emplace(request.side, request.structure, request.scenario);

  json::write_files_atomically({{target, json::canonical_text(document)}, {registry, registry_text(entries)}});
  outcome.written = target;
  return outcome;
}

}  // namespace portcheck::schema
