// A document validated against every shipped schema of every side.
#include "fuzz_support.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "schema/validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const portcheck::schema::SchemaSet& schemas = portcheck::fuzz::project_schemas();
  try {
    const portcheck::json::Document document = portcheck::json::parse(portcheck::fuzz::text_of(data, size), "fuzz.json");
    for (const portcheck::schema::Structure& structure : schemas.manifest().structures) {
      for (const std::string& side : structure.sides) {
        const portcheck::schema::StructureSchema* schema = schemas.find(side, structure.name);
        if (schema != nullptr) static_cast<void>(portcheck::schema::validate(schemas, *schema, document));
      }
    }
  } catch (const portcheck::Error&) {
  }
  return 0;
}
