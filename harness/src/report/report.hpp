#pragma once
/// Renderers: every report is drawn from a compare::Comparison, never
/// recomputed. All output is deterministic: no clock, stable order.

#include <filesystem>
#include <string>
#include <vector>

#include "compare/comparison.hpp"

namespace portcheck::report {

/// `directory` is where the report goes: links to fixtures are relative to
/// it, so that they resolve wherever --output puts the report.
std::string render_markdown(const compare::Comparison& comparison, const std::string& claims_source,
                            const std::filesystem::path& directory = "reports");
std::string render_json(const compare::Comparison& comparison, const std::string& claims_source);
std::string render_junit(const compare::Comparison& comparison);
std::string render_html(const compare::Comparison& comparison, const std::string& claims_source,
                        const std::filesystem::path& directory = "reports");

/// One structure's comparison as JSON, shaped like an entry of the JSON
/// report's "structures".
std::string render_structure_json(const compare::StructureComparison& structure);

/// One structure's comparison as a plain-text table for a terminal.
std::string render_structure_text(const compare::StructureComparison& structure, const std::string& reference_side,
                                  const std::string& candidate_side);

/// One line per structure: "ActiveRun  INCOMPATIBLE (claimed MOSTLY COMPATIBLE)".
std::string render_summary(const compare::Comparison& comparison);

/// Writes compatibility.{md,json,junit.xml,html} into directory. Each file is
/// written beside its target and renamed over it, and only once all four
/// are rendered, so a failure leaves the previous reports whole.
std::vector<std::filesystem::path> write_reports(const compare::Comparison& comparison,
                                                 const std::string& claims_source,
                                                 const std::filesystem::path& directory);

/// One reference–candidate pair of a comparison, as the renderers show it.
struct PairView {
  std::string reference;  ///< side names
  std::string candidate;
  std::vector<const compare::StructureComparison*> structures;
  /// Empty when the comparison has one candidate; " (vs Go)" otherwise, so
  /// that each pair's sections have their own titles and anchors.
  std::string suffix;
  /// The folder the report is written to (links are relative to it).
  std::filesystem::path directory = "reports";

  /// The anchor of a structure's section: "ActiveRun", or "ActiveRun-vs-go".
  [[nodiscard]] std::string anchor(const std::string& structure) const;
};

/// Every pair, candidates in manifest order, for a report written to `directory`.
std::vector<PairView> pair_views(const compare::Comparison& comparison,
                                 const std::filesystem::path& directory = "reports");

/// A link from a report in `directory` to `file` (a path as portcheck names
/// it, relative to the working directory or absolute), percent-encoded: the
/// same text whichever working directory or --project spelling made it.
std::string link_to(const std::string& file, const std::filesystem::path& directory);

/// "Python vs Rust", or "Python vs Rust, Go" for several candidates.
std::string comparison_title(const compare::Comparison& comparison);

/// Display helpers shared by the renderers.
std::string side_title(const std::string& side);
std::string shorten(const std::string& text, std::size_t limit);

}  // namespace portcheck::report
