// Writes that nothing can turn into data loss: a link planted where portcheck
// writes, two writers at once, a writer killed at any point.

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "json/files.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

namespace fs = std::filesystem;

/// A set of four report-like files, every one naming the set it belongs to,
/// large enough that writing it takes a while.
std::vector<std::pair<fs::path, std::string>> report_set(const fs::path& folder, char set) {
  std::vector<std::pair<fs::path, std::string>> files;
  for (const char* name : {"compatibility.md", "compatibility.json", "compatibility.junit.xml", "compatibility.html"}) {
    files.emplace_back(folder / name, std::string(1, set) + std::string(1 << 20, set));
  }
  return files;
}

/// Which whole set the folder holds: 'A', 'B', or '?' for a mix or a damaged file.
char set_in(const fs::path& folder) {
  char found = 0;
  for (const char* name : {"compatibility.md", "compatibility.json", "compatibility.junit.xml", "compatibility.html"}) {
    const std::string text = read_text(folder / name);
    if (text.size() != (1U << 20) + 1 || text.find_first_not_of(text[0]) != std::string::npos) return '?';
    if (found != 0 && found != text[0]) return '?';
    found = text[0];
  }
  return found;
}

/// Files whose names are not the four reports: temporaries and journals left behind.
std::vector<std::string> leftovers(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("compatibility.")) names.push_back(name);
  }
  return names;
}

TEST(SafeWrites, ALinkAtTheOldTemporaryNameIsNeverFollowed) {
  const TempDir temp;
  const fs::path victim = temp.path() / "victim";
  write_file(victim, "precious\n");
  const fs::path reports = temp.path() / "reports";
  fs::create_directories(reports);
  fs::create_symlink(victim, reports / "compatibility.md.tmp");
  fs::create_symlink(victim, reports / "known-gaps.json.tmp");
  json::write_files_atomically({{reports / "compatibility.md", "report\n"}, {reports / "known-gaps.json", "[]\n"}});
  EXPECT_EQ(read_text(victim), "precious\n");
  EXPECT_FALSE(fs::is_symlink(reports / "compatibility.md"));
  EXPECT_EQ(read_text(reports / "compatibility.md"), "report\n");
}

// A link at the target is neither written through nor replaced: replacing
// turned /dev/stdout (a link) into a plain file, as root. A device or FIFO
// (timeline --output /dev/full, as root, made it a 24 KB file) is refused
// the same way, before anything is written.
TEST(SafeWrites, ATargetThatIsNotARegularFileIsRefusedAndLeftAsItIs) {
  const TempDir temp;
  const fs::path victim = temp.path() / "victim";
  write_file(victim, "precious\n");
  fs::create_symlink(victim, temp.path() / "known-gaps.json");
  EXPECT_PORTCHECK_ERROR(json::write_file_atomically(temp.path() / "known-gaps.json", "[]\n"), "is a link");
  EXPECT_EQ(read_text(victim), "precious\n");
  EXPECT_TRUE(fs::is_symlink(temp.path() / "known-gaps.json"));
  ASSERT_EQ(::mkfifo((temp.path() / "fifo.md").c_str(), 0600), 0);
  EXPECT_PORTCHECK_ERROR(
      json::write_files_atomically({{temp.path() / "a.md", "a\n"}, {temp.path() / "fifo.md", "b\n"}}),
      "is not a regular file");
  EXPECT_EQ(fs::status(temp.path() / "fifo.md").type(), fs::file_type::fifo);
  EXPECT_FALSE(fs::exists(temp.path() / "a.md")) << "nothing of the set is written";
}

