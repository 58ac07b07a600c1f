#pragma once
/// A single structure's comparison (portcheck diff) as an outcome.

#include "compare/comparison.hpp"
#include "output/locator.hpp"
#include "output/outcome.hpp"

namespace portcheck::output {

/// Breaking fields and unreadable documents are errors; warning fields are
/// warnings; the rest pass. `locator` finds lines in the files (give it the
/// documents already loaded, so that none is read twice).
Outcome structure_outcome(const compare::StructureComparison& comparison, Locator& locator);

}  // namespace portcheck::output
