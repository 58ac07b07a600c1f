// The cases of the gate checks and the schema changes (rule_cases.hpp): each
// gate check on a copy of the project edited to fail that way, its near miss
// a close edit that must not (the commands run as a user runs them, their
// rules read from the machine formats); each schema change on two tiny schema
// folders, its near miss a close change of another kind.

#include <cstdlib>
#include <set>
#include <stdexcept>

#include "gate/recapture.hpp"
#include "json/document.hpp"
#include "output/scan_outcome.hpp"
#include "rule_cases.hpp"
#include "schema_diff/schema_diff.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

using rules::Rule;

// ------------------------------------------------------------------ gate checks

/// The rules of the problems a command reports: from its JSON outcome, or
/// from SARIF (diff's JSON is the structure's comparison).
std::set<std::string> rules_reported(const CommandResult& result, bool sarif) {
  std::set<std::string> fired;
  const json::Document document = json::parse(result.out, "standard output");
  if (sarif) {
    for (const auto& item : document.root()["runs"][0]["results"].GetArray()) fired.insert(item["ruleId"].GetString());
  } else {
    for (const auto& item : document.root()["problems"].GetArray()) fired.insert(item["rule"].GetString());
  }
  return fired;
}

/// A copy of the project's schemas, fixtures and reports, edited by a case.
class ProjectCopy {
 public:
  ProjectCopy() {
    for (const char* folder : {"schemas", "fixtures", "reports"}) {
      std::filesystem::copy(source_dir() / folder, directory_.path() / folder,
                            std::filesystem::copy_options::recursive);
    }
  }
  [[nodiscard]] std::filesystem::path path(const std::string& relative) const { return directory_.path() / relative; }
  /// Replaces the first `from` in a file; a case whose text is gone is a
  /// broken case, not a near miss.
  ProjectCopy& replace(const std::string& file, const std::string& from, const std::string& to) {
    std::string text = read_text(path(file));
    const std::size_t at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error(file + " no longer has " + from);
    text.replace(at, from.size(), to);
    write_file(path(file), text);
    return *this;
  }
  ProjectCopy& copy(const std::string& from, const std::string& to) {
    std::filesystem::create_directories(path(to).parent_path());
    std::filesystem::copy_file(path(from), path(to));
    return *this;
  }
  ProjectCopy& remove(const std::string& file) {
    if (!std::filesystem::remove(path(file))) throw std::runtime_error(file + " is not there to remove");
    return *this;
  }
  /// Whether `portcheck check` reports `rule`.
  [[nodiscard]] bool check_reports(Rule rule) const {
    return rules_reported(run_portcheck({"check", "--format", "json"}, directory_.path()), false)
        .contains(rules::rule_id(rule));
  }

 private:
  TempDir directory_;
};

bool check_reports(Rule rule, const std::function<void(ProjectCopy&)>& edit) {
  ProjectCopy project;
  edit(project);
  return project.check_reports(rule);
}

/// A gate check of `portcheck check`: it fires on `edit`, not on `near_miss`.
RuleCase check_case(Rule rule, std::function<void(ProjectCopy&)> edit, std::function<void(ProjectCopy&)> near_miss) {
  return {[=] { return check_reports(rule, edit); }, [=] { return check_reports(rule, near_miss); }};
}

constexpr const char* kRustVcsInfo = "fixtures/rust/VcsInfo/all-keys-set.json";
constexpr const char* kRustActiveRun = "fixtures/rust/ActiveRun/all-fields-set.json";
constexpr const char* kStartTime = R"("start_time": "2025-05-25T19:22:53.123456Z")";
constexpr const char* kGenericVerdict =
    R"("error": "invalid type: map, expected unit struct GenericResult at line 1 column 0",
          "outcome": "refused")";
constexpr const char* kFirstReason = R"("reason": "Backchannel is)";

bool diff_reports(Rule rule, const std::string& structure) {
  const std::string reference = "fixtures/python/" + structure + "/all-fields-set.json";
  const std::string candidate = "fixtures/rust/" + structure + "/all-fields-set.json";
  return rules_reported(run_portcheck({"diff", reference, candidate, "--structure", structure, "--format", "sarif"}),
                        true)
      .contains(rules::rule_id(rule));
}

