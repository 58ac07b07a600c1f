#include "output/compatibility.hpp"

#include <algorithm>

#include "json/files.hpp"
#include "report/report.hpp"
#include "report/verdict.hpp"

namespace portcheck::output {

// The report's model: its pairs, sections and verdicts.
using namespace report;

std::string render_summary(const compare::Comparison& comparison) {
  std::size_t width = 0;
  for (const auto& structure : comparison.structures) width = std::max(width, structure.structure.size());
  std::string text;
  // The answer at the channels first: it is what a reviewer asks.
  for (const channels::ChannelComparison& channels : comparison.channels) {
    text += channel_answer(channels).line + "\n";
  }
  for (const PairView& pair : pair_views(comparison)) {
    if (!pair.suffix.empty()) text += side_title(pair.reference) + " vs " + side_title(pair.candidate) + ":\n";
    for (const compare::StructureComparison* structure : pair.structures) {
      // The verdict and its reasons, then the findings: known or new.
      const Verdict verdict = verdict_of(*structure, comparison.known_gaps);
      text += structure->structure + std::string(width + 2 - structure->structure.size(), ' ') + verdict.status;
      if (!structure->claimed.empty()) text += " (claimed " + structure->claimed + ")";
      for (std::size_t index = 0; index < verdict.reasons.size(); ++index) {
        text += (index ? "; " : ": ") + verdict.reasons[index];
      }
      text += "\n";
      if (!verdict.findings.empty()) text += std::string(width + 2, ' ') + verdict.tally() + "\n";
    }
  }
  return text;
}

std::vector<std::pair<std::string, std::string>> render_reports(const compare::Comparison& comparison,
                                                                const std::string& claims_source,
                                                                const std::filesystem::path& directory) {
  return {
      {"compatibility.md", render_markdown(comparison, claims_source, directory)},
      {"compatibility.json", render_json(comparison, claims_source)},
      {"compatibility.junit.xml", render_junit(comparison)},
      {"compatibility.html", render_html(comparison, claims_source, directory)},
  };
}

std::vector<std::filesystem::path> write_reports(const compare::Comparison& comparison,
                                                 const std::string& claims_source,
                                                 const std::filesystem::path& directory) {
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  std::vector<std::filesystem::path> written;
  for (const auto& [name, contents] : render_reports(comparison, claims_source, directory)) {
    files.emplace_back(directory / name, contents);
    written.push_back(directory / name);
  }
  json::write_files_atomically(files);
  return written;
}

}  // namespace portcheck::output
