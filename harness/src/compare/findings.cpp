#include "compare/findings.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <set>

namespace portcheck::compare {

std::string finding_id(const std::string& structure, const std::string& field, Rule rule) {
  return structure + "/" + field + "/" + rule_id(rule);
}

std::string finding_id(const Finding& finding) { return finding_id(finding.structure, finding.field, finding.rule); }

std::string fingerprint(const std::string& structure, const std::string& field, const std::string& rule_id) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const std::string* part : {&structure, &field, &rule_id}) {
    for (const char character : *part + '\x1f') {
      hash ^= static_cast<unsigned char>(character);
      hash *= 1099511628211ULL;
    }
  }
  constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string text(16, '0');
  for (int index = 15; index >= 0; --index) {
    text[static_cast<std::size_t>(index)] = kHex[hash & 0xFU];
    hash >>= 4U;
  }
  return text;
}

std::string fingerprint(const Finding& finding) {
  return fingerprint(finding.structure, finding.field, rule_id(finding.rule));
}

std::size_t FindingCounts::at_least(Severity severity) const {
  switch (severity) {
    case Severity::breaking:
      return breaking;
    case Severity::warning:
      return breaking + warning;
    case Severity::info:
      return total;
  }
  return total;
}

FindingCounts count_findings(const std::vector<Finding>& findings) {
  FindingCounts counts;
  for (const Finding& finding : findings) {
    ++counts.total;
    switch (finding.severity) {
      case Severity::breaking:
        ++counts.breaking;
        break;
      case Severity::warning:
        ++counts.warning;
        break;
      case Severity::info:
        ++counts.info;
        break;
    }
  }
  return counts;
}

