#include "json/files.hpp"

#include <fstream>
#include <system_error>

#include "json/error.hpp"

namespace portcheck::json {

void write_files_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files) {
  std::vector<std::filesystem::path> temporaries;
  const auto discard = [&] {
    std::error_code ignored;
    for (const auto& temporary : temporaries) std::filesystem::remove(temporary, ignored);
  };
  for (const auto& [target, contents] : files) {
    const std::filesystem::path temporary = target.string() + ".tmp";
    std::error_code error;
    if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), error);
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    stream << contents;
    stream.close();
    if (error || !stream) {
      discard();
      std::filesystem::remove(temporary, error);
      throw Error("cannot write the file", SourceLocation::in_file(temporary.string()));
    }
    temporaries.push_back(temporary);
  }
  for (std::size_t index = 0; index < files.size(); ++index) {
    std::error_code error;
    std::filesystem::rename(temporaries[index], files[index].first, error);
    if (error) {
      discard();
      throw Error("cannot replace the file: " + error.message(), SourceLocation::in_file(files[index].first.string()));
    }
  }
}

}  // namespace portcheck::json
