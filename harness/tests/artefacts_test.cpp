// What other tools read from portcheck, checked with those tools' own
// schemas: SARIF 2.1.0 (OASIS), JUnit (Jenkins junit-4 and the xUnit
// plugin's junit-10, with xmllint), and portcheck's JSON outputs against the
// schemas it publishes; for a command that passes, one that fails and one
// that cannot run. Also the command-line basics every command shares.

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "json/document.hpp"
#include "output/outcome.hpp"
#include "rules/rules.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

std::filesystem::path formats_dir() { return source_dir() / "harness/tests/data/formats"; }
std::filesystem::path output_schemas_dir() { return source_dir() / "harness/output-schemas"; }

/// Empty when `text` is valid against the XML Schema; else xmllint's words.
std::string xsd_errors(const std::string& xsd, const std::string& text) {
  const TempDir scratch;
  write_file(scratch.path() / "junit.xml", text);
  const CommandResult result = shell("xmllint --noout --schema '" + (formats_dir() / xsd).string() + "' '" +
                                     (scratch.path() / "junit.xml").string() + "'");
  return result.exit_code == 0 ? "" : result.out;
}

void expect_valid_junit(const std::string& text, const std::string& what) {
  EXPECT_EQ(xsd_errors("junit-4.xsd", text), "") << what << "\n" << text;
  EXPECT_EQ(xsd_errors("junit-10.xsd", text), "") << what << "\n" << text;
}

void expect_valid_sarif(const std::string& text, const std::string& what) {
  EXPECT_EQ(json_schema_errors(formats_dir() / "sarif-schema-2.1.0.json", text), "") << what << "\n" << text;
}

void expect_valid_outcome(const std::string& text, const std::string& what) {
  EXPECT_EQ(json_schema_errors(output_schemas_dir() / "outcome.schema.json", text), "") << what << "\n" << text;
}

/// JUnit test cases as "classname\tname" → "passed", "failure" or "error".
std::map<std::string, std::string> junit_cases(const std::string& text) {
  std::map<std::string, std::string> cases;
  const std::regex testcase(R"re(<testcase classname="([^"]*)" name="([^"]*)"(/>|>\s*<(failure|error|system-out)))re");
  for (auto match = std::sregex_iterator(text.begin(), text.end(), testcase); match != std::sregex_iterator();
       ++match) {
    const std::string child = (*match)[4].str();
    cases[(*match)[1].str() + "\t" + (*match)[2].str()] = child == "failure" || child == "error" ? child : "passed";
  }
  return cases;
}

/// A copy of the project to break on purpose.
class ArtefactProject : public testing::Test {
 protected:
  void SetUp() override {
    for (const char* folder : {"schemas", "fixtures", "reports"}) {
      std::filesystem::copy(source_dir() / folder, project.path() / folder, std::filesystem::copy_options::recursive);
    }
  }
  CommandResult run(const std::vector<std::string>& arguments) { return run_portcheck(arguments, project.path()); }
  /// A scripts/capture that runs `before`, "captures" the committed evidence
  /// as it is, then runs `after` on it (shell lines; $4 is the output folder,
  /// $root the project).
  void fake_capture(const std::string& before, const std::string& after) {
    write_file(project.path() / "scripts/capture",
               "#!/bin/sh\n# --source S --output O --timeout T\nroot=\"$(dirname \"$0\")/..\"\n" + before +
                   "mkdir -p \"$4\"\nfor side in python rust channels; do cp -R \"$root/fixtures/$side\" \"$4/\"; "
                   "done\n" +
                   after);
    std::filesystem::permissions(project.path() / "scripts/capture", std::filesystem::perms::owner_all);
  }
  /// Drops the known gaps of one field: its findings become new.
  void unlist(const std::string& structure, const std::string& field) {
    write_file(project.path() / "edit.py",
               "import json\np='reports/known-gaps.json'\nd=json.load(open(p))\n"
               "d['gaps'] = [g for g in d['gaps'] if not (g['structure'] == '" +
                   structure + "' and g['field'] == '" + field + "')]\njson.dump(d, open(p, 'w'), indent=2)\n");
    ASSERT_EQ(std::system(("cd '" + project.path().string() + "' && python3 edit.py").c_str()), 0);
    // The reports show known-gap status: made again, only the list is judged.
    ASSERT_EQ(run_portcheck({"report"}, project.path()).exit_code, 0);
  }
  TempDir project;
};

