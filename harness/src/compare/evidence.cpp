#include "compare/evidence.hpp"

#include <algorithm>

#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "json/pointer.hpp"
#include "json/reader.hpp"
#include "rules/rules.hpp"

namespace portcheck::compare {

std::string to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::ignored:
      return "ignored";
    case ChangeKind::changed:
      return "changed";
    case ChangeKind::added:
      return "added";
  }
  return "?";
}

std::string to_string(OutcomeKind kind) {
  switch (kind) {
    case OutcomeKind::written:
      return "written";
    case OutcomeKind::read_back:
      return "read-back";
    case OutcomeKind::raised:
      return "raised";
    case OutcomeKind::refused:
      return "refused";
    case OutcomeKind::not_representable:
      // The capture's outcome and the finding it gives share their name.
      return rules::rule_id(rules::Rule::not_representable);
  }
  return "?";
}

const ObservedVerdict* ReaderVerdicts::find(const std::string& structure, const std::string& writer,
                                            const std::string& scenario) const {
  const auto found = std::find_if(verdicts.begin(), verdicts.end(), [&](const ObservedVerdict& verdict) {
    return verdict.structure == structure && verdict.writer == writer && verdict.scenario == scenario;
  });
  return found == verdicts.end() ? nullptr : &*found;
}

const StructureCapture* CaptureRecords::capture(const std::string& side, const std::string& structure) const {
  const auto found = captures.find(side);
  if (found == captures.end()) return nullptr;
  const auto entry = found->second.structures.find(structure);
  return entry == found->second.structures.end() ? nullptr : &entry->second;
}

const ObservedVerdict* CaptureRecords::verdict(const std::string& reader, const std::string& structure,
                                               const std::string& writer, const std::string& scenario) const {
  const auto found = verdicts.find(reader);
  return found == verdicts.end() ? nullptr : found->second.find(structure, writer, scenario);
}

