#pragma once
/// JSON Schema's `pattern` is an ECMA-262 regular expression; portcheck runs
/// it on RE2, whose time is linear in the input and whose stack does not grow
/// with it. The two dialects spell some things alike but mean different
/// things (`.` and `\s` match more in ECMA-262) and each accepts syntax the
/// other refuses. This translation keeps ECMA-262's meaning (with the `u`
/// flag, as ajv applies it: the input is matched by code point) and refuses
/// what it cannot express, so a pattern never silently means something else.

#include <stdexcept>
#include <string>

namespace portcheck::schema {

/// A pattern portcheck cannot run with ECMA-262's meaning; what() says why.
class UnsupportedPattern : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The RE2 spelling of an ECMA-262 pattern. Throws UnsupportedPattern for
/// backreferences, lookaround, inline flags, a negated `\S`/`\D`/`\W` inside a
/// class, and escapes ECMA-262 does not define.
std::string ecma_to_re2(const std::string& pattern);

}  // namespace portcheck::schema
