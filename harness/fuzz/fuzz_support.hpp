#pragma once
// What the fuzz targets share: the project's schemas, loaded once, and a
// private scratch folder for targets that fuzz files.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "schema/schema_set.hpp"

namespace portcheck::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// The project's own schemas, as every command loads them.
inline const schema::SchemaSet& project_schemas() {
  static const schema::SchemaSet schemas = schema::SchemaSet::load(std::filesystem::path(PORTCHECK_SOURCE_DIR) / "schemas");
  return schemas;
}

/// A scratch folder of this process, removed at exit.
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path folder = [] {
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("portcheck-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(path);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(std::filesystem::temp_directory_path() / ("portcheck-fuzz-" + std::to_string(getpid())),
                                  ignored);
    });
    return path;
  }();
  return folder;
}

inline void write(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(contents.data(), static_cast<std::streamsize>(contents.size()));
}

/// Splits the input at its first NUL byte: two documents from one input.
inline std::pair<std::string_view, std::string_view> halves(std::string_view text) {
  const auto at = text.find('\0');
  if (at == std::string_view::npos) return {text, ""};
  return {text.substr(0, at), text.substr(at + 1)};
}

}  // namespace portcheck::fuzz
