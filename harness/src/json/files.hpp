#pragma once
/// Writing files so that nothing is ever left half-written.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace portcheck::json {

/// Writes each file next to its target (creating folders), then renames them
/// all over their targets: a reader never sees a half-written file, and when
/// one cannot be written, no target is replaced. Throws portcheck::Error
/// naming the file that could not be written.
void write_files_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files);

inline void write_file_atomically(const std::filesystem::path& target, const std::string& contents) {
  write_files_atomically({{target, contents}});
}

}  // namespace portcheck::json
