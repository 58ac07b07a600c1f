#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "compare/findings.hpp"

#include "report/escape.hpp"
#include "report/report.hpp"
#include "report/type_mapping.hpp"
#include "report/verdict.hpp"

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

/// Links from the report's folder to the fixture files behind a finding.
std::string file_link(const std::string& file, const std::string& label, const std::filesystem::path& directory) {
  if (file.empty()) return "";
  return "[" + label + "](" + link_to(file, directory) + ")";
}

std::string file_links(const std::string& reference_file, const std::string& candidate_file,
                       const std::filesystem::path& directory) {
  const std::string reference = file_link(reference_file, "ref", directory);
  const std::string candidate = file_link(candidate_file, "cand", directory);
  if (reference.empty() && candidate.empty()) return "";
  return " (" + reference + (reference.empty() || candidate.empty() ? "" : ", ") + candidate + ")";
}

std::string evidence_cell(const compare::FieldComparison& field, const std::filesystem::path& directory) {
  std::string text;
  std::size_t shown = 0;
  for (const auto& evidence : field.evidence) {
    if (shown == 2) {
      text += " (+" + std::to_string(field.evidence.size() - shown) + " more scenarios)";
      break;
    }
    if (!text.empty()) text += "<br>";
    text += "*" + evidence.scenario + "*" + file_links(evidence.reference_file, evidence.candidate_file, directory) +
            ": " + code(codec::shown(evidence.reference_value)) + " vs " + code(codec::shown(evidence.candidate_value));
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
    text += compare::to_string(change.kind) + " " + code(change.pointer);
    if (change.kind == compare::ChangeKind::changed) text += ": " + code(change.written) + " → " + code(change.read);
    if (change.kind == compare::ChangeKind::added) text += ": " + code(change.read);
    ++shown;
  }
  return text;
}

/// Which rules refuse, where: each refusal's message is its finding's, in
/// the Findings table, once.
std::string prediction_cell(const compare::Readability& readability) {
  if (readability.readable) return "reads";
  std::string text = "**refuses**: ";
  for (std::size_t index = 0; index < readability.refusals.size(); ++index) {
    const compare::Refusal& refusal = readability.refusals[index];
    text += (index > 0 ? ", " : "") + compare::rule_id(refusal.rule) + " at " +
            code(refusal.pointer.empty() ? "(root)" : refusal.pointer);
  }
  return text;
}

std::string observation_cell(const compare::Readability& readability) {
  if (!readability.observed) return "—";
  std::string text = readability.observed_readable ? "accepts" : "**refuses**: " + code(readability.observed_error);
  if (!readability.agrees()) text += " ❗ **the prediction disagrees**";
  return text;
}