std::string counted(std::size_t count, const std::string& singular, const std::string& plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

std::string to_string(const FindingCounts& counts) {
  return counted(counts.total, "finding", "findings") + " (" + std::to_string(counts.breaking) + " breaking, " +
         std::to_string(counts.warning) + " warning, " + std::to_string(counts.info) + " info)";
}

namespace {

void add_scenario(Finding& finding, const std::string& scenario) {
  if (scenario.empty()) return;
  const auto at = std::lower_bound(finding.scenarios.begin(), finding.scenarios.end(), scenario);
  if (at == finding.scenarios.end() || *at != scenario) finding.scenarios.insert(at, scenario);
}

void add_direction(Finding& finding, const std::string& writer, const std::string& reader) {
  const std::pair<std::string, std::string> direction{writer, reader};
  if (std::find(finding.directions.begin(), finding.directions.end(), direction) == finding.directions.end()) {
    finding.directions.push_back(direction);
  }
}

/// A field finding's common part: structure, place and pointers per side.
Finding field_base(const StructureComparison& structure, const FieldComparison& field, Rule rule) {
  Finding finding;
  finding.structure = structure.structure;
  finding.field = field.name;
  finding.rule = rule;
  if (!field.reference_pointer.empty() || field.name == "(value)") {
    finding.pointers[structure.reference_side] = field.reference_pointer;
  }
  if (!field.candidate_pointer.empty() || field.name == "(value)") {
    finding.pointers[structure.candidate_side] = field.candidate_pointer;
  }
  return finding;
}

/// One finding per reader rule that refuses the field's values.
void refusal_findings(const StructureComparison& structure, const FieldComparison& field,
                      std::vector<Finding>& findings) {
  std::map<Rule, Finding> by_rule;
  std::vector<Rule> order;
  for (const FieldRefusal& refusal : field.refusals) {
    auto [entry, added] = by_rule.try_emplace(refusal.refusal.rule);
    Finding& finding = entry->second;
    if (added) {
      order.push_back(refusal.refusal.rule);
      finding = field_base(structure, field, refusal.refusal.rule);
      finding.severity = Severity::breaking;
      finding.message = refusal.writer + " → " + refusal.reader + ": " + describe(refusal.refusal);
      finding.file = refusal.file;
      finding.pointer = refusal.writer == structure.reference_side ? field.reference_pointer : field.candidate_pointer;
    }
    add_scenario(finding, refusal.scenario);
    add_direction(finding, refusal.writer, refusal.reader);
  }
  for (const Rule rule : order) findings.push_back(std::move(by_rule.at(rule)));
}

/// One finding per status the field shows in some scenario (a field renamed
/// in every scenario, null on one side in another, gives two).
void status_findings(const StructureComparison& structure, const FieldComparison& field,
                     std::vector<Finding>& findings) {
  std::map<FieldStatus, std::vector<std::string>> scenarios;
  std::vector<FieldStatus> order;
  const auto note = [&](FieldStatus status, const std::string& scenario) {
    auto [entry, added] = scenarios.try_emplace(status);
    if (added) order.push_back(status);
    if (!scenario.empty()) entry->second.push_back(scenario);
  };
  if (field.placement != FieldStatus::same) note(field.placement, "");
  for (const auto& [scenario, status] : field.statuses) {
    if (field.placement != FieldStatus::same) note(field.placement, scenario);
    if (status != FieldStatus::same) note(status, scenario);
  }
  if (field.statuses.empty() && field.status != FieldStatus::same) note(field.status, "");
  for (const FieldStatus status : order) {
    Finding finding = field_base(structure, field, status_rule(status));
    finding.severity = rule_info(finding.rule).severity;
    if (status == FieldStatus::declared_only && field.evidence.empty()) finding.severity = Severity::info;
    for (const std::string& scenario : scenarios.at(status)) add_scenario(finding, scenario);
    const auto evidence = std::find_if(field.evidence.begin(), field.evidence.end(), [&](const Evidence& item) {
      return item.status == status || status == field.placement;
    });
    if (evidence != field.evidence.end()) {
      finding.message = evidence->scenario + ": " + codec::shown(evidence->reference_value) + " vs " +
                        codec::shown(evidence->candidate_value) +
                        (evidence->note.empty() ? "" : " (" + evidence->note + ")");
      finding.values = {{evidence->scenario, structure.reference_side, evidence->reference_value},
                        {evidence->scenario, structure.candidate_side, evidence->candidate_value}};
      // Point at a fixture where the value is: the reference's, unless it leaves it out.
      const bool reference = !evidence->reference_file.empty() && !field.reference_pointer.empty() &&
                             (evidence->reference_value || !evidence->candidate_value);
      finding.file = reference ? evidence->reference_file : evidence->candidate_file;
      finding.pointer = reference ? field.reference_pointer : field.candidate_pointer;
    } else {
      finding.message = field.notes.empty() ? to_string(status) : field.notes.front();
    }
    if (status == field.placement && !field.notes.empty()) finding.message = field.notes.front();
    findings.push_back(std::move(finding));
  }
}

Rule outcome_rule(OutcomeKind kind) {
  switch (kind) {
    case OutcomeKind::raised:
      return Rule::writer_raises;
    case OutcomeKind::refused:
      return Rule::reader_raises;
    case OutcomeKind::not_representable:
      return Rule::not_representable;
    default:
      return Rule::scenario_value_unused;
  }
}

/// Scenarios a side's real code could not write (or, reader-only, read), one
/// finding per structure, side and rule.
void outcome_findings(const StructureComparison& structure, std::vector<Finding>& findings) {
  std::map<std::pair<std::string, Rule>, Finding> grouped;
  for (const auto& [side, outcome] : structure.outcomes) {
    const bool written = outcome.kind == OutcomeKind::written || outcome.kind == OutcomeKind::read_back;
    if (written && outcome.unused.empty()) continue;
    const Rule rule = outcome_rule(outcome.kind);
    std::string what = outcome.scenario;
    if (!outcome.error.empty())
      what += " (" + outcome.error + (outcome.during.empty() ? "" : " in " + outcome.during) + ")";
    if (rule == Rule::scenario_value_unused) {
      std::string unused;
      for (const std::string& value : outcome.unused) unused += (unused.empty() ? "" : ", ") + value;
      what += " (" + unused + ")";
    }
    auto [entry, added] = grouped.try_emplace({side, rule});
    Finding& finding = entry->second;
    if (added) {
      finding.structure = structure.structure;
      finding.field = "(" + side + ")";
      finding.rule = rule;
      finding.severity = rule_info(rule).severity;
      finding.message = side + " " + what;
    } else {
      finding.message += "; " + what;
    }
    add_scenario(finding, outcome.scenario);
  }
  for (auto& [key, finding] : grouped) findings.push_back(std::move(finding));
}

/// Definitions a side's tree no longer has where the manifest says: one
/// finding per side and definition.
void located_findings(const StructureComparison& structure, std::vector<Finding>& findings) {
  for (const auto& [side, located] : structure.located) {
    Finding finding;
    finding.structure = structure.structure;
    finding.field = "(" + side + ")";
    finding.rule = located.rule;
    finding.severity = rule_info(finding.rule).severity;
    finding.message = located.rule != Rule::definition_moved
                          ? side + " " + located.item + ": " + located.reason
                          : side + " " + located.item + " moved from " + located.from + " to " + located.to +
                                ": captured from there; point the manifest's definitions." + side + " at it";
    findings.push_back(std::move(finding));
  }
}

/// A pointer with its array indices as "*", so that one change found in
/// several elements is one finding.
std::string pointer_pattern(const std::string& pointer) {
  std::string pattern;
  std::size_t start = 0;
  while (start < pointer.size()) {
    const std::size_t end = pointer.find('/', start + 1);
    const std::string token = pointer.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
    const bool index = !token.empty() && std::all_of(token.begin(), token.end(), ::isdigit);
    pattern += "/" + (index ? std::string("*") : token);
    if (end == std::string::npos) break;
    start = end;
  }
  return pattern.empty() ? "(value)" : pattern;
}

Rule silent_rule(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::ignored:
      return Rule::silent_ignored;
    case ChangeKind::added:
      return Rule::silent_added;
    case ChangeKind::changed:
      return Rule::silent_changed;
  }
  return Rule::silent_changed;
}

/// The registry's severity, but info for a key a reader skips in its own side's
/// documents and for another side's absent key it holds as null: nothing is
/// lost then. A side whose own output does not survive its own reader (the
/// Rust polling backchannel read back as Jenkins) stays a warning.
Severity silent_change_severity(bool own_side, const SilentChange& change) {
  if (own_side && change.kind == ChangeKind::ignored) return Severity::info;
  if (!own_side && change.kind == ChangeKind::added && change.read == "null") return Severity::info;
  return rule_info(silent_rule(change.kind)).severity;
}

/// What real readers silently changed in documents they accepted: one finding
/// per place, direction and kind of change.
void silent_change_findings(const StructureComparison& structure, std::vector<Finding>& findings) {
  std::map<std::string, Finding> grouped;
  std::vector<std::string> order;
  for (const auto& readability : structure.readability) {
    for (const auto& change : readability.silent_changes) {
      const std::string field =
          pointer_pattern(change.pointer) + " (" + readability.writer + " read by " + readability.reader + ")";
      const Rule rule = silent_rule(change.kind);
      const std::string key = finding_id(structure.structure, field, rule);
      auto [entry, added] = grouped.try_emplace(key);
      Finding& finding = entry->second;
      if (added) {
        order.push_back(key);
        finding.structure = structure.structure;
        finding.field = field;
        finding.rule = rule;
        finding.severity = silent_change_severity(readability.writer == readability.reader, change);
        finding.pointers[readability.writer] = change.pointer;
        finding.message =
            readability.scenario + ": " + readability.reader + " " +
            (change.kind == ChangeKind::ignored ? "never reads " + change.pointer + " (" + change.written + ")"
             : change.kind == ChangeKind::added
                 ? "adds " + change.pointer + " = " + change.read
                 : "holds " + change.pointer + " as " + change.read + ", written " + change.written);
        finding.file = readability.file;
        finding.pointer = change.pointer;
        finding.values = {{readability.scenario, readability.writer, change.written},
                          {readability.scenario, readability.reader, change.read}};
      }
      add_scenario(finding, readability.scenario);
      add_direction(finding, readability.writer, readability.reader);
    }
  }
  for (const std::string& key : order) {
    Finding& finding = grouped.at(key);
    if (finding.scenarios.size() > 1) {
      finding.message += " (and " + std::to_string(finding.scenarios.size() - 1) + " more scenarios)";
    }
    findings.push_back(std::move(finding));
  }
}

}  // namespace

