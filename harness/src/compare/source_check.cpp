#include "compare/source_check.hpp"

#include <algorithm>
#include <set>

#include "compare/document.hpp"
#include "json/pointer.hpp"

namespace portcheck::compare {

namespace {

class StructureChecker {
 public:
  StructureChecker(const schema::SchemaSet& schemas, const schema::Structure& structure,
                   const schema::StructureSchema& schema, const StructureCapture& capture,
                   std::vector<SourceMismatch>& into)
      : schemas_(schemas), structure_(structure), schema_(schema), capture_(capture), into_(into) {}

  void run() {
    check_location();
    check_json_forms();
    std::set<std::string> described = check_properties();
    check_declared_only(described);
    for (const CodeAttribute& attribute : capture_.definition.attributes) {
      if (!described.contains(attribute.name)) {
        mismatch("/properties", "the code declares " + attribute.name + " (" + shown(attribute) +
                                    ") but the schema neither has a property for it nor lists it in x-declared-only");
      }
    }
  }

 private:
  void mismatch(const std::string& pointer, const std::string& message) {
    into_.push_back({schema_.side(), structure_.name, schema_.file().string(), pointer,
                     schema_.side() + " " + structure_.name + ": " + message});
  }

  static std::string shown(const CodeAttribute& attribute) {
    return attribute.annotated ? attribute.type : "no annotation";
  }

  std::string code_location() const {
    return capture_.definition.file + ":" + std::to_string(capture_.definition.line);
  }

  void check_location() {
    const std::string declared = schemas_.source_location(schema_);
    if (declared != code_location()) {
      mismatch("/x-source-location", "x-source-location is \"" + declared + "\" but " + capture_.definition.name +
                                         " is defined at " + code_location());
    }
  }

  void check_json_forms() {
    const schema::Manifest& manifest = schemas_.manifest();
    for (const auto& [listed, actual, list] :
         {std::tuple{structure_.is_written_by(schema_.side()), capture_.writes, "writers"},
          std::tuple{structure_.is_read_by(schema_.side()), capture_.reads, "readers"}}) {
      if (listed == actual) continue;
      into_.push_back({schema_.side(), structure_.name, manifest.file.string(),
                       json::append_pointer(json::append_pointer("/structures", structure_.name), list),
                       schema_.side() + " " + structure_.name + ": the manifest " +
                           (listed ? "lists " : "does not list ") + schema_.side() + " in " + list + ", but the code " +
                           (actual ? "has " : "has no ") + (std::string(list) == "writers" ? "serializer" : "reader") +
                           (capture_.why_not.empty() ? "" : " (" + capture_.why_not + ")")});
    }
  }

  const CodeAttribute* attribute(const std::string& name) const {
    const auto& attributes = capture_.definition.attributes;
    const auto found = std::find_if(attributes.begin(), attributes.end(),
                                    [&](const CodeAttribute& attribute) { return attribute.name == name; });
    return found == attributes.end() ? nullptr : &*found;
  }

  bool is_property(const std::string& name) const {
    const auto& properties = capture_.definition.properties;
    return std::find(properties.begin(), properties.end(), name) != properties.end();
  }

  /// One declared type against the code's.
  void check_type(const std::string& pointer, const std::string& name, const std::string& type, bool annotated) {
    const CodeAttribute* code = attribute(name);
    if (code == nullptr) {
      if (is_property(name)) {
        if (annotated) {
          mismatch(pointer, name +
                                " is a property the code declares without a return type: mark it "
                                "\"x-source-annotated\": false");
        }
        return;
      }
      mismatch(pointer, "the schema describes " + name + ", which " + capture_.definition.name + " (" +
                            code_location() + ") does not declare");
      return;
    }
    if (!code->annotated) {
      if (annotated) {
        mismatch(pointer, name + " has no annotation in the code; the schema's x-source-type \"" + type +
                              "\" must be marked \"x-source-annotated\": false");
      }
      return;
    }
    if (!annotated) {
      mismatch(pointer, name + " is annotated " + code->type + " in the code, but the schema says it is not");
    } else if (!same_declared_type(type, code->type)) {
      mismatch(pointer, name + " is declared " + code->type + " in the code, but x-source-type says " + type);
    }
  }

  /// Top-level properties: each names an attribute (x-source-name, else its
  /// key) whose declared type it must carry.
  std::set<std::string> check_properties() {
    std::set<std::string> described;
    const rapidjson::Value& root = *schemas_.root_of(schema_.file()).value;
    if (!root.HasMember("properties") || !root["properties"].IsObject()) return described;
    for (const auto& property : root["properties"].GetObject()) {
      const std::string key = property.name.GetString();
      const std::string pointer = json::append_pointer("", key);
      const schema::FieldDescription field = schemas_.describe(schema_, pointer);
      const std::string name = field.source_name.empty() ? key : field.source_name;
      described.insert(name);
      // A key the document carries that the reader never reads (x-unread),
      // e.g. one the worker writes: the class has no attribute to match.
      if (field.unread && attribute(name) == nullptr && !is_property(name)) continue;
      check_type(json::append_pointer("/properties", key), name, field.source_type, field.annotated);
    }
    return described;
  }

  void check_declared_only(std::set<std::string>& described) {
    for (const schema::DeclaredOnly& entry : schemas_.declared_only(schema_)) {
      described.insert(entry.name);
      check_type(json::append_pointer("/x-declared-only", entry.name), entry.name, entry.type, entry.annotated);
    }
  }

  const schema::SchemaSet& schemas_;
  const schema::Structure& structure_;
  const schema::StructureSchema& schema_;
  const StructureCapture& capture_;
  std::vector<SourceMismatch>& into_;
};

}  // namespace

std::vector<SourceMismatch> check_schemas_against_code(const schema::SchemaSet& schemas,
                                                       const CaptureRecords& records) {
  std::vector<SourceMismatch> mismatches;
  const schema::Manifest& manifest = schemas.manifest();
  const bool captured_from_source = !manifest.upstream.repository.empty();
  for (const schema::Structure& structure : manifest.structures) {
    for (const std::string& side : structure.sides) {
      // A side that nothing captures has no record of its code to check
      // against; the manifest says so (no sides.<name>.capture).
      if (manifest.find_side(side)->capture_tool.empty()) continue;
      const schema::StructureSchema* schema = schemas.find(side, structure.name);
      const StructureCapture* capture = records.capture(side, structure.name);
      if (schema == nullptr) continue;
      if (capture == nullptr) {
        if (captured_from_source) {
          mismatches.push_back({side, structure.name, schema->file().string(), "",
                                side + " " + structure.name + ": no capture record of its real definition (fixtures/" +
                                    side + "/capture.json): run scripts/capture"});
        }
        continue;
      }
      StructureChecker(schemas, structure, *schema, *capture, mismatches).run();
    }
  }
  return mismatches;
}

}  // namespace portcheck::compare
