// The golden fixtures: fresh, canonical, complete, and saying what each
// runner really writes.

#include <map>
#include <set>

#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/pointer.hpp"
#include "schema/schema_set.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

std::filesystem::path fixtures_dir() { return source_dir() / "fixtures"; }

const schema::Manifest& manifest() {
  static const schema::Manifest loaded = schema::load_manifest(source_dir() / "schemas");
  return loaded;
}

/// Every fixture file of a side, relative to fixtures/<side>.
std::set<std::filesystem::path> files_under(const std::filesystem::path& directory) {
  std::set<std::filesystem::path> files;
  if (!std::filesystem::exists(directory)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    if (entry.is_regular_file()) files.insert(std::filesystem::relative(entry.path(), directory));
  }
  return files;
}

json::Document fixture(const std::string& side, const std::string& structure, const std::string& scenario) {
  return json::load_file(fixtures_dir() / side / structure / (scenario + ".json"));
}

std::string text_of(const std::string& side, const std::string& structure, const std::string& scenario) {
  return read_text(fixtures_dir() / side / structure / (scenario + ".json"));
}

const rapidjson::Value& at(const json::Document& document, const std::string& pointer) {
  const rapidjson::Value* value = json::find_pointer(document.root(), pointer);
  if (value == nullptr) throw std::runtime_error(document.source_name() + ": nothing at " + pointer);
  return *value;
}

std::vector<std::string> scenario_names(const std::string& structure) {
  const json::Document catalog = json::load_file(fixtures_dir() / "scenarios" / (structure + ".json"));
  std::vector<std::string> names;
  for (const auto& scenario : catalog.root()["scenarios"].GetArray()) names.emplace_back(scenario["name"].GetString());
  return names;
}

// ------------------------------------------------------------------ freshness

TEST(Fixtures, CommittedFixturesMatchAFreshCapture) {
  const TempDir fresh;
  const std::string command = "'" + (source_dir() / "scripts/capture").string() + "' --output '" +
                              fresh.path().string() + "' 2>'" + (fresh.path() / "log").string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << read_text(fresh.path() / "log");

  std::set<std::filesystem::path> recorded;
  if (std::filesystem::exists(fixtures_dir() / "recorded.json")) {
    const json::Document registry = json::load_file(fixtures_dir() / "recorded.json");
    for (const auto& entry : registry.root()["fixtures"].GetArray()) {
      recorded.insert(std::filesystem::path(entry["side"].GetString()) / entry["structure"].GetString() /
                      (std::string(entry["scenario"].GetString()) + ".json"));
    }
  }
  std::vector<std::string> stale;
  for (const std::string side : {"python", "rust"}) {
    const auto generated = files_under(fresh.path() / side);
    const auto committed = files_under(fixtures_dir() / side);
    for (const auto& file : generated) {
      if (!committed.contains(file)) {
        stale.push_back("missing: fixtures/" + side + "/" + file.string());
      } else if (read_text(fresh.path() / side / file) != read_text(fixtures_dir() / side / file)) {
        stale.push_back("differs: fixtures/" + side + "/" + file.string());
      }
    }
    for (const auto& file : committed) {
      if (!generated.contains(file) && !recorded.contains(std::filesystem::path(side) / file)) {
        stale.push_back("not produced by any scenario nor recorded: fixtures/" + side + "/" + file.string());
      }
    }
  }
  std::string report;
  for (const auto& line : stale) report += "  " + line + "\n";
  EXPECT_TRUE(stale.empty()) << "stale fixtures; run scripts/capture and commit the result:\n" << report;
}

TEST(Fixtures, EveryFixtureIsCanonical) {
  std::size_t checked = 0;
  for (const std::string side : {"python", "rust"}) {
    for (const auto& file : files_under(fixtures_dir() / side)) {
      if (file.extension() != ".json") continue;
      const auto path = fixtures_dir() / side / file;
      EXPECT_EQ(json::canonical_text(json::load_file(path)), read_text(path)) << path;
      ++checked;
    }
  }
  EXPECT_GE(checked, 90U);
}