TEST_F(ArtefactProject, CheckArtefactsAreValidWhenPassingFailingAndUnableToRun) {
  for (const std::string state : {"passing", "failing", "error"}) {
    if (state == "failing") unlist("ActiveRun", "start_time");
    if (state == "error") write_file(project.path() / "reports/known-gaps.json", "{\"gaps\": [");
    const int expected_exit = state == "passing" ? 0 : state == "failing" ? 1 : 2;
    const CommandResult json_result = run({"check", "--format", "json"});
    EXPECT_EQ(json_result.exit_code, expected_exit) << state << json_result.err;
    expect_valid_outcome(json_result.out, "check json, " + state);
    const CommandResult junit = run({"check", "--format", "junit"});
    EXPECT_EQ(junit.exit_code, expected_exit) << state;
    expect_valid_junit(junit.out, "check junit, " + state);
    const CommandResult sarif = run({"check", "--format", "sarif"});
    EXPECT_EQ(sarif.exit_code, expected_exit) << state;
    expect_valid_sarif(sarif.out, "check sarif, " + state);
    const CommandResult github = run({"check", "--format", "github"});
    EXPECT_EQ(github.exit_code, expected_exit) << state;
    if (state == "error") {
      const json::Document document = json::parse(json_result.out, "stdout");
      EXPECT_STREQ(document.root()["result"].GetString(), "ERROR");
      EXPECT_STREQ(document.root()["problems"][0]["file"].GetString(), "reports/known-gaps.json");
      EXPECT_NE(junit.out.find("errors=\"1\""), std::string::npos) << junit.out;
      EXPECT_NE(junit.out.find("<error type=\"could-not-run\""), std::string::npos) << junit.out;
      EXPECT_NE(sarif.out.find("\"executionSuccessful\": false"), std::string::npos) << sarif.out;
      EXPECT_TRUE(github.out.starts_with("::error file=reports/known-gaps.json,line=1,col=11,")) << github.out;
      EXPECT_NE(github.err.find("portcheck: error: reports/known-gaps.json:1:11:"), std::string::npos) << github.err;
    }
  }
}

// A usage error once wrote nothing in the format asked for (`check --format
// junit --fail-on bogus > check.xml` left an empty file), and an input
// error's JSON Pointer reached only standard error.
TEST_F(ArtefactProject, UsageAndInputErrorsLeaveAValidDocumentThatNamesThePlace) {
  for (const std::vector<std::string>& usage :
       {std::vector<std::string>{"check", "--fail-on", "bogus"}, std::vector<std::string>{"check", "--no-such-option"},
        std::vector<std::string>{"scan", "--side", "python", "--structure", "VcsInfo", "--jobs", "0", "x.jsonl"}}) {
    for (const char* format : {"json", "junit", "sarif", "github"}) {
      std::vector<std::string> arguments = usage;
      arguments.insert(arguments.begin() + 1, {"--format", format});
      const CommandResult result = run(arguments);
      EXPECT_EQ(result.exit_code, 2) << usage[1] << " " << format;
      const std::string what = usage[0] + " " + usage[1] + ", " + format;
      if (std::string(format) == "json") expect_valid_outcome(result.out, what);
      if (std::string(format) == "junit") expect_valid_junit(result.out, what);
      if (std::string(format) == "sarif") expect_valid_sarif(result.out, what);
      if (std::string(format) == "github") {
        EXPECT_TRUE(result.out.starts_with("::error ")) << result.out;
      }
      EXPECT_NE(result.out.find("usage: "), std::string::npos) << what << "\n" << result.out;
    }
  }
  const CommandResult text = run({"check", "--fail-on", "bogus"});
  EXPECT_EQ(text.out, "") << "text prints the error on standard error only";
  // An input error's pointer is in every document's message, as on standard error.
  write_file(project.path() / "reports/known-gaps.json", "{\"gaps\": [{\"structure\": 5}]}");
  for (const char* format : {"json", "junit", "sarif", "github"}) {
    const CommandResult result = run({"check", "--format", format});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.out.find("at /gaps/0/structure: "), std::string::npos) << format << "\n" << result.out;
  }
}

