// Every rule of the registry (rules/rules.hpp), each with a hand-made case that
// makes it fire and a near miss that must not: reader rules and field rules on
// a tiny two-side project, capture and silent-change rules on comparison
// records, storage rules on a catalog, scan rules on stored text (the gate
// checks and schema changes are in rule_cases_gate.cpp). A rule without a
// case fails RuleRegistry.EveryRuleHasACaseNamedInTheRegistry.

#include <sys/stat.h>

#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "compare/compare.hpp"
#include "compare/findings.hpp"
#include "db/decode_rules.hpp"
#include "db/scan.hpp"
#include "db/storage_check.hpp"
#include "rule_cases.hpp"
#include "rules/rules.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

using compare::Rule;

// ------------------------------------------------------------------ a two-side project

/// Options of the tiny project: everything else is the same for every case.
struct ProjectOptions {
  std::string candidate_unknown_keys = "ignore";
  std::string field_mappings;  ///< the manifest's "field_mappings" object, or empty
};

/// A project with a reference "ref" (Python's profile) and a candidate "cand"
/// (Rust's), both reading one structure "Thing" whose schemas are given.
class TinyProject {
 public:
  TinyProject(const std::string& reference_schema, const std::string& candidate_schema,
              const ProjectOptions& options = {}) {
    write_file(directory_.path() / "schemas/manifest.json",
               R"({"reference_side": "ref", "sides": {
                     "ref": {"role": "reference", "schemas": "ref", "profile": "profiles/python.json",
                             "unknown_keys": "ignore", "value_checks": "all"},
                     "cand": {"role": "candidate", "schemas": "cand", "profile": "profiles/rust.json",
                              "unknown_keys": ")" +
                   options.candidate_unknown_keys + R"("}},
                   "structures": {"Thing": {"sides": ["ref", "cand"], "readers": ["ref", "cand"]}})" +
                   (options.field_mappings.empty() ? "" : R"(, "field_mappings": )" + options.field_mappings) + "}");
    write_file(directory_.path() / "schemas/ref/Thing.schema.json", reference_schema);
    write_file(directory_.path() / "schemas/cand/Thing.schema.json", candidate_schema);
    std::filesystem::copy(source_dir() / "schemas/profiles", directory_.path() / "schemas/profiles");
    schemas_ = std::make_unique<schema::SchemaSet>(schema::SchemaSet::load(directory_.path() / "schemas"));
  }

  /// The rules of every finding for scenarios of {reference JSON, candidate JSON}.
  [[nodiscard]] std::set<Rule> rules(const std::vector<std::pair<std::string, std::string>>& scenarios) const {
    compare::Fixtures reference;
    compare::Fixtures candidate;
    for (std::size_t index = 0; index < scenarios.size(); ++index) {
      const std::string name = "s" + std::to_string(index);
      reference.documents.emplace(name, json::parse(scenarios[index].first, name + ".ref.json"));
      candidate.documents.emplace(name, json::parse(scenarios[index].second, name + ".cand.json"));
    }
    const compare::StructureComparison comparison =
        compare::compare_structure(*schemas_, "Thing", "ref", "cand", reference, candidate);
    std::set<Rule> found;
    for (const compare::Finding& finding : compare::structure_findings(comparison)) found.insert(finding.rule);
    return found;
  }

  [[nodiscard]] const schema::SchemaSet& schemas() const { return *schemas_; }

 private:
  TempDir directory_;
  std::unique_ptr<schema::SchemaSet> schemas_;
};

/// An object schema with these properties (and required keys).
std::string object(const std::string& properties, const std::string& required = "[]") {
  return R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": )" + required +
         R"(, "properties": {)" + properties + "}}";
}

/// A reference and candidate that both hold "a" with these schemas.
std::set<Rule> one_field(const std::string& reference_a, const std::string& candidate_a, const std::string& written_ref,
                         const std::string& written_cand, const ProjectOptions& options = {},
                         const std::string& candidate_required = "[]") {
  const TinyProject project(object(R"("a": )" + reference_a), object(R"("a": )" + candidate_a, candidate_required),
                            options);
  return project.rules({{written_ref, written_cand}});
}

constexpr const char* kText = R"({"type": "string", "x-source-type": "str"})";
constexpr const char* kRustText = R"({"type": "string", "x-source-type": "String"})";
constexpr const char* kNaiveTime =
    R"({"type": "string", "x-source-type": "datetime", "x-encoding": "timestamp-naive-iso",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{6})?$"})";
constexpr const char* kUtcTime =
    R"({"type": "string", "x-source-type": "DateTime<Utc>", "x-encoding": "timestamp-rfc3339",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"})";
constexpr const char* kSeconds =
    R"({"type": "number", "x-source-type": "timedelta", "x-encoding": "duration-seconds"})";
constexpr const char* kSecsNanos =
    R"({"type": "object", "x-source-type": "std::time::Duration", "x-encoding": "duration-secs-nanos",
        "required": ["secs", "nanos"], "properties": {"secs": {"type": "integer"}, "nanos": {"type": "integer"}}})";

bool fires(const std::set<Rule>& rules, Rule rule) { return rules.contains(rule); }

// ------------------------------------------------------------------ records without a project