TEST(Fixtures, EveryScenarioHasAFixtureOnEverySideThatDeclaresItsStructure) {
  for (const schema::Structure& structure : manifest().structures) {
    const std::vector<std::string> names = scenario_names(structure.name);
    EXPECT_GE(names.size(), structure.sides.size() > 1 ? 5U : 2U) << structure.name;
    for (const std::string& side : structure.sides) {
      for (const std::string& name : names) {
        EXPECT_TRUE(std::filesystem::exists(fixtures_dir() / side / structure.name / (name + ".json")))
            << side << "/" << structure.name << "/" << name;
      }
    }
  }
}

TEST(Fixtures, CanonicalWriterKeepsNumbersAndEscapesOnlyWhatItMust) {
  const json::Document document =
      json::parse("{\"b\":[1e-05,600.0,-0.0,18446744073709551615],\"a\":\"\\u00e9\\u0001\\n\\\"/\",\"c\":{}}", "x");
  EXPECT_EQ(json::canonical_text(document),
            "{\n  \"a\": \"é\\u0001\\n\\\"/\",\n  \"b\": [\n    1e-05,\n    600.0,\n    -0.0,\n"
            "    18446744073709551615\n  ],\n  \"c\": {}\n}\n");
}

// ------------------------------------------------------------------ ground truth

TEST(WireFacts, TimestampsNaiveInPythonAndZuluInRust) {
  EXPECT_EQ(std::string(at(fixture("python", "ActiveRun", "all-fields-set"), "/start_time").GetString()),
            "2025-05-25T19:22:53.123456");
  EXPECT_EQ(std::string(at(fixture("rust", "ActiveRun", "all-fields-set"), "/start_time").GetString()),
            "2025-05-25T19:22:53.123456Z");
  // Microsecond 0: Python drops the fraction; the -05:00 input is shown in UTC.
  EXPECT_EQ(std::string(at(fixture("python", "ActiveRun", "microsecond-zero"), "/start_time").GetString()),
            "2025-05-25T19:22:53");
  EXPECT_EQ(std::string(at(fixture("rust", "ActiveRun", "microsecond-zero"), "/start_time").GetString()),
            "2025-05-25T19:22:53Z");
  // chrono writes 3 fraction digits for milliseconds, 9 for nanoseconds.
  EXPECT_EQ(
      std::string(at(fixture("rust", "UploadedWorkerResult", "with-files"), "/log_files/0/uploaded_at").GetString()),
      "2025-05-25T19:32:54.500Z");
  EXPECT_EQ(std::string(at(fixture("rust", "RunHealthStatus", "healthy"), "/start_time").GetString()),
            "2025-05-25T19:22:53.000000001Z");
}

TEST(WireFacts, DurationsAreSecondsInPythonAndSecsNanosInRust) {
  EXPECT_NE(text_of("python", "ActiveRun", "all-fields-set").find("\"estimated_duration\": 600.0,"), std::string::npos);
  const json::Document rust = fixture("rust", "ActiveRun", "all-fields-set");
  EXPECT_EQ(at(rust, "/estimated_duration/secs").GetUint64(), 600U);
  EXPECT_EQ(at(rust, "/estimated_duration/nanos").GetUint64(), 0U);
  EXPECT_NE(text_of("python", "ActiveRun", "microsecond-zero").find("\"estimated_duration\": 86400.000001,"),
            std::string::npos);
  EXPECT_EQ(at(fixture("rust", "ActiveRun", "microsecond-zero"), "/estimated_duration/nanos").GetUint64(), 1000U);
  // current_duration = frozen now - start_time.
  EXPECT_NE(text_of("python", "ActiveRun", "all-fields-set").find("\"current_duration\": 1200.5,"), std::string::npos);
}

