#include "report/verdict.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "report/report.hpp"

namespace portcheck::report {

namespace {

/// "rule (field, field, field +2)": the fields a rule concerns, in order.
std::vector<std::string> top_reasons(const std::vector<FindingRow>& rows, compare::Severity severity) {
  std::vector<std::string> rules;  // in order of first occurrence
  std::map<std::string, std::vector<std::string>> fields;
  for (const FindingRow& row : rows) {
    if (row.finding.severity != severity) continue;
    const std::string rule = compare::rule_id(row.finding.rule);
    if (!fields.contains(rule)) rules.push_back(rule);
    std::vector<std::string>& named = fields[rule];
    if (std::find(named.begin(), named.end(), row.finding.field) == named.end()) named.push_back(row.finding.field);
  }
  std::stable_sort(rules.begin(), rules.end(), [&](const std::string& left, const std::string& right) {
    return fields[left].size() > fields[right].size();
  });
  std::vector<std::string> reasons;
  for (const std::string& rule : rules) {
    if (reasons.size() == 3) break;
    const std::vector<std::string>& named = fields[rule];
    std::string text = rule + " (";
    for (std::size_t index = 0; index < named.size() && index < 3; ++index) text += (index ? ", " : "") + named[index];
    if (named.size() > 3) text += " +" + std::to_string(named.size() - 3);
    reasons.push_back(text + ")");
  }
  return reasons;
}

}  // namespace

std::string Verdict::line() const {
  std::string text = status;
  for (std::size_t index = 0; index < reasons.size(); ++index) text += (index ? "; " : ": ") + reasons[index];
  return text;
}

std::string Verdict::tally() const {
  std::string text = compare::counted(findings.size(), "finding", "findings");
  if (findings.empty()) return text;
  text += " (" + std::to_string(breaking) + " breaking): " + compare::counted(known, "known gap", "known gaps") + ", " +
          std::to_string(fresh) + " new";
  if (info_unlisted > 0) text += ", " + std::to_string(info_unlisted) + " info needing no decision";
  return text;
}

Verdict verdict_of(const compare::StructureComparison& structure,
                   const std::map<std::string, std::string>& known_gaps) {
  Verdict verdict;
  verdict.status = compare::to_string(structure.observed_status);
  for (compare::Finding& finding : compare::structure_findings(structure)) {
    FindingRow row;
    row.id = compare::finding_id(finding);
    if (const auto known = known_gaps.find(row.id); known != known_gaps.end()) {
      row.known = true;
      row.reason = known->second;
    }
    row.finding = std::move(finding);
    verdict.findings.push_back(std::move(row));
  }
  std::stable_sort(
      verdict.findings.begin(), verdict.findings.end(),
      [](const FindingRow& left, const FindingRow& right) { return left.finding.severity > right.finding.severity; });
  for (const FindingRow& row : verdict.findings) {
    if (row.finding.severity == compare::Severity::breaking) ++verdict.breaking;
    if (row.known) ++verdict.known;
    if (!row.known && row.finding.severity >= compare::Severity::warning) ++verdict.fresh;
    if (!row.known && row.finding.severity < compare::Severity::warning) ++verdict.info_unlisted;
  }
  verdict.reasons = top_reasons(verdict.findings, compare::Severity::breaking);
  if (verdict.reasons.empty()) verdict.reasons = top_reasons(verdict.findings, compare::Severity::warning);

  if (structure.observed_status == compare::StructureStatus::not_observed) {
    // Evidence first: the findings of a wire nobody compared say little.
    verdict.next =
        "No evidence on the wire: no scenario has a fixture of both sides. Capture one (scripts/capture), "
        "or restore the fixtures that were deleted, and commit fixtures/.";
  } else if (verdict.fresh > 0) {
    verdict.next = "Review the " + compare::counted(verdict.fresh, "new finding", "new findings") +
                   ": fix the port, or accept each in reports/known-gaps.json with its reason "
                   "(portcheck check --update-known-gaps adds them).";
  } else if (verdict.breaking > 0) {
    verdict.next = "Accepted for now: every breaking finding is a known gap. To make " + structure.structure +
                   " compatible, fix " + verdict.reasons.front() + " first.";
  } else if (!verdict.findings.empty() && verdict.known > 0) {
    verdict.next = "Nothing new: the differences left are known gaps.";
  } else if (structure.observed_status == compare::StructureStatus::no_json) {
    verdict.next = "Nothing to compare on the wire: no side reads or writes it as JSON.";
  } else {
    verdict.next = "Nothing to do: no finding needs a decision.";
  }
  return verdict;
}

std::vector<const compare::FieldComparison*> fields_by_severity(const std::vector<compare::FieldComparison>& fields) {
  std::vector<const compare::FieldComparison*> ordered;
  for (const auto& field : fields) ordered.push_back(&field);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto* left, const auto* right) { return left->severity > right->severity; });
  return ordered;
}

