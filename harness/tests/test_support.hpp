#pragma once
// Helpers shared by the test files: paths, running the CLI, temporary
// folders, and registration of data-driven tests.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "json/error.hpp"

namespace portcheck::test {

/// The project's source tree (passed in by CMake).
std::filesystem::path source_dir();

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the portcheck executable with arguments, in a working directory,
/// optionally feeding standard input.
CommandResult run_portcheck(const std::vector<std::string>& arguments,
                            const std::filesystem::path& working_directory = source_dir(),
                            const std::optional<std::string>& input = std::nullopt);

/// A fresh directory removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, const std::string& contents);
std::string read_text(const std::filesystem::path& path);

/// A copy of the project's schemas/ (and an empty fixtures/) in a temporary
/// project root, for tests that alter schemas or fixtures.
void copy_schemas(const std::filesystem::path& project_root);

/// A project whose scripts/capture writes what its folder next/ holds (or
/// fails with a Python-like error), against committed fixtures: for the
/// gate's recapture without running any upstream code. Files are named under
/// fixtures/ ("python/capture.json").
class FakeCaptureProject {
 public:
  using Files = std::map<std::string, std::string>;
  FakeCaptureProject(const Files& committed, const Files& captured, bool capture_fails = false);
  /// Only python/capture.json.
  FakeCaptureProject(const std::string& committed, const std::string& captured, bool capture_fails = false)
      : FakeCaptureProject(Files{{"python/capture.json", committed}}, Files{{"python/capture.json", captured}},
                           capture_fails) {}
  [[nodiscard]] const std::filesystem::path& path() const { return directory_.path(); }

 private:
  TempDir directory_;
};

/// Runs a shell command; its standard output and error together in `out`.
CommandResult shell(const std::string& command);

/// Empty when `text` is valid against the JSON Schema in `schema` (checked by
/// Debian's python3-jsonschema, offline); else the errors with their pointers.
std::string json_schema_errors(const std::filesystem::path& schema, const std::string& text);

/// The upstream janitor checkout the capture tests read (PORTCHECK_UPSTREAM),
/// or nothing when it is not set.
std::optional<std::filesystem::path> upstream_source();

/// Notes, in the file CMake names (PORTCHECK_CAPTURE_TESTS_RAN), that a test
/// needing the upstream source ran, so that CI can tell they did not all skip.
void record_capture_test_ran();

/// A name GoogleTest filters can select: letters, digits and '_' only ('-'
/// and '.' have meanings in --gtest_filter).
std::string test_name(const std::string& text);

/// Functions that register data-driven tests (testing::RegisterTest) before
/// the run starts; test files add theirs with a static Registrar.
struct Registrar {
  explicit Registrar(std::function<void()> registration);
};

}  // namespace portcheck::test

/// Skips the current test, saying why, when PORTCHECK_UPSTREAM is not set;
/// records that it ran otherwise.
#define REQUIRE_UPSTREAM()                                                                          \
  do {                                                                                              \
    if (!::portcheck::test::upstream_source()) {                                                    \
      GTEST_SKIP() << "PORTCHECK_UPSTREAM is not set: point it at a janitor checkout (see README)"; \
    }                                                                                               \
    ::portcheck::test::record_capture_test_ran();                                                   \
  } while (false)

/// Expects `statement` to throw portcheck::Error whose describe() contains
/// `fragment`.
#define EXPECT_PORTCHECK_ERROR(statement, fragment)                                           \
  do {                                                                                        \
    try {                                                                                     \
      statement;                                                                              \
      ADD_FAILURE() << "expected a portcheck::Error containing: " << (fragment);              \
    } catch (const ::portcheck::Error& error) {                                               \
      EXPECT_NE(error.describe().find(fragment), std::string::npos)                           \
          << "error was: " << error.describe() << "\nexpected it to contain: " << (fragment); \
    }                                                                                         \
  } while (false)
