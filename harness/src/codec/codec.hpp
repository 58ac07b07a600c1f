#pragma once
/// Typed decoding of a fixture, guided by its own side's schema, and encoding
/// back into that side's encoding. decode() then encode() must reproduce the
/// fixture; a difference means the schema or the codec misses something.

#include <optional>
#include <string>
#include <vector>

#include "codec/typed_value.hpp"
#include "json/document.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::codec {

/// A value that does not parse under its x-encoding.
struct DecodeProblem {
  std::string pointer;
  std::string reason;  ///< "string does not decode as timestamp-naive-iso"
};

/// Decodes a document: each value under an x-encoding becomes a typed value
/// (timestamp, duration, interval, revision); everything else stays JSON.
/// A value that does not parse under its encoding stays plain JSON and is
/// listed in problems.
Value decode(const schema::SchemaSet& schemas, const schema::StructureSchema& schema, const json::Document& document,
             std::vector<DecodeProblem>* problems = nullptr);

/// Decodes one value found at `pointer` of a document of the structure.
Value decode_at(const schema::SchemaSet& schemas, const schema::StructureSchema& schema, const json::Document& document,
                const rapidjson::Value& value, const std::string& pointer,
                std::vector<DecodeProblem>* problems = nullptr);

/// Encodes a typed value as compact JSON in the encoding it was decoded from.
/// A value its encoding cannot hold (a sub-microsecond instant for a Python
/// timestamp) is written as a string naming the problem, so that the
/// round trip shows it.
std::string encode(const Value& value);

/// One place where decode() then encode() does not give back the fixture.
struct RoundTripDifference {
  std::string pointer;
  std::optional<std::string> original;   ///< compact JSON in the fixture; nothing when absent there
  std::optional<std::string> reencoded;  ///< compact JSON after the round trip; nothing when absent
};

/// A value as compact JSON for people, or "(absent)" when there is none.
std::string shown(const std::optional<std::string>& json_text);

/// decode() then encode(), compared with the fixture in canonical form.
std::vector<RoundTripDifference> round_trip(const schema::SchemaSet& schemas, const schema::StructureSchema& schema,
                                            const json::Document& document);

}  // namespace portcheck::codec