std::string scenario_list(const std::vector<std::string>& scenarios, std::size_t shown) {
  if (scenarios.empty()) return "—";
  std::string text;
  for (std::size_t index = 0; index < scenarios.size() && index < shown; ++index) {
    text += (index ? ", " : "") + scenarios[index];
  }
  if (scenarios.size() > shown) text += " (+" + std::to_string(scenarios.size() - shown) + " more)";
  return text;
}

const std::vector<std::pair<std::string, std::string>>& report_terms() {
  static const std::vector<std::pair<std::string, std::string>> terms{
      {"claimed", "the status the reviewed document gives a structure"},
      {"declared", "the status the declared types (x-source-type) imply"},
      {"observed",
       "the status of the wire: fixtures captured from each side's own code, compared field by field "
       "and read by each side's real reader"},
      {"FULLY COMPATIBLE", "every field is `same` on the wire"},
      {"ENHANCED", "every field is `same` or written by the candidate only"},
      {"MOSTLY COMPATIBLE", "no breaking finding and no unreadable direction, but some fields differ"},
      {"INCOMPATIBLE", "a breaking finding, or a side that cannot read the other's documents"},
      {"CANDIDATE-ONLY", "only the candidate side has the structure (the document's ENHANCED agrees with it)"},
      {"REFERENCE-ONLY", "only the reference side has the structure: the port lacks it"},
      {"NO JSON", "no side has a JSON form of the structure: nothing to compare on the wire"},
      {"NOT OBSERVED",
       "both sides have a JSON form, but no scenario has a fixture of each: no evidence on the wire either way"},
      {"same", "equal text on both sides"},
      {compare::to_string(compare::FieldStatus::same_after_conversion),
       "equal values in different encodings (a naive and an offset timestamp of one instant); still breaking when a "
       "reader refuses the other encoding: severity comes from the readers, status from the values"},
      {compare::to_string(compare::FieldStatus::renamed), "the same values under another key at the same level"},
      {compare::to_string(compare::FieldStatus::relocated), "the same values at another place"},
      {compare::to_string(compare::FieldStatus::presence_mismatch),
       "null against absent, {} against null, or a value on one side only"},
      {compare::to_string(compare::FieldStatus::type_mismatch), "values of different kinds"},
      {compare::to_string(compare::FieldStatus::value_mismatch), "values of the same kind that differ"},
      {compare::to_string(compare::FieldStatus::reference_only),
       "a field only the reference side writes: the port drops it"},
      {compare::to_string(compare::FieldStatus::candidate_only), "a field only the candidate side writes: an addition"},
      {compare::to_string(compare::FieldStatus::declared_only), "a field a side declares in its code but never writes"},
      {"breaking", "a reader refuses the other side's value, or the kinds differ"},
      {"warning", "the value arrives changed, renamed or missing"},
      {"info", "no reader is affected"},
      {"known gap", "a finding listed in reports/known-gaps.json with the reason it is accepted"},
      {"new",
       "a finding of severity warning or above that reports/known-gaps.json does not list: `portcheck check` "
       "fails on it"},
  };
  return terms;
}

bool claim_agrees(const std::string& claimed, compare::StructureStatus observed) {
  if (claimed == compare::to_string(observed)) return true;
  return claimed == "ENHANCED" && observed == compare::StructureStatus::candidate_only;
}

std::string describe(const channels::ConsumerVerdict& verdict) {
  std::string text = channels::to_string(verdict.reading);
  if (!verdict.problem.empty()) text += ": " + verdict.problem;
  text += " (" + rules::to_string(verdict.evidence) + ")";
  if (!verdict.also.empty()) text += "; also " + verdict.also + " (" + rules::to_string(verdict.also_evidence) + ")";
  return text;
}

