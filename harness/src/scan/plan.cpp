#include "scan/plan.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "codec/time_text.hpp"
#include "json/error.hpp"
#include "scan/json_views.hpp"
#include "schema/value_rules.hpp"

namespace portcheck::scan {
using schema::admits_strings;
using schema::Encoding;
using schema::integer_range;
using schema::integer_width;
using schema::parse_encoding;
using schema::SchemaNode;
using schema::SchemaSet;
using schema::Wide;
}  // namespace portcheck::scan

namespace portcheck::scan {

namespace {

enum TypeBit : std::uint8_t {
  kNull = 1U,
  kBoolean = 2U,
  kInteger = 4U,
  kNumber = 8U,
  kString = 16U,
  kArray = 32U,
  kObject = 64U,
};
constexpr std::uint8_t kAnyType = 0x7FU;
/// Schemas applied to one value in a row before the plan gives up (as
/// SchemaSet's $ref chains stop at 64).
constexpr int kMaximumSchemaSteps = 64;

/// What admits a key or an element beyond those a node names.
enum class Extra { allow, deny, schema };

/// One compiled schema node. Child schemas are indices into the plan's nodes,
/// so $ref cycles compile to cycles, not to endless recursion.
struct Node {
  bool is_false = false;  ///< the boolean schema `false`
  std::uint8_t types = kAnyType;
  int reference = -1;
  std::vector<const rapidjson::Value*> allowed;  ///< enum (const is an enum of one)
  bool has_allowed = false;
  std::optional<double> minimum, maximum, exclusive_minimum, exclusive_maximum;
  std::optional<std::size_t> min_items, max_items, min_properties, max_properties;
  std::vector<std::pair<std::string, int>> properties;
  /// required keys as indices into properties (a bit each, when there are at
  /// most 64 properties), and the others by name.
  std::uint64_t required_mask = 0;
  std::vector<std::string> required_elsewhere;
  Extra additional = Extra::allow;
  int additional_schema = -1;
  bool tuple = false;
  int items = -1;
  std::vector<int> tuple_items;
  Extra additional_items = Extra::allow;
  int additional_items_schema = -1;
  std::vector<int> any_of, one_of, all_of;
  int not_schema = -1, if_schema = -1, then_schema = -1, else_schema = -1;
  std::vector<std::pair<std::string, std::vector<std::string>>> required_by;
  std::vector<std::pair<std::string, int>> schema_by;
};

/// What validate() checks itself and decode() parses at one place of an
/// instance: all the schema nodes that reach it, as SchemaSet::child_nodes
/// finds them, whichever alternative the value meets.
struct Place {
  std::vector<const re2::RE2*> patterns;
  std::optional<std::pair<Wide, Wide>> range;
  Encoding encoding = Encoding::none;
  std::vector<std::pair<std::string, int>> members;
  int other_member = -1;
  std::vector<int> elements;
  int other_element = -1;
  /// child_nodes() takes a key of digits as an array index too (and an
  /// index as a key): where a node has both, the plan leaves it undecided.
  bool digit_keys_are_indices = false;
  bool indices_are_keys = false;
  bool checks_below = false;
};

/// Keywords that only describe, for people or for portcheck's other parts.
bool is_annotation(std::string_view keyword) {
  static const std::set<std::string_view> kAnnotations{
      "$schema", "$id", "$comment", "title", "description", "default", "examples", "definitions", "pattern",
  };
  return keyword.starts_with("x-") || kAnnotations.contains(keyword);
}

std::uint8_t type_bit(std::string_view name) {
  if (name == "null") return kNull;
  if (name == "boolean") return kBoolean;
  if (name == "integer") return kInteger;
  if (name == "number") return kNumber | kInteger;
  if (name == "string") return kString;
  if (name == "array") return kArray;
  if (name == "object") return kObject;
  return 0;
}

std::uint8_t value_bits(JsonKind kind) {
  switch (kind) {
    case JsonKind::null:
      return kNull;
    case JsonKind::boolean:
      return kBoolean;
    case JsonKind::integer:
      return kInteger;
    case JsonKind::number:
      return kNumber;
    case JsonKind::string:
      return kString;
    case JsonKind::array:
      return kArray;
    case JsonKind::object:
      return kObject;
  }
  return 0;
}

Verdict both(Verdict left, Verdict right) {
  if (left == Verdict::rejected || right == Verdict::rejected) return Verdict::rejected;
  if (left == Verdict::undecided || right == Verdict::undecided) return Verdict::undecided;
  return Verdict::accepted;
}

/// The value as an exact integer, when it is one (value_rules.hpp's
/// exact_integer, for either view).
template <typename View>
std::optional<Wide> exact_integer_of(const View& value) {
  if (value.is_int64()) return value.int64();
  if (value.is_uint64()) return value.uint64();
  return std::nullopt;
}

/// The number as valijson compares it (a double), or nothing where that
/// double is not the value (valijson reads integers above i64::MAX as
/// negative, and a double cannot hold every integer from 2^53 on).
template <typename View>
std::optional<double> comparable_number(const View& value) {
  if (value.is_double()) return value.number();
  if (!value.is_int64()) return std::nullopt;
  const std::int64_t integer = value.int64();
  constexpr std::int64_t kExactInDouble = std::int64_t{1} << 53;
  if (integer >= kExactInDouble || integer <= -kExactInDouble) return std::nullopt;
  return static_cast<double>(integer);
}

/// valijson's strict equality (enum, const): numbers as doubles. `left` is
/// the schema's constant, `right` the document's value.
template <typename Left, typename Right>
Verdict equal(const Left& left, const Right& right) {
  if (left.is_number() && right.is_number()) {
    const auto a = comparable_number(left);
    const auto b = comparable_number(right);
    if (!a || !b) return Verdict::undecided;
    return *a == *b ? Verdict::accepted : Verdict::rejected;
  }
  const JsonKind kind = left.kind();
  if (kind != right.kind()) return Verdict::rejected;
  switch (kind) {
    case JsonKind::boolean:
      return left.boolean() == right.boolean() ? Verdict::accepted : Verdict::rejected;
    case JsonKind::string:
      return left.string() == right.string() ? Verdict::accepted : Verdict::rejected;
    case JsonKind::array: {
      if (left.size() != right.size()) return Verdict::rejected;
      // Side by side: simdjson's elements are reached by walking, not by index.
      std::vector<Right> elements;
      elements.reserve(right.size());
      right.each_element([&elements](const Right& element) {
        elements.push_back(element);
        return true;
      });
      Verdict result = Verdict::accepted;
      std::size_t index = 0;
      left.each_element([&](const Left& element) {
        result = both(result, equal(element, elements[index++]));
        return result != Verdict::rejected;
      });
      return result;
    }
    case JsonKind::object: {
      if (left.size() != right.size()) return Verdict::rejected;
      Verdict result = Verdict::accepted;
      left.each_member([&](std::string_view key, const Left& value) {
        const auto other = right.find(key);
        result = other ? both(result, equal(value, *other)) : Verdict::rejected;
        return result != Verdict::rejected;
      });
      return result;
    }
    default:
      return Verdict::accepted;  // both null
  }
}

/// The index of `key` among names sorted by name, or names.size(). Tries
/// `hint` first: documents written with sorted keys (as both runners' are)
/// meet the names in order, so most lookups take one comparison.
std::size_t find_key(const std::vector<std::pair<std::string, int>>& names, std::string_view key, std::size_t hint) {
  if (hint < names.size()) {
    // Inline: keys are short, and a call to memcmp costs more than the loop.
    const std::string& name = names[hint].first;
    bool same = name.size() == key.size();
    for (std::size_t index = 0; same && index < key.size(); ++index) same = name[index] == key[index];
    if (same) return hint;
  }
  const auto found = std::lower_bound(names.begin(), names.end(), key,
                                      [](const auto& entry, std::string_view wanted) { return entry.first < wanted; });
  if (found != names.end() && found->first == key) return static_cast<std::size_t>(found - names.begin());
  return names.size();
}

bool is_digits(std::string_view token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// A copy of `shared` for the calling thread. An RE2 object is safe to use
/// from several threads, but they share its cache of automaton states
/// behind a lock, whose cache line the cores then pass back and forth: a
/// few percent of a scan on two cores. A copy is found by the shared
/// object's address and made again if its pattern or options differ (the
/// address may be a new object's after the old one was freed), so a thread
/// keeps one copy per address it has seen.
const re2::RE2& this_threads(const re2::RE2& shared) {
  thread_local std::unordered_map<const re2::RE2*, std::unique_ptr<re2::RE2>> copies;
  std::unique_ptr<re2::RE2>& copy = copies[&shared];
  if (copy == nullptr || copy->pattern() != shared.pattern() ||
      copy->options().case_sensitive() != shared.options().case_sensitive() ||
      copy->options().encoding() != shared.options().encoding() ||
      copy->options().posix_syntax() != shared.options().posix_syntax() ||
      copy->options().max_mem() != shared.options().max_mem()) {
    copy = std::make_unique<re2::RE2>(shared.pattern(), shared.options());
  }
  return *copy;
}

}  // namespace

struct ValidationPlan::Compiled {
  std::vector<Node> nodes;
  std::vector<Place> places;
  int root = -1;
  int root_place = -1;
  std::string unavailable;