// Testcases kept their identity only while they passed: a failing one was
// renamed after its rule (classname "passed" vs "naive-timestamp-unreadable").
TEST_F(ArtefactProject, JunitCasesKeepTheirIdentityWhenTheyFail) {
  const std::map<std::string, std::string> passing = junit_cases(run({"check", "--format", "junit"}).out);
  unlist("ActiveRun", "start_time");
  const std::map<std::string, std::string> failing = junit_cases(run({"check", "--format", "junit"}).out);
  ASSERT_GT(passing.size(), 300U);
  std::set<std::string> before, after, failed;
  for (const auto& [identity, status] : passing) before.insert(identity);
  for (const auto& [identity, status] : failing) {
    after.insert(identity);
    if (status == "failure") failed.insert(identity);
  }
  EXPECT_EQ(before, after);
  ASSERT_FALSE(failed.empty());
  for (const std::string& identity : failed) {
    EXPECT_TRUE(identity.starts_with("known gap\tActiveRun/start_time/")) << identity;
    EXPECT_EQ(passing.at(identity), "passed") << identity;
  }
  const std::string junit = run({"check", "--format", "junit"}).out;
  EXPECT_TRUE(std::regex_search(
      junit, std::regex(R"(<testsuite name="check" tests="\d+" failures="\d+" errors="0" time="[0-9]+\.[0-9]{3}")")))
      << junit.substr(0, 400);
}

TEST_F(ArtefactProject, SarifResultsCarryRulesFingerprintsAndLines) {
  unlist("ActiveRun", "start_time");
  const CommandResult result = run({"check", "--format", "sarif"});
  EXPECT_EQ(result.exit_code, 1);
  const json::Document document = json::parse(result.out, "stdout");
  const rapidjson::Value& run_value = document.root()["runs"][0];
  const rapidjson::Value& rules = run_value["tool"]["driver"]["rules"];
  const rapidjson::Value& results = run_value["results"];
  ASSERT_GT(results.Size(), 0U);
  std::size_t failing = 0;
  for (const auto& entry : results.GetArray()) {
    const std::string rule = entry["ruleId"].GetString();
    EXPECT_EQ(rules[entry["ruleIndex"].GetUint()]["id"].GetString(), rule);
    // The other findings pass: accepted (suppressed) or info.
    if (entry.HasMember("suppressions") || std::string(entry["level"].GetString()) == "note") continue;
    ++failing;
    EXPECT_FALSE(std::string(rules[entry["ruleIndex"].GetUint()]["shortDescription"]["text"].GetString()).empty());
    // The fingerprint is the finding's, as the check's message states it.
    const std::string fingerprint = entry["partialFingerprints"]["portcheck/v1"].GetString();
    EXPECT_NE(std::string(entry["message"]["text"].GetString()).find("fingerprint " + fingerprint), std::string::npos);
    const rapidjson::Value& location = entry["locations"][0]["physicalLocation"];
    EXPECT_STREQ(location["artifactLocation"]["uriBaseId"].GetString(), "PROJECTROOT");
    const std::string uri = location["artifactLocation"]["uri"].GetString();
    EXPECT_TRUE(uri.starts_with("fixtures/")) << uri;
    // The line named holds the field.
    std::istringstream lines(read_text(project.path() / uri));
    std::string line;
    for (unsigned index = 0; index < location["region"]["startLine"].GetUint(); ++index) std::getline(lines, line);
    EXPECT_NE(line.find("\"start_time\""), std::string::npos) << uri << ": " << line;
  }
  EXPECT_GT(failing, 0U);
}

