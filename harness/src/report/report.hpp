#pragma once
/// The compatibility report's model shared by its formats (output/): the
/// pairs it compares, their titles, anchors and links. Every report is drawn
/// from a compare::Comparison, never recomputed.

#include <filesystem>
#include <string>
#include <vector>

#include "compare/comparison.hpp"

namespace portcheck::report {

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
