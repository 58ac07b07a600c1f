#include <algorithm>

#include "report/escape.hpp"
#include "report/report.hpp"
#include "report/verdict.hpp"

namespace portcheck::report {

namespace {

std::string xml(const std::string& text) { return xml_escape(text); }

struct TestCase {
  std::string classname;
  std::string name;
  std::vector<std::string> failures;
};

std::vector<TestCase> cases_of(const compare::StructureComparison& structure) {
  std::vector<TestCase> cases;
  for (const auto& fixture : structure.fixtures) {
    TestCase valid{structure.structure + "." + fixture.scenario, "valid-" + fixture.side, {}};
    for (const auto& failure : fixture.failures) {
      valid.failures.push_back(fixture.file + ": " + failure.rule + " at " + failure.pointer + ": " + failure.message);
    }
    cases.push_back(std::move(valid));
    TestCase round_trip{structure.structure + "." + fixture.scenario, "round-trip-" + fixture.side, {}};
    for (const auto& difference : fixture.round_trip) {
      round_trip.failures.push_back(fixture.file + ": " + difference.pointer + ": " +
                                    codec::shown(difference.original) + " became " +
                                    codec::shown(difference.reencoded));
    }
    cases.push_back(std::move(round_trip));
  }
  for (const auto& readability : structure.readability) {
    // The real reader's verdict where one was captured, else the prediction.
    TestCase readable{structure.structure + "." + readability.scenario,
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
      TestCase predicted{structure.structure + "." + readability.scenario,
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
    TestCase written{structure.structure + "." + outcome.scenario, "written-" + side, {}};
    written.failures.push_back(compare::to_string(outcome.kind) + ": " + outcome.error);
    cases.push_back(std::move(written));
  }
  for (const std::string& scenario : structure.scenarios) {
    TestCase fields{structure.structure + "." + scenario, "fields", {}};
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
  std::stable_sort(cases.begin(), cases.end(), [](const TestCase& left, const TestCase& right) {
    return std::tie(left.classname, left.name) < std::tie(right.classname, right.name);
  });
  return cases;
}

/// The channels of one pair: a case per route of either side (failing where
/// the candidate lacks one the reference serves) and per consumer call and
/// side (failing where the consumer cannot read it).
std::vector<TestCase> channel_cases(const channels::ChannelComparison& pair) {
  std::vector<TestCase> cases;
  for (const channels::RouteParity& route : pair.routes) {
    TestCase test{"routes", route.key, {}};
    if (route.sides.contains(pair.reference_side) && !route.sides.contains(pair.candidate_side)) {
      const channels::Route& declared = route.sides.at(pair.reference_side);
      test.failures.push_back(compare::rule_id(compare::Rule::route_reference_only) + ": " + pair.reference_side +
                              " serves " + declared.method + " " + declared.path + " (" + declared.place.text() +
                              "), " + pair.candidate_side + " does not");
    }
    cases.push_back(std::move(test));
  }
  for (const channels::ConsumerVerdict& verdict : pair.verdicts) {
    TestCase test{"channels." + verdict.consumer, verdict.channel + " (" + verdict.direction + ")", {}};
    if (verdict.reading == channels::Reading::cannot_read) {
      test.failures.push_back(compare::rule_id(compare::Rule::consumer_cannot_read) + ": " + verdict.consumer + " (" +
                              verdict.reader + ") " + describe(verdict));
    }
    cases.push_back(std::move(test));
  }
  std::stable_sort(cases.begin(), cases.end(), [](const TestCase& left, const TestCase& right) {
    return std::tie(left.classname, left.name) < std::tie(right.classname, right.name);
  });
  return cases;
}

}  // namespace

std::string render_junit(const compare::Comparison& comparison) {
  // One suite per structure (and pair, with several candidates).
  std::vector<std::pair<std::string, std::vector<TestCase>>> suites;
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::vector<TestCase> database_suite;
  for (const PairView& pair : pair_views(comparison)) {
    for (const compare::StructureComparison* structure : pair.structures) {
      auto cases = cases_of(*structure);
      tests += cases.size();
      failures += static_cast<std::size_t>(
          std::count_if(cases.begin(), cases.end(), [](const TestCase& test) { return !test.failures.empty(); }));
      suites.emplace_back(structure->structure + pair.suffix, std::move(cases));
    }
  }
  for (const channels::ChannelComparison& pair : comparison.channels) {
    auto cases = channel_cases(pair);
    tests += cases.size();
    failures += static_cast<std::size_t>(
        std::count_if(cases.begin(), cases.end(), [](const TestCase& test) { return !test.failures.empty(); }));
    suites.emplace_back(
        "channels" + (comparison.candidate_sides.size() > 1 ? " (vs " + side_title(pair.candidate_side) + ")" : ""),
        std::move(cases));
  }
  if (comparison.storage_checked) {
    std::vector<TestCase> cases;
    for (const auto& finding : comparison.storage) {
      TestCase test{"database." + finding.table + "." + finding.column, "decodes-" + finding.side, {}};
      if (finding.severity == compare::Severity::breaking)
        test.failures.push_back(compare::rule_id(finding.rule) + ": " + finding.message);
      cases.push_back(std::move(test));
    }
    tests += cases.size();
    failures += static_cast<std::size_t>(
        std::count_if(cases.begin(), cases.end(), [](const TestCase& test) { return !test.failures.empty(); }));
    database_suite = std::move(cases);
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  // errors="0": every case is judged from committed evidence, none fails to
  // run (and the xUnit plugin's schema requires the count). No time: the
  // report is committed and must be the same bytes at every run.
  out += "<testsuites name=\"portcheck\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"0\">\n";
  for (const auto& [name, cases] : suites) {
    const auto suite_failures =
        std::count_if(cases.begin(), cases.end(), [](const TestCase& test) { return !test.failures.empty(); });
    out += "  <testsuite name=\"" + xml(name) + "\" tests=\"" + std::to_string(cases.size()) + "\" failures=\"" +
           std::to_string(suite_failures) + "\" errors=\"0\">\n";
    for (const auto& test : cases) {
      out += "    <testcase classname=\"" + xml(test.classname) + "\" name=\"" + xml(test.name) + "\"";
      if (test.failures.empty()) {
        out += "/>\n";
        continue;
      }
      out += ">\n      <failure message=\"" + xml(shorten(test.failures.front(), 200)) + "\">";
      for (const auto& failure : test.failures) out += xml(failure) + "\n";
      out += "</failure>\n    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  if (comparison.storage_checked) {
    const auto suite_failures = std::count_if(database_suite.begin(), database_suite.end(),
                                              [](const TestCase& test) { return !test.failures.empty(); });
    out += "  <testsuite name=\"database\" tests=\"" + std::to_string(database_suite.size()) + "\" failures=\"" +
           std::to_string(suite_failures) + "\" errors=\"0\">\n";
    for (const auto& test : database_suite) {
      out += "    <testcase classname=\"" + xml(test.classname) + "\" name=\"" + xml(test.name) + "\"";
      if (test.failures.empty()) {
        out += "/>\n";
        continue;
      }
      out += ">\n      <failure message=\"" + xml(shorten(test.failures.front(), 200)) + "\">" +
             xml(test.failures.front()) + "</failure>\n    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace portcheck::report