// Code scanning shows every finding: those accepted as known gaps suppressed
// with the list's reason (kind external), the others as results.
TEST_F(ArtefactProject, SarifListsEveryFindingWithKnownGapsSuppressed) {
  const json::Document outcome = json::parse(run({"check", "--format", "json"}).out, "json");
  const CommandResult result = run({"check", "--format", "sarif"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_valid_sarif(result.out, "check sarif on the committed project");
  std::map<std::string, std::string> reasons;  // fingerprint → reason
  const json::Document gaps = json::load_file(project.path() / "reports/known-gaps.json");
  for (const auto& gap : gaps.root()["gaps"].GetArray()) reasons[gap["fingerprint"].GetString()] = gap["reason"].GetString();
  const json::Document document = json::parse(result.out, "sarif");
  const rapidjson::Value& results = document.root()["runs"][0]["results"];
  const rapidjson::Value& counts = outcome.root()["counts"];
  EXPECT_EQ(results.Size(), counts["findings"].GetUint());
  std::size_t suppressed = 0;
  for (const auto& entry : results.GetArray()) {
    if (!entry.HasMember("suppressions")) {
      // Not accepted, and the check passed: below --fail-on.
      EXPECT_STREQ(entry["level"].GetString(), "note") << entry["message"]["text"].GetString();
      continue;
    }
    ++suppressed;
    const rapidjson::Value& suppression = entry["suppressions"][0];
    EXPECT_STREQ(suppression["kind"].GetString(), "external");
    const std::string fingerprint = entry["partialFingerprints"]["portcheck/v1"].GetString();
    ASSERT_TRUE(reasons.contains(fingerprint)) << fingerprint;
    EXPECT_EQ(suppression["justification"].GetString(), reasons.at(fingerprint));
  }
  EXPECT_EQ(suppressed, counts["known_gaps"].GetUint() - counts["known_gaps_need_database"].GetUint());
  EXPECT_GT(suppressed, 100U);
}

// With --source, each finding's result says how it stands with the
// recaptured evidence (baselineState): here a capture whose tree no longer
// defines Rust's ActiveRun, so its definition-missing finding is new and the
// findings its Rust fixtures gave are gone or changed; the others unchanged.
TEST_F(ArtefactProject, SarifWithSourceGivesEachFindingItsBaselineState) {
  fake_capture("", "rm -rf \"$4/rust/ActiveRun\"\npython3 \"$root/forget.py\" \"$4/rust/capture.json\"\n");
  write_file(project.path() / "forget.py",
             "import json, sys\nd = json.load(open(sys.argv[1]))\n"
             "d['structures']['ActiveRun'] = {'outcome': 'definition-missing', 'located': [{'outcome': "
             "'definition-missing', 'item': 'ActiveRun', 'file': 'runner/src/lib.rs', 'reason': 'gone'}]}\n"
             "json.dump(d, open(sys.argv[1], 'w'), indent=2, sort_keys=True)\n");
  const CommandResult result = run({"check", "--source", project.path().string(), "--format", "sarif"});
  ASSERT_EQ(result.exit_code, 1) << result.err;
  expect_valid_sarif(result.out, "check --source sarif");
  const json::Document document = json::parse(result.out, "sarif");
  std::map<std::string, std::size_t> states;
  std::set<std::string> fingerprints;
  bool missing_is_new = false;
  for (const auto& entry : document.root()["runs"][0]["results"].GetArray()) {
    const std::string rule = entry["ruleId"].GetString();
    const bool finding = rules::is_finding(rules::rule_info(*rules::parse_rule(rule)).kind);
    // Gate problems (the drift itself) have no baseline; every finding has one.
    ASSERT_EQ(entry.HasMember("baselineState"), finding) << rule;
    if (!finding) continue;
    const std::string state = entry["baselineState"].GetString();
    ++states[state];
    if (rule == "definition-missing" && state == "new") missing_is_new = true;
    // One result per finding: an absent or updated one is not listed again.
    EXPECT_TRUE(fingerprints.insert(entry["partialFingerprints"]["portcheck/v1"].GetString()).second) << rule;
  }
  EXPECT_TRUE(missing_is_new);
  EXPECT_GT(states["unchanged"], 100U);
  EXPECT_GT(states["absent"] + states["updated"], 0U);
  EXPECT_EQ(states.size(),
            states.count("new") + states.count("unchanged") + states.count("absent") + states.count("updated"));
  // Without --source, no result has a baseline.
  EXPECT_EQ(run({"check", "--format", "sarif"}).out.find("baselineState"), std::string::npos);
}

// Evidence captured from a tree that lacked a file the manifest lists says
// so where the channels are reported, not only in the capture's record.
TEST_F(ArtefactProject, AListedFileTheSourceLackedIsNamedInTheChannelsReport) {
  write_file(project.path() / "lack.py",
             "import json\np = 'fixtures/channels/channels.json'\nd = json.load(open(p))\n"
             "d['missing'] = [{'file': 'site/api.py', 'listed_in': 'channels.consumers.site.files', 'outcome': "
             "'definition-missing', 'reason': 'site/api.py: listed in the manifest, missing from the tree'}]\n"
             "json.dump(d, open(p, 'w'), indent=2, sort_keys=True)\n");
  ASSERT_EQ(std::system(("cd '" + project.path().string() + "' && python3 lack.py").c_str()), 0);
  ASSERT_EQ(run({"report", "--quiet"}).exit_code, 0);
  for (const char* report : {"reports/compatibility.md", "reports/compatibility.html"}) {
    EXPECT_NE(read_text(project.path() / report).find("Not read (definition-missing):"), std::string::npos) << report;
    EXPECT_NE(read_text(project.path() / report).find("site/api.py: listed in the manifest, missing from the tree"),
              std::string::npos)
        << report;
  }
  // Near miss: the committed reports say nothing of it.
  EXPECT_EQ(read_text(source_dir() / "reports/compatibility.md").find("Not read (definition-missing)"),
            std::string::npos);
}

// check --source says what the capture is doing while it waits, on a
// terminal only: the step the capture last named and the seconds so far.
TEST_F(ArtefactProject, CheckWithSourceShowsTheCapturesStepOnATerminal) {
  fake_capture("echo 'progress: rust: writing ActiveRun' >&2\nsleep 1\n", "");
  const std::string command = "cd '" + project.path().string() + "' && '" + PORTCHECK_EXECUTABLE +
                              "' check --source '" + project.path().string() + "'";
  // script(1) gives the command a terminal; its output is what the terminal showed.
  const CommandResult terminal = shell("script -qec \"" + command + "\" /dev/null");
  EXPECT_EQ(terminal.exit_code, 0) << terminal.out;
  EXPECT_NE(terminal.out.find("\rcapturing from " + project.path().string() + ": 0 s: rust: writing ActiveRun"),
            std::string::npos)
      << terminal.out;
  EXPECT_NE(terminal.out.find("\r\033[K"), std::string::npos) << "the progress line is erased at the end";
  // Not a terminal (a CI log), or --quiet: no progress line.
  const CommandResult logged = shell(command);
  EXPECT_EQ(logged.exit_code, 0) << logged.out;
  EXPECT_EQ(logged.out.find("capturing from"), std::string::npos) << logged.out;
  const CommandResult quiet = shell("script -qec \"" + command + " --quiet\" /dev/null");
  EXPECT_EQ(quiet.out.find("capturing from"), std::string::npos) << quiet.out;
}

TEST(Artefacts, DiffFormatsAreValidAndStandardInputWorks) {
  const std::vector<std::string> documents{"fixtures/python/ActiveRun/all-fields-set.json",
                                           "fixtures/rust/ActiveRun/all-fields-set.json"};
  const std::vector<std::string> base{"diff", documents[0], documents[1], "--structure", "ActiveRun"};
  const auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> arguments = base;
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_portcheck(arguments);
  };
  expect_valid_sarif(with({"--format", "sarif"}).out, "diff sarif");
  expect_valid_junit(with({"--format", "junit"}).out, "diff junit");
  const CommandResult json_result = with({"--format", "json"});
  EXPECT_EQ(json_schema_errors(output_schemas_dir() / "diff.schema.json", json_result.out), "");
  // Near miss: the diff schema does reject a document that is not a comparison.
  EXPECT_NE(json_schema_errors(output_schemas_dir() / "diff.schema.json", R"({"structure": 1})"), "");

  // `diff -` once failed where `validate -` worked.
  const CommandResult from_stdin = run_portcheck({"diff", "-", documents[1], "--structure", "ActiveRun"}, source_dir(),
                                                 read_text(source_dir() / documents[0]));
  const CommandResult from_file = with({});
  EXPECT_EQ(from_stdin.exit_code, from_file.exit_code);
  EXPECT_EQ(std::regex_replace(from_stdin.out, std::regex(R"(\(standard input\))"), documents[0]), from_file.out);
  const CommandResult both = run_portcheck({"diff", "-", "-", "--structure", "ActiveRun"}, source_dir(), "{}");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("only one of the two documents can be -"), std::string::npos) << both.err;
}

