#include "gate/shell.hpp"

namespace portcheck::gate {

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char character : text) {
    if (character == '\'') {
      quoted += "'\\''";
    } else {
      quoted += character;
    }
  }
  return quoted + "'";
}

}  // namespace portcheck::gate
