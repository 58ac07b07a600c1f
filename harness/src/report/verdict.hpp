#pragma once
/// What every renderer says about a structure before its tables, computed
/// once here so that Markdown, HTML, JSON and the terminal cannot differ: a
/// one-line verdict with its top reasons, each finding as known gap or new,
/// and what to do next; plus the terms the reports use and the conclusion.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compare/comparison.hpp"
#include "compare/findings.hpp"

namespace portcheck::report {

/// One finding of a structure, and whether reports/known-gaps.json accepts it.
struct FindingRow {
  compare::Finding finding;
  std::string id;  ///< the known-gaps id
  bool known = false;
  std::string reason;  ///< why it is accepted; empty when new
};

struct Verdict {
  std::string status;  ///< the observed status, e.g. "INCOMPATIBLE"
  /// The breaking rules first, each with the fields it concerns, e.g.
  /// "naive-timestamp-unreadable (finish_time, start_time)"; at most three.
  std::vector<std::string> reasons;
  std::size_t breaking = 0;
  std::size_t known = 0;  ///< findings listed in known-gaps.json
  std::size_t fresh = 0;  ///< findings not listed (severity warning and above)
  std::size_t info_unlisted = 0;  ///< info findings not listed: no decision needed
  std::string next;       ///< what to do next, one sentence
  /// Every finding, most severe first (the structure's order within one severity).
  std::vector<FindingRow> findings;

  /// "INCOMPATIBLE: naive-timestamp-unreadable (finish_time, start_time); ..."
  [[nodiscard]] std::string line() const;
  /// "17 findings (4 breaking): 13 known gaps, 0 new, 4 info needing no
  /// decision": the three counts add up to the findings.
  [[nodiscard]] std::string tally() const;
};

/// `known_gaps`: finding id → reason, as reports/known-gaps.json lists them.
Verdict verdict_of(const compare::StructureComparison& structure, const std::map<std::string, std::string>& known_gaps);

/// A structure's field rows, most severe first (compared order within one
/// severity): the table order of every renderer.
std::vector<const compare::FieldComparison*> fields_by_severity(const std::vector<compare::FieldComparison>& fields);

/// "a, b, c (+4 more)": the scenarios of a finding, shortened for a table.
std::string scenario_list(const std::vector<std::string>& scenarios, std::size_t shown = 3);

/// Every status and term the reports use, with its meaning, in report order.
const std::vector<std::pair<std::string, std::string>>& report_terms();

/// Whether a claimed status agrees with the observed one: equal, or the same
/// verdict in the document's words (ENHANCED for a structure only the
/// candidate has).
bool claim_agrees(const std::string& claimed, compare::StructureStatus observed);

/// The answer a reviewer asks first, per candidate: can it replace the
/// reference for the components that talk to it, and what breaks first.
struct ChannelAnswer {
  std::string reference;
  std::string candidate;
  bool replaceable = true;
  /// "No: Rust cannot replace Python for its consumers. First to break: ..."
  std::string line;
  /// The candidate's consumer verdicts that cannot read while the
  /// reference's can (or cannot tell), in the manifest's consumer order: the
  /// first is what breaks first.
  std::vector<const channels::ConsumerVerdict*> breaks;
  /// Consumer calls on the candidate nothing could judge.
  std::vector<const channels::ConsumerVerdict*> unjudged;
  /// The reference's consumer verdicts that cannot read where the
  /// candidate cannot either: broken before the port, named beside its answer.
  std::vector<const channels::ConsumerVerdict*> both_fail;
  std::size_t reference_only_routes = 0;
  std::size_t reference_only_state = 0;
};

ChannelAnswer channel_answer(const channels::ChannelComparison& channels);

/// "cannot read: missing field `id` (executed)": one verdict in a few words.
std::string describe(const channels::ConsumerVerdict& verdict);

/// The conclusion's lines, for every renderer.
std::vector<std::string> conclusion_lines(const compare::Comparison& comparison);

}  // namespace portcheck::report
