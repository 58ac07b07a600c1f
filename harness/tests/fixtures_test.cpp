// The golden fixtures: fresh, canonical, complete, and saying what each
// runner really writes.

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

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

/// The scenarios of a structure: its catalog's, or for a structure built by
/// the runners' finish paths (no catalog of its own) the ones SIDE's capture
/// records.
std::vector<std::string> scenario_names(const std::string& structure, const std::string& side = "python") {
  std::vector<std::string> names;
  const std::filesystem::path catalog_file = fixtures_dir() / "scenarios" / (structure + ".json");
  if (!std::filesystem::exists(catalog_file)) {
    const json::Document record = json::load_file(fixtures_dir() / side / "capture.json");
    for (const auto& scenario : record.root()["structures"][structure.c_str()]["scenarios"].GetObject()) {
      names.emplace_back(scenario.name.GetString());
    }
    return names;
  }
  const json::Document catalog = json::load_file(catalog_file);
  for (const auto& scenario : catalog.root()["scenarios"].GetArray()) names.emplace_back(scenario["name"].GetString());
  return names;
}

// ------------------------------------------------------------------ completeness

/// The sides the manifest names, and those a capture tool captures.
std::vector<std::string> sides(bool captured_only) {
  std::vector<std::string> names;
  for (const schema::Side& side : manifest().sides) {
    if (!captured_only || !side.capture_tool.empty()) names.push_back(side.name);
  }
  return names;
}

TEST(Fixtures, EveryFixtureIsCanonical) {
  std::size_t checked = 0;
  for (const std::string& side : sides(false)) {
    for (const auto& file : files_under(fixtures_dir() / side)) {
      if (file.extension() != ".json") continue;
      const auto path = fixtures_dir() / side / file;
      EXPECT_EQ(json::canonical_text(json::load_file(path)), read_text(path)) << path;
      ++checked;
    }
  }
  EXPECT_GE(checked, 90U);
}

/// fixtures/<side>/capture.json, parsed.
const json::Document& capture_record(const std::string& side) {
  static std::map<std::string, json::Document> records;
  if (!records.contains(side)) records.emplace(side, json::load_file(fixtures_dir() / side / "capture.json"));
  return records.at(side);
}

/// fixtures/<side>/verdicts.json, parsed.
const json::Document& verdicts(const std::string& side) {
  static std::map<std::string, json::Document> records;
  if (!records.contains(side)) records.emplace(side, json::load_file(fixtures_dir() / side / "verdicts.json"));
  return records.at(side);
}

std::string outcome_of(const std::string& side, const std::string& structure, const std::string& scenario) {
  const rapidjson::Value* outcome = json::find_pointer(
      capture_record(side).root(), "/structures/" + structure + "/scenarios/" + scenario + "/outcome");
  return outcome == nullptr ? "(none)" : outcome->GetString();
}

const rapidjson::Value& verdict(const std::string& reader, const std::string& structure, const std::string& fixture) {
  const rapidjson::Value* found = json::find_pointer(
      verdicts(reader).root(), "/structures/" + structure + "/verdicts/" + json::escape_pointer_token(fixture));
  if (found == nullptr) throw std::runtime_error(reader + " has no verdict on " + fixture);
  return *found;
}

TEST(Fixtures, EveryScenarioHasAnOutcomeAndAFixtureExactlyWhenTheCodeWroteOne) {
  std::size_t fixtures = 0;
  for (const schema::Structure& structure : manifest().structures) {
    for (const std::string& side : structure.sides) {
      if (!structure.has_json(side)) {
        EXPECT_FALSE(std::filesystem::exists(fixtures_dir() / side / structure.name))
            << side << " has no JSON form of " << structure.name << ", so no fixtures";
        continue;
      }
      for (const std::string& name : scenario_names(structure.name, side)) {
        const std::string outcome = outcome_of(side, structure.name, name);
        const bool documented = outcome == "written" || outcome == "read-back";
        EXPECT_TRUE(documented || outcome == "raised" || outcome == "refused" || outcome == "not-representable")
            << side << "/" << structure.name << "/" << name << ": " << outcome;
        EXPECT_EQ(std::filesystem::exists(fixtures_dir() / side / structure.name / (name + ".json")), documented)
            << side << "/" << structure.name << "/" << name << " (" << outcome << ")";
        fixtures += documented;
      }
    }
  }
  EXPECT_GE(fixtures, 100U);
}

