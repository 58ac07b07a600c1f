#include "json/files.hpp"

#include <cerrno>
#include <cstring>
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
    const auto fail = [&](const std::string& message, const std::filesystem::path& where) {
      discard();
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw Error(message, SourceLocation::in_file(where.string()));
    };
    std::error_code error;
    if (std::filesystem::is_directory(target, error)) fail("is a folder; give a file name to write to", target);
    if (target.has_parent_path()) {
      // Name the part of the path that is in the way: a file where a folder
      // should be is the usual mistake (--output report.md/ for a folder).
      for (std::filesystem::path folder = target.parent_path(); !folder.empty(); folder = folder.parent_path()) {
        const std::filesystem::file_status status = std::filesystem::status(folder, error);
        if (status.type() == std::filesystem::file_type::not_found) {
          if (folder == folder.parent_path()) break;
          continue;
        }
        if (status.type() != std::filesystem::file_type::directory) {
          fail("is not a folder, so " + target.string() + " cannot be written under it", folder);
        }
        break;
      }
      std::filesystem::create_directories(target.parent_path(), error);
      if (error) fail("cannot create the folder: " + error.message(), target.parent_path());
    }
    errno = 0;
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    if (!stream) fail(std::string("cannot write here: ") + std::strerror(errno != 0 ? errno : EIO), target);
    stream << contents;
    stream.close();
    if (!stream) fail(std::string("cannot write the file: ") + std::strerror(errno != 0 ? errno : EIO), target);
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