/// A comparison of one structure with a capture outcome on the reference side.
std::set<Rule> outcome_rules(compare::OutcomeKind kind, std::vector<std::string> unused = {}) {
  compare::StructureComparison structure;
  structure.structure = "Thing";
  structure.reference_side = "ref";
  structure.candidate_side = "cand";
  compare::CaptureOutcome outcome;
  outcome.scenario = "s0";
  outcome.kind = kind;
  outcome.error = kind == compare::OutcomeKind::written ? "" : "TypeError: boom";
  outcome.unused = std::move(unused);
  structure.outcomes.push_back({"ref", outcome});
  std::set<Rule> found;
  for (const compare::Finding& finding : compare::structure_findings(structure)) found.insert(finding.rule);
  return found;
}

/// The findings of one structure whose candidate's capture.json records it
/// as `entry` (with `items`, Rust's extracted items), read from the file as
/// the comparison reads it.
std::set<Rule> located_rules(const std::string& entry, const std::string& items = "{}") {
  TempDir folder;
  write_file(folder.path() / "cand" / "capture.json",
             R"({"side": "cand", "upstream": {"repository": "r", "revision": "0", "sources": []},
                 "structures": {"Thing": )" + entry + R"(}, "items": )" + items + "}");
  schema::Manifest manifest;
  for (const char* name : {"ref", "cand"}) {
    schema::Side side;
    side.name = name;
    manifest.sides.push_back(side);
  }
  const compare::CaptureRecords records = compare::load_capture_records(manifest, folder.path());
  compare::StructureComparison structure;
  structure.structure = "Thing";
  structure.reference_side = "ref";
  structure.candidate_side = "cand";
  structure.sides = {"ref", "cand"};
  compare::attach_capture_records(records, structure);
  std::set<Rule> found;
  for (const compare::Finding& finding : compare::structure_findings(structure)) found.insert(finding.rule);
  return found;
}

constexpr const char* kMissingThing =
    R"({"outcome": "definition-missing", "located": [{"outcome": "definition-missing", "item": "Thing",
        "file": "src/a.rs", "reason": "src/a.rs no longer defines Thing"}]})";
constexpr const char* kThingItems = R"({"c::Thing": {"file": "src/b.rs", "line": 3, "derives": ["Debug"]}})";

/// A comparison of one structure whose reference reader changed a candidate document.
std::set<Rule> silent_rules(compare::ChangeKind kind) {
  compare::StructureComparison structure;
  structure.structure = "Thing";
  structure.reference_side = "ref";
  structure.candidate_side = "cand";
  compare::Readability readability;
  readability.scenario = "s0";
  readability.writer = "cand";
  readability.reader = "ref";
  readability.observed = true;
  readability.observed_readable = true;
  readability.silent_changes.push_back(
      {"/a", kind, kind == compare::ChangeKind::added ? "" : "1", kind == compare::ChangeKind::ignored ? "" : "2"});
  structure.readability.push_back(readability);
  std::set<Rule> found;
  for (const compare::Finding& finding : compare::structure_findings(structure)) found.insert(finding.rule);
  return found;
}

const schema::SchemaSet& project_schemas() {
  static const schema::SchemaSet schemas = schema::SchemaSet::load(source_dir() / "schemas");
  return schemas;
}

/// The verdict of the side whose profile names `driver`.
Rule decoding(const std::string& driver, const std::string& column, bool nullable, const std::string& declared) {
  for (const schema::Side& side : project_schemas().manifest().sides) {
    if (side.profile.database && side.profile.database->name == driver) {
      return db::judge_decoding(side.profile, column, nullable, declared).rule;
    }
  }
  throw std::runtime_error("no side reads with " + driver);
}

/// The rules of the project's storage mapping against a catalog made from
/// the real one by `edit`.
std::set<Rule> storage_rules(const std::function<void(db::Catalog&)>& edit) {
  db::Catalog catalog;
  for (const schema::StorageMapping& mapping : project_schemas().manifest().storage) {
    for (const schema::StorageColumn& column : mapping.columns) catalog[mapping.table][column.column] = {"text", true};
  }
  edit(catalog);
  std::set<Rule> found;
  for (const compare::StorageFinding& finding : db::judge_storage(project_schemas(), catalog)) {
    found.insert(finding.rule);
  }
  return found;
}

/// What the Python reader makes of a stored Thing of the tiny project.
std::set<Rule> stored_rules(const TinyProject& project, const std::string& text) {
  std::set<Rule> found;
  for (const compare::Refusal& refusal : db::judge_stored_value(project.schemas(), "ref", "Thing", text, "row 1")) {
    found.insert(refusal.rule);
  }
  return found;
}

// ------------------------------------------------------------------ the cases

/// Whether the rule fires on its case (true) and on its near miss (false).
// ------------------------------------------------------------------ channels

/// A route of one side whose handler answers an inline body with `keys`
/// (nothing readable from its source when `readable` is false).
channels::Route channel_route(const std::string& side, const std::string& method, const std::string& path,
                              const std::vector<std::string>& keys, bool readable = true) {
  channels::Route route;
  route.side = side;
  route.app = "internal";
  route.method = method;
  route.path = path;
  route.normalized = path;
  route.handler = side + "_handler";
  route.place = {side + ".src", 1};
  channels::Response response;
  response.kind = readable ? channels::ResponseKind::inline_body : channels::ResponseKind::unknown;
  for (const std::string& key : keys) response.keys.push_back({key, "value", 1, {}});
  route.responses.push_back(response);
  return route;
}

