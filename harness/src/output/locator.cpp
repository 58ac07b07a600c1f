#include "output/locator.hpp"

#include "json/error.hpp"

namespace portcheck::output {

void Locator::locate(Problem& problem, const std::string& file, const std::string& pointer) {
  problem.file = file;
  if (file.empty()) return;
  if (const auto known = known_.find(file); known != known_.end()) {
    if (const auto position = known->second->nearest_position_of(pointer)) {
      problem.line = position->line;
      problem.column = position->column;
    }
    return;
  }
  auto found = documents_.find(file);
  if (found == documents_.end()) {
    try {
      found = documents_.emplace(file, json::load_file(file)).first;
    } catch (const Error&) {
      return;  // the problem still names the file
    }
  }
  if (const auto position = found->second.nearest_position_of(pointer)) {
    problem.line = position->line;
    problem.column = position->column;
  }
}

}  // namespace portcheck::output
