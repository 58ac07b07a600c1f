#pragma once
/// A single structure's comparison (portcheck diff) as a gate outcome.

#include "compare/comparison.hpp"
#include "gate/outcome.hpp"

namespace portcheck::gate {

/// Breaking fields and unreadable documents are errors; warning fields are
/// warnings; the rest pass.
Outcome structure_outcome(const compare::StructureComparison& comparison);

}  // namespace portcheck::gate
