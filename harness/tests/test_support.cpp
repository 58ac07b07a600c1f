#include "test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace portcheck::test {

namespace {

std::vector<std::function<void()>>& registrations() {
  static std::vector<std::function<void()>> functions;
  return functions;
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char character : text) {
    if (character == '\'') {
      quoted += "'\\''";
    } else {
      quoted += character;
    }
  }
  return quoted + "'";
}

}  // namespace

std::filesystem::path source_dir() { return PORTCHECK_SOURCE_DIR; }

std::optional<std::filesystem::path> upstream_source() {
  const char* value = std::getenv("PORTCHECK_UPSTREAM");
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::filesystem::absolute(value);
}

void record_capture_test_ran() {
#ifdef PORTCHECK_CAPTURE_TESTS_RAN
  std::ofstream ran(PORTCHECK_CAPTURE_TESTS_RAN, std::ios::app);
  ran << testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() << "."
      << testing::UnitTest::GetInstance()->current_test_info()->name() << "\n";
#endif
}

std::string test_name(const std::string& text) {
  std::string name;
  for (const char character : text) {
    const bool plain = (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') ||
                       (character >= '0' && character <= '9');
    name += plain ? character : '_';
  }
  return name;
}

Registrar::Registrar(std::function<void()> registration) { registrations().push_back(std::move(registration)); }

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "portcheck-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::filesystem::path& path, const std::string& contents) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream stream(path, std::ios::binary);
  stream << contents;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

CommandResult shell(const std::string& command) {
  const TempDir scratch;
  const std::filesystem::path out = scratch.path() / "out.txt";
  const int status = std::system((command + " >'" + out.string() + "' 2>&1").c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_text(out);
  return result;
}

std::string json_schema_errors(const std::filesystem::path& schema, const std::string& text) {
  const TempDir scratch;
  write_file(scratch.path() / "document.json", text);
  const CommandResult result =
      shell("/usr/bin/python3 '" + (source_dir() / "harness/tests/validate_json.py").string() + "' '" +
            schema.string() + "' '" + (scratch.path() / "document.json").string() + "'");
  return result.exit_code == 0 ? "" : result.out + "(exit " + std::to_string(result.exit_code) + ")";
}

void copy_schemas(const std::filesystem::path& project_root) {
  std::filesystem::copy(source_dir() / "schemas", project_root / "schemas", std::filesystem::copy_options::recursive);
  std::filesystem::create_directories(project_root / "fixtures");
}

CommandResult run_portcheck(const std::vector<std::string>& arguments, const std::filesystem::path& working_directory,
                            const std::optional<std::string>& input) {
  const TempDir capture;
  std::string command = "cd " + shell_quote(working_directory.string()) + " && " + shell_quote(PORTCHECK_EXECUTABLE);
  for (const std::string& argument : arguments) command += " " + shell_quote(argument);
  command += " >" + shell_quote((capture.path() / "out").string());
  command += " 2>" + shell_quote((capture.path() / "err").string());
  if (input) {
    write_file(capture.path() / "in", *input);
    command += " <" + shell_quote((capture.path() / "in").string());
  } else {
    command += " </dev/null";
  }
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_text(capture.path() / "out");
  result.err = read_text(capture.path() / "err");
  return result;
}

FakeCaptureProject::FakeCaptureProject(const Files& committed, const Files& captured, bool capture_fails) {
  for (const auto& [name, text] : committed) write_file(path() / "fixtures" / name, text);
  for (const auto& [name, text] : captured) write_file(path() / "next" / name, text);
  write_file(path() / "scripts/capture",
             capture_fails ? "#!/bin/sh\necho 'ValueError: the source moved on' >&2\nexit 3\n"
                           : "#!/bin/sh\n# --source S --output O --timeout T\ncp -R \"$(dirname \"$0\")/../next/.\" \"$4\"\n");
  std::filesystem::permissions(path() / "scripts/capture", std::filesystem::perms::owner_all);
}

}  // namespace portcheck::test

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  for (const auto& registration : portcheck::test::registrations()) registration();
  const int result = RUN_ALL_TESTS();
  // A filter that selects nothing would otherwise pass in silence.
  if (!GTEST_FLAG_GET(list_tests) && testing::UnitTest::GetInstance()->test_to_run_count() == 0) {
    std::fprintf(stderr, "no test matched the filter %s\n", GTEST_FLAG_GET(filter).c_str());
    return 1;
  }
  return result;
}