bool scan_reports(Rule rule, const std::string& document) {
  const TempDir folder;
  write_file(folder.path() / "documents.jsonl", document + "\n");
  return rules_reported(run_portcheck({"scan", "--side", "rust", "--structure", "VcsInfo", "--format", "sarif",
                                       (folder.path() / "documents.jsonl").string()}),
                        true)
      .contains(rules::rule_id(rule));
}

/// scan's outcome after `failing` failing documents of which `shown` were
/// kept for --show and `printed` already printed as they came.
bool scan_outcome_reports(Rule rule, std::size_t failing, std::size_t shown, std::size_t printed) {
  scan::Totals totals;
  totals.documents = totals.failing = failing;
  totals.shown = shown;
  for (std::size_t index = printed; index < shown; ++index) {
    scan::FailingDocument document;
    document.file = "documents.jsonl";
    document.line = index + 1;
    document.problems.push_back({Rule::wrong_type, "", "/a", "not a string"});
    totals.first_failures.push_back(document);
  }
  for (const output::Problem& problem : output::scan_outcome("scan", totals, {}, "documents", true).problems) {
    if (problem.rule == rule) return true;
  }
  return false;
}

constexpr const char* kSameCapture = R"({"definitions": [{"name": "ActiveRun", "line": 10, "fields": ["id"]}]})";
constexpr const char* kMovedCapture = R"({"definitions": [{"name": "ActiveRun", "line": 12, "fields": ["id"]}]})";
constexpr const char* kChangedCapture = R"({"definitions": [{"name": "ActiveRun", "line": 12, "fields": ["uid"]}]})";

/// The committed capture.json against `captured`, through a fake scripts/capture.
bool recapture_reports(Rule rule, const std::string& captured, bool capture_fails = false) {
  const FakeCaptureProject project(kSameCapture, captured, capture_fails);
  for (const output::Problem& problem : gate::recapture_problems(project.path(), project.path(), {"python"}, 60)) {
    if (problem.rule == rule) return true;
  }
  return false;
}

/// schema-diff of a schema whose property "b" was removed, acknowledged by
/// an allowance at `pointer`.
bool allowance_reports(Rule rule, const std::string& pointer) {
  const TempDir folders;
  write_file(
      folders.path() / "old/rust/T.schema.json",
      R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {"a": {}, "b": {}}})");
  write_file(folders.path() / "new/rust/T.schema.json",
             R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {"a": {}}})");
  write_file(folders.path() / "allow.json", R"({"allow": [{"file": "rust/T.schema.json", "pointer": ")" + pointer +
                                                R"(", "rule": "property-removed", "reason": "b moved to a"}]})");
  schema_diff::SchemaDiffOptions options;
  options.old_source = (folders.path() / "old").string();
  options.new_source = (folders.path() / "new").string();
  options.allow_file = folders.path() / "allow.json";
  options.project = folders.path();
  for (const output::Problem& problem : schema_diff::run_schema_diff(options).problems) {
    if (problem.rule == rule) return true;
  }
  return false;
}

// ------------------------------------------------------------------ schema changes

using Files = std::map<std::string, std::string>;

/// The changes between two schema folders holding these files.
std::vector<schema_diff::SchemaChange> folder_changes(const Files& before, const Files& after) {
  const TempDir folders;
  for (const auto& [name, text] : before) write_file(folders.path() / "old" / name, text);
  for (const auto& [name, text] : after) write_file(folders.path() / "new" / name, text);
  std::filesystem::create_directories(folders.path() / "old");
  std::filesystem::create_directories(folders.path() / "new");
  return schema_diff::diff_schema_folders(folders.path() / "old", folders.path() / "new");
}

/// rust/T.schema.json with these members besides its type.
Files schema_file(const std::string& members) {
  return {{"rust/T.schema.json", R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object")" +
                                     std::string(members.empty() ? "" : ", ") + members + "}"}};
}

/// Whether a change of `rule` is among the changes, breaking as `breaking` says.
bool has_change(const std::vector<schema_diff::SchemaChange>& changes, Rule rule, bool breaking) {
  for (const schema_diff::SchemaChange& change : changes) {
    if (change.rule == rule && change.breaking == breaking) return true;
  }
  return false;
}