/// The rules of the channel findings of "ref" against "cand": both serve
/// GET /status with a key `processing`, which the consumer "site" reads; both
/// write the Redis hash "runs". `edit` changes that before it is compared.
std::set<Rule> channel_rules(const std::function<void(channels::ChannelEvidence&)>& edit) {
  channels::ChannelEvidence evidence;
  evidence.present = true;
  for (const std::string side : {"ref", "cand"}) {
    evidence.routes.push_back(channel_route(side, "GET", "/status", {"processing"}));
    channels::StateUse use;
    use.side = side;
    use.store = "redis";
    use.kind = "hash";
    use.name = "runs";
    use.direction = "write";
    use.operation = "hset";
    use.place = {side + ".src", 2};
    evidence.state.push_back(use);
  }
  channels::ConsumerCall call;
  call.consumer = "site";
  call.method = "GET";
  call.path = "/status";
  call.normalized = "/status";
  call.reads = {"processing"};
  call.place = {"site.src", 3};
  evidence.calls.push_back(call);
  edit(evidence);
  const channels::ConsumerSettings site{"site", "", "internal", "/"};
  std::set<Rule> fired;
  for (const compare::Finding& finding :
       compare::channel_findings(channels::compare_channels(evidence, {site}, "ref", "cand"))) {
    fired.insert(finding.rule);
  }
  return fired;
}

void add_route(channels::ChannelEvidence& evidence, const std::string& side) {
  evidence.routes.push_back(channel_route(side, "POST", "/active-runs", {}));
}

void remove_state(channels::ChannelEvidence& evidence, const std::string& side) {
  std::erase_if(evidence.state, [&](const channels::StateUse& use) { return use.side == side; });
}

/// The candidate's /status answers `keys` (or a body nothing can read).
void candidate_status(channels::ChannelEvidence& evidence, const std::vector<std::string>& keys, bool readable) {
  for (channels::Route& route : evidence.routes) {
    if (route.side == "cand") route = channel_route("cand", "GET", "/status", keys, readable);
  }
}

