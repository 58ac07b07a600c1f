#pragma once
/// The one JUnit XML writer (the schema CI systems read: Jenkins' xUnit,
/// GitLab, GitHub test reporters). The compatibility report and every
/// command's outcome are first drawn as suites of cases, then written here.

#include <optional>
#include <string>
#include <vector>

namespace portcheck::output {

struct JunitCase {
  std::string classname;
  std::string name;
  struct Failure {
    std::string type;     ///< the rule id; empty for none
    std::string message;  ///< one line
    std::string text;     ///< every detail, one per line
  };
  /// What failed; nothing when the case passed.
  std::optional<Failure> failure;
  /// The case could not be judged at all (the command could not run): an
  /// <error>, not a <failure>.
  bool error = false;
  /// Written as <system-out>: what a case reports without failing.
  std::string output;
};

struct JunitSuite {
  std::string name;
  std::vector<JunitCase> cases;
};

struct JunitDocument {
  std::string name;
  std::vector<JunitSuite> suites;
  /// Seconds the run took; nothing for output that is committed and must be
  /// the same bytes at every run.
  std::optional<double> seconds;
};

/// The document as JUnit XML, counts added up from the cases.
std::string write_junit(const JunitDocument& document);

}  // namespace portcheck::output
