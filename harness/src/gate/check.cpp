#include "gate/check.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "compare/compare.hpp"
#include "compare/findings.hpp"
#include "compare/source_check.hpp"
#include "gate/known_gaps.hpp"
#include "gate/project.hpp"
#include "gate/recapture.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "json/files.hpp"
#include "json/pointer.hpp"
#include "output/compatibility.hpp"
#include "output/locator.hpp"
#include "schema/layout.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::gate {

using output::Locator;
using output::Outcome;
using output::Problem;

namespace {

/// What one run of check collects, and where it reports.
struct Run {
  const CheckOptions& options;
  ProjectPaths paths;
  Outcome outcome;
  Locator locator;

  void fail(Problem problem, const std::string& file, const std::string& pointer) {
    locator.locate(problem, file, pointer);
    outcome.problems.push_back(std::move(problem));
  }
};

std::string shown(const std::string& pointer) { return pointer.empty() ? "(root)" : pointer; }

/// A fixture, schema, scenario catalog or claim for a structure outside the
/// manifest would never be compared: say so rather than pass without it.
void check_structure_names(Run& run, const schema::Manifest& manifest, const compare::Claims& claims) {
  for (const schema::UnknownStructure& name : compare::unknown_structures(manifest, run.paths.fixtures, claims)) {
    Problem problem;
    problem.rule = rules::Rule::unknown_structure;
    problem.id = name.file + "#" + name.pointer + "/" + rules::rule_id(problem.rule);
    problem.test_class = "structure names";
    problem.test_name = name.file;
    problem.title = printable(name.name) + " is not a structure of the manifest; nothing checks it";
    problem.message = name.message;
    run.fail(std::move(problem), name.file, name.pointer);
  }
}

/// Each side's fixtures against its own schema, and the codec's round trip.
void check_fixtures(Run& run, const compare::Comparison& comparison) {
  std::set<std::string> seen;  // the reference's fixtures recur in every pair
  for (const auto& structure : comparison.structures) {
    for (const auto& fixture : structure.fixtures) {
      if (!seen.insert(fixture.file).second) continue;
      for (const auto& failure : fixture.failures) {
        Problem problem;
        problem.rule = rules::Rule::schema_drift;
        problem.id = fixture.file + "#" + failure.pointer + "/" + failure.rule;
        problem.test_class = "fixture";
        problem.test_name = fixture.file;
        problem.title = "fixture does not match its " + fixture.side + " schema (" + failure.rule + ")";
        problem.message = "at " + shown(failure.pointer) + ": " + failure.message;
        run.fail(std::move(problem), fixture.file, failure.pointer);
      }
      for (const auto& difference : fixture.round_trip) {
        Problem problem;
        problem.rule = rules::Rule::round_trip;
        problem.id = fixture.file + "#" + difference.pointer + "/" + rules::rule_id(problem.rule);
        problem.test_class = "fixture";
        problem.test_name = fixture.file;
        problem.title = "decoding and re-encoding does not give the fixture back";
        problem.message = "at " + shown(difference.pointer) + ": " + codec::shown(difference.original) + " became " +
                          codec::shown(difference.reencoded);
        run.fail(std::move(problem), fixture.file, difference.pointer);
      }
      if (fixture.failures.empty() && fixture.round_trip.empty())
        run.outcome.passed.push_back({"fixture", fixture.file});
    }
  }
}

/// The schemas describe the real code the captures extracted.
void check_schemas_describe_code(Run& run, const schema::SchemaSet& schemas, const compare::CaptureRecords& records) {
  for (const compare::SourceMismatch& mismatch : compare::check_schemas_against_code(schemas, records)) {
    Problem problem;
    problem.rule = rules::Rule::schema_not_code;
    problem.id = mismatch.side + "/" + mismatch.structure + mismatch.pointer + "/" + rules::rule_id(problem.rule);
    problem.test_class = "schema describes code";
    problem.test_name = mismatch.side + "/" + mismatch.structure;
    problem.title = "the " + mismatch.side + " schema of " + mismatch.structure + " does not describe the code";
    problem.message = mismatch.message;
    run.fail(std::move(problem), mismatch.file, mismatch.pointer);
  }
}

/// The harness's readability predictions against the real readers' verdicts.
void check_predictions(Run& run, const compare::Comparison& comparison) {
  std::set<std::string> seen;
  for (const auto& structure : comparison.structures) {
    for (const auto& readability : structure.readability) {
      if (!readability.observed || !seen.insert(readability.id).second) continue;
      if (readability.agrees()) {
        run.outcome.passed.push_back({"prediction", readability.id});
        continue;
      }
      Problem problem;
      problem.rule = rules::Rule::prediction_disagrees;
      problem.id = readability.id + "/" + rules::rule_id(problem.rule);
      problem.test_class = "prediction";
      problem.test_name = readability.id;
      problem.title = "the " + readability.reader + " reader " +
                      (readability.observed_readable ? "accepts" : "refuses") + " " + readability.file +
                      ", but the harness predicts it " + (readability.readable ? "accepts" : "refuses") + " it";
      std::string predicted;
      for (const compare::Refusal& refusal : readability.refusals) {
        predicted += (predicted.empty() ? "" : "; ") + compare::describe(refusal);
      }
      problem.message = (readability.observed_readable ? "predicted: " + predicted
                                                       : "the real reader: " + readability.observed_error) +
                        // The verdict was recorded for the fixture as captured: a
                        // fixture edited since disagrees for that reason alone.
                        " (fix the model: the reader's schema or reader rules; or, if " + readability.file +
                        " was edited after the capture recorded this verdict, restore it or capture again with "
                        "scripts/capture)";
      run.fail(std::move(problem), readability.file, "");
    }
  }
}

/// "portcheck", with the --project the user gave: every command a hint
/// shows runs from where check was run.
std::string portcheck_command(const CheckOptions& options) {
  std::string command = "portcheck";
  if (!options.project_as_given.empty()) command += " --project " + shell_word(options.project_as_given.string());
  return command;
}

/// Every fixture the evidence records must be there: one that the capture
/// wrote (capture.json) or a real reader judged (verdicts.json) and that is
/// gone would take its findings with it, and the gate, once the known gaps
/// and reports were updated, would pass on less evidence than it had.
void check_evidence_present(Run& run, const compare::CaptureRecords& records) {
  // Missing fixture → what records name it, in the order met.
  std::map<std::string, std::vector<std::string>> missing;
  std::map<std::string, std::pair<std::string, std::string>> first_record;  // fixture → (file, pointer)
  const auto expect = [&](const std::filesystem::path& fixture, const std::string& by, const std::string& file,
                          const std::string& pointer) {
    std::error_code error;
    if (std::filesystem::is_regular_file(fixture, error)) return;
    const std::string name = fixture.generic_string();
    missing[name].push_back(by);
    first_record.try_emplace(name, file, pointer);
  };
  for (const auto& [side, capture] : records.captures) {
    for (const auto& [structure, captured] : capture.structures) {
      for (const compare::CaptureOutcome& outcome : captured.outcomes) {
        if (outcome.kind != compare::OutcomeKind::written && outcome.kind != compare::OutcomeKind::read_back) continue;
        expect(run.paths.fixtures / side / structure / (outcome.scenario + ".json"),
               "the " + side + " capture recorded it as " + compare::to_string(outcome.kind) + " (" +
                   capture.file.generic_string() + ")",
               capture.file.generic_string(),
               json::append_pointer(json::append_pointer(json::append_pointer("/structures", structure) + "/scenarios",
                                                         outcome.scenario),
                                    "outcome"));
      }
    }
  }
  for (const auto& [reader, verdicts] : records.verdicts) {
    for (const compare::ObservedVerdict& verdict : verdicts.verdicts) {
      expect(
          run.paths.fixtures / verdict.fixture,
          "the " + verdict.reader + " reader's verdict judged it (" + verdicts.file.generic_string() + ")",
          verdicts.file.generic_string(),
          json::append_pointer(json::append_pointer(json::append_pointer("/structures", verdict.structure), "verdicts"),
                               verdict.fixture));
    }
  }
  for (const auto& [fixture, named_by] : missing) {
    Problem problem;
    problem.rule = rules::Rule::missing_fixture;
    problem.id = fixture + "/" + rules::rule_id(problem.rule);
    problem.test_class = "evidence";
    problem.test_name = fixture;
    problem.title = "fixture " + printable(fixture) + " is missing";
    std::string by;
    for (const std::string& record : named_by) by += (by.empty() ? "" : "; ") + record;
    // Run where check was run: the fixture's path is the project's.
    const std::string restore =
        "git" +
        (run.options.project_as_given.empty() ? std::string()
                                              : " -C " + shell_word(run.options.project_as_given.string())) +
        " checkout -- " + shell_word(fixture);
    problem.message = by + ": the findings it showed go unseen without it. Restore it (" + restore +
                      "), or capture again (scripts/capture) and commit fixtures/";
    const auto& [file, pointer] = first_record.at(fixture);
    run.fail(std::move(problem), file, pointer);
  }
}

/// Scenario names as a list in words.
std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text.empty() ? "(no scenario)" : text;
}

