#include "codec/codec.hpp"

#include <algorithm>

#include "codec/time_text.hpp"
#include "json/canonical.hpp"
#include "json/pointer.hpp"

namespace portcheck::codec {

namespace {

void write_string(const std::string& text, std::string& out);
void write(const Value& value, std::string& out);

/// The first x-encoding among the schema nodes that reach a place (as
/// SchemaSet::describe() finds it).
schema::Encoding encoding_of(const std::vector<schema::SchemaNode>& nodes) {
  for (const schema::SchemaNode& node : nodes) {
    if (!node.value->IsObject()) continue;
    const auto found = node.value->FindMember("x-encoding");
    if (found != node.value->MemberEnd() && found->value.IsString()) {
      if (const auto encoding = schema::parse_encoding(found->value.GetString())) return *encoding;
    }
  }
  return schema::Encoding::none;
}

/// Whether any of the nodes describes a child of the place: child_nodes()
/// follows properties, an object additionalProperties and items, nothing
/// else, so without them every child is described by nothing.
bool describes_children(const std::vector<schema::SchemaNode>& nodes) {
  return std::any_of(nodes.begin(), nodes.end(), [](const schema::SchemaNode& node) {
    if (!node.value->IsObject()) return false;
    const auto additional = node.value->FindMember("additionalProperties");
    return node.value->HasMember("properties") || node.value->HasMember("items") ||
           (additional != node.value->MemberEnd() && additional->value.IsObject());
  });
}

/// Walks a document with the schema nodes that reach each place (one child
/// lookup per step, never a lookup from the root per value).
class Decoder {
 public:
  Decoder(const schema::SchemaSet& schemas, const json::Document& document, std::vector<DecodeProblem>* problems)
      : schemas_(schemas), document_(document), problems_(problems) {}

  Value decode(const rapidjson::Value& json, const std::string& pointer, const std::vector<schema::SchemaNode>& nodes) {
    const schema::Encoding encoding = encoding_of(nodes);
    if (encoding != schema::Encoding::none && !json.IsNull()) {
      if (auto typed = decode_encoded(json, encoding)) return *typed;
      problem(json, pointer, encoding);
    }
    // Nothing describes this container or anything in it (`details`, typed
    // Any), so no encoding applies below it: it stays the document's own
    // value, and its values cost nothing.
    if (nodes.empty() || !describes_children(nodes)) return plain_value(json, document_, pointer);
    Value value = plain_value(json, document_, pointer);
    if (!value.is_plain()) return value;
    value.plain = nullptr;
    value.source = nullptr;
    value.source_pointer.clear();
    if (json.IsArray()) {
      value.items.reserve(json.Size());
      for (rapidjson::SizeType index = 0; index < json.Size(); ++index) {
        const std::string token = std::to_string(index);
        value.items.push_back(
            decode(json[index], json::append_pointer(pointer, token), schemas_.child_nodes(nodes, token)));
      }
    } else {
      for (const auto& member : json.GetObject()) {
        const std::string key(member.name.GetString(), member.name.GetStringLength());
        value.members.push_back(
            {key, decode(member.value, json::append_pointer(pointer, key), schemas_.child_nodes(nodes, key))});
      }
      std::sort(value.members.begin(), value.members.end(),
                [](const Member& left, const Member& right) { return left.key < right.key; });
    }
    return value;
  }

