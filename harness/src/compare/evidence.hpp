#pragma once
/// What the capture tools recorded beside the fixtures, read as data:
/// fixtures/<side>/capture.json (the upstream source, each structure's real
/// definition and each scenario's outcome) and fixtures/<side>/verdicts.json
/// (what that side's real readers made of every fixture of every side).

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/rules.hpp"
#include "schema/manifest.hpp"

namespace portcheck::compare {

/// What became of one scenario on one side.
enum class OutcomeKind {
  written,            ///< the real serializer wrote the fixture
  read_back,          ///< a reader-only side: the fixture is a document its real reader accepted
  raised,             ///< the real code raised for the scenario: no document exists
  refused,            ///< a reader-only side whose real reader refuses the scenario's document
  not_representable,  ///< the real type cannot hold the scenario's values
};

std::string to_string(OutcomeKind kind);

/// An attribute a reader-only side does not hold as the scenario says.
struct ReadBackDifference {
  std::string attribute;
  std::string scenario;  ///< compact JSON
  std::string read;      ///< compact JSON
};

struct CaptureOutcome {
  std::string scenario;
  OutcomeKind kind = OutcomeKind::written;
  /// raised/refused: "TypeError: message" (Python) or the serializer's
  /// message; not-representable: the reason.
  std::string error;
  std::string during;               ///< where it raised: "json", "WorkerResult.from_json", "constructor", ...
  std::vector<std::string> unused;  ///< scenario values the side's code had no place for
  std::vector<ReadBackDifference> differences;
};

/// An attribute (Python) or field (Rust) as the code declares it.
struct CodeAttribute {
  std::string name;
  std::string type;  ///< as written; empty when the code annotates none
  bool annotated = true;
  std::string declared_by;  ///< "class annotation", "__init__ assignment", "field", "property", ...
};

/// One real definition: a Python class or a Rust item.
struct CodeDefinition {
  std::string name;  ///< "janitor.runner.ActiveRun", "janitor_runner::ActiveRun"
  std::string file;  ///< relative to the upstream checkout
  int line = 0;
  std::vector<CodeAttribute> attributes;
  std::vector<std::string> properties;  ///< Python properties (computed attributes)
  std::vector<std::string> derives;     ///< Rust derives
};

/// A definition the manifest names that the captured tree does not have
/// where the manifest says (capture.json's "located").
struct LocatedDefinition {
  /// definition-missing, definition-changed (there, but the capture's
  /// builder no longer fits it: not captured either) or definition-moved.
  rules::Rule rule = rules::Rule::definition_missing;
  std::string item;    ///< the class or item the manifest names
  std::string from;    ///< where the manifest says it is (file or module)
  std::string to;      ///< moved: where it is now ("file:line")
  std::string reason;  ///< missing or changed: why, in the capture's words
};

/// One structure as one side's capture found it.
struct StructureCapture {
  CodeDefinition definition;
  bool writes = false;     ///< the code writes it as JSON (a serializer, Serialize)
  bool reads = false;      ///< the code reads it from JSON (a reader, Deserialize)
  std::string serializer;  ///< Python method name, or "serde" for Rust; empty when none
  std::string reader;
  /// Why the side has no serializer or reader, in words (Rust: what it derives).
  std::string why_not;
  std::vector<CaptureOutcome> outcomes;
  /// Definitions not where the manifest says (moved: captured from the new place).
  std::vector<LocatedDefinition> located;
};

struct SourceFile {
  std::string file;
  std::string sha256;
};

/// fixtures/<side>/capture.json.
struct SideCapture {
  std::string side;
  std::filesystem::path file;
  std::string repository;
  std::string revision;
  std::vector<SourceFile> sources;
  std::vector<std::string> stubs;  ///< Python: modules that stood in for packages the serializers do not use
  std::map<std::string, StructureCapture> structures;
  /// Rust: every extracted item (referenced ones too), by item path.
  std::map<std::string, CodeDefinition> items;
  /// The structures the tree no longer defines (not captured, so not in
  /// `structures`): why, by structure.
  std::map<std::string, std::vector<LocatedDefinition>> missing;
};

/// One change a reader made silently to a document it accepted.
/// What a real reader did to a value of a document it accepted.
enum class ChangeKind {
  ignored,  ///< never read it
  changed,  ///< holds it differently from how it was written
  added,    ///< holds a value the document did not have
};

/// "ignored", "changed", "added": the words verdicts.json uses.
std::string to_string(ChangeKind kind);

struct SilentChange {
  std::string pointer;
  ChangeKind kind = ChangeKind::changed;
  std::string written;  ///< compact JSON, empty for added
  std::string read;     ///< compact JSON, empty for ignored
};

/// What a side's real reader made of one fixture.
struct ObservedVerdict {
  std::string reader;
  std::string structure;
  std::string writer;    ///< the side whose fixture it is
  std::string scenario;  ///< the fixture's name
  std::string fixture;   ///< "rust/ActiveRun/all-fields-set.json"
  bool accepted = false;
  std::string error;
  std::vector<SilentChange> changes;
};

/// fixtures/<side>/verdicts.json.
struct ReaderVerdicts {
  std::string side;
  std::filesystem::path file;
  std::map<std::string, std::string> readers;  ///< structure → the reader that ran ("...WorkerResult.from_json")
  std::vector<ObservedVerdict> verdicts;

  [[nodiscard]] const ObservedVerdict* find(const std::string& structure, const std::string& writer,
                                            const std::string& scenario) const;
};

/// Everything the captures recorded.
struct CaptureRecords {
  std::map<std::string, SideCapture> captures;
  std::map<std::string, ReaderVerdicts> verdicts;

  [[nodiscard]] const StructureCapture* capture(const std::string& side, const std::string& structure) const;
  [[nodiscard]] const ObservedVerdict* verdict(const std::string& reader, const std::string& structure,
                                               const std::string& writer, const std::string& scenario) const;
};

/// Loads each side's capture.json and verdicts.json under fixtures_directory;
/// a side without them has no entry. A malformed file throws portcheck::Error
/// naming the file, line, column and JSON Pointer.
CaptureRecords load_capture_records(const schema::Manifest& manifest, const std::filesystem::path& fixtures_directory);

}  // namespace portcheck::compare
