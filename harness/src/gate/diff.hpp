#pragma once
/// portcheck diff: two documents of one structure, captured anywhere,
/// compared field by field as the report compares fixtures.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "compare/comparison.hpp"
#include "output/outcome.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::gate {

struct DiffOptions {
  std::filesystem::path first;   ///< a file, or "-" for standard input
  std::filesystem::path second;  ///< a file, or "-"
  std::string structure;
  /// The sides of the two documents, first and second; empty: the manifest's
  /// reference and its only candidate.
  std::vector<std::string> sides;
  /// Keep every value's text whole, for an output that writes the values
  /// (JSON); otherwise each is kept up to kShownValueBytes, so that two
  /// large documents are not held again as text.
  bool whole_values = true;
};

/// How much of a value's text a person's output (text, SARIF, JUnit,
/// annotations) can show: they cut messages at a few hundred bytes.
inline constexpr std::size_t kShownValueBytes = 4096;

struct Diff {
  compare::StructureComparison comparison;
  output::Outcome outcome;
  /// The manifest's reference stays the reference whichever order the
  /// documents come in: the comparison's sides say which file is which.
  std::string reference_file;  ///< as shown: the path, or (standard input)
  std::string candidate_file;
};

/// Throws portcheck::Error for sides or a structure the manifest lacks, two
/// standard inputs, or a document that cannot be read.
Diff run_diff(const schema::SchemaSet& schemas, const DiffOptions& options);

}  // namespace portcheck::gate
