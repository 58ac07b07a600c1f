// Black-box tests of `portcheck validate`: exit codes and exact messages.

#include <set>

#include "json/document.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

std::filesystem::path invalid_dir() { return source_dir() / "fixtures/invalid"; }

// ------------------------------------------- hostile inputs, one test each

struct InvalidCase {
  std::string file;
  std::string location;
  std::optional<std::string> pointer;
  std::string message;
};

std::vector<InvalidCase> invalid_cases() {
  const json::Document expected = json::load_file(invalid_dir() / "expected.json");
  std::vector<InvalidCase> cases;
  for (const auto& entry : expected.root()["cases"].GetArray()) {
    InvalidCase test_case{entry["file"].GetString(), entry["location"].GetString(), std::nullopt,
                          entry["message"].GetString()};
    if (entry["pointer"].IsString()) test_case.pointer = entry["pointer"].GetString();
    cases.push_back(std::move(test_case));
  }
  return cases;
}

Registrar register_invalid_cases([] {
  for (const InvalidCase& test_case : invalid_cases()) {
    testing::RegisterTest(
        "HostileInput", test_name(test_case.file).c_str(), nullptr, nullptr, __FILE__, __LINE__,
        [test_case]() -> testing::Test* {
          struct Case : testing::Test {
            explicit Case(InvalidCase c) : test_case(std::move(c)) {}
            void TestBody() override {
              const std::string path = "fixtures/invalid/" + test_case.file;
              const CommandResult result =
                  run_portcheck({"validate", "--side", "python", "--structure", "WorkerResult", path});
              EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
              std::string expected = "portcheck: error: " + path + ":" + test_case.location + ": ";
              if (test_case.pointer)
                expected += "at " + (test_case.pointer->empty() ? std::string("(root)") : *test_case.pointer);
              EXPECT_TRUE(result.err.starts_with(expected)) << result.err << "\nexpected: " << expected;
              EXPECT_NE(result.err.find(test_case.message), std::string::npos) << result.err;
              EXPECT_NE(result.out.find("1 unreadable — FAILED"), std::string::npos) << result.out;
            }
            InvalidCase test_case;
          };
          return new Case(test_case);
        });
  }
});

TEST(HostileInputCatalog, EveryFileIsListedAndEveryListedFileExists) {
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(invalid_dir())) {
    if (entry.path().extension() == ".json" && entry.path().filename() != "expected.json") {
      on_disk.insert(entry.path().filename().string());
    }
  }
  std::set<std::string> listed;
  for (const InvalidCase& test_case : invalid_cases()) listed.insert(test_case.file);
  EXPECT_EQ(on_disk, listed);
}

// ------------------------------------------------------------- validate --all

TEST(ValidateAll, CommittedFixturesPass) {
  const CommandResult result = run_portcheck({"validate", "--all"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.err, "");
}

TEST(ValidateAll, NoFixturesSaysSoAndPasses) {
  const TempDir project;
  copy_schemas(project.path());
  const CommandResult result = run_portcheck({"validate", "--all"}, project.path());
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "portcheck validate: no fixtures under fixtures/<side>/<Structure>/ — nothing to validate\n");
}

TEST(ValidateAll, ConformingFixturesPass) {
  const TempDir project;
  copy_schemas(project.path());
  write_file(project.path() / "fixtures/python/VcsInfo/some-keys.json", "{\n  \"vcs_type\": \"git\"\n}\n");
  write_file(project.path() / "fixtures/rust/VcsInfo/some-keys.json",
             "{\n  \"branch_url\": null,\n  \"subpath\": null,\n  \"vcs_type\": \"git\"\n}\n");
  write_file(project.path() / "fixtures/rust/README.md", "not a fixture\n");
  const CommandResult result = run_portcheck({"validate", "--all"}, project.path());
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "portcheck validate: 2 files, 0 failures in 0 files, 0 unreadable — PASSED\n");
}

