#include <algorithm>
#include <filesystem>
#include <map>

#include "report/report.hpp"
#include "report/type_mapping.hpp"

namespace portcheck::report {

namespace {

using compare::FieldStatus;
using compare::Severity;

/// Table cells cannot hold '|' or line breaks.
std::string cell(const std::string& text) {
  std::string escaped;
  for (char character : text) {
    if (character == '|') {
      escaped += "\\|";
    } else if (character == '\n') {
      escaped += ' ';
    } else {
      escaped += character;
    }
  }
  return escaped;
}

std::string code(const std::string& text) { return text.empty() ? "" : "`" + cell(shorten(text, 70)) + "`"; }

std::string status_mark(compare::StructureStatus status) {
  switch (status) {
    case compare::StructureStatus::fully_compatible:
      return "✅ ";
    case compare::StructureStatus::enhanced:
      return "✅ ";
    case compare::StructureStatus::mostly_compatible:
      return "⚠️ ";
    case compare::StructureStatus::incompatible:
      return "❌ ";
    default:
      return "";
  }
}

/// Links from reports/ to the fixture files behind a finding.
std::string file_link(const std::string& file, const std::string& label) {
  if (file.empty()) return "";
  const std::string target = std::filesystem::path(file).is_absolute() ? file : "../" + file;
  return "[" + label + "](" + target + ")";
}

std::string file_links(const std::string& reference_file, const std::string& candidate_file) {
  const std::string reference = file_link(reference_file, "ref");
  const std::string candidate = file_link(candidate_file, "cand");
  if (reference.empty() && candidate.empty()) return "";
  return " (" + reference + (reference.empty() || candidate.empty() ? "" : ", ") + candidate + ")";
}

std::string evidence_cell(const compare::FieldComparison& field) {
  std::string text;
  std::size_t shown = 0;
  for (const auto& evidence : field.evidence) {
    if (shown == 2) {
      text += " (+" + std::to_string(field.evidence.size() - shown) + " more scenarios)";
      break;
    }
    if (!text.empty()) text += "<br>";
    text += "*" + evidence.scenario + "*" + file_links(evidence.reference_file, evidence.candidate_file) + ": " +
            code(evidence.reference_value) + " vs " + code(evidence.candidate_value);
    if (!evidence.note.empty()) text += " (" + cell(evidence.note) + ")";
    ++shown;
  }
  return text;
}

std::string side_code_line(const std::string& side, const compare::CodeSummary& code) {
  std::string line = "- **" + side_title(side) + " code**: `" + code.definition + "` (" + code.location + ")";
  if (code.writes || code.reads) {
    line += ": writes with " + (code.writes ? code.serializer : std::string("nothing")) + ", reads with " +
            (code.reads ? code.reader : std::string("nothing"));
  } else {
    line += ": no JSON form";
  }
  if (!code.why_not.empty()) line += " (" + cell(code.why_not) + ")";
  return line + "\n";
}

std::string changes_cell(const std::vector<compare::SilentChange>& changes) {
  std::string text;
  std::size_t shown = 0;
  for (const auto& change : changes) {
    if (shown == 3) {
      text += "<br>(+" + std::to_string(changes.size() - shown) + " more)";
      break;
    }
    if (!text.empty()) text += "<br>";
    text += change.kind + " " + code(change.pointer);
    if (change.kind == "changed") text += ": " + code(change.written) + " → " + code(change.read);
    if (change.kind == "added") text += ": " + code(change.read);
    ++shown;
  }
  return text;
}

std::string prediction_cell(const compare::Readability& readability) {
  if (readability.readable) return "reads";
  std::string text = "**refuses**: ";
  for (std::size_t index = 0; index < readability.reasons.size() && index < 2; ++index) {
    text += (index > 0 ? "; " : "") + cell(shorten(readability.reasons[index], 120));
  }
  if (readability.reasons.size() > 2) text += " (+" + std::to_string(readability.reasons.size() - 2) + " more)";
  return text;
}

std::string observation_cell(const compare::Readability& readability) {
  if (!readability.observed) return "—";
  std::string text = readability.observed_readable ? "accepts" : "**refuses**: " + code(readability.observed_error);
  if (!readability.agrees()) text += " ❗ **the prediction disagrees**";
  return text;
}

void render_attribute_claims(const compare::Comparison& comparison, std::string& out) {
  if (comparison.attribute_claims.empty()) return;
  out +=
      "\n## What the document says about single attributes\n\n"
      "Each claim of the reviewed document about one attribute, against what each side's code declares "
      "(the captured definitions) and writes (its schema, from its serializer's fixtures).\n\n"
      "| Attribute | The document says | Claim | ";
  std::vector<std::string> sides{comparison.reference_side, comparison.candidate_side};
  for (const std::string& side : sides) out += side_title(side) + " code | ";
  out += "Verdict |\n|---|---|---|";
  for (std::size_t index = 0; index < sides.size(); ++index) out += "---|";
  out += "---|\n";
  for (const auto& check : comparison.attribute_claims) {
    out += "| `" + check.structure + "." + check.attribute + "` | " + cell(check.claim) + " | " +
           cell(check.statement) + " | ";
    for (const std::string& side : sides) {
      const auto facts =
          std::find_if(check.sides.begin(), check.sides.end(), [&](const auto& entry) { return entry.side == side; });
      if (facts == check.sides.end()) {
        out += "— | ";
        continue;
      }
      out += (facts->declared ? "declares " + code(facts->declared_type) : std::string("does not declare it")) + "; " +
             cell(facts->written) + " | ";
    }
    out += cell(check.verdict) + " |\n";
  }
}

}  // namespace

std::string render_markdown(const compare::Comparison& comparison, const std::string& claims_source) {
  const std::string reference = side_title(comparison.reference_side);
  const std::string candidate = side_title(comparison.candidate_side);
  std::string out;
  out += "# Data structure compatibility: " + reference + " vs " + candidate + "\n\n";
  out += "Generated by `portcheck report` from `schemas/` and `fixtures/`: do not edit; regenerate. " + reference +
         " is the reference side, " + candidate +
         " the candidate. Claims checked: " + (claims_source.empty() ? "none" : "`" + claims_source + "`") + ".\n\n";
  out +=
      "Each structure has three statuses: what the reviewed document **claimed**, what the **declared** types "
      "(`x-source-type`) imply, and what the **observed** wire shows: fixtures captured from each side's own "
      "serializer, compared field by field, and read with each side's real reader.\n\n";
  if (!comparison.sources.empty()) {
    out += "Evidence captured from the runners' own code:";
    for (std::size_t index = 0; index < comparison.sources.size(); ++index) {
      const auto& source = comparison.sources[index];
      out += std::string(index > 0 ? ";" : "") + " " + source.side + " from `" + source.repository + "` at `" +
             source.revision.substr(0, 12) + "` (" + std::to_string(source.files) + " source files";
      if (!source.stubs.empty()) out += ", " + std::to_string(source.stubs.size()) + " packages stubbed";
      out += ")";
    }
    out += ". Each fixture folder's `capture.json` lists the files with their SHA-256.\n\n";
  }

  out +=
      "## Summary\n\n| Structure | Claimed | Declared types | Observed wire | Breaking | Warning | Info |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const auto& structure : comparison.structures) {
    out += "| [" + structure.structure + "](#" + structure.structure + ") | " +
           (structure.claimed.empty() ? "—" : structure.claimed) + " | " + status_mark(structure.declared_status) +
           compare::to_string(structure.declared_status) + " | " + status_mark(structure.observed_status) +
           compare::to_string(structure.observed_status) + " | " + std::to_string(structure.count(Severity::breaking)) +
           " | " + std::to_string(structure.count(Severity::warning)) + " | " +
           std::to_string(structure.count(Severity::info)) + " |\n";
  }