TEST(WireFacts, ZeroEstimatedDurationIsNullInPythonOnly) {
  EXPECT_TRUE(at(fixture("python", "ActiveRun", "zero-estimated-duration"), "/estimated_duration").IsNull());
  const json::Document rust = fixture("rust", "ActiveRun", "zero-estimated-duration");
  EXPECT_EQ(at(rust, "/estimated_duration/secs").GetUint64(), 0U);
  EXPECT_EQ(at(rust, "/estimated_duration/nanos").GetUint64(), 0U);
  // A zero interval in QueueItem has no truthiness test: 0.0.
  EXPECT_NE(text_of("python", "QueueItem", "zero-duration").find("\"estimated_duration\": 0.0,"), std::string::npos);
}

TEST(WireFacts, IntervalMonthsBecomeThirtyDaysInPythonAndStayMonthsInRust) {
  EXPECT_DOUBLE_EQ(at(fixture("python", "QueueItem", "interval-with-months"), "/estimated_duration").GetDouble(),
                   32 * 86400.0);
  const json::Document rust = fixture("rust", "QueueItem", "interval-with-months");
  EXPECT_EQ(at(rust, "/estimated_duration/months").GetInt(), 1);
  EXPECT_EQ(at(rust, "/estimated_duration/days").GetInt(), 2);
}

TEST(WireFacts, VcsInfoOmitsUnsetKeysInPythonAndWritesNullInRust) {
  const json::Document python = fixture("python", "VcsInfo", "some-keys-unset");
  EXPECT_FALSE(python.root().HasMember("subpath"));
  EXPECT_EQ(python.root().MemberCount(), 2U);
  const json::Document rust = fixture("rust", "VcsInfo", "some-keys-unset");
  ASSERT_TRUE(rust.root().HasMember("subpath"));
  EXPECT_TRUE(rust.root()["subpath"].IsNull());
  EXPECT_EQ(text_of("python", "VcsInfo", "no-keys-set"), "{}\n");
}

TEST(WireFacts, PythonActiveRunNeverWritesFinishTimeNorQueueItem) {
  for (const std::string& scenario : scenario_names("ActiveRun")) {
    const json::Document python = fixture("python", "ActiveRun", scenario);
    EXPECT_FALSE(python.root().HasMember("finish_time")) << scenario;
    EXPECT_FALSE(python.root().HasMember("queue_item")) << scenario;
    EXPECT_TRUE(python.root().HasMember("id")) << scenario;
    EXPECT_FALSE(fixture("rust", "ActiveRun", scenario).root().HasMember("finish_time")) << scenario;
  }
}

TEST(WireFacts, BackchannelKinds) {
  EXPECT_EQ(at(fixture("python", "ActiveRun", "all-optional-empty"), "/backchannel").MemberCount(), 0U);
  EXPECT_TRUE(at(fixture("rust", "ActiveRun", "all-optional-empty"), "/backchannel").IsNull());
  const json::Document polling = fixture("python", "ActiveRun", "polling-backchannel");
  EXPECT_EQ(at(polling, "/backchannel").MemberCount(), 1U);
  EXPECT_TRUE(at(polling, "/backchannel").HasMember("my_url"));
  EXPECT_TRUE(at(fixture("python", "ActiveRun", "all-fields-set"), "/backchannel").HasMember("jenkins"));
}

TEST(WireFacts, PythonJanitorResultWritesItsTwentyThreeKeys) {
  for (const std::string& scenario : scenario_names("JanitorResult")) {
    EXPECT_EQ(fixture("python", "JanitorResult", scenario).root().MemberCount(), 23U) << scenario;
  }
  const json::Document bare = fixture("python", "JanitorResult", "without-worker-result");
  EXPECT_TRUE(at(bare, "/target").IsObject());
  EXPECT_EQ(at(bare, "/target").MemberCount(), 0U);
  EXPECT_EQ(at(bare, "/remotes").MemberCount(), 0U);
  EXPECT_TRUE(at(bare, "/logfilenames").IsArray());
  EXPECT_TRUE(at(fixture("python", "JanitorResult", "all-optional-empty"), "/logfilenames").Empty());
  EXPECT_TRUE(at(fixture("python", "JanitorResult", "zero-duration"), "/duration").IsNumber());
  EXPECT_EQ(at(fixture("python", "JanitorResult", "zero-duration"), "/duration").GetDouble(), 0.0);
}

