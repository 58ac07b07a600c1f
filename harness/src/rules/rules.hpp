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
};

enum class RuleKind { reader, field, capture, silent_change, storage, scan, channel };

/// How a finding's evidence was obtained: the real code ran (a function, or
/// the live app), or its keys and expressions were read from the source
/// where the code cannot run here.
/// How a finding's evidence was obtained: the real code ran as a function on
/// a captured input (executed), the real service ran and answered a request
/// (executed live), or its source was read.
enum class EvidenceKind { executed, executed_live, read_from_source };

/// "executed", "executed live", "read from source".
std::string to_string(EvidenceKind evidence);

std::string to_string(RuleKind kind);

/// One entry of the registry.
struct RuleInfo {
  Rule rule;
  std::string_view id;  ///< "naive-timestamp-unreadable"
  RuleKind kind;
  /// The severity a finding of this rule has, unless its policy (below) says
  /// otherwise for the case at hand.
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

/// The rule of an id (as a known-gaps file spells it), or nothing.
std::optional<Rule> parse_rule(std::string_view id);

}  // namespace portcheck::rules