  render_attribute_claims(comparison, out);

  out += "\n## Comparison rules\n\n";
  for (const std::string& rule : comparison.rules) out += "- " + rule + "\n";

  for (const auto& structure : comparison.structures) {
    out += "\n## " + structure.structure + "\n\n";
    if (!structure.description.empty()) out += structure.description + "\n\n";
    out += "- **Claimed**: " + (structure.claimed.empty() ? std::string("—") : structure.claimed) + "\n";
    out += "- **Declared types**: " + status_mark(structure.declared_status) +
           compare::to_string(structure.declared_status) + "\n";
    out += "- **Observed wire**: " + status_mark(structure.observed_status) +
           compare::to_string(structure.observed_status) + "\n";
    out += "- **Scenarios compared**: ";
    for (std::size_t index = 0; index < structure.scenarios.size(); ++index) {
      out += (index > 0 ? ", " : "") + structure.scenarios[index];
    }
    out += structure.scenarios.empty() ? "none\n" : "\n";
    for (const auto& [side, code] : structure.code) out += side_code_line(side, code);

    if (!structure.outcomes.empty()) {
      out +=
          "\n### Scenarios the real code could not write as given\n\n| Side | Scenario | Outcome | What happened |\n"
          "|---|---|---|---|\n";
      for (const auto& [side, outcome] : structure.outcomes) {
        std::string what = outcome.error.empty() ? "" : code(outcome.error);
        if (!outcome.during.empty()) what += " in `" + outcome.during + "`";
        for (const std::string& value : outcome.unused)
          what += (what.empty() ? "" : "; ") + std::string("no place for `") + value + "`";
        for (const auto& difference : outcome.differences) {
          what += (what.empty() ? "" : "<br>") + std::string("holds `") + difference.attribute + "` as " +
                  code(difference.read) + ", not " + code(difference.scenario);
        }
        out +=
            "| " + side + " | " + outcome.scenario + " | " + compare::to_string(outcome.kind) + " | " + what + " |\n";
      }
    }

    if (structure.fields.empty()) {
      out += "\n### Fields\n\nNo field comparison: the wire is compared only where both sides have a JSON form.\n";
    } else {
      out += "\n### Fields\n\n| Field | " + reference + " key | " + reference + " type | " + candidate + " key | " +
             candidate + " type | Status | Severity | Evidence |\n|---|---|---|---|---|---|---|---|\n";
    }
    for (const auto& field : structure.fields) {
      out += "| " + cell(field.name) + " | " + code(field.reference_pointer) + " | " + code(field.reference_type) +
             " | " + code(field.candidate_pointer) + " | " + code(field.candidate_type) + " | " +
             compare::to_string(field.status) + " | " + compare::to_string(field.severity) + " | " +
             evidence_cell(field) + " |\n";
    }

    if (!structure.readability.empty()) {
      out +=
          "\n### Readability\n\nEvery fixture, read by every side that reads the structure: the harness's "
          "prediction (schemas and reader rules) next to what the side's real reader did (`verdicts.json`), and "
          "what that reader silently changed in a document it accepted.\n\n"
          "| Fixture | Writer → reader | Predicted | Real reader | Silent changes |\n|---|---|---|---|---|\n";
      for (const auto& readability : structure.readability) {
        out += "| " + readability.scenario + " " + file_link(readability.file, "(file)") + " | " + readability.writer +
               " → " + readability.reader + " | " + prediction_cell(readability) + " | " +
               observation_cell(readability) + " | " + changes_cell(readability.silent_changes) + " |\n";
      }
    }

    if (!structure.declared.empty()) {
      out += "\n### Declared types\n\n| Attribute | " + reference + " | " + candidate +
             " | Status | Note |\n|---|---|---|---|---|\n";
      for (const auto& declared : structure.declared) {
        out += "| " + cell(declared.attribute) + " | " + code(declared.reference_type) + " | " +
               code(declared.candidate_type) + " | " + compare::to_string(declared.status) + " | " +
               cell(declared.note) + " |\n";
      }
    }

    if (!structure.document.empty() || !structure.document_notes.empty()) {
      out +=
          "\n### Document vs code\n\nThe reviewed document's listing of each side, attribute by attribute, "
          "against the declaration the capture extracted.\n\n";
      for (const std::string& note : structure.document_notes) out += "- " + cell(note) + "\n";
      if (!structure.document.empty()) {
        out += std::string(structure.document_notes.empty() ? "" : "\n") +
               "| Side | Attribute | Document | Code | Status | Note |\n|---|---|---|---|---|---|\n";
        for (const auto& row : structure.document) {
          out += "| " + row.side + " | " + cell(row.attribute) + " | " + code(row.document_type) + " | " +
                 code(row.code_type) + " | " + compare::to_string(row.status) + " | " + cell(row.note) + " |\n";
        }
      }
    }

    std::vector<std::string> notes;
    for (const auto& field : structure.fields) {
      for (const auto& reason : field.reasons)
        notes.push_back("`" + field.name + "` (" + compare::to_string(field.severity) + "): " + reason);
    }
    for (const auto& note : structure.notes) notes.push_back(note);
    if (!notes.empty()) {
      out += "\n### Notes\n\n";
      for (const auto& note : notes) out += "- " + note + "\n";
    }
  }