/// The findings the recaptured evidence gives against the committed
/// evidence's: new, gone, of another severity or in other scenarios, each a
/// notice under its rule (the drift itself is the stale-capture error).
std::vector<Problem> findings_delta_problems(const std::vector<compare::Finding>& committed,
                                             const std::vector<compare::Finding>& recaptured) {
  std::map<std::string, const compare::Finding*> before;
  std::map<std::string, const compare::Finding*> after;
  for (const compare::Finding& finding : committed) before.emplace(compare::finding_id(finding), &finding);
  for (const compare::Finding& finding : recaptured) after.emplace(compare::finding_id(finding), &finding);
  std::vector<Problem> problems;
  const auto add = [&](const compare::Finding& finding, const std::string& change, const char* state) {
    Problem problem;
    problem.delta = true;
    problem.baseline_state = state;
    problem.level = output::Level::notice;
    problem.rule = finding.rule;
    problem.id = compare::finding_id(finding) + "/delta";
    problem.test_class = "findings delta";
    problem.test_name = compare::finding_id(finding);
    problem.fingerprint = compare::fingerprint(finding);
    problem.title = finding.structure + "." + finding.field + ": " + compare::rule_id(finding.rule) + " (" +
                    compare::to_string(finding.severity) + ") " + change;
    problem.message = finding.message;
    problems.push_back(std::move(problem));
  };
  for (const auto& [id, finding] : after) {
    const auto old = before.find(id);
    if (old == before.end()) {
      add(*finding, "is new with the recaptured evidence", "new");
    } else if (old->second->severity != finding->severity) {
      add(*finding, "was " + compare::to_string(old->second->severity) + " with the committed evidence", "updated");
    } else if (old->second->scenarios != finding->scenarios) {
      const std::set<std::string> was(old->second->scenarios.begin(), old->second->scenarios.end());
      const std::set<std::string> is(finding->scenarios.begin(), finding->scenarios.end());
      std::vector<std::string> gained;
      std::vector<std::string> lost;
      std::set_difference(is.begin(), is.end(), was.begin(), was.end(), std::back_inserter(gained));
      std::set_difference(was.begin(), was.end(), is.begin(), is.end(), std::back_inserter(lost));
      add(*finding,
          (gained.empty() ? "" : "now also occurs in " + joined(gained)) +
              (gained.empty() || lost.empty() ? "" : "; ") +
              (lost.empty() ? "" : "no longer occurs in " + joined(lost)),
          "updated");
    }
  }
  for (const auto& [id, finding] : before) {
    if (!after.contains(id)) add(*finding, "is gone with the recaptured evidence", "absent");
  }
  return problems;
}

