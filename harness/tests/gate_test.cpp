// The CI gate: each condition of `portcheck check` failing and passing,
// each schema-diff rule, and the CI-native output formats.

#include <chrono>
#include <map>
#include <regex>

#include "compare/findings.hpp"
#include "gate/recapture.hpp"
#include "json/document.hpp"
#include "output/outcome.hpp"
#include "schema_diff/schema_diff.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

/// A copy of the project's schemas, fixtures and reports to break on purpose.
class GateProject : public testing::Test {
 protected:
  void SetUp() override {
    for (const char* folder : {"schemas", "fixtures", "reports"}) {
      std::filesystem::copy(source_dir() / folder, project.path() / folder, std::filesystem::copy_options::recursive);
    }
  }
  CommandResult check(std::vector<std::string> extra = {}) {
    std::vector<std::string> arguments{"check"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_portcheck(arguments, project.path());
  }
  std::filesystem::path path(const std::string& relative) const { return project.path() / relative; }
  /// Edits known-gaps.json through Python's json module, like a person would.
  void edit_known_gaps(const std::string& python_statement) {
    write_file(path("edit.py"), "import json\np='reports/known-gaps.json'\nd=json.load(open(p))\n" + python_statement +
                                    "\njson.dump(d, open(p, 'w'), indent=2)\n");
    const std::string command = "cd '" + project.path().string() + "' && python3 edit.py";
    ASSERT_EQ(std::system(command.c_str()), 0);
    // The reports show each finding's known-gap status: made again from the
    // edited list, they leave the gate only the list itself to judge. (A
    // malformed list stops report as it stops check: the reports stay.)
    static_cast<void>(run_portcheck({"report"}, project.path()));
  }
  TempDir project;
};

// A failed capture's cause is shown wherever its log has it: a SyntaxError
// among import frames, an exception before pages of other output, rustc's
// first error among backtrace frames.
// Lines that moved are a note; with --strict-source they fail, as
// check --source --strict-source asks.
TEST(Recapture, MovedLinesAreANoteOrWithStrictSourceAnError) {
  const FakeCaptureProject project(R"({"definitions": [{"name": "ActiveRun", "line": 10}]})",
                                   R"({"definitions": [{"name": "ActiveRun", "line": 12}]})");
  for (const bool strict : {false, true}) {
    const auto problems = gate::recapture_problems(project.path(), project.path(), {"python"}, 60, strict);
    ASSERT_EQ(problems.size(), 1U) << strict;
    EXPECT_EQ(problems[0].rule, rules::Rule::source_moved);
    EXPECT_EQ(problems[0].level, strict ? output::Level::error : output::Level::notice);
  }
}

// A definition that moved to another file or module, writing and reading
// the same, is a note like moved lines: the item path and file change, a
// definition-moved entry names the new place; a definition-missing is not.
TEST(Recapture, ADefinitionMovedElsewhereIsANoteThatNamesItsNewPlace) {
  const std::string committed =
      R"({"items": {"janitor_runner::ActiveRun": {"fields": ["a"]}},
          "structures": {"ActiveRun": {"item": "janitor_runner::ActiveRun", "writes": true}}})";
  const std::string moved =
      R"({"items": {"janitor_runner::active::ActiveRun": {"fields": ["a"]}},
          "structures": {"ActiveRun": {"item": "janitor_runner::active::ActiveRun", "writes": true,
          "located": [{"outcome": "definition-moved", "item": "ActiveRun", "from": "runner/src/lib.rs",
                       "file": "runner/src/active.rs", "line": 7}]}}})";
  const FakeCaptureProject project({{"rust/capture.json", committed}}, {{"rust/capture.json", moved}});
  const auto problems = gate::recapture_problems(project.path(), project.path(), {"rust"}, 60);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].rule, rules::Rule::source_moved);
  EXPECT_EQ(problems[0].level, output::Level::notice);
  EXPECT_EQ(problems[0].title, "only where definitions sit moved (lines, files, file hashes)");
  EXPECT_NE(problems[0].message.find("rust ActiveRun: definition-moved: ActiveRun moved from runner/src/lib.rs to "
                                     "runner/src/active.rs:7"),
            std::string::npos)
      << problems[0].message;
  // Two items of one name in different modules (janitor::queue::QueueItem
  // and janitor_runner::QueueItem) keep their paths: a line that moved in
  // one is still a note.
  const FakeCaptureProject twins(
      {{"rust/capture.json", R"({"items": {"a::QueueItem": {"line": 1}, "b::QueueItem": {"line": 9}}})"}},
      {{"rust/capture.json", R"({"items": {"a::QueueItem": {"line": 2}, "b::QueueItem": {"line": 9}}})"}});
  const auto twin_problems = gate::recapture_problems(twins.path(), twins.path(), {"rust"}, 60);
  ASSERT_EQ(twin_problems.size(), 1U);
  EXPECT_EQ(twin_problems[0].rule, rules::Rule::source_moved);
  // Its fields changed too: that is drift, and the move is part of it.
  std::string changed = moved;
  changed.replace(changed.find(R"(["a"])"), 5, R"(["b"])");
  const FakeCaptureProject drifted({{"rust/capture.json", committed}}, {{"rust/capture.json", changed}});
  const auto drift = gate::recapture_problems(drifted.path(), drifted.path(), {"rust"}, 60);
  ASSERT_EQ(drift.size(), 1U);
  EXPECT_EQ(drift[0].rule, rules::Rule::stale_capture);
  // A definition the tree lacks is no move.
  const std::string missing =
      R"({"items": {"janitor_runner::ActiveRun": {"fields": ["a"]}},
          "structures": {"ActiveRun": {"item": "janitor_runner::ActiveRun", "writes": true,
          "located": [{"outcome": "definition-missing", "item": "X", "reason": "gone"}]}}})";
  const FakeCaptureProject lacking({{"rust/capture.json", committed}}, {{"rust/capture.json", missing}});
  const auto lacked = gate::recapture_problems(lacking.path(), lacking.path(), {"rust"}, 60);
  ASSERT_EQ(lacked.size(), 1U);
  EXPECT_EQ(lacked[0].rule, rules::Rule::stale_capture);
}

// What a capture could not read or build is named in the drift: a listed
// file the tree lacked (channels.json) and a channel capture that could not
// be built (capture.json).
TEST(Recapture, WhatTheTreeLackedIsNamedInTheDrift) {
  const FakeCaptureProject project(
      {{"channels/channels.json", R"({"routes": []})"}, {"channels/capture.json", R"({"bodies": {}})"}},
      {{"channels/channels.json", R"({"routes": [], "missing": [{"file": "runner/src/web.rs", "outcome":
          "definition-missing", "reason": "runner/src/web.rs: listed in the manifest, missing from the tree"}]})"},
       {"channels/capture.json", R"({"outcome": "definition-missing", "reason": "cannot find ActiveRun"})"}});
  const auto problems = gate::recapture_problems(project.path(), project.path(), {"channels"}, 60);
  std::string messages;
  for (const output::Problem& problem : problems) messages += problem.message + "\n";
  EXPECT_NE(messages.find("channels: definition-missing: runner/src/web.rs: listed in the manifest, missing from the "
                          "tree"),
            std::string::npos)
      << messages;
  EXPECT_NE(messages.find("channels: definition-missing: the channels were not captured: cannot find ActiveRun"),
            std::string::npos)
      << messages;
}