namespace {

/// Reads one capture-tool file, turning every shape error into an Error at
/// the offending value.
/// Capture records are written by scripts/capture: an error in one means
/// the capture has to run again, which every message says.
using RecordReader = json::Reader;
constexpr const char* kRecordAdvice = " (the file is written by scripts/capture: run it again)";

OutcomeKind parse_outcome(const RecordReader& reader, const std::string& pointer) {
  const std::string text = reader.string(pointer);
  for (OutcomeKind kind : {OutcomeKind::written, OutcomeKind::read_back, OutcomeKind::raised, OutcomeKind::refused,
                           OutcomeKind::not_representable}) {
    if (to_string(kind) == text) return kind;
  }
  reader.fail(pointer, "unknown outcome \"" + text + "\"");
}

ChangeKind parse_change(const RecordReader& reader, const std::string& pointer) {
  const std::string text = reader.string(pointer);
  for (ChangeKind kind : {ChangeKind::ignored, ChangeKind::changed, ChangeKind::added}) {
    if (to_string(kind) == text) return kind;
  }
  reader.fail(pointer, "unknown change \"" + text + "\" (changes: ignored, changed, added)");
}

/// "TypeError: message" from {"type", "message"}, or the text as it is.
std::string error_text(const RecordReader& reader, const std::string& pointer, std::string* during) {
  const rapidjson::Value* value = json::find_pointer(reader.document().root(), pointer);
  if (value == nullptr) return "";
  if (value->IsString()) return value->GetString();
  reader.object(pointer);
  if (during != nullptr) *during = reader.optional_string(pointer + "/during");
  return reader.string(pointer + "/type") + ": " + reader.string(pointer + "/message");
}

std::vector<CaptureOutcome> read_outcomes(const RecordReader& reader, const std::string& pointer) {
  std::vector<CaptureOutcome> outcomes;
  if (!reader.has(pointer)) return outcomes;
  for (const auto& member : reader.object(pointer).GetObject()) {
    const std::string at = json::append_pointer(pointer, member.name.GetString());
    reader.object(at);
    CaptureOutcome outcome;
    outcome.scenario = member.name.GetString();
    outcome.kind = parse_outcome(reader, at + "/outcome");
    outcome.error = error_text(reader, at + "/error", &outcome.during);
    if (outcome.error.empty()) outcome.error = reader.optional_string(at + "/reason");
    outcome.unused = reader.strings(at + "/unused");
    if (reader.has(at + "/differences")) {
      const rapidjson::Value& differences = reader.array(at + "/differences");
      for (rapidjson::SizeType index = 0; index < differences.Size(); ++index) {
        const std::string item = at + "/differences/" + std::to_string(index);
        outcome.differences.push_back(
            {reader.string(item + "/attribute"), reader.text(item + "/scenario"), reader.text(item + "/read")});
      }
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

/// A Python definition: {"class", "file", "line", "attributes": [...]}.
CodeDefinition python_definition(const RecordReader& reader, const std::string& pointer) {
  CodeDefinition definition;
  definition.name = reader.string(pointer + "/class");
  definition.file = reader.string(pointer + "/file");
  definition.line = static_cast<int>(reader.integer(pointer + "/line"));
  const rapidjson::Value& attributes = reader.array(pointer + "/attributes");
  for (rapidjson::SizeType index = 0; index < attributes.Size(); ++index) {
    const std::string item = pointer + "/attributes/" + std::to_string(index);
    CodeAttribute attribute;
    attribute.name = reader.string(item + "/name");
    attribute.type = reader.optional_string(item + "/type");
    attribute.annotated = !attribute.type.empty();
    const std::vector<std::string> declared_by = reader.strings(item + "/declared_by");
    for (const std::string& how : declared_by) {
      attribute.declared_by += (attribute.declared_by.empty() ? "" : ", ") + how;
    }
    const bool property_only = declared_by.size() == 1 && declared_by.front() == "property";
    if (property_only) {
      definition.properties.push_back(attribute.name);
    } else {
      definition.attributes.push_back(std::move(attribute));
    }
  }
  return definition;
}

/// A Rust item from capture.json's "items": {"file", "line", "fields": [...]}.
CodeDefinition rust_item(const RecordReader& reader, const std::string& pointer, const std::string& name) {
  CodeDefinition definition;
  definition.name = name;
  definition.file = reader.string(pointer + "/file");
  definition.line = static_cast<int>(reader.integer(pointer + "/line"));
  definition.derives = reader.strings(pointer + "/derives");
  if (reader.has(pointer + "/fields")) {
    const rapidjson::Value& fields = reader.array(pointer + "/fields");
    for (rapidjson::SizeType index = 0; index < fields.Size(); ++index) {
      const std::string item = pointer + "/fields/" + std::to_string(index);
      definition.attributes.push_back({reader.string(item + "/name"), reader.string(item + "/type"), true, "field"});
    }
  }
  return definition;
}

/// A definition's outcome: definition-missing or definition-changed (the
/// structure was not captured), or, where `moved_too`, definition-moved.
rules::Rule located_outcome(const RecordReader& reader, const std::string& pointer, bool moved_too) {
  const std::string text = reader.string(pointer);
  for (const rules::Rule rule : {rules::Rule::definition_missing, rules::Rule::definition_changed}) {
    if (text == rules::rule_id(rule)) return rule;
  }
  if (moved_too && text == rules::rule_id(rules::Rule::definition_moved)) return rules::Rule::definition_moved;
  reader.fail(pointer, "must be \"definition-missing\" or \"definition-changed\"" +
                           std::string(moved_too ? " or \"definition-moved\"" : ""));
}

/// capture.json's "located": [{"outcome": "definition-moved" |
/// "definition-missing" | "definition-changed", "item", ...}].
std::vector<LocatedDefinition> read_located(const RecordReader& reader, const std::string& pointer) {
  std::vector<LocatedDefinition> located;
  if (!reader.has(pointer)) return located;
  const rapidjson::Value& entries = reader.array(pointer);
  for (rapidjson::SizeType index = 0; index < entries.Size(); ++index) {
    const std::string at = pointer + "/" + std::to_string(index);
    LocatedDefinition definition;
    definition.rule = located_outcome(reader, at + "/outcome", true);
    const bool moved = definition.rule == rules::Rule::definition_moved;
    definition.item = reader.string(at + "/item");
    // Rust names files, Python modules.
    definition.from = moved ? reader.string(at + "/from") : reader.optional_string(at + "/file");
    if (definition.from.empty()) definition.from = reader.optional_string(at + "/module");
    if (!moved) {
      definition.reason = reader.string(at + "/reason");
    } else {
      const std::string file = reader.optional_string(at + "/file");
      definition.to =
          (file.empty() ? reader.string(at + "/to") : file) + ":" + std::to_string(reader.integer(at + "/line"));
    }
    located.push_back(std::move(definition));
  }
  return located;
}

SideCapture read_capture(const std::filesystem::path& file, const std::string& side) {
  const json::Document document = json::load_file(file);
  const RecordReader reader(document, kRecordAdvice);
  SideCapture capture;
  capture.side = side;
  capture.file = file;
  if (reader.string("/side") != side) reader.fail("/side", "must be \"" + side + "\", the folder it is in");
  capture.repository = reader.string("/upstream/repository");
  capture.revision = reader.string("/upstream/revision");
  const rapidjson::Value& sources = reader.array("/upstream/sources");
  for (rapidjson::SizeType index = 0; index < sources.Size(); ++index) {
    const std::string item = "/upstream/sources/" + std::to_string(index);
    capture.sources.push_back({reader.string(item + "/file"), reader.string(item + "/sha256")});
  }
  if (reader.has("/stubs")) {
    const rapidjson::Value& stubs = reader.array("/stubs");
    for (rapidjson::SizeType index = 0; index < stubs.Size(); ++index) {
      capture.stubs.push_back(reader.string("/stubs/" + std::to_string(index) + "/module"));
    }
  }
  if (reader.has("/items")) {
    for (const auto& member : reader.object("/items").GetObject()) {
      const std::string name = member.name.GetString();
      capture.items.emplace(name, rust_item(reader, json::append_pointer("/items", name), name));
    }
  }
  for (const auto& member : reader.object("/structures").GetObject()) {
    const std::string name = member.name.GetString();
    const std::string at = json::append_pointer("/structures", name);
    if (reader.has(at + "/outcome")) {
      // Not captured: the tree no longer has the definition, or the capture's
      // builder no longer fits it.
      const rules::Rule rule = located_outcome(reader, at + "/outcome", false);
      std::vector<LocatedDefinition> located = read_located(reader, at + "/located");
      // A structure whose fixtures come from code that could not be built
      // (JanitorResult from the finish path) says why in its own words.
      if (located.empty()) located.push_back({rule, name, "", "", reader.string(at + "/reason")});
      capture.missing.emplace(name, std::move(located));
      continue;
    }
    StructureCapture structure;
    structure.located = read_located(reader, at + "/located");
    if (reader.has(at + "/definition")) {
      // Python: the class, its serializer and reader methods by name.
      structure.definition = python_definition(reader, at + "/definition");
      structure.serializer = reader.optional_string(at + "/serializer");
      structure.reader = reader.optional_string(at + "/reader");
      structure.writes = !structure.serializer.empty();
      structure.reads = !structure.reader.empty();
      const std::string serializer_note = reader.optional_string(at + "/serializer_note");
      const std::string reader_note = reader.optional_string(at + "/reader_note");
      if (!structure.writes) structure.why_not = "no serializer: " + serializer_note;
      if (!structure.reads) {
        structure.why_not += (structure.why_not.empty() ? "" : "; ") + std::string("no JSON reader: ") + reader_note;
      }
    } else {
      // Rust: the item, and what the compiler says it implements.
      const std::string item = reader.string(at + "/item");
      const auto found = capture.items.find(item);
      if (found == capture.items.end()) reader.fail(at + "/item", "names no item of \"items\": " + item);
      structure.definition = found->second;
      structure.writes = reader.boolean(at + "/writes");
      structure.reads = reader.boolean(at + "/reads");
      structure.serializer = structure.writes ? "serde Serialize" : "";
      structure.reader = structure.reads ? "serde Deserialize" : "";
      structure.why_not = reader.optional_string(at + "/lacks");
    }
    structure.outcomes = read_outcomes(reader, at + "/scenarios");
    capture.structures.emplace(name, std::move(structure));
  }
  return capture;
}

ReaderVerdicts read_verdicts(const std::filesystem::path& file, const std::string& side) {
  const json::Document document = json::load_file(file);
  const RecordReader reader(document, kRecordAdvice);
  ReaderVerdicts verdicts;
  verdicts.side = side;
  verdicts.file = file;
  if (reader.string("/reader") != side) reader.fail("/reader", "must be \"" + side + "\", the folder it is in");
  for (const auto& member : reader.object("/structures").GetObject()) {
    const std::string structure = member.name.GetString();
    const std::string at = json::append_pointer("/structures", structure);
    verdicts.readers[structure] = reader.string(at + "/reader");
    for (const auto& entry : reader.object(at + "/verdicts").GetObject()) {
      const std::string fixture = entry.name.GetString();
      const std::string item = json::append_pointer(at + "/verdicts", fixture);
      // "<writer>/<structure>/<scenario>.json"
      const auto first = fixture.find('/');
      const auto last = fixture.rfind('/');
      if (first == std::string::npos || first == last || !fixture.ends_with(".json")) {
        reader.fail(item, "a verdict is keyed by <side>/<structure>/<scenario>.json");
      }
      ObservedVerdict verdict;
      verdict.reader = side;
      verdict.structure = structure;
      verdict.writer = fixture.substr(0, first);
      verdict.scenario = fixture.substr(last + 1, fixture.size() - last - 1 - 5);
      verdict.fixture = fixture;
      const std::string outcome = reader.string(item + "/outcome");
      if (outcome != "accepted" && outcome != "refused") {
        reader.fail(item + "/outcome", "must be \"accepted\" or \"refused\"");
      }
      verdict.accepted = outcome == "accepted";
      verdict.error = error_text(reader, item + "/error", nullptr);
      if (reader.has(item + "/changes")) {
        const rapidjson::Value& changes = reader.array(item + "/changes");
        for (rapidjson::SizeType index = 0; index < changes.Size(); ++index) {
          const std::string change = item + "/changes/" + std::to_string(index);
          verdict.changes.push_back({reader.string(change + "/pointer"), parse_change(reader, change + "/change"),
                                     reader.text(change + "/written"), reader.text(change + "/read")});
        }
      }
      verdicts.verdicts.push_back(std::move(verdict));
    }
  }
  return verdicts;
}

}  // namespace

CaptureRecords load_capture_records(const schema::Manifest& manifest, const std::filesystem::path& fixtures_directory) {
  CaptureRecords records;
  for (const schema::Side& side : manifest.sides) {
    const std::filesystem::path capture = fixtures_directory / side.name / "capture.json";
    if (std::filesystem::exists(capture)) records.captures.emplace(side.name, read_capture(capture, side.name));
    const std::filesystem::path verdicts = fixtures_directory / side.name / "verdicts.json";
    if (std::filesystem::exists(verdicts)) records.verdicts.emplace(side.name, read_verdicts(verdicts, side.name));
  }
  return records;
}

}  // namespace portcheck::compare
