#include "schema/fixture_recording.hpp"

#include <algorithm>
#include <regex>
#include <set>
#include <tuple>

#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "json/files.hpp"
#include "json/pointer.hpp"

namespace portcheck::schema {

namespace {

using Entry = std::tuple<std::string, std::string, std::string>;  // side, structure, scenario

/// A side, structure or scenario name as a registry entry may hold it.
const std::regex kRegisteredName("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

[[noreturn]] void registry_error(const json::Document& document, const std::string& pointer,
                                 const std::string& message) {
  SourceLocation where{document.source_name(), 0, 0, pointer, true};
  if (const auto position = document.position_of(pointer)) {
    where.line = position->line;
    where.column = position->column;
  }
  throw Error(message, where);
}

/// The registry, read strictly: it is rewritten whole, so a key it does not
/// know would be dropped without a word.
std::set<Entry> read_registry(const std::filesystem::path& registry) {
  std::set<Entry> entries;
  std::error_code error;
  if (std::filesystem::symlink_status(registry, error).type() == std::filesystem::file_type::not_found) return entries;
  const json::Document document = json::load_file(registry);
  const rapidjson::Value& root = document.root();
  if (!root.IsObject()) registry_error(document, "", "expected an object {\"description\": ..., \"fixtures\": [...]}");
  for (const auto& member : root.GetObject()) {
    const std::string key(member.name.GetString(), member.name.GetStringLength());
    if (key != "description" && key != "fixtures") {
      registry_error(document, json::append_pointer("", key),
                     "unknown key \"" + printable(key) + "\" (the file has description and fixtures)");
    }
  }
  const auto fixtures = root.FindMember("fixtures");
  if (fixtures == root.MemberEnd() || !fixtures->value.IsArray()) {
    registry_error(document, fixtures == root.MemberEnd() ? "" : "/fixtures", "expected \"fixtures\": [...]");
  }
  std::size_t index = 0;
  for (const auto& item : fixtures->value.GetArray()) {
    const std::string at = "/fixtures/" + std::to_string(index++);
    if (!item.IsObject()) registry_error(document, at, "expected an object {side, structure, scenario}");
    for (const auto& member : item.GetObject()) {
      const std::string key(member.name.GetString(), member.name.GetStringLength());
      if (key != "side" && key != "structure" && key != "scenario") {
        registry_error(document, json::append_pointer(at, key),
                       "unknown key \"" + printable(key) + "\" (an entry has side, structure and scenario)");
      }
      if (!member.value.IsString()) registry_error(document, json::append_pointer(at, key), "expected a string");
    }
    for (const char* key : {"side", "structure", "scenario"}) {
      if (!item.HasMember(key)) registry_error(document, at, std::string("missing \"") + key + "\"");
      // Each names a folder or a file under fixtures/: the names record
      // itself takes, never a path ("../../etc/x").
      const std::string name = item[key].GetString();
      if (!std::regex_match(name, kRegisteredName) || name.find("..") != std::string::npos) {
        registry_error(document, json::append_pointer(at, key),
                       "\"" + printable(name) + "\" is not a name record gives (letters, digits, '.', '_', '-')");
      }
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
  // Held from the look at the target and the registry to the rename: two
  // records at once otherwise both find no fixture (one replaces the other's
  // without --force) and both extend the registry they read (one entry lost).
  std::error_code ignored;
  std::filesystem::create_directories(request.fixtures_directory, ignored);
  const json::FolderLock lock(request.fixtures_directory);
  std::error_code error;
  const bool exists =
      std::filesystem::symlink_status(target, error).type() != std::filesystem::file_type::not_found && !error;
  if (exists && !request.force) {
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
