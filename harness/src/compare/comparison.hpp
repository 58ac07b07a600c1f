#pragma once
/// The outcome of comparing two sides, as data. Every report is rendered from
/// these records; renderers never recompute a finding.

#include <string>
#include <vector>

#include "codec/codec.hpp"
#include "schema/validator.hpp"

namespace portcheck::compare {

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

enum class Severity { info, warning, breaking };

enum class StructureStatus {
  fully_compatible,
  enhanced,
  mostly_compatible,
  incompatible,
  candidate_only,
  reference_only
};

std::string to_string(FieldStatus status);
std::string to_string(Severity severity);
/// In the seed's words: "FULLY COMPATIBLE", "ENHANCED", ...
std::string to_string(StructureStatus status);

/// What one scenario showed for one field.
struct Evidence {
  std::string scenario;
  FieldStatus status = FieldStatus::same;
  std::string reference_file;  ///< fixture path, empty when the side has no fixture
  std::string candidate_file;
  std::string reference_value;  ///< compact JSON, or "(absent)"
  std::string candidate_value;
  std::string note;  ///< what the typed comparison found, in words
};

/// One row of a structure's field table.
struct FieldComparison {
  std::string id;                 ///< stable: "<structure>/<field>"
  std::string name;               ///< the reference key, or the candidate's when the reference lacks it
  std::string reference_pointer;  ///< empty when the reference lacks the field
  std::string candidate_pointer;
  std::string reference_type;  ///< x-source-type
  std::string candidate_type;
  /// How the two places were paired: "same key", "manifest", "proposed"
  /// (values agreed in every scenario), or empty when unpaired.
  std::string pairing;
  FieldStatus status = FieldStatus::same;
  Severity severity = Severity::info;
  /// Why the severity is what it is: reader rules, in words.
  std::vector<std::string> reasons;
  /// The scenarios behind the status: every scenario where the field is not
  /// `same`, or the first one where it is.
  std::vector<Evidence> evidence;
};

/// One attribute compared on declared types (x-source-type), as the seed did.
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
  /// One per reason it cannot: "<rule> at <pointer>: <message>".
  std::vector<std::string> reasons;
  /// Reader-side JSON Pointers the reasons concern, parallel to reasons.
  std::vector<std::string> pointers;
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
  std::vector<std::string> sides;  ///< the sides that declare it
  std::string claimed;             ///< what the document under review claimed, or empty
  StructureStatus declared_status = StructureStatus::fully_compatible;
  StructureStatus observed_status = StructureStatus::fully_compatible;
  std::vector<std::string> scenarios;  ///< scenarios with a fixture on every declaring side
  std::vector<FieldComparison> fields;
  std::vector<DeclaredComparison> declared;
  std::vector<Readability> readability;
  std::vector<FixtureCheck> fixtures;
  std::vector<std::string> notes;

  [[nodiscard]] std::size_t count(Severity severity) const;
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
  std::string rule;  ///< "decodes", or why not: "timestamp-without-time-zone-into-datetime-utc", ...
  Severity severity = Severity::info;
  std::string message;
};

/// The whole comparison of a project.
struct Comparison {
  std::string reference_side;
  std::string candidate_side;
  /// The comparison rules in force, echoed by every report.
  std::vector<std::string> rules;
  std::vector<StructureComparison> structures;
  /// Filled by a database check (report --dsn, check --dsn); empty otherwise.
  bool storage_checked = false;
  std::string storage_source;  ///< the database described, without credentials
  std::vector<StorageFinding> storage;
};

/// The rules compare() applies, in words.
std::vector<std::string> comparison_rules();

}  // namespace portcheck::compare