TEST(Fixtures, EveryFixtureHasAVerdictFromEachRealReaderOfItsStructure) {
  std::size_t checked = 0;
  for (const schema::Structure& structure : manifest().structures) {
    for (const std::string& reader : structure.readers) {
      for (const std::string& writer : structure.sides) {
        for (const auto& file : files_under(fixtures_dir() / writer / structure.name)) {
          const std::string fixture = writer + "/" + structure.name + "/" + file.string();
          const rapidjson::Value& found = verdict(reader, structure.name, fixture);
          const std::string outcome = found["outcome"].GetString();
          EXPECT_TRUE(outcome == "accepted" || outcome == "refused") << fixture;
          ++checked;
        }
      }
    }
  }
  EXPECT_GE(checked, 150U);
}

TEST(Fixtures, NoRustFixtureForATypeWithoutSerialize) {
  for (const std::string structure : {"QueueAssignment", "RunHealthStatus"}) {
    EXPECT_FALSE(std::filesystem::exists(fixtures_dir() / "rust" / structure)) << structure;
    const json::Document& record = capture_record("rust");
    EXPECT_FALSE(at(record, "/structures/" + structure + "/writes").GetBool()) << structure;
    EXPECT_FALSE(at(record, "/structures/" + structure + "/reads").GetBool()) << structure;
    EXPECT_NE(std::string(at(record, "/structures/" + structure + "/lacks").GetString()).find("no Serialize"),
              std::string::npos);
  }
  // The Python QueueItem has no serializer and no JSON reader either.
  EXPECT_FALSE(std::filesystem::exists(fixtures_dir() / "python/QueueItem"));
}

