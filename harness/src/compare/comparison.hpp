#pragma once
/// The outcome of comparing two sides, as data. Every report is rendered from
/// these records; renderers never recompute a finding.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "channels/channels.hpp"
#include "codec/codec.hpp"
#include "compare/evidence.hpp"
#include "rules/rules.hpp"
#include "schema/manifest.hpp"
#include "schema/validator.hpp"

namespace portcheck::compare {

// The rule registry sits below the schemas (language profiles name rules);
// comparisons speak of its rules and severities as their own.
using rules::parse_rule;
using rules::parse_severity;
using rules::Rule;
using rules::rule_id;
using rules::rule_info;
using rules::RuleKind;
using rules::Severity;
using rules::EvidenceKind;
using rules::to_string;

enum class FieldStatus {
  same,                   ///< equal values, same encoding, in every scenario
  same_after_conversion,  ///< equal values, different encodings
  renamed,                ///< same values under another key at the same level
  relocated,              ///< same values at another place
  presence_mismatch,      ///< null against absent, {} against null, a value on one side only
  type_mismatch,          ///< different kinds of value
  value_mismatch,         ///< same kind, different values
  reference_only,         ///< the candidate lacks it: a gap
  candidate_only,         ///< only the candidate has it: an enhancement
  declared_only,          ///< declared by a side that never writes it
};

enum class StructureStatus {
  fully_compatible,
  enhanced,
  mostly_compatible,
  incompatible,
  candidate_only,
  reference_only,
  no_json,  ///< no side has a JSON form of it: nothing to compare on the wire
  /// Both sides have a JSON form, but no scenario has a fixture of each and
  /// nothing read shows a break: no evidence either way.
  not_observed,
};

std::string to_string(FieldStatus status);
/// The rule a field status stands for in findings (not `same`, which is none).
Rule status_rule(FieldStatus status);
/// In the reviewed document's words: "FULLY COMPATIBLE", "ENHANCED", ...
std::string to_string(StructureStatus status);

/// How a field's two places were paired.
enum class PairingMethod {
  unpaired,  ///< a field of one side only
  same_key,  ///< the same key on both sides
  manifest,  ///< a field mapping of the manifest
  proposed,  ///< values agreed in every scenario
};

/// "same key", "manifest", "proposed", or "" when unpaired.
std::string to_string(PairingMethod method);

/// What one scenario showed for one field.
struct Evidence {
  std::string scenario;
  FieldStatus status = FieldStatus::same;
  std::string reference_file;  ///< fixture path, empty when the side has no fixture
  std::string candidate_file;
  /// Compact JSON of each side's value; nothing when the side leaves it out
  /// (codec::shown() writes that "(absent)" for people).
  std::optional<std::string> reference_value;
  std::optional<std::string> candidate_value;
  std::string note;  ///< what the typed comparison found, in words
};

/// One reason a reader refuses a document: the rule, where (a JSON Pointer
/// into the reader's view of the document) and the validator's words.
struct Refusal {
  Rule rule = Rule::wrong_type;
  std::string pointer;
  std::string message;
};

/// "<rule> at <pointer>: <message>", for display only.
std::string describe(const Refusal& refusal);

/// A reader refusing a field's value, in one direction and scenario.
struct FieldRefusal {
  std::string writer;
  std::string reader;
  std::string scenario;
  std::string file;  ///< the writer's fixture
  Refusal refusal;
};

/// One row of a structure's field table.
struct FieldComparison {
  std::string id;                 ///< stable: "<structure>/<field>"
  std::string name;               ///< the reference key, or the candidate's when the reference lacks it
  std::string reference_pointer;  ///< empty when the reference lacks the field
  std::string candidate_pointer;
  std::string reference_type;  ///< x-source-type
  std::string candidate_type;
  /// The declared types without their optional wrapper (each side's language profile).
  std::string reference_base_type;
  std::string candidate_base_type;
  PairingMethod pairing = PairingMethod::unpaired;
  FieldStatus status = FieldStatus::same;
  Severity severity = Severity::info;
  /// How the field was paired or why it has no partner, in words (display only).
  std::vector<std::string> notes;
  /// Readers that refuse the other side's value for this field: each makes it
  /// breaking.
  std::vector<FieldRefusal> refusals;
  /// The scenarios behind the status: every scenario where the field is not
  /// `same`, or the first one where it is.
  std::vector<Evidence> evidence;
  /// Every scenario's status, including `same` ones, for findings per status.
  std::vector<std::pair<std::string, FieldStatus>> statuses;
  /// renamed or relocated when the pair sits at different places on the two
  /// sides (whatever its values do); same otherwise.
  FieldStatus placement = FieldStatus::same;
};

/// A field's notes and refusals as lines of text, for display only.
std::vector<std::string> explain(const FieldComparison& field);

/// One attribute compared on declared types (x-source-type), as the reviewed document did.
struct DeclaredComparison {
  std::string attribute;
  std::string reference_type;  ///< empty when the reference lacks it
  std::string candidate_type;
  FieldStatus status = FieldStatus::same;
  Severity severity = Severity::info;
  std::string note;
};

/// Could `reader`'s runner read the fixture `writer`'s runner wrote?
struct Readability {
  std::string id;  ///< "<structure>/<scenario>/<writer>-read-by-<reader>"
  std::string scenario;
  std::string writer;
  std::string reader;
  std::string file;  ///< the writer's fixture
  bool readable = true;
  /// Why it cannot, one refusal per reason.
  std::vector<Refusal> refusals;
  /// What the reader's real code did with the fixture (fixtures/<reader>/verdicts.json):
  /// `readable` above is the harness's prediction; this is the observation.
  bool observed = false;
  bool observed_readable = false;
  std::string observed_error;
  std::vector<SilentChange> silent_changes;

