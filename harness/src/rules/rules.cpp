#include "rules/rules.hpp"

#include <algorithm>

#include "json/error.hpp"

namespace portcheck::rules {

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

Severity parse_severity(const std::string& name) {
  if (name == "breaking") return Severity::breaking;
  if (name == "warning") return Severity::warning;
  if (name == "info") return Severity::info;
  throw Error("unknown severity \"" + name + "\" (severities: breaking, warning, info)");
}

std::string to_string(RuleKind kind) {
  switch (kind) {
    case RuleKind::reader:
      return "reader";
    case RuleKind::field:
      return "field";
    case RuleKind::capture:
      return "capture";
    case RuleKind::silent_change:
      return "silent-change";
    case RuleKind::storage:
      return "storage";
    case RuleKind::scan:
      return "scan";
    case RuleKind::channel:
      return "channel";
    case RuleKind::gate:
      return "gate";
    case RuleKind::schema_change:
      return "schema-change";
  }
  return "?";
}

const std::vector<RuleKind>& rule_kinds() {
  static const std::vector<RuleKind> kinds{RuleKind::reader,        RuleKind::field,   RuleKind::capture,
                                           RuleKind::silent_change, RuleKind::storage, RuleKind::scan,
                                           RuleKind::channel,       RuleKind::gate,    RuleKind::schema_change};
  return kinds;
}

std::optional<RuleKind> parse_rule_kind(std::string_view name) {
  for (const RuleKind kind : rule_kinds()) {
    if (to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string_view describe(RuleKind kind) {
  switch (kind) {
    case RuleKind::reader:
      return "findings: a reader refuses a value";
    case RuleKind::field:
      return "findings: what one field pair shows on the wire";
    case RuleKind::capture:
      return "findings: what the captures found running the real code";
    case RuleKind::silent_change:
      return "findings: what a real reader silently changed in a document it accepted";
    case RuleKind::storage:
      return "findings: whether a side's declared type decodes a database column";
    case RuleKind::scan:
      return "findings: a stored document db-scan could not judge as the reader would";
    case RuleKind::channel:
      return "findings: what crosses the runners' channels, and what their consumers make of it";
    case RuleKind::gate:
      return "gate checks: what check, diff, scan and schema-diff check about the project itself";
    case RuleKind::schema_change:
      return "schema changes: what a change of the schemas does to their readers, as schema-diff reports it";
  }
  return "?";
}

bool is_finding(RuleKind kind) { return kind != RuleKind::gate && kind != RuleKind::schema_change; }

std::string to_string(EvidenceKind evidence) {
  switch (evidence) {
    case EvidenceKind::executed:
      return "executed";
    case EvidenceKind::executed_live:
      return "executed live";
    case EvidenceKind::read_from_source:
      return "read from source";
    case EvidenceKind::none:
      return "none";
  }
  return "?";
}

namespace {

constexpr Severity B = Severity::breaking;
constexpr Severity W = Severity::warning;
constexpr Severity I = Severity::info;

// The tests named here are the data-driven cases of harness/tests/rules_test.cpp,
// one per rule, each with a near miss; a test fails when a rule has none.
const std::vector<RuleInfo> kRegistry{
    {Rule::missing_required_key, "missing-required-key", RuleKind::reader, B, "",
     "the reader needs a key the document does not have", "RuleCases.missing_required_key"},
    {Rule::unknown_key_rejected, "unknown-key-rejected", RuleKind::reader, B, "",
     "the reader refuses keys it does not declare (manifest unknown_keys: reject)", "RuleCases.unknown_key_rejected"},
    {Rule::naive_timestamp_unreadable, "naive-timestamp-unreadable", RuleKind::reader, B, "",
     "a timestamp without an offset where the reader needs one (chrono's DateTime<Utc>)",
     "RuleCases.naive_timestamp_unreadable"},
    {Rule::unparseable_timestamp, "unparseable-timestamp", RuleKind::reader, B, "",
     "a string the reader's timestamp parser does not take", "RuleCases.unparseable_timestamp"},
    {Rule::null_where_value_required, "null-where-value-required", RuleKind::reader, B, "",
     "null where the reader needs a value (a non-Option field, a value the reader parses)",
     "RuleCases.null_where_value_required"},
    {Rule::number_where_object_required, "number-where-object-required", RuleKind::reader, B, "",
     "a number where the reader needs an object (serde's std::time::Duration, PgInterval)",
     "RuleCases.number_where_object_required"},
    {Rule::object_where_number_required, "object-where-number-required", RuleKind::reader, B, "",
     "an object where the reader needs a number of seconds", "RuleCases.object_where_number_required"},
    {Rule::unit_struct_rejects_value, "unit-struct-rejects-value", RuleKind::reader, B, "",
     "a value where the reader's unit struct takes only null", "RuleCases.unit_struct_rejects_value"},
    {Rule::wrong_type, "wrong-type", RuleKind::reader, B, "", "a value of another JSON type than the reader's",
     "RuleCases.wrong_type"},
    {Rule::integer_out_of_range, "integer-out-of-range", RuleKind::reader, B, "",
     "an integer beyond the reader's integer width (x-integer)", "RuleCases.integer_out_of_range"},
    {Rule::value_not_accepted, "value-not-accepted", RuleKind::reader, B, "",
     "a value none of the reader's accepted values or variants matches (const, enum, anyOf)",
     "RuleCases.value_not_accepted"},
    {Rule::tuple_length, "tuple-length", RuleKind::reader, B, "", "an array of another length than the reader's tuple",
     "RuleCases.tuple_length"},
    {Rule::pattern_mismatch, "pattern-mismatch", RuleKind::reader, B, "", "a string the reader's format does not match",
     "RuleCases.pattern_mismatch"},
    {Rule::constraint_violated, "constraint-violated", RuleKind::reader, B, "",
     "another constraint of the reader's schema refuses the value (the keyword is in the message)",
     "RuleCases.constraint_violated"},
    {Rule::same_after_conversion, "same-after-conversion", RuleKind::field, I, "",
     "equal values in different encodings", "RuleCases.same_after_conversion"},
    {Rule::renamed, "renamed", RuleKind::field, W, "", "the same values under another key at the same level",
     "RuleCases.renamed"},
    {Rule::relocated, "relocated", RuleKind::field, W, "", "the same values at another place", "RuleCases.relocated"},
    {Rule::presence_mismatch, "presence-mismatch", RuleKind::field, W, "",
     "null against absent, {} against null, a value on one side only", "RuleCases.presence_mismatch"},
    {Rule::type_mismatch, "type-mismatch", RuleKind::field, B, "", "values of different kinds",
     "RuleCases.type_mismatch"},
    {Rule::value_mismatch, "value-mismatch", RuleKind::field, W, "", "values of the same kind that differ",
     "RuleCases.value_mismatch"},
    {Rule::reference_only, "reference-only", RuleKind::field, W, "",
     "written by the reference side only: a gap in the candidate", "RuleCases.reference_only"},
    {Rule::candidate_only, "candidate-only", RuleKind::field, I, "",
     "written by the candidate side only: an enhancement", "RuleCases.candidate_only"},
    {Rule::declared_only, "declared-only", RuleKind::field, W, "info when no side writes it",
     "declared by a side whose serializer never writes it", "RuleCases.declared_only"},
    {Rule::writer_raises, "writer-raises", RuleKind::capture, W, "",
     "the real code raised writing the scenario: no such document exists", "RuleCases.writer_raises"},
    {Rule::reader_raises, "reader-raises", RuleKind::capture, W, "",
     "a side that only reads the structure cannot read the scenario's document", "RuleCases.reader_raises"},
    {Rule::not_representable, "not-representable", RuleKind::capture, W, "",
     "the real type cannot hold the scenario's values", "RuleCases.not_representable"},
    {Rule::scenario_value_unused, "scenario-value-unused", RuleKind::capture, I, "",
     "a scenario value the side's constructor has no place for", "RuleCases.scenario_value_unused"},
    {Rule::definition_missing, "definition-missing", RuleKind::capture, B, "",
     "the captured tree no longer defines what the manifest names: that side of the structure was not captured",
     "RuleCases.definition_missing"},
    {Rule::definition_moved, "definition-moved", RuleKind::capture, I, "",
     "the definition is no longer where the manifest says: it was captured from where it is now",
     "RuleCases.definition_moved"},
    {Rule::definition_changed, "definition-changed", RuleKind::capture, B, "",
     "the definition changed so that the capture's builder no longer fits it (rustc's error says how): that side "
     "of the structure was not captured",
     "RuleCases.definition_changed"},
    {Rule::not_observed, "not-observed", RuleKind::capture, W, "",
     "both sides have the structure as JSON, but no scenario has a fixture of each (deleted, or never captured): "
     "nothing on the wire backs its verdict",
     "RuleCases.not_observed"},
    {Rule::silent_ignored, "silent-ignored", RuleKind::silent_change, W,
     "info for a key the reader skips in its own side's documents",
     "a real reader never reads a key of a document it accepted", "RuleCases.silent_ignored"},
    {Rule::silent_changed, "silent-changed", RuleKind::silent_change, W, "",
     "a real reader holds a value differently from how it was written", "RuleCases.silent_changed"},
    {Rule::silent_added, "silent-added", RuleKind::silent_change, W,
     "info for another side's absent key that the reader holds as null",
     "a real reader holds a value the document did not have", "RuleCases.silent_added"},
    {Rule::decodes, "decodes", RuleKind::storage, I, "", "the driver decodes the column into the declared type",
     "RuleCases.decodes"},
    {Rule::int4_into_i64, "int4-into-i64", RuleKind::storage, B, "", "sqlx decodes int4 only into i32",
     "RuleCases.int4_into_i64"},
    {Rule::int8_into_i32, "int8-into-i32", RuleKind::storage, B, "", "sqlx decodes int8 only into i64",
     "RuleCases.int8_into_i32"},
    {Rule::int2_width, "int2-width", RuleKind::storage, B, "", "sqlx decodes int2 only into i16",
     "RuleCases.int2_width"},
    {Rule::unsigned_integer, "unsigned-integer", RuleKind::storage, B, "",
     "PostgreSQL has no unsigned integers for sqlx to decode into u32 or u64", "RuleCases.unsigned_integer"},
    {Rule::timestamp_without_time_zone_into_datetime_utc, "timestamp-without-time-zone-into-datetime-utc",
     RuleKind::storage, B, "", "sqlx decodes timestamp (without time zone) only into a naive date-time",
     "RuleCases.timestamp_without_time_zone_into_datetime_utc"},
    {Rule::timestamptz_arrives_aware, "timestamptz-arrives-aware", RuleKind::storage, W, "",
     "asyncpg gives an aware datetime, which mixes badly with a naive utcnow()", "RuleCases.timestamptz_arrives_aware"},
    {Rule::timestamptz_into_naive, "timestamptz-into-naive", RuleKind::storage, B, "",
     "sqlx decodes timestamptz into DateTime, not NaiveDateTime", "RuleCases.timestamptz_into_naive"},
    {Rule::interval_into_duration, "interval-into-duration", RuleKind::storage, B, "",
     "sqlx decodes interval only into PgInterval", "RuleCases.interval_into_duration"},
    {Rule::interval_months_become_days, "interval-months-become-days", RuleKind::storage, W, "",
     "asyncpg gives a timedelta: 12 months become 365 days and a month 30 days",
     "RuleCases.interval_months_become_days"},
    {Rule::text_arrives_as_str, "text-arrives-as-str", RuleKind::storage, W, "",
     "asyncpg gives str for text where bytes is declared", "RuleCases.text_arrives_as_str"},
    {Rule::nullable_into_non_option, "nullable-into-non-option", RuleKind::storage, B, "",
     "a nullable column into a field that is not optional (a Rust Option, a Go pointer): NULL fails to decode",
     "RuleCases.nullable_into_non_option"},
    {Rule::null_arrives_as_none, "null-arrives-as-none", RuleKind::storage, W, "",
     "a nullable column into a Python attribute not declared Optional: NULL arrives as None",
     "RuleCases.null_arrives_as_none"},
    {Rule::column_type_mismatch, "column-type-mismatch", RuleKind::storage, B, "",
     "the column's type does not decode into the declared type at all", "RuleCases.column_type_mismatch"},
    {Rule::unknown_column_type, "unknown-column-type", RuleKind::storage, W, "",
     "no rule covers the column's type: check by hand", "RuleCases.unknown_column_type"},
    {Rule::missing_column, "missing-column", RuleKind::storage, B, "", "the table has no such column",
     "RuleCases.missing_column"},
    {Rule::missing_table, "missing-table", RuleKind::storage, B, "", "the database has no such table",
     "RuleCases.missing_table"},
    {Rule::undecodable, "undecodable", RuleKind::scan, B, "",
     "a stored value the reader's schema accepts but its encoding does not decode", "RuleCases.undecodable"},
    {Rule::malformed_json, "malformed-json", RuleKind::scan, B, "",
     "stored text a strict reader refuses (duplicate keys, integers beyond 64 bits)", "RuleCases.malformed_json"},
    {Rule::unreadable_input, "unreadable-input", RuleKind::scan, B, "",
     "an entry of a scanned folder named like a document that cannot be read as one: a link loop, a broken link, a "
     "FIFO, a device, a folder, no permission",
     "RuleCases.unreadable_input"},
    {Rule::route_reference_only, "route-reference-only", RuleKind::channel, B, "",
     "a route (method and path) the reference serves and the candidate does not: its callers get 404",
     "RuleCases.route_reference_only"},
    {Rule::route_candidate_only, "route-candidate-only", RuleKind::channel, I, "",
     "a route only the candidate serves: an addition", "RuleCases.route_candidate_only"},
    {Rule::state_reference_only, "state-reference-only", RuleKind::channel, W, "",
     "a Redis key, hash or pub/sub channel, or a table, the reference uses and the candidate does not: whoever "
     "else reads it, or a mixed deployment, loses it",
     "RuleCases.state_reference_only"},
    {Rule::state_candidate_only, "state-candidate-only", RuleKind::channel, I, "",
     "a Redis key, hash or pub/sub channel, or a table, only the candidate uses", "RuleCases.state_candidate_only"},
    {Rule::consumer_cannot_read, "consumer-cannot-read", RuleKind::channel, B, "",
     "a consumer's real reader refuses what a side sends on a channel it calls, or the side has no such route",
     "RuleCases.consumer_cannot_read"},
    {Rule::consumer_unjudged, "consumer-unjudged", RuleKind::channel, W, "",
     "a consumer calls a route whose body could neither be run nor read from the source: nothing shows it works",
     "RuleCases.consumer_unjudged"},
    {Rule::forwarded_body_differs, "forwarded-body-differs", RuleKind::channel, B,
     "warning when only the keys differ, not a list against an object",
     "a consumer passes a side's body on to its own clients as it is, and the candidate's body has another shape "
     "than the reference's: the consumer's clients see the change",
     "RuleCases.forwarded_body_differs"},
    // Gate checks: breaking fails the command (an error), warning and info
    // (a notice) do not.
    {Rule::capture_failed, "capture-failed", RuleKind::gate, B, "",
     "capturing again from the runners' source failed or did not end within --capture-timeout",
     "RuleCases.capture_failed"},
    {Rule::could_not_run, "could-not-run", RuleKind::gate, B, "",
     "the command could not run (unreadable or malformed input, invalid schema, usage error)",
     "RuleCases.could_not_run"},
    {Rule::evidence_mismatch, "evidence-mismatch", RuleKind::gate, B, "",
     "the committed reports were made from another database than this check reads", "RuleCases.evidence_mismatch"},
    {Rule::failing_documents, "failing-documents", RuleKind::gate, B, "",
     "failing documents printed as they were judged (text output of scan and db-scan)", "RuleCases.failing_documents"},
    {Rule::missing_fixture, "missing-fixture", RuleKind::gate, B, "",
     "a fixture the capture wrote, or a real reader judged, is missing: the findings it showed would go unseen",
     "RuleCases.missing_fixture"},
    {Rule::more_failures, "more-failures", RuleKind::gate, B, "", "more failing documents than the output shows",
     "RuleCases.more_failures"},
    {Rule::prediction_disagrees, "prediction-disagrees", RuleKind::gate, B, "",
     "the harness's readability prediction differs from the real reader's recorded verdict",
     "RuleCases.prediction_disagrees"},
    {Rule::round_trip, "round-trip", RuleKind::gate, B, "", "decoding and re-encoding a fixture does not give it back",
     "RuleCases.round_trip"},
    {Rule::schema_drift, "schema-drift", RuleKind::gate, B, "", "a fixture does not match its side's schema",
     "RuleCases.schema_drift"},
    {Rule::schema_mismatch, "schema-mismatch", RuleKind::gate, B, "",
     "scan, db-scan: a document does not match its side's schema (the JSON Schema keyword says how)",
     "RuleCases.schema_mismatch"},
    {Rule::schema_not_code, "schema-not-code", RuleKind::gate, B, "",
     "a schema does not describe the declarations the capture extracted from the code", "RuleCases.schema_not_code"},
    {Rule::stale_allowance, "stale-allowance", RuleKind::gate, B, "",
     "an acknowledged schema change (schema-diff --allow) matches no change", "RuleCases.stale_allowance"},
    {Rule::stale_capture, "stale-capture", RuleKind::gate, B, "",
     "the real code now writes or reads differently from the committed fixtures", "RuleCases.stale_capture"},
    {Rule::source_moved, "source-moved", RuleKind::gate, I,
     "an error with check --strict-source, or (reported as stale-capture) when something else the capture "
     "records changed too",
     "the source's lines, file hashes or definitions' places (file, module) moved, and what the code writes and "
     "reads is the same",
     "RuleCases.source_moved"},
    {Rule::stale_known_gap, "stale-known-gap", RuleKind::gate, B, "",
     "a known gap no longer occurs, or occurs at another severity than its entry lists", "RuleCases.stale_known_gap"},
    {Rule::stale_report, "stale-report", RuleKind::gate, B, "",
     "a committed report is missing or not what the current inputs give", "RuleCases.stale_report"},
    {Rule::unexplained_gap, "unexplained-gap", RuleKind::gate, B, "",
     "a known gap has no reason (empty or blank), or a placeholder (TODO) one", "RuleCases.unexplained_gap"},
    {Rule::unknown_structure, "unknown-structure", RuleKind::gate, B, "",
     "a fixture, schema or claim names a structure the manifest does not have: nothing would check it",
     "RuleCases.unknown_structure"},
    {Rule::unreadable, "unreadable", RuleKind::gate, B, "",
     "diff: a side's document is unreadable by the other side's reader", "RuleCases.unreadable"},
    // Schema changes: breaking when a reader may now refuse, or decode
    // differently, a value the old schema took.
    {Rule::schema_changed, "schema-changed", RuleKind::schema_change, B, "",
     "a subschema that is not an object (true, false) changed", "RuleCases.schema_changed"},
    {Rule::description_changed, "description-changed", RuleKind::schema_change, I, "", "a description or title changed",
     "RuleCases.description_changed"},
    {Rule::annotation_changed, "annotation-changed", RuleKind::schema_change, I, "",
     "another annotation changed ($comment, examples, default, x-source-type, x-source-name, ...)",
     "RuleCases.annotation_changed"},
    {Rule::x_encoding_changed, "x-encoding-changed", RuleKind::schema_change, B, "",
     "the value's encoding (x-encoding) changed: readers decode it differently", "RuleCases.x_encoding_changed"},
    {Rule::unknown_keys_rejected, "unknown-keys-rejected", RuleKind::schema_change, B, "",
     "unknown keys are newly rejected (additionalProperties false, or a side's unknown_keys: reject)",
     "RuleCases.unknown_keys_rejected"},
    {Rule::unknown_keys_allowed, "unknown-keys-allowed", RuleKind::schema_change, I, "", "unknown keys are now allowed",
     "RuleCases.unknown_keys_allowed"},
    {Rule::additional_properties_changed, "additional-properties-changed", RuleKind::schema_change, B, "",
     "additionalProperties changed in another way (a schema for a boolean, or the reverse)",
     "RuleCases.additional_properties_changed"},
    {Rule::range_narrowed, "range-narrowed", RuleKind::schema_change, B, "",
     "a bound (minimum, maximum, minItems, maxItems, minLength, maxLength) now refuses more",
     "RuleCases.range_narrowed"},
    {Rule::range_widened, "range-widened", RuleKind::schema_change, I, "", "a bound now accepts more",
     "RuleCases.range_widened"},
    {Rule::constraint_added, "constraint-added", RuleKind::schema_change, B, "",
     "a new constraint keyword, which can refuse a value the old schema took", "RuleCases.constraint_added"},
    {Rule::constraint_removed, "constraint-removed", RuleKind::schema_change, I, "", "a constraint keyword was removed",
     "RuleCases.constraint_removed"},
    {Rule::ref_changed, "ref-changed", RuleKind::schema_change, B, "", "a $ref points elsewhere",
     "RuleCases.ref_changed"},
    {Rule::pattern_changed, "pattern-changed", RuleKind::schema_change, B, "", "a pattern changed",
     "RuleCases.pattern_changed"},
    {Rule::constraint_changed, "constraint-changed", RuleKind::schema_change, B, "",
     "another constraint keyword's value changed (const, format, multipleOf, ...)", "RuleCases.constraint_changed"},
    {Rule::type_narrowed, "type-narrowed", RuleKind::schema_change, B, "", "a type is no longer accepted",
     "RuleCases.type_narrowed"},
    {Rule::type_widened, "type-widened", RuleKind::schema_change, I, "", "a type is now accepted",
     "RuleCases.type_widened"},
    {Rule::nullability_removed, "nullability-removed", RuleKind::schema_change, B, "",
     "null is no longer accepted (from the type, or an anyOf branch)", "RuleCases.nullability_removed"},
    {Rule::nullability_added, "nullability-added", RuleKind::schema_change, I, "",
     "null is now accepted (an anyOf branch)", "RuleCases.nullability_added"},
    {Rule::property_removed, "property-removed", RuleKind::schema_change, B, "", "a property was removed",
     "RuleCases.property_removed"},
    {Rule::optional_property_added, "optional-property-added", RuleKind::schema_change, I, "",
     "an optional property was added", "RuleCases.optional_property_added"},
    {Rule::required_added, "required-added", RuleKind::schema_change, B, "", "a property is now required",
     "RuleCases.required_added"},
    {Rule::required_removed, "required-removed", RuleKind::schema_change, I, "", "a property is no longer required",
     "RuleCases.required_removed"},
    {Rule::enum_removed, "enum-removed", RuleKind::schema_change, I, "", "the enum no longer restricts the value",
     "RuleCases.enum_removed"},
    {Rule::enum_value_removed, "enum-value-removed", RuleKind::schema_change, B, "",
     "an enum value is no longer accepted", "RuleCases.enum_value_removed"},
    {Rule::enum_value_added, "enum-value-added", RuleKind::schema_change, I,
     "breaking when the enum itself is new: it now restricts the value", "an enum value is now accepted",
     "RuleCases.enum_value_added"},
    {Rule::definition_removed, "definition-removed", RuleKind::schema_change, B, "", "a definition was removed",
     "RuleCases.definition_removed"},
    {Rule::definition_added, "definition-added", RuleKind::schema_change, I, "", "a definition was added",
     "RuleCases.definition_added"},
    {Rule::branch_removed, "branch-removed", RuleKind::schema_change, B, "",
     "an alternative (anyOf, oneOf, allOf) was removed", "RuleCases.branch_removed"},
    {Rule::branch_added, "branch-added", RuleKind::schema_change, I, "", "an alternative was added",
     "RuleCases.branch_added"},
    {Rule::tuple_length_changed, "tuple-length-changed", RuleKind::schema_change, B, "",
     "a tuple (items as an array) has another length", "RuleCases.tuple_length_changed"},
    {Rule::side_removed, "side-removed", RuleKind::schema_change, B, "", "a side was removed from the manifest",
     "RuleCases.side_removed"},
    {Rule::schema_removed, "schema-removed", RuleKind::schema_change, B, "", "a schema file was removed",
     "RuleCases.schema_removed"},
    {Rule::schema_added, "schema-added", RuleKind::schema_change, I, "", "a schema file was added",
     "RuleCases.schema_added"},
};

}  // namespace

const std::vector<RuleInfo>& rule_registry() { return kRegistry; }

const RuleInfo& rule_info(Rule rule) { return kRegistry.at(static_cast<std::size_t>(rule)); }

std::string rule_id(Rule rule) { return std::string(rule_info(rule).id); }

std::string severity_text(const RuleInfo& info) {
  if (info.kind == RuleKind::gate) {
    return info.severity == Severity::breaking ? "error" : info.severity == Severity::warning ? "warning" : "notice";
  }
  if (info.kind == RuleKind::schema_change) return info.severity == Severity::breaking ? "breaking" : "non-breaking";
  return to_string(info.severity);
}

std::optional<Rule> parse_rule(std::string_view id) {
  const auto found =
      std::find_if(kRegistry.begin(), kRegistry.end(), [&](const RuleInfo& info) { return info.id == id; });
  if (found == kRegistry.end()) return std::nullopt;
  return found->rule;
}

}  // namespace portcheck::rules
