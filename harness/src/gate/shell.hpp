#pragma once
/// Building /bin/sh command lines for the tools the gate runs (git, the
/// capture script).

#include <string>

namespace portcheck::gate {

/// A word for /bin/sh: single-quoted, with any single quote spelled '\''.
std::string shell_quote(const std::string& text);

}  // namespace portcheck::gate