  /// What decode() then encode() would write, without building the values:
  /// memory in proportion to the text, not to the number of values.
  void reencode(const rapidjson::Value& json, const std::string& pointer, const std::vector<schema::SchemaNode>& nodes,
                std::string& out) {
    const schema::Encoding encoding = encoding_of(nodes);
    if (encoding != schema::Encoding::none && !json.IsNull()) {
      if (auto typed = decode_encoded(json, encoding)) {
        write(*typed, out);
        return;
      }
      problem(json, pointer, encoding);
    }
    if (json.IsArray()) {
      out += '[';
      for (rapidjson::SizeType index = 0; index < json.Size(); ++index) {
        if (index > 0) out += ',';
        const std::string token = std::to_string(index);
        reencode(json[index], json::append_pointer(pointer, token),
                 nodes.empty() ? nodes : schemas_.child_nodes(nodes, token), out);
      }
      out += ']';
    } else if (json.IsObject()) {
      // In the canonical writer's order: the text is compared with its output.
      const std::vector<const rapidjson::Value::Member*> members = json::sorted_members(json);
      out += '{';
      for (std::size_t index = 0; index < members.size(); ++index) {
        if (index > 0) out += ',';
        const std::string key(members[index]->name.GetString(), members[index]->name.GetStringLength());
        write_string(key, out);
        out += ':';
        reencode(members[index]->value, json::append_pointer(pointer, key),
                 nodes.empty() ? nodes : schemas_.child_nodes(nodes, key), out);
      }
      out += '}';
    } else {
      write(plain_value(json, document_, pointer), out);
    }
  }

  /// Whether reencode() would write the value's compact canonical text,
  /// decided place by place in memory bounded by the largest scalar:
  /// reencode() walks arrays and objects as the canonical writer does, so
  /// only what it writes for an encoded place or a scalar can differ (and
  /// two texts of JSON values joined the same way are equal only when every
  /// piece is).
  bool reencodes_as_written(const rapidjson::Value& json, const std::string& pointer,
                            const std::vector<schema::SchemaNode>& nodes) {
    std::string text;
    if (encoding_of(nodes) != schema::Encoding::none && !json.IsNull()) {
      reencode(json, pointer, nodes, text);
      return json::canonical_text_equals(document_, json, text);
    }
    if (json.IsArray()) {
      for (rapidjson::SizeType index = 0; index < json.Size(); ++index) {
        const std::string token = std::to_string(index);
        if (!reencodes_as_written(json[index], json::append_pointer(pointer, token),
                                  nodes.empty() ? nodes : schemas_.child_nodes(nodes, token))) {
          return false;
        }
      }
      return true;
    }
    if (json.IsObject()) {
      for (const auto& member : json.GetObject()) {
        const std::string key(member.name.GetString(), member.name.GetStringLength());
        text.clear();
        write_string(key, text);
        if (!json::canonical_text_equals(document_, member.name, text) ||
            !reencodes_as_written(member.value, json::append_pointer(pointer, key),
                                  nodes.empty() ? nodes : schemas_.child_nodes(nodes, key))) {
          return false;
        }
      }
      return true;
    }
    write(plain_value(json, document_, pointer), text);
    return json::canonical_text_equals(document_, json, text);
  }

 private:
  void problem(const rapidjson::Value& json, const std::string& pointer, schema::Encoding encoding) {
    if (problems_ != nullptr) {
      problems_->push_back({pointer, json::type_name(json) + " does not decode as " + schema::to_string(encoding)});
    }
  }