// Each finding was printed two or three times (table notes, readability,
// problems), and a 30 MB string three times in full.
TEST(Artefacts, DiffPrintsEachFindingOnceAndShortensLongValues) {
  const CommandResult result =
      run_portcheck({"diff", "fixtures/python/ActiveRun/all-fields-set.json",
                     "fixtures/rust/ActiveRun/all-fields-set.json", "--structure", "ActiveRun"});
  const std::string message = "is not in the timestamp-rfc3339 encoding";
  std::size_t count = 0;
  for (std::size_t at = result.out.find(message); at != std::string::npos; at = result.out.find(message, at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1U) << result.out;

  const TempDir scratch;
  const std::string long_value(200000, 'x');
  write_file(scratch.path() / "a.json", "{\"branch_url\": \"https://a/" + long_value + "\", \"vcs_type\": \"git\"}");
  write_file(scratch.path() / "b.json", "{\"branch_url\": \"https://b/" + long_value + "\", \"vcs_type\": \"git\"}");
  const std::vector<std::string> arguments{"diff", (scratch.path() / "a.json").string(),
                                           (scratch.path() / "b.json").string(), "--structure", "VcsInfo"};
  const CommandResult text = run_portcheck(arguments);
  EXPECT_LT(text.out.size(), 20000U) << text.out.substr(0, 2000);
  EXPECT_NE(text.out.find("more bytes; --format json has the whole text)"), std::string::npos)
      << text.out.substr(0, 4000);
  std::vector<std::string> json_arguments = arguments;
  json_arguments.insert(json_arguments.end(), {"--format", "json"});
  const CommandResult whole = run_portcheck(json_arguments);
  EXPECT_NE(whole.out.find("https://b/" + long_value), std::string::npos);
}

TEST(Artefacts, SchemaDiffScanAndReportArtefactsAreValid) {
  const TempDir folders;
  for (const std::string side : {"old", "new"}) {
    write_file(
        folders.path() / side / "rust/T.schema.json",
        std::string(
            R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {"a": {})") +
            (side == "old" ? R"(, "b": {})" : "") + "}}");
  }
  const std::vector<std::string> schema_diff{"schema-diff", (folders.path() / "old").string(),
                                             (folders.path() / "new").string()};
  for (const std::string format : {"json", "junit", "sarif"}) {
    std::vector<std::string> arguments = schema_diff;
    arguments.insert(arguments.end(), {"--format", format});
    const CommandResult result = run_portcheck(arguments);
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    if (format == "json") expect_valid_outcome(result.out, "schema-diff json");
    if (format == "junit") expect_valid_junit(result.out, "schema-diff junit");
    if (format == "sarif") expect_valid_sarif(result.out, "schema-diff sarif");
  }

  write_file(folders.path() / "docs.jsonl", "{\"branch_url\": 1}\n{}\n");
  for (const std::string format : {"json", "junit", "sarif"}) {
    const CommandResult result = run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", "--format",
                                                format, (folders.path() / "docs.jsonl").string()});
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    if (format == "json") expect_valid_outcome(result.out, "scan json");
    if (format == "junit") expect_valid_junit(result.out, "scan junit");
    if (format == "sarif") expect_valid_sarif(result.out, "scan sarif");
    const CommandResult missing =
        run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", "--format", format, "no-such-file.jsonl"});
    EXPECT_EQ(missing.exit_code, 2);
    if (format == "json") expect_valid_outcome(missing.out, "scan json error");
    if (format == "junit") expect_valid_junit(missing.out, "scan junit error");
    if (format == "sarif") expect_valid_sarif(missing.out, "scan sarif error");
  }

  expect_valid_junit(read_text(source_dir() / "reports/compatibility.junit.xml"), "the committed JUnit report");
}