  /// Prediction and observation agree (or nothing was observed).
  [[nodiscard]] bool agrees() const { return !observed || observed_readable == readable; }
};

/// A scenario that did not become an ordinary fixture on a side: the real
/// code raised, refused or could not hold it, or left scenario values unused.
struct ScenarioOutcome {
  std::string side;
  CaptureOutcome outcome;
};

/// How the document under review lists an attribute, against the code.
enum class DocumentStatus {
  agrees,                ///< same name, same type
  declared_differently,  ///< the code declares another type
  unannotated_in_code,   ///< the code declares the attribute without a type
  missing_in_code,       ///< the document lists an attribute the code does not have
  omitted_by_document,   ///< the code has an attribute the document does not list
};

std::string to_string(DocumentStatus status);

/// One row of a structure's "document vs code" table.
struct DocumentFinding {
  std::string side;
  std::string attribute;
  std::string document_type;  ///< empty when the document omits it
  std::string code_type;      ///< empty when the code lacks it or declares no type
  DocumentStatus status = DocumentStatus::agrees;
  std::string note;
};

/// One side's real definition of a structure, as its capture found it.
struct CodeSummary {
  std::string definition;  ///< "janitor.runner.ActiveRun", "janitor_runner::ActiveRun"
  std::string location;    ///< "py/janitor/runner.py:767"
  bool writes = false;     ///< the code writes it as JSON
  bool reads = false;      ///< the code reads it from JSON
  std::string serializer;
  std::string reader;
  std::string why_not;  ///< why it has no serializer or reader
};

/// A fixture checked against its own side's schema, and decoded and
/// re-encoded.
struct FixtureCheck {
  std::string side;
  std::string scenario;
  std::string file;
  std::vector<schema::ValidationFailure> failures;
  std::vector<codec::RoundTripDifference> round_trip;
};

struct StructureComparison {
  std::string structure;
  std::string description;
  /// The pair of sides compared: the reference and one candidate.
  std::string reference_side;
  std::string candidate_side;
  std::vector<std::string> sides;  ///< the pair's sides that declare it
  std::string claimed;             ///< what the document under review claimed, or empty
  StructureStatus declared_status = StructureStatus::fully_compatible;
  StructureStatus observed_status = StructureStatus::fully_compatible;
  std::vector<std::string> scenarios;  ///< scenarios with a fixture on every declaring side
  std::vector<FieldComparison> fields;
  std::vector<DeclaredComparison> declared;
  std::vector<Readability> readability;
  std::vector<FixtureCheck> fixtures;
  /// side → its real definition (from the captures).
  std::map<std::string, CodeSummary> code;
  /// side → where its serializer or reader of this structure crosses a
  /// channel, or that it crosses none (the manifest's definitions.<side>.channels).
  std::map<std::string, std::string> channel_use;
  std::vector<ScenarioOutcome> outcomes;
  /// side → its definitions not where the manifest says (moved, or missing
  /// and so not captured).
  std::vector<std::pair<std::string, LocatedDefinition>> located;
  /// The document's listings against the code, side by side.
  std::vector<DocumentFinding> document;
  std::vector<std::string> document_notes;
  std::vector<std::string> notes;
  /// Some evidence value holds only the start of its text (compared with a
  /// value text limit): no JSON output may write these values.
  bool values_cut = false;
};

/// Whether one side's declared type can decode one database column.
struct StorageFinding {
  std::string id;  ///< "<table>.<column>/<side>"
  std::string structure;
  std::string table;
  std::string column;
  std::string column_type;  ///< the catalog's type name: int4, timestamp, interval, _text, ...
  bool nullable = false;
  bool column_exists = true;
  std::string side;
  std::string driver;  ///< asyncpg, sqlx
  std::string field;   ///< JSON Pointer of the side's field
  std::string declared_type;
  Rule rule = Rule::decodes;  ///< decodes, or why not: timestamp-without-time-zone-into-datetime-utc, ...
  Severity severity = Severity::info;
  std::string message;
};

/// Whether the code bears out a claim: yes, no, or it cannot tell (no
/// capture record of the side).
enum class ClaimHolds { yes, no, unchecked };

/// What the document under review says about one attribute, and what each
/// side's code declares and writes.
struct AttributeClaimCheck {
  std::string structure;
  std::string attribute;
  std::string claim;      ///< the document's words
  std::string statement;  ///< what the claim says, as data: "rust lacks it", "rust declares it PgInterval"
  struct SideFacts {
    std::string side;
    std::string declared_type;  ///< empty when the side's code does not declare it
    std::string declared_at;    ///< "runner/src/lib.rs:544" (the definition)
    bool declared = false;
    /// "writes it as \"finish_time\"", "declares it but never writes it",
    /// "has no JSON form of ActiveRun", ...
    std::string written;
  };
  std::vector<SideFacts> sides;
  ClaimHolds holds = ClaimHolds::unchecked;
  std::string verdict;  ///< one sentence: what the code shows
};

/// The upstream code one side's evidence was captured from.
struct SourceSummary {
  std::string side;
  std::string repository;
  std::string revision;
  std::size_t files = 0;
  std::vector<std::string> stubs;
};

/// The whole comparison of a project.
struct Comparison {
  std::string reference_side;
  /// Every candidate, in manifest order; each is compared with the reference.
  std::vector<std::string> candidate_sides;
  /// The comparison rules in force, echoed by every report.
  std::vector<std::string> rules;
  /// Per candidate (in order), every structure of the manifest (in order).
  std::vector<StructureComparison> structures;
  std::vector<AttributeClaimCheck> attribute_claims;
  std::vector<SourceSummary> sources;
  /// Filled by a database check (report --dsn, check --dsn); empty otherwise.
  bool storage_checked = false;
  std::string storage_source;  ///< the database described, without credentials
  std::vector<StorageFinding> storage;
  /// reports/known-gaps.json as the reports show it: finding id → the reason
  /// it is accepted. Empty when the project lists none.
  std::map<std::string, std::string> known_gaps;
  /// Per candidate (in order), its channels against the reference's and the
  /// consumers' verdicts; empty when the project has no channel evidence.
  std::vector<channels::ChannelComparison> channels;
};

/// The structures compared with one candidate, in manifest order.
std::vector<const StructureComparison*> pair_structures(const Comparison& comparison, const std::string& candidate);

/// The rules compare() applies, in words.
std::vector<std::string> comparison_rules(const schema::Manifest& manifest);

}  // namespace portcheck::compare
