#include "schema/validator.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

#include <valijson/schema.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>
#include "json/rapidjson.hpp"

#include "json/error.hpp"
#include "json/integer.hpp"
#include "json/pointer.hpp"
#include "schema/value_rules.hpp"

namespace portcheck::schema {

namespace {

/// valijson describes each error in English; the keyword is recovered from the
/// start of its description. Wrapper errors ("failed to validate against the
/// schema of property x") only repeat a more specific error and are dropped.
/// Every form valijson writes is here, and a test makes valijson write each one
/// (ValidationMessages in schema_test.cpp), so that a reworded message fails a
/// test instead of degrading a rule.
struct RuleSignature {
  std::string_view prefix;
  std::string_view rule;  // empty: a wrapper to drop
};
constexpr std::array<RuleSignature, 37> kRuleSignatures{{
    {"Failed to validate against schema associated with property name", ""},
    {"Failed to validate against schema associated with pattern", ""},
    {"Failed to validate against additional properties schema", ""},
    {"Failed to validate against child schema", ""},
    {"Failed to validate against dependent schema", ""},
    {"Failed to validate item #", ""},
    {"against corresponding item schema", ""},
    {"in array.", ""},
    {"against additional items schema", ""},
    {"Failed to validate against any schemas allowed by anyOf", "anyOf"},
    {"Failed to validate against any child schemas allowed by oneOf", "oneOf"},
    {"Failed to validate against exactly one child schema", "oneOf"},
    {"Failed to validate against a conditional schema", "if"},
    {"Value type not permitted", "type"},
    {"Failed to match regex", "pattern"},
    {"Missing required property", "required"},
    {"Object contains a property that could not be validated", "additionalProperties"},
    {"Cannot validate item #", "additionalItems"},
    {"Array contains more items than allowed", "additionalItems"},
    {"Expected number less than", "maximum"},
    {"Expected number greater than", "minimum"},
    {"Failed to match expected value set by 'const'", "const"},
    {"Failed to match against any enum values", "enum"},
    {"Array should contain no fewer than", "minItems"},
    {"Array should contain no more than", "maxItems"},
    {"Object should have no fewer than", "minProperties"},
    {"Object should have no more than", "maxProperties"},
    {"String should be no fewer than", "minLength"},
    {"String should be no more than", "maxLength"},
    {"Missing dependency", "dependencies"},
    {"Target should not validate against schema specified in 'not'", "not"},
    {"Elements at indexes #", "uniqueItems"},
    {"Value should be a multiple of", "multipleOf"},
    {"Value could not be converted", "multipleOf"},
    {"String should be a valid date", "format"},
    {"String should be a valid time", "format"},
    {"Failed to any values against subschema in 'contains'", "contains"},
}};

}  // namespace

std::optional<std::string_view> validation_keyword(std::string_view description) {
  for (const RuleSignature& signature : kRuleSignatures) {
    if (description.starts_with(signature.prefix)) return signature.rule;
  }
  // Wrappers that name an item or a property before their own words.
  for (const RuleSignature& signature : kRuleSignatures) {
    if (signature.rule.empty() && description.find(signature.prefix) != std::string_view::npos) return signature.rule;
  }
  return std::nullopt;
}

namespace {

/// valijson's context is "<root>" then "[token]" per step, which cannot tell
/// key "0" from index 0; walking the instance alongside resolves it.
std::string context_to_pointer(const std::vector<std::string>& context, const rapidjson::Value& root) {
  std::string pointer;
  const rapidjson::Value* current = &root;
  for (std::size_t index = 1; index < context.size(); ++index) {
    std::string token = context[index];
    if (token.size() >= 2 && token.front() == '[' && token.back() == ']') token = token.substr(1, token.size() - 2);
    pointer = json::append_pointer(pointer, token);
    if (current != nullptr) current = json::find_pointer(*current, "/" + json::escape_pointer_token(token));
  }
  return pointer;
}

std::string quoted_list(const std::vector<std::string>& items, std::string_view last_joiner) {
  std::string text;
  for (std::size_t index = 0; index < items.size(); ++index) {
    if (index > 0) text += index + 1 == items.size() ? std::string(last_joiner) : std::string(", ");
    text += items[index];
  }
  return text;
}

/// A short JSON rendering of a value for messages, cut at 60 characters.
std::string excerpt(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  std::string text = buffer.GetString();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

std::string declared_suffix(const FieldDescription& field) {
  if (field.source_type.empty()) return "";
  return " (declared " + field.source_type + ")";
}

/// Plain words for one failure, from the instance and what the schema says
/// about its place.
std::string explain(std::string_view rule, std::string_view description, const rapidjson::Value* value,
                    const FieldDescription& field) {
  std::string found = "nothing";
  if (value != nullptr) found = value->IsNull() ? "null" : json::type_name(*value) + " " + excerpt(*value);
  if (rule == "type") {
    const std::string expected = field.types.empty() ? "another type" : quoted_list(field.types, " or ");
    std::string text = "expected " + expected;
    if (field.encoding != Encoding::none) text += " encoded as " + to_string(field.encoding);
    return text + declared_suffix(field) + ", found " + found;
  }
  if (rule == "pattern") {
    if (field.encoding == Encoding::none) return excerpt(*value) + " does not match the pattern " + field.pattern;
    return excerpt(*value) + " is not in the " + to_string(field.encoding) + " encoding" + declared_suffix(field);
  }
  if (rule == "additionalProperties") {
    return "key is not declared by the schema (drift: either the serializer or the schema must change)";
  }
  if (rule == "required") {
    const auto open = description.find('\'');
    const auto close = description.rfind('\'');
    const std::string key(description.substr(open + 1, close - open - 1));
    return "missing required key \"" + key + "\"";
  }
  if (rule == "minimum" || rule == "maximum") {
    return found + " is out of range: " + std::string(description) + declared_suffix(field);
  }
  if (rule == "const" || rule == "enum") return std::string(description) + " Found " + found + ".";
  return std::string(description) + declared_suffix(field);
}

std::string to_string(Wide value) { return json::decimal_text(value); }

/// portcheck's own checks of one string or number, given the schema nodes
/// that apply to it (see check_values).
void check_scalar(const SchemaSet& schemas, const StructureSchema& schema, const json::Document& document,
                  const rapidjson::Value& value, const std::string& pointer, const std::vector<SchemaNode>& nodes,
                  std::vector<ValidationFailure>& failures) {
  if (value.IsString()) {
    const re2::StringPiece text(value.GetString(), value.GetStringLength());
    for (const SchemaNode& node : nodes) {
      if (!node.value->IsObject() || !admits_strings(*node.value)) continue;
      const auto pattern = node.value->FindMember("pattern");
      if (pattern == node.value->MemberEnd() || !pattern->value.IsString()) continue;
      if (RE2::PartialMatch(text, schemas.pattern(pattern->value.GetString()))) continue;
      ValidationFailure failure;
      failure.pointer = pointer;
      failure.rule = "pattern";
      failure.message = explain("pattern", "", &value, schemas.describe(schema, pointer));
      if (const auto position = document.position_of(pointer)) failure.position = *position;
      failures.push_back(std::move(failure));
      return;
    }
    return;
  }
  const std::optional<Wide> number = exact_integer(value);
  if (!number) return;
  const std::string width = integer_width(nodes);
  if (width.empty()) return;
  const auto [low, high] = integer_range(width);
  if (*number >= low && *number <= high) return;
  const FieldDescription field = schemas.describe(schema, pointer);
  ValidationFailure failure;
  failure.pointer = pointer;
  failure.rule = *number > high ? "maximum" : "minimum";
  failure.message = "integer " + to_string(*number) + " does not fit in " + width + " (" + to_string(low) + " to " +
                    to_string(high) + ")" + declared_suffix(field);
  if (const auto position = document.position_of(pointer)) failure.position = *position;
  failures.push_back(std::move(failure));
}

/// What portcheck checks itself, walking the document with the schema nodes
/// that apply to each value (never recursing, and never looking a value up
/// from the root: a long array costs one child lookup per element):
///  - integer widths (x-integer), exactly: valijson compares minimum and
///    maximum as doubles, exact only below 2^53, and reads integers above
///    i64::MAX as negative;
///  - patterns, with RE2 (SchemaSet::pattern()): linear time, whatever the
///    pattern and the string.
void check_values(const SchemaSet& schemas, const StructureSchema& schema, const json::Document& document,
                  std::vector<ValidationFailure>& failures) {
  // Scalars are checked as they are reached; containers wait on a stack of
  // (container, next child) frames, so memory follows the nesting depth, not
  // the number of values (a million-element array costs one frame).
  struct Frame {
    const rapidjson::Value* container;
    std::string pointer;
    std::vector<SchemaNode> nodes;
    rapidjson::SizeType next = 0;
  };
  std::vector<Frame> frames;
  const auto visit = [&](const rapidjson::Value& value, std::string pointer, std::vector<SchemaNode> nodes) {
    if (nodes.empty()) return;  // nothing describes it: valijson reports it, if anything
    if (value.IsObject() || value.IsArray()) {
      frames.push_back({&value, std::move(pointer), std::move(nodes), 0});
    } else {
      check_scalar(schemas, schema, document, value, pointer, nodes, failures);
    }
  };
  visit(document.root(), "", schemas.root_nodes(schema));
  while (!frames.empty()) {
    Frame& frame = frames.back();
    const rapidjson::Value& container = *frame.container;
    const rapidjson::SizeType size = container.IsObject() ? container.MemberCount() : container.Size();
    if (frame.next == size) {
      frames.pop_back();
      continue;
    }
    const rapidjson::SizeType index = frame.next++;
    const rapidjson::Value* child = nullptr;
    std::string token;
    if (container.IsObject()) {
      const auto member = container.MemberBegin() + index;
      token.assign(member->name.GetString(), member->name.GetStringLength());
      child = &member->value;
    } else {
      token = std::to_string(index);
      child = &container[index];
    }
    // visit may grow `frames`, which would move `frame`: take what it needs first.
    std::string pointer = json::append_pointer(frame.pointer, token);
    std::vector<SchemaNode> nodes = schemas.child_nodes(frame.nodes, token);
    visit(*child, std::move(pointer), std::move(nodes));
  }
}

}  // namespace

std::vector<ValidationFailure> validate(const SchemaSet& schemas, const StructureSchema& schema,
                                        const json::Document& document) {
  // A validator per call (it holds no compiled state portcheck uses:
  // patterns are checked with RE2), so that threads can validate at once.
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  const valijson::adapters::RapidJsonAdapter target(document.root());
  std::vector<ValidationFailure> failures;
  const bool conforms = validator.validate(schema.compiled(), target, &results);
  bool explained = false;  // whether valijson said why, when it refused
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    const std::string pointer = context_to_pointer(error.context, document.root());
    const std::optional<std::string_view> keyword = validation_keyword(error.description);
    if (!keyword) {
      // Never a guess: a message portcheck cannot map names no rule.
      throw Error("valijson reported a failure portcheck does not recognise: \"" + error.description +
                      "\"; its keyword cannot be told, so the document is not judged",
                  [&] {
                    SourceLocation where = SourceLocation::in_file(document.source_name());
                    where.pointer = pointer;
                    where.has_pointer = true;
                    if (const auto position = document.nearest_position_of(pointer)) {
                      where.line = position->line;
                      where.column = position->column;
                    }
                    return where;
                  }());
    }
    const std::string_view rule = *keyword;
    if (rule.empty()) continue;
    explained = true;
    ValidationFailure failure;
    failure.pointer = pointer;
    failure.rule = std::string(rule);
    if (rule == "additionalProperties") {
      // Point at the undeclared key itself, not at its object.
      const auto open = error.description.rfind(": '");
      const std::string key = error.description.substr(open + 3, error.description.size() - open - 5);
      failure.pointer = json::append_pointer(failure.pointer, key);
    }
    const rapidjson::Value* value = json::find_pointer(document.root(), failure.pointer);
    // valijson reads integers above i64::MAX as negative and compares bounds
    // as doubles; where the field has an x-integer width,
    // check_values() judges such values exactly instead.
    if ((rule == "minimum" || rule == "maximum") && value != nullptr && is_wide_integer(*value) &&
        !schemas.describe(schema, failure.pointer).integer.empty()) {
      continue;
    }
    failure.message = explain(rule, error.description, value, schemas.describe(schema, failure.pointer));
    if (rule == "required") {
      const auto open = error.description.find('\'');
      failure.missing_key = error.description.substr(open + 1, error.description.rfind('\'') - open - 1);
    }
    if (const auto position = document.nearest_position_of(failure.pointer)) failure.position = *position;
    failures.push_back(std::move(failure));
  }

