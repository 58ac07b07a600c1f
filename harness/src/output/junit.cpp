#include "output/junit.hpp"

#include <algorithm>
#include <cstdio>

#include "report/escape.hpp"

namespace portcheck::output {

using report::xml_escape;

namespace {

struct Counts {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t errors = 0;
};

Counts count(const std::vector<JunitCase>& cases) {
  Counts counts;
  for (const JunitCase& test : cases) {
    ++counts.tests;
    if (test.failure) ++(test.error ? counts.errors : counts.failures);
  }
  return counts;
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds < 0 ? 0.0 : seconds);
  return text;
}

std::string attributes(const Counts& counts, const std::optional<double>& seconds) {
  // errors is written even when 0: the xUnit plugin's schema requires it.
  return "tests=\"" + std::to_string(counts.tests) + "\" failures=\"" + std::to_string(counts.failures) +
         "\" errors=\"" + std::to_string(counts.errors) + "\"" +
         (seconds ? " time=\"" + seconds_text(*seconds) + "\"" : "");
}

}  // namespace

std::string write_junit(const JunitDocument& document) {
  Counts total;
  for (const JunitSuite& suite : document.suites) {
    const Counts counts = count(suite.cases);
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"" + xml_escape(document.name) + "\" " + attributes(total, document.seconds) + ">\n";
  for (const JunitSuite& suite : document.suites) {
    // One suite's time is the run's when it is the only one.
    const std::optional<double> seconds = document.suites.size() == 1 ? document.seconds : std::nullopt;
    out += "  <testsuite name=\"" + xml_escape(suite.name) + "\" " + attributes(count(suite.cases), seconds) +
           " skipped=\"0\">\n";
    for (const JunitCase& test : suite.cases) {
      out += "    <testcase classname=\"" + xml_escape(test.classname) + "\" name=\"" + xml_escape(test.name) + "\"";
      if (!test.failure && test.output.empty()) {
        out += "/>\n";
        continue;
      }
      out += ">\n";
      if (test.failure) {
        const std::string element = test.error ? "error" : "failure";
        out += "      <" + element + (test.failure->type.empty() ? "" : " type=\"" + xml_escape(test.failure->type) + "\"") +
               " message=\"" + xml_escape(test.failure->message) + "\">" + xml_escape(test.failure->text) + "</" +
               element + ">\n";
      }
      if (!test.output.empty()) out += "      <system-out>" + xml_escape(test.output) + "</system-out>\n";
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace portcheck::output