/// The committed evidence is what the real code at --source gives now.
/// Whether the recaptured evidence was compared (its findings delta is in
/// the outcome, or the recapture changed nothing).
bool check_recapture(Run& run, const schema::SchemaSet& schemas, const compare::Claims& claims,
                     const compare::Comparison& committed) {
  const schema::Manifest& manifest = schemas.manifest();
  std::vector<std::string> sides;
  for (const schema::Side& side : manifest.sides) sides.push_back(side.name);
  // The channels are captured beside the sides: a route, a body's keys or a
  // consumer's verdict that changed upstream is drift like a fixture.
  sides.push_back("channels");
  // What the recaptured evidence would make of the port: its findings
  // against the committed evidence's, as notices beside the drift.
  std::vector<Problem> delta;
  bool drifted = false;
  bool compared = false;
  const auto findings_delta = [&](const std::filesystem::path& captured) {
    drifted = true;
    try {
      delta = findings_delta_problems(compare::collect_findings(committed),
                                      compare::collect_findings(compare::compare_project(schemas, captured, claims)));
      compared = true;
    } catch (const Error& error) {
      run.outcome.notes.push_back("the recaptured evidence could not be compared: " + error.describe());
    }
  };
  std::vector<Problem> recaptured =
      recapture_problems(run.options.project, run.options.source, sides, run.options.capture_timeout,
                         run.options.strict_source, findings_delta, run.options.capture_progress);
  for (Problem& problem : recaptured) {
    problem.test_class = "capture";
    problem.test_name = run.options.source.string();
  }
  if (recaptured.empty()) run.outcome.passed.push_back({"capture", run.options.source.string()});
  // A capture that failed gives no evidence to compare; one that changed
  // nothing (moved lines at most) gives the committed findings again.
  const bool capture_failed = std::any_of(recaptured.begin(), recaptured.end(), [](const Problem& problem) {
    return problem.rule == rules::Rule::capture_failed;
  });
  recaptured.insert(recaptured.end(), delta.begin(), delta.end());
  run.outcome.problems.insert(run.outcome.problems.end(), recaptured.begin(), recaptured.end());
  return !capture_failed && (compared || !drifted);
}

