#include "gate/locator.hpp"

#include "json/error.hpp"

namespace portcheck::gate {

void Locator::locate(Problem& problem, const std::string& file, const std::string& pointer) {
  problem.file = file;
  if (file.empty()) return;
  auto found = documents_.find(file);
  if (found == documents_.end()) {
    try {
      found = documents_.emplace(file, json::load_file(file)).first;
    } catch (const Error&) {
      return;  // the problem still names the file
    }
  }
  std::string place = pointer;
  while (true) {
    if (const auto position = found->second.position_of(place)) {
      problem.line = position->line;
      problem.column = position->column;
      return;
    }
    if (place.empty()) return;
    place = place.substr(0, place.rfind('/'));
  }
}

}  // namespace portcheck::gate