TEST(WireFacts, JanitorResultBranchUrlQuirk) {
  // Built from a worker result, Python takes branch_url from it: null.
  EXPECT_TRUE(at(fixture("python", "JanitorResult", "all-fields-set"), "/branch_url").IsNull());
  EXPECT_STREQ(at(fixture("python", "JanitorResult", "without-worker-result"), "/branch_url").GetString(),
               "https://salsa.debian.org/jelmer/dulwich.git");
  EXPECT_STREQ(at(fixture("rust", "JanitorResult", "all-fields-set"), "/branch_url").GetString(),
               "https://salsa.debian.org/jelmer/dulwich.git");
}

TEST(WireFacts, EmptyRevisionIsNullInPythonAndEmptyInRust) {
  const json::Document python = fixture("python", "JanitorResult", "empty-revisions");
  EXPECT_TRUE(at(python, "/revision").IsNull());
  EXPECT_TRUE(at(python, "/branches/0/2").IsNull());
  EXPECT_STREQ(at(fixture("rust", "JanitorResult", "empty-revisions"), "/worker_result/revision").GetString(), "");
  EXPECT_TRUE(at(fixture("python", "WorkerResult", "null-revisions"), "/tags/0/1").IsNull());
}

TEST(WireFacts, GenericResultIsEmptyObjectInPythonAndNullInRust) {
  for (const std::string& scenario : scenario_names("GenericResult")) {
    EXPECT_EQ(text_of("python", "GenericResult", scenario), "{}\n") << scenario;
    EXPECT_EQ(text_of("rust", "GenericResult", scenario), "null\n") << scenario;
  }
  EXPECT_EQ(std::string(at(fixture("python", "WorkerResult", "generic-builder"), "/target/name").GetString()),
            "generic");
  EXPECT_TRUE(at(fixture("rust", "WorkerResult", "generic-builder"), "/builder_result").IsNull());
}

TEST(WireFacts, DebianResultRenamesLintianAndDropsSourceInPython) {
  const json::Document python = fixture("python", "DebianResult", "all-fields-set");
  EXPECT_TRUE(python.root().HasMember("lintian"));
  EXPECT_FALSE(python.root().HasMember("source"));
  const json::Document rust = fixture("rust", "DebianResult", "all-fields-set");
  EXPECT_TRUE(rust.root().HasMember("lintian_result"));
  EXPECT_STREQ(rust.root()["source"].GetString(), "dulwich");
}

TEST(WireFacts, IntegerLimitsSurviveExactly) {
  EXPECT_EQ(at(fixture("python", "WorkerResult", "i64-limits"), "/value").GetInt64(), INT64_MIN);
  EXPECT_EQ(at(fixture("rust", "WorkerResult", "i64-limits"), "/queue_id").GetInt64(), INT64_MAX);
  EXPECT_EQ(at(fixture("rust", "QueueItem", "i32-limit"), "/id").GetInt64(), 2147483647);
  EXPECT_EQ(at(fixture("rust", "UploadedWorkerResult", "with-files"), "/log_files/0/size").GetUint64(), UINT64_MAX);
  EXPECT_EQ(at(fixture("python", "WorkerResult", "value-zero"), "/value").GetInt64(), 0);
}

TEST(WireFacts, NonAsciiIsWrittenAsUtf8) {
  EXPECT_NE(text_of("python", "VcsInfo", "non-ascii").find("доку/文档"), std::string::npos);
  EXPECT_NE(text_of("rust", "VcsInfo", "non-ascii").find("доку/文档"), std::string::npos);
}

// ------------------------------------------------------------------ record

