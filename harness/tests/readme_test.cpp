// The README as a front door: short, every command example it shows runs on
// the shipped project with the exit code its comment states, and every link
// of the documentation (README, ARCHITECTURE.md, docs/) reaches a file and a
// heading that exist; and what ARCHITECTURE.md says of the module graph.

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace portcheck::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines_of(const fs::path& file) {
  std::vector<std::string> lines;
  std::istringstream stream(read_text(file));
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

/// Lines of the ```sh blocks that run portcheck, with their stated exit code.
struct Example {
  std::string line;
  std::vector<std::string> arguments;
  int exit_code = -1;
};

std::vector<Example> readme_examples() {
  std::vector<Example> examples;
  bool in_shell = false;
  for (const std::string& line : lines_of(source_dir() / "README.md")) {
    if (line.starts_with("```")) {
      in_shell = !in_shell && line == "```sh";
      continue;
    }
    if (!in_shell || !line.starts_with("portcheck ")) continue;
    Example example;
    example.line = line;
    const auto comment = line.find('#');
    std::istringstream words(line.substr(0, comment));
    std::string word;
    words >> word;  // portcheck
    while (words >> word) example.arguments.push_back(word);
    if (comment != std::string::npos) example.exit_code = std::atoi(line.c_str() + comment + 1);
    examples.push_back(std::move(example));
  }
  return examples;
}

TEST(Readme, IsAFrontDoorOfAtMostTwoHundredLines) {
  const std::vector<std::string> lines = lines_of(source_dir() / "README.md");
  EXPECT_LE(lines.size(), 200U);
  for (const char* file : {"ARCHITECTURE.md", "docs/commands.md", "docs/channels.md", "docs/capture-and-fixtures.md",
                           "docs/ci.md", "docs/schemas-and-profiles.md", "docs/performance.md", "docs/robustness.md"}) {
    EXPECT_TRUE(fs::is_regular_file(source_dir() / file)) << file;
  }
}

TEST(Readme, EveryCommandExampleRunsWithTheExitCodeItStates) {
  const std::vector<Example> examples = readme_examples();
  ASSERT_GE(examples.size(), 8U) << "the README's command examples are gone";
  std::set<std::string> commands;
  for (const Example& example : examples) {
    ASSERT_NE(example.exit_code, -1) << "no '# <exit code>' comment: " << example.line;
    ASSERT_EQ(example.line.find_first_of("'\"$|<>;&"), std::string::npos)
        << "an example the test runs word by word, without a shell: " << example.line;
    // A copy of the project each, so that an example that writes (report,
    // record) changes nothing the next one reads.
    const TempDir project;
    for (const char* folder : {"schemas", "fixtures", "reports"}) {
      fs::copy(source_dir() / folder, project.path() / folder, fs::copy_options::recursive);
    }
    const CommandResult result = run_portcheck(example.arguments, project.path());
    EXPECT_EQ(result.exit_code, example.exit_code) << example.line << "\n" << result.out << result.err;
    commands.insert(example.arguments.front());
  }
  for (const char* command : {"report", "check", "validate", "scan", "diff", "record", "schema-diff", "rules"}) {
    EXPECT_TRUE(commands.contains(command)) << "no README example of " << command;
  }
}

/// GitHub's anchor of a heading: lower case, spaces to hyphens, and only
/// letters, digits, hyphens and underscores kept.
std::string anchor_of(const std::string& heading) {
  std::string anchor;
  for (const char c : heading) {
    if (c == ' ') {
      anchor += '-';
    } else if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_') {
      anchor += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return anchor;
}

std::set<std::string> anchors_of(const fs::path& file) {
  std::set<std::string> anchors;
  bool fenced = false;
  for (const std::string& line : lines_of(file)) {
    if (line.starts_with("```")) fenced = !fenced;
    if (fenced || !line.starts_with("#")) continue;
    const auto text = line.find_first_not_of('#');
    if (text == std::string::npos || line[text] != ' ') continue;
    anchors.insert(anchor_of(line.substr(text + 1)));
  }
  return anchors;
}

TEST(Readme, EveryDocumentationLinkReachesAFileAndAHeading) {
  std::vector<fs::path> pages{source_dir() / "README.md", source_dir() / "ARCHITECTURE.md"};
  for (const auto& entry : fs::directory_iterator(source_dir() / "docs")) {
    if (entry.path().extension() == ".md") pages.push_back(entry.path());
  }
  const std::regex link(R"(\]\(([^)\s]+)\))");
  std::size_t checked = 0;
  for (const fs::path& page : pages) {
    const std::string text = read_text(page);
    for (auto match = std::sregex_iterator(text.begin(), text.end(), link); match != std::sregex_iterator(); ++match) {
      const std::string target = (*match)[1];
      if (target.starts_with("http://") || target.starts_with("https://")) continue;
      const auto hash = target.find('#');
      const std::string file_part = target.substr(0, hash);
      const fs::path file = file_part.empty() ? page : (page.parent_path() / file_part).lexically_normal();
      ++checked;
      ASSERT_TRUE(fs::exists(file)) << page.filename() << " links to " << target << ", which does not exist";
      if (hash != std::string::npos && file.extension() == ".md") {
        EXPECT_TRUE(anchors_of(file).contains(target.substr(hash + 1)))
            << page.filename() << " links to " << target << ": no such heading";
      }
    }
  }
  EXPECT_GT(checked, 10U);
}

/// The gate needs no database client: check's storage gate is injected by
/// the command line, so that the gate, and what links it, never link libpqxx.
// The gate, the output layer and schema-diff need no database client: what
// links them (tests, fuzz targets) does not link libpqxx.
TEST(Architecture, TheGateAndTheOutputLayerLinkNoDatabaseClient) {
  std::size_t files = 0;
  for (const char* module : {"gate", "output", "schema_diff"}) {
    const fs::path folder = source_dir() / "harness/src" / module;
    const std::string cmake = read_text(folder / "CMakeLists.txt");
    EXPECT_EQ(cmake.find("portcheck::db"), std::string::npos) << module << "\n" << cmake;
    EXPECT_EQ(cmake.find("PkgConfig::libpqxx"), std::string::npos) << module << "\n" << cmake;
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
      ++files;
      const std::string text = read_text(entry.path());
      EXPECT_EQ(text.find("#include \"db/"), std::string::npos) << entry.path();
      EXPECT_EQ(text.find("<pqxx"), std::string::npos) << entry.path();
    }
  }
  EXPECT_GT(files, 30U);
}

// The command line parses arguments and calls the library: it never builds a
// comparison itself (that is the library's, where report and check share it).
TEST(Architecture, TheCommandLineComparesNothingItself) {
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(source_dir() / "harness/cli")) {
    if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
    ++files;
    const std::string text = read_text(entry.path());
    for (const char* call : {"#include \"compare/compare.hpp\"", "compare_project(", "compare_structure(",
                             "load_claims(", "known_gap_reasons(", "collect_findings("}) {
      EXPECT_EQ(text.find(call), std::string::npos) << entry.path() << " calls " << call;
    }
  }
  EXPECT_GT(files, 10U);
}

}  // namespace
}  // namespace portcheck::test