TEST(Fixtures, CaptureRecordsNameTheUpstreamAndHashEverySourceFile) {
  ASSERT_FALSE(sides(true).empty());
  for (const std::string& side : sides(true)) {
    const json::Document& record = capture_record(side);
    EXPECT_STREQ(at(record, "/upstream/revision").GetString(), manifest().upstream.revision.c_str());
    const rapidjson::Value& sources = at(record, "/upstream/sources");
    ASSERT_GE(sources.Size(), 5U) << side;
    for (const auto& source : sources.GetArray()) {
      EXPECT_EQ(std::string(source["sha256"].GetString()).size(), 64U) << source["file"].GetString();
    }
  }
  // Every stub the Python capture used is one stubs.json lists.
  const json::Document stubs = json::load_file(fixtures_dir() / "capture/python/stubs.json");
  std::set<std::string> listed;
  for (const auto& entry : stubs.root()["modules"].GetArray()) listed.insert(entry["name"].GetString());
  for (const auto& used : at(capture_record("python"), "/stubs").GetArray()) {
    EXPECT_TRUE(listed.contains(used["module"].GetString())) << used["module"].GetString();
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
// Facts about what each runner's real code writes and reads, each checkable by
// reading janitor at the pinned revision.

TEST(WireFacts, TimestampsNaiveInPythonAndZuluInRust) {
  EXPECT_STREQ(at(fixture("python", "ActiveRun", "all-fields-set"), "/start_time").GetString(),
               "2025-05-25T19:22:53.123456");
  EXPECT_STREQ(at(fixture("rust", "ActiveRun", "all-fields-set"), "/start_time").GetString(),
               "2025-05-25T19:22:53.123456Z");
  // Microsecond 0: Python drops the fraction; chrono too.
  EXPECT_STREQ(at(fixture("python", "ActiveRun", "microsecond-zero"), "/start_time").GetString(),
               "2025-05-25T19:22:53");
  EXPECT_STREQ(at(fixture("rust", "ActiveRun", "microsecond-zero"), "/start_time").GetString(), "2025-05-25T19:22:53Z");
  // A +02:00 input is the same instant, which the worker uploads in UTC
  // (Python's fixture is the worker's upload) and Python's finish path keeps
  // zoned: isoformat() of an aware datetime.
  EXPECT_STREQ(at(fixture("python", "WorkerResult", "times-with-offset"), "/start_time").GetString(),
               "2025-05-25T19:22:53.123456Z");
  EXPECT_STREQ(at(fixture("python", "JanitorResult", "times-with-offset"), "/start_time").GetString(),
               "2025-05-25T19:22:53.123456+00:00");
  EXPECT_STREQ(at(fixture("rust", "WorkerResult", "times-with-offset"), "/start_time").GetString(),
               "2025-05-25T19:22:53.123456Z");
  // chrono writes 3 fraction digits for milliseconds.
  EXPECT_STREQ(at(fixture("rust", "UploadedWorkerResult", "with-files"), "/log_files/0/uploaded_at").GetString(),
               "2025-05-25T19:32:54.500Z");
}

TEST(WireFacts, DurationsAreSecondsOnBothSidesButRustRoundsThemToWholeSeconds) {
  EXPECT_NE(text_of("python", "ActiveRun", "all-fields-set").find("\"estimated_duration\": 600.0,"), std::string::npos);
  EXPECT_NE(text_of("rust", "ActiveRun", "all-fields-set").find("\"estimated_duration\": 600.0,"), std::string::npos);
  // serde_with::DurationSeconds<f64>: whole seconds, up at the half second.
  EXPECT_EQ(at(fixture("python", "ActiveRun", "sub-second-estimate-up"), "/estimated_duration").GetDouble(), 754.5);
  EXPECT_EQ(at(fixture("rust", "ActiveRun", "sub-second-estimate-up"), "/estimated_duration").GetDouble(), 755.0);
  EXPECT_EQ(at(fixture("python", "ActiveRun", "sub-second-estimate-down"), "/estimated_duration").GetDouble(), 600.4);
  EXPECT_EQ(at(fixture("rust", "ActiveRun", "sub-second-estimate-down"), "/estimated_duration").GetDouble(), 600.0);
  EXPECT_EQ(at(fixture("rust", "QueueItem", "sub-second-duration"), "/estimated_duration").GetDouble(), 755.0);
  // current_duration = frozen now - start_time, written by Python's json() only.
  EXPECT_NE(text_of("python", "ActiveRun", "all-fields-set").find("\"current_duration\": 1200.5,"), std::string::npos);
  EXPECT_FALSE(fixture("rust", "ActiveRun", "all-fields-set").root().HasMember("current_duration"));
}

TEST(WireFacts, ZeroEstimatedDurationIsNullInPythonOnly) {
  EXPECT_TRUE(at(fixture("python", "ActiveRun", "zero-estimated-duration"), "/estimated_duration").IsNull());
  EXPECT_EQ(at(fixture("rust", "ActiveRun", "zero-estimated-duration"), "/estimated_duration").GetDouble(), 0.0);
  EXPECT_EQ(at(fixture("rust", "QueueItem", "zero-duration"), "/estimated_duration").GetDouble(), 0.0);
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

TEST(WireFacts, FinishTimeIsDeclaredOnBothSidesAndWrittenOnlyByRust) {
  for (const std::string& scenario : scenario_names("ActiveRun")) {
    const json::Document python = fixture("python", "ActiveRun", scenario);
    EXPECT_FALSE(python.root().HasMember("finish_time")) << scenario;
    EXPECT_FALSE(python.root().HasMember("queue_item")) << scenario;
    EXPECT_TRUE(python.root().HasMember("id")) << scenario;
    EXPECT_TRUE(fixture("rust", "ActiveRun", scenario).root().HasMember("finish_time")) << scenario;
  }
  EXPECT_STREQ(at(fixture("rust", "ActiveRun", "with-finish-time"), "/finish_time").GetString(),
               "2025-05-25T19:32:53.623456Z");
  // Python's constructor has no place for it.
  EXPECT_EQ(at(capture_record("python"), "/structures/ActiveRun/scenarios/with-finish-time/unused/0").GetString(),
            std::string("finish_time"));
}

TEST(WireFacts, BackchannelKinds) {
  for (const std::string side : {"python", "rust"}) {
    EXPECT_EQ(at(fixture(side, "ActiveRun", "all-optional-empty"), "/backchannel").MemberCount(), 0U) << side;
    const json::Document polling = fixture(side, "ActiveRun", "polling-backchannel");
    EXPECT_EQ(at(polling, "/backchannel").MemberCount(), 1U) << side;
    EXPECT_TRUE(at(polling, "/backchannel").HasMember("my_url")) << side;
    EXPECT_TRUE(at(fixture(side, "ActiveRun", "jenkins-without-metadata"), "/backchannel/jenkins").IsNull()) << side;
  }
  // The untagged enum reads {"my_url"} as Jenkins and writes it back with "jenkins": null.
  const rapidjson::Value& read_back = verdict("rust", "ActiveRun", "rust/ActiveRun/polling-backchannel.json");
  EXPECT_STREQ(read_back["outcome"].GetString(), "accepted");
  ASSERT_EQ(read_back["changes"].Size(), 1U);
  EXPECT_STREQ(read_back["changes"][0]["pointer"].GetString(), "/backchannel/jenkins");
  EXPECT_STREQ(read_back["changes"][0]["change"].GetString(), "added");
}

TEST(WireFacts, PythonJanitorResultWritesItsTwentyThreeKeysOrRaises) {
  std::size_t written = 0;
  for (const std::string& scenario : scenario_names("JanitorResult", "python")) {
    if (outcome_of("python", "JanitorResult", scenario) != "written") continue;
    EXPECT_EQ(fixture("python", "JanitorResult", scenario).root().MemberCount(), 23U) << scenario;
    ++written;
  }
  EXPECT_GE(written, 20U);
  // The finish path, run live: without a finish_time in the upload, finish()
  // calls None.timestamp() before any result reaches finish_run.
  const rapidjson::Value& raised =
      at(capture_record("python"), "/structures/JanitorResult/scenarios/all-optional-empty");
  EXPECT_STREQ(raised["outcome"].GetString(), "raised");
  EXPECT_STREQ(raised["error"]["type"].GetString(), "AttributeError");
  EXPECT_STREQ(raised["evidence"].GetString(), "executed live");
  EXPECT_EQ(raised["status"].GetInt(), 500);
  // Rust's create_result takes now as finish_time.
  EXPECT_TRUE(std::filesystem::exists(fixtures_dir() / "rust/JanitorResult/all-optional-empty.json"));
}

TEST(WireFacts, RustRefusesTheWorkersStageStringBeforeItsFinishPath) {
  // The worker's Metadata writes stage as a string; the Rust runner's
  // WorkerResult holds Vec<String>, so process_upload refuses the upload.
  const rapidjson::Value& refused = at(capture_record("rust"), "/structures/JanitorResult/scenarios/all-fields-set");
  EXPECT_STREQ(refused["outcome"].GetString(), "not-representable");
  EXPECT_NE(std::string(refused["reason"].GetString()).find("expected a sequence"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(fixtures_dir() / "rust/JanitorResult/all-fields-set.json"));
  EXPECT_STREQ(at(fixture("python", "JanitorResult", "all-fields-set"), "/failure_stage").GetString(), "build");
  // The derived upload (stage as a list) runs both paths; Python passes the
  // list through as it came.
  for (const std::string side : {"python", "rust"}) {
    const json::Document derived = fixture(side, "JanitorResult", "all-fields-set--stage-as-list");
    EXPECT_STREQ(at(derived, "/failure_stage/0").GetString(), "build") << side;
  }
}

TEST(WireFacts, TheWorkersTargetIsLostOnBothFinishPaths) {
  // Python: DebianResult.from_json of the worker's details has no
  // changes_filenames, the result is falsy, and json() writes target {}.
  EXPECT_EQ(at(fixture("python", "JanitorResult", "all-fields-set"), "/target").MemberCount(), 0U);
  // Rust: WorkerResult reads builder_result, not the worker's target key.
  const json::Document rust = fixture("rust", "JanitorResult", "all-fields-set--stage-as-list");
  EXPECT_TRUE(at(rust, "/builder_result").IsNull());
  EXPECT_TRUE(at(rust, "/target").IsNull());
}

TEST(WireFacts, EmptyRevisionIsNullInPythonAndEmptyInRust) {
  const json::Document python = fixture("python", "JanitorResult", "empty-revisions--stage-as-list");
  EXPECT_TRUE(at(python, "/revision").IsNull());
  EXPECT_TRUE(at(python, "/branches/0/2").IsNull());
  const json::Document rust = fixture("rust", "JanitorResult", "empty-revisions--stage-as-list");
  EXPECT_STREQ(at(rust, "/revision").GetString(), "");
  EXPECT_STREQ(at(rust, "/tags/0/1").GetString(), "");
}

TEST(WireFacts, GenericResultIsEmptyObjectInPythonAndNullInRust) {
  EXPECT_EQ(text_of("python", "GenericResult", "empty"), "{}\n");
  EXPECT_EQ(text_of("rust", "GenericResult", "empty"), "null\n");
  EXPECT_STREQ(at(fixture("python", "WorkerResult", "generic-builder"), "/target/name").GetString(), "generic");
  EXPECT_STREQ(at(fixture("rust", "WorkerResult", "generic-builder"), "/builder_result/kind").GetString(), "generic");
  EXPECT_NE(std::string(verdict("rust", "GenericResult", "python/GenericResult/empty.json")["error"].GetString())
                .find("expected unit struct GenericResult"),
            std::string::npos);
}

TEST(WireFacts, DebianResultDiffersInShapeAndInWhatItCanHold) {
  const json::Document python = fixture("python", "DebianResult", "all-fields-set");
  EXPECT_TRUE(python.root().HasMember("lintian"));
  EXPECT_FALSE(python.root().HasMember("source"));
  const json::Document rust = fixture("rust", "DebianResult", "all-fields-set");
  EXPECT_TRUE(at(rust, "/lintian_result").IsString());
  EXPECT_STREQ(at(rust, "/source").GetString(), "dulwich");
  EXPECT_STREQ(at(fixture("rust", "DebianResult", "epoch-version"), "/build_version").GetString(), "1:0.21.5-1");
  // lintian_result is Option<String>: lintian's JSON object does not fit.
  EXPECT_EQ(outcome_of("rust", "DebianResult", "lintian-object"), "not-representable");
  EXPECT_EQ(outcome_of("rust", "DebianResult", "all-optional-empty"), "not-representable");
}

TEST(WireFacts, RustWorkerResultHasRefreshedAndAStageList) {
  EXPECT_FALSE(at(fixture("rust", "WorkerResult", "all-fields-set"), "/refreshed").GetBool());
  EXPECT_TRUE(at(fixture("rust", "WorkerResult", "refreshed"), "/refreshed").GetBool());
  EXPECT_STREQ(at(fixture("rust", "WorkerResult", "all-fields-set"), "/stage/0").GetString(), "build");
  EXPECT_STREQ(at(fixture("python", "WorkerResult", "all-fields-set"), "/stage").GetString(), "build");
}

TEST(WireFacts, IntegerLimitsSurviveExactly) {
  EXPECT_EQ(at(fixture("python", "WorkerResult", "i64-limits"), "/value").GetInt64(), INT64_MAX);
  EXPECT_EQ(at(fixture("rust", "WorkerResult", "i64-limits"), "/queue_id").GetInt64(), INT64_MAX);
  EXPECT_EQ(at(fixture("rust", "QueueItem", "i32-limit"), "/id").GetInt64(), 2147483647);
  EXPECT_EQ(at(fixture("rust", "UploadedWorkerResult", "with-files"), "/log_files/0/size").GetUint64(), UINT64_MAX);
  EXPECT_EQ(at(fixture("python", "WorkerResult", "value-zero"), "/value").GetInt64(), 0);
}

TEST(WireFacts, NonAsciiIsWrittenAsUtf8) {
  EXPECT_NE(text_of("python", "VcsInfo", "non-ascii").find("sous-répertoire/日本"), std::string::npos);
  EXPECT_NE(text_of("rust", "VcsInfo", "non-ascii").find("sous-répertoire/日本"), std::string::npos);
}

TEST(ReaderFacts, PythonFromJsonCrashesOnRustNullsAndSilentlyChangesWhatItAccepts) {
  const rapidjson::Value& empty = verdict("python", "WorkerResult", "rust/WorkerResult/all-optional-empty.json");
  EXPECT_STREQ(empty["outcome"].GetString(), "refused");
  EXPECT_STREQ(empty["error"]["type"].GetString(), "TypeError");
  const rapidjson::Value& tags = verdict("python", "WorkerResult", "rust/WorkerResult/null-revisions.json");
  EXPECT_STREQ(tags["error"]["type"].GetString(), "AttributeError");
  // Accepted, but "...Z" arrives as an aware datetime, and Rust's
  // builder_result is never looked at.
  const rapidjson::Value& full = verdict("python", "WorkerResult", "rust/WorkerResult/all-fields-set.json");
  EXPECT_STREQ(full["outcome"].GetString(), "accepted");
  std::map<std::string, std::string> changes;
  for (const auto& change : full["changes"].GetArray())
    changes[change["pointer"].GetString()] = change["change"].GetString();
  EXPECT_EQ(changes["/builder_result"], "ignored");
  EXPECT_EQ(changes["/start_time"], "changed");
  // value 0 is read as None, on the Python side's own document too.
  const rapidjson::Value& zero = verdict("python", "WorkerResult", "python/WorkerResult/value-zero.json");
  bool value_changed = false;
  for (const auto& change : zero["changes"].GetArray()) {
    value_changed |= std::string(change["pointer"].GetString()) == "/value" && change["read"].IsNull();
  }
  EXPECT_TRUE(value_changed);
}

TEST(ReaderFacts, SerdeRefusesNaiveTimestampsAndMissingRenamedKeys) {
  const rapidjson::Value& active = verdict("rust", "ActiveRun", "python/ActiveRun/all-fields-set.json");
  EXPECT_STREQ(active["outcome"].GetString(), "refused");
  // Every VcsInfo field is an Option: Python's {} reads as three Nones.
  const rapidjson::Value& vcs = verdict("rust", "VcsInfo", "python/VcsInfo/no-keys-set.json");
  EXPECT_STREQ(vcs["outcome"].GetString(), "accepted");
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

// Records at once: the look at the fixture and at fixtures/recorded.json
// once came before the lock, so 12 records of 12 names left 2 entries, and
// 2 of 8 records of one name wrote it without --force.
TEST_F(Record, RecordsAtOnceKeepEveryEntryAndOneWriterOfAName) {
  const std::string record = "'" PORTCHECK_EXECUTABLE "' record --side rust --structure ResultRemote";
  const std::string folder = "cd '" + project.path().string() + "' || exit 2; ";
  ASSERT_EQ(shell(folder + "for i in $(seq 12); do echo '{\"url\": \"https://x\"}' | " + record +
                  " --scenario live-$i >/dev/null 2>&1 & done; wait")
                .exit_code,
            0);
  const json::Document registry = json::load_file(project.path() / "fixtures/recorded.json");
  EXPECT_EQ(registry.root()["fixtures"].Size(), 12U);
  const CommandResult same = shell("(" + folder + "for i in $(seq 8); do (echo '{\"url\": \"https://x\"}' | " + record +
                                   " --scenario same 2>/dev/null | grep -c wrote) & done; wait)");
  EXPECT_EQ(std::count(same.out.begin(), same.out.end(), '1'), 1) << same.out;
}

// The registry is rewritten whole: a key it does not know, or another shape,
// is an error at its place rather than dropped (a list at its root once
// ended in an internal error).
TEST_F(Record, AMalformedRegistryIsAnErrorAtItsPlace) {
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {"[]", "recorded.json:1:1: at (root): expected an object"},
           {"{\"fixtures\": [], \"note\": 1}", "at /note: unknown key \"note\""},
           {"{\"fixtures\": [{\"side\": \"rust\", \"structure\": \"ResultRemote\", \"scenario\": \"a\", "
            "\"by\": \"me\"}]}",
            "at /fixtures/0/by: unknown key \"by\""},
           {"{\"fixtures\": [{\"side\": \"rust\"}]}", "at /fixtures/0: missing \"structure\""},
           {"{\"fixtures\": [{\"side\": \"rust\", \"structure\": \"ResultRemote\", \"scenario\": \"../../x\"}]}",
            "at /fixtures/0/scenario: \"../../x\" is not a name record gives"}}) {
    write_file(project.path() / "fixtures/recorded.json", text);
    const CommandResult result = record({"--scenario", "live-1"}, "{\"url\": \"https://one\"}");
    EXPECT_EQ(result.exit_code, 2) << text;
    EXPECT_NE(result.err.find(expected), std::string::npos) << result.err;
    EXPECT_FALSE(std::filesystem::exists(fixture_path("live-1")));
  }
}

TEST_F(Record, WritesNothingWhenTheDocumentDoesNotMatchItsSchema) {
  const CommandResult result = record({"--scenario", "bad"}, "{\"url\": 5}");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("(standard input):1:2: at /url: type: expected string"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("nothing written"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(fixture_path("bad")));
  EXPECT_FALSE(std::filesystem::exists(project.path() / "fixtures/recorded.json"));
  EXPECT_FALSE(std::filesystem::exists(project.path() / "fixtures/rust"));
}

TEST_F(Record, WritesNothingForMalformedInput) {
  const CommandResult result = record({"--scenario", "broken"}, "{\"url\": ");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("(standard input):1:9:"), std::string::npos) << result.err;
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