RuleCases rule_cases() {
  RuleCases cases;
  // Reader rules: the candidate (a serde reader) reads the reference's document.
  cases[Rule::missing_required_key] = {
      [] {
        return fires(one_field(kText, kRustText, R"({})", R"({"a": "x"})", {}, R"(["a"])"), Rule::missing_required_key);
      },
      [] {
        return fires(one_field(kText, kRustText, R"({"a": "x"})", R"({"a": "x"})", {}, R"(["a"])"),
                     Rule::missing_required_key);
      }};
  const auto unknown_key = [](const std::string& policy) {
    const TinyProject project(object(R"("a": {"type": "string", "x-source-type": "str"}, "b": {})"),
                              R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                                  "additionalProperties": false, "properties": {"a": {"type": "string",
                                  "x-source-type": "String"}}})",
                              {policy, ""});
    return fires(project.rules({{R"({"a": "x", "b": 1})", R"({"a": "x"})"}}), Rule::unknown_key_rejected);
  };
  cases[Rule::unknown_key_rejected] = {[=] { return unknown_key("reject"); }, [=] { return unknown_key("ignore"); }};
  cases[Rule::naive_timestamp_unreadable] = {
      [] {
        return fires(
            one_field(kNaiveTime, kUtcTime, R"({"a": "2025-05-25T19:22:53"})", R"({"a": "2025-05-25T19:22:53Z"})"),
            Rule::naive_timestamp_unreadable);
      },
      [] {
        return fires(
            one_field(kUtcTime, kUtcTime, R"({"a": "2025-05-25T19:22:53+00:00"})", R"({"a": "2025-05-25T19:22:53Z"})"),
            Rule::naive_timestamp_unreadable);
      }};
  cases[Rule::unparseable_timestamp] = {
      [] {
        return fires(one_field(kText, kUtcTime, R"({"a": "yesterday"})", R"({"a": "2025-05-25T19:22:53Z"})"),
                     Rule::unparseable_timestamp);
      },
      [] {
        return fires(one_field(kText, kUtcTime, R"({"a": "2025-05-25T19:22:53Z"})", R"({"a": "2025-05-25T19:22:53Z"})"),
                     Rule::unparseable_timestamp);
      }};
  cases[Rule::null_where_value_required] = {
      [] {
        return fires(one_field(R"({"type": ["string", "null"]})", kRustText, R"({"a": null})", R"({"a": "x"})"),
                     Rule::null_where_value_required);
      },
      [] {
        return fires(one_field(R"({"type": ["string", "null"]})", kRustText, R"({"a": "y"})", R"({"a": "x"})"),
                     Rule::null_where_value_required);
      }};
  cases[Rule::number_where_object_required] = {
      [] {
        return fires(one_field(kSeconds, kSecsNanos, R"({"a": 1.5})", R"({"a": {"secs": 1, "nanos": 500000000}})"),
                     Rule::number_where_object_required);
      },
      [] {
        return fires(
            one_field(kSecsNanos, kSecsNanos, R"({"a": {"secs": 1, "nanos": 0}})", R"({"a": {"secs": 1, "nanos": 0}})"),
            Rule::number_where_object_required);
      }};
  cases[Rule::object_where_number_required] = {
      [] {
        return fires(one_field(kSeconds, kSecsNanos, R"({"a": 1.5})", R"({"a": {"secs": 1, "nanos": 500000000}})"),
                     Rule::object_where_number_required);
      },
      [] {
        return fires(one_field(kSeconds, kSeconds, R"({"a": 1.5})", R"({"a": 1.5})"),
                     Rule::object_where_number_required);
      }};
  const auto unit_struct = [](const std::string& written) {
    const TinyProject project(R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": ["object", "null"],
                                  "x-source-type": "GenericResult"})",
                              R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "null",
                                  "x-source-type": "GenericResult"})");
    return fires(project.rules({{written, "null"}}), Rule::unit_struct_rejects_value);
  };
  cases[Rule::unit_struct_rejects_value] = {[=] { return unit_struct("{}"); }, [=] { return unit_struct("null"); }};
  cases[Rule::wrong_type] = {
      [] {
        return fires(one_field(kText, R"({"type": "integer"})", R"({"a": "x"})", R"({"a": 1})"), Rule::wrong_type);
      },
      [] {
        return fires(one_field(R"({"type": "integer"})", R"({"type": "integer"})", R"({"a": 2})", R"({"a": 1})"),
                     Rule::wrong_type);
      }};
  constexpr const char* kU32 = R"({"type": "integer", "minimum": 0, "maximum": 4294967295, "x-integer": "u32"})";
  cases[Rule::integer_out_of_range] = {
      [=] {
        return fires(one_field(R"({"type": "integer"})", kU32, R"({"a": -1})", R"({"a": 1})"),
                     Rule::integer_out_of_range);
      },
      [=] {
        return fires(one_field(R"({"type": "integer"})", kU32, R"({"a": 2})", R"({"a": 1})"),
                     Rule::integer_out_of_range);
      }};
  constexpr const char* kChoice = R"({"enum": ["git", "bzr"]})";
  cases[Rule::value_not_accepted] = {
      [=] { return fires(one_field(kText, kChoice, R"({"a": "svn"})", R"({"a": "git"})"), Rule::value_not_accepted); },
      [=] { return fires(one_field(kText, kChoice, R"({"a": "bzr"})", R"({"a": "git"})"), Rule::value_not_accepted); }};
  constexpr const char* kPair =
      R"({"type": "array", "items": [{"type": "string"}, {"type": "string"}], "minItems": 2, "additionalItems": false})";
  cases[Rule::tuple_length] = {
      [=] {
        return fires(one_field(R"({"type": "array"})", kPair, R"({"a": ["x"]})", R"({"a": ["x", "y"]})"),
                     Rule::tuple_length);
      },
      [=] {
        return fires(one_field(R"({"type": "array"})", kPair, R"({"a": ["x", "z"]})", R"({"a": ["x", "y"]})"),
                     Rule::tuple_length);
      }};
  constexpr const char* kSlug = R"({"type": "string", "pattern": "^[a-z]+$"})";
  cases[Rule::pattern_mismatch] = {
      [=] { return fires(one_field(kText, kSlug, R"({"a": "A B"})", R"({"a": "ab"})"), Rule::pattern_mismatch); },
      [=] { return fires(one_field(kText, kSlug, R"({"a": "cd"})", R"({"a": "ab"})"), Rule::pattern_mismatch); }};
  constexpr const char* kShort = R"({"type": "string", "maxLength": 3})";
  cases[Rule::constraint_violated] = {
      [=] { return fires(one_field(kText, kShort, R"({"a": "abcd"})", R"({"a": "ab"})"), Rule::constraint_violated); },
      [=] { return fires(one_field(kText, kShort, R"({"a": "abc"})", R"({"a": "ab"})"), Rule::constraint_violated); }};

  // Field rules: what the pair shows on the wire.
  cases[Rule::same_after_conversion] = {
      [] {
        return fires(
            one_field(kNaiveTime, kUtcTime, R"({"a": "2025-05-25T19:22:53"})", R"({"a": "2025-05-25T19:22:53Z"})"),
            Rule::same_after_conversion);
      },
      [] {
        return fires(
            one_field(kNaiveTime, kUtcTime, R"({"a": "2025-05-25T19:22:53"})", R"({"a": "2025-05-25T19:22:54Z"})"),
            Rule::same_after_conversion);
      }};
  const auto placed = [](const std::string& kind, const std::string& candidate_place, Rule rule) {
    const std::string candidate = kind == "relocated"
                                      ? object(R"("o": {"type": "object", "properties": {"b": {"type": "string"}}})")
                                      : object(R"("b": {"type": "string"})");
    const TinyProject project(
        object(R"("a": {"type": "string"})"), candidate,
        {"ignore", R"({"Thing": [{"ref": "/a", "cand": ")" + candidate_place + R"(", "kind": ")" + kind + R"("}]})"});
    const std::string written = kind == "relocated" ? R"({"o": {"b": "x"}})" : R"({"b": "x"})";
    return fires(project.rules({{R"({"a": "x"})", written}}), rule);
  };
  cases[Rule::renamed] = {[=] { return placed("renamed", "/b", Rule::renamed); },
                          [=] { return placed("relocated", "/o/b", Rule::renamed); }};
  cases[Rule::relocated] = {[=] { return placed("relocated", "/o/b", Rule::relocated); },
                            [=] { return placed("renamed", "/b", Rule::relocated); }};
  constexpr const char* kMaybe = R"({"type": ["string", "null"]})";
  cases[Rule::presence_mismatch] = {
      [=] { return fires(one_field(kMaybe, kMaybe, R"({"a": "x"})", R"({"a": null})"), Rule::presence_mismatch); },
      [=] { return fires(one_field(kMaybe, kMaybe, R"({"a": null})", R"({"a": null})"), Rule::presence_mismatch); }};
  constexpr const char* kAnything = R"({})";
  cases[Rule::type_mismatch] = {
      [=] { return fires(one_field(kAnything, kAnything, R"({"a": "1"})", R"({"a": 1})"), Rule::type_mismatch); },
      [=] { return fires(one_field(kAnything, kAnything, R"({"a": 1.0})", R"({"a": 1})"), Rule::type_mismatch); }};
  cases[Rule::value_mismatch] = {
      [=] { return fires(one_field(kAnything, kAnything, R"({"a": "x"})", R"({"a": "y"})"), Rule::value_mismatch); },
      [=] { return fires(one_field(kAnything, kAnything, R"({"a": "x"})", R"({"a": "x"})"), Rule::value_mismatch); }};
  const auto one_sided = [](bool reference_has_it, Rule rule) {
    const TinyProject project(object(std::string(R"("z": {})") + (reference_has_it ? R"(, "a": {})" : "")),
                              object(std::string(R"("z": {})") + (reference_has_it ? "" : R"(, "a": {})")));
    return fires(project.rules({{reference_has_it ? R"({"z": 1, "a": 2})" : R"({"z": 1})",
                                 reference_has_it ? R"({"z": 1})" : R"({"z": 1, "a": 2})"}}),
                 rule);
  };
  cases[Rule::reference_only] = {[=] { return one_sided(true, Rule::reference_only); },
                                 [=] { return one_sided(false, Rule::reference_only); }};
  cases[Rule::candidate_only] = {[=] { return one_sided(false, Rule::candidate_only); },
                                 [=] { return one_sided(true, Rule::candidate_only); }};
  const auto declared = [](bool declared_only) {
    const std::string reference = declared_only ? R"({"$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object", "properties": {"z": {}}, "x-declared-only": {"gone": "str"}})"
                                                : object(R"("z": {})");
    const TinyProject project(reference, object(R"("z": {})"));
    return fires(project.rules({{R"({"z": 1})", R"({"z": 1})"}}), Rule::declared_only);
  };
  cases[Rule::declared_only] = {[=] { return declared(true); }, [=] { return declared(false); }};

  // Capture rules: what the real code did with a scenario.
  using compare::OutcomeKind;
  cases[Rule::writer_raises] = {[] { return fires(outcome_rules(OutcomeKind::raised), Rule::writer_raises); },
                                [] { return fires(outcome_rules(OutcomeKind::written), Rule::writer_raises); }};
  cases[Rule::reader_raises] = {[] { return fires(outcome_rules(OutcomeKind::refused), Rule::reader_raises); },
                                [] { return fires(outcome_rules(OutcomeKind::raised), Rule::reader_raises); }};
  cases[Rule::not_representable] = {
      [] { return fires(outcome_rules(OutcomeKind::not_representable), Rule::not_representable); },
      [] { return fires(outcome_rules(OutcomeKind::refused), Rule::not_representable); }};
  cases[Rule::scenario_value_unused] = {
      [] { return fires(outcome_rules(OutcomeKind::written, {"log_id"}), Rule::scenario_value_unused); },
      [] { return fires(outcome_rules(OutcomeKind::written), Rule::scenario_value_unused); }};

  // A structure both sides have as JSON: without a scenario written by both
  // it is not observed; one scenario is enough.
  cases[Rule::not_observed] = {
      [] {
        const TinyProject project(object(R"("a": )" + std::string(kText)), object(R"("a": )" + std::string(kRustText)));
        return fires(project.rules({}), Rule::not_observed);
      },
      [] {
        const TinyProject project(object(R"("a": )" + std::string(kText)), object(R"("a": )" + std::string(kRustText)));
        return fires(project.rules({{R"({"a": "x"})", R"({"a": "x"})"}}), Rule::not_observed);
      }};

  // Definitions the captured tree no longer has where the manifest says.
  cases[Rule::definition_missing] = {
      [] { return fires(located_rules(kMissingThing), Rule::definition_missing); },
      [] {
        return fires(located_rules(R"({"item": "c::Thing", "writes": false, "reads": false})", kThingItems),
                     Rule::definition_missing);
      }};
  cases[Rule::definition_moved] = {
      [] {
        return fires(located_rules(R"({"item": "c::Thing", "writes": false, "reads": false, "located":
                                     [{"outcome": "definition-moved", "item": "Thing", "from": "src/a.rs",
                                       "to": "src/b.rs", "line": 3}]})",
                                   kThingItems),
                     Rule::definition_moved);
      },
      [] { return fires(located_rules(kMissingThing), Rule::definition_moved); }};
  cases[Rule::definition_changed] = {
      [] {
        return fires(located_rules(R"({"outcome": "definition-changed", "located": [{"outcome": "definition-changed",
                                     "item": "Thing", "file": "src/a.rs", "reason": "error[E0308]: mismatched types"}]})"),
                     Rule::definition_changed);
      },
      [] { return fires(located_rules(kMissingThing), Rule::definition_changed); }};

  // Silent changes: what a real reader did to a document it accepted.
  using compare::ChangeKind;
  cases[Rule::silent_ignored] = {[] { return fires(silent_rules(ChangeKind::ignored), Rule::silent_ignored); },
                                 [] { return fires(silent_rules(ChangeKind::changed), Rule::silent_ignored); }};
  cases[Rule::silent_changed] = {[] { return fires(silent_rules(ChangeKind::changed), Rule::silent_changed); },
                                 [] { return fires(silent_rules(ChangeKind::added), Rule::silent_changed); }};
  cases[Rule::silent_added] = {[] { return fires(silent_rules(ChangeKind::added), Rule::silent_added); },
                               [] { return fires(silent_rules(ChangeKind::ignored), Rule::silent_added); }};

  // Storage rules: each side's driver, as its language profile describes it.
  const auto decodes_as = [](const std::string& driver, const std::string& column, bool nullable,
                             const std::string& declared, Rule rule) {
    return [=] { return decoding(driver, column, nullable, declared) == rule; };
  };
  cases[Rule::decodes] = {decodes_as("sqlx", "int4", false, "i32", Rule::decodes),
                          decodes_as("sqlx", "int4", false, "i64", Rule::decodes)};
  cases[Rule::int4_into_i64] = {decodes_as("sqlx", "int4", false, "i64", Rule::int4_into_i64),
                                decodes_as("sqlx", "int8", false, "i64", Rule::int4_into_i64)};
  cases[Rule::int8_into_i32] = {decodes_as("sqlx", "int8", false, "i32", Rule::int8_into_i32),
                                decodes_as("sqlx", "int4", false, "i32", Rule::int8_into_i32)};
  cases[Rule::int2_width] = {decodes_as("sqlx", "int2", false, "i32", Rule::int2_width),
                             decodes_as("sqlx", "int2", false, "i16", Rule::int2_width)};
  cases[Rule::unsigned_integer] = {decodes_as("sqlx", "int8", false, "u64", Rule::unsigned_integer),
                                   decodes_as("sqlx", "int8", false, "i64", Rule::unsigned_integer)};
  cases[Rule::timestamp_without_time_zone_into_datetime_utc] = {
      decodes_as("sqlx", "timestamp", false, "DateTime<Utc>", Rule::timestamp_without_time_zone_into_datetime_utc),
      decodes_as("sqlx", "timestamptz", false, "DateTime<Utc>", Rule::timestamp_without_time_zone_into_datetime_utc)};
  cases[Rule::timestamptz_arrives_aware] = {
      decodes_as("asyncpg", "timestamptz", false, "datetime", Rule::timestamptz_arrives_aware),
      decodes_as("asyncpg", "timestamp", false, "datetime", Rule::timestamptz_arrives_aware)};
  cases[Rule::timestamptz_into_naive] = {
      decodes_as("sqlx", "timestamptz", false, "NaiveDateTime", Rule::timestamptz_into_naive),
      decodes_as("sqlx", "timestamp", false, "NaiveDateTime", Rule::timestamptz_into_naive)};
  cases[Rule::interval_into_duration] = {
      decodes_as("sqlx", "interval", false, "std::time::Duration", Rule::interval_into_duration),
      decodes_as("sqlx", "interval", false, "PgInterval", Rule::interval_into_duration)};
  cases[Rule::interval_months_become_days] = {
      decodes_as("asyncpg", "interval", false, "timedelta", Rule::interval_months_become_days),
      decodes_as("asyncpg", "int8", false, "int", Rule::interval_months_become_days)};
  cases[Rule::text_arrives_as_str] = {decodes_as("asyncpg", "text", false, "bytes", Rule::text_arrives_as_str),
                                      decodes_as("sqlx", "text", false, "RevisionId", Rule::text_arrives_as_str)};
  cases[Rule::nullable_into_non_option] = {
      decodes_as("sqlx", "text", true, "String", Rule::nullable_into_non_option),
      decodes_as("sqlx", "text", true, "Option<String>", Rule::nullable_into_non_option)};
  cases[Rule::null_arrives_as_none] = {
      decodes_as("asyncpg", "text", true, "str", Rule::null_arrives_as_none),
      decodes_as("asyncpg", "text", true, "Optional[str]", Rule::null_arrives_as_none)};
  cases[Rule::column_type_mismatch] = {decodes_as("sqlx", "text", false, "i64", Rule::column_type_mismatch),
                                       decodes_as("sqlx", "text", false, "String", Rule::column_type_mismatch)};
  cases[Rule::unknown_column_type] = {decodes_as("sqlx", "point", false, "String", Rule::unknown_column_type),
                                      decodes_as("sqlx", "bool", false, "bool", Rule::unknown_column_type)};
  cases[Rule::missing_column] = {
      [] {
        return fires(storage_rules([](db::Catalog& catalog) { catalog["queue"].erase("id"); }), Rule::missing_column);
      },
      [] { return fires(storage_rules([](db::Catalog&) {}), Rule::missing_column); }};
  cases[Rule::missing_table] = {
      [] { return fires(storage_rules([](db::Catalog& catalog) { catalog.erase("queue"); }), Rule::missing_table); },
      [] {
        return fires(storage_rules([](db::Catalog& catalog) { catalog["queue"].erase("id"); }), Rule::missing_table);
      }};

  // Scan rules: stored JSON that db-scan judges as the reader would.
  const auto stored = [](const std::string& text, Rule rule) {
    return [=] {
      const TinyProject project(
          object(R"("t": {"type": "string", "x-source-type": "datetime", "x-encoding": "timestamp-naive-iso"})"),
          object(R"("t": {})"));
      return fires(stored_rules(project, text), rule);
    };
  };
  cases[Rule::undecodable] = {stored(R"({"t": "yesterday"})", Rule::undecodable),
                              stored(R"({"t": "2025-05-25T19:22:53"})", Rule::undecodable)};
  cases[Rule::malformed_json] = {stored(R"({"t": "2025-05-25T19:22:53", "t": "x"})", Rule::malformed_json),
                                 stored(R"({"t": "2025-05-25T19:22:53"})", Rule::malformed_json)};
  // A scanned folder: an entry named like a document that is a FIFO.
  const auto walked = [](bool with_fifo) {
    return [=] {
      const TempDir folder;
      write_file(folder.path() / "good.json", "{}\n");
      if (with_fifo) ::mkfifo((folder.path() / "pipe.json").c_str(), 0600);
      const CommandResult scan =
          run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", "--format", "json", folder.path().string()});
      return scan.out.find("\"rule:unreadable-input\": 1") != std::string::npos;
    };
  };
  cases[Rule::unreadable_input] = {walked(true), walked(false)};

  // Channel rules: routes, state and consumers' verdicts across two sides.
  cases[Rule::route_reference_only] = {
      [] { return fires(channel_rules([](auto& e) { add_route(e, "ref"); }), Rule::route_reference_only); },
      [] {
        return fires(channel_rules([](auto& e) { add_route(e, "ref");
          add_route(e, "cand"); }),
                     Rule::route_reference_only);
      }};
  cases[Rule::route_candidate_only] = {
      [] { return fires(channel_rules([](auto& e) { add_route(e, "cand"); }), Rule::route_candidate_only); },
      [] { return fires(channel_rules([](auto& e) { add_route(e, "ref"); }), Rule::route_candidate_only); }};
  cases[Rule::state_reference_only] = {
      [] { return fires(channel_rules([](auto& e) { remove_state(e, "cand"); }), Rule::state_reference_only); },
      [] { return fires(channel_rules([](auto&) {}), Rule::state_reference_only); }};
  cases[Rule::state_candidate_only] = {
      [] { return fires(channel_rules([](auto& e) { remove_state(e, "ref"); }), Rule::state_candidate_only); },
      [] { return fires(channel_rules([](auto& e) { remove_state(e, "cand"); }), Rule::state_candidate_only); }};
  cases[Rule::consumer_cannot_read] = {
      [] {
        return fires(channel_rules([](auto& e) { candidate_status(e, {"queue_length", "active_runs"}, true); }),
                     Rule::consumer_cannot_read);
      },
      [] {
        return fires(channel_rules([](auto& e) { candidate_status(e, {"processing", "queue_length"}, true); }),
                     Rule::consumer_cannot_read);
      }};
  cases[Rule::consumer_unjudged] = {
      [] { return fires(channel_rules([](auto& e) { candidate_status(e, {}, false); }), Rule::consumer_unjudged); },
      [] {
        return fires(channel_rules([](auto& e) { candidate_status(e, {"queue_length"}, true); }),
                     Rule::consumer_unjudged);
      }};
  // The site passes /status on as it is: the candidate's other keys reach its clients.
  const auto forwarded = [](const std::vector<std::string>& candidate_keys) {
    return fires(channel_rules([&](auto& e) {
                   e.calls.front().forwards_body = true;
                   candidate_status(e, candidate_keys, true);
                 }),
                 Rule::forwarded_body_differs);
  };
  cases[Rule::forwarded_body_differs] = {[=] { return forwarded({"processing", "queue_length"}); },
                                         [=] { return forwarded({"processing"}); }};
  add_gate_check_cases(cases);
  add_schema_change_cases(cases);
  return cases;
}

