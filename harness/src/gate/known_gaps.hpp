#pragma once
/// reports/known-gaps.json: the reviewed list of accepted gaps. Like an
/// expected-failure list, it fails the gate both ways: a new finding that is
/// not listed, and a listed gap that no longer occurs.
///
/// An entry names a finding id (structure, field, rule) and covers every
/// scenario where that finding occurs; the scenarios it lists are where it
/// occurred when it was last updated, so that a gap that stops occurring can
/// be named with the scenarios it used to occur in.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compare/findings.hpp"
#include "rules/rules.hpp"

namespace portcheck::gate {

/// The reason a new entry gets; check refuses it until a person writes one.
inline constexpr const char* kTodoReason = "TODO: explain";

struct KnownGap {
  std::string structure;
  std::string field;
  compare::Rule rule = compare::Rule::value_mismatch;
  compare::Severity severity = compare::Severity::warning;
  std::vector<std::string> scenarios;
  std::string reason;
  std::size_t line = 0;  ///< where the entry starts in the file, 0 for an entry not read from one
  std::size_t column = 0;

  [[nodiscard]] std::string id() const { return compare::finding_id(structure, field, rule); }
  /// A database column's entry (a storage rule): judged only when a database is checked.
  [[nodiscard]] bool is_storage() const { return compare::rule_info(rule).kind == rules::RuleKind::storage; }
};

/// Loads the list; a missing file is an empty list. Throws portcheck::Error
/// with the line, column and pointer of an entry that is malformed, names an
/// unknown rule or severity, or repeats another entry's id.
std::vector<KnownGap> load_known_gaps(const std::filesystem::path& file);

/// The list as the reports show it: finding id → reason.
std::map<std::string, std::string> known_gap_reasons(const std::vector<KnownGap>& gaps);

/// What --update-known-gaps does to the list, before it writes anything.
struct KnownGapsUpdate {
  std::vector<KnownGap> gaps;      ///< the new list, sorted by id
  std::vector<std::string> added;  ///< ids of new entries (reason kTodoReason)
  std::vector<std::string> removed;
  std::vector<std::string> refreshed;  ///< entries whose scenarios or severity changed; reasons untouched

  [[nodiscard]] bool changes_anything() const { return !added.empty() || !removed.empty() || !refreshed.empty(); }
};

/// The scope of one gate run: which entries it may judge.
struct GapScope {
  compare::Severity fail_on = compare::Severity::warning;
  bool storage_checked = false;

  /// Whether this run judges the entry: entries below fail_on, and database
  /// entries without a database, are outside it and left untouched.
  [[nodiscard]] bool judges(const KnownGap& gap) const;
};

/// The list after today's findings: every finding at or above fail_on gets an
/// entry (new ones with kTodoReason); an entry inside the scope that no longer
/// occurs is removed; an entry that still occurs keeps its reason and gets
/// today's scenarios and severity; entries outside the scope are kept as they
/// are.
KnownGapsUpdate update_known_gaps(const std::vector<compare::Finding>& findings, const std::vector<KnownGap>& existing,
                                  const GapScope& scope);

/// The file's text for a list: canonical JSON, entries in the given order.
std::string known_gaps_text(const std::vector<KnownGap>& gaps);

}  // namespace portcheck::gate
