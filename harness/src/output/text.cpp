#include <algorithm>
#include <map>

#include "compare/findings.hpp"
#include "output/compatibility.hpp"
#include "report/report.hpp"

namespace portcheck::output {

// The report's model: its pairs, sections and verdicts.
using namespace report;

namespace {

/// Display width in characters (UTF-8 code points), for column alignment.
std::size_t width_of(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

std::string padded(const std::string& text, std::size_t width) {
  const std::size_t used = width_of(text);
  return used >= width ? text : text + std::string(width - used, ' ');
}

}  // namespace

std::string render_structure_text(const compare::StructureComparison& structure, const std::string& reference_side,
                                  const std::string& candidate_side) {
  // Each field's findings, most severe first, each with its own severity: the
  // same words the problems below the table use, so that a finding has one
  // severity wherever it is shown.
  std::map<std::string, std::vector<const compare::Finding*>> by_field;
  const std::vector<compare::Finding> findings = compare::structure_findings(structure);
  for (const compare::Finding& finding : findings) by_field[finding.field].push_back(&finding);
  std::vector<std::vector<std::string>> rows{{"FIELD", reference_side, candidate_side, "STATUS", "FINDINGS"}};
  for (const auto& field : structure.fields) {
    std::vector<const compare::Finding*>& own = by_field[field.name];
    std::stable_sort(own.begin(), own.end(), [](const compare::Finding* left, const compare::Finding* right) {
      return left->severity > right->severity;
    });
    std::string named;
    for (const compare::Finding* finding : own) {
      named += (named.empty() ? "" : ", ") + compare::rule_id(finding->rule) + " (" +
               compare::to_string(finding->severity) + ")";
    }
    rows.push_back({field.name, field.reference_pointer.empty() ? "-" : field.reference_pointer,
                    field.candidate_pointer.empty() ? "-" : field.candidate_pointer, compare::to_string(field.status),
                    named.empty() ? "-" : named});
  }
  std::vector<std::size_t> widths(5, 0);
  for (const auto& row : rows) {
    for (std::size_t column = 0; column < row.size(); ++column) {
      widths[column] = std::max(widths[column], width_of(row[column]));
    }
  }
  std::string out;
  for (std::size_t index = 0; index < rows.size(); ++index) {
    std::string line;
    for (std::size_t column = 0; column < rows[index].size(); ++column) {
      line += column + 1 < rows[index].size() ? padded(rows[index][column], widths[column] + 2) : rows[index][column];
    }
    out += line + "\n";
    if (index == 0) continue;
    // The values, shortened; what each finding means is printed once, in
    // the problems that follow the table.
    const auto& field = structure.fields[index - 1];
    if (field.status == compare::FieldStatus::same) continue;
    for (const auto& evidence : field.evidence) {
      out += "    " + shorten(codec::shown(evidence.reference_value), 60) + " vs " +
             shorten(codec::shown(evidence.candidate_value), 60);
      if (!evidence.note.empty()) out += "  (" + shorten(evidence.note, 120) + ")";
      out += "\n";
    }
  }
  for (const auto& readability : structure.readability) {
    out += readability.writer + " → " + readability.reader + ": " +
           (readability.readable ? "reads"
                                 : "unreadable (" + std::to_string(readability.refusals.size()) + " refusal" +
                                       (readability.refusals.size() == 1 ? "" : "s") + ", below)") +
           "\n";
  }
  for (const auto& note : structure.notes) out += "note: " + note + "\n";
  return out;
}

}  // namespace portcheck::output
