#include "compare/readability.hpp"

#include "codec/time_text.hpp"
#include "json/pointer.hpp"
#include "schema/validator.hpp"

namespace portcheck::compare {

std::optional<Rule> reader_refusal(const schema::LanguageProfile& profile, schema::Encoding encoding,
                                   const std::string& text) {
  if (!schema::is_timestamp(encoding)) return Rule::pattern_mismatch;
  // Whether the reader's timestamp parser takes a time without an offset is
  // the language's (chrono's DateTime<Utc> refuses it, Python 3.11's
  // fromisoformat takes it): the profile says.
  const auto timestamp = codec::parse_timestamp(text);
  if (!timestamp) return Rule::unparseable_timestamp;
  if (!timestamp->has_offset && profile.naive_timestamps == schema::NaiveTimestamps::refused) {
    return Rule::naive_timestamp_unreadable;
  }
  return std::nullopt;
}

namespace {

Rule type_rule(schema::Encoding encoding, const rapidjson::Value* value, bool at_root, const std::string& root_type) {
  if (value == nullptr) return Rule::wrong_type;
  if (value->IsNull()) return Rule::null_where_value_required;
  if ((encoding == schema::Encoding::duration_secs_nanos || encoding == schema::Encoding::pg_interval) &&
      value->IsNumber()) {
    return Rule::number_where_object_required;
  }
  if (encoding == schema::Encoding::duration_seconds && value->IsObject()) return Rule::object_where_number_required;
  if (at_root && root_type == "null") return Rule::unit_struct_rejects_value;
  return Rule::wrong_type;
}

/// The reader rule for a validator keyword that failed, or nothing when the
/// reader's own rules let the value through.
std::optional<Rule> keyword_rule(const std::string& keyword) {
  if (keyword == "required") return Rule::missing_required_key;
  if (keyword == "minimum" || keyword == "maximum") return Rule::integer_out_of_range;
  if (keyword == "const" || keyword == "enum" || keyword == "anyOf" || keyword == "oneOf") {
    return Rule::value_not_accepted;
  }
  if (keyword == "additionalItems" || keyword == "minItems" || keyword == "maxItems") return Rule::tuple_length;
  return std::nullopt;
}

}  // namespace

Readability judge_readability(const schema::SchemaSet& schemas, const std::string& structure, const std::string& writer,
                              const std::string& reader, const json::Document& document, const std::string& scenario,
                              const std::string& file) {
  return judge_readability(schemas, structure, writer, reader, document, scenario, file,
                           schema::validate(schemas, schemas.get(reader, structure), document));
}

Readability judge_readability(const schema::SchemaSet& schemas, const std::string& structure, const std::string& writer,
                              const std::string& reader, const json::Document& document, const std::string& scenario,
                              const std::string& file, const std::vector<schema::ValidationFailure>& failures) {
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

  for (const schema::ValidationFailure& failure : failures) {
    const schema::FieldDescription field = schemas.describe(schema, failure.pointer);
    const rapidjson::Value* value = json::find_pointer(document.root(), failure.pointer);
    Rule rule = Rule::constraint_violated;
    std::string pointer = failure.pointer;
    std::string message = failure.message;
    // A reader that checks only what it parses takes any other value as it
    // comes (the comparison of values reports what changes), and never looks
    // at a key it does not read.
    const bool parsed = field.encoding != schema::Encoding::none || !field.parsed_by.empty();
    // A reader that looks at the document at all refuses one of another type
    // than the structure's: Python's from_json calls .get on it, serde
    // expects a map or a sequence. Only a reader that never looks (its schema
    // says x-unread at the root) takes anything.
    const bool wrong_root = failure.rule == "type" && failure.pointer.empty();
    if (reader_side.value_checks == schema::ValueChecks::parsed_only &&
        (field.unread ||
         (!wrong_root && failure.rule != "required" && failure.rule != "additionalProperties" && !parsed))) {
      continue;
    }
    if (failure.rule == "additionalProperties") {
      if (reader_side.unknown_keys == schema::UnknownKeyPolicy::ignore) continue;
      rule = Rule::unknown_key_rejected;
    } else if (failure.rule == "pattern" && value != nullptr && value->IsString()) {
      const std::optional<Rule> refused = reader_refusal(reader_side.profile, field.encoding, value->GetString());
      if (!refused) continue;
      rule = *refused;
    } else if (failure.rule == "type") {
      rule = type_rule(field.encoding, value, failure.pointer.empty(), root_type);
    } else if (const std::optional<Rule> known = keyword_rule(failure.rule)) {
      rule = *known;
      if (rule == Rule::missing_required_key) pointer = json::append_pointer(failure.pointer, failure.missing_key);
    } else {
      message = failure.rule + ": " + failure.message;
    }
    result.readable = false;
    result.refusals.push_back({rule, pointer, message});
  }
  return result;
}

}  // namespace portcheck::compare
