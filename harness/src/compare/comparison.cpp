#include "compare/comparison.hpp"

#include <algorithm>

namespace portcheck::compare {

// A field status other than "same" is named as the field rule it gives.
std::string to_string(FieldStatus status) { return status == FieldStatus::same ? "same" : rule_id(status_rule(status)); }

Rule status_rule(FieldStatus status) {
  switch (status) {
    case FieldStatus::same:
    case FieldStatus::same_after_conversion:
      return Rule::same_after_conversion;
    case FieldStatus::renamed:
      return Rule::renamed;
    case FieldStatus::relocated:
      return Rule::relocated;
    case FieldStatus::presence_mismatch:
      return Rule::presence_mismatch;
    case FieldStatus::type_mismatch:
      return Rule::type_mismatch;
    case FieldStatus::value_mismatch:
      return Rule::value_mismatch;
    case FieldStatus::reference_only:
      return Rule::reference_only;
    case FieldStatus::candidate_only:
      return Rule::candidate_only;
    case FieldStatus::declared_only:
      return Rule::declared_only;
  }
  return Rule::value_mismatch;
}

std::vector<std::string> explain(const FieldComparison& field) {
  std::vector<std::string> lines = field.notes;
  for (const FieldRefusal& refusal : field.refusals) {
    const std::string line = refusal.writer + " → " + refusal.reader + ": " + describe(refusal.refusal);
    if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(line);
  }
  return lines;
}

std::string describe(const Refusal& refusal) {
  return rule_id(refusal.rule) + " at " + (refusal.pointer.empty() ? "(root)" : refusal.pointer) + ": " +
         refusal.message;
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
    case StructureStatus::not_observed:
      return "NOT OBSERVED";
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

std::string to_string(PairingMethod method) {
  switch (method) {
    case PairingMethod::unpaired:
      return "";
    case PairingMethod::same_key:
      return "same key";
    case PairingMethod::manifest:
      return "manifest";
    case PairingMethod::proposed:
      return "proposed";
  }
  return "?";
}

std::vector<const StructureComparison*> pair_structures(const Comparison& comparison, const std::string& candidate) {
  std::vector<const StructureComparison*> structures;
  for (const StructureComparison& structure : comparison.structures) {
    if (structure.candidate_side == candidate) structures.push_back(&structure);
  }
  return structures;
}

std::vector<std::string> comparison_rules(const schema::Manifest& manifest) {
  std::string accepting;
  std::string refusing;
  for (const schema::Side& side : manifest.sides) {
    std::string& list = side.profile.naive_timestamps == schema::NaiveTimestamps::accepted ? accepting : refusing;
    list += (list.empty() ? "" : ", ") + side.name;
  }
  const std::string timestamps =
      "a timestamp without an offset is " +
      (accepting.empty() ? std::string() : "taken by " + accepting + (refusing.empty() ? "" : " and ")) +
      (refusing.empty() ? std::string() : "refused by " + refusing) + " (each side's language profile)";
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
      "same-after-conversion, same). Findings are per occurrence: a field has one finding for each status it shows "
      "in some scenario, for a place that differs between the sides (renamed, relocated), and for each reader rule "
      "that refuses its values; each finding lists the scenarios where it occurs.",
      "Severity: `breaking` when a reader rule refuses the other side's value for that field (or for a "
      "type-mismatch); `warning` for values that arrive changed, renamed or missing; `info` otherwise.",
      "Readability is judged for each side that reads the structure from JSON (manifest `readers`), with that "
      "side's schema and rules: unknown keys follow the side's policy; " +
          timestamps + "; a duration encoded as {secs, nanos} needs that object.",
      "Structure status: FULLY COMPATIBLE when every field is `same`; ENHANCED when the rest are `candidate-only`; "
      "INCOMPATIBLE on any breaking finding or unreadable direction; MOSTLY COMPATIBLE otherwise. Declared status "
      "applies the same rules to declared types (x-source-type).",
  };
}

}  // namespace portcheck::compare
