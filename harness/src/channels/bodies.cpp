// Comparing what the two sides' real code writes on one channel, scenario by
// scenario and place by place, without a schema: the bodies are the evidence.

#include <algorithm>
#include <map>
#include <set>

#include "channels/channels.hpp"
#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/pointer.hpp"
#include "json/reader.hpp"

namespace portcheck::channels {

namespace {

/// The JSON kind of a value, for type against value mismatches: integers and
/// floats are one kind (numbers compare as numbers).
std::string kind_of(const rapidjson::Value& value) {
  if (value.IsNull()) return "null";
  if (value.IsBool()) return "boolean";
  if (value.IsNumber()) return "number";
  if (value.IsString()) return "string";
  if (value.IsArray()) return "array";
  return "object";
}

bool same_scalar(const rapidjson::Value& left, const rapidjson::Value& right) {
  if (left.IsNumber() && right.IsNumber()) {
    if (left.IsInt64() && right.IsInt64()) return left.GetInt64() == right.GetInt64();
    if (left.IsUint64() && right.IsUint64()) return left.GetUint64() == right.GetUint64();
    return left.GetDouble() == right.GetDouble();
  }
  return left == right;
}

struct Found {
  BodyDifference difference;
  std::string reference_value;
  std::string candidate_value;
};

/// Every place where two bodies differ: objects by key, arrays by index,
/// scalars by value.
void differences(const json::Document& reference_document, const rapidjson::Value* reference,
                 const json::Document& candidate_document, const rapidjson::Value* candidate,
                 const std::string& pointer, std::map<std::string, Found>& found) {
  const auto shown = [](const json::Document& document, const rapidjson::Value* value) {
    return value == nullptr ? std::string() : json::compact_canonical_text(document, *value);
  };
  if (reference == nullptr || candidate == nullptr) {
    found[pointer] = {reference == nullptr ? BodyDifference::candidate_only : BodyDifference::reference_only,
                      shown(reference_document, reference), shown(candidate_document, candidate)};
    return;
  }
  if (kind_of(*reference) != kind_of(*candidate)) {
    found[pointer] = {reference->IsNull() || candidate->IsNull() ? BodyDifference::presence_mismatch
                                                                 : BodyDifference::type_mismatch, shown(reference_document, reference),
                      shown(candidate_document, candidate)};
    return;
  }
  if (reference->IsObject()) {
    std::set<std::string> keys;
    for (const auto& member : reference->GetObject()) keys.insert(member.name.GetString());
    for (const auto& member : candidate->GetObject()) keys.insert(member.name.GetString());
    for (const std::string& key : keys) {
      const auto in_reference = reference->FindMember(key.c_str());
      const auto in_candidate = candidate->FindMember(key.c_str());
      differences(reference_document, in_reference == reference->MemberEnd() ? nullptr : &in_reference->value,
                  candidate_document, in_candidate == candidate->MemberEnd() ? nullptr : &in_candidate->value,
                  json::append_pointer(pointer, key), found);
    }
    return;
  }
  if (reference->IsArray()) {
    const rapidjson::SizeType size = std::max(reference->Size(), candidate->Size());
    for (rapidjson::SizeType index = 0; index < size; ++index) {
      differences(reference_document, index < reference->Size() ? &(*reference)[index] : nullptr,
                  candidate_document, index < candidate->Size() ? &(*candidate)[index] : nullptr,
                  pointer + "/" + std::to_string(index), found);
    }
    return;
  }
  if (!same_scalar(*reference, *candidate)) {
    found[pointer] = {BodyDifference::value_mismatch, shown(reference_document, reference),
                      shown(candidate_document, candidate)};
  }
}

/// scenario → file of every body in a folder.
std::map<std::string, std::filesystem::path> bodies_in(const std::filesystem::path& folder) {
  std::map<std::string, std::filesystem::path> bodies;
  if (!std::filesystem::is_directory(folder)) return bodies;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      bodies.emplace(entry.path().stem().string(), entry.path());
    }
  }
  return bodies;
}

}  // namespace