  std::optional<Value> decode_encoded(const rapidjson::Value& json, schema::Encoding encoding) {
    Value value;
    value.encoding = encoding;
    if (schema::is_timestamp(encoding)) {
      if (!json.IsString()) return std::nullopt;
      const auto timestamp = parse_timestamp(json.GetString());
      if (!timestamp) return std::nullopt;
      value.kind = Kind::timestamp;
      value.timestamp = *timestamp;
      return value;
    }
    if (encoding == schema::Encoding::duration_seconds) {
      // Beyond the range, seconds × 10^9 would not fit the integer (found
      // by plan_fuzz: 1.2e84 s).
      if (!json.IsNumber() || !duration_seconds_in_range(json.GetDouble())) return std::nullopt;
      value.kind = Kind::duration;
      const std::string text = json.IsDouble() ? document_.number_text(json).value_or("") : "";
      if (json.IsInt64()) {
        value.duration_nanoseconds = Integer{json.GetInt64()} * 1000000000;
      } else if (const auto nanoseconds = decimal_to_nanoseconds(text)) {
        value.duration_nanoseconds = *nanoseconds;
      } else {
        value.duration_nanoseconds = static_cast<Integer>(json.GetDouble() * 1e9);
        value.duration_exact = false;
      }
      return value;
    }
    if (encoding == schema::Encoding::duration_secs_nanos) {
      if (!json.IsObject() || !json.HasMember("secs") || !json.HasMember("nanos") || !json["secs"].IsUint64() ||
          !json["nanos"].IsUint64() || json.MemberCount() != 2) {
        return std::nullopt;
      }
      value.kind = Kind::duration;
      value.duration_nanoseconds = Integer{json["secs"].GetUint64()} * 1000000000 + json["nanos"].GetUint64();
      return value;
    }
    if (encoding == schema::Encoding::pg_interval) {
      for (const char* key : {"months", "days", "microseconds"}) {
        if (!json.IsObject() || !json.HasMember(key) || !json[key].IsInt64()) return std::nullopt;
      }
      if (json.MemberCount() != 3) return std::nullopt;
      value.kind = Kind::interval;
      value.interval = {json["months"].GetInt64(), json["days"].GetInt64(), json["microseconds"].GetInt64()};
      return value;
    }
    if (encoding == schema::Encoding::revision_utf8) {
      if (!json.IsString()) return std::nullopt;
      value.kind = Kind::revision;
      value.text.assign(json.GetString(), json.GetStringLength());
      return value;
    }
    return std::nullopt;
  }