/// check --source: each committed finding's baselineState, from the findings
/// delta (updated, absent) or, when the delta does not name it, unchanged.
void set_baseline_states(Outcome& outcome) {
  std::map<std::string, std::string> changed;  // finding id → state
  for (const Problem& problem : outcome.problems) {
    if (problem.delta) changed.emplace(problem.test_name, problem.baseline_state);
  }
  const auto set = [&](Problem& problem) {
    if (problem.delta || problem.fingerprint.empty()) return;
    const auto found = changed.find(problem.test_name);
    problem.baseline_state = found == changed.end() ? "unchanged" : found->second;
  };
  for (Problem& problem : outcome.problems) set(problem);
  for (Problem& problem : outcome.other_findings) set(problem);
}

/// What the committed reports were made from: the database they describe
/// (report --dsn), or nothing when made without one or when there is no
/// readable compatibility.json to ask (the freshness check names that).
std::optional<std::string> committed_database(const std::filesystem::path& report_file) {
  try {
    const json::Document document = json::load_file(report_file);
    const rapidjson::Value& root = document.root();
    if (!root.IsObject() || !root.HasMember("evidence") || !root["evidence"].IsObject()) return std::nullopt;
    const rapidjson::Value& evidence = root["evidence"];
    if (evidence.HasMember("database") && evidence["database"].IsString()) return evidence["database"].GetString();
  } catch (const Error&) {
    // Missing or unreadable: the freshness check names it.
  }
  return std::nullopt;
}