  /// `steps`: schemas applied to this same value on the way here ($ref,
  /// anyOf, ...). The loader refuses $ref cycles; a cycle through other
  /// keywords ends here as undecided rather than at the stack's end.
  /// Each for either view of a parsed document (json_views.hpp).
  template <typename View>
  [[nodiscard]] Verdict evaluate(int index, const View& value, int steps = 0) const;
  template <typename View>
  [[nodiscard]] Verdict evaluate_object(const Node& node, const View& value, int steps) const;
  template <typename View>
  [[nodiscard]] Verdict evaluate_array(const Node& node, const View& value) const;
  template <typename View>
  [[nodiscard]] Verdict evaluate_number(const Node& node, const View& value) const;
  template <typename View>
  [[nodiscard]] Verdict check_place(int index, const View& value, bool decoding) const;
};

namespace {

/// Builds the plan's nodes and places from the loaded schemas.
class Compiler {
 public:
  Compiler(const SchemaSet& schemas, ValidationPlan::Compiled& plan) : schemas_(schemas), plan_(plan) {}

  int node(const SchemaNode& source) {
    if (const auto found = nodes_.find(source.value); found != nodes_.end()) return found->second;
    const int index = static_cast<int>(plan_.nodes.size());
    nodes_[source.value] = index;
    plan_.nodes.emplace_back();
    Node compiled = build(source);
    plan_.nodes[static_cast<std::size_t>(index)] = std::move(compiled);
    return index;
  }