struct SchemaChangeCase {
  Rule rule;
  std::string before, after;            ///< members of rust/T.schema.json: the change
  std::string near_before, near_after;  ///< a close change of another kind
};

const std::vector<SchemaChangeCase>& schema_change_cases() {
  static const std::vector<SchemaChangeCase> cases{
      {Rule::schema_changed, R"("properties": {"a": true})", R"("properties": {"a": false})",
       R"("properties": {"a": {}})", R"("properties": {"a": {"type": "string"}})"},
      {Rule::description_changed, R"("description": "old words")", R"("description": "new words")",
       R"("$comment": "old words")", R"("$comment": "new words")"},
      {Rule::annotation_changed, R"("properties": {"a": {"x-source-type": "str"}})",
       R"("properties": {"a": {"x-source-type": "String"}})", R"("title": "T")", R"x("title": "T (rust)")x"},
      {Rule::x_encoding_changed, R"("properties": {"t": {"x-encoding": "timestamp-naive-iso"}})",
       R"("properties": {"t": {"x-encoding": "timestamp-rfc3339"}})",
       R"("properties": {"t": {"x-source-type": "datetime"}})",
       R"("properties": {"t": {"x-source-type": "DateTime<Utc>"}})"},
      {Rule::unknown_keys_rejected, R"("properties": {})", R"("properties": {}, "additionalProperties": false)",
       R"("additionalProperties": false)", R"("additionalProperties": true)"},
      {Rule::unknown_keys_allowed, R"("additionalProperties": false)", R"("additionalProperties": true)",
       R"("additionalProperties": true)", R"("additionalProperties": false)"},
      {Rule::additional_properties_changed, R"("additionalProperties": {"type": "string"})",
       R"("additionalProperties": true)", R"("additionalProperties": {"type": "string"})",
       R"("additionalProperties": {"type": "integer"})"},
      {Rule::range_narrowed, R"("properties": {"n": {"maximum": 10}})", R"("properties": {"n": {"maximum": 5}})",
       R"("properties": {"n": {"maximum": 10}})", R"("properties": {"n": {"maximum": 20}})"},
      {Rule::range_widened, R"("properties": {"n": {"minLength": 2}})", R"("properties": {"n": {"minLength": 1}})",
       R"("properties": {"n": {"minLength": 1}})", R"("properties": {"n": {"minLength": 2}})"},
      {Rule::constraint_added, R"("properties": {"s": {}})", R"("properties": {"s": {"format": "date-time"}})",
       R"("properties": {"s": {"format": "date-time"}})", R"("properties": {"s": {}})"},
      {Rule::constraint_removed, R"("properties": {"s": {"format": "date-time"}})", R"("properties": {"s": {}})",
       R"("properties": {"s": {}})", R"("properties": {"s": {"format": "date-time"}})"},
      {Rule::ref_changed, R"("properties": {"s": {"$ref": "#/definitions/a"}})",
       R"("properties": {"s": {"$ref": "#/definitions/b"}})", R"("properties": {"s": {"pattern": "^a"}})",
       R"("properties": {"s": {"pattern": "^b"}})"},
      {Rule::pattern_changed, R"("properties": {"s": {"pattern": "^a"}})", R"("properties": {"s": {"pattern": "^b"}})",
       R"("properties": {"s": {"format": "date"}})", R"("properties": {"s": {"format": "date-time"}})"},
      {Rule::constraint_changed, R"("properties": {"s": {"format": "date"}})",
       R"("properties": {"s": {"format": "date-time"}})", R"("properties": {"s": {"$ref": "#/definitions/a"}})",
       R"("properties": {"s": {"$ref": "#/definitions/b"}})"},
      {Rule::type_narrowed, R"("properties": {"a": {"type": ["string", "integer"]}})",
       R"("properties": {"a": {"type": "string"}})", R"("properties": {"a": {"type": "string"}})",
       R"("properties": {"a": {"type": ["string", "integer"]}})"},
      // Adding null to a type list is nullability-added, not a wider type.
      {Rule::type_widened, R"("properties": {"a": {"type": "string"}})",
       R"("properties": {"a": {"type": ["string", "integer"]}})", R"("properties": {"a": {"type": "string"}})",
       R"("properties": {"a": {"type": ["string", "null"]}})"},
      {Rule::nullability_removed, R"("properties": {"a": {"type": ["string", "null"]}})",
       R"("properties": {"a": {"type": "string"}})", R"("properties": {"a": {"type": ["string", "integer"]}})",
       R"("properties": {"a": {"type": "string"}})"},
      {Rule::nullability_added, R"("properties": {"a": {"anyOf": [{"type": "string"}]}})",
       R"("properties": {"a": {"anyOf": [{"type": "string"}, {"type": "null"}]}})",
       R"("properties": {"a": {"anyOf": [{"type": "string"}, {"type": "null"}]}})",
       R"("properties": {"a": {"anyOf": [{"type": "string"}]}})"},
      {Rule::property_removed, R"("properties": {"a": {}, "b": {}})", R"("properties": {"a": {}})",
       R"("properties": {"a": {}})", R"("properties": {"a": {}, "b": {}})"},
      {Rule::optional_property_added, R"("properties": {"a": {}})", R"("properties": {"a": {}, "b": {}})",
       R"("properties": {"a": {}})", R"("properties": {"a": {}, "b": {}}, "required": ["b"])"},
      {Rule::required_added, R"("properties": {"a": {}}, "required": [])",
       R"("properties": {"a": {}}, "required": ["a"])", R"("properties": {"a": {}}, "required": ["a"])",
       R"("properties": {"a": {}}, "required": [])"},
      {Rule::required_removed, R"("required": ["a"])", R"("required": [])", R"("required": [])",
       R"("required": ["a"])"},
      {Rule::enum_removed, R"("properties": {"a": {"enum": ["x"]}})", R"("properties": {"a": {}})",
       R"("properties": {"a": {"enum": ["x"]}})", R"("properties": {"a": {"enum": ["x", "y"]}})"},
      {Rule::enum_value_removed, R"("properties": {"a": {"enum": ["x", "y"]}})",
       R"("properties": {"a": {"enum": ["x"]}})", R"("properties": {"a": {"enum": ["x"]}})",
       R"("properties": {"a": {"enum": ["x", "y"]}})"},
      {Rule::enum_value_added, R"("properties": {"a": {"enum": ["x"]}})",
       R"("properties": {"a": {"enum": ["x", "y"]}})", R"("properties": {"a": {"enum": ["x", "y"]}})",
       R"("properties": {"a": {"enum": ["x"]}})"},
      {Rule::definition_removed, R"("definitions": {"a": {}, "b": {}})", R"("definitions": {"a": {}})",
       R"("definitions": {"a": {}})", R"("definitions": {"a": {}, "b": {}})"},
      {Rule::definition_added, R"("definitions": {"a": {}})", R"("definitions": {"a": {}, "b": {}})",
       R"("definitions": {"a": {}, "b": {}})", R"("definitions": {"a": {}})"},
      {Rule::branch_removed, R"("properties": {"a": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})",
       R"("properties": {"a": {"anyOf": [{"type": "string"}]}})",
       R"("properties": {"a": {"anyOf": [{"type": "string"}]}})",
       R"("properties": {"a": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})"},
      {Rule::branch_added, R"("properties": {"a": {"oneOf": [{"type": "string"}]}})",
       R"("properties": {"a": {"oneOf": [{"type": "string"}, {"type": "integer"}]}})",
       R"("properties": {"a": {"oneOf": [{"type": "string"}, {"type": "integer"}]}})",
       R"("properties": {"a": {"oneOf": [{"type": "string"}]}})"},
      {Rule::tuple_length_changed, R"("properties": {"a": {"items": [{}, {}]}})",
       R"("properties": {"a": {"items": [{}]}})", R"("properties": {"a": {"items": [{}, {}]}})",
       R"("properties": {"a": {"items": [{}, {"type": "string"}]}})"},
  };
  return cases;
}

constexpr const char* kTwoSides = R"({"sides": {"rust": {"unknown_keys": "ignore"}, "python": {}}})";

}  // namespace

