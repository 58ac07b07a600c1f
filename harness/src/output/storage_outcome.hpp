#pragma once
/// Database findings (portcheck db-check) as a gate outcome.

#include <vector>

#include "compare/comparison.hpp"
#include "output/outcome.hpp"

namespace portcheck::output {

/// Breaking decodings are errors, warnings are warnings, the rest pass. The
/// file named is the manifest, where the mapping lives.
Outcome storage_outcome(const std::vector<compare::StorageFinding>& findings, const std::string& manifest_file);

}  // namespace portcheck::output
