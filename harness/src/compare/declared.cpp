#include "compare/declared.hpp"

#include <algorithm>
#include <map>

namespace portcheck::compare {

std::vector<DeclaredAttribute> declared_attributes(const schema::SchemaSet& schemas,
                                                   const schema::StructureSchema& schema) {
  std::vector<DeclaredAttribute> attributes;
  const rapidjson::Value& root = *schemas.root_of(schema.file()).value;
  const auto add = [&](const std::string& name, const std::string& type) {
    const bool known = std::any_of(attributes.begin(), attributes.end(),
                                   [&](const DeclaredAttribute& attribute) { return attribute.name == name; });
    if (!known) attributes.push_back({name, type});
  };
  if (root.HasMember("properties") && root["properties"].IsObject()) {
    for (const auto& property : root["properties"].GetObject()) {
      const std::string key = property.name.GetString();
      const std::string pointer = "/" + key;
      const schema::FieldDescription field = schemas.describe(schema, pointer);
      if (field.source_name.find('.') != std::string::npos) continue;  // flattened: its attribute is declared-only
      add(field.source_name.empty() ? key : field.source_name, field.source_type);
    }
  }
  for (const schema::DeclaredOnly& entry : schemas.declared_only(schema)) add(entry.name, entry.type);
  return attributes;
}

namespace {

/// Two types of one family whose values travel unchanged: the same name, or
/// each its language's plain JSON of that family (str and String, int and i64).
bool identical(const std::string& reference, const schema::LanguageProfile& reference_profile,
               const std::string& candidate, const schema::LanguageProfile& candidate_profile) {
  return reference == candidate ||
         (reference_profile.plain_types.contains(reference) && candidate_profile.plain_types.contains(candidate));
}

/// What a profile says about a type's values, for a conversion note.
std::string type_note(const std::string& reference, const schema::LanguageProfile& reference_profile,
                      const std::string& candidate, const schema::LanguageProfile& candidate_profile) {
  for (const auto& [type, profile] :
       {std::pair{&candidate, &candidate_profile}, std::pair{&reference, &reference_profile}}) {
    if (const auto found = profile->type_notes.find(*type); found != profile->type_notes.end()) {
      return " (" + found->second + ")";
    }
  }
  return "";
}

}  // namespace

DeclaredComparison compare_declared(const std::string& attribute, const DeclaredType& reference,
                                    const DeclaredType& candidate) {
  DeclaredComparison result;
  result.attribute = attribute;
  result.reference_type = reference.type;
  result.candidate_type = candidate.type;
  if (reference.type.empty()) {
    result.status = FieldStatus::candidate_only;
    result.severity = Severity::info;
    result.note = "declared by the candidate only";
    return result;
  }
  if (candidate.type.empty()) {
    result.status = FieldStatus::reference_only;
    result.severity = Severity::warning;
    result.note = "the candidate does not declare it";
    return result;
  }
  const schema::LanguageProfile& reference_profile = *reference.profile;
  const schema::LanguageProfile& candidate_profile = *candidate.profile;
  bool reference_optional = false;
  bool candidate_optional = false;
  const std::string reference_inner = reference_profile.without_optional(reference.type, reference_optional);
  const std::string candidate_inner = candidate_profile.without_optional(candidate.type, candidate_optional);
  const std::string reference_family = reference_profile.family(reference_inner);
  const std::string candidate_family = candidate_profile.family(candidate_inner);
  if (reference_family != candidate_family) {
    // An untyped JSON value (Any, serde_json::Value) holds anything: a typed
    // class on the other side converts, but nothing checks it.
    if (reference_family == "any" || candidate_family == "any") {
      result.status = FieldStatus::same_after_conversion;
      result.note = "one side declares an untyped JSON value";
    } else {
      result.status = FieldStatus::type_mismatch;
      result.severity = Severity::breaking;
      result.note = reference_family + " against " + candidate_family;
      return result;
    }
  } else if (identical(reference_inner, reference_profile, candidate_inner, candidate_profile)) {
    result.status = FieldStatus::same;
  } else {
    result.status = FieldStatus::same_after_conversion;
    result.note = reference_inner + " converts to " + candidate_inner +
                  type_note(reference_inner, reference_profile, candidate_inner, candidate_profile);
    if (reference_family == "integer") result.note += " (integer width differs)";
  }
  if (reference_optional != candidate_optional) {
    result.status = FieldStatus::presence_mismatch;
    result.severity = Severity::warning;
    result.note = std::string(reference_optional ? "optional" : "required") + " in the reference, " +
                  (candidate_optional ? "optional" : "required") + " in the candidate";
  }
  return result;
}

}  // namespace portcheck::compare
