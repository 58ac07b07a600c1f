#pragma once
/// Line and column of JSON Pointers in files, for annotations that point at
/// the schema or fixture line to fix.

#include <map>
#include <string>

#include "json/document.hpp"
#include "output/outcome.hpp"

namespace portcheck::output {

class Locator {
 public:
  /// Sets problem.file, and line and column of the pointer (or of its nearest
  /// existing parent) when the file is JSON portcheck can read.
  void locate(Problem& problem, const std::string& file, const std::string& pointer);
  /// A file's document, already loaded by the caller (who keeps it alive):
  /// it is not read again.
  void know(const std::string& file, const json::Document& document) { known_[file] = &document; }

 private:
  std::map<std::string, json::Document> documents_;
  std::map<std::string, const json::Document*> known_;
};

}  // namespace portcheck::output