/// A structure NOT OBSERVED on the wire: its fields were never compared, so
/// the gate fails until a scenario shows it on both sides (or the gap is
/// accepted with its reason), rather than passing on nothing.
void evidence_findings(const StructureComparison& structure, std::vector<Finding>& findings) {
  if (structure.observed_status != StructureStatus::not_observed) return;
  Finding finding;
  finding.structure = structure.structure;
  finding.field = "(wire)";
  finding.rule = Rule::not_observed;
  finding.severity = rule_info(finding.rule).severity;
  finding.evidence = EvidenceKind::none;
  finding.message = "no scenario has a fixture of both " + structure.reference_side + " and " +
                    structure.candidate_side + ": capture one (scripts/capture), or restore the fixtures deleted";
  findings.push_back(std::move(finding));
}

std::vector<Finding> structure_findings(const StructureComparison& structure) {
  std::vector<Finding> findings;
  evidence_findings(structure, findings);
  for (const auto& field : structure.fields) {
    refusal_findings(structure, field, findings);
    status_findings(structure, field, findings);
  }
  outcome_findings(structure, findings);
  located_findings(structure, findings);
  silent_change_findings(structure, findings);
  return findings;
}

std::vector<Finding> collect_findings(const Comparison& comparison) {
  std::vector<Finding> findings;
  std::map<std::string, std::size_t> index;  // id → position, to merge what several pairs share
  for (const auto& structure : comparison.structures) {
    // The first candidate's field findings keep plain ids, so that adding a
    // side leaves the known gaps of the first one as they are.
    const bool qualify =
        !comparison.candidate_sides.empty() && structure.candidate_side != comparison.candidate_sides.front();
    for (Finding& finding : structure_findings(structure)) {
      // Field and reader findings belong to the pair; a side's capture
      // outcomes and what a reader did with a side's documents do not.
      const RuleKind kind = rule_info(finding.rule).kind;
      if (qualify && (kind == RuleKind::field || kind == RuleKind::reader)) {
        finding.field += " (vs " + structure.candidate_side + ")";
      }
      const auto [at, added] = index.emplace(finding_id(finding), findings.size());
      if (added) {
        findings.push_back(std::move(finding));
        continue;
      }
      Finding& kept = findings[at->second];
      for (const std::string& scenario : finding.scenarios) add_scenario(kept, scenario);
      for (const auto& [writer, reader] : finding.directions) add_direction(kept, writer, reader);
    }
  }
  for (const channels::ChannelComparison& pair : comparison.channels) {
    const bool qualify = !comparison.candidate_sides.empty() && pair.candidate_side != comparison.candidate_sides.front();
    for (Finding& finding : channel_findings(pair)) {
      if (qualify) finding.field += " (vs " + pair.candidate_side + ")";
      findings.push_back(std::move(finding));
    }
  }
  for (Finding& finding : storage_findings(comparison.storage)) findings.push_back(std::move(finding));
  return findings;
}