/// Whether the committed reports can be compared with what this run renders:
/// made with a database only when this run has one, and the same database.
/// Storage joins the rendered reports exactly when the committed ones have it.
bool check_evidence_set(Run& run, compare::Comparison& comparison, const schema::SchemaSet& schemas) {
  const std::filesystem::path report_file = run.paths.reports / "compatibility.json";
  const std::optional<std::string> database = committed_database(report_file);
  const std::string checked = run.options.database ? run.options.database->shown : "";
  if (database && checked.empty()) {
    Problem problem;
    problem.rule = rules::Rule::evidence_mismatch;
    problem.id = report_file.string() + "/" + rules::rule_id(problem.rule);
    problem.test_class = "report";
    problem.test_name = "evidence";
    problem.title = "the committed reports were made with the database " + *database +
                    ", this check has none: the two cannot be compared";
    problem.message = "run check with --dsn for that database, or regenerate the reports without --dsn";
    run.fail(std::move(problem), report_file.string(), "/evidence/database");
    return false;
  }
  if (database && *database != checked) {
    Problem problem;
    problem.rule = rules::Rule::evidence_mismatch;
    problem.id = report_file.string() + "/" + rules::rule_id(problem.rule);
    problem.test_class = "report";
    problem.test_name = "evidence";
    problem.title = "the committed reports describe the database " + *database + ", this check reads " + checked;
    problem.message = "check against the database the reports were made from, or regenerate them with this --dsn";
    run.fail(std::move(problem), report_file.string(), "/evidence/database");
    return false;
  }
  if (database) add_storage(comparison, schemas, *run.options.database);
  return true;
}

/// Committed reports are what the current inputs give.
void check_reports_fresh(Run& run, const compare::Comparison& comparison, const std::string& claims_source) {
  // A `portcheck report` killed while replacing the set leaves a journal:
  // finishing it gives the set that run wrote, never a mix.
  if (json::complete_interrupted_writes(run.paths.reports)) {
    run.outcome.notes.push_back(run.paths.reports.string() + ": finished the replacement of the reports that an interrupted `portcheck report` began");
  }
  const std::vector<std::pair<std::string, std::string>> reports =
      output::render_reports(comparison, claims_source, run.paths.reports);
  // The password never goes into a hint: the reader puts theirs back.
  const std::string report_command =
      portcheck_command(run.options) + " report" +
      (comparison.storage_checked
           ? " --dsn " + (run.options.database ? shell_word(run.options.database->shown) : std::string("..."))
           : "");
  for (const auto& [name, expected] : reports) {
    const std::filesystem::path file = run.paths.reports / name;
    if (!std::filesystem::exists(file)) {
      Problem problem;
      problem.rule = rules::Rule::stale_report;
      problem.id = file.string();
      problem.test_class = "report";
      problem.test_name = file.string();
      problem.file = file.string();
      problem.title = "report is missing";
      problem.message = "generate it with `" + report_command + "` and commit the result";
      run.outcome.problems.push_back(std::move(problem));
      continue;
    }
    if (json::read_file(file) == expected) {
      run.outcome.passed.push_back({"report", file.string()});
      continue;
    }
    Problem problem;
    problem.rule = rules::Rule::stale_report;
    problem.id = file.string();
    problem.test_class = "report";
    problem.test_name = file.string();
    problem.file = file.string();
    problem.title = "report is stale";
    problem.message =
        "it is not what schemas/, fixtures/, reports/claims.json and reports/known-gaps.json give now: regenerate it "
        "with `" +
        report_command + "` and commit the result";
    run.outcome.problems.push_back(std::move(problem));
  }
}

/// --update-known-gaps: brings the list up to date and says what changed.
std::vector<KnownGap> update_known_gaps_file(Run& run, const std::vector<compare::Finding>& findings,
                                             std::vector<KnownGap> known, const GapScope& scope) {
  const KnownGapsUpdate update = update_known_gaps(findings, known, scope);
  const std::string file = run.paths.known_gaps.string();
  std::map<std::string, const KnownGap*> before;
  for (const KnownGap& gap : known) before.emplace(gap.id(), &gap);
  for (const std::string& id : update.added)
    run.outcome.notes.push_back(file + ": added " + id + " (write its reason)");
  for (const std::string& id : update.removed) {
    run.outcome.notes.push_back(file + ": removed " + id + " (no longer occurs; it occurred in " +
                                joined(before.at(id)->scenarios) + ")");
  }
  for (const std::string& id : update.refreshed) {
    run.outcome.notes.push_back(file + ": updated the scenarios and severity of " + id + " (its reason is kept)");
  }
  const std::string tally = std::to_string(update.added.size()) + " added, " + std::to_string(update.removed.size()) +
                            " removed, " + std::to_string(update.refreshed.size()) + " updated";
  if (run.options.dry_run) {
    run.outcome.notes.push_back(file + ": " + tally + " — dry run, nothing written");
    return known;
  }
  const std::string text = known_gaps_text(update.gaps);
  const bool canonical = std::filesystem::exists(run.paths.known_gaps) && json::read_file(run.paths.known_gaps) == text;
  if (!update.changes_anything() && canonical) {
    run.outcome.notes.push_back(file + ": up to date, nothing written");
    return known;
  }
  json::write_file_atomically(run.paths.known_gaps, text);
  run.outcome.notes.push_back(file + ": " + tally + (update.changes_anything() ? "" : ", rewritten in canonical form") +
                              " — written");
  return load_known_gaps(run.paths.known_gaps);
}