  if (comparison.storage_checked) {
    out += "\n## Database\n\nColumn types read from the live catalog of `" + cell(comparison.storage_source) +
           "`, against each side's declared field type and its driver's decoding rules.\n\n"
           "| Column | Type | Nullable | Side | Field | Declared | Verdict | Severity | Note |\n"
           "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& finding : comparison.storage) {
      out += "| " + finding.table + "." + finding.column + " | " + code(finding.column_type) + " | " +
             (finding.nullable ? "yes" : "no") + " | " + finding.side + " (" + finding.driver + ") | " +
             code(finding.structure + finding.field) + " | " + code(finding.declared_type) + " | " + finding.rule +
             " | " + compare::to_string(finding.severity) + " | " + cell(finding.message) + " |\n";
    }
  }

  out +=
      "\n## Type mapping summary\n\nFrom the paired fields above: each pair of declared types, how its fields "
      "compared, and whether each reader accepted the other side's values.\n\n| " +
      reference + " type | " + candidate + " type | Fields | Statuses | " + comparison.reference_side + " → " +
      comparison.candidate_side + " | " + comparison.candidate_side + " → " + comparison.reference_side +
      " |\n|---|---|---|---|---|---|\n";
  for (const TypeMapping& mapping : type_mappings(comparison)) {
    std::string statuses;
    for (const auto& [status, count] : mapping.statuses) {
      statuses += (statuses.empty() ? "" : ", ") + status + " ×" + std::to_string(count);
    }
    std::string fields;
    for (std::size_t index = 0; index < mapping.fields.size() && index < 4; ++index) {
      fields += (index > 0 ? ", " : "") + mapping.fields[index];
    }
    if (mapping.fields.size() > 4) fields += " (+" + std::to_string(mapping.fields.size() - 4) + ")";
    out += "| " + code(mapping.reference_type) + " | " + code(mapping.candidate_type) + " | " + cell(fields) + " | " +
           statuses + " | " +
           direction_verdict(mapping, comparison.reference_side + " → " + comparison.candidate_side) + " | " +
           direction_verdict(mapping, comparison.candidate_side + " → " + comparison.reference_side) + " |\n";
  }

  std::map<std::string, std::size_t> observed;
  std::size_t contradicted = 0;
  std::size_t claimed = 0;
  std::size_t breaking = 0;
  std::size_t warning = 0;
  std::size_t info = 0;
  std::size_t unreadable = 0;
  std::size_t judged = 0;
  std::size_t observed_reads = 0;
  std::size_t disagreements = 0;
  std::size_t raised = 0;
  for (const auto& structure : comparison.structures) {
    ++observed[compare::to_string(structure.observed_status)];
    if (!structure.claimed.empty()) {
      ++claimed;
      if (structure.claimed != compare::to_string(structure.observed_status)) ++contradicted;
    }
    breaking += structure.count(Severity::breaking);
    warning += structure.count(Severity::warning);
    info += structure.count(Severity::info);
    for (const auto& readability : structure.readability) {
      if (readability.observed) ++observed_reads;
      if (readability.observed && !readability.agrees()) ++disagreements;
      if (readability.writer == readability.reader) continue;
      ++judged;
      if (!readability.readable) ++unreadable;
    }
    raised += static_cast<std::size_t>(
        std::count_if(structure.outcomes.begin(), structure.outcomes.end(), [](const auto& entry) {
          return entry.outcome.kind == compare::OutcomeKind::raised ||
                 entry.outcome.kind == compare::OutcomeKind::refused;
        }));
  }
  out += "\n## Conclusion\n\n";
  out += "- " + std::to_string(comparison.structures.size()) + " structures on the observed wire:";
  bool first = true;
  for (const auto& [status, count] : observed) {
    out += std::string(first ? " " : ", ") + std::to_string(count) + " " + status;
    first = false;
  }
  out += ".\n";
  out += "- Field findings: " + std::to_string(breaking) + " breaking, " + std::to_string(warning) + " warning, " +
         std::to_string(info) + " info.\n";
  out += "- Readability: " + std::to_string(unreadable) + " of " + std::to_string(judged) + " cross-side reads fail.\n";
  out +=
      "- Real readers: " + std::to_string(observed_reads) + " verdicts observed; the harness's prediction " +
      (disagreements == 0 ? std::string("agrees with every one") : "disagrees with " + std::to_string(disagreements)) +
      ".\n";
  out += "- Scenarios the real code raised on: " + std::to_string(raised) + ".\n";
  std::size_t wrong = 0;
  for (const auto& check : comparison.attribute_claims) {
    if (check.verdict.rfind("Wrong", 0) == 0) ++wrong;
  }
  if (!comparison.attribute_claims.empty()) {
    out += "- Attribute claims: " + std::to_string(wrong) + " of " +
           std::to_string(comparison.attribute_claims.size()) + " are contradicted by the code.\n";
  }
  out += "- Claims: " + std::to_string(contradicted) + " of " + std::to_string(claimed) +
         " claimed statuses differ from the observed wire.\n";
  return out;
}

}  // namespace portcheck::report