// Drift is explained: which key of which file changed and how, and a writer
// that now raises, with its error and in how many scenarios.
TEST(Recapture, EveryChangeIsNamedByItsPlaceAndAWriterThatNowRaisesByItsError) {
  const std::string committed_capture =
      R"({"structures": {"ActiveRun": {"definition": {"line": 3}, "scenarios": {"a": {"outcome": "written"},
          "b": {"outcome": "written"}, "c": {"outcome": "written"}}}}})";
  const std::string captured_capture =
      R"({"structures": {"ActiveRun": {"definition": {"line": 4}, "scenarios": {
          "a": {"outcome": "raised", "error": "AttributeError: 'ActiveRun' object has no attribute 'finish_time'"},
          "b": {"outcome": "raised", "error": "AttributeError: 'ActiveRun' object has no attribute 'finish_time'"},
          "c": {"outcome": "written"}}}}})";
  const FakeCaptureProject project(
      {{"rust/capture.json", committed_capture},
       {"rust/ActiveRun/a.json", R"({"finish_time": "2025-05-25T19:22:53Z", "id": 1, "subpath": "python"})"}},
      {{"rust/capture.json", captured_capture},
       {"rust/ActiveRun/a.json", R"({"finished_at": "2025-05-25T19:22:53Z", "id": "1", "note": "xééééééééééééééééééééééééééééééééééééééé"})"}});
  const auto problems = gate::recapture_problems(project.path(), project.path(), {"rust"}, 60);
  std::map<std::string, const output::Problem*> by_file;
  for (const output::Problem& problem : problems) by_file[problem.file] = &problem;
  const std::string fixture = (project.path() / "fixtures/rust/ActiveRun/a.json").generic_string();
  const std::string capture = (project.path() / "fixtures/rust/capture.json").generic_string();
  ASSERT_TRUE(by_file.contains(fixture) && by_file.contains(capture)) << problems.size();
  const output::Problem& written = *by_file.at(fixture);
  EXPECT_EQ(written.rule, rules::Rule::stale_capture);
  ASSERT_EQ(written.changes.size(), 4U);
  EXPECT_EQ(written.changes[0].pointer, "/finished_at");
  EXPECT_EQ(written.changes[0].kind, json::ChangeKind::renamed);
  EXPECT_EQ(written.changes[0].from, "/finish_time");
  EXPECT_EQ(written.changes[1].pointer, "/id");
  EXPECT_EQ(written.changes[1].kind, json::ChangeKind::type_changed);
  EXPECT_EQ(written.changes[2].pointer, "/note");
  EXPECT_EQ(written.changes[2].kind, json::ChangeKind::added);
  EXPECT_EQ(written.changes[3].pointer, "/subpath");
  EXPECT_EQ(written.changes[3].kind, json::ChangeKind::removed);
  for (const std::string line : {"\n  /finished_at: key-renamed from /finish_time", "\n  /id: type-changed 1 → \"1\"",
                                 "\n  /subpath: key-removed (was \"python\")"}) {
    EXPECT_NE(written.message.find(line), std::string::npos) << line << "\n" << written.message;
  }
  const output::Problem& outcomes = *by_file.at(capture);
  EXPECT_NE(outcomes.message.find("rust ActiveRun: the real code now raises in 2 scenarios: AttributeError: "
                                  "'ActiveRun' object has no attribute 'finish_time'"),
            std::string::npos)
      << outcomes.message;
  // A long non-ASCII value is cut between characters, never inside one.
  EXPECT_EQ(written.message.find("\xC3..."), std::string::npos);
  // The definition's line moved too: that is no change of what is written.
  for (const json::Change& change : outcomes.changes) EXPECT_EQ(change.pointer.find("/line"), std::string::npos);
}

TEST(CaptureFailureCause, ASyntaxErrorKeepsItsPlaceCodeAndCaret) {
  std::string log =
      "Traceback (most recent call last):\n"
      "  File \"/p/fixtures/capture/python/capture.py\", line 811, in <module>\n"
      "    sys.exit(main())\n"
      "  File \"<frozen importlib._bootstrap>\", line 1178, in _find_and_load\n"
      "  File \"<frozen importlib._bootstrap_external>\", line 940, in exec_module\n"
      "  File \"/up/py/janitor/runner.py\", line 12\n"
      "    def broken(:\n"
      "               ^\n"
      "SyntaxError: invalid syntax\n";
  for (int frame = 0; frame < 20; ++frame) log += "  File \"<frozen importlib._bootstrap>\", line 241, in _call\n";
  const std::vector<std::string> cause = gate::capture_failure_cause(log);
  ASSERT_EQ(cause.size(), 4U) << testing::PrintToString(cause);
  EXPECT_EQ(cause[0], "  File \"/up/py/janitor/runner.py\", line 12");
  EXPECT_EQ(cause[1], "    def broken(:");
  EXPECT_EQ(cause[3], "SyntaxError: invalid syntax");
}

TEST(CaptureFailureCause, TheLastExceptionWithItsInnermostFrame) {
  std::string log = "Traceback (most recent call last):\n"
                    "  File \"/up/py/janitor/runner.py\", line 40, in json\n"
                    "    return {'a': self.a}\n"
                    "AttributeError: 'Foo' object has no attribute 'a'\n";
  for (int line = 0; line < 30; ++line) log += "cleanup output line " + std::to_string(line) + "\n";
  const std::vector<std::string> cause = gate::capture_failure_cause(log);
  ASSERT_EQ(cause.size(), 3U) << testing::PrintToString(cause);
  EXPECT_EQ(cause[0], "  File \"/up/py/janitor/runner.py\", line 40, in json");
  EXPECT_EQ(cause[2], "AttributeError: 'Foo' object has no attribute 'a'");
}

TEST(CaptureFailureCause, RustcsFirstErrorWithItsPlaceAmongBacktraceFrames) {
  std::string log = "   Compiling portcheck-capture-rust v0.1.0\n"
                    "error[E0425]: cannot find value `x` in this scope\n"
                    "  --> src/generated.rs:10:5\n"
                    "error: could not compile `portcheck-capture-rust`\n";
  for (int frame = 0; frame < 40; ++frame) log += "  " + std::to_string(frame) + ": std::rt::lang_start\n";
  const std::vector<std::string> cause = gate::capture_failure_cause(log);
  ASSERT_EQ(cause.size(), 2U) << testing::PrintToString(cause);
  EXPECT_EQ(cause[0], "error[E0425]: cannot find value `x` in this scope");
  EXPECT_EQ(cause[1], "  --> src/generated.rs:10:5");
  EXPECT_TRUE(gate::capture_failure_cause("all went well\n").empty());
}

/// A project whose capture never ends (an upstream module that loops), and
/// that writes the environment it got beside itself. Its temporary folders
/// go under the project's own tmp/ (TMPDIR), so that nothing else's count.
class HangingCapture : public GateProject {
 protected:
  void hang(const std::string& marker) {
    marker_ = marker;
    write_file(path("scripts/capture"),
               "#!/bin/sh\nenv > \"$(dirname \"$0\")/environment\"\nexec sleep " + marker + "\n");
    std::filesystem::permissions(path("scripts/capture"), std::filesystem::perms::owner_all);
    std::filesystem::create_directories(path("upstream"));
    std::filesystem::create_directories(path("tmp"));
  }
  CommandResult check(const std::string& shell_tail) {
    return shell("{ cd '" + project.path().string() + "' || exit 2; export TMPDIR='" + path("tmp").string() +
                 "'; PORTCHECK_SECRET=s3cret '" PORTCHECK_EXECUTABLE "' check --source upstream " + shell_tail + "; }");
  }
  /// Processes of the capture still running, and temporary folders left.
  std::string leftovers() {
    // [8]817: the pattern does not match pgrep's own shell.
    std::string left = shell("pgrep -f 'sleep [" + marker_.substr(0, 1) + "]" + marker_.substr(1) + "'").out;
    for (const auto& entry : std::filesystem::directory_iterator(path("tmp"))) left += entry.path().string() + "\n";
    return left;
  }

 private:
  std::string marker_;
};

TEST_F(HangingCapture, EndsAtTheTimeoutWithNothingLeftAndNoSecretPassedOn) {
  hang("8817");
  const auto started = std::chrono::steady_clock::now();
  const CommandResult result = check("--capture-timeout 2");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("did not end within 2 s (--capture-timeout): its processes were stopped"),
            std::string::npos)
      << result.out;
  EXPECT_EQ(leftovers(), "") << "a process or a temporary folder outlived the capture";
  const std::string environment = read_text(path("scripts/environment"));
  EXPECT_EQ(environment.find("PORTCHECK_SECRET"), std::string::npos) << environment;
  EXPECT_NE(environment.find("PATH="), std::string::npos) << environment;
}

