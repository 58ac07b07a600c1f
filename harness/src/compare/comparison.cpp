#include "compare/comparison.hpp"

#include <algorithm>

namespace portcheck::compare {

std::string to_string(FieldStatus status) {
  switch (status) {
    case FieldStatus::same:
      return "same";
    case FieldStatus::same_after_conversion:
      return "same-after-conversion";
    case FieldStatus::renamed:
      return "renamed";
    case FieldStatus::relocated:
      return "relocated";
    case FieldStatus::presence_mismatch:
      return "presence-mismatch";
    case FieldStatus::type_mismatch:
      return "type-mismatch";
    case FieldStatus::value_mismatch:
      return "value-mismatch";
    case FieldStatus::reference_only:
      return "reference-only";
    case FieldStatus::candidate_only:
      return "candidate-only";
    case FieldStatus::declared_only:
      return "declared-only";
  }
  return "?";
}

std::string to_string(Severity severity) {
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::breaking:
      return "breaking";
  }
  return "?";
}

std::string to_string(StructureStatus status) {
  switch (status) {
    case StructureStatus::fully_compatible:
      return "FULLY COMPATIBLE";
    case StructureStatus::enhanced:
      return "ENHANCED";
    case StructureStatus::mostly_compatible:
      return "MOSTLY COMPATIBLE";
    case StructureStatus::incompatible:
      return "INCOMPATIBLE";
    case StructureStatus::candidate_only:
      return "CANDIDATE-ONLY";
    case StructureStatus::reference_only:
      return "REFERENCE-ONLY";
    case StructureStatus::no_json:
      return "NO JSON";
  }
  return "?";
}

std::string to_string(DocumentStatus status) {
  switch (status) {
    case DocumentStatus::agrees:
      return "agrees";
    case DocumentStatus::declared_differently:
      return "declared-differently";
    case DocumentStatus::unannotated_in_code:
      return "unannotated-in-code";
    case DocumentStatus::missing_in_code:
      return "missing-in-code";
    case DocumentStatus::omitted_by_document:
      return "omitted-by-document";
  }
  return "?";
}

std::size_t StructureComparison::count(Severity severity) const {
  return static_cast<std::size_t>(std::count_if(
      fields.begin(), fields.end(), [&](const FieldComparison& field) { return field.severity == severity; }));
}

std::vector<std::string> comparison_rules() {
  return {
      "Fields pair by the manifest's field mappings first, then by equal keys; an unpaired reference field and an "
      "unpaired candidate place whose values are equal and non-null in at least two scenarios (and never differ) "
      "are proposed as renamed (same level) or relocated (other level).",
      "Values compare after typed decoding by x-encoding: timestamps as instants (a naive time counts as UTC), "
      "durations as exact nanoseconds, an interval equals a duration only when it has no months, numbers "
      "numerically (1e-05 = 1e-5, 600 = 600.0), revisions as bytes.",
      "Equal text is `same`; equal values in different encodings are `same-after-conversion`; null against absent, "
      "{} against null, and a value on one side only are `presence-mismatch`; values of the same kind that differ "
      "are `value-mismatch`; values of different kinds are `type-mismatch`.",
      "A field's status is its worst over all scenarios (type-mismatch, value-mismatch, presence-mismatch, "
      "same-after-conversion, same).",
      "Severity: `breaking` when a reader rule refuses the other side's value for that field (or for a "
      "type-mismatch); `warning` for values that arrive changed, renamed or missing; `info` otherwise.",
      "Readability is judged for each side that reads the structure from JSON (manifest `readers`), with that "
      "side's schema and rules: unknown keys follow the side's policy; chrono needs an offset on timestamps; "
      "Python's fromisoformat takes naive and offset timestamps; serde's Duration needs {secs, nanos}.",
      "Structure status: FULLY COMPATIBLE when every field is `same`; ENHANCED when the rest are `candidate-only`; "
      "INCOMPATIBLE on any breaking finding or unreadable direction; MOSTLY COMPATIBLE otherwise. Declared status "
      "applies the same rules to declared types (x-source-type).",
  };
}

}  // namespace portcheck::compare