TEST(GithubAnnotations, TheMostSevereAreShownWhenCapped) {
  output::Outcome outcome;
  outcome.command = "check";
  for (int index = 0; index < 12; ++index) {
    output::Problem problem;
    problem.title = "warning-rank problem " + std::to_string(index);
    problem.rank = 1;
    outcome.problems.push_back(problem);
  }
  output::Problem breaking;
  breaking.title = "the breaking one";
  breaking.rank = 0;
  outcome.problems.push_back(breaking);
  output::RenderOptions options;
  options.format = output::Format::github;
  std::string log;
  const std::string out = output::render(outcome, options, log);
  EXPECT_NE(out.find("title=the breaking one"), std::string::npos) << out;
  EXPECT_LT(out.find("title=the breaking one"), out.find("title=warning-rank problem 0")) << out;
  EXPECT_NE(out.find("3 more errors not annotated"), std::string::npos) << out;
  EXPECT_EQ(out.find("warning-rank problem 11"), std::string::npos) << out;
}

TEST(CommandLine, VersionNamesTheProjectVersionAndRevision) {
  const CommandResult result = run_portcheck({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(
      std::regex_match(result.out, std::regex(R"(portcheck \d+\.\d+\.\d+( \(git [0-9a-f]{12}(-modified)?\))?\n)")))
      << result.out;
  if (std::filesystem::exists(source_dir() / ".git")) {
    EXPECT_NE(result.out.find("(git "), std::string::npos) << "built from a checkout: " << result.out;
  }
}

TEST(CommandLine, EveryCommandShowsProjectInItsHelp) {
  const CommandResult help = run_portcheck({"--help"});
  const std::regex command_line(R"(^  ([a-z-]+)\s{2,})");
  std::vector<std::string> commands;
  std::istringstream lines(help.out.substr(help.out.find("Subcommands:")));
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, command_line)) commands.push_back(match[1]);
  }
  EXPECT_GE(commands.size(), 10U) << help.out;
  for (const std::string& command : commands) {
    const CommandResult result = run_portcheck({command, "--help"});
    EXPECT_EQ(result.exit_code, 0) << command;
    EXPECT_NE(result.out.find("--project"), std::string::npos) << command << "\n" << result.out;
  }
  // Given after the command, as its help shows it.
  const CommandResult after = run_portcheck({"validate", "--all", "--project", source_dir().string()}, "/");
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
}

