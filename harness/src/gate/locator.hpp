#pragma once
/// Line and column of JSON Pointers in files, for annotations that point at
/// the schema or fixture line to fix.

#include <map>
#include <string>

#include "gate/outcome.hpp"
#include "json/document.hpp"

namespace portcheck::gate {

class Locator {
 public:
  /// Sets problem.file, and line and column of the pointer (or of its nearest
  /// existing parent) when the file is JSON portcheck can read.
  void locate(Problem& problem, const std::string& file, const std::string& pointer);

 private:
  std::map<std::string, json::Document> documents_;
};

}  // namespace portcheck::gate
