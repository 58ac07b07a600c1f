#pragma once
/// Building /bin/sh command lines for git, which schema-diff runs to read
/// the schemas at a revision.

#include <string>

namespace portcheck::schema_diff {

/// A word for /bin/sh: single-quoted, with any single quote spelled '\''.
std::string shell_quote(const std::string& text);

}  // namespace portcheck::schema_diff
