// The PostgreSQL client is a module that only the commands reaching a
// database load (db/driver.hpp): the executable itself links no libpq.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace portcheck::test {
namespace {

namespace fs = std::filesystem;

TEST(DatabaseModule, TheExecutableLinksNoDatabaseClient) {
  const CommandResult needed = shell("readelf -d '" + std::string(PORTCHECK_EXECUTABLE) + "' | grep NEEDED");
  ASSERT_EQ(needed.exit_code, 0) << needed.out;
  EXPECT_NE(needed.out.find("libstdc++"), std::string::npos) << needed.out;
  EXPECT_EQ(needed.out.find("libpq"), std::string::npos) << needed.out;
  const fs::path module = fs::path(PORTCHECK_EXECUTABLE).parent_path() / "portcheck-postgresql.so";
  const CommandResult module_needs = shell("readelf -d '" + module.string() + "' | grep NEEDED");
  EXPECT_NE(module_needs.out.find("libpq.so"), std::string::npos) << module_needs.out;
}

// The module loads and runs: what it needs of the executable is there (a
// symbol missing would fail to load), and its failure to connect is its own
// message.
TEST(DatabaseModule, LoadsAndRunsBesideTheExecutable) {
  const CommandResult result = run_portcheck({"db-check", "--dsn", "host=/nonexistent password=hunter2"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("cannot connect to the database (host=/nonexistent password=***)"), std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("hunter2"), std::string::npos) << result.err;
}

// An executable copied away from its module still runs every other
// command, and the database commands say which file they could not load.
TEST(DatabaseModule, WithoutItTheDatabaseCommandsSayWhatIsMissing) {
  const TempDir folder;
  const fs::path copy = folder.path() / "portcheck";
  fs::copy_file(PORTCHECK_EXECUTABLE, copy);
  const std::string run = "cd '" + source_dir().string() + "' && '" + copy.string() + "' ";
  const CommandResult version = shell(run + "--version");
  EXPECT_EQ(version.exit_code, 0) << version.out;
  const CommandResult validated = shell(run + "validate --all");
  EXPECT_EQ(validated.exit_code, 0) << validated.out;
  for (const std::string& command : std::vector<std::string>{
           "db-check --dsn host=/nonexistent",
           "db-scan --dsn host=/nonexistent --side python --structure WorkerResult --query 'SELECT 1'",
           "report --dsn host=/nonexistent --output " + (folder.path() / "reports").string()}) {
    const CommandResult refused = shell(run + command);
    EXPECT_EQ(refused.exit_code, 2) << command << ": " << refused.out;
    EXPECT_NE(refused.out.find("cannot load portcheck's PostgreSQL module " +
                               (folder.path() / "portcheck-postgresql.so").string()),
              std::string::npos)
        << refused.out;
  }
  EXPECT_FALSE(fs::exists(folder.path() / "reports"));
}

// A file of that name that is not this build's module is refused, never
// called: one without the entry point, one whose entry gives nothing, and
// one whose driver is of another interface.
TEST(DatabaseModule, AModuleOfAnotherBuildIsRefused) {
  const std::vector<std::pair<std::string, std::string>> impostors{
      {"int unrelated(void) { return 0; }", "it has no portcheck_postgresql_driver"},
      {"const void* portcheck_postgresql_driver(void) { return 0; }", "it gives no driver"},
      {"static const unsigned long driver[4] = {1, 0, 0, 0};\n"
       "const void* portcheck_postgresql_driver(void) { return driver; }",
       "its interface differs"}};
  for (const auto& [source, reason] : impostors) {
    const TempDir folder;
    fs::copy_file(PORTCHECK_EXECUTABLE, folder.path() / "portcheck");
    write_file(folder.path() / "impostor.c", source + "\n");
    const CommandResult built = shell("cc -shared -fPIC -o '" + (folder.path() / "portcheck-postgresql.so").string() +
                                      "' '" + (folder.path() / "impostor.c").string() + "'");
    ASSERT_EQ(built.exit_code, 0) << built.out;
    const CommandResult refused = shell("cd '" + source_dir().string() + "' && '" +
                                        (folder.path() / "portcheck").string() + "' db-check --dsn host=/nonexistent");
    EXPECT_EQ(refused.exit_code, 2) << refused.out;
    EXPECT_NE(refused.out.find("is not the PostgreSQL module of this portcheck build (" + reason + ")"),
              std::string::npos)
        << refused.out;
  }
}

}  // namespace
}  // namespace portcheck::test