/// "naive-timestamp-unreadable" → "naive_timestamp_unreadable": a test name.
std::string underscored(std::string_view id) {
  std::string name(id);
  for (char& character : name) {
    if (character == '-') character = '_';
  }
  return name;
}

Registrar register_rule_cases([] {
  for (const rules::RuleInfo& info : rules::rule_registry()) {
    const Rule rule = info.rule;
    testing::RegisterTest("RuleCases", underscored(info.id).c_str(), nullptr, std::string(info.id).c_str(), __FILE__,
                          __LINE__, [rule]() -> testing::Test* {
                            struct Case : testing::Test {
                              explicit Case(Rule r) : rule(r) {}
                              void TestBody() override {
                                const auto cases = rule_cases();
                                const auto found = cases.find(rule);
                                ASSERT_NE(found, cases.end()) << "no case for " << rules::rule_id(rule);
                                EXPECT_TRUE(found->second.triggers()) << rules::rule_id(rule) << " does not fire";
                                EXPECT_FALSE(found->second.near_miss())
                                    << rules::rule_id(rule) << " fires on its near miss";
                              }
                              Rule rule;
                            };
                            return new Case(rule);
                          });
  }
});

TEST(RuleRegistry, EveryRuleHasACaseNamedInTheRegistry) {
  const auto cases = rule_cases();
  for (const rules::RuleInfo& info : rules::rule_registry()) {
    EXPECT_TRUE(cases.contains(info.rule)) << info.id << " has no case in rules_test.cpp";
    EXPECT_EQ(info.test, "RuleCases." + underscored(info.id)) << info.id << " names another test";
    EXPECT_FALSE(info.description.empty()) << info.id;
  }
  EXPECT_EQ(cases.size(), rules::rule_registry().size());
}