// A body difference is named as the field rule of the same kind.
std::string to_string(BodyDifference difference) {
  switch (difference) {
    case BodyDifference::reference_only:
      return rules::rule_id(rules::Rule::reference_only);
    case BodyDifference::candidate_only:
      return rules::rule_id(rules::Rule::candidate_only);
    case BodyDifference::presence_mismatch:
      return rules::rule_id(rules::Rule::presence_mismatch);
    case BodyDifference::type_mismatch:
      return rules::rule_id(rules::Rule::type_mismatch);
    case BodyDifference::value_mismatch:
      return rules::rule_id(rules::Rule::value_mismatch);
  }
  return "?";
}

std::vector<BodySettings> load_body_settings(const std::filesystem::path& manifest_file) {
  std::vector<BodySettings> settings;
  const json::Document document = json::load_file(manifest_file);
  const json::Reader reader(document);
  if (!reader.has("/channels/bodies")) return settings;
  const std::size_t count = reader.array("/channels/bodies").Size();
  for (std::size_t index = 0; index < count; ++index) {
    const std::string pointer = "/channels/bodies/" + std::to_string(index);
    reader.only_keys(pointer, {"channel", "description", "sides"});
    BodySettings body;
    body.channel = reader.string(pointer + "/channel");
    body.description = reader.optional_string(pointer + "/description");
    for (const std::string& side : reader.keys(pointer + "/sides")) {
      const std::string at = json::append_pointer(pointer + "/sides", side);
      reader.only_keys(at, {"folder", "writer"});
      const std::string folder = reader.string(at + "/folder");
      if (folder.empty() || folder.front() == '/' || folder.find("..") != std::string::npos) {
        reader.fail(at + "/folder", "a folder under fixtures/, without .. (e.g. \"python/ActiveRun\")");
      }
      body.sides[side] = {folder, reader.string(at + "/writer")};
    }
    settings.push_back(std::move(body));
  }
  return settings;
}

std::vector<BodyComparison> compare_bodies(const std::filesystem::path& fixtures_directory,
                                           const std::vector<BodySettings>& settings,
                                           const std::string& reference_side, const std::string& candidate_side) {
  std::vector<BodyComparison> comparisons;
  for (const BodySettings& body : settings) {
    const auto reference = body.sides.find(reference_side);
    const auto candidate = body.sides.find(candidate_side);
    if (reference == body.sides.end() || candidate == body.sides.end()) continue;
    BodyComparison comparison;
    comparison.channel = body.channel;
    comparison.description = body.description;
    comparison.reference_folder = "fixtures/" + reference->second.first;
    comparison.candidate_folder = "fixtures/" + candidate->second.first;
    comparison.reference_writer = reference->second.second;
    comparison.candidate_writer = candidate->second.second;
    const auto reference_bodies = bodies_in(fixtures_directory / reference->second.first);
    const auto candidate_bodies = bodies_in(fixtures_directory / candidate->second.first);
    std::map<std::pair<std::string, BodyDifference>, BodyPlace> places;
    for (const auto& [scenario, reference_file] : reference_bodies) {
      const auto candidate_file = candidate_bodies.find(scenario);
      if (candidate_file == candidate_bodies.end()) {
        comparison.one_sided.push_back(scenario + " (" + reference_side + " only)");
        continue;
      }
      comparison.scenarios.push_back(scenario);
      const json::Document reference_document = json::load_file(reference_file);
      const json::Document candidate_document = json::load_file(candidate_file->second);
      std::map<std::string, Found> found;
      differences(reference_document, &reference_document.root(), candidate_document, &candidate_document.root(), "",
                  found);
      for (const auto& [pointer, difference] : found) {
        BodyPlace& place = places[{pointer, difference.difference}];
        if (place.scenarios.empty()) {
          place.pointer = pointer;
          place.difference = difference.difference;
          place.reference_value = difference.reference_value;
          place.candidate_value = difference.candidate_value;
          place.reference_file = comparison.reference_folder + "/" + reference_file.filename().string();
          place.candidate_file = comparison.candidate_folder + "/" + candidate_file->second.filename().string();
        }
        place.scenarios.push_back(scenario);
      }
    }
    for (const auto& [scenario, file] : candidate_bodies) {
      if (!reference_bodies.contains(scenario)) comparison.one_sided.push_back(scenario + " (" + candidate_side + " only)");
    }
    for (auto& [key, place] : places) comparison.places.push_back(std::move(place));
    comparisons.push_back(std::move(comparison));
  }
  return comparisons;
}

}  // namespace portcheck::channels