class Record : public testing::Test {
 protected:
  void SetUp() override { copy_schemas(project.path()); }
  CommandResult record(const std::vector<std::string>& extra, const std::optional<std::string>& input) {
    std::vector<std::string> arguments{"record", "--side", "rust", "--structure", "ResultRemote"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_portcheck(arguments, project.path(), input);
  }
  std::filesystem::path fixture_path(const std::string& name) const {
    return project.path() / "fixtures/rust/ResultRemote" / (name + ".json");
  }
  TempDir project;
};

TEST_F(Record, FilesACanonicalValidatedFixtureAndListsIt) {
  const CommandResult result = record({"--scenario", "live-1"}, "{\"url\":\"https://example.org/é.git\"}");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out,
            "portcheck record: wrote fixtures/rust/ResultRemote/live-1.json (listed in fixtures/recorded.json)\n");
  EXPECT_EQ(read_text(fixture_path("live-1")), "{\n  \"url\": \"https://example.org/é.git\"\n}\n");
  const json::Document registry = json::load_file(project.path() / "fixtures/recorded.json");
  ASSERT_EQ(registry.root()["fixtures"].Size(), 1U);
  EXPECT_STREQ(registry.root()["fixtures"][0]["scenario"].GetString(), "live-1");
  EXPECT_EQ(run_portcheck({"validate", "--all"}, project.path()).exit_code, 0);
}

TEST_F(Record, ReadsAFile) {
  write_file(project.path() / "response.json", "{\"url\": \"https://example.org\"}");
  const CommandResult result = record({"--scenario", "from-file", "response.json"}, std::nullopt);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::exists(fixture_path("from-file")));
}

TEST_F(Record, RefusesToOverwriteWithoutForce) {
  ASSERT_EQ(record({"--scenario", "live-1"}, "{\"url\": \"https://one\"}").exit_code, 0);
  const CommandResult refused = record({"--scenario", "live-1"}, "{\"url\": \"https://two\"}");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("fixtures/rust/ResultRemote/live-1.json: a fixture by that name already exists; pass "
                             "--force to replace it"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(read_text(fixture_path("live-1")).find("https://one"), std::string::npos);
  const CommandResult forced = record({"--scenario", "live-1", "--force"}, "{\"url\": \"https://two\"}");
  EXPECT_EQ(forced.exit_code, 0);
  EXPECT_NE(read_text(fixture_path("live-1")).find("https://two"), std::string::npos);
}

TEST_F(Record, WritesNothingWhenTheDocumentDoesNotMatchItsSchema) {
  const CommandResult result = record({"--scenario", "bad"}, "{\"url\": 5}");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("<stdin>:1:2: at /url: type: expected string"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("nothing written"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(fixture_path("bad")));
  EXPECT_FALSE(std::filesystem::exists(project.path() / "fixtures/recorded.json"));
  EXPECT_FALSE(std::filesystem::exists(project.path() / "fixtures/rust"));
}

TEST_F(Record, WritesNothingForMalformedInput) {
  const CommandResult result = record({"--scenario", "broken"}, "{\"url\": ");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("<stdin>:1:9:"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(project.path() / "fixtures/rust"));
  EXPECT_FALSE(std::filesystem::exists(project.path() / "fixtures/recorded.json"));
}

TEST_F(Record, RefusesBadNamesAndNamesTheCaptureToolsOwn) {
  EXPECT_EQ(record({"--scenario", "../escape"}, "{\"url\": \"x\"}").exit_code, 2);
  EXPECT_EQ(record({"--scenario", "Upper"}, "{\"url\": \"x\"}").exit_code, 2);
  std::filesystem::create_directories(project.path() / "fixtures/scenarios");
  std::filesystem::copy(fixtures_dir() / "scenarios/ResultRemote.json", project.path() / "fixtures/scenarios");
  const CommandResult owned = record({"--scenario", "https"}, "{\"url\": \"x\"}");
  EXPECT_EQ(owned.exit_code, 2);
  EXPECT_NE(owned.err.find("is captured from fixtures/scenarios/ResultRemote.json"), std::string::npos) << owned.err;
  EXPECT_FALSE(std::filesystem::exists(project.path() / "fixtures/rust"));
}

}  // namespace
}  // namespace portcheck::test