  int place(const std::vector<SchemaNode>& sources) {
    if (sources.empty()) return -1;
    std::vector<const rapidjson::Value*> key;
    key.reserve(sources.size());
    for (const SchemaNode& source : sources) key.push_back(source.value);
    if (const auto found = places_.find(key); found != places_.end()) return found->second;
    const int index = static_cast<int>(plan_.places.size());
    places_[key] = index;
    plan_.places.emplace_back();
    Place built = build_place(sources);
    plan_.places[static_cast<std::size_t>(index)] = std::move(built);
    return index;
  }

  /// Which places have anything to check at or below them; a place that
  /// reaches itself is settled when nothing changes any more.
  void settle_checks_below() {
    for (Place& place : plan_.places) {
      place.checks_below = !place.patterns.empty() || place.range.has_value() || place.encoding != Encoding::none ||
                           place.digit_keys_are_indices || place.indices_are_keys;
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (Place& place : plan_.places) {
        if (place.checks_below) continue;
        const auto below = [this](int child) {
          return child >= 0 && plan_.places[static_cast<std::size_t>(child)].checks_below;
        };
        bool any = below(place.other_member) || below(place.other_element);
        for (const auto& member : place.members) any = any || below(member.second);
        for (int element : place.elements) any = any || below(element);
        if (any) {
          place.checks_below = true;
          changed = true;
        }
      }
    }
  }