TEST(RuleRegistry, IsInEnumOrderWithDistinctIds) {
  std::set<std::string_view> ids;
  for (std::size_t index = 0; index < rules::rule_registry().size(); ++index) {
    const rules::RuleInfo& info = rules::rule_registry()[index];
    EXPECT_EQ(static_cast<std::size_t>(info.rule), index) << info.id << " is out of order";
    EXPECT_TRUE(ids.insert(info.id).second) << info.id << " is listed twice";
    EXPECT_EQ(rules::parse_rule(info.id), info.rule);
  }
  EXPECT_EQ(rules::parse_rule("no-such-rule"), std::nullopt);
}

/// The ids of the rules of these kinds, in registry order.
std::vector<std::string> ids_where(const std::function<bool(rules::RuleKind)>& kind_wanted) {
  std::vector<std::string> ids;
  for (const rules::RuleInfo& info : rules::rule_registry()) {
    if (kind_wanted(info.kind)) ids.emplace_back(info.id);
  }
  return ids;
}

std::vector<std::string> strings_of(const rapidjson::Value& array) {
  std::vector<std::string> strings;
  for (const auto& item : array.GetArray()) strings.emplace_back(item.GetString());
  return strings;
}

// Reports and known-gaps.json carry findings: their schema lists the
// findings' rules, and no gate check or schema change.
TEST(RuleRegistry, TheReportSchemaListsEveryFindingRule) {
  const json::Document schema = json::load_file(source_dir() / "schemas/report.schema.json");
  EXPECT_EQ(strings_of(schema.root()["definitions"]["rule"]["enum"]), ids_where(rules::is_finding));
}