/// A reason that says nothing: empty or blank, or the placeholder an
/// update writes (or any other "TODO..."), after leading blanks.
bool unexplained(const std::string& reason) {
  // Blanks: ASCII white space, and the UTF-8 of NBSP, the spaces U+2000 to
  // U+200B, U+202F, U+205F, U+3000 and the BOM.
  static const std::vector<std::string> kBlanks = [] {
    std::vector<std::string> blanks{" ",        "\t",           "\r",           "\n",           "\f",          "\v",
                                    "\xc2\xa0", "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80", "\xef\xbb\xbf"};
    for (unsigned char last = 0x80; last <= 0x8b; ++last) {
      blanks.push_back(std::string("\xe2\x80") + static_cast<char>(last));
    }
    return blanks;
  }();
  std::size_t start = 0;
  for (bool skipped = true; skipped && start < reason.size();) {
    skipped = false;
    for (const std::string& blank : kBlanks) {
      if (reason.compare(start, blank.size(), blank) == 0) {
        start += blank.size();
        skipped = true;
        break;
      }
    }
  }
  return start == reason.size() || reason.compare(start, 4, "TODO") == 0;
}

/// How the known-gaps list fared, for the summary.
struct GapTally {
  std::size_t listed = 0;
  std::size_t need_database = 0;
  std::size_t below_fail_on = 0;
  std::size_t stale = 0;
  std::size_t fresh = 0;              ///< findings at --fail-on or above not listed
  std::size_t breaking_accepted = 0;  ///< breaking findings listed: what PASSED accepts
};