 private:
  void unsupported(const SchemaNode& source, std::string_view keyword) {
    if (plan_.unavailable.empty()) {
      plan_.unavailable = "the schema uses \"" + std::string(keyword) + "\" (in " + source.file.filename().string() +
                          "), which the compiled plan does not cover";
    }
  }

  int child(const SchemaNode& parent, const rapidjson::Value& value) { return node({&value, parent.file}); }

  Extra extra(const SchemaNode& source, const rapidjson::Value& value, int& schema) {
    if (value.IsBool()) return value.GetBool() ? Extra::allow : Extra::deny;
    schema = child(source, value);
    return Extra::schema;
  }

  Node build(const SchemaNode& source) {
    Node node;
    const rapidjson::Value& value = *source.value;
    if (value.IsBool()) {
      node.is_false = !value.GetBool();
      return node;
    }
    if (!value.IsObject()) {
      unsupported(source, "a schema that is neither an object nor a boolean");
      return node;
    }
    std::vector<std::string> required;
    for (const auto& member : value.GetObject()) {
      const std::string_view keyword(member.name.GetString(), member.name.GetStringLength());
      const rapidjson::Value& argument = member.value;
      if (is_annotation(keyword)) continue;
      if (keyword == "$ref" && argument.IsString()) {
        // draft-07: a $ref's siblings are ignored; a schema that puts
        // checks beside one is ambiguous, and left to the exact path.
        for (const auto& sibling : value.GetObject()) {
          const std::string_view name(sibling.name.GetString(), sibling.name.GetStringLength());
          if (name != "$ref" && !is_annotation(name)) unsupported(source, "a check beside $ref");
        }
        node.reference = node_of_reference(source, argument.GetString());
      } else if (keyword == "type") {
        node.types = 0;
        if (argument.IsString()) {
          node.types = type_bit(argument.GetString());
          if (node.types == 0) unsupported(source, "an unknown type");
        } else if (argument.IsArray()) {
          for (const auto& name : argument.GetArray()) {
            const std::uint8_t bit = name.IsString() ? type_bit(name.GetString()) : 0;
            if (bit == 0) unsupported(source, "an unknown type");
            node.types |= bit;
          }
        }
      } else if (keyword == "enum" && argument.IsArray()) {
        node.has_allowed = true;
        for (const auto& allowed : argument.GetArray()) node.allowed.push_back(&allowed);
      } else if (keyword == "const") {
        node.has_allowed = true;
        node.allowed.push_back(&argument);
      } else if (keyword == "minimum" && argument.IsNumber()) {
        node.minimum = argument.GetDouble();
      } else if (keyword == "maximum" && argument.IsNumber()) {
        node.maximum = argument.GetDouble();
      } else if (keyword == "exclusiveMinimum" && argument.IsNumber()) {
        node.exclusive_minimum = argument.GetDouble();
      } else if (keyword == "exclusiveMaximum" && argument.IsNumber()) {
        node.exclusive_maximum = argument.GetDouble();
      } else if (keyword == "minItems" && argument.IsUint64()) {
        node.min_items = argument.GetUint64();
      } else if (keyword == "maxItems" && argument.IsUint64()) {
        node.max_items = argument.GetUint64();
      } else if (keyword == "minProperties" && argument.IsUint64()) {
        node.min_properties = argument.GetUint64();
      } else if (keyword == "maxProperties" && argument.IsUint64()) {
        node.max_properties = argument.GetUint64();
      } else if (keyword == "properties" && argument.IsObject()) {
        for (const auto& property : argument.GetObject()) {
          node.properties.emplace_back(std::string(property.name.GetString(), property.name.GetStringLength()),
                                       child(source, property.value));
        }
      } else if (keyword == "required" && argument.IsArray()) {
        for (const auto& key : argument.GetArray()) {
          if (key.IsString()) required.emplace_back(key.GetString(), key.GetStringLength());
        }
      } else if (keyword == "additionalProperties") {
        node.additional = extra(source, argument, node.additional_schema);
      } else if (keyword == "items") {
        if (argument.IsArray()) {
          node.tuple = true;
          for (const auto& item : argument.GetArray()) node.tuple_items.push_back(child(source, item));
        } else {
          node.items = child(source, argument);
        }
      } else if (keyword == "additionalItems") {
        node.additional_items = extra(source, argument, node.additional_items_schema);
      } else if ((keyword == "anyOf" || keyword == "oneOf" || keyword == "allOf") && argument.IsArray()) {
        std::vector<int>& into = keyword == "anyOf" ? node.any_of : keyword == "oneOf" ? node.one_of : node.all_of;
        for (const auto& branch : argument.GetArray()) into.push_back(child(source, branch));
      } else if (keyword == "not") {
        node.not_schema = child(source, argument);
      } else if (keyword == "if") {
        node.if_schema = child(source, argument);
      } else if (keyword == "then") {
        node.then_schema = child(source, argument);
      } else if (keyword == "else") {
        node.else_schema = child(source, argument);
      } else if (keyword == "dependencies" && argument.IsObject()) {
        for (const auto& dependency : argument.GetObject()) {
          std::string key(dependency.name.GetString(), dependency.name.GetStringLength());
          if (dependency.value.IsArray()) {
            std::vector<std::string> keys;
            for (const auto& name : dependency.value.GetArray()) {
              if (name.IsString()) keys.emplace_back(name.GetString(), name.GetStringLength());
            }
            node.required_by.emplace_back(std::move(key), std::move(keys));
          } else {
            node.schema_by.emplace_back(std::move(key), child(source, dependency.value));
          }
        }
      } else {
        unsupported(source, keyword);
      }
    }
    std::sort(node.properties.begin(), node.properties.end());  // find_key() looks them up by name
    for (std::string& key : required) {
      const auto found = std::find_if(node.properties.begin(), node.properties.end(),
                                      [&key](const auto& property) { return property.first == key; });
      const auto position = static_cast<std::size_t>(found - node.properties.begin());
      if (found != node.properties.end() && position < 64) {
        node.required_mask |= std::uint64_t{1} << position;
      } else {
        node.required_elsewhere.push_back(std::move(key));
      }
    }
    return node;
  }