TEST(ValidateAll, UndeclaredKeyFailsWithFileLineColumnPointerAndRule) {
  const TempDir project;
  copy_schemas(project.path());
  write_file(project.path() / "fixtures/rust/VcsInfo/drift.json",
             "{\n  \"branch_url\": null,\n  \"vcs\": \"git\"\n}\n");
  const CommandResult result = run_portcheck({"validate", "--all"}, project.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out,
            "fixtures/rust/VcsInfo/drift.json:3:3: at /vcs: additionalProperties: key is not declared by the schema "
            "(drift: either the serializer or the schema must change)\n"
            "portcheck validate: 1 file, 1 failure in 1 file, 0 unreadable — FAILED\n");
}

TEST(ValidateAll, MalformedFixtureExitsTwoNamingLineAndColumn) {
  const TempDir project;
  copy_schemas(project.path());
  write_file(project.path() / "fixtures/python/VcsInfo/broken.json", "{\n  \"vcs_type\": \"git\",\n}\n");
  write_file(project.path() / "fixtures/python/VcsInfo/fine.json", "{}\n");
  const CommandResult result = run_portcheck({"validate", "--all"}, project.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(result.err.starts_with("portcheck: error: fixtures/python/VcsInfo/broken.json:3:1:")) << result.err;
  EXPECT_NE(result.out.find("2 files, 0 failures in 0 files, 1 unreadable — FAILED"), std::string::npos) << result.out;
}

TEST(ValidateAll, FolderNamingNoStructureOfItsSideFails) {
  const TempDir project;
  copy_schemas(project.path());
  write_file(project.path() / "fixtures/python/QueueAssignment/x.json", "{}\n");
  const CommandResult result = run_portcheck({"validate", "--all"}, project.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(
      result.out.find("fixtures/python/QueueAssignment: fixture folder: side python does not declare QueueAssignment"),
      std::string::npos)
      << result.out;
}

TEST(ValidateAll, InvalidSchemaExitsTwo) {
  const TempDir project;
  copy_schemas(project.path());
  write_file(project.path() / "schemas/rust/VcsInfo.schema.json", "{\"$schema\": ");
  const CommandResult result = run_portcheck({"validate", "--all"}, project.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("schemas/rust/VcsInfo.schema.json:1:13:"), std::string::npos) << result.err;
}

// ------------------------------------------------------------- named files

TEST(ValidateFiles, ReadsStandardInput) {
  const CommandResult pass =
      run_portcheck({"validate", "--side", "rust", "--structure", "GenericResult", "-"}, source_dir(), "null");
  EXPECT_EQ(pass.exit_code, 0) << pass.out << pass.err;
  const CommandResult fail =
      run_portcheck({"validate", "--side", "rust", "--structure", "GenericResult", "-"}, source_dir(), "{}");
  EXPECT_EQ(fail.exit_code, 1);
  EXPECT_NE(fail.out.find("at (root): type: expected null (declared GenericResult), found object {}"),
            std::string::npos)
      << fail.out;
}

// A key of digits where the schema has a tuple (Python's branches and tags
// are lists of tuples) is read as an index; one past what 64 bits hold was
// an internal error ("stoul"), found by codec_fuzz. It is past every item.
TEST(ValidateFiles, AnIndexBeyond64BitsIsPastEveryTupleItemNotAnInternalError) {
  for (const std::string side : {"python", "rust"}) {
    const CommandResult result =
        run_portcheck({"validate", "--side", side, "--structure", "WorkerResult", "-"}, source_dir(),
                      R"({"tags": [{"22222222222222222922337203685477580822222200000000": []}]})");
    EXPECT_EQ(result.exit_code, 1) << side << result.out << result.err;
    EXPECT_EQ(result.err.find("internal error"), std::string::npos) << side << result.err;
    // Near miss: an index within 64 bits was read all along.
    const CommandResult near = run_portcheck({"validate", "--side", side, "--structure", "WorkerResult", "-"},
                                             source_dir(), R"({"tags": [{"18446744073709551615": []}]})");
    EXPECT_EQ(near.exit_code, 1) << side << near.out << near.err;
  }
}

TEST(ValidateFiles, ASideWithoutAJsonFormOfTheStructureIsAUsageError) {
  const CommandResult python =
      run_portcheck({"validate", "--side", "python", "--structure", "QueueItem", "-"}, source_dir(), "{}");
  EXPECT_EQ(python.exit_code, 2);
  EXPECT_NE(python.err.find("side python has no JSON form of QueueItem: its code neither writes nor reads it as JSON"),
            std::string::npos)
      << python.err;
  const CommandResult rust =
      run_portcheck({"validate", "--side", "rust", "--structure", "RunHealthStatus", "-"}, source_dir(), "{}");
  EXPECT_EQ(rust.exit_code, 2);
  // Near miss: the Rust QueueItem has one.
  const CommandResult json_form =
      run_portcheck({"validate", "--side", "rust", "--structure", "QueueItem", "-"}, source_dir(), "{}");
  EXPECT_EQ(json_form.exit_code, 1) << json_form.err;
}

TEST(ValidateAll, AFolderForASideWithoutAJsonFormFails) {
  const TempDir project;
  copy_schemas(project.path());
  write_file(project.path() / "fixtures/rust/QueueAssignment/made-up.json", "{}");
  const CommandResult result = run_portcheck({"validate", "--all"}, project.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("fixtures/rust/QueueAssignment: side rust has no JSON form of QueueAssignment"),
            std::string::npos)
      << result.out;
}

TEST(ValidateFiles, ExitCodeIsTheWorstOfAllFiles) {
  const TempDir scratch;
  write_file(scratch.path() / "good.json", "{}");
  write_file(scratch.path() / "bad.json", "{\"x\": 1}");
  write_file(scratch.path() / "broken.json", "{");
  const auto run = [&](std::vector<std::string> files) {
    std::vector<std::string> arguments{"validate", "--side", "python", "--structure", "VcsInfo"};
    for (auto& file : files) arguments.push_back((scratch.path() / file).string());
    return run_portcheck(arguments).exit_code;
  };
  EXPECT_EQ(run({"good.json"}), 0);
  EXPECT_EQ(run({"good.json", "bad.json"}), 1);
  EXPECT_EQ(run({"bad.json", "broken.json", "good.json"}), 2);
}

TEST(ValidateUsage, MistakesExitTwoWithAMessage) {
  struct Case {
    std::vector<std::string> arguments;
    std::string message;
  };
  const std::vector<Case> cases{
      {{}, "A subcommand is required"},
      {{"validate"}, "validate needs --all, or --side, --structure and at least one FILE"},
      {{"validate", "--all", "--side", "rust"}, "--all excludes --side"},
      {{"validate", "--side", "go", "--structure", "VcsInfo", "x.json"}, "unknown side \"go\" (sides: python, rust)"},
      {{"validate", "--side", "python", "--structure", "ResultRemote", "x.json"},
       "side python does not declare ResultRemote"},
      {{"validate", "--side", "rust", "--structure", "Nope", "x.json"}, "unknown structure \"Nope\""},
      // Read once, a second - was an empty document.
      {{"validate", "--side", "python", "--structure", "VcsInfo", "-", "-"},
       "standard input (-) can be given only once"},
      {{"frobnicate"}, "unknown command \"frobnicate\" (commands: validate, scan, record, report"},
  };
  for (const Case& test_case : cases) {
    const CommandResult result = run_portcheck(test_case.arguments);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find(test_case.message), std::string::npos) << result.err;
  }
}

TEST(ValidateUsage, MissingProjectIsExplained) {
  const TempDir empty;
  const CommandResult result = run_portcheck({"validate", "--all"}, empty.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("not a portcheck project: there is no schemas/manifest.json in "), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("or name it with --project DIR"), std::string::npos) << result.err;
  // Every command that reads a project says the same; rules needs none.
  for (const std::vector<std::string>& arguments :
       std::vector<std::vector<std::string>>{{"check"}, {"report"}, {"diff", "a.json", "b.json", "--structure", "X"}}) {
    const CommandResult other = run_portcheck(arguments, empty.path());
    EXPECT_EQ(other.exit_code, 2) << arguments.front();
    EXPECT_NE(other.err.find("not a portcheck project"), std::string::npos) << other.err;
  }
  EXPECT_EQ(run_portcheck({"rules"}, empty.path()).exit_code, 0);
}

TEST(Help, ListsEveryCommandAndTheExitCodes) {
  const CommandResult result = run_portcheck({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("validate"), std::string::npos);
  EXPECT_NE(result.out.find("2 could not run"), std::string::npos);
}

}  // namespace
}  // namespace portcheck::test
