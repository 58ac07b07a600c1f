#include "compare/readability.hpp"

#include "codec/time_text.hpp"
#include "json/pointer.hpp"
#include "schema/validator.hpp"

namespace portcheck::compare {

std::string reader_refusal(const std::string& encoding, const std::string& text) {
  const auto timestamp = codec::parse_timestamp(text);
  if (encoding == "timestamp-rfc3339") {
    // chrono's DateTime<Utc> accepts any RFC 3339 time with an offset.
    if (!timestamp) return "unparseable-timestamp";
    return timestamp->has_offset ? "" : "naive-timestamp-unreadable";
  }
  if (encoding == "timestamp-naive-iso") {
    // datetime.fromisoformat (Python 3.11) accepts naive and offset times.
    return timestamp ? "" : "unparseable-timestamp";
  }
  return "pattern";
}

namespace {

std::string type_rule(const std::string& encoding, const rapidjson::Value* value, bool at_root,
                      const std::string& root_type) {
  if (value == nullptr) return "wrong-type";
  if (value->IsNull()) return "null-where-value-required";
  if ((encoding == "duration-secs-nanos" || encoding == "pg-interval") && value->IsNumber()) {
    return "number-where-object-required";
  }
  if (encoding == "duration-seconds" && value->IsObject()) return "object-where-number-required";
  if (at_root && root_type == "null") return "unit-struct-rejects-value";
  return "wrong-type";
}

}  // namespace

Readability judge_readability(const schema::SchemaSet& schemas, const std::string& structure, const std::string& writer,
                              const std::string& reader, const json::Document& document, const std::string& scenario,
                              const std::string& file) {
  Readability result;
  result.id = structure + "/" + scenario + "/" + writer + "-read-by-" + reader;
  result.scenario = scenario;
  result.writer = writer;
  result.reader = reader;
  result.file = file;
  const schema::Side& reader_side = *schemas.manifest().find_side(reader);
  const schema::StructureSchema& schema = schemas.get(reader, structure);
  const rapidjson::Value& root_schema = *schemas.root_of(schema.file()).value;
  const std::string root_type =
      root_schema.HasMember("type") && root_schema["type"].IsString() ? root_schema["type"].GetString() : "";

  for (const schema::ValidationFailure& failure : schema::validate(schemas, schema, document)) {
    const schema::FieldDescription field = schemas.describe(schema, failure.pointer);
    const rapidjson::Value* value = json::find_pointer(document.root(), failure.pointer);
    std::string rule;
    std::string pointer = failure.pointer;
    // A reader that checks only what it parses takes any other value as it
    // comes (the comparison of values reports what changes).
    const bool parsed = !field.encoding.empty();
    if (reader_side.value_checks == schema::ValueChecks::parsed_only && failure.rule != "required" &&
        failure.rule != "additionalProperties" && !parsed) {
      continue;
    }
    if (failure.rule == "additionalProperties") {
      if (reader_side.unknown_keys == schema::UnknownKeyPolicy::ignore) continue;
      rule = "unknown-key-rejected";
    } else if (failure.rule == "pattern" && value != nullptr && value->IsString()) {
      rule = reader_refusal(field.encoding, value->GetString());
      if (rule.empty()) continue;
    } else if (failure.rule == "type") {
      rule = type_rule(field.encoding, value, failure.pointer.empty(), root_type);
    } else if (failure.rule == "required") {
      rule = "missing-required-key";
      pointer = json::append_pointer(failure.pointer, failure.missing_key);
    } else if (failure.rule == "minimum" || failure.rule == "maximum") {
      rule = "integer-out-of-range";
    } else if (failure.rule == "const" || failure.rule == "enum" || failure.rule == "anyOf") {
      rule = "value-not-accepted";
    } else if (failure.rule == "additionalItems" || failure.rule == "minItems" || failure.rule == "maxItems") {
      rule = "tuple-length";
    } else {
      rule = failure.rule;
    }
    result.readable = false;
    result.reasons.push_back(rule + " at " + (pointer.empty() ? "(root)" : pointer) + ": " + failure.message);
    result.pointers.push_back(pointer);
  }
  return result;
}

}  // namespace portcheck::compare