  int node_of_reference(const SchemaNode& source, const std::string& reference) {
    return node(schemas_.resolve_reference(source, reference));
  }

  Place build_place(const std::vector<SchemaNode>& sources) {
    Place place;
    std::set<std::string> names;
    std::size_t tuple_length = 0;
    bool has_items = false;
    for (const SchemaNode& source : sources) {
      const rapidjson::Value& value = *source.value;
      if (!value.IsObject()) continue;
      if (const auto pattern = value.FindMember("pattern");
          pattern != value.MemberEnd() && pattern->value.IsString() && admits_strings(value)) {
        place.patterns.push_back(&schemas_.pattern(pattern->value.GetString()));
      }
      if (place.encoding == Encoding::none) {
        if (const auto encoding = value.FindMember("x-encoding");
            encoding != value.MemberEnd() && encoding->value.IsString()) {
          place.encoding = parse_encoding(encoding->value.GetString()).value_or(Encoding::none);
        }
      }
      if (const auto properties = value.FindMember("properties");
          properties != value.MemberEnd() && properties->value.IsObject()) {
        for (const auto& property : properties->value.GetObject()) {
          names.emplace(property.name.GetString(), property.name.GetStringLength());
          if (is_digits(property.name.GetString())) place.indices_are_keys = true;
        }
      }
      if (const auto items = value.FindMember("items"); items != value.MemberEnd()) {
        has_items = true;
        if (items->value.IsArray()) tuple_length = std::max<std::size_t>(tuple_length, items->value.Size());
      }
    }
    if (const std::string width = integer_width(sources); !width.empty()) place.range = integer_range(width);
    place.digit_keys_are_indices = has_items;
    // A key no node declares: only additionalProperties schemas reach it.
    // The place is built before its children, which may lead back to it.
    std::vector<std::pair<std::string, int>> members;
    for (const std::string& name : names) members.emplace_back(name, place_of(sources, name));
    const int other_member = place_of(sources, "\x01 undeclared");
    std::vector<int> elements;
    if (has_items) {
      for (std::size_t index = 0; index < tuple_length; ++index) {
        elements.push_back(place_of(sources, std::to_string(index)));
      }
    }
    const int other_element = has_items ? place_of(sources, std::to_string(tuple_length)) : -1;
    place.members = std::move(members);
    place.other_member = other_member;
    place.elements = std::move(elements);
    place.other_element = other_element;
    return place;
  }