TEST_F(HangingCapture, SigtermStopsTheCaptureAndRemovesItsFolder) {
  hang("8818");
  // The signal once the capture runs (it has written its environment): a
  // signal before portcheck reaches the capture ends it as any program.
  const CommandResult result = check(
      "& pid=$!; tries=0; while [ ! -s scripts/environment ] && [ $tries -lt 600 ]; do sleep 0.1; "
      "tries=$((tries + 1)); done; kill -TERM $pid; wait $pid; echo \"exit $?\"");
  EXPECT_NE(result.out.find("interrupted (signal 15)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("exit 2"), std::string::npos) << result.out;
  EXPECT_EQ(leftovers(), "") << "a process or a temporary folder outlived the capture";
}

// check --source on a source whose Rust ActiveRun now writes finished_at in
// one scenario: the drift names the key and its rename, and the findings
// delta says what the recaptured evidence makes of the port.
TEST_F(GateProject, DriftNamesTheChangedKeyAndTheFindingsDelta) {
  std::filesystem::copy(path("fixtures"), path("next"), std::filesystem::copy_options::recursive);
  const std::string file = "next/rust/ActiveRun/with-finish-time.json";
  std::string text = read_text(path(file));
  ASSERT_NE(text.find("\"finish_time\""), std::string::npos);
  text.replace(text.find("\"finish_time\""), 13, "\"finished_at\"");
  write_file(path(file), text);
  write_file(path("scripts/capture"), "#!/bin/sh\ncp -R \"$(dirname \"$0\")/../next/.\" \"$4\"\n");
  std::filesystem::permissions(path("scripts/capture"), std::filesystem::perms::owner_all);
  const CommandResult result = check({"--source", ".", "--format", "json"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const json::Document outcome = json::parse(result.out, "outcome");
  bool renamed = false;
  std::vector<std::string> delta;
  for (const auto& problem : outcome.root()["problems"].GetArray()) {
    if (std::string(problem["rule"].GetString()) == "stale-capture" && problem.HasMember("changes")) {
      for (const auto& change : problem["changes"].GetArray()) {
        renamed = renamed || (std::string(change["change"].GetString()) == "key-renamed" &&
                              std::string(change["pointer"].GetString()) == "/finished_at" &&
                              std::string(change["from"].GetString()) == "/finish_time");
      }
    }
    if (std::string(problem["test_class"].GetString()) == "findings delta") {
      EXPECT_STREQ(problem["level"].GetString(), "notice");
      delta.emplace_back(problem["title"].GetString());
    }
  }
  EXPECT_TRUE(renamed) << result.out;
  ASSERT_FALSE(delta.empty()) << result.out;
  // Rust no longer writes finish_time in that scenario (finished_at is no
  // key its schema declares: the recaptured fixture would fail schema-drift).
  EXPECT_TRUE(std::any_of(delta.begin(), delta.end(), [](const std::string& title) {
    return title.starts_with("ActiveRun.finish_time: ") && title.ends_with("no longer occurs in with-finish-time");
  })) << testing::PrintToString(delta);
}

TEST_F(GateProject, PassesOnTheCommittedProject) {
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find(" 0 stale entries; 0 new findings at --fail-on warning or above, "), std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("--update-known-gaps"), std::string::npos) << "no hint when nothing fails";
}

/// The summary's numbers, which must add up.
struct Summary {
  long structures = -1, findings = -1, breaking = -1, warning = -1, info = -1, gaps = -1, unchecked = 0, stale = -1;
};

Summary summary_of(const std::string& out) {
  const std::regex line(
      R"(portcheck: (\d+) structures?, (\d+) findings? \((\d+) breaking, (\d+) warning, (\d+) info\), (\d+) known gaps?)"
      R"((?: \((\d+) not checked without --dsn\))?, (\d+) stale entr)");
  std::smatch match;
  Summary summary;
  if (!std::regex_search(out, match, line)) return summary;
  summary = {std::stol(match[1]),
             std::stol(match[2]),
             std::stol(match[3]),
             std::stol(match[4]),
             std::stol(match[5]),
             std::stol(match[6]),
             match[7].matched ? std::stol(match[7]) : 0,
             std::stol(match[8])};
  return summary;
}

// Regression: the counts once read "17 findings (17 breaking, 23 warning)" and
// counted database entries that were not checked as known gaps.
TEST_F(GateProject, SummaryCountsAddUp) {
  const CommandResult result = check();
  const Summary summary = summary_of(result.out);
  ASSERT_EQ(summary.structures, 12) << result.out;
  EXPECT_EQ(summary.findings, summary.breaking + summary.warning + summary.info) << result.out;
  const json::Document gaps = json::load_file(path("reports/known-gaps.json"));
  long storage = 0;
  for (const auto& gap : gaps.root()["gaps"].GetArray()) {
    storage += std::string(gap["structure"].GetString()).starts_with("table:") ? 1 : 0;
  }
  EXPECT_EQ(summary.gaps, static_cast<long>(gaps.root()["gaps"].Size()));
  EXPECT_EQ(summary.unchecked, storage) << "database entries are named as not checked";
  // The JSON rendering carries the same counts under stable names.
  const json::Document document = json::parse(check({"--format", "json"}).out, "stdout");
  const auto& counts = document.root()["counts"];
  EXPECT_EQ(counts["findings"].GetInt64(), summary.findings);
  EXPECT_EQ(counts["breaking"].GetInt64() + counts["warning"].GetInt64() + counts["info"].GetInt64(),
            counts["findings"].GetInt64());
  EXPECT_EQ(counts["known_gaps_need_database"].GetInt64(), storage);
}

TEST_F(GateProject, FailsOnSchemaDrift) {
  const std::string file = "fixtures/rust/VcsInfo/all-keys-set.json";
  std::string text = read_text(path(file));
  text.replace(text.find("\"subpath\""), 9, "\"sub_path\"");
  write_file(path(file), text);
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find(file + ":3:3: error: fixture does not match its rust schema (additionalProperties)"),
            std::string::npos)
      << result.out;
}

TEST_F(GateProject, FailsWhenAReaderModelDisagreesWithTheRealReader) {
  // The Python tag's revision made nullable: the harness would now predict
  // that from_json takes Rust's [name, null] tag, which the real reader refused.
  const std::string file = "schemas/python/definitions.json";
  std::string text = read_text(path(file));
  const std::string strict =
      R"("items": [{"type": "string", "x-source-type": "str"}, {"$ref": "#/definitions/revision"}],)";
  ASSERT_NE(text.find(strict), std::string::npos);
  text.replace(
      text.find(strict), strict.size(),
      R"("items": [{"type": "string", "x-source-type": "str"}, {"$ref": "#/definitions/optional-revision"}],)");
  write_file(path(file), text);
  const CommandResult result = check({"--quiet"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("fixtures/rust/WorkerResult/null-revisions.json:1:1: error: the python reader refuses "
                            "fixtures/rust/WorkerResult/null-revisions.json, but the harness predicts it accepts it"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("the real reader: AttributeError: 'NoneType' object has no attribute 'encode'"),
            std::string::npos)
      << result.out;
}

TEST_F(GateProject, FailsWhenARecordedVerdictChangesAndNamesTheFixture) {
  const std::string file = "fixtures/rust/verdicts.json";
  std::string text = read_text(path(file));
  const std::string key = "\"python/GenericResult/empty.json\": {";
  const auto at = text.find(key);
  ASSERT_NE(at, std::string::npos);
  const auto outcome = text.find("\"outcome\": \"refused\"", at);
  text.replace(outcome, std::string("\"outcome\": \"refused\"").size(), "\"outcome\": \"accepted\"");
  write_file(path(file), text);
  const CommandResult result = check({"--quiet"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("error: the rust reader accepts fixtures/python/GenericResult/empty.json, but the harness "
                            "predicts it refuses it"),
            std::string::npos)
      << result.out;
}

TEST_F(GateProject, FailsWhenASchemaDoesNotDescribeTheCode) {
  const std::string file = "schemas/rust/ActiveRun.schema.json";
  std::string text = read_text(path(file));
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{R"("x-source-location": "runner/src/lib.rs:544")",
                                            R"("x-source-location": "runner/src/lib.rs:545")"},
        std::pair<std::string, std::string>{
            R"("worker_link": {"type": ["string", "null"], "x-source-type": "Option<String>"})",
            R"("worker_link": {"type": ["string", "null"], "x-source-type": "Option<Url>"})"},
        std::pair<std::string, std::string>{
            R"("resume_from": {"type": ["string", "null"], "x-source-type": "Option<String>"})",
            R"("resumed_from": {"type": ["string", "null"], "x-source-type": "Option<String>"})"}}) {
    ASSERT_NE(text.find(from), std::string::npos) << from;
    text.replace(text.find(from), from.size(), to);
  }
  write_file(path(file), text);
  const CommandResult result = check({"--quiet"});
  EXPECT_EQ(result.exit_code, 1);
  for (const std::string expected :
       {"x-source-location is \"runner/src/lib.rs:545\" but janitor_runner::ActiveRun is defined at "
        "runner/src/lib.rs:544",
        "worker_link is declared Option<String> in the code, but x-source-type says Option<Url>",
        "the schema describes resumed_from, which janitor_runner::ActiveRun (runner/src/lib.rs:544) does not declare",
        "the code declares resume_from (Option<String>) but the schema neither has a property for it nor lists it in "
        "x-declared-only"}) {
    EXPECT_NE(result.out.find(expected), std::string::npos) << expected << "\n" << result.out;
  }
}

TEST_F(GateProject, FailsWhenTheManifestMisstatesWhoWritesAStructure) {
  const std::string file = "schemas/manifest.json";
  std::string text = read_text(path(file));
  const std::string entry = "\"QueueAssignment\": {";
  const auto at = text.find("\"writers\": []", text.find(entry));
  text.replace(at, std::string("\"writers\": []").size(), "\"writers\": [\"rust\"]");
  write_file(path(file), text);
  const CommandResult result = check({"--quiet"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(
      result.out.find("rust QueueAssignment: the manifest lists rust in writers, but the code has no serializer "
                      "(janitor_runner::QueueAssignment derives Debug and implements no Serialize or Deserialize)"),
      std::string::npos)
      << result.out;
}

TEST_F(GateProject, AChannelFindingSaysItWasReadFromSourceAndWhere) {
  edit_known_gaps("d['gaps'] = [g for g in d['gaps'] if g['field'] != 'GET /status (rust → site)']");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("error: channels.GET /status (rust → site): consumer-cannot-read (breaking) is not in "
                            "reports/known-gaps.json"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("reads `processing`, which rust's body lacks"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("[read from source at runner/src/web.rs:"), std::string::npos) << result.out;
  // The JSON outcome carries the evidence as a field, not in the message only.
  const CommandResult json = check({"--format", "json"});
  EXPECT_NE(json.out.find("\"evidence\": \"read from source\""), std::string::npos) << json.out;
}

TEST_F(GateProject, FailsOnAStaleReportNamingIt) {
  write_file(path("reports/compatibility.md"), read_text(path("reports/compatibility.md")) + "edited\n");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("reports/compatibility.md: error: report is stale"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("portcheck report"), std::string::npos);
}

/// The reports a run writes are the committed ones, byte for byte, however
/// the project is named and wherever portcheck is started; paths typed on
/// the command line are taken from where they were typed.
TEST_F(GateProject, ReportsAreTheSameBytesWhateverTheProjectSpellingOrTheWorkingFolder) {
  std::map<std::string, std::string> committed;
  for (const char* name : {"compatibility.md", "compatibility.json", "compatibility.junit.xml", "compatibility.html"}) {
    committed[name] = read_text(path(std::string("reports/") + name));
  }
  const TempDir elsewhere;
  const std::string absolute = project.path().string();
  const std::vector<std::pair<std::vector<std::string>, std::filesystem::path>> runs{
      {{"--project", absolute, "report"}, project.path()},                   // --project "$PWD"
      {{"--project", absolute + "/", "report"}, elsewhere.path()},           // from another folder
      {{"--project", absolute + "/./reports/..", "report"}, elsewhere.path()}};  // another spelling
  for (const auto& [arguments, folder] : runs) {
    const CommandResult result = run_portcheck(arguments, folder);
    ASSERT_EQ(result.exit_code, 0) << testing::PrintToString(arguments) << "\n" << result.out << result.err;
    for (const auto& [name, text] : committed) {
      EXPECT_EQ(read_text(path("reports/" + name)), text) << name << " after " << testing::PrintToString(arguments);
    }
    const CommandResult gate = run_portcheck({"--project", arguments[1], "check"}, folder);
    EXPECT_EQ(gate.exit_code, 0) << gate.out << gate.err;
  }
  // A file named relative to the folder portcheck was started in.
  std::filesystem::copy_file(path("fixtures/python/VcsInfo/all-keys-set.json"), elsewhere.path() / "mine.json");
  const CommandResult validated = run_portcheck(
      {"--project", absolute, "validate", "--side", "python", "--structure", "VcsInfo", "mine.json"}, elsewhere.path());
  EXPECT_EQ(validated.exit_code, 0) << validated.out << validated.err;
  const CommandResult written =
      run_portcheck({"--project", absolute, "report", "--quiet", "--output", "out"}, elsewhere.path());
  EXPECT_EQ(written.exit_code, 0) << written.out << written.err;
  EXPECT_TRUE(std::filesystem::exists(elsewhere.path() / "out/compatibility.json")) << written.out;
}

TEST_F(GateProject, FailsOnAFindingMissingFromKnownGapsAndPrintsTheUpdateCommand) {
  edit_known_gaps("d['gaps'] = [g for g in d['gaps'] if (g['field'], g['rule']) != ('remotes', 'value-mismatch')]");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("error: WorkerResult.remotes: value-mismatch (warning) is not in "
                            "reports/known-gaps.json"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("[executed; in non-ascii; fingerprint "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("portcheck check --update-known-gaps\n"), std::string::npos) << result.out;
}

TEST_F(GateProject, FailsOnAKnownGapThatNoLongerOccursNamingWhereItDid) {
  edit_known_gaps(
      "d['gaps'].append({'structure': 'VcsInfo', 'field': 'subpath', 'rule': 'wrong-type', 'severity': 'breaking', "
      "'scenarios': ['some-keys-unset'], 'reason': 'never was'})");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("error: known gap VcsInfo/subpath/wrong-type no longer occurs: delete its entry"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("it occurred in some-keys-unset when it was listed"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(", 1 stale entry; 0 new findings at --fail-on warning or above, "), std::string::npos)
      << result.out;
}

TEST_F(GateProject, RejectsAPlaceholderReasonWithoutSuggestingAnUpdate) {
  edit_known_gaps("d['gaps'][0]['reason'] = 'TODO: explain'");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("has no reason yet"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("--update-known-gaps"), std::string::npos) << "an update cannot write a reason: no hint\n"
                                                                       << result.out;
}

// A reason of blanks says no more than an empty one.
TEST_F(GateProject, RejectsABlankReasonAsItRejectsAnEmptyOne) {
  for (const char* reason : {"", "   ", "\\t\\n", "  TODO: explain", "\\u00a0", "\\u3000 TODO"}) {
    edit_known_gaps(std::string("d['gaps'][0]['reason'] = '") + reason + "'");
    const CommandResult result = check();
    EXPECT_EQ(result.exit_code, 1) << "reason \"" << reason << "\"\n" << result.out;
    EXPECT_NE(result.out.find("has no reason yet"), std::string::npos) << result.out;
  }
}

// An entry listed as a warning whose finding is breaking now: the gate once
// passed it with --fail-on breaking, counting the entry "below --fail-on"
// and its finding "accepted" (the counts no longer added up).
TEST_F(GateProject, AKnownGapWhoseSeverityChangedFailsAndIsCountedOnce) {
  edit_known_gaps(
      "g = [g for g in d['gaps'] if g['structure'] == 'GenericResult' and g['rule'] == "
      "'unit-struct-rejects-value'][0]\ng['severity'] = 'warning'");
  for (const char* fail_on : {"warning", "breaking"}) {
    const CommandResult result = check({"--fail-on", fail_on, "--format", "json"});
    EXPECT_EQ(result.exit_code, 1) << fail_on << "\n" << result.out;
    EXPECT_NE(result.out.find("is listed as warning but is breaking now: update its entry"), std::string::npos)
        << result.out;
  }
  // With --fail-on breaking every entry is not checked without a database,
  // below the threshold, or a breaking finding accepted: once each.
  const json::Document document = json::parse(check({"--fail-on", "breaking", "--format", "json"}).out, "stdout");
  const auto& counts = document.root()["counts"];
  EXPECT_EQ(counts["known_gaps"].GetInt64(),
            counts["known_gaps_need_database"].GetInt64() + counts["known_gaps_below_fail_on"].GetInt64() +
                counts["breaking_accepted"].GetInt64() + counts["stale_entries"].GetInt64());
  EXPECT_EQ(counts["stale_entries"].GetInt64(), 1) << "the entry is stale, not also accepted";
  // The update puts the finding's severity back, and the gate passes.
  static_cast<void>(check({"--update-known-gaps"}));
  static_cast<void>(run_portcheck({"report"}, project.path()));
  const CommandResult after = check({"--fail-on", "breaking"});
  EXPECT_EQ(after.exit_code, 0) << after.out;
}

// Deleting the fixtures that showed a finding, then updating the known gaps
// and the reports, once left a gate that passed on less evidence.
TEST_F(GateProject, AFixtureTheEvidenceRecordsMayNotGoMissing) {
  for (const char* side : {"python", "rust"}) {
    std::filesystem::remove(path(std::string("fixtures/") + side + "/GenericResult/empty.json"));
  }
  EXPECT_EQ(check({"--update-known-gaps"}).exit_code, 1);
  static_cast<void>(run_portcheck({"report"}, project.path()));
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1) << result.out;
  for (const char* side : {"python", "rust"}) {
    const std::string fixture = std::string("fixtures/") + side + "/GenericResult/empty.json";
    EXPECT_NE(result.out.find("error: fixture " + fixture + " is missing"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("the " + std::string(side) + " capture recorded it as written"), std::string::npos)
        << result.out;
  }
  EXPECT_NE(result.out.find("the rust reader's verdict judged it (fixtures/rust/verdicts.json)"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("Restore it (git checkout -- fixtures/rust/GenericResult/empty.json)"), std::string::npos)
      << result.out;
  // A fixture only a verdict names is located at that verdict, and the way
  // to restore it keeps the --project of the run.
  std::string verdicts = read_text(path("fixtures/rust/verdicts.json"));
  const std::string entry = "\"python/VcsInfo/all-keys-set.json\": {";
  ASSERT_NE(verdicts.find(entry), std::string::npos);
  verdicts.replace(verdicts.find(entry), entry.size(),
                   "\"python/VcsInfo/extra.json\": {\"outcome\": \"accepted\"}, " + entry);
  write_file(path("fixtures/rust/verdicts.json"), verdicts);
  const CommandResult elsewhere = run_portcheck({"--project", project.path().string(), "check"}, "/");
  EXPECT_NE(elsewhere.out.find("error: fixture fixtures/python/VcsInfo/extra.json is missing"), std::string::npos)
      << elsewhere.out;
  EXPECT_EQ(elsewhere.out.find("fixtures/rust/verdicts.json:1:1: error: fixture fixtures/python/VcsInfo/extra.json"),
            std::string::npos)
      << elsewhere.out;
  EXPECT_NE(elsewhere.out.find("git -C " + project.path().string() + " checkout -- fixtures/python/VcsInfo/extra.json"),
            std::string::npos)
      << elsewhere.out;
}

// Fields that look `same` because no scenario showed them are not evidence:
// without a fixture on both sides the wire is NOT OBSERVED, never FULLY
// COMPATIBLE, in every format, and the report says how to get evidence.
TEST_F(GateProject, AStructureNoScenarioShowsIsNotObservedRatherThanCompatible) {
  for (const char* side : {"python", "rust"}) {
    std::filesystem::remove(path(std::string("fixtures/") + side + "/GenericResult/empty.json"));
  }
  const CommandResult report = run_portcheck({"report"}, project.path());
  ASSERT_EQ(report.exit_code, 0) << report.out << report.err;
  const json::Document document = json::load_file(path("reports/compatibility.json"));
  const rapidjson::Value* generic = nullptr;
  for (const auto& structure : document.root()["structures"].GetArray()) {
    if (std::string_view(structure["name"].GetString()) == "GenericResult") generic = &structure;
  }
  ASSERT_NE(generic, nullptr);
  EXPECT_STREQ((*generic)["observed_status"].GetString(), "NOT OBSERVED");
  // And a finding that fails the gate until a scenario shows it.
  bool not_observed = false;
  for (const auto& finding : document.root()["findings"].GetArray()) {
    if (std::string_view(finding["id"].GetString()) != "GenericResult/(wire)/not-observed") continue;
    not_observed = true;
    EXPECT_STREQ(finding["evidence"].GetString(), "none") << "nothing ran or was read: that is the finding";
  }
  EXPECT_TRUE(not_observed);
  const std::string markdown = read_text(path("reports/compatibility.md"));
  EXPECT_NE(markdown.find("- **Observed wire**: NOT OBSERVED"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("No evidence on the wire: no scenario has a fixture of both sides."), std::string::npos);
  EXPECT_EQ(markdown.find("**Verdict:** ✅ FULLY COMPATIBLE\n\n0 findings. **Next:** Nothing to do"), std::string::npos);
  // The other structures keep the status their scenarios show.
  EXPECT_NE(markdown.find("[VcsInfo](#VcsInfo)"), std::string::npos);
  const std::string html = read_text(path("reports/compatibility.html"));
  EXPECT_NE(html.find(">NOT OBSERVED<"), std::string::npos);
}

// The commands check tells the user to run work when pasted where check
// ran: the stale-report advice once dropped --project, and a project named
// "my proj;$x" made the update hint two commands.
TEST(GateHints, EveryCommandAHintShowsRunsAsPastedFromAnotherFolder) {
  const TempDir parent;
  const std::filesystem::path project = parent.path() / "my proj;$x";
  std::filesystem::create_directories(project);
  for (const char* folder : {"schemas", "fixtures", "reports"}) {
    std::filesystem::copy(source_dir() / folder, project / folder, std::filesystem::copy_options::recursive);
  }
  const std::filesystem::path fixture = project / "fixtures/python/VcsInfo/all-keys-set.json";
  std::string text = read_text(fixture);
  text.replace(text.find("\"python\""), 8, "\"pythonX\"");
  write_file(fixture, text);
  const CommandResult failing = run_portcheck({"--project", project.string(), "check"}, parent.path());
  ASSERT_EQ(failing.exit_code, 1) << failing.out;
  std::vector<std::string> commands;
  for (const std::regex& pattern :
       {std::regex("regenerate it with `([^`]*)`"), std::regex("occur: (portcheck .*)\n")}) {
    std::smatch match;
    ASSERT_TRUE(std::regex_search(failing.out, match, pattern)) << failing.out;
    commands.push_back(match[1]);
  }
  EXPECT_EQ(commands[0], "portcheck --project '" + project.string() + "' report");
  // Pasted in the folder check ran in, the update and then the report
  // bring the project to a passing gate.
  for (const std::size_t index : {std::size_t{1}, std::size_t{0}}) {
    const std::string pasted = commands[index].replace(0, 9, "'" PORTCHECK_EXECUTABLE "'");
    static_cast<void>(shell("cd '" + parent.path().string() + "' && " + pasted));
  }
  EXPECT_FALSE(std::filesystem::exists(parent.path() / "proj")) << "a word of the project ran as a command";
  const std::string gaps = read_text(project / "reports/known-gaps.json");
  EXPECT_NE(gaps.find("\"TODO: explain\""), std::string::npos) << "the pasted update ran";
}

TEST_F(GateProject, AMalformedKnownGapsEntryIsAnInputError) {
  edit_known_gaps("d['gaps'][0]['rule'] = 'no-such-rule'");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("reports/known-gaps.json:"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("at /gaps/0/rule: unknown rule \"no-such-rule\""), std::string::npos) << result.err;
}

// A known gap lists a finding: a gate check or a schema change is no finding's rule.
TEST_F(GateProject, AKnownGapWithARuleThatIsNoFindingsIsAnInputError) {
  edit_known_gaps("d['gaps'][0]['rule'] = 'stale-report'");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("at /gaps/0/rule: \"stale-report\" is a gate rule, not a finding's"), std::string::npos)
      << result.err;
}

TEST_F(GateProject, ThresholdDecidesWhatMustBeListed) {
  edit_known_gaps("d['gaps'] = [g for g in d['gaps'] if g['severity'] == 'breaking']");
  EXPECT_EQ(check().exit_code, 1) << "warnings are gated by default";
  const CommandResult breaking_only = check({"--fail-on", "breaking"});
  EXPECT_EQ(breaking_only.exit_code, 0) << breaking_only.out;
  edit_known_gaps("d['gaps'] = [g for g in d['gaps'] if g['structure'] != 'WorkerResult' or g['field'] != 'stage']");
  const CommandResult still_failing = check({"--fail-on", "breaking"});
  EXPECT_EQ(still_failing.exit_code, 1);
  EXPECT_NE(still_failing.out.find("portcheck check --update-known-gaps --fail-on breaking"), std::string::npos)
      << still_failing.out;
}

// Regression: `check --update-known-gaps --fail-on breaking` (the command
// check suggests after a --fail-on breaking failure) deleted every
// warning-level entry with its reason, and printed only PASSED.
TEST_F(GateProject, UpdateBelowTheThresholdKeepsEveryEntry) {
  const std::string before = read_text(path("reports/known-gaps.json"));
  const CommandResult result = check({"--update-known-gaps", "--fail-on", "breaking"});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_EQ(read_text(path("reports/known-gaps.json")), before) << "warning entries are outside the run: untouched";
  EXPECT_NE(result.out.find("reports/known-gaps.json: up to date, nothing written"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(" below --fail-on breaking)"), std::string::npos) << result.out;
}

// Two updates at once (one with --fail-on breaking, as a busy CI runs them)
// take turns on the list: it always loads, and neither exits on the other.
TEST_F(GateProject, TwoUpdatesAtOnceLeaveAListThatLoads) {
  edit_known_gaps("d['gaps'] = [g for g in d['gaps'] if (g['field'], g['rule']) != ('remotes', 'value-mismatch')]");
  const std::string check_command = "'" PORTCHECK_EXECUTABLE "' check --update-known-gaps";
  for (int round = 0; round < 8; ++round) {
    const CommandResult race = shell("cd '" + project.path().string() + "' || exit 2; " + check_command +
                                     " --fail-on breaking >/dev/null 2>&1 & first=$!; " + check_command +
                                     " >/dev/null 2>&1 & second=$!; wait $first; a=$?; wait $second; b=$?; "
                                     "echo \"$a $b\"");
    // Each ends as it would alone, never with 2: the full update with 1 (the
    // entry it adds has no reason yet), the other with 0 or 1 (after the first
    // round the reports no longer match the edited list).
    EXPECT_TRUE(race.out == "0 1\n" || race.out == "1 1\n") << "round " << round << ": " << race.out;
    const CommandResult after = check({"--fail-on", "breaking"});
    EXPECT_NE(after.exit_code, 2) << "round " << round << ": " << after.out;
  }
  EXPECT_NE(read_text(path("reports/known-gaps.json")).find("\"remotes\""), std::string::npos)
      << read_text(path("reports/known-gaps.json")).substr(0, 400);
}

TEST_F(GateProject, AFirstUpdateWritesTheListWhereNoReportsFolderIsYet) {
  std::filesystem::remove_all(path("reports"));
  const CommandResult result = check({"--update-known-gaps"});
  // Not 2: the list is written (its new entries still need reasons, and the
  // reports are missing, so the gate itself fails with 1).
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_TRUE(std::filesystem::is_regular_file(path("reports/known-gaps.json"))) << result.out;
  EXPECT_NE(read_text(path("reports/known-gaps.json")).find("\"TODO: explain\""), std::string::npos);
}

TEST_F(GateProject, UpdateSaysWhatItChangesAndNeverRewritesAReason) {
  edit_known_gaps(
      "d['gaps'] = [g for g in d['gaps'] if (g['field'], g['rule']) != ('remotes', 'value-mismatch')]\n"
      "d['gaps'].append({'structure': 'VcsInfo', 'field': 'subpath', 'rule': 'wrong-type', 'severity': 'breaking', "
      "'scenarios': ['some-keys-unset'], 'reason': 'fixed long ago'})\n"
      "for g in d['gaps']:\n"
      "  if g['structure'] == 'ActiveRun' and g['field'] == 'id' and g['rule'] == 'renamed': g['reason'] = 'mine'");
  const std::string edited = read_text(path("reports/known-gaps.json"));
  const CommandResult dry = check({"--update-known-gaps", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 1);
  EXPECT_EQ(read_text(path("reports/known-gaps.json")), edited) << "a dry run writes nothing";
  for (const std::string expected :
       {"reports/known-gaps.json: added WorkerResult/remotes/value-mismatch (write its reason)",
        "reports/known-gaps.json: removed VcsInfo/subpath/wrong-type (no longer occurs; it occurred in "
        "some-keys-unset)",
        "reports/known-gaps.json: 1 added, 1 removed, 0 updated — dry run, nothing written"}) {
    EXPECT_NE(dry.out.find(expected), std::string::npos) << expected << "\n" << dry.out;
  }
  const CommandResult result = check({"--update-known-gaps"});
  EXPECT_EQ(result.exit_code, 1) << "the new entry's reason is still to write";
  EXPECT_NE(result.out.find("1 added, 1 removed, 0 updated — written"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("known gap WorkerResult/remotes/value-mismatch has no reason yet"), std::string::npos)
      << result.out;
  const json::Document rewritten = json::load_file(path("reports/known-gaps.json"));
  std::size_t todo = 0;
  bool kept = false;
  for (const auto& gap : rewritten.root()["gaps"].GetArray()) {
    todo += std::string(gap["reason"].GetString()) == "TODO: explain";
    kept = kept || std::string(gap["reason"].GetString()) == "mine";
  }
  EXPECT_EQ(todo, 1U);
  EXPECT_TRUE(kept) << "an existing reason is never rewritten";
}

// Regression: a new scenario in which VcsInfo.vcs_type differs in value made
// check call the field's presence-mismatch gap (still shown by no-keys-set)
// "fixed", and --update-known-gaps replaced its reason with a TODO.
TEST_F(GateProject, ANewScenarioWithAnotherRuleAddsAFindingAndFixesNothing) {
  for (const auto& [side, text] :
       {std::pair<std::string, std::string>{"python", R"({"branch_url": "https://example.org/a", "vcs_type": "git"})"},
        std::pair<std::string, std::string>{
            "rust", R"({"branch_url": "https://example.org/a", "subpath": null, "vcs_type": "bzr"})"}}) {
    const CommandResult recorded =
        run_portcheck({"record", "--side", side, "--structure", "VcsInfo", "--scenario", "vcs-type-differs", "-"},
                      project.path(), text);
    ASSERT_EQ(recorded.exit_code, 0) << recorded.out << recorded.err;
  }
  ASSERT_EQ(run_portcheck({"report"}, project.path()).exit_code, 0);
  const std::string before = read_text(path("reports/known-gaps.json"));
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("error: VcsInfo.vcs_type: value-mismatch (warning) is not in reports/known-gaps.json"),
            std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("no longer occurs"), std::string::npos) << "the presence-mismatch still occurs\n"
                                                                    << result.out;
  const CommandResult update = check({"--update-known-gaps"});
  EXPECT_NE(update.out.find("added VcsInfo/vcs_type/value-mismatch"), std::string::npos) << update.out;
  const json::Document old_list = json::parse(before, "before");
  const json::Document new_list = json::load_file(path("reports/known-gaps.json"));
  const auto reason_of = [](const json::Document& list, const std::string& rule) -> std::string {
    for (const auto& gap : list.root()["gaps"].GetArray()) {
      if (std::string(gap["structure"].GetString()) == "VcsInfo" &&
          std::string(gap["field"].GetString()) == "vcs_type" && rule == gap["rule"].GetString()) {
        return gap["reason"].GetString();
      }
    }
    return "(none)";
  };
  EXPECT_EQ(reason_of(new_list, "presence-mismatch"), reason_of(old_list, "presence-mismatch"));
  EXPECT_NE(reason_of(new_list, "presence-mismatch"), "TODO: explain");
  EXPECT_EQ(reason_of(new_list, "value-mismatch"), "TODO: explain");
}

// Regression: removing a structure from the manifest made report drop it
// silently and check pass with its fixtures unchecked.
TEST_F(GateProject, AStructureOutsideTheManifestIsAnErrorEverywhere) {
  write_file(path("edit-manifest.py"),
             "import json\np='schemas/manifest.json'\nd=json.load(open(p))\ndel d['structures']['VcsInfo']\n"
             "json.dump(d, open(p, 'w'), indent=2)\n");
  ASSERT_EQ(std::system(("cd '" + project.path().string() + "' && python3 edit-manifest.py").c_str()), 0);
  const CommandResult checked = check({"--quiet"});
  EXPECT_EQ(checked.exit_code, 1);
  for (const std::string expected :
       {"fixtures/python/VcsInfo: error: VcsInfo is not a structure of the manifest; nothing checks it",
        "fixtures/rust/VcsInfo: error: VcsInfo is not a structure of the manifest",
        "schemas/python/VcsInfo.schema.json:1:1: error: VcsInfo is not a structure of the manifest",
        "fixtures/scenarios/VcsInfo.json:1:1: error: VcsInfo is not a structure of the manifest",
        "reports/claims.json:"}) {
    EXPECT_NE(checked.out.find(expected), std::string::npos) << expected << "\n" << checked.out;
  }
  const CommandResult reported = run_portcheck({"report", "--output", path("out").string()}, project.path());
  EXPECT_EQ(reported.exit_code, 2);
  EXPECT_NE(
      reported.err.find("fixtures/python/VcsInfo: fixture folder: the manifest declares no structure \"VcsInfo\""),
      std::string::npos)
      << reported.err;
  EXPECT_FALSE(std::filesystem::exists(path("out"))) << "nothing written";
  const CommandResult validated = run_portcheck({"validate", "--all"}, project.path());
  EXPECT_EQ(validated.exit_code, 1);
  EXPECT_NE(validated.out.find("schemas/rust/VcsInfo.schema.json: schema: the manifest declares no structure"),
            std::string::npos)
      << validated.out;
}

TEST(Fingerprint, IsStableAndDistinguishes) {
  EXPECT_EQ(compare::fingerprint("ActiveRun", "start_time", "naive-timestamp-unreadable"),
            compare::fingerprint("ActiveRun", "start_time", "naive-timestamp-unreadable"));
  EXPECT_EQ(compare::fingerprint("a", "b", "c").size(), 16U);
  EXPECT_NE(compare::fingerprint("ab", "c", "d"), compare::fingerprint("a", "bc", "d"));
  // Pinned: a fingerprint that changes between versions would orphan every
  // known-gaps entry.
  EXPECT_EQ(compare::fingerprint("ActiveRun", "start_time", "naive-timestamp-unreadable"), "c59acde08e233d3b");
}

// ------------------------------------------------------------------ output

TEST_F(GateProject, JunitOutputParsesWithMatchingCounts) {
  edit_known_gaps("d['gaps'] = d['gaps'][2:]");
  const CommandResult result = check({"--format", "junit"});
  EXPECT_EQ(result.exit_code, 1);
  write_file(path("out.xml"), result.out);
  write_file(path("count.py"),
             "import xml.etree.ElementTree as E\nr = E.parse('out.xml').getroot()\n"
             "c = r.findall('.//testcase')\nf = [x for x in c if x.find('failure') is not None]\n"
             "print(r.get('tests'), len(c), r.get('failures'), len(f))\n");
  const std::string command = "cd '" + project.path().string() + "' && python3 count.py > counts.txt";
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::istringstream counts(read_text(path("counts.txt")));
  std::string tests, cases, failures, failed;
  counts >> tests >> cases >> failures >> failed;
  EXPECT_EQ(tests, cases);
  EXPECT_EQ(failures, failed);
  EXPECT_EQ(failures, "2");
  EXPECT_NE(result.err.find("— FAILED"), std::string::npos) << "the summary goes to the log";
}

TEST_F(GateProject, GithubAnnotationsPointAtARealLine) {
  edit_known_gaps("d['gaps'] = [g for g in d['gaps'] if (g['field'], g['rule']) != ('remotes', 'value-mismatch')]");
  const std::string summary_file = (project.path() / "step-summary.md").string();
  const std::string command = "cd '" + project.path().string() + "' && GITHUB_STEP_SUMMARY='" + summary_file + "' '" +
                              PORTCHECK_EXECUTABLE + "' check --format github > out.txt 2>err.txt";
  EXPECT_EQ(WEXITSTATUS(std::system(command.c_str())), 1);
  const std::string out = read_text(path("out.txt"));
  const std::regex annotation(R"(::error file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+))");
  std::smatch match;
  std::istringstream lines(out);
  std::string line;
  bool found = false;
  while (std::getline(lines, line)) {
    if (!std::regex_match(line, match, annotation)) continue;
    found = true;
    EXPECT_EQ(match[4].str().find(','), std::string::npos) << "commas in properties are escaped";
    const std::string file = read_text(path(match[1].str()));
    std::istringstream file_lines(file);
    std::string text;
    for (int index = 0; index < std::stoi(match[2].str()); ++index) std::getline(file_lines, text);
    EXPECT_NE(text.find("\"remotes\""), std::string::npos) << "line " << match[2] << " is: " << text;
  }
  EXPECT_TRUE(found) << out;
  EXPECT_NE(read_text(summary_file).find("### portcheck check: FAILED"), std::string::npos);
}

TEST(Github, EscapesAndCapsAnnotations) {
  EXPECT_EQ(output::github_escape_data("50%\nnext"), "50%25%0Anext");
  EXPECT_EQ(output::github_escape_property("a:b,c"), "a%3Ab%2Cc");
  output::Outcome outcome;
  outcome.command = "check";
  for (int index = 0; index < 13; ++index) {
    output::Problem problem;
    problem.title = "problem " + std::to_string(index);
    outcome.problems.push_back(problem);
  }
  output::RenderOptions options;
  options.format = output::Format::github;
  std::string log;
  const std::string out = output::render(outcome, options, log);
  std::size_t annotations = 0;
  for (std::size_t at = out.find("::error"); at != std::string::npos; at = out.find("::error", at + 1)) ++annotations;
  EXPECT_EQ(annotations, 10U);
  EXPECT_NE(out.find("3 more errors not annotated"), std::string::npos) << out;
}

TEST_F(GateProject, NoEscapeCodesWithoutATerminalOrWithNoColor) {
  edit_known_gaps("d['gaps'] = d['gaps'][1:]");
  EXPECT_EQ(check().out.find('\033'), std::string::npos) << "not a terminal";
  // Under a pseudo-terminal, colour appears, unless NO_COLOR is set.
  const auto under_terminal = [&](const std::string& environment) {
    const std::string command = "cd '" + project.path().string() + "' && " + environment + " script -qec \"'" +
                                PORTCHECK_EXECUTABLE + "' check\" /dev/null > tty.txt";
    std::system(command.c_str());
    return read_text(path("tty.txt"));
  };
  EXPECT_NE(under_terminal("").find("\033[31m"), std::string::npos);
  EXPECT_EQ(under_terminal("NO_COLOR=1").find('\033'), std::string::npos);
}

TEST_F(GateProject, QuietPrintsOnlyFailures) {
  const std::string file = "fixtures/rust/VcsInfo/all-keys-set.json";
  const CommandResult diff_quiet =
      run_portcheck({"diff", "fixtures/python/VcsInfo/some-keys-unset.json",
                     "fixtures/rust/VcsInfo/some-keys-unset.json", "--structure", "VcsInfo", "--quiet"},
                    project.path());
  EXPECT_EQ(diff_quiet.exit_code, 0);
  EXPECT_EQ(diff_quiet.out.find("warning:"), std::string::npos) << diff_quiet.out;
  EXPECT_EQ(diff_quiet.out.find("FIELD"), std::string::npos) << "no table when quiet";
  const CommandResult diff_loud =
      run_portcheck({"diff", "fixtures/python/VcsInfo/some-keys-unset.json",
                     "fixtures/rust/VcsInfo/some-keys-unset.json", "--structure", "VcsInfo"},
                    project.path());
  EXPECT_NE(diff_loud.out.find("warning: VcsInfo.subpath: presence-mismatch"), std::string::npos) << diff_loud.out;
}

TEST_F(GateProject, JsonOutputCarriesTheProblems) {
  edit_known_gaps("d['gaps'] = d['gaps'][1:]");
  const CommandResult result = check({"--format", "json"});
  EXPECT_EQ(result.exit_code, 1);
  const json::Document document = json::parse(result.out, "stdout");
  EXPECT_STREQ(document.root()["result"].GetString(), "FAILED");
  ASSERT_EQ(document.root()["problems"].Size(), 1U);
  EXPECT_STREQ(document.root()["problems"][0]["level"].GetString(), "error");
}

// ------------------------------------------------------------------ schema-diff

TEST(SchemaDiff, FilesAndManifestPolicies) {
  const TempDir folders;
  write_file(folders.path() / "old/rust/Gone.schema.json", R"({"type": "object"})");
  write_file(folders.path() / "new/rust/New.schema.json", R"({"type": "object"})");
  write_file(folders.path() / "old/manifest.json", R"({"sides": {"rust": {"unknown_keys": "ignore"}}})");
  write_file(folders.path() / "new/manifest.json", R"({"sides": {"rust": {"unknown_keys": "reject"}}})");
  const auto changes = schema_diff::diff_schema_folders(folders.path() / "old", folders.path() / "new");
  std::set<std::string> seen;
  for (const auto& change : changes) seen.insert(rules::rule_id(change.rule) + (change.breaking ? "!" : ""));
  EXPECT_EQ(seen, (std::set<std::string>{"unknown-keys-rejected!", "schema-removed!", "schema-added"}));
}

class SchemaDiffRepository : public testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::copy(source_dir() / "schemas", repository.path() / "schemas",
                          std::filesystem::copy_options::recursive);
    git("init -q && git add schemas && git -c user.name=t -c user.email=t@t commit -qm schemas");
  }
  void git(const std::string& arguments) {
    const std::string command = "cd '" + repository.path().string() + "' && git " + arguments + " > /dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << arguments;
  }
  void remove_url_property() {
    const auto file = repository.path() / "schemas/rust/ResultRemote.schema.json";
    std::string text = read_text(file);
    const std::string property = R"("url": {"type": "string", "x-source-type": "String"})";
    text.replace(text.find(property), property.size(), "");
    write_file(file, text);
  }
  TempDir repository;
};

TEST_F(SchemaDiffRepository, UnchangedSchemasPass) {
  const CommandResult result = run_portcheck({"schema-diff", "git:HEAD", "schemas"}, repository.path());
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  // Twelve structures, whatever the number of schema files (one per side).
  EXPECT_NE(result.out.find("portcheck: 12 structures, 0 schema changes (0 breaking, 0 acknowledged, 0 non-breaking)"),
            std::string::npos)
      << result.out;
}

TEST_F(SchemaDiffRepository, RemovedPropertyIsBreakingAndNamed) {
  remove_url_property();
  const CommandResult result = run_portcheck({"schema-diff", "git:HEAD", "schemas"}, repository.path());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("schemas/rust/ResultRemote.schema.json:6:3: error: rust/ResultRemote.schema.json "
                            "/properties/url: property-removed (breaking)"),
            std::string::npos)
      << result.out;
  // Between two revisions, too.
  git("-c user.name=t -c user.email=t@t commit -qam 'remove url'");
  const CommandResult revisions = run_portcheck({"schema-diff", "git:HEAD~1", "git:HEAD"}, repository.path());
  EXPECT_EQ(revisions.exit_code, 1);
  EXPECT_NE(revisions.out.find("property-removed (breaking)"), std::string::npos) << revisions.out;
}

TEST_F(SchemaDiffRepository, AllowFileAcknowledgesAndMustNotGoStale) {
  remove_url_property();
  write_file(repository.path() / "allow.json",
             R"({"allow": [{"file": "rust/ResultRemote.schema.json", "pointer": "/properties/url",
                 "rule": "property-removed", "reason": "ResultRemote now carries only a name"}]})");
  const CommandResult allowed =
      run_portcheck({"schema-diff", "git:HEAD", "schemas", "--allow", "allow.json"}, repository.path());
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
  EXPECT_NE(allowed.out.find("acknowledged: ResultRemote now carries only a name"), std::string::npos);
  git("checkout schemas");
  const CommandResult stale =
      run_portcheck({"schema-diff", "git:HEAD", "schemas", "--allow", "allow.json"}, repository.path());
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_NE(stale.out.find("matches no change: delete it"), std::string::npos) << stale.out;
  // Named at the entry itself: a GitHub annotation's columns start at 1.
  EXPECT_NE(stale.out.find("allow.json:1:12: error: allowance for"), std::string::npos) << stale.out;
  const CommandResult github = run_portcheck(
      {"schema-diff", "git:HEAD", "schemas", "--allow", "allow.json", "--format", "github"}, repository.path());
  EXPECT_NE(github.out.find("::error file=allow.json,line=1,col=12,"), std::string::npos) << github.out;
}

// An allowance names a schema change; another rule would never match one.
TEST_F(SchemaDiffRepository, AnAllowanceWhoseRuleIsNoSchemaChangeIsAnInputError) {
  write_file(repository.path() / "allow.json",
             R"({"allow": [{"file": "rust/ResultRemote.schema.json", "pointer": "/properties/url",
                 "rule": "missing-required-key", "reason": "a finding's rule, not a change's"}]})");
  const CommandResult result =
      run_portcheck({"schema-diff", "git:HEAD", "schemas", "--allow", "allow.json"}, repository.path());
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.err.find("allow.json:2:18: at /allow/0/rule: \"missing-required-key\" is not a schema change"),
            std::string::npos)
      << result.err;
}

TEST_F(SchemaDiffRepository, UnknownRevisionExitsTwo) {
  const CommandResult result = run_portcheck({"schema-diff", "git:no-such-rev", "schemas"}, repository.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("git:no-such-rev: the repository holding . has no commit named \"no-such-rev\""),
            std::string::npos)
      << result.err;
}

// schema-diff once classified what is no schema at all as changes: a
// "type" of 5 was "type-widened" and PASSED, a $ref cycle or a $ref to no
// file "constraint-added"; a manifest that is a list, or a schema that is a
// loop of links, was an internal error.
TEST_F(SchemaDiffRepository, SchemasThatPortcheckCannotReadAreInputErrorsAtTheirPlace) {
  const std::filesystem::path file = repository.path() / "schemas/python/VcsInfo.schema.json";
  const std::string committed = read_text(file);
  const std::string vcs_type = R"("vcs_type": {)";
  ASSERT_NE(committed.find(vcs_type), std::string::npos);
  const auto with_vcs_type = [&](const std::string& schema) {
    std::string text = committed;
    const std::size_t at = text.find(vcs_type);
    // The property's own schema becomes `schema`, its old keywords kept
    // after it only as an unknown key's value.
    text.replace(at, vcs_type.size(), "\"vcs_type\": " + schema + ", \"old\": {");
    return text;
  };
  const std::vector<std::pair<std::string, std::string>> cases{
      {with_vcs_type(R"({"type": 5})"), "at /properties/vcs_type/type: \"type\" must be a JSON type name"},
      {with_vcs_type(R"({"type": ["string", "string"]})"),
       "at /properties/vcs_type/type/1: \"string\" is listed twice"},
      {with_vcs_type(R"({"$ref": "#/properties/vcs_type"})"), "$ref cycle"},
      {with_vcs_type(R"({"$ref": "nothere.json#/x"})"), "there is no file"},
      {"[1, 2, 3]", "VcsInfo.schema.json:1:1: at (root): a schema must be a JSON object"}};
  for (const auto& [text, expected] : cases) {
    write_file(file, text);
    const CommandResult result = run_portcheck({"schema-diff", "git:HEAD", "schemas"}, repository.path());
    EXPECT_EQ(result.exit_code, 2) << expected << "\n" << result.out;
    EXPECT_NE(result.err.find(expected), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("internal error"), std::string::npos) << result.err;
  }
  write_file(file, committed);
  std::filesystem::remove(file);
  std::filesystem::create_symlink("VcsInfo.schema.json", file);
  const CommandResult loop = run_portcheck({"schema-diff", "git:HEAD", "schemas"}, repository.path());
  EXPECT_EQ(loop.exit_code, 2);
  EXPECT_NE(loop.err.find("does not exist (Too many levels of symbolic links)"), std::string::npos) << loop.err;
  std::filesystem::remove(file);
  write_file(file, committed);
  write_file(repository.path() / "schemas/manifest.json", "[]");
  const CommandResult manifest = run_portcheck({"schema-diff", "git:HEAD", "schemas"}, repository.path());
  EXPECT_EQ(manifest.exit_code, 2);
  EXPECT_NE(manifest.err.find("schemas/manifest.json:1:1: at (root): must be an object"), std::string::npos)
      << manifest.err;
  // A schema file of no declared structure, or any other file, is no
  // change either: loose files are checked as schemas.
  const std::string broken_manifest = read_text(repository.path() / "schemas/manifest.json");
  git("checkout schemas/manifest.json");
  write_file(repository.path() / "schemas/python/Bogus.schema.json", R"({"type": "nonsense"})");
  const CommandResult bogus = run_portcheck({"schema-diff", "git:HEAD", "schemas"}, repository.path());
  EXPECT_EQ(bogus.exit_code, 2) << bogus.out;
  EXPECT_NE(bogus.err.find("Bogus"), std::string::npos) << bogus.err;
  std::filesystem::remove(repository.path() / "schemas/python/Bogus.schema.json");
  write_file(repository.path() / "schemas/sub/thing.json",
             R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "nonsense"})");
  const CommandResult loose = run_portcheck({"schema-diff", "git:HEAD", "schemas"}, repository.path());
  EXPECT_EQ(loose.exit_code, 2) << loose.out;
  EXPECT_NE(loose.err.find("schemas/sub/thing.json:1:"), std::string::npos) << loose.err;
  std::filesystem::remove_all(repository.path() / "schemas/sub");
  write_file(repository.path() / "schemas/manifest.json", broken_manifest);
  // An error in the revision's own schemas names it as git:REV:path.
  git("commit -qam broken");
  const CommandResult old = run_portcheck({"schema-diff", "git:HEAD", "git:HEAD~1"}, repository.path());
  EXPECT_EQ(old.exit_code, 2);
  EXPECT_NE(old.err.find("git:HEAD:manifest.json:1:1:"), std::string::npos) << old.err;
}

// git:REV once went through `git archive` with a path taken from the
// current folder (a project in a subfolder of its repository could not be
// read) and applying .gitattributes (export-ignore dropped a committed
// schema, reported as added).
TEST_F(SchemaDiffRepository, ARevisionIsReadAsCommittedFromAProjectInASubfolder) {
  const std::filesystem::path sub = repository.path() / "sub";
  std::filesystem::create_directories(sub);
  git("mv schemas sub/schemas && git -c user.name=t -c user.email=t@t commit -qm moved");
  write_file(repository.path() / ".gitattributes", "sub/schemas/python/VcsInfo.schema.json export-ignore\n");
  git("add .gitattributes && git -c user.name=t -c user.email=t@t commit -qm attributes");
  const CommandResult result = run_portcheck({"schema-diff", "git:HEAD", "schemas"}, sub);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find(" 0 schema changes"), std::string::npos) << result.out;
  // A committed link out of the revision would read this machine's file.
  std::filesystem::create_symlink("/etc/hostname", sub / "schemas/python/Out.schema.json");
  git("add -A && git -c user.name=t -c user.email=t@t commit -qm link");
  const CommandResult out = run_portcheck({"schema-diff", "git:HEAD", "git:HEAD"}, sub);
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("is a link out of the revision's schemas (to /etc/hostname)"), std::string::npos) << out.err;
}

}  // namespace
}  // namespace portcheck::test