ChannelAnswer channel_answer(const channels::ChannelComparison& channels) {
  ChannelAnswer answer;
  answer.reference = channels.reference_side;
  answer.candidate = channels.candidate_side;
  // The reference's verdict on the same call: a consumer that cannot read
  // the reference either is no regression of the port.
  const auto reference_reads = [&](const channels::ConsumerVerdict& verdict) {
    for (const channels::ConsumerVerdict& other : channels.verdicts) {
      if (other.side == channels.reference_side && other.same_exchange(verdict)) {
        return other.reading != channels::Reading::cannot_read;
      }
    }
    return true;
  };
  for (const channels::ConsumerVerdict& verdict : channels.verdicts) {
    if (verdict.side != channels.candidate_side) continue;
    if (verdict.reading == channels::Reading::cannot_read && reference_reads(verdict)) answer.breaks.push_back(&verdict);
    if (verdict.reading == channels::Reading::cannot_tell) answer.unjudged.push_back(&verdict);
  }
  for (const channels::ConsumerVerdict& verdict : channels.verdicts) {
    if (verdict.side != channels.reference_side || verdict.reading != channels::Reading::cannot_read) continue;
    for (const channels::ConsumerVerdict& other : channels.verdicts) {
      if (other.side == channels.candidate_side && other.same_exchange(verdict) &&
          other.reading == channels::Reading::cannot_read) {
        answer.both_fail.push_back(&verdict);
        break;
      }
    }
  }
  for (const channels::RouteParity& route : channels.routes) {
    if (route.sides.contains(channels.reference_side) && !route.sides.contains(channels.candidate_side))
      ++answer.reference_only_routes;
  }
  for (const channels::StateParity& state : channels.state) {
    if (state.sides.contains(channels.reference_side) && !state.sides.contains(channels.candidate_side))
      ++answer.reference_only_state;
  }
  // Replaceable only on evidence: nothing breaks, nothing is missing, and
  // every consumer call was judged.
  answer.replaceable = answer.breaks.empty() && answer.reference_only_routes == 0 && answer.unjudged.empty() &&
                       !channels.verdicts.empty();
  const std::string reference = side_title(answer.reference);
  const std::string candidate = side_title(answer.candidate);
  if (!answer.breaks.empty()) {
    const channels::ConsumerVerdict& first = *answer.breaks.front();
    answer.line = "No: " + candidate + " cannot replace " + reference + " for its consumers. First to break: the " +
                  first.consumer + " cannot read " + candidate + "'s " + first.channel + " — " + first.problem +
                  " (" + rules::to_string(first.evidence) + ")" +
                  (first.also.empty() ? "" : "; also " + first.also + " (" + rules::to_string(first.also_evidence) + ")") +
                  ".";
  } else if (answer.reference_only_routes > 0) {
    answer.line = "No: " + candidate + " lacks " + compare::counted(answer.reference_only_routes, "route", "routes") +
                  " that " + reference + " serves, though every consumer call judged reads what " + candidate +
                  " sends.";
  } else if (channels.verdicts.empty()) {
    answer.line = "Not judged: no consumer's call to a runner was found in the consumers' source.";
  } else if (!answer.unjudged.empty()) {
    answer.line = "Not shown: every consumer call judged reads what " + candidate + " sends, but some could not "
                  "be judged.";
  } else {
    answer.line = "Yes: every consumer call reads what " + candidate + " sends as it reads " + reference + "'s.";
  }
  std::string also;
  if (answer.breaks.size() > 1) {
    also += compare::counted(answer.breaks.size(), "consumer call", "consumer calls") + " cannot read " + candidate;
  }
  if (answer.reference_only_routes > 0 && !answer.breaks.empty()) {
    also += std::string(also.empty() ? "" : "; ") +
            compare::counted(answer.reference_only_routes, "route", "routes") + " " + reference + " serves " +
            (answer.reference_only_routes == 1 ? "is" : "are") + " missing";
  }
  if (answer.reference_only_state > 0) {
    also += std::string(also.empty() ? "" : "; ") +
            compare::counted(answer.reference_only_state, "piece", "pieces") + " of state " + reference +
            " keeps, " + candidate + " does not";
  }
  if (!channels.forwarded.empty()) {
    also += std::string(also.empty() ? "" : "; ") +
            compare::counted(channels.forwarded.size(), "body", "bodies") +
            " the consumers pass on to their clients change shape";
  }
  if (!answer.unjudged.empty()) {
    also += std::string(also.empty() ? "" : "; ") +
            compare::counted(answer.unjudged.size(), "call", "calls") + " could not be judged";
  }
  if (!also.empty()) answer.line += " In all: " + also + ".";
  if (!answer.both_fail.empty()) {
    const channels::ConsumerVerdict& first = *answer.both_fail.front();
    answer.line += " Broken on " + reference + " too (" +
                   compare::counted(answer.both_fail.size(), "consumer call", "consumer calls") + "), first: the " +
                   first.consumer + " cannot read " + reference + "'s " + first.channel + " — " + first.problem + " (" +
                   rules::to_string(first.evidence) + ")";
    for (const channels::ConsumerVerdict& other : channels.verdicts) {
      if (other.side == channels.candidate_side && other.same_exchange(first)) {
        answer.line += "; nor " + candidate + "'s — " + other.problem + " (" + rules::to_string(other.evidence) + ")";
        break;
      }
    }
    answer.line += ".";
  }
  return answer;
}

