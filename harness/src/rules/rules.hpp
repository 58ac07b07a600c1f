#pragma once
/// Every rule a finding can carry, in one registry: its stable id (the text in
/// ids, known-gaps.json and reports), what kind of finding it is, its severity
/// policy, what it means, and the test that makes it fire. Findings carry the
/// enum; text is made from it, never parsed back into it (except ids read from
/// a file a person edits, through parse_rule).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portcheck::rules {

enum class Severity { info, warning, breaking };

std::string to_string(Severity severity);

/// "breaking", "warning", "info" to a severity; throws portcheck::Error.
Severity parse_severity(const std::string& name);

enum class Rule {
  // A reader refuses a value (the reader's schema and rules).
  missing_required_key,
  unknown_key_rejected,
  naive_timestamp_unreadable,
  unparseable_timestamp,
  null_where_value_required,
  number_where_object_required,
  object_where_number_required,
  unit_struct_rejects_value,
  wrong_type,
  integer_out_of_range,
  value_not_accepted,
  tuple_length,
  pattern_mismatch,
  constraint_violated,
  // What one field pair shows on the wire.
  same_after_conversion,
  renamed,
  relocated,
  presence_mismatch,
  type_mismatch,
  value_mismatch,
  reference_only,
  candidate_only,
  declared_only,
  // What the captures found running the real code.
  writer_raises,
  reader_raises,
  not_representable,
  scenario_value_unused,
  definition_missing,
  definition_moved,
  definition_changed,
  not_observed,
  // What a real reader silently changed in a document it accepted.
  silent_ignored,
  silent_changed,
  silent_added,
  // Whether a side's declared type decodes a database column.
  decodes,
  int4_into_i64,
  int8_into_i32,
  int2_width,
  unsigned_integer,
  timestamp_without_time_zone_into_datetime_utc,
  timestamptz_arrives_aware,
  timestamptz_into_naive,
  interval_into_duration,
  interval_months_become_days,
  text_arrives_as_str,
  nullable_into_non_option,
  null_arrives_as_none,
  column_type_mismatch,
  unknown_column_type,
  missing_column,
  missing_table,
  // A stored document db-scan could not judge as the reader would.
  undecodable,
  malformed_json,
  unreadable_input,
  // What crosses the runners' channels, and what their consumers make of it.
  route_reference_only,
  route_candidate_only,
  state_reference_only,
  state_candidate_only,
  consumer_cannot_read,
  consumer_unjudged,
  forwarded_body_differs,
  // The gate's own checks (check, diff, scan, schema-diff): not findings.
  capture_failed,
  could_not_run,
  evidence_mismatch,
  failing_documents,
  missing_fixture,
  more_failures,
  prediction_disagrees,
  round_trip,
  schema_drift,
  schema_mismatch,
  schema_not_code,
  stale_allowance,
  stale_capture,
  source_moved,
  stale_known_gap,
  stale_report,
  unexplained_gap,
  unknown_structure,
  unreadable,
  // What a change of the schemas does to their readers (schema-diff).
  schema_changed,
  description_changed,
  annotation_changed,
  x_encoding_changed,
  unknown_keys_rejected,
  unknown_keys_allowed,
  additional_properties_changed,
  range_narrowed,
  range_widened,
  constraint_added,
  constraint_removed,
  ref_changed,
  pattern_changed,
  constraint_changed,
  type_narrowed,
  type_widened,
  nullability_removed,
  nullability_added,
  property_removed,
  optional_property_added,
  required_added,
  required_removed,
  enum_removed,
  enum_value_removed,
  enum_value_added,
  definition_removed,
  definition_added,
  branch_removed,
  branch_added,
  tuple_length_changed,
  side_removed,
  schema_removed,
  schema_added,
};

/// What a rule is about. The first seven kinds are findings (a field, a
/// reader, a table, a channel: what reports and known-gaps.json list); a gate
/// check is something a command checks about the project itself; a schema
/// change is what schema-diff reports.
enum class RuleKind { reader, field, capture, silent_change, storage, scan, channel, gate, schema_change };

/// Every kind, in the order `portcheck rules` lists them.
const std::vector<RuleKind>& rule_kinds();

/// "reader", ..., "gate", "schema-change" to a kind; nothing for another name.
std::optional<RuleKind> parse_rule_kind(std::string_view name);

/// What a kind of rule is, in words: the heading `portcheck rules` gives it.
std::string_view describe(RuleKind kind);

/// Whether findings (reports, known-gaps.json) carry rules of this kind.
bool is_finding(RuleKind kind);

/// How a finding's evidence was obtained: the real code ran as a function on
/// a captured input (executed), the real service ran and answered a request
/// (executed live), or its source was read; or there is none, which is what
/// the finding says (not-observed: no scenario shows the structure).
enum class EvidenceKind { executed, executed_live, read_from_source, none };

/// "executed", "executed live", "read from source", "none".
std::string to_string(EvidenceKind evidence);

std::string to_string(RuleKind kind);

/// One entry of the registry.
struct RuleInfo {
  Rule rule;
  std::string_view id;  ///< "naive-timestamp-unreadable"
  RuleKind kind;
  /// The severity a finding of this rule has, unless its policy (below) says
  /// otherwise for the case at hand. For a gate check: breaking is an error
  /// (the command fails), warning a warning, info a notice. For a schema
  /// change: breaking, or info for a change no reader can notice.
  Severity severity;
  std::string_view policy;       ///< when the severity differs, in words; empty when it never does
  std::string_view description;  ///< what the rule means
  std::string_view test;         ///< the test case that triggers it and its near miss
};

/// Every rule, in enum order.
const std::vector<RuleInfo>& rule_registry();

const RuleInfo& rule_info(Rule rule);

/// The stable id, e.g. "naive-timestamp-unreadable".
std::string rule_id(Rule rule);

/// The severity as `portcheck rules` shows it for the rule's kind: a gate
/// check's level ("error", "warning", "notice"), a schema change's
/// "breaking" or "non-breaking", a finding's severity.
std::string severity_text(const RuleInfo& info);

/// The rule of an id (as a known-gaps file spells it), or nothing.
std::optional<Rule> parse_rule(std::string_view id);

}  // namespace portcheck::rules