Rule body_rule(channels::BodyDifference difference) {
  switch (difference) {
    case channels::BodyDifference::reference_only:
      return Rule::reference_only;
    case channels::BodyDifference::candidate_only:
      return Rule::candidate_only;
    case channels::BodyDifference::presence_mismatch:
      return Rule::presence_mismatch;
    case channels::BodyDifference::type_mismatch:
      return Rule::type_mismatch;
    case channels::BodyDifference::value_mismatch:
      return Rule::value_mismatch;
  }
  return Rule::value_mismatch;
}

std::vector<Finding> channel_findings(const channels::ChannelComparison& pair) {
  constexpr const char* kChannelsFile = "fixtures/channels/channels.json";
  std::vector<Finding> findings;
  const std::string& reference = pair.reference_side;
  const std::string& candidate = pair.candidate_side;
  for (const channels::RouteParity& route : pair.routes) {
    const bool in_reference = route.sides.contains(reference);
    const bool in_candidate = route.sides.contains(candidate);
    if (in_reference == in_candidate) continue;
    const channels::Route& declared = route.sides.at(in_reference ? reference : candidate);
    Finding finding;
    finding.structure = "routes";
    finding.field = route.key;
    finding.rule = in_reference ? Rule::route_reference_only : Rule::route_candidate_only;
    finding.severity = rule_info(finding.rule).severity;
    finding.evidence = EvidenceKind::read_from_source;
    finding.source_place = declared.place.text();
    finding.message = declared.side + " serves " + declared.method + " " + declared.path + " (" + declared.app +
                      " app, handler " + declared.handler + ", " + declared.place.text() + "); " +
                      (in_reference ? candidate : reference) + " has no such route";
    finding.file = kChannelsFile;
    finding.pointer = declared.pointer;
    findings.push_back(std::move(finding));
  }
  for (const channels::StateParity& state : pair.state) {
    const bool in_reference = state.sides.contains(reference);
    const bool in_candidate = state.sides.contains(candidate);
    if (in_reference == in_candidate) continue;
    const std::vector<channels::StateUse>& uses = state.sides.at(in_reference ? reference : candidate);
    std::set<std::string> directions;
    for (const channels::StateUse& use : uses) directions.insert(use.direction == "write" ? "writes" : "reads");
    std::string how;
    for (const std::string& direction : directions) how += (how.empty() ? "" : " and ") + direction;
    Finding finding;
    finding.structure = "state";
    finding.field = state.key;
    finding.rule = in_reference ? Rule::state_reference_only : Rule::state_candidate_only;
    finding.severity = rule_info(finding.rule).severity;
    finding.evidence = EvidenceKind::read_from_source;
    finding.source_place = uses.front().place.text();
    finding.message = uses.front().side + " " + how + " " + state.key + " (" + counted(uses.size(), "use", "uses") +
                      ", first in " + uses.front().function + " at " + uses.front().place.text() + "); " +
                      (in_reference ? candidate : reference) + " never uses it";
    finding.file = kChannelsFile;
    finding.pointer = uses.front().pointer;
    findings.push_back(std::move(finding));
  }
  // What the two sides' real code writes on a channel, place by place: the
  // field rules, on the channel's bodies.
  for (const channels::BodyComparison& body : pair.bodies) {
    for (const channels::BodyPlace& place : body.places) {
      Finding finding;
      finding.structure = body.channel;
      finding.field = place.pointer.empty() ? "(body)" : place.pointer;
      finding.pointers = {{reference, place.pointer}, {candidate, place.pointer}};
      finding.rule = body_rule(place.difference);
      finding.severity = rule_info(finding.rule).severity;
      finding.evidence = EvidenceKind::executed;
      for (const std::string& scenario : place.scenarios) add_scenario(finding, scenario);
      const auto value = [](const std::string& text) {
        return text.empty() ? std::optional<std::string>() : std::optional<std::string>(text);
      };
      finding.values = {{place.scenarios.front(), reference, value(place.reference_value)},
                        {place.scenarios.front(), candidate, value(place.candidate_value)}};
      finding.message = body.channel + " at " + finding.field + ": " + reference + " (" + body.reference_writer +
                        ") writes " + (place.reference_value.empty() ? "nothing" : place.reference_value) + ", " +
                        candidate + " (" + body.candidate_writer + ") " +
                        (place.candidate_value.empty() ? "nothing" : place.candidate_value) + " (in " +
                        counted(place.scenarios.size(), "scenario", "scenarios") + ")";
      finding.file = place.reference_value.empty() ? place.candidate_file : place.reference_file;
      finding.pointer = place.pointer;
      findings.push_back(std::move(finding));
    }
  }
  for (const channels::ForwardedBody& forwarded : pair.forwarded) {
    Finding finding;
    finding.structure = "channels";
    finding.field = forwarded.channel + " (forwarded by " + forwarded.consumer + ")";
    finding.rule = Rule::forwarded_body_differs;
    finding.severity = forwarded.kind_differs ? Severity::breaking : Severity::warning;
    finding.evidence = EvidenceKind::read_from_source;
    finding.source_place = forwarded.candidate_place.text();
    finding.directions = {{candidate, forwarded.consumer}};
    finding.message = forwarded.consumer + "'s " + forwarded.function + " passes the body of " + forwarded.channel +
                      " on as it is: " + reference + " answers " + forwarded.reference_shape + " (" +
                      forwarded.reference_place.text() + "), " + candidate + " " + forwarded.candidate_shape + " (" +
                      forwarded.candidate_place.text() + ")";
    finding.file = kChannelsFile;
    finding.pointer = forwarded.pointer;
    findings.push_back(std::move(finding));
  }
  for (const channels::ConsumerVerdict& verdict : pair.verdicts) {
    if (verdict.reading == channels::Reading::reads) continue;
    Finding finding;
    finding.structure = "channels";
    finding.field = verdict.channel + " (" + verdict.direction + ")";
    finding.rule = verdict.reading == channels::Reading::cannot_read ? Rule::consumer_cannot_read
                                                                      : Rule::consumer_unjudged;
    finding.severity = rule_info(finding.rule).severity;
    finding.evidence = verdict.evidence;
    // Who writes and who reads: the consumer uploads, or the side answers.
    finding.directions = {verdict.upload ? std::pair{verdict.consumer, verdict.side}
                                         : std::pair{verdict.side, verdict.consumer}};
    // The bodies' scenarios (their file names): where the finding occurs.
    for (const std::string& body : verdict.bodies) add_scenario(finding, std::filesystem::path(body).stem().string());
    finding.message = verdict.consumer + " (" + verdict.reader + ") " + channels::to_string(verdict.reading) + " " +
                      verdict.channel + " of the " + verdict.side + " runner: " + verdict.problem +
                      (verdict.also.empty() ? "" : "; also " + verdict.also + " (" + rules::to_string(verdict.also_evidence) + ")");
    if (verdict.evidence == EvidenceKind::read_from_source) {
      finding.source_place = verdict.file + ":" + std::to_string(verdict.line);
      finding.file = kChannelsFile;
      finding.pointer = verdict.pointer;
    } else {
      finding.file = verdict.file;
    }
    findings.push_back(std::move(finding));
  }
  return findings;
}

std::vector<Finding> storage_findings(const std::vector<StorageFinding>& storage_list) {
  std::vector<Finding> findings;
  for (const auto& storage : storage_list) {
    Finding finding;
    finding.structure = "table:" + storage.table;
    finding.field = storage.column + " (" + storage.side + ")";
    finding.pointers[storage.side] = storage.field;
    finding.rule = storage.rule;
    finding.severity = storage.severity;
    finding.message = storage.column_type + " into " + storage.declared_type + ": " + storage.message;
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace portcheck::compare