std::vector<std::string> conclusion_lines(const compare::Comparison& comparison) {
  std::size_t unreadable = 0;
  std::size_t judged = 0;
  std::size_t observed_reads = 0;
  std::size_t disagreements = 0;
  std::size_t raised = 0;
  std::set<std::string> seen;  // a reference's own reads recur in every pair
  for (const auto& structure : comparison.structures) {
    for (const auto& readability : structure.readability) {
      if (!seen.insert(readability.id).second) continue;
      if (readability.observed) ++observed_reads;
      if (readability.observed && !readability.agrees()) ++disagreements;
      if (readability.writer == readability.reader) continue;
      ++judged;
      if (!readability.readable) ++unreadable;
    }
    for (const auto& [side, outcome] : structure.outcomes) {
      const bool raises = outcome.kind == compare::OutcomeKind::raised || outcome.kind == compare::OutcomeKind::refused;
      if (raises && seen.insert(structure.structure + "/" + side + "/" + outcome.scenario).second) ++raised;
    }
  }
  std::vector<std::string> lines;
  // The answer at the channels comes first: it is what the consumers see.
  for (const channels::ChannelComparison& channels : comparison.channels) lines.push_back(channel_answer(channels).line);
  const std::vector<PairView> pairs = pair_views(comparison);
  for (const PairView& pair : pairs) {
    const std::string label =
        pair.suffix.empty() ? "" : side_title(pair.reference) + " vs " + side_title(pair.candidate) + ": ";
    std::map<std::string, std::size_t> observed;
    for (const compare::StructureComparison* structure : pair.structures) {
      ++observed[compare::to_string(structure->observed_status)];
    }
    std::string line = label + std::to_string(pair.structures.size()) + " structures on the observed wire:";
    bool first = true;
    for (const auto& [status, count] : observed) {
      line += std::string(first ? " " : ", ") + std::to_string(count) + " " + status;
      first = false;
    }
    lines.push_back(line + ".");
  }
  const std::vector<compare::Finding> findings = compare::collect_findings(comparison);
  const compare::FindingCounts counts = compare::count_findings(findings);
  std::size_t known = 0;
  std::size_t fresh = 0;
  std::size_t info_unlisted = 0;
  for (const compare::Finding& finding : findings) {
    if (comparison.known_gaps.contains(compare::finding_id(finding))) {
      ++known;
    } else if (finding.severity >= compare::Severity::warning) {
      ++fresh;
    } else {
      ++info_unlisted;
    }
  }
  lines.push_back("Findings: " + std::to_string(counts.breaking) + " breaking, " + std::to_string(counts.warning) +
                  " warning, " + std::to_string(counts.info) + " info (" + std::to_string(counts.total) +
                  " in all; each is a structure, a field or side, and a rule); " +
                  compare::counted(known, "known gap", "known gaps") + ", " + std::to_string(fresh) + " new" +
                  (info_unlisted > 0 ? ", " + std::to_string(info_unlisted) + " info needing no decision" : "") + ".");
  lines.push_back("Readability: " + std::to_string(unreadable) + " of " + std::to_string(judged) +
                  " cross-side reads fail.");
  lines.push_back("Real readers: " + std::to_string(observed_reads) + " verdicts observed; the harness's prediction " +
                  (disagreements == 0 ? std::string("agrees with every one") + "."
                                      : "disagrees with " + std::to_string(disagreements) + "."));
  lines.push_back("Scenarios the real code raised on: " + std::to_string(raised) + ".");
  if (!comparison.attribute_claims.empty()) {
    const auto wrong = std::count_if(comparison.attribute_claims.begin(), comparison.attribute_claims.end(),
                                     [](const auto& check) { return check.holds == compare::ClaimHolds::no; });
    lines.push_back("Attribute claims: " + std::to_string(wrong) + " of " +
                    std::to_string(comparison.attribute_claims.size()) + " are contradicted by the code.");
  }
  for (const PairView& pair : pairs) {
    const std::string label =
        pair.suffix.empty() ? "" : side_title(pair.reference) + " vs " + side_title(pair.candidate) + ": ";
    std::size_t contradicted = 0;
    std::size_t claimed = 0;
    for (const compare::StructureComparison* structure : pair.structures) {
      if (structure->claimed.empty()) continue;
      ++claimed;
      if (!claim_agrees(structure->claimed, structure->observed_status)) ++contradicted;
    }
    lines.push_back(label + "Claims: " + std::to_string(contradicted) + " of " + std::to_string(claimed) +
                    " claimed statuses differ from the observed wire (ENHANCED agrees with CANDIDATE-ONLY).");
  }
  return lines;
}

}  // namespace portcheck::report