  if (!conforms && !explained) {
    // valijson refuses without a message where a keyword validates through
    // a nested validator that keeps none (propertyNames): say so, never pass.
    throw Error("valijson refused the document without saying why (a keyword that reports nothing, such as "
                "propertyNames); portcheck cannot judge it against " +
                    schema.file().string(),
                SourceLocation::in_file(document.source_name()));
  }
  check_values(schemas, schema, document, failures);
  if (failures.empty()) return failures;

  // Branches of anyOf report every way a value failed. A type error next to a
  // more specific error at the same place or deeper comes from a branch the
  // value was never meant for, so it is dropped; so is the anyOf summary when
  // anything more specific remains.
  // Looked up in sorted lists of pointers, not by comparing every failure
  // with every other: an array of thousands of wrong items fails thousands
  // of times.
  const auto is_generic = [](const ValidationFailure& failure) {
    return failure.rule == "type" || failure.rule == "anyOf" || failure.rule == "oneOf";
  };
  std::vector<std::string_view> all_pointers, specific_pointers, type_pointers;
  for (const ValidationFailure& failure : failures) {
    all_pointers.emplace_back(failure.pointer);
    if (!is_generic(failure)) specific_pointers.emplace_back(failure.pointer);
    if (failure.rule == "type") type_pointers.emplace_back(failure.pointer);
  }
  for (auto* pointers : {&all_pointers, &specific_pointers, &type_pointers}) {
    std::sort(pointers->begin(), pointers->end());
  }
  const auto holds = [](const std::vector<std::string_view>& pointers, const std::string& pointer) {
    return std::binary_search(pointers.begin(), pointers.end(), std::string_view(pointer));
  };
  // Whether a pointer in the list is below `pointer`: they all follow
  // `pointer + "/"` in order, one after another.
  const auto holds_below = [](const std::vector<std::string_view>& pointers, const std::string& pointer) {
    const std::string prefix = pointer + "/";
    const auto found = std::lower_bound(pointers.begin(), pointers.end(), std::string_view(prefix));
    return found != pointers.end() && found->starts_with(prefix);
  };
  std::vector<ValidationFailure> kept;
  std::set<std::tuple<std::string_view, std::string_view, std::string_view>> kept_keys;
  for (const ValidationFailure& failure : failures) {
    if (is_generic(failure) &&
        (holds(specific_pointers, failure.pointer) || holds_below(specific_pointers, failure.pointer))) {
      continue;
    }
    // valijson sums up a tuple whose item failed as "Cannot validate item #N
    // or greater using 'items' or 'additionalItems'": the item's own failure
    // says what is wrong; the tuple's length may well be right.
    const bool tuple_summary = failure.rule == "additionalItems" || failure.rule == "items";
    if (tuple_summary && holds_below(all_pointers, failure.pointer)) continue;
    if (failure.rule == "anyOf" && holds(type_pointers, failure.pointer)) continue;
    if (kept_keys.emplace(failure.pointer, failure.rule, failure.message).second) kept.push_back(failure);
  }
  std::stable_sort(kept.begin(), kept.end(), [](const ValidationFailure& left, const ValidationFailure& right) {
    return std::pair(left.position.line, left.position.column) < std::pair(right.position.line, right.position.column);
  });
  return kept;
}

}  // namespace portcheck::schema