// A relative path through a link to a folder, then "..", names what the
// shell names: the parent of the link's target. Such a path was once
// shortened as text first ("lnk/.." to nothing), and the command read
// another file that happened to be where the text led.
TEST(CommandLine, APathThroughALinkAndUpIsTheKernelsPath) {
  const TempDir scratch;
  std::filesystem::create_directories(scratch.path() / "other/inner");
  std::filesystem::create_directories(scratch.path() / "here");
  std::filesystem::create_directory_symlink(scratch.path() / "other/inner", scratch.path() / "here/lnk");
  write_file(scratch.path() / "other/target.json", R"({"branch_url": "https://a", "vcs_type": "git"})");
  write_file(scratch.path() / "here/target.json", R"({"branch_url": 5})");  // where the text alone leads
  for (const std::string command : {"validate", "scan"}) {
    const CommandResult result = run_portcheck({"--project", source_dir().string(), command, "--side", "python",
                                                "--structure", "VcsInfo", "lnk/../target.json"},
                                               scratch.path() / "here");
    EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.out << result.err;
  }
  // "git:" names a revision for schema-diff alone: elsewhere it begins a file
  // name, found where it was typed (it was looked up in the project).
  write_file(scratch.path() / "here/git:x.json", R"({"branch_url": "https://a", "vcs_type": "git"})");
  const CommandResult git_named = run_portcheck(
      {"--project", source_dir().string(), "validate", "--side", "python", "--structure", "VcsInfo", "git:x.json"},
      scratch.path() / "here");
  EXPECT_EQ(git_named.exit_code, 0) << git_named.out << git_named.err;
}

// A file name that is not UTF-8 (any bytes, on Linux) leaves every output
// format readable by its consumers, the name written with \xNN: the JSON
// and SARIF outputs once ended in an internal error and JUnit in XML that
// does not parse.
TEST(CommandLine, AFileNameThatIsNotUtf8KeepsEveryFormatValid) {
  const TempDir scratch;
  write_file(scratch.path() / "bad\xff\xfe.json", R"({"branch_url": 5, "vcs_type": "git"})");
  write_file(scratch.path() / "ctl\x01name.json", R"({"branch_url": 6, "vcs_type": "git"})");
  for (const std::string format : {"text", "json", "sarif", "junit", "github"}) {
    const CommandResult result = run_portcheck(
        {"scan", "--side", "python", "--structure", "VcsInfo", "--format", format, scratch.path().string()});
    EXPECT_EQ(result.exit_code, 1) << format << "\n" << result.out << result.err;
    // In JSON text, the backslash of \xNN is itself escaped.
    const bool json_text = format == "json" || format == "sarif";
    EXPECT_NE(result.out.find(json_text ? R"(bad\\xff\\xfe.json)" : R"(bad\xff\xfe.json)"), std::string::npos)
        << format << "\n"
        << result.out;
    EXPECT_EQ(result.out.find("\xff"), std::string::npos) << format;
    if (format == "json") expect_valid_outcome(result.out, "scan --format json");
    if (format == "sarif") expect_valid_sarif(result.out, "scan --format sarif");
    if (format == "junit") expect_valid_junit(result.out, "scan --format junit");
  }
}

// Control characters in a document's strings and keys stay escaped in
// every note of diff's outputs (the notes once carried a raw escape
// sequence and a newline that split a finding over two lines).
TEST(CommandLine, DiffNotesKeepADocumentsControlCharactersEscaped) {
  const TempDir scratch;
  write_file(scratch.path() / "a.json", R"({"branch_url": "https://a", "vcs_type": "g\u0001it\u001b[31m\nX"})");
  write_file(scratch.path() / "b.json", R"({"branch_url": "https://a", "vcs_type": "git"})");
  for (const std::string format : {"text", "github"}) {
    const CommandResult result =
        run_portcheck({"diff", (scratch.path() / "a.json").string(), (scratch.path() / "b.json").string(),
                       "--structure", "VcsInfo", "--format", format});
    EXPECT_EQ(result.exit_code, 0) << format << "\n" << result.out << result.err;  // a warning
    EXPECT_EQ(result.out.find('\x1b'), std::string::npos) << format << "\n" << result.out;
    EXPECT_EQ(result.out.find('\x01'), std::string::npos) << format << "\n" << result.out;
    EXPECT_NE(result.out.find("\\x1b[31m"), std::string::npos) << format << "\n" << result.out;
  }
}

TEST(CommandLine, ColorAlwaysNeverAndAuto) {
  const TempDir scratch;
  write_file(scratch.path() / "a.json", R"({"branch_url": "https://a", "vcs_type": "git"})");
  write_file(scratch.path() / "b.json", R"({"branch_url": "https://b", "vcs_type": "git"})");
  std::vector<std::string> arguments{"diff", (scratch.path() / "a.json").string(), (scratch.path() / "b.json").string(),
                                     "--structure", "VcsInfo"};
  const auto with = [&](const std::string& color) {
    std::vector<std::string> all = arguments;
    all.insert(all.end(), {"--color", color});
    return run_portcheck(all).out;
  };
  EXPECT_NE(with("always").find("\033["), std::string::npos);
  EXPECT_EQ(with("never").find('\033'), std::string::npos);
  EXPECT_EQ(with("auto").find('\033'), std::string::npos) << "not a terminal";
  const CommandResult wrong = run_portcheck({"check", "--color", "sometimes"});
  EXPECT_EQ(wrong.exit_code, 2);
}

}  // namespace
}  // namespace portcheck::test