void render_header(const compare::Comparison& comparison, const std::string& claims_source, std::string& out) {
  const std::string reference = side_title(comparison.reference_side);
  std::string candidates;
  for (const std::string& candidate : comparison.candidate_sides) {
    candidates += (candidates.empty() ? "" : ", ") + side_title(candidate);
  }
  out += "# Data structure compatibility: " + comparison_title(comparison) + "\n\n";
  out += "Generated by `portcheck report` from `schemas/` and `fixtures/`: do not edit; regenerate. " + reference +
         " is the reference side, " + candidates +
         (comparison.candidate_sides.size() == 1 ? " the candidate" : " the candidates") +
         ". Claims checked: " + (claims_source.empty() ? "none" : "`" + claims_source + "`") + ".\n\n";
  out +=
      "Each structure has three statuses: what the reviewed document **claimed**, what the **declared** types "
      "(`x-source-type`) imply, and what the **observed** wire shows: fixtures captured from each side's own "
      "serializer, compared field by field, and read with each side's real reader.\n\n";
  if (comparison.sources.empty()) return;
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

void render_summary_table(const PairView& pair, std::string& out) {
  out += "## Summary" + pair.suffix +
         "\n\n| Structure | Claimed | Declared types | Observed wire | Breaking | Warning | Info |\n"
         "|---|---|---|---|---|---|---|\n";
  for (const compare::StructureComparison* structure : pair.structures) {
    const compare::FindingCounts counts = compare::count_findings(compare::structure_findings(*structure));
    out += "| [" + structure->structure + "](#" + pair.anchor(structure->structure) + ") | " +
           (structure->claimed.empty() ? "—" : structure->claimed) + " | " + status_mark(structure->declared_status) +
           compare::to_string(structure->declared_status) + " | " + status_mark(structure->observed_status) +
           compare::to_string(structure->observed_status) + " | " + std::to_string(counts.breaking) + " | " +
           std::to_string(counts.warning) + " | " + std::to_string(counts.info) + " |\n";
  }
}

void render_attribute_claims(const compare::Comparison& comparison, std::string& out) {
  if (comparison.attribute_claims.empty()) return;
  out +=
      "\n## What the document says about single attributes\n\n"
      "Each claim of the reviewed document about one attribute, against what each side's code declares "
      "(the captured definitions) and writes (its schema, from its serializer's fixtures).\n\n"
      "| Attribute | The document says | Claim | ";
  std::vector<std::string> sides{comparison.reference_side};
  sides.insert(sides.end(), comparison.candidate_sides.begin(), comparison.candidate_sides.end());
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

void render_outcomes(const compare::StructureComparison& structure, std::string& out) {
  if (structure.outcomes.empty()) return;
  out +=
      "\n### Scenarios the real code could not write as given\n\n| Side | Scenario | Outcome | What happened |\n"
      "|---|---|---|---|\n";
  for (const auto& [side, outcome] : structure.outcomes) {
    std::string what = outcome.error.empty() ? "" : code(outcome.error);
    if (!outcome.during.empty()) what += " in `" + outcome.during + "`";
    for (const std::string& value : outcome.unused) {
      what += (what.empty() ? "" : "; ") + std::string("no place for `") + value + "`";
    }
    for (const auto& difference : outcome.differences) {
      what += (what.empty() ? "" : "<br>") + std::string("holds `") + difference.attribute + "` as " +
              code(difference.read) + ", not " + code(difference.scenario);
    }
    out += "| " + side + " | " + outcome.scenario + " | " + compare::to_string(outcome.kind) + " | " + what + " |\n";
  }
}

void render_fields(const PairView& pair, const compare::StructureComparison& structure, std::string& out) {
  const std::string reference = side_title(pair.reference);
  const std::string candidate = side_title(pair.candidate);
  if (structure.fields.empty()) {
    out += "\n### Fields\n\nNo field comparison: the wire is compared only where both sides have a JSON form.\n";
    return;
  }
  out += "\n### Fields\n\n| Field | " + reference + " key | " + reference + " type | " + candidate + " key | " +
         candidate + " type | Status | Severity | Evidence |\n|---|---|---|---|---|---|---|---|\n";
  for (const compare::FieldComparison* ordered : fields_by_severity(structure.fields)) {
    const compare::FieldComparison& field = *ordered;
    out += "| " + cell(field.name) + " | " + code(field.reference_pointer) + " | " + code(field.reference_type) +
           " | " + code(field.candidate_pointer) + " | " + code(field.candidate_type) + " | " +
           compare::to_string(field.status) + " | " + compare::to_string(field.severity) + " | " +
           evidence_cell(field, pair.directory) + " |\n";
  }
}

void render_readability(const PairView& pair, const compare::StructureComparison& structure, std::string& out) {
  if (structure.readability.empty()) return;
  out +=
      "\n### Readability\n\nEvery fixture, read by every side that reads the structure: the harness's "
      "prediction (schemas and reader rules) next to what the side's real reader did (`verdicts.json`), and "
      "what that reader silently changed in a document it accepted.\n\n"
      "| Fixture | Writer → reader | Predicted | Real reader | Silent changes |\n|---|---|---|---|---|\n";
  for (const auto& readability : structure.readability) {
    out += "| " + readability.scenario + " " + file_link(readability.file, "(file)", pair.directory) + " | " +
           readability.writer + " → " + readability.reader + " | " + prediction_cell(readability) + " | " +
           observation_cell(readability) + " | " + changes_cell(readability.silent_changes) + " |\n";
  }
}

void render_declared(const PairView& pair, const compare::StructureComparison& structure, std::string& out) {
  if (structure.declared.empty()) return;
  out += "\n### Declared types\n\n| Attribute | " + side_title(pair.reference) + " | " + side_title(pair.candidate) +
         " | Status | Note |\n|---|---|---|---|---|\n";
  for (const auto& declared : structure.declared) {
    out += "| " + cell(declared.attribute) + " | " + code(declared.reference_type) + " | " +
           code(declared.candidate_type) + " | " + compare::to_string(declared.status) + " | " + cell(declared.note) +
           " |\n";
  }
}

void render_document(const compare::StructureComparison& structure, std::string& out) {
  if (structure.document.empty() && structure.document_notes.empty()) return;
  out +=
      "\n### Document vs code\n\nThe reviewed document's listing of each side, attribute by attribute, "
      "against the declaration the capture extracted.\n\n";
  for (const std::string& note : structure.document_notes) out += "- " + cell(note) + "\n";
  if (structure.document.empty()) return;
  out += std::string(structure.document_notes.empty() ? "" : "\n") +
         "| Side | Attribute | Document | Code | Status | Note |\n|---|---|---|---|---|---|\n";
  for (const auto& row : structure.document) {
    out += "| " + row.side + " | " + cell(row.attribute) + " | " + code(row.document_type) + " | " +
           code(row.code_type) + " | " + compare::to_string(row.status) + " | " + cell(row.note) + " |\n";
  }
}

void render_notes(const compare::StructureComparison& structure, std::string& out) {
  // What each field's findings mean is in the Findings table, once; the
  // notes are what no finding says.
  const std::vector<std::string>& notes = structure.notes;
  if (notes.empty()) return;
  out += "\n### Notes\n\n";
  for (const auto& note : notes) out += "- " + note + "\n";
}

/// The first screen of a structure: compatible? why not? accepted or new?
/// what next? Then each finding once, most severe first.
void render_verdict(const compare::StructureComparison& structure, const Verdict& verdict, std::string& out) {
  out += "**Verdict: " + status_mark(structure.observed_status) + cell(verdict.line()) + "**\n\n";
  out += cell(verdict.tally()) + ". **Next:** " + cell(verdict.next) + "\n\n";
}

void render_findings(const Verdict& verdict, std::string& out) {
  if (verdict.findings.empty()) return;
  out +=
      "### Findings\n\nOne row per field and rule, with every scenario where it occurs.\n\n"
      "| Severity | Field | Rule | Scenarios | Known gap | What happens |\n|---|---|---|---|---|---|\n";
  for (const FindingRow& row : verdict.findings) {
    const std::string known = row.known                                   ? "yes: " + cell(row.reason)
                              : row.finding.severity >= Severity::warning ? std::string("**new**")
                                                                          : std::string("— (info)");
    out += "| " + compare::to_string(row.finding.severity) + " | " + cell(row.finding.field) + " | " +
           compare::rule_id(row.finding.rule) + " | " + cell(scenario_list(row.finding.scenarios)) + " | " + known +
           " | " + cell(shorten(row.finding.message, 200)) + " |\n";
  }
}

void render_structure(const compare::Comparison& comparison, const PairView& pair,
                      const compare::StructureComparison& structure, std::string& out) {
  out += "\n## " + structure.structure + pair.suffix + "\n\n";
  const Verdict verdict = verdict_of(structure, comparison.known_gaps);
  render_verdict(structure, verdict, out);
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
  out += "\n";
  render_findings(verdict, out);
  render_outcomes(structure, out);
  render_fields(pair, structure, out);
  render_readability(pair, structure, out);
  render_declared(pair, structure, out);
  render_document(structure, out);
  render_notes(structure, out);
}

void render_database(const compare::Comparison& comparison, std::string& out) {
  if (!comparison.storage_checked) return;
  out += "\n## Database\n\nColumn types read from the live catalog of `" + cell(comparison.storage_source) +
         "`, against each side's declared field type and its driver's decoding rules.\n\n"
         "| Column | Type | Nullable | Side | Field | Declared | Verdict | Severity | Note |\n"
         "|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& finding : comparison.storage) {
    out += "| " + finding.table + "." + finding.column + " | " + code(finding.column_type) + " | " +
           (finding.nullable ? "yes" : "no") + " | " + finding.side + " (" + finding.driver + ") | " +
           code(finding.structure + finding.field) + " | " + code(finding.declared_type) + " | " +
           compare::rule_id(finding.rule) + " | " + compare::to_string(finding.severity) + " | " +
           cell(finding.message) + " |\n";
  }
}

void render_type_mapping(const PairView& pair, std::string& out) {
  const std::string forward = pair.reference + " → " + pair.candidate;
  const std::string backward = pair.candidate + " → " + pair.reference;
  out += "\n## Type mapping summary" + pair.suffix +
         "\n\nFrom the paired fields above: each pair of declared types, how its fields "
         "compared, and whether each reader accepted the other side's values.\n\n| " +
         side_title(pair.reference) + " type | " + side_title(pair.candidate) + " type | Fields | Statuses | " +
         forward + " | " + backward + " |\n|---|---|---|---|---|---|\n";
  for (const TypeMapping& mapping : type_mappings(pair.structures)) {
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
           statuses + " | " + direction_verdict(mapping, pair.reference, pair.candidate) + " | " +
           direction_verdict(mapping, pair.candidate, pair.reference) + " |\n";
  }
}

/// "Python vs Go: " before a pair's line when there are several pairs.
void render_conclusion(const compare::Comparison& comparison, std::string& out) {
  out += "\n## Conclusion\n\n";
  for (const std::string& line : conclusion_lines(comparison)) out += "- " + line + "\n";
}

}  // namespace

std::string render_markdown(const compare::Comparison& comparison, const std::string& claims_source,
                            const std::filesystem::path& directory) {
  std::string out;
  const std::vector<PairView> pairs = pair_views(comparison, directory);
  render_header(comparison, claims_source, out);
  for (const PairView& pair : pairs) render_summary_table(pair, out);
  render_attribute_claims(comparison, out);
  out += "\n## Comparison rules\n\n";
  for (const std::string& rule : comparison.rules) out += "- " + rule + "\n";
  out += "\n### Terms\n\n";
  for (const auto& [term, meaning] : report_terms()) out += "- **" + term + "**: " + meaning + "\n";
  for (const PairView& pair : pairs) {
    for (const compare::StructureComparison* structure : pair.structures) {
      render_structure(comparison, pair, *structure, out);
    }
  }
  render_database(comparison, out);
  for (const PairView& pair : pairs) render_type_mapping(pair, out);
  render_conclusion(comparison, out);
  return out;
}

}  // namespace portcheck::report
