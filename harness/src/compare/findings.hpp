#pragma once
/// One finding model for every consumer: a typed record per structure, place
/// and rule, built once from a comparison. The gate, the reports and the CLI
/// read these records; none of them reads a finding back out of its message.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compare/comparison.hpp"
#include "rules/rules.hpp"

namespace portcheck::compare {

/// A value one side wrote in one scenario.
struct ObservedValue {
  std::string scenario;
  std::string side;
  std::optional<std::string> text;  ///< compact JSON; nothing when the side leaves it out
};

struct Finding {
  std::string structure;  ///< "ActiveRun", or "table:run" for a database column
  /// The place, as people read it: a field name, "(value)", "(python)" for a
  /// side's capture outcome, "/start_time (rust read by python)", "value (rust)".
  std::string field;
  /// side → JSON Pointer of the place in that side's documents.
  std::map<std::string, std::string> pointers;
  Rule rule = Rule::value_mismatch;
  Severity severity = Severity::info;
  /// (writer, reader) pairs, for reader rules and silent changes.
  std::vector<std::pair<std::string, std::string>> directions;
  /// Every scenario where it occurs, sorted; empty when it needs none.
  std::vector<std::string> scenarios;
  std::vector<ObservedValue> values;
  std::string message;  ///< for people only
  std::string file;     ///< a file to look at (a fixture, the manifest)
  std::string pointer;  ///< where in that file
  /// Whether the code behind it ran (the fixtures, the consumers' readers,
  /// the database's catalog) or was read from the source (a route, a body's
  /// keys where the handler cannot run here).
  EvidenceKind evidence = EvidenceKind::executed;
  /// The upstream place the finding was read at ("runner/src/web.rs:1905"),
  /// when it was read from source.
  std::string source_place;
};

/// "<structure>/<field>/<rule>": stable between runs, computed here only.
std::string finding_id(const Finding& finding);
std::string finding_id(const std::string& structure, const std::string& field, Rule rule);

/// 16 hex digits of FNV-1a over structure, field and rule id.
std::string fingerprint(const Finding& finding);
std::string fingerprint(const std::string& structure, const std::string& field, const std::string& rule_id);

/// One structure's findings, in report order: its fields (one finding per
/// rule that applies to a field), the captures' outcomes and silent changes.
std::vector<Finding> structure_findings(const StructureComparison& structure);

/// The field rule a difference between two sides' bodies stands for.
Rule body_rule(channels::BodyDifference difference);

/// The channel findings of one pair: routes and state one side lacks,
/// consumers that cannot read what a side sends, and calls nothing judges.
std::vector<Finding> channel_findings(const channels::ChannelComparison& channels);

/// One finding per database column and side that db-check judged.
std::vector<Finding> storage_findings(const std::vector<StorageFinding>& storage);

/// Every finding of a comparison: each structure's, then the database's.
/// With several candidates, a field finding of any candidate but the first
/// names its pair in the field ("finish_time (vs go)"): the first
/// candidate's ids stay what they were before another side was added.
/// Findings that do not depend on the pair (a side's own capture outcomes,
/// what a reader did with a side's documents) are merged into one.
std::vector<Finding> collect_findings(const Comparison& comparison);

/// Findings by severity, counted once for every summary line.
struct FindingCounts {
  std::size_t total = 0;
  std::size_t breaking = 0;
  std::size_t warning = 0;
  std::size_t info = 0;

  [[nodiscard]] std::size_t at_least(Severity severity) const;
};

FindingCounts count_findings(const std::vector<Finding>& findings);

/// "140 findings (19 breaking, 43 warning, 78 info)": the parts always add up.
std::string to_string(const FindingCounts& counts);

/// "1 structure", "12 structures": a count and its noun, singular or plural.
std::string counted(std::size_t count, const std::string& singular, const std::string& plural);

}  // namespace portcheck::compare
