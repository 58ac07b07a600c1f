// The compatibility report as JUnit: a suite per structure (and pair), per
// pair's channels, and for the database; a case per thing judged.

#include <algorithm>

#include "output/compatibility.hpp"
#include "output/junit.hpp"
#include "report/report.hpp"
#include "report/verdict.hpp"

namespace portcheck::output {

// The report's model: its pairs, sections and verdicts.
using namespace report;

namespace {

/// A case and every failure found in it, one per line.
struct ReportCase {
  std::string classname;
  std::string name;
  std::vector<std::string> failures;
};

std::vector<ReportCase> cases_of(const compare::StructureComparison& structure) {
  std::vector<ReportCase> cases;
  for (const auto& fixture : structure.fixtures) {
    ReportCase valid{structure.structure + "." + fixture.scenario, "valid-" + fixture.side, {}};
    for (const auto& failure : fixture.failures) {
      valid.failures.push_back(fixture.file + ": " + failure.rule + " at " + failure.pointer + ": " + failure.message);
    }
    cases.push_back(std::move(valid));
    ReportCase round_trip{structure.structure + "." + fixture.scenario, "round-trip-" + fixture.side, {}};
    for (const auto& difference : fixture.round_trip) {
      round_trip.failures.push_back(fixture.file + ": " + difference.pointer + ": " +
                                    codec::shown(difference.original) + " became " +
                                    codec::shown(difference.reencoded));
    }
    cases.push_back(std::move(round_trip));
  }
  for (const auto& readability : structure.readability) {
    // The real reader's verdict where one was captured, else the prediction.
    ReportCase readable{structure.structure + "." + readability.scenario,
                      "readable-" + readability.writer + "-by-" + readability.reader,
                      {}};
    if (readability.observed) {
      if (!readability.observed_readable) {
        readable.failures.push_back(readability.file + ": the " + readability.reader +
                                    " reader refuses it: " + readability.observed_error);
      }
    } else {
      for (const auto& refusal : readability.refusals) {
        readable.failures.push_back(readability.file + ": " + compare::describe(refusal));
      }
    }
    cases.push_back(std::move(readable));
    if (readability.observed) {
      ReportCase predicted{structure.structure + "." + readability.scenario,
                         "predicted-" + readability.writer + "-by-" + readability.reader,
                         {}};
      if (!readability.agrees()) {
        predicted.failures.push_back(readability.file + ": the harness predicts " +
                                     (readability.readable ? "acceptance" : "refusal") + ", the " + readability.reader +
                                     " reader " + (readability.observed_readable ? "accepts it" : "refuses it"));
      }
      cases.push_back(std::move(predicted));
    }
  }
  for (const auto& [side, outcome] : structure.outcomes) {
    if (outcome.kind == compare::OutcomeKind::written || outcome.kind == compare::OutcomeKind::read_back) continue;
    ReportCase written{structure.structure + "." + outcome.scenario, "written-" + side, {}};
    written.failures.push_back(compare::to_string(outcome.kind) + ": " + outcome.error);
    cases.push_back(std::move(written));
  }
  for (const std::string& scenario : structure.scenarios) {
    ReportCase fields{structure.structure + "." + scenario, "fields", {}};
    for (const auto& field : structure.fields) {
      if (field.severity != compare::Severity::breaking) continue;
      for (const auto& evidence : field.evidence) {
        if (evidence.scenario != scenario) continue;
        fields.failures.push_back(field.id + ": " + compare::to_string(field.status) + ": " +
                                  codec::shown(evidence.reference_value) + " vs " +
                                  codec::shown(evidence.candidate_value));
      }
    }
    if (structure.sides.size() > 1) cases.push_back(std::move(fields));
  }
  std::stable_sort(cases.begin(), cases.end(), [](const ReportCase& left, const ReportCase& right) {
    return std::tie(left.classname, left.name) < std::tie(right.classname, right.name);
  });
  return cases;
}

/// The channels of one pair: a case per route of either side (failing where
/// the candidate lacks one the reference serves) and per consumer call and
/// side (failing where the consumer cannot read it).
std::vector<ReportCase> channel_cases(const channels::ChannelComparison& pair) {
  std::vector<ReportCase> cases;
  for (const channels::RouteParity& route : pair.routes) {
    ReportCase test{"routes", route.key, {}};
    if (route.sides.contains(pair.reference_side) && !route.sides.contains(pair.candidate_side)) {
      const channels::Route& declared = route.sides.at(pair.reference_side);
      test.failures.push_back(compare::rule_id(compare::Rule::route_reference_only) + ": " + pair.reference_side +
                              " serves " + declared.method + " " + declared.path + " (" + declared.place.text() +
                              "), " + pair.candidate_side + " does not");
    }
    cases.push_back(std::move(test));
  }
  for (const channels::ConsumerVerdict& verdict : pair.verdicts) {
    ReportCase test{"channels." + verdict.consumer, verdict.channel + " (" + verdict.direction + ")", {}};
    if (verdict.reading == channels::Reading::cannot_read) {
      test.failures.push_back(compare::rule_id(compare::Rule::consumer_cannot_read) + ": " + verdict.consumer + " (" +
                              verdict.reader + ") " + describe(verdict));
    }
    cases.push_back(std::move(test));
  }
  std::stable_sort(cases.begin(), cases.end(), [](const ReportCase& left, const ReportCase& right) {
    return std::tie(left.classname, left.name) < std::tie(right.classname, right.name);
  });
  return cases;
}

/// A case as the writer takes it: its first failure as the message.
JunitCase written(const ReportCase& test) {
  JunitCase junit{test.classname, test.name, std::nullopt, false, ""};
  if (!test.failures.empty()) {
    std::string text;
    for (const std::string& failure : test.failures) text += failure + "\n";
    junit.failure = JunitCase::Failure{"", shorten(test.failures.front(), 200), text};
  }
  return junit;
}

JunitSuite suite_of(const std::string& name, const std::vector<ReportCase>& cases) {
  JunitSuite suite{name, {}};
  for (const ReportCase& test : cases) suite.cases.push_back(written(test));
  return suite;
}

}  // namespace

std::string render_junit(const compare::Comparison& comparison) {
  // No time: the report is committed and must be the same bytes at every run.
  JunitDocument document{"portcheck", {}, std::nullopt};
  for (const PairView& pair : pair_views(comparison)) {
    for (const compare::StructureComparison* structure : pair.structures) {
      document.suites.push_back(suite_of(structure->structure + pair.suffix, cases_of(*structure)));
    }
  }
  for (const channels::ChannelComparison& pair : comparison.channels) {
    document.suites.push_back(suite_of(
        "channels" + (comparison.candidate_sides.size() > 1 ? " (vs " + side_title(pair.candidate_side) + ")" : ""),
        channel_cases(pair)));
  }
  if (comparison.storage_checked) {
    std::vector<ReportCase> cases;
    for (const auto& finding : comparison.storage) {
      ReportCase test{"database." + finding.table + "." + finding.column, "decodes-" + finding.side, {}};
      if (finding.severity == compare::Severity::breaking)
        test.failures.push_back(compare::rule_id(finding.rule) + ": " + finding.message);
      cases.push_back(std::move(test));
    }
    document.suites.push_back(suite_of("database", cases));
  }
  return write_junit(document);
}

}  // namespace portcheck::output
