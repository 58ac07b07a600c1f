#pragma once
/// SARIF 2.1.0 (OASIS) for code-scanning interfaces: one run, the rules the
/// problems carry, each problem a result at its file, line and column.

#include <string>

#include "output/outcome.hpp"

namespace portcheck::output {

std::string render_sarif(const Outcome& outcome, const RenderOptions& options);

}  // namespace portcheck::output