TEST(SafeWrites, TheReportCommandDoesNotFollowAPlantedLink) {
  const TempDir temp;
  const fs::path victim = temp.path() / "victim";
  write_file(victim, "precious\n");
  const fs::path reports = temp.path() / "reports";
  fs::create_directories(reports);
  fs::create_symlink(victim, reports / "compatibility.md.tmp");
  const CommandResult result = run_portcheck({"report", "--output", reports.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_text(victim), "precious\n");
  EXPECT_FALSE(fs::is_symlink(reports / "compatibility.md"));
  EXPECT_NE(read_text(reports / "compatibility.md").find("# "), std::string::npos);
}

TEST(SafeWrites, AJournalThatNamesAFileOutsideItsFolderIsRefused) {
  const TempDir temp;
  const fs::path folder = temp.path() / "reports";
  fs::create_directories(folder);
  write_file(temp.path() / ".passwd.portcheck-abcdef", "planted\n");
  write_file(folder / ".portcheck-pending", "portcheck-pending 1\n../.passwd.portcheck-abcdef\t../passwd\nend\n");
  EXPECT_PORTCHECK_ERROR(json::complete_interrupted_writes(folder), "names a file outside its folder");
  EXPECT_FALSE(fs::exists(temp.path() / "passwd"));
  write_file(folder / ".portcheck-pending", "portcheck-pending 1\nnotes.txt\tcompatibility.md\nend\n");
  EXPECT_PORTCHECK_ERROR(json::complete_interrupted_writes(folder), "is not a temporary file and its target");
}

TEST(SafeWrites, TwoWritersAtOnceLeaveOneWholeSet) {
  const TempDir temp;
  const fs::path folder = temp.path() / "reports";
  json::write_files_atomically(report_set(folder, 'A'));
  for (int round = 0; round < 10; ++round) {
    std::vector<pid_t> writers;
    for (const char set : {'A', 'B'}) {
      const pid_t child = ::fork();
      ASSERT_GE(child, 0);
      if (child == 0) {
        try {
          for (int time = 0; time < 3; ++time) json::write_files_atomically(report_set(folder, set));
        } catch (...) {
          ::_exit(1);
        }
        ::_exit(0);
      }
      writers.push_back(child);
    }
    for (const pid_t writer : writers) {
      int status = 0;
      ::waitpid(writer, &status, 0);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a writer failed in round " << round;
    }
    EXPECT_NE(set_in(folder), '?') << "round " << round;
    EXPECT_TRUE(leftovers(folder).empty()) << "round " << round << ": " << leftovers(folder).front();
  }
}

TEST(SafeWrites, AWriterKilledAtAnyPointLeavesTheOldSetOrTheNewOne) {
  const TempDir temp;
  const fs::path folder = temp.path() / "reports";
  // How long one write of the set takes here, to spread the kills over it.
  json::write_files_atomically(report_set(folder, 'A'));
  const auto started = std::chrono::steady_clock::now();
  json::write_files_atomically(report_set(folder, 'B'));
  const auto duration = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
  std::mt19937 random(20261202);
  std::uniform_int_distribution<long> delay(0, 2 * duration.count() + 2000);
  int old_sets = 0;
  int new_sets = 0;
  int interrupted = 0;
  for (int attempt = 0; attempt < 60; ++attempt) {
    json::write_files_atomically(report_set(folder, 'A'));
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      try {
        json::write_files_atomically(report_set(folder, 'B'));
      } catch (...) {
        ::_exit(1);
      }
      ::_exit(0);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(delay(random)));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    if (!leftovers(folder).empty()) ++interrupted;
    json::complete_interrupted_writes(folder);
    const char set = set_in(folder);
    ASSERT_NE(set, '?') << "attempt " << attempt << " left a mix of the two sets";
    (set == 'A' ? old_sets : new_sets) += 1;
    EXPECT_TRUE(leftovers(folder).empty()) << "attempt " << attempt;
  }
  // The kills landed before, during and after the write.
  EXPECT_GT(old_sets, 0);
  EXPECT_GT(new_sets, 0);
  EXPECT_GT(interrupted, 0);
}

TEST(SafeWrites, TwoReportRunsAtOnceLeaveTheReportsWhole) {
  const TempDir temp;
  // Links in the reports are relative to their folder: one run into the same
  // folder gives the expected bytes.
  const fs::path raced = temp.path() / "raced";
  ASSERT_EQ(run_portcheck({"report", "--output", raced.string()}).exit_code, 0);
  std::map<std::string, std::string> single;
  for (const char* name : {"compatibility.md", "compatibility.json", "compatibility.junit.xml", "compatibility.html"}) {
    single[name] = read_text(raced / name);
  }
  for (int round = 0; round < 3; ++round) {
    const std::string report = "'" PORTCHECK_EXECUTABLE "' report --output '" + raced.string() + "'";
    const CommandResult result = shell("cd '" + source_dir().string() + "' || exit 2; " + report + " & first=$!; " +
                                       report + " & second=$!; wait $first && wait $second");
    ASSERT_EQ(result.exit_code, 0) << result.out;
    for (const char* name : {"compatibility.md", "compatibility.json", "compatibility.junit.xml", "compatibility.html"}) {
      EXPECT_EQ(read_text(raced / name), single[name]) << name << " in round " << round;
    }
  }
}

}  // namespace
}  // namespace portcheck::test
