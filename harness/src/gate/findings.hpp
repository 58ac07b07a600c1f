#pragma once
/// Gate findings: the comparison's field findings, each with a stable rule id
/// and a fingerprint that does not change between runs.

#include <string>
#include <vector>

#include "compare/comparison.hpp"

namespace portcheck::gate {

struct Finding {
  std::string structure;
  std::string field;
  std::string status;  ///< the field status, e.g. "same-after-conversion"
  /// The rule that makes it a finding: the reader rules that refuse it
  /// ("naive-timestamp-unreadable", joined with "+" when several), else the
  /// status itself.
  std::string rule;
  compare::Severity severity = compare::Severity::info;
  std::string message;
  std::string file;     ///< a fixture behind it
  std::string pointer;  ///< where in that fixture
  std::string fingerprint;

  [[nodiscard]] std::string id() const { return structure + "/" + field + "/" + rule; }
};

/// A stable fingerprint: 16 hex digits of FNV-1a over structure, field, rule.
std::string fingerprint(const std::string& structure, const std::string& field, const std::string& rule);

/// Every field finding of the comparison, in report order.
std::vector<Finding> findings_of(const compare::Comparison& comparison);

/// "breaking", "warning", "info" to a severity; throws portcheck::Error.
compare::Severity parse_severity(const std::string& name);

}  // namespace portcheck::gate
