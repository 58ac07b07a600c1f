// Loading a project whose manifest or schema is fuzzed: the first byte picks
// which file the rest replaces (the manifest, a schema, or the definitions it
// refers to), in a two-side project of one structure.
#include "fuzz_support.hpp"
#include "json/error.hpp"

namespace {

constexpr const char* kManifest = R"({"reference_side": "a", "sides": {
  "a": {"role": "reference", "schemas": "a", "profile": "profiles/python.json", "unknown_keys": "ignore"},
  "b": {"role": "candidate", "schemas": "b", "profile": "profiles/rust.json", "unknown_keys": "reject"}},
  "structures": {"T": {"sides": ["a", "b"], "readers": ["a", "b"]}},
  "field_mappings": {"T": [{"a": "/x", "b": "/y", "kind": "renamed"}]}})";
constexpr const char* kSchema = R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
  "properties": {"x": {"$ref": "definitions.json#/definitions/d"}, "y": {"type": "string", "pattern": "^a"}}})";
constexpr const char* kDefinitions = R"({"definitions": {"d": {"type": ["string", "null"], "x-encoding": "revision-utf8"}}})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  namespace fs = std::filesystem;
  const fs::path project = portcheck::fuzz::scratch() / "schemas";
  static const bool prepared = [&] {
    fs::create_directories(project);
    fs::copy(fs::path(PORTCHECK_SOURCE_DIR) / "schemas/profiles", project / "profiles", fs::copy_options::recursive);
    return true;
  }();
  static_cast<void>(prepared);
  const std::string_view fuzzed = portcheck::fuzz::text_of(data + 1, size - 1);
  const int which = data[0] % 4;
  portcheck::fuzz::write(project / "manifest.json", which == 0 ? fuzzed : std::string_view(kManifest));
  portcheck::fuzz::write(project / "a/T.schema.json", which == 1 ? fuzzed : std::string_view(kSchema));
  portcheck::fuzz::write(project / "b/T.schema.json", which == 2 ? fuzzed : std::string_view(kSchema));
  portcheck::fuzz::write(project / "a/definitions.json", which == 3 ? fuzzed : std::string_view(kDefinitions));
  portcheck::fuzz::write(project / "b/definitions.json", kDefinitions);
  try {
    static_cast<void>(portcheck::schema::SchemaSet::load(project));
  } catch (const portcheck::Error&) {
  }
  return 0;
}
