#pragma once
/// The compatibility report's formats: Markdown and HTML for people, JSON
/// and JUnit for machines, plain text for a terminal. All output is
/// deterministic: no clock, stable order.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "compare/comparison.hpp"

namespace portcheck::output {

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

/// compatibility.{md,json,junit.xml,html} for a report written to
/// `directory`: each file's name and contents.
std::vector<std::pair<std::string, std::string>> render_reports(const compare::Comparison& comparison,
                                                                const std::string& claims_source,
                                                                const std::filesystem::path& directory);

/// Writes compatibility.{md,json,junit.xml,html} into directory. Each file is
/// written beside its target and renamed over it, and only once all four
/// are rendered, so a failure leaves the previous reports whole.
std::vector<std::filesystem::path> write_reports(const compare::Comparison& comparison,
                                                 const std::string& claims_source,
                                                 const std::filesystem::path& directory);

}  // namespace portcheck::output