// A command's outcome (check, diff, scan, schema-diff) may carry any rule.
TEST(RuleRegistry, TheOutcomeSchemaListsEveryRule) {
  const json::Document schema = json::load_file(source_dir() / "harness/output-schemas/outcome.schema.json");
  EXPECT_EQ(strings_of(schema.root()["definitions"]["rule"]["enum"]),
            ids_where([](rules::RuleKind) { return true; }));
}

/// The string literals of a C++ line, outside comments (raw strings are read
/// as plain ones: enough for the harness's own sources).
std::vector<std::string> string_literals(const std::string& line) {
  std::vector<std::string> literals;
  for (std::size_t at = 0; at < line.size(); ++at) {
    if (line.compare(at, 2, "//") == 0) break;
    if (line[at] == '\'') {  // a character literal, e.g. '"'
      at = line.find('\'', at + (line[at + 1] == '\\' ? 3 : 2));
      if (at == std::string::npos) break;
      continue;
    }
    if (line[at] != '"') continue;
    std::string literal;
    for (++at; at < line.size() && line[at] != '"'; ++at) {
      if (line[at] == '\\' && at + 1 < line.size()) ++at;
      literal += line[at];
    }
    literals.push_back(literal);
  }
  return literals;
}

// Every rule id is written once, in the registry: code names a rule by its
// enum, so that a renamed or mistyped id cannot drift from the registry
// unnoticed. A literal that is an id, or ends in "/" and an id (an id made by
// hand), fails.
TEST(RuleRegistry, NoRuleIdIsWrittenOutsideTheRegistry) {
  std::set<std::string> ids;
  for (const rules::RuleInfo& info : rules::rule_registry()) ids.emplace(info.id);
  std::vector<std::string> found;
  std::size_t files = 0;
  for (const char* folder : {"harness/src", "harness/cli"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir() / folder)) {
      const std::string extension = entry.path().extension().string();
      if (extension != ".cpp" && extension != ".hpp") continue;
      if (entry.path().parent_path().filename() == "rules") continue;
      ++files;
      std::istringstream text(read_text(entry.path()));
      std::size_t number = 0;
      for (std::string line; std::getline(text, line);) {
        ++number;
        for (const std::string& literal : string_literals(line)) {
          const std::size_t slash = literal.rfind('/');
          const std::string tail = slash == std::string::npos ? literal : literal.substr(slash + 1);
          if (ids.contains(literal) || (slash != std::string::npos && ids.contains(tail))) {
            found.push_back(std::filesystem::relative(entry.path(), source_dir()).string() + ":" +
                            std::to_string(number) + ": \"" + literal + "\"");
          }
        }
      }
    }
  }
  EXPECT_GT(files, 50U) << "the walk found too few sources to mean anything";
  EXPECT_TRUE(found.empty()) << "rule ids written outside rules/rules.cpp (name the rules::Rule instead):\n"
                             << testing::PrintToString(found);
}

TEST(RuleRegistry, TheLiteralScannerFindsWhatItMust) {
  EXPECT_EQ(string_literals(R"(x = "stale-report"; // "renamed")"), std::vector<std::string>{"stale-report"});
  EXPECT_EQ(string_literals(R"(a('"', "b\"c", "/d"))"), (std::vector<std::string>{"b\"c", "/d"}));
}

}  // namespace
}  // namespace portcheck::test
