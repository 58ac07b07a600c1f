#include "schema/profile.hpp"

#include <algorithm>

#include "json/document.hpp"
#include "json/pointer.hpp"
#include "json/reader.hpp"

namespace portcheck::schema {

std::string LanguageProfile::without_optional(const std::string& declared_type, bool& is_optional) const {
  is_optional = false;
  for (const TypeWrapper& wrapper : optional) {
    if (declared_type.size() > wrapper.prefix.size() + wrapper.suffix.size() &&
        declared_type.starts_with(wrapper.prefix) && declared_type.ends_with(wrapper.suffix)) {
      is_optional = true;
      return declared_type.substr(wrapper.prefix.size(),
                                  declared_type.size() - wrapper.prefix.size() - wrapper.suffix.size());
    }
  }
  return declared_type;
}

std::string LanguageProfile::family(const std::string& declared_type) const {
  bool is_optional = false;
  const std::string inner = without_optional(declared_type, is_optional);
  if (const auto found = families.find(inner); found != families.end()) return found->second;
  for (const GenericFamily& generic : generics) {
    if (inner.starts_with(generic.prefix)) return generic.family;
  }
  return inner;
}

namespace {

std::string item(const std::string& pointer, std::size_t index) {
  return json::append_pointer(pointer, std::to_string(index));
}

std::string known_family(const json::Reader& reader, const std::string& pointer) {
  return reader.choice(pointer, kTypeFamilies);
}

std::vector<std::string> families_at(const json::Reader& reader, const std::string& pointer) {
  std::vector<std::string> families;
  if (!reader.has(pointer)) return families;
  for (std::size_t index = 0; index < reader.array(pointer).Size(); ++index) {
    families.push_back(known_family(reader, item(pointer, index)));
  }
  return families;
}

rules::Rule rule_at(const json::Reader& reader, const std::string& pointer, rules::RuleKind kind) {
  const std::string id = reader.string(pointer);
  const std::optional<rules::Rule> rule = rules::parse_rule(id);
  if (!rule || rules::rule_info(*rule).kind != kind) {
    reader.fail(pointer, "\"" + id + "\" is not a " + rules::to_string(kind) + " rule (`portcheck rules` lists them)");
  }
  return *rule;
}

DatabaseDriver read_driver(const json::Reader& reader, const std::string& pointer) {
  reader.only_keys(pointer, {"driver", "decode", "nullable_into_required"});
  DatabaseDriver driver;
  driver.name = reader.string(pointer + "/driver");
  const std::string decode = pointer + "/decode";
  for (std::size_t index = 0; index < reader.array(decode).Size(); ++index) {
    const std::string at = item(decode, index);
    reader.only_keys(at, {"columns", "families", "not_families", "types", "not_types", "rule", "message"});
    DecodeRule rule;
    rule.columns = reader.strings(at + "/columns");
    rule.families = families_at(reader, at + "/families");
    rule.not_families = families_at(reader, at + "/not_families");
    rule.types = reader.strings(at + "/types");
    rule.not_types = reader.strings(at + "/not_types");
    rule.rule = rule_at(reader, at + "/rule", rules::RuleKind::storage);
    rule.message = reader.string(at + "/message");
    driver.decode.push_back(std::move(rule));
  }
  const std::string nullable = pointer + "/nullable_into_required";
  reader.only_keys(nullable, {"rule", "message"});
  driver.nullable_into_required = rule_at(reader, nullable + "/rule", rules::RuleKind::storage);
  driver.nullable_message = reader.string(nullable + "/message");
  return driver;
}

}  // namespace

LanguageProfile load_profile(const std::filesystem::path& file) {
  const json::Document document = json::load_file(file);
  const json::Reader reader(document);
  reader.object("");
  reader.only_keys("", {"description", "language", "optional", "families", "generics", "plain_types", "null_holding",
                        "type_notes", "timestamps", "database"});
  LanguageProfile profile;
  profile.file = file;
  profile.language = reader.string("/language");
  profile.description = reader.optional_string("/description");
  for (std::size_t index = 0; index < reader.array("/optional").Size(); ++index) {
    const std::string at = item("/optional", index);
    reader.only_keys(at, {"prefix", "suffix"});
    profile.optional.push_back({reader.string(at + "/prefix"), reader.string(at + "/suffix")});
  }
  for (const std::string& type : reader.keys("/families")) {
    profile.families[type] = known_family(reader, json::append_pointer("/families", type));
  }
  for (std::size_t index = 0; index < reader.array("/generics").Size(); ++index) {
    const std::string at = item("/generics", index);
    reader.only_keys(at, {"prefix", "family"});
    profile.generics.push_back({reader.string(at + "/prefix"), known_family(reader, at + "/family")});
  }
  for (const std::string& type : reader.strings("/plain_types")) {
    if (!profile.families.contains(type)) {
      reader.fail("/plain_types", "plain type \"" + type + "\" has no family in \"families\"");
    }
    profile.plain_types.insert(type);
  }
  for (const std::string& type : reader.strings("/null_holding")) profile.null_holding.insert(type);
  if (reader.has("/type_notes")) {
    for (const std::string& type : reader.keys("/type_notes")) {
      profile.type_notes[type] = reader.string(json::append_pointer("/type_notes", type));
    }
  }
  reader.only_keys("/timestamps", {"naive"});
  profile.naive_timestamps = reader.choice("/timestamps/naive", {"accepted", "refused"}) == "accepted"
                                 ? NaiveTimestamps::accepted
                                 : NaiveTimestamps::refused;
  if (reader.has("/database")) profile.database = read_driver(reader, "/database");
  return profile;
}

}  // namespace portcheck::schema