/// Findings against the known-gaps list, both ways. Returns whether an
/// update of the list would fix something (a finding not listed, a stale entry).
bool check_known_gaps(Run& run, const std::vector<compare::Finding>& findings, GapTally& tally) {
  const GapScope scope{run.options.fail_on, run.options.database.has_value()};
  // An update reads, changes and writes the list under its folder's lock, so
  // two updates at once take turns instead of losing one's changes.
  std::optional<json::FolderLock> lock;
  if (run.options.update_known_gaps && !run.options.dry_run) {
    // A new project's list may be the first file of its folder.
    std::error_code ignored;
    std::filesystem::create_directories(run.paths.known_gaps.parent_path(), ignored);
    lock.emplace(run.paths.known_gaps.parent_path());
  }
  std::vector<KnownGap> known = load_known_gaps(run.paths.known_gaps);
  if (run.options.update_known_gaps) known = update_known_gaps_file(run, findings, std::move(known), scope);
  lock.reset();
  const std::string file = run.paths.known_gaps.string();
  std::map<std::string, const KnownGap*> listed;
  for (const KnownGap& gap : known) listed.emplace(gap.id(), &gap);
  std::map<std::string, const compare::Finding*> occurring;
  for (const compare::Finding& finding : findings) occurring.emplace(compare::finding_id(finding), &finding);

  // A finding as a problem at its place: what the check reports about it,
  // whether it fails, is accepted or is below --fail-on.
  const auto finding_problem = [&](const compare::Finding& finding) {
    Problem problem;
    problem.rule = finding.rule;
    problem.id = compare::finding_id(finding);
    problem.test_class = "known gap";
    problem.test_name = problem.id;
    problem.fingerprint = compare::fingerprint(finding);
    problem.level = finding.severity == compare::Severity::breaking  ? output::Level::error
                    : finding.severity == compare::Severity::warning ? output::Level::warning
                                                                     : output::Level::notice;
    problem.rank = finding.severity == compare::Severity::breaking  ? 0
                   : finding.severity == compare::Severity::warning ? 1
                                                                    : 2;
    problem.title = finding.structure + "." + finding.field + ": " + compare::rule_id(finding.rule) + " (" +
                    compare::to_string(finding.severity) + ")";
    problem.evidence = rules::to_string(finding.evidence);
    problem.message = finding.message + " [" + problem.evidence +
                      (finding.source_place.empty() ? "" : " at " + finding.source_place) + "; in " +
                      joined(finding.scenarios) + "; fingerprint " + compare::fingerprint(finding) + "]";
    run.locator.locate(problem, finding.file, finding.pointer);
    return problem;
  };
  bool updatable = false;
  for (const compare::Finding& finding : findings) {
    const std::string id = compare::finding_id(finding);
    const auto entry = listed.find(id);
    if (finding.severity < run.options.fail_on || entry != listed.end()) {
      Problem accepted = finding_problem(finding);
      if (entry != listed.end()) accepted.justification = entry->second->reason;
      run.outcome.other_findings.push_back(std::move(accepted));
    }
    if (finding.severity < run.options.fail_on) continue;
    if (entry != listed.end()) {
      // An entry of another severity is stale (below), not an acceptance.
      if (entry->second->severity != finding.severity) continue;
      run.outcome.passed.push_back({"known gap", id});
      if (finding.severity == compare::Severity::breaking) ++tally.breaking_accepted;
      continue;
    }
    ++tally.fresh;
    updatable = true;
    // Not listed: it fails the check, whatever its severity.
    Problem problem = finding_problem(finding);
    problem.level = output::Level::error;
    problem.title += " is not in " + file;
    run.outcome.problems.push_back(std::move(problem));
  }
  tally.listed = known.size();
  for (const KnownGap& gap : known) {
    if (gap.is_storage() && !scope.storage_checked) {
      ++tally.need_database;
      continue;
    }
    const auto found = occurring.find(gap.id());
    const compare::Finding* finding = found == occurring.end() ? nullptr : found->second;
    // An entry whose finding occurs is judged at the finding's severity of
    // today: a gap listed as a warning that is breaking now is not "below
    // --fail-on breaking", and is not counted both there and as accepted.
    if (!scope.judges(gap) && (finding == nullptr || finding->severity < run.options.fail_on)) {
      ++tally.below_fail_on;
      continue;
    }
    Problem problem;
    problem.file = file;
    problem.line = gap.line;
    problem.column = gap.column;
    problem.id = gap.id();
    problem.test_class = "known gap";
    problem.test_name = gap.id();
    if (finding == nullptr) {
      ++tally.stale;
      updatable = true;
      problem.rule = rules::Rule::stale_known_gap;
      problem.title = "known gap " + gap.id() + " no longer occurs: delete its entry";
      problem.message = "it occurred in " + joined(gap.scenarios) +
                        " when it was listed; no scenario shows it now (fixed, its field or rule renamed, or "
                        "the fixtures that showed it are gone)";
      run.outcome.problems.push_back(std::move(problem));
    } else if (finding->severity != gap.severity) {
      // The reason was written for the severity listed: a warning that
      // became breaking must be accepted again, knowingly.
      ++tally.stale;
      updatable = true;
      problem.rule = rules::Rule::stale_known_gap;
      problem.title = "known gap " + gap.id() + " is listed as " + compare::to_string(gap.severity) + " but is " +
                      compare::to_string(finding->severity) + " now: update its entry";
      problem.message = "it occurs in " + joined(finding->scenarios) + "; check that its reason still holds at " +
                        compare::to_string(finding->severity);
      run.outcome.problems.push_back(std::move(problem));
    } else if (unexplained(gap.reason)) {
      problem.rule = rules::Rule::unexplained_gap;
      problem.title = "known gap " + gap.id() + " has no reason yet";
      problem.message = "replace \"" + printable(gap.reason) + "\" with why this gap is accepted";
      run.outcome.problems.push_back(std::move(problem));
    }
  }
  return updatable;
}

