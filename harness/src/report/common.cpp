
#include "json/error.hpp"
#include "json/files.hpp"
#include "report/escape.hpp"
#include "report/report.hpp"
#include "report/verdict.hpp"

namespace portcheck::report {

std::string side_title(const std::string& side) {
  if (side.empty()) return side;
  std::string title = side;
  title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
  return title;
}

std::string PairView::anchor(const std::string& structure) const {
  if (suffix.empty()) return structure;
  // GitHub's anchor for a heading "ActiveRun (vs Go)".
  std::string anchor;
  for (const char character : structure + "-vs-" + candidate) {
    anchor += static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
  }
  return anchor;
}

std::vector<PairView> pair_views(const compare::Comparison& comparison, const std::filesystem::path& directory) {
  std::vector<PairView> views;
  for (const std::string& candidate : comparison.candidate_sides) {
    PairView view{comparison.reference_side, candidate, compare::pair_structures(comparison, candidate), "", directory};
    if (comparison.candidate_sides.size() > 1) view.suffix = " (vs " + side_title(candidate) + ")";
    views.push_back(std::move(view));
  }
  return views;
}

std::string link_to(const std::string& file, const std::filesystem::path& directory) {
  const std::filesystem::path target = std::filesystem::absolute(file).lexically_normal();
  const std::filesystem::path from = std::filesystem::absolute(directory).lexically_normal();
  const std::filesystem::path relative = target.lexically_relative(from);
  return url_path((relative.empty() ? target : relative).generic_string());
}

std::string comparison_title(const compare::Comparison& comparison) {
  std::string candidates;
  for (const std::string& candidate : comparison.candidate_sides) {
    candidates += (candidates.empty() ? "" : ", ") + side_title(candidate);
  }
  return side_title(comparison.reference_side) + " vs " + candidates;
}

std::string shorten(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit - 3;
  // Never cut inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  return text.substr(0, cut) + "...";
}

}  // namespace portcheck::report
