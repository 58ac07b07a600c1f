// The typed codec on whatever a schema accepts: decoding what encode() wrote
// gives an equivalent value (encode is decode's inverse), unless encode had to
// name a value its encoding cannot hold.
#include "codec/codec.hpp"
#include "fuzz_support.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "schema/validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const portcheck::schema::SchemaSet& schemas = portcheck::fuzz::project_schemas();
  std::vector<const portcheck::schema::StructureSchema*> all;
  for (const portcheck::schema::Structure& structure : schemas.manifest().structures) {
    for (const std::string& side : structure.sides) {
      if (const auto* schema = schemas.find(side, structure.name)) all.push_back(schema);
    }
  }
  const portcheck::schema::StructureSchema& schema = *all[data[0] % all.size()];
  try {
    const portcheck::json::Document document =
        portcheck::json::parse(portcheck::fuzz::text_of(data + 1, size - 1), "fuzz.json");
    if (!portcheck::schema::validate(schemas, schema, document).empty()) return 0;
    const portcheck::codec::Value decoded = portcheck::codec::decode(schemas, schema, document);
    const std::string encoded = portcheck::codec::encode(decoded);
    if (encoded.find("\"<") != std::string::npos) return 0;  // a value its encoding cannot hold, named
    const portcheck::json::Document again = portcheck::json::parse(encoded, "encoded.json");
    if (!portcheck::codec::equivalent(decoded, portcheck::codec::decode(schemas, schema, again))) std::abort();
    static_cast<void>(portcheck::codec::round_trip(schemas, schema, document));
  } catch (const portcheck::Error&) {
  }
  return 0;
}