void summarize(Run& run, std::size_t structures, const compare::FindingCounts& counts, const GapTally& gaps) {
  run.outcome.counts = {{"structures", structures},
                        {"findings", counts.total},
                        {"breaking", counts.breaking},
                        {"warning", counts.warning},
                        {"info", counts.info},
                        {"known_gaps", gaps.listed},
                        {"known_gaps_need_database", gaps.need_database},
                        {"known_gaps_below_fail_on", gaps.below_fail_on},
                        {"stale_entries", gaps.stale},
                        {"new_findings", gaps.fresh},
                        {"breaking_accepted", gaps.breaking_accepted}};
  std::string unchecked;
  if (gaps.need_database > 0) unchecked += std::to_string(gaps.need_database) + " not checked without --dsn";
  if (gaps.below_fail_on > 0) {
    unchecked += std::string(unchecked.empty() ? "" : ", ") + std::to_string(gaps.below_fail_on) + " below --fail-on " +
                 compare::to_string(run.options.fail_on);
  }
  run.outcome.summary = compare::counted(structures, "structure", "structures") + ", " + compare::to_string(counts) +
                        ", " + compare::counted(gaps.listed, "known gap", "known gaps") +
                        (unchecked.empty() ? "" : " (" + unchecked + ")") + ", " +
                        compare::counted(gaps.stale, "stale entry", "stale entries") +
                        // What PASSED means: nothing new at the gate's threshold, and how
                        // much breakage the known gaps accept.
                        "; " + compare::counted(gaps.fresh, "new finding", "new findings") + " at --fail-on " +
                        compare::to_string(run.options.fail_on) + " or above, " +
                        compare::counted(gaps.breaking_accepted, "breaking finding accepted as a known gap",
                                         "breaking findings accepted as known gaps");
}

}  // namespace

std::string update_command(const CheckOptions& options) {
  std::string command = portcheck_command(options) + " check --update-known-gaps";
  // The password never goes into a hint: the reader puts theirs back.
  if (options.database) command += " --dsn " + shell_word(options.database->shown);
  if (options.fail_on != compare::Severity::warning) command += " --fail-on " + compare::to_string(options.fail_on);
  return command;
}

Outcome run_check(const CheckOptions& options) {
  Run run{options, ProjectPaths(options.project), {}, {}};
  run.outcome.command = "check";
  const schema::SchemaSet schemas = schema::SchemaSet::load(run.paths.schemas);
  compare::Claims claims;
  if (std::filesystem::exists(run.paths.claims)) claims = compare::load_claims(run.paths.claims);
  compare::Comparison comparison = project_comparison(schemas, run.paths, claims);
  const compare::CaptureRecords records = compare::load_capture_records(schemas.manifest(), run.paths.fixtures);

  check_structure_names(run, schemas.manifest(), claims);
  check_fixtures(run, comparison);
  check_schemas_describe_code(run, schemas, records);
  check_predictions(run, comparison);
  check_evidence_present(run, records);
  const bool recaptured = !options.source.empty() && check_recapture(run, schemas, claims, comparison);
  if (check_evidence_set(run, comparison, schemas)) check_reports_fresh(run, comparison, claims.source);

  // The committed reports may be made without a database; the gate still
  // judges the database's columns when it is given one.
  if (options.database && !comparison.storage_checked) add_storage(comparison, schemas, *options.database);
  const std::vector<compare::Finding> findings = compare::collect_findings(comparison);
  GapTally gaps;
  const bool updatable = check_known_gaps(run, findings, gaps);
  summarize(run, schemas.manifest().structures.size(), compare::count_findings(findings), gaps);
  if (updatable && !options.update_known_gaps) {
    run.outcome.hints.push_back(
        "To list new findings as known gaps (each needs a reason) and drop entries that no "
        "longer occur: " +
        update_command(options));
  }
  if (recaptured) set_baseline_states(run.outcome);
  return std::move(run.outcome);
}

}  // namespace portcheck::gate
