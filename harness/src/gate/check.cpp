#include "gate/check.hpp"

#include <fstream>
#include <map>

#include "compare/compare.hpp"
#include "compare/source_check.hpp"
#include "db/connection.hpp"
#include "db/storage_check.hpp"
#include "gate/findings.hpp"
#include "gate/known_gaps.hpp"
#include "gate/locator.hpp"
#include "gate/recapture.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "report/report.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::gate {

namespace {

void write_atomically(const std::filesystem::path& target, const std::string& contents) {
  const std::filesystem::path temporary = target.string() + ".tmp";
  {
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    stream << contents;
    if (!stream) throw Error("cannot write the file", SourceLocation::in_file(temporary.string()));
  }
  std::filesystem::rename(temporary, target);
}

}  // namespace

std::string update_command(const CheckOptions& options) {
  std::string command = "portcheck";
  if (options.project != ".") command += " --project " + options.project.string();
  command += " check --update-known-gaps";
  if (!options.dsn.empty()) command += " --dsn '" + options.dsn + "'";
  if (options.fail_on != compare::Severity::warning) command += " --fail-on " + compare::to_string(options.fail_on);
  return command;
}

Outcome run_check(const CheckOptions& options) {
  Outcome outcome;
  outcome.command = "check";
  const std::filesystem::path schemas_directory = (options.project / "schemas").lexically_normal();
  const std::filesystem::path fixtures_directory = (options.project / "fixtures").lexically_normal();
  const std::filesystem::path reports_directory = (options.project / "reports").lexically_normal();
  const std::filesystem::path known_gaps_file = reports_directory / "known-gaps.json";

  const schema::SchemaSet schemas = schema::SchemaSet::load(schemas_directory);
  compare::Claims claims;
  if (std::filesystem::exists(reports_directory / "claims.json")) {
    claims = compare::load_claims(reports_directory / "claims.json");
  }
  compare::Comparison comparison = compare::compare_project(schemas, fixtures_directory, claims);
  outcome.structures = comparison.structures.size();
  Locator locator;

  // 1. Each side against its own schema, and the codec's round trip.
  for (const auto& structure : comparison.structures) {
    for (const auto& fixture : structure.fixtures) {
      for (const auto& failure : fixture.failures) {
        Problem problem;
        problem.rule = "schema-drift";
        problem.id = fixture.file + "#" + failure.pointer + "/" + failure.rule;
        problem.title = "fixture does not match its " + fixture.side + " schema (" + failure.rule + ")";
        problem.message = "at " + (failure.pointer.empty() ? "(root)" : failure.pointer) + ": " + failure.message;
        locator.locate(problem, fixture.file, failure.pointer);
        outcome.problems.push_back(std::move(problem));
      }
      for (const auto& difference : fixture.round_trip) {
        Problem problem;
        problem.rule = "round-trip";
        problem.id = fixture.file + "#" + difference.pointer + "/round-trip";
        problem.title = "decoding and re-encoding does not give the fixture back";
        problem.message = "at " + (difference.pointer.empty() ? "(root)" : difference.pointer) + ": " +
                          difference.original + " became " + difference.reencoded;
        locator.locate(problem, fixture.file, difference.pointer);
        outcome.problems.push_back(std::move(problem));
      }
      if (fixture.failures.empty() && fixture.round_trip.empty()) outcome.passed.push_back("fixture " + fixture.file);
    }
  }

  // 1b. The schemas describe the real code the captures extracted.
  const compare::CaptureRecords records = compare::load_capture_records(schemas.manifest(), fixtures_directory);
  for (const compare::SourceMismatch& mismatch : compare::check_schemas_against_code(schemas, records)) {
    Problem problem;
    problem.rule = "schema-not-code";
    problem.id = mismatch.side + "/" + mismatch.structure + mismatch.pointer + "/schema-not-code";
    problem.title = "the " + mismatch.side + " schema of " + mismatch.structure + " does not describe the code";
    problem.message = mismatch.message;
    locator.locate(problem, mismatch.file, mismatch.pointer);
    outcome.problems.push_back(std::move(problem));
  }

  // 1c. The harness's readability predictions against the real readers.
  for (const auto& structure : comparison.structures) {
    for (const auto& readability : structure.readability) {
      if (!readability.observed) continue;
      if (readability.agrees()) {
        outcome.passed.push_back("prediction " + readability.id);
        continue;
      }
      Problem problem;
      problem.rule = "prediction-disagrees";
      problem.id = readability.id + "/prediction-disagrees";
      problem.title = "the " + readability.reader + " reader " +
                      (readability.observed_readable ? "accepts" : "refuses") + " " + readability.file +
                      ", but the harness predicts it " + (readability.readable ? "accepts" : "refuses") + " it";
      std::string predicted;
      for (const std::string& reason : readability.reasons) predicted += (predicted.empty() ? "" : "; ") + reason;
      problem.message = (readability.observed_readable ? std::string("predicted: ") + predicted
                                                       : "the real reader: " + readability.observed_error) +
                        " (fix the model: the reader's schema or reader rules)";
      locator.locate(problem, readability.file, "");
      outcome.problems.push_back(std::move(problem));
    }
  }

  // 1d. The committed evidence is what the real code at --source gives now.
  if (!options.source.empty()) {
    std::vector<std::string> sides;
    for (const schema::Side& side : schemas.manifest().sides) sides.push_back(side.name);
    const std::vector<Problem> recaptured = recapture_problems(options.project, options.source, sides);
    if (recaptured.empty()) outcome.passed.push_back("capture from " + options.source.string());
    outcome.problems.insert(outcome.problems.end(), recaptured.begin(), recaptured.end());
  }

  // 2. Committed reports are what the current inputs give.
  const std::vector<std::pair<std::string, std::string>> reports{
      {"compatibility.md", report::render_markdown(comparison, claims.source)},
      {"compatibility.json", report::render_json(comparison, claims.source)},
      {"compatibility.junit.xml", report::render_junit(comparison)},
      {"compatibility.html", report::render_html(comparison, claims.source)},
  };
  for (const auto& [name, expected] : reports) {
    const std::filesystem::path file = reports_directory / name;
    std::string committed;
    try {
      committed = json::read_file(file);
    } catch (const Error&) {
      committed = "\x01(missing)";
    }
    if (committed == expected) {
      outcome.passed.push_back("fresh " + file.string());
      continue;
    }
    Problem problem;
    problem.rule = "stale-report";
    problem.id = file.string();
    problem.file = file.string();
    problem.title = committed == "\x01(missing)" ? "report is missing" : "report is stale";
    problem.message = "regenerate it with `portcheck report` and commit the result";
    outcome.problems.push_back(std::move(problem));
  }

  // 3 and 4. Findings against the known-gaps list, both ways. The committed
  // reports are made without a database, so storage joins only now.
  if (!options.dsn.empty()) {
    comparison.storage = db::check_storage(schemas, options.dsn);
    comparison.storage_checked = true;
    comparison.storage_source = db::describe_dsn(options.dsn);
  }
  const std::vector<Finding> findings = findings_of(comparison);
  const auto unchecked = [&](const KnownGap& gap) {
    return options.dsn.empty() && gap.structure.rfind("table:", 0) == 0;
  };
  std::vector<Finding> gated;
  for (const Finding& finding : findings) {
    if (finding.severity == compare::Severity::breaking) ++outcome.breaking;
    if (finding.severity == compare::Severity::warning) ++outcome.warning;
    if (finding.severity >= options.fail_on) gated.push_back(finding);
  }
  outcome.findings = gated.size();
  std::vector<KnownGap> known = load_known_gaps(known_gaps_file);
  if (options.update_known_gaps) {
    // Without a database, its entries cannot be judged: keep them as they are.
    std::vector<Finding> listed = gated;
    for (const KnownGap& gap : known) {
      if (!unchecked(gap)) continue;
      Finding kept;
      kept.structure = gap.structure;
      kept.field = gap.field;
      kept.status = gap.status;
      kept.rule = gap.rule;
      kept.severity = gap.severity.empty() ? compare::Severity::warning : parse_severity(gap.severity);
      kept.fingerprint = gap.fingerprint.empty() ? fingerprint(gap.structure, gap.field, gap.rule) : gap.fingerprint;
      listed.push_back(kept);
    }
    write_atomically(known_gaps_file, known_gaps_text(listed, known));
    known = load_known_gaps(known_gaps_file);
  }
  outcome.known_gaps = known.size();
  for (const Finding& finding : gated) {
    const bool listed =
        std::any_of(known.begin(), known.end(), [&](const KnownGap& gap) { return gap.id() == finding.id(); });
    if (listed) {
      outcome.passed.push_back("known gap " + finding.id());
      continue;
    }
    Problem problem;
    problem.rule = finding.rule;
    problem.id = finding.id();
    problem.title = finding.structure + "." + finding.field + ": " + finding.status + " (" +
                    compare::to_string(finding.severity) + ", " + finding.rule + ") is not in " +
                    known_gaps_file.string();
    problem.message = finding.message + " [fingerprint " + finding.fingerprint + "]";
    locator.locate(problem, finding.file, finding.pointer);
    outcome.problems.push_back(std::move(problem));
  }
  for (const KnownGap& gap : known) {
    const bool occurs = unchecked(gap) || std::any_of(findings.begin(), findings.end(),
                                                      [&](const Finding& finding) { return finding.id() == gap.id(); });
    if (!occurs) {
      ++outcome.stale_entries;
      Problem problem;
      problem.rule = "stale-known-gap";
      problem.id = gap.id();
      problem.title = "known gap " + gap.id() + " no longer occurs: delete its entry";
      problem.message = "the gap was fixed (or renamed); remove the entry for " + gap.structure + "." + gap.field +
                        " (" + gap.rule + ") from " + known_gaps_file.string();
      problem.file = known_gaps_file.string();
      problem.line = gap.line;
      problem.column = gap.column;
      outcome.problems.push_back(std::move(problem));
    } else if (gap.reason.empty() || gap.reason.rfind("TODO", 0) == 0) {
      Problem problem;
      problem.rule = "unexplained-gap";
      problem.id = gap.id();
      problem.title = "known gap " + gap.id() + " has no reason yet";
      problem.message = "replace \"" + gap.reason + "\" with why this gap is accepted";
      problem.file = known_gaps_file.string();
      problem.line = gap.line;
      problem.column = gap.column;
      outcome.problems.push_back(std::move(problem));
    }
  }
  if (outcome.failed()) {
    outcome.hints.push_back("To list today's findings as known gaps (new ones get a reason to write): " +
                            update_command(options));
  }
  return outcome;
}

}  // namespace portcheck::gate