  const schema::SchemaSet& schemas_;
  const json::Document& document_;
  std::vector<DecodeProblem>* problems_;
};

void write_string(const std::string& text, std::string& out) {
  // RapidJSON's writer escapes as the canonical writer does.
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  out.append(buffer.GetString(), buffer.GetSize());
}

void write(const Value& value, std::string& out) {
  switch (value.kind) {
    case Kind::null:
      out += "null";
      return;
    case Kind::boolean:
      out += value.boolean ? "true" : "false";
      return;
    case Kind::integer:
      out += integer_text(value.integer);
      return;
    case Kind::number:
      out += value.number_text;
      return;
    case Kind::string:
    case Kind::revision:
      write_string(value.text, out);
      return;
    case Kind::timestamp:
      if (value.encoding == schema::Encoding::timestamp_naive_iso ||
          value.encoding == schema::Encoding::timestamp_iso) {
        const auto text = value.encoding == schema::Encoding::timestamp_iso ? format_iso(value.timestamp)
                                                                            : format_naive_iso(value.timestamp);
        write_string(text ? *text : "<instant finer than a microsecond>", out);
      } else {
        write_string(format_rfc3339(value.timestamp), out);
      }
      return;
    case Kind::duration:
      if (value.encoding == schema::Encoding::duration_seconds) {
        // Past 2^53 microseconds (about 285 years) a float holds no longer
        // every whole microsecond: Python's float would not be this value
        // (codec_fuzz: 6922337203685477580800.5 s came back as 6.922337203685478e+21).
        constexpr Integer kExactMicroseconds = Integer{1} << 53;
        const Integer microseconds = value.duration_nanoseconds / 1000;
        if (value.duration_nanoseconds % 1000 != 0 || !value.duration_exact) {
          write_string("<duration finer than a microsecond>", out);
        } else if (microseconds > kExactMicroseconds || microseconds < -kExactMicroseconds) {
          write_string("<duration beyond a float's whole microseconds>", out);
        } else {
          // timedelta.total_seconds(): microseconds / 10**6, correctly rounded.
          out += python_float_repr(static_cast<double>(value.duration_nanoseconds / 1000) / 1e6);
        }
      } else {
        out += "{\"nanos\":" + integer_text(value.duration_nanoseconds % 1000000000) +
               ",\"secs\":" + integer_text(value.duration_nanoseconds / 1000000000) + "}";
      }
      return;
    case Kind::interval:
      out += "{\"days\":" + std::to_string(value.interval.days) +
             ",\"microseconds\":" + std::to_string(value.interval.microseconds) +
             ",\"months\":" + std::to_string(value.interval.months) + "}";
      return;
    case Kind::array:
      if (value.is_plain()) {
        write(expand(value), out);
        return;
      }
      out += "[";
      for (std::size_t index = 0; index < value.items.size(); ++index) {
        if (index > 0) out += ",";
        write(value.items[index], out);
      }
      out += "]";
      return;
    case Kind::object:
      if (value.is_plain()) {
        write(expand(value), out);
        return;
      }
      out += "{";
      for (std::size_t index = 0; index < value.members.size(); ++index) {
        if (index > 0) out += ",";
        write_string(value.members[index].key, out);
        out += ":";
        write(value.members[index].value, out);
      }
      out += "}";
      return;
  }
}

/// Places where two documents differ, as deep as both sides are containers.
void differences(const json::Document& original, const rapidjson::Value& left, const json::Document& reencoded,
                 const rapidjson::Value* right, const std::string& pointer, std::vector<RoundTripDifference>& into) {
  const std::string left_text = json::compact_canonical_text(original, left);
  const std::optional<std::string> right_text =
      right != nullptr ? std::optional(json::compact_canonical_text(reencoded, *right)) : std::nullopt;
  if (left_text == right_text) return;
  if (right != nullptr && left.IsObject() && right->IsObject()) {
    for (const auto& member : left.GetObject()) {
      const std::string key(member.name.GetString(), member.name.GetStringLength());
      const auto found = right->FindMember(member.name);
      differences(original, member.value, reencoded, found == right->MemberEnd() ? nullptr : &found->value,
                  json::append_pointer(pointer, key), into);
    }
    for (const auto& member : right->GetObject()) {
      if (!left.HasMember(member.name)) {
        into.push_back({json::append_pointer(pointer, member.name.GetString()), std::nullopt,
                        json::compact_canonical_text(reencoded, member.value)});
      }
    }
    return;
  }
  if (right != nullptr && left.IsArray() && right->IsArray() && left.Size() == right->Size()) {
    for (rapidjson::SizeType index = 0; index < left.Size(); ++index) {
      differences(original, left[index], reencoded, &(*right)[index],
                  json::append_pointer(pointer, std::to_string(index)), into);
    }
    return;
  }
  into.push_back({pointer, left_text, right_text});
}

}  // namespace

std::string shown(const std::optional<std::string>& json_text) { return json_text ? *json_text : "(absent)"; }

Value decode(const schema::SchemaSet& schemas, const schema::StructureSchema& schema, const json::Document& document,
             std::vector<DecodeProblem>* problems) {
  return decode_at(schemas, schema, document, document.root(), "", problems);
}

Value decode_at(const schema::SchemaSet& schemas, const schema::StructureSchema& schema, const json::Document& document,
                const rapidjson::Value& value, const std::string& pointer, std::vector<DecodeProblem>* problems) {
  Decoder decoder(schemas, document, problems);
  return decoder.decode(value, pointer, schemas.nodes_at(schema, pointer));
}

std::string encode(const Value& value) {
  std::string out;
  write(value, out);
  return out;
}

std::vector<RoundTripDifference> round_trip(const schema::SchemaSet& schemas, const schema::StructureSchema& schema,
                                            const json::Document& document) {
  Decoder decoder(schemas, document, nullptr);
  std::vector<RoundTripDifference> found;
  // Most round trips give the fixture back: found without writing the
  // document again (a 50 MB document would be held twice).
  if (decoder.reencodes_as_written(document.root(), "", schemas.root_nodes(schema))) return found;
  std::string text;
  decoder.reencode(document.root(), "", schemas.root_nodes(schema), text);
  if (json::canonical_text_equals(document, document.root(), text)) return found;
  const json::Document reencoded = json::parse(text, "(re-encoded)");
  differences(document, document.root(), reencoded, &reencoded.root(), "", found);
  return found;
}

}  // namespace portcheck::codec
