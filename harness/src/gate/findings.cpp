#include "gate/findings.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>

#include "json/error.hpp"

namespace portcheck::gate {

std::string fingerprint(const std::string& structure, const std::string& field, const std::string& rule) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const std::string* part : {&structure, &field, &rule}) {
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

namespace {

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

/// A scenario outcome's rule: why a scenario has no ordinary fixture.
std::string outcome_rule(compare::OutcomeKind kind) {
  switch (kind) {
    case compare::OutcomeKind::raised:
      return "writer-raises";
    case compare::OutcomeKind::refused:
      return "reader-raises";
    case compare::OutcomeKind::not_representable:
      return "not-representable";
    default:
      return "";
  }
}

/// Findings from the captures: scenarios a side's real code could not write
/// (or, for a reader-only side, read), one per structure, side and rule.
void outcome_findings(const compare::StructureComparison& structure, std::vector<Finding>& findings) {
  std::map<std::pair<std::string, std::string>, Finding> grouped;
  for (const auto& [side, outcome] : structure.outcomes) {
    std::string rule = outcome_rule(outcome.kind);
    compare::Severity severity = compare::Severity::warning;
    if (rule.empty() && !outcome.unused.empty()) {
      rule = "scenario-value-unused";
      severity = compare::Severity::info;
    }
    if (rule.empty()) continue;
    Finding& finding = grouped[{side, rule}];
    std::string what = outcome.scenario;
    if (!outcome.error.empty())
      what += " (" + outcome.error + (outcome.during.empty() ? "" : " in " + outcome.during) + ")";
    if (rule == "scenario-value-unused") {
      std::string unused;
      for (const std::string& value : outcome.unused) unused += (unused.empty() ? "" : ", ") + value;
      what += " (" + unused + ")";
    }
    if (finding.rule.empty()) {
      finding.structure = structure.structure;
      finding.field = "(" + side + ")";
      finding.status = rule;
      finding.rule = rule;
      finding.severity = severity;
      finding.message = side + " " + what;
    } else {
      finding.message += "; " + what;
    }
  }
  for (auto& [key, finding] : grouped) {
    finding.fingerprint = fingerprint(finding.structure, finding.field, finding.rule);
    findings.push_back(std::move(finding));
  }
}

/// A key a side's reader skips in its own side's documents, and a key another
/// side leaves out that the reader holds as null, lose nothing: info. Every
/// other change is a warning: a value lost or altered, or a side whose own
/// output does not survive its own reader (the Rust polling backchannel read
/// back as Jenkins).
compare::Severity silent_change_severity(bool own_side, const compare::SilentChange& change) {
  if (own_side && change.kind == "ignored") return compare::Severity::info;
  if (!own_side && change.kind == "added" && change.read == "null") return compare::Severity::info;
  return compare::Severity::warning;
}

/// Findings from the real readers' verdicts: what a reader silently changed
/// in documents it accepted, one per place, direction and kind of change.
void silent_change_findings(const compare::StructureComparison& structure, std::vector<Finding>& findings) {
  std::map<std::string, Finding> grouped;
  std::map<std::string, std::size_t> occurrences;
  std::vector<std::string> order;
  for (const auto& readability : structure.readability) {
    for (const auto& change : readability.silent_changes) {
      const std::string field =
          pointer_pattern(change.pointer) + " (" + readability.writer + " read by " + readability.reader + ")";
      const std::string rule = "silent-" + change.kind;
      const std::string key = field + "\x1f" + rule;
      if (++occurrences[key] > 1) continue;
      order.push_back(key);
      Finding& finding = grouped[key];
      finding.structure = structure.structure;
      finding.field = field;
      finding.status = rule;
      finding.rule = rule;
      finding.severity = silent_change_severity(readability.writer == readability.reader, change);
      finding.message =
          readability.scenario + ": " + readability.reader + " " +
          (change.kind == "ignored" ? "never reads " + change.pointer + " (" + change.written + ")"
           : change.kind == "added" ? "adds " + change.pointer + " = " + change.read
                                    : "holds " + change.pointer + " as " + change.read + ", written " + change.written);
      finding.file = readability.file;
      finding.pointer = change.pointer;
    }
  }
  for (const std::string& key : order) {
    Finding finding = grouped.at(key);
    if (occurrences[key] > 1) finding.message += " (and " + std::to_string(occurrences[key] - 1) + " more fixtures)";
    finding.fingerprint = fingerprint(finding.structure, finding.field, finding.rule);
    findings.push_back(std::move(finding));
  }
}

}  // namespace

std::vector<Finding> findings_of(const compare::Comparison& comparison) {
  std::vector<Finding> findings;
  for (const auto& structure : comparison.structures) {
    for (const auto& field : structure.fields) {
      Finding finding;
      finding.structure = structure.structure;
      finding.field = field.name;
      finding.status = compare::to_string(field.status);
      finding.severity = field.severity;
      // Reader reasons read "<writer> → <reader>: <rule> at <pointer>: ...".
      std::set<std::string> rules;
      for (const std::string& reason : field.reasons) {
        const auto arrow = reason.find(" → ");
        const auto colon = reason.find(": ");
        if (arrow == std::string::npos || colon == std::string::npos || arrow > colon) continue;
        rules.insert(reason.substr(colon + 2, reason.find(' ', colon + 2) - colon - 2));
      }
      for (const std::string& rule : rules) finding.rule += (finding.rule.empty() ? "" : "+") + rule;
      if (finding.rule.empty()) finding.rule = finding.status;
      finding.message = field.reasons.empty() ? finding.status : field.reasons.front();
      if (!field.evidence.empty()) {
        const auto& evidence = field.evidence.front();
        const bool reference = !evidence.reference_file.empty() && !field.reference_pointer.empty();
        finding.file = reference ? evidence.reference_file : evidence.candidate_file;
        finding.pointer = reference ? field.reference_pointer : field.candidate_pointer;
        if (finding.message == finding.status) {
          finding.message = evidence.scenario + ": " + evidence.reference_value + " vs " + evidence.candidate_value +
                            (evidence.note.empty() ? "" : " (" + evidence.note + ")");
        }
      }
      finding.fingerprint = fingerprint(finding.structure, finding.field, finding.rule);
      findings.push_back(std::move(finding));
    }
    outcome_findings(structure, findings);
    silent_change_findings(structure, findings);
  }
  for (const auto& storage : comparison.storage) {
    Finding finding;
    finding.structure = "table:" + storage.table;
    finding.field = storage.column + " (" + storage.side + ")";
    finding.status = storage.rule == "decodes" ? "same" : "type-mismatch";
    finding.rule = storage.rule;
    finding.severity = storage.severity;
    finding.message = storage.column_type + " into " + storage.declared_type + ": " + storage.message;
    finding.fingerprint = fingerprint(finding.structure, finding.field, finding.rule);
    findings.push_back(std::move(finding));
  }
  return findings;
}

compare::Severity parse_severity(const std::string& name) {
  if (name == "breaking") return compare::Severity::breaking;
  if (name == "warning") return compare::Severity::warning;
  if (name == "info") return compare::Severity::info;
  throw Error("unknown severity \"" + name + "\" (severities: breaking, warning, info)");
}

}  // namespace portcheck::gate