void add_gate_check_cases(RuleCases& cases) {
  const auto unedited = [](ProjectCopy&) {};
  cases[Rule::capture_failed] = {[] { return recapture_reports(Rule::capture_failed, kSameCapture, true); },
                                 [] { return recapture_reports(Rule::capture_failed, kSameCapture); }};
  cases[Rule::could_not_run] = check_case(
      Rule::could_not_run,
      [](ProjectCopy& p) { p.replace("reports/known-gaps.json", R"("rule": "silent-added")", R"("rule": "no-such")"); },
      [](ProjectCopy& p) {
        p.replace("reports/known-gaps.json", R"("rule": "silent-added")", R"("rule": "silent-added" )");
      });
  cases[Rule::evidence_mismatch] = check_case(
      Rule::evidence_mismatch,
      [](ProjectCopy& p) {
        p.replace("reports/compatibility.json", R"("database": null)", R"("database": "dbname=x")");
      },
      unedited);
  cases[Rule::failing_documents] = {[] { return scan_outcome_reports(Rule::failing_documents, 2, 2, 2); },
                                    [] { return scan_outcome_reports(Rule::failing_documents, 2, 2, 0); }};
  // A fixture that evidence records, gone; a document of fixtures/invalid
  // (which no capture wrote and no reader judged) gone is not one.
  cases[Rule::missing_fixture] = check_case(
      Rule::missing_fixture, [](ProjectCopy& p) { p.remove("fixtures/rust/GenericResult/empty.json"); },
      [](ProjectCopy& p) { p.remove("fixtures/invalid/empty.json"); });
  cases[Rule::more_failures] = {[] { return scan_outcome_reports(Rule::more_failures, 3, 2, 0); },
                                [] { return scan_outcome_reports(Rule::more_failures, 2, 2, 0); }};
  cases[Rule::prediction_disagrees] = check_case(
      Rule::prediction_disagrees,
      [](ProjectCopy& p) {
        p.replace("fixtures/rust/verdicts.json", kGenericVerdict,
                  R"("error": "", "outcome": "accepted", "changes": [])");
      },
      [](ProjectCopy& p) {
        p.replace("fixtures/rust/verdicts.json", "unit struct GenericResult at line 1 column 0",
                  "unit struct GenericResult at line 1 column 1");
      });
  cases[Rule::round_trip] = check_case(
      Rule::round_trip,
      [](ProjectCopy& p) {
        p.replace(kRustActiveRun, kStartTime, R"("start_time": "2025-05-25T19:22:53.123456+00:00")");
      },
      [](ProjectCopy& p) { p.replace(kRustActiveRun, kStartTime, R"("start_time": "2025-05-25T19:22:53.123457Z")"); });
  cases[Rule::schema_drift] = check_case(
      Rule::schema_drift, [](ProjectCopy& p) { p.replace(kRustVcsInfo, R"("subpath")", R"("sub_path")"); },
      [](ProjectCopy& p) { p.replace(kRustVcsInfo, R"("subpath": "python")", R"("subpath": "python3")"); });
  cases[Rule::schema_mismatch] = {
      [] {
        return scan_reports(Rule::schema_mismatch, R"({"branch_url": "u", "subpath": "", "vcs_type": "git", "x": 1})");
      },
      [] { return scan_reports(Rule::schema_mismatch, R"({"branch_url": "u", "subpath": "", "vcs_type": "git"})"); }};
  cases[Rule::schema_not_code] = check_case(
      Rule::schema_not_code,
      [](ProjectCopy& p) {
        p.replace("schemas/rust/ActiveRun.schema.json", "runner/src/lib.rs:544", "runner/src/lib.rs:545");
      },
      [](ProjectCopy& p) {
        p.replace("schemas/rust/ActiveRun.schema.json", R"x("title": "ActiveRun (rust)")x",
                  R"x("title": "ActiveRun (the rust runner)")x");
      });
  cases[Rule::stale_allowance] = {[] { return allowance_reports(Rule::stale_allowance, "/properties/c"); },
                                  [] { return allowance_reports(Rule::stale_allowance, "/properties/b"); }};
  cases[Rule::stale_capture] = {[] { return recapture_reports(Rule::stale_capture, kChangedCapture); },
                                [] { return recapture_reports(Rule::stale_capture, kMovedCapture); }};
  cases[Rule::source_moved] = {[] { return recapture_reports(Rule::source_moved, kMovedCapture); },
                               [] { return recapture_reports(Rule::source_moved, kChangedCapture); }};
  cases[Rule::stale_known_gap] = check_case(
      Rule::stale_known_gap,
      [](ProjectCopy& p) {
        p.replace("reports/known-gaps.json", R"("gaps": [)",
                  R"("gaps": [{"structure": "VcsInfo", "field": "subpath", "rule": "wrong-type",
                     "severity": "breaking", "scenarios": ["some-keys-unset"], "reason": "never was"},)");
      },
      [](ProjectCopy& p) { p.replace("reports/known-gaps.json", kFirstReason, R"("reason": "Note: Backchannel is)"); });
  cases[Rule::stale_report] = check_case(
      Rule::stale_report,
      [](ProjectCopy& p) {
        write_file(p.path("reports/compatibility.md"), read_text(p.path("reports/compatibility.md")) + "x");
      },
      [](ProjectCopy& p) { write_file(p.path("reports/notes.md"), "not a report\n"); });
  cases[Rule::unexplained_gap] = check_case(
      Rule::unexplained_gap,
      [](ProjectCopy& p) { p.replace("reports/known-gaps.json", kFirstReason, R"("reason": "TODO: Backchannel is)"); },
      [](ProjectCopy& p) {
        p.replace("reports/known-gaps.json", kFirstReason, R"("reason": "Not TODO: Backchannel is)");
      });
  cases[Rule::unknown_structure] = check_case(
      Rule::unknown_structure,
      [](ProjectCopy& p) { p.copy(kRustVcsInfo, "fixtures/rust/NoSuchThing/all-keys-set.json"); },
      [](ProjectCopy& p) { p.copy(kRustVcsInfo, "fixtures/rust/VcsInfo/a-copy.json"); });
  cases[Rule::unreadable] = {[] { return diff_reports(Rule::unreadable, "ActiveRun"); },
                             [] { return diff_reports(Rule::unreadable, "VcsInfo"); }};
}

void add_schema_change_cases(RuleCases& cases) {
  for (const SchemaChangeCase& change : schema_change_cases()) {
    const bool breaking = rules::rule_info(change.rule).severity == rules::Severity::breaking;
    cases[change.rule] = {[change, breaking] {
                            return has_change(folder_changes(schema_file(change.before), schema_file(change.after)),
                                              change.rule, breaking);
                          },
                          [change] {
                            const auto changes =
                                folder_changes(schema_file(change.near_before), schema_file(change.near_after));
                            return has_change(changes, change.rule, true) || has_change(changes, change.rule, false);
                          }};
  }
  // The policy: a new enum restricts the value, so that its values are added
  // as a breaking change.
  const RuleCase listed = cases[Rule::enum_value_added];
  cases[Rule::enum_value_added].triggers = [listed] {
    return listed.triggers() && has_change(folder_changes(schema_file(R"("properties": {"a": {}})"),
                                                          schema_file(R"("properties": {"a": {"enum": ["x"]}})")),
                                           Rule::enum_value_added, true);
  };
  // Whole files and the manifest's sides.
  const auto files_fire = [](Rule rule, const Files& before, const Files& after) {
    const auto changes = folder_changes(before, after);
    return has_change(changes, rule, rules::rule_info(rule).severity == rules::Severity::breaking);
  };
  const Files one = schema_file("");
  Files two = one;
  two["rust/U.schema.json"] = one.begin()->second;
  cases[Rule::schema_removed] = {[=] { return files_fire(Rule::schema_removed, two, one); },
                                 [=] { return files_fire(Rule::schema_removed, one, two); }};
  cases[Rule::schema_added] = {[=] { return files_fire(Rule::schema_added, one, two); },
                               [=] { return files_fire(Rule::schema_added, two, one); }};
  const Files both_sides{{"manifest.json", kTwoSides}};
  const Files rust_only{{"manifest.json", R"({"sides": {"rust": {"unknown_keys": "ignore"}}})"}};
  const Files rust_rejects{{"manifest.json", R"({"sides": {"rust": {"unknown_keys": "reject"}, "python": {}}})"}};
  cases[Rule::side_removed] = {[=] { return files_fire(Rule::side_removed, both_sides, rust_only); },
                               [=] { return files_fire(Rule::side_removed, both_sides, rust_rejects); }};
}

}  // namespace portcheck::test