  int place_of(const std::vector<SchemaNode>& sources, const std::string& token) {
    return place(schemas_.child_nodes(sources, token));
  }

  const SchemaSet& schemas_;
  ValidationPlan::Compiled& plan_;
  std::map<const rapidjson::Value*, int> nodes_;
  std::map<std::vector<const rapidjson::Value*>, int> places_;
};

}  // namespace

template <typename View>
Verdict ValidationPlan::Compiled::evaluate(int index, const View& value, int steps) const {
  if (steps > kMaximumSchemaSteps) return Verdict::undecided;
  const Node& node = nodes[static_cast<std::size_t>(index)];
  if (node.is_false) return Verdict::rejected;
  if (node.reference >= 0) return evaluate(node.reference, value, steps + 1);
  const JsonKind kind = value.kind();
  if ((node.types & value_bits(kind)) == 0) return Verdict::rejected;
  Verdict result = Verdict::accepted;
  if (node.has_allowed) {
    Verdict any = Verdict::rejected;
    for (const rapidjson::Value* allowed : node.allowed) {
      const Verdict match = equal(RapidView(*allowed), value);
      if (match == Verdict::accepted) {
        any = match;
        break;
      }
      if (match == Verdict::undecided) any = match;
    }
    result = both(result, any);
    if (result == Verdict::rejected) return result;
  }
  if (kind == JsonKind::integer || kind == JsonKind::number) {
    result = both(result, evaluate_number(node, value));
  } else if (kind == JsonKind::object) {
    result = both(result, evaluate_object(node, value, steps));
  } else if (kind == JsonKind::array) {
    result = both(result, evaluate_array(node, value));
  }
  if (result == Verdict::rejected) return result;
  for (int branch : node.all_of) {
    result = both(result, evaluate(branch, value, steps + 1));
    if (result == Verdict::rejected) return result;
  }
  if (!node.any_of.empty()) {
    Verdict any = Verdict::rejected;
    for (int branch : node.any_of) {
      const Verdict match = evaluate(branch, value, steps + 1);
      if (match == Verdict::accepted) {
        any = match;
        break;
      }
      if (match == Verdict::undecided) any = match;
    }
    result = both(result, any);
    if (result == Verdict::rejected) return result;
  }
  if (!node.one_of.empty()) {
    std::size_t matches = 0;
    bool unsure = false;
    for (int branch : node.one_of) {
      const Verdict match = evaluate(branch, value, steps + 1);
      matches += match == Verdict::accepted ? 1 : 0;
      unsure = unsure || match == Verdict::undecided;
    }
    result = both(result, unsure ? Verdict::undecided : matches == 1 ? Verdict::accepted : Verdict::rejected);
    if (result == Verdict::rejected) return result;
  }
  if (node.not_schema >= 0) {
    const Verdict inner = evaluate(node.not_schema, value, steps + 1);
    result = both(result, inner == Verdict::accepted   ? Verdict::rejected
                          : inner == Verdict::rejected ? Verdict::accepted
                                                       : Verdict::undecided);
  }
  if (node.if_schema >= 0) {
    const Verdict condition = evaluate(node.if_schema, value, steps + 1);
    if (condition == Verdict::undecided) return both(result, Verdict::undecided);
    const int branch = condition == Verdict::accepted ? node.then_schema : node.else_schema;
    if (branch >= 0) result = both(result, evaluate(branch, value, steps + 1));
  }
  return result;
}

template <typename View>
Verdict ValidationPlan::Compiled::evaluate_number(const Node& node, const View& value) const {
  const bool bounded = node.minimum || node.maximum || node.exclusive_minimum || node.exclusive_maximum;
  if (!bounded) return Verdict::accepted;
  const std::optional<double> number = comparable_number(value);
  if (!number) return Verdict::undecided;
  const bool inside = (!node.minimum || *number >= *node.minimum) && (!node.maximum || *number <= *node.maximum) &&
                      (!node.exclusive_minimum || *number > *node.exclusive_minimum) &&
                      (!node.exclusive_maximum || *number < *node.exclusive_maximum);
  return inside ? Verdict::accepted : Verdict::rejected;
}

template <typename View>
Verdict ValidationPlan::Compiled::evaluate_object(const Node& node, const View& value, int steps) const {
  const std::size_t count = value.size();
  if (node.min_properties && count < *node.min_properties) return Verdict::rejected;
  if (node.max_properties && count > *node.max_properties) return Verdict::rejected;
  Verdict result = Verdict::accepted;
  std::uint64_t seen = 0;
  std::size_t hint = 0;
  const bool finished = value.each_member([&](std::string_view key, const View& member) {
    int schema = -1;
    const std::size_t index = find_key(node.properties, key, hint);
    if (index < node.properties.size()) {
      schema = node.properties[index].second;
      if (index < 64) seen |= std::uint64_t{1} << index;
      hint = index + 1;
    } else {
      if (node.additional == Extra::deny) {
        result = Verdict::rejected;
        return false;
      }
      schema = node.additional == Extra::schema ? node.additional_schema : -1;
    }
    if (schema >= 0) result = both(result, evaluate(schema, member));
    return result != Verdict::rejected;
  });
  if (!finished) return Verdict::rejected;
  if ((seen & node.required_mask) != node.required_mask) return Verdict::rejected;
  for (const std::string& key : node.required_elsewhere) {
    if (!value.find(key)) return Verdict::rejected;
  }
  for (const auto& [key, keys] : node.required_by) {
    if (!value.find(key)) continue;
    for (const std::string& needed : keys) {
      if (!value.find(needed)) return Verdict::rejected;
    }
  }
  for (const auto& [key, schema] : node.schema_by) {
    if (!value.find(key)) continue;
    result = both(result, evaluate(schema, value, steps + 1));
    if (result == Verdict::rejected) return result;
  }
  return result;
}

template <typename View>
Verdict ValidationPlan::Compiled::evaluate_array(const Node& node, const View& value) const {
  const std::size_t size = value.size();
  if (node.min_items && size < *node.min_items) return Verdict::rejected;
  if (node.max_items && size > *node.max_items) return Verdict::rejected;
  Verdict result = Verdict::accepted;
  std::size_t index = 0;
  value.each_element([&](const View& element) {
    int schema = node.items;
    if (node.tuple) {
      if (index < node.tuple_items.size()) {
        schema = node.tuple_items[index];
      } else if (node.additional_items == Extra::deny) {
        result = Verdict::rejected;
        return false;
      } else {
        schema = node.additional_items == Extra::schema ? node.additional_items_schema : -1;
      }
    }
    ++index;
    if (schema >= 0) result = both(result, evaluate(schema, element));
    return result != Verdict::rejected;
  });
  return result;
}

namespace {

/// Whether decode() would parse a non-null value under its encoding
/// (codec.cpp's decode_encoded, without building the typed value).
template <typename View>
bool decodes(Encoding encoding, const View& value) {
  switch (encoding) {
    case Encoding::none:
      return true;
    case Encoding::timestamp_naive_iso:
    case Encoding::timestamp_rfc3339:
    case Encoding::timestamp_iso:
      return value.is_string() && codec::parse_timestamp(value.string()).has_value();
    case Encoding::duration_seconds:
      return value.is_number() && codec::duration_seconds_in_range(value.number());
    case Encoding::duration_secs_nanos: {
      if (!value.is_object() || value.size() != 2) return false;
      const auto secs = value.find("secs");
      const auto nanos = value.find("nanos");
      return secs && nanos && secs->is_uint64() && nanos->is_uint64();
    }
    case Encoding::pg_interval:
      if (!value.is_object() || value.size() != 3) return false;
      for (const char* key : {"months", "days", "microseconds"}) {
        const auto member = value.find(key);
        if (!member || !member->is_int64()) return false;
      }
      return true;
    case Encoding::revision_utf8:
      return value.is_string();
  }
  return false;
}

}  // namespace

template <typename View>
Verdict ValidationPlan::Compiled::check_place(int index, const View& value, bool decoding) const {
  if (index < 0) return Verdict::accepted;  // nothing describes it: nothing to check
  const Place& place = places[static_cast<std::size_t>(index)];
  if (!place.checks_below) return Verdict::accepted;
  // decode() parses an encoded value and stops there; validate()'s own
  // checks go on below it.
  if (decoding && place.encoding != Encoding::none && !value.is_null()) {
    if (!decodes(place.encoding, value)) return Verdict::rejected;
    decoding = false;
  }
  const JsonKind kind = value.kind();
  if (kind == JsonKind::string) {
    const std::string_view string = value.string();
    const re2::StringPiece text(string.data(), string.size());
    for (const re2::RE2* pattern : place.patterns) {
      if (!RE2::PartialMatch(text, this_threads(*pattern))) return Verdict::rejected;
    }
    return Verdict::accepted;
  }
  if (kind == JsonKind::integer || kind == JsonKind::number) {
    if (!place.range) return Verdict::accepted;
    const std::optional<Wide> number = exact_integer_of(value);
    if (!number) return Verdict::accepted;
    return *number >= place.range->first && *number <= place.range->second ? Verdict::accepted : Verdict::rejected;
  }
  Verdict result = Verdict::accepted;
  if (kind == JsonKind::object) {
    std::size_t hint = 0;
    value.each_member([&](std::string_view key, const View& member) {
      if (place.digit_keys_are_indices && is_digits(key)) {
        result = Verdict::undecided;
        return false;
      }
      const std::size_t found = find_key(place.members, key, hint);
      int child = place.other_member;
      if (found < place.members.size()) {
        child = place.members[found].second;
        hint = found + 1;
      }
      result = both(result, check_place(child, member, decoding));
      return result != Verdict::rejected;
    });
  } else if (kind == JsonKind::array) {
    if (place.indices_are_keys && value.size() > 0) return Verdict::undecided;
    std::size_t element = 0;
    value.each_element([&](const View& item) {
      const int child = element < place.elements.size() ? place.elements[element] : place.other_element;
      ++element;
      result = both(result, check_place(child, item, decoding));
      return result != Verdict::rejected;
    });
  }
  return result;
}

ValidationPlan ValidationPlan::compile(const schema::SchemaSet& schemas, const schema::StructureSchema& schema) {
  ValidationPlan plan;
  plan.compiled_ = std::make_unique<Compiled>();
  Compiler compiler(schemas, *plan.compiled_);
  plan.compiled_->root = compiler.node(schemas.root_of(schema.file()));
  plan.compiled_->root_place = compiler.place(schemas.root_nodes(schema));
  compiler.settle_checks_below();
  return plan;
}

ValidationPlan::ValidationPlan() = default;
ValidationPlan::~ValidationPlan() = default;
ValidationPlan::ValidationPlan(ValidationPlan&&) noexcept = default;
ValidationPlan& ValidationPlan::operator=(ValidationPlan&&) noexcept = default;

bool ValidationPlan::available() const { return compiled_ != nullptr && compiled_->unavailable.empty(); }

const std::string& ValidationPlan::why_unavailable() const {
  static const std::string kNotCompiled = "no schema was compiled";
  return compiled_ == nullptr ? kNotCompiled : compiled_->unavailable;
}

Verdict ValidationPlan::judge(const rapidjson::Value& document) const {
  if (!available()) return Verdict::undecided;
  const RapidView root(document);
  return both(compiled_->evaluate(compiled_->root, root), compiled_->check_place(compiled_->root_place, root, true));
}

Verdict ValidationPlan::judge(const simdjson::dom::document& document) const {
  if (!available()) return Verdict::undecided;
  const TapeView root(document);
  return both(compiled_->evaluate(compiled_->root, root), compiled_->check_place(compiled_->root_place, root, true));
}

}  // namespace portcheck::scan
