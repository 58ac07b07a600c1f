#include "compare/declared.hpp"

#include <algorithm>
#include <map>

namespace portcheck::compare {

namespace {

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

/// The family of a type without Optional/Option, by its outermost name.
const std::map<std::string, std::string>& families() {
  static const std::map<std::string, std::string> table{
      {"str", "string"},
      {"String", "string"},
      {"PathBuf", "string"},
      {"int", "integer"},
      {"i32", "integer"},
      {"i64", "integer"},
      {"u32", "integer"},
      {"u64", "integer"},
      {"bool", "boolean"},
      {"float", "float"},
      {"f64", "float"},
      {"datetime", "timestamp"},
      {"DateTime<Utc>", "timestamp"},
      {"NaiveDateTime", "timestamp"},
      {"i16", "integer"},
      {"timedelta", "duration"},
      {"Duration", "duration"},
      {"std::time::Duration", "duration"},
      {"PgInterval", "duration"},
      {"bytes", "bytes"},
      {"RevisionId", "bytes"},
      {"Any", "any"},
      {"serde_json::Value", "any"},
  };
  return table;
}

/// Pairs whose family matches and whose values travel unchanged.
bool identical(const std::string& reference, const std::string& candidate) {
  static const std::vector<std::pair<std::string, std::string>> pairs{
      {"str", "String"}, {"bool", "bool"}, {"float", "f64"}, {"int", "i64"}, {"Any", "serde_json::Value"}};
  return reference == candidate ||
         std::find(pairs.begin(), pairs.end(), std::pair{reference, candidate}) != pairs.end();
}

}  // namespace

std::string without_optional(const std::string& declared_type, bool& optional) {
  optional = false;
  if (starts_with(declared_type, "Optional[") && declared_type.back() == ']') {
    optional = true;
    return declared_type.substr(9, declared_type.size() - 10);
  }
  if (starts_with(declared_type, "Option<") && declared_type.back() == '>') {
    optional = true;
    return declared_type.substr(7, declared_type.size() - 8);
  }
  return declared_type;
}

std::string type_family(const std::string& declared_type) {
  bool optional = false;
  const std::string inner = without_optional(declared_type, optional);
  if (const auto found = families().find(inner); found != families().end()) return found->second;
  // typing's aliases and the builtin generics (Python 3.9+) alike.
  if (starts_with(inner, "List[") || starts_with(inner, "list[") || starts_with(inner, "Vec<")) return "list";
  if (starts_with(inner, "Dict[") || starts_with(inner, "dict[") || starts_with(inner, "HashMap<")) return "map";
  if (starts_with(inner, "Tuple[") || starts_with(inner, "tuple[") || starts_with(inner, "(")) return "tuple";
  return inner;  // a class or struct name stands for itself
}

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

DeclaredComparison compare_declared(const std::string& attribute, const std::string& reference_type,
                                    const std::string& candidate_type) {
  DeclaredComparison result;
  result.attribute = attribute;
  result.reference_type = reference_type;
  result.candidate_type = candidate_type;
  if (reference_type.empty()) {
    result.status = FieldStatus::candidate_only;
    result.severity = Severity::info;
    result.note = "declared by the candidate only";
    return result;
  }
  if (candidate_type.empty()) {
    result.status = FieldStatus::reference_only;
    result.severity = Severity::warning;
    result.note = "the candidate does not declare it";
    return result;
  }
  bool reference_optional = false;
  bool candidate_optional = false;
  const std::string reference_inner = without_optional(reference_type, reference_optional);
  const std::string candidate_inner = without_optional(candidate_type, candidate_optional);
  const std::string reference_family = type_family(reference_inner);
  const std::string candidate_family = type_family(candidate_inner);
  if (reference_family != candidate_family) {
    // serde_json::Value and Any hold anything: a typed class on the other side
    // converts, but nothing checks it.
    if (reference_family == "any" || candidate_family == "any") {
      result.status = FieldStatus::same_after_conversion;
      result.note = "one side declares an untyped JSON value";
    } else {
      result.status = FieldStatus::type_mismatch;
      result.severity = Severity::breaking;
      result.note = reference_family + " against " + candidate_family;
      return result;
    }
  } else if (identical(reference_inner, candidate_inner)) {
    result.status = FieldStatus::same;
  } else {
    result.status = FieldStatus::same_after_conversion;
    result.note = reference_inner + " converts to " + candidate_inner;
    if (reference_inner == "timedelta" && candidate_inner == "PgInterval") {
      result.note += " (an interval's months have no length in seconds)";
    }
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
