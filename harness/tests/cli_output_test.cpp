// Exact-output tests of the command line, one folder per case under
// harness/tests/cli/cases/: `args` (one argument per line) run in a copy of
// the project named by `project` (default: tiny, under harness/tests/cli/projects/),
// with the case's `files/` laid over it and its `stdin` (if any) as standard input; the exit code, standard output and
// standard error must equal `expected.code`, `expected.out` and
// `expected.err` byte for byte. Cases named fail_* expect a non-zero exit,
// pass_* zero. PORTCHECK_UPDATE_EXPECTED=1 writes what the command printed
// into the expected files instead, after regenerating each project's reports
// (review the diff before committing).

#include <cstdlib>
#include <set>
#include <sstream>

#include "test_support.hpp"

namespace portcheck::test {
namespace {

const std::filesystem::path kCli = "harness/tests/cli";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string trimmed(const std::string& text) {
  const auto end = text.find_last_not_of(" \n");
  return end == std::string::npos ? "" : text.substr(0, end + 1);
}

bool updating() {
  const char* update = std::getenv("PORTCHECK_UPDATE_EXPECTED");
  return update != nullptr && update[0] == '1';
}

/// A copy of a project in `work`, with the project's language profiles.
void prepare(const std::string& project, const std::filesystem::path& work) {
  std::filesystem::copy(source_dir() / kCli / "projects" / project, work, std::filesystem::copy_options::recursive);
  // Every project speaks Python and Rust through the project's own profiles.
  if (!std::filesystem::exists(work / "schemas/profiles")) {
    std::filesystem::copy(source_dir() / "schemas/profiles", work / "schemas/profiles");
  }
}

/// Regenerates a project's committed reports (once per run, when updating).
void regenerate_reports(const std::string& project) {
  static std::set<std::string> done;
  if (!done.insert(project).second) return;
  const TempDir work;
  prepare(project, work.path());
  ASSERT_EQ(run_portcheck({"report"}, work.path()).exit_code, 0);
  for (const auto& entry : std::filesystem::directory_iterator(work.path() / "reports")) {
    if (entry.path().filename().string().starts_with("compatibility.")) {
      std::filesystem::copy_file(entry.path(),
                                 source_dir() / kCli / "projects" / project / "reports" / entry.path().filename(),
                                 std::filesystem::copy_options::overwrite_existing);
    }
  }
}

class CliCase : public testing::Test {
 public:
  explicit CliCase(std::filesystem::path folder) : folder_(std::move(folder)) {}

  void TestBody() override {
    const TempDir work;
    const std::string project =
        std::filesystem::exists(folder_ / "project") ? trimmed(read_text(folder_ / "project")) : "tiny";
    if (updating()) regenerate_reports(project);
    prepare(project, work.path());
    if (std::filesystem::exists(folder_ / "files")) {
      std::filesystem::copy(
          folder_ / "files", work.path(),
          std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
    }
    // A case's `stdin`, when it has one, is the command's standard input.
    std::optional<std::string> input;
    if (std::filesystem::exists(folder_ / "stdin")) input = read_text(folder_ / "stdin");
    const CommandResult result = run_portcheck(lines_of(read_text(folder_ / "args")), work.path(), input);
    const std::string code = std::to_string(result.exit_code) + "\n";
    if (updating()) {
      write_file(folder_ / "expected.code", code);
      write_file(folder_ / "expected.out", result.out);
      write_file(folder_ / "expected.err", result.err);
      return;
    }
    const std::string name = folder_.filename().string();
    EXPECT_EQ(result.exit_code == 0, name.starts_with("pass_")) << name << " exits " << result.exit_code;
    EXPECT_EQ(code, read_text(folder_ / "expected.code"));
    EXPECT_EQ(result.out, read_text(folder_ / "expected.out"));
    EXPECT_EQ(result.err, read_text(folder_ / "expected.err"));
  }

 private:
  std::filesystem::path folder_;
};

Registrar register_cli_cases([] {
  std::vector<std::filesystem::path> folders;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / kCli / "cases")) {
    if (entry.is_directory()) folders.push_back(entry.path());
  }
  std::sort(folders.begin(), folders.end());
  for (const auto& folder : folders) {
    testing::RegisterTest("CliOutput", test_name(folder.filename().string()).c_str(), nullptr, nullptr, __FILE__,
                          __LINE__, [folder]() -> testing::Test* { return new CliCase(folder); });
  }
});

TEST(CliOutputCases, ThereAreCasesAndEachIsComplete) {
  std::size_t cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / kCli / "cases")) {
    if (!entry.is_directory()) continue;
    ++cases;
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name.starts_with("pass_") || name.starts_with("fail_")) << name;
    for (const char* file : {"args", "expected.code", "expected.out", "expected.err"}) {
      EXPECT_TRUE(std::filesystem::exists(entry.path() / file)) << name << " lacks " << file;
    }
  }
  EXPECT_GE(cases, 10U);
}

}  // namespace
}  // namespace portcheck::test
