// Hostile project files and environments, as a new user's mistakes or an
// attacker's files produce them: each is an exit-2 error (or a PortCheck
// error) naming the file, line, column and JSON Pointer where one applies,
// in bounded time and stack, with nothing written half-way.

#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <fstream>

#include <re2/re2.h>

#include "json/document.hpp"
#include "schema/ecma_pattern.hpp"
#include "schema/schema_set.hpp"
#include "schema/validator.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

using schema::SchemaSet;

// ----------------------------------------------- patterns keep ECMA-262's meaning

bool ecma_matches(const std::string& pattern, const std::string& text) {
  const RE2 compiled(schema::ecma_to_re2(pattern));
  EXPECT_TRUE(compiled.ok()) << pattern << ": " << compiled.error();
  return RE2::PartialMatch(text, compiled);
}

TEST(EcmaPattern, WhitespaceIsEcmasWhitespace) {
  // RE2's own \s knows only [\t\n\f\r ]; ECMA-262's also \v, NBSP, BOM, ...
  for (const std::string space : {"\v", "\xC2\xA0", "\xEF\xBB\xBF", "\xE2\x80\xA8", "\xE3\x80\x80", " ", "\t"}) {
    EXPECT_TRUE(ecma_matches(R"(^\s$)", space)) << space;
    EXPECT_TRUE(ecma_matches(R"(^[\sx]$)", space)) << space;
    EXPECT_FALSE(ecma_matches(R"(^\S$)", space)) << space;
  }
  EXPECT_TRUE(ecma_matches(R"(^\S$)", "a"));
}

TEST(EcmaPattern, DotStopsAtEveryLineTerminator) {
  for (const std::string terminator : {"\n", "\r", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    EXPECT_FALSE(ecma_matches("^.$", terminator)) << "terminator " << static_cast<int>(terminator[0]);
  }
  // With the u flag (as ajv applies it) a dot is one code point.
  EXPECT_TRUE(ecma_matches("^.$", "\xC3\xA9"));
  EXPECT_TRUE(ecma_matches("^.$", "\xF0\x9F\x98\x80"));
}

TEST(EcmaPattern, EcmaEscapesAreSpelledForRe2) {
  EXPECT_TRUE(ecma_matches(R"(^\u0041\x42\u{43}\cJ$)", "ABC\n"));
  EXPECT_TRUE(ecma_matches(R"(^[\-a]+$)", "-a-"));
  EXPECT_TRUE(ecma_matches(R"(^a\/b\.c$)", "a/b.c"));
  EXPECT_FALSE(ecma_matches(R"(^a\.c$)", "abc"));
  EXPECT_TRUE(ecma_matches(R"(^(?<year>[0-9]{4})$)", "2025"));
  EXPECT_TRUE(ecma_matches(R"(^[[:]+$)", "[:"));  // a literal [ inside a class, not a POSIX class
  EXPECT_TRUE(ecma_matches(R"(^\d+$)", "0123456789"));
  EXPECT_FALSE(ecma_matches(R"(^\d$)", "\xD9\xA3"));  // ARABIC-INDIC DIGIT THREE: \d is ASCII in both
}

TEST(EcmaPattern, WhatCannotKeepItsMeaningIsRefusedWithTheReason) {
  const std::vector<std::pair<std::string, std::string>> refused{
      {R"((a)\1)", "backreference"},
      {R"(a(?=b))", "lookaround"},
      {R"((?<!a)b)", "lookaround"},
      {R"((?i)abc)", "not ECMA-262"},
      {R"(\Aabc)", "\\A is not an ECMA-262 escape"},
      {R"([\S])", "\\S inside a character class"},
      {R"([])", "empty class"},
      {R"([^])", "empty class"},
      {R"(a\-b)", "only inside a character class"},
      {R"(\012)", "octal"},
      {R"([abc)", "not closed"},
      {"abc\\", "end with a backslash"},
      {R"(\u12)", "four hex digits"},
      {R"(\k<name>)", "backreference"},
  };
  for (const auto& [pattern, reason] : refused) {
    try {
      const std::string translated = schema::ecma_to_re2(pattern);
      ADD_FAILURE() << pattern << " was accepted as " << translated;
    } catch (const schema::UnsupportedPattern& error) {
      EXPECT_NE(std::string(error.what()).find(reason), std::string::npos) << pattern << ": " << error.what();
    }
  }
}

// ------------------------------------------------ a copy of the schemas to break

class HostileSchemas : public testing::Test {
 protected:
  void SetUp() override { copy_schemas(project.path()); }
  std::filesystem::path path(const std::string& relative) const { return project.path() / "schemas" / relative; }
  /// Edits a schema through Python's json module, like a person would.
  void edit(const std::string& file, const std::string& python_statement) {
    write_file(project.path() / "edit.py", "import json, sys\nsys.setrecursionlimit(100000)\np='schemas/" + file +
                                               "'\nd=json.load(open(p))\n" + python_statement +
                                               "\njson.dump(d, open(p, 'w'), indent=1)\n");
    const std::string command = "cd '" + project.path().string() + "' && python3 edit.py";
    ASSERT_EQ(std::system(command.c_str()), 0) << python_statement;
  }
  void replace(const std::string& file, const std::string& from, const std::string& to) {
    std::string text = read_text(path(file));
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    write_file(path(file), text);
  }
  SchemaSet load() { return SchemaSet::load(project.path() / "schemas"); }
  /// Validates a python VcsInfo document; the failures' rules, in order.
  std::vector<std::string> validate_vcs_info(const std::string& text) {
    const SchemaSet schemas = load();
    const json::Document document = json::parse(text, "doc.json");
    std::vector<std::string> rules;
    for (const auto& failure : schema::validate(schemas, *schemas.find("python", "VcsInfo"), document)) {
      rules.push_back(failure.rule);
    }
    return rules;
  }
  TempDir project;
};

TEST_F(HostileSchemas, ARefToTheWholeDocumentIsACycleNotACrash) {
  replace("python/ActiveRun.schema.json", "\"definitions.json#/definitions/duration\"", "\"#\"");
  EXPECT_PORTCHECK_ERROR(load(),
                         "ActiveRun.schema.json:15:10: at /properties/estimated_duration/anyOf/0/$ref: $ref "
                         "cycle: ActiveRun.schema.json# → ActiveRun.schema.json#");
}

TEST_F(HostileSchemas, ADefinitionReferringToItselfIsACycle) {
  edit("python/definitions.json", "d['definitions']['duration'] = {'$ref': '#/definitions/duration'}");
  EXPECT_PORTCHECK_ERROR(load(), "definitions.json:");
  EXPECT_PORTCHECK_ERROR(load(),
                         "at /definitions/duration/$ref: $ref cycle: definitions.json#/definitions/duration "
                         "→ definitions.json#/definitions/duration; portcheck needs schemas without recursion");
}

TEST_F(HostileSchemas, ACycleThroughTwoFilesIsNamedStepByStep) {
  edit("python/definitions.json", "d['definitions']['duration'] = {'$ref': 'VcsInfo.schema.json#/properties/x'}");
  edit("python/VcsInfo.schema.json", "d['properties']['x'] = {'$ref': 'definitions.json#/definitions/duration'}");
  EXPECT_PORTCHECK_ERROR(load(),
                         "$ref cycle: definitions.json#/definitions/duration → VcsInfo.schema.json#/"
                         "properties/x → definitions.json#/definitions/duration");
}

TEST_F(HostileSchemas, AMissingDefinitionBlamesTheFileThatRefersToIt) {
  edit("python/VcsInfo.schema.json", "d['properties']['x'] = {'$ref': 'definitions.json#/definitions/missing'}");
  EXPECT_PORTCHECK_ERROR(load(), "schemas/python/VcsInfo.schema.json:");
  EXPECT_PORTCHECK_ERROR(load(), "at /properties/x/$ref: $ref \"definitions.json#/definitions/missing\": ");
  EXPECT_PORTCHECK_ERROR(load(), "schemas/python/definitions.json has nothing at /definitions/missing");
}

TEST_F(HostileSchemas, AMissingFileIsNamed) {
  replace("python/ActiveRun.schema.json", "\"definitions.json#/definitions/duration\"",
          "\"Missing.json#/definitions/duration\"");
  EXPECT_PORTCHECK_ERROR(load(),
                         "ActiveRun.schema.json:15:10: at /properties/estimated_duration/anyOf/0/$ref: $ref "
                         "\"Missing.json#/definitions/duration\": there is no file ");
  EXPECT_PORTCHECK_ERROR(load(), "schemas/python/Missing.json");
}

// A name longer than the system takes (ENAMETOOLONG) threw past every
// check as "internal error: filesystem error" (found by schema_fuzz): in a
// $ref, in the manifest's schema folder, in --source. Each is named where it
// is written, with the system's reason.
TEST_F(HostileSchemas, ANameLongerThanTheSystemTakesIsNamedWhereItIsWritten) {
  const std::string name(300, 'a');
  replace("python/ActiveRun.schema.json", "\"definitions.json#/definitions/duration\"",
          "\"" + name + ".json#/definitions/duration\"");
  EXPECT_PORTCHECK_ERROR(load(), "at /properties/estimated_duration/anyOf/0/$ref: $ref \"" + name +
                                     ".json#/definitions/duration\": there is no file ");
  EXPECT_PORTCHECK_ERROR(load(), "(File name too long)");
  replace("python/ActiveRun.schema.json", "\"" + name + ".json#/definitions/duration\"",
          "\"definitions.json#/definitions/duration\"");
  edit("manifest.json", "d['sides']['python']['schemas'] = '" + name + "'");
  EXPECT_PORTCHECK_ERROR(load(), "at /sides/python/schemas: schema folder ");
  EXPECT_PORTCHECK_ERROR(load(), "does not exist (File name too long)");
  for (const std::string command : {"check", "timeline"}) {
    const CommandResult result = run_portcheck({command, "--source", name});
    EXPECT_EQ(result.exit_code, 2) << command << ": " << result.err;
    EXPECT_NE(result.err.find("--source " + name + " is not a folder (File name too long)"), std::string::npos)
        << command << ": " << result.err;
  }
}

TEST_F(HostileSchemas, RefsStayInsideTheSchemaFolder) {
  replace("python/ActiveRun.schema.json", "\"definitions.json#/definitions/duration\"", "\"/etc/passwd#/x\"");
  EXPECT_PORTCHECK_ERROR(load(),
                         "$ref \"/etc/passwd#/x\" is not a relative file name: portcheck resolves $refs only "
                         "within ");
  replace("python/ActiveRun.schema.json", "\"/etc/passwd#/x\"", "\"../../reports/claims.json\"");
  EXPECT_PORTCHECK_ERROR(load(), "$ref \"../../reports/claims.json\" leaves the schemas folder");
  // A symlink inside the folder that points out of it leaves it too.
  std::filesystem::create_symlink("/etc/passwd", path("python/outside.json"));
  replace("python/ActiveRun.schema.json", "\"../../reports/claims.json\"", "\"outside.json\"");
  EXPECT_PORTCHECK_ERROR(load(), "$ref \"outside.json\" leaves the schemas folder");
}

TEST_F(HostileSchemas, ALongRefChainIsRefusedQuickly) {
  edit("python/definitions.json",
       "for i in range(20000): d['definitions']['c%d' % i] = {'$ref': '#/definitions/c%d' % (i + 1)}\n"
       "d['definitions']['c20000'] = {'type': 'number'}\n"
       "d['definitions']['duration'] = {'$ref': '#/definitions/c0'}");
  EXPECT_PORTCHECK_ERROR(load(), "$ref chain more than 64 deep: flatten the schema");
}

TEST_F(HostileSchemas, ASchemaNested10000DeepIsAnErrorNotAStackOverflow) {
  std::string deep;
  for (int level = 0; level < 10000; ++level) deep += R"({"type": "object", "properties": {"a": )";
  deep += R"({"type": "object"})";
  for (int level = 0; level < 10000; ++level) deep += "}}";
  replace("python/VcsInfo.schema.json", "\"properties\": {", "\"properties\": {\"deep\": " + deep + ",");
  EXPECT_PORTCHECK_ERROR(load(), "schemas/python/VcsInfo.schema.json:6:9971: at /properties/deep/properties/a/");
  EXPECT_PORTCHECK_ERROR(load(), "nesting is deeper than 512 levels of arrays and objects");
}

TEST_F(HostileSchemas, ABacktrackingPatternRunsInLinearTime) {
  edit("python/VcsInfo.schema.json", "d['properties']['subpath']['pattern'] = '^(a+)+$'");
  // 30 a's and a b: exponential for a backtracking engine, a few steps for RE2.
  EXPECT_EQ(validate_vcs_info(R"({"subpath": ")" + std::string(30, 'a') + R"(b"})"),
            std::vector<std::string>{"pattern"});
  EXPECT_TRUE(validate_vcs_info(R"({"subpath": ")" + std::string(100000, 'a') + R"("})").empty());
}

TEST_F(HostileSchemas, APatternThatAppliesOnlySometimesIsRefused) {
  edit("python/VcsInfo.schema.json", "d['properties']['subpath']['not'] = {'pattern': '^x'}");
  EXPECT_PORTCHECK_ERROR(load(), "at /properties/subpath/not/pattern: a pattern under not applies only sometimes");
  edit("python/VcsInfo.schema.json",
       "del d['properties']['subpath']['not']\n"
       "d['properties']['subpath']['anyOf'] = [{'pattern': '^x'}, {'pattern': '^y'}]");
  EXPECT_PORTCHECK_ERROR(load(), "at /properties/subpath/anyOf: patterns in 2 alternatives of one anyOf");
  edit("python/VcsInfo.schema.json",
       "d['properties']['subpath']['anyOf'] = [{'pattern': '^x', 'type': 'string'}, {'type': 'string'}]");
  EXPECT_PORTCHECK_ERROR(load(),
                         "at /properties/subpath/anyOf: a pattern in one alternative of this anyOf while "
                         "another also takes strings");
  edit("python/VcsInfo.schema.json",
       "d['properties']['subpath']['anyOf'] = [{'pattern': '^x', 'type': 'string'}, {'type': 'null'}]");
  EXPECT_NO_THROW(load());
}

TEST_F(HostileSchemas, AMegabyteStringAgainstAnOrdinaryPatternNeedsNoDeepStack) {
  edit("python/VcsInfo.schema.json", "d['properties']['subpath']['pattern'] = '^[ab]*$'");
  std::string long_value;
  for (int index = 0; index < 500000; ++index) long_value += "ab";
  EXPECT_TRUE(validate_vcs_info(R"({"subpath": ")" + long_value + R"("})").empty());
  EXPECT_EQ(validate_vcs_info(R"({"subpath": ")" + long_value + R"(c"})"), std::vector<std::string>{"pattern"});
}

TEST_F(HostileSchemas, APatternWithoutAnEcmaMeaningOnRe2IsRefusedWhereItIsWritten) {
  edit("python/VcsInfo.schema.json", "d['properties']['subpath']['pattern'] = '(?<=a)b'");
  EXPECT_PORTCHECK_ERROR(load(), "VcsInfo.schema.json:");
  EXPECT_PORTCHECK_ERROR(load(),
                         "at /properties/subpath/pattern: pattern \"(?<=a)b\" cannot run with its ECMA-262 "
                         "meaning on portcheck's pattern engine");
  edit("python/VcsInfo.schema.json", "d['properties']['subpath']['pattern'] = '[a-'");
  EXPECT_PORTCHECK_ERROR(load(), "at /properties/subpath/pattern: pattern \"[a-\" cannot run");
  edit("python/VcsInfo.schema.json", "d['properties']['subpath']['pattern'] = 'a{2000}'");
  EXPECT_PORTCHECK_ERROR(load(), "does not accept pattern \"a{2000}\"");
}

TEST_F(HostileSchemas, KeywordsValijsonWouldRunOnStdRegexAreRefused) {
  edit("python/VcsInfo.schema.json", "d['properties']['subpath']['format'] = 'email'");
  EXPECT_PORTCHECK_ERROR(load(), "at /properties/subpath/format: format is not supported");
  edit("python/VcsInfo.schema.json",
       "del d['properties']['subpath']['format']\nd['patternProperties'] = {'^x': {'type': 'string'}}");
  EXPECT_PORTCHECK_ERROR(load(), "at /patternProperties: patternProperties is not supported");
}

TEST_F(HostileSchemas, ALongIntegerArrayValidatesInOnePass) {
  // check_values walks the document once; it used to describe() every value.
  edit("python/VcsInfo.schema.json",
       "d['properties']['numbers'] = {'type': 'array', 'items': {'type': 'integer', 'x-integer': 'i64'}}");
  std::string numbers = R"({"numbers": [)";
  for (int index = 0; index < 250000; ++index) numbers += (index == 0 ? "" : ",") + std::to_string(index);
  EXPECT_TRUE(validate_vcs_info(numbers + "]}").empty());
  EXPECT_EQ(validate_vcs_info(numbers + ",9223372036854775808]}").size(), 1U);
}

// ------------------------------------------------ a copy of the whole project

class HostileProject : public testing::Test {
 protected:
  void SetUp() override {
    for (const char* folder : {"schemas", "fixtures", "reports"}) {
      std::filesystem::copy(source_dir() / folder, project.path() / folder, std::filesystem::copy_options::recursive);
    }
  }
  std::filesystem::path path(const std::string& relative) const { return project.path() / relative; }
  CommandResult run(const std::vector<std::string>& arguments) { return run_portcheck(arguments, project.path()); }
  /// Every command that reads the fixtures fails with exit 2 and `message`.
  void expect_every_command_fails(const std::string& message) {
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"validate", "--all"}, std::vector<std::string>{"check"},
          std::vector<std::string>{"report", "--output", "out"}}) {
      const CommandResult result = run(command);
      EXPECT_EQ(result.exit_code, 2) << command[0] << "\n" << result.out << result.err;
      EXPECT_NE(result.err.find(message), std::string::npos) << command[0] << "\n" << result.err;
      EXPECT_FALSE(std::filesystem::exists(path("out"))) << command[0] << " wrote a report";
    }
  }
  /// Runs a shell command line in the project; its exit status and stderr.
  CommandResult shell(const std::string& line) {
    const std::string command = "cd '" + project.path().string() + "' && bash -c '" + line + "' 2>err.txt";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), "", read_text(path("err.txt"))};
  }
  std::string fixture_folder() const { return "fixtures/python/ActiveRun/"; }
  TempDir project;
};

TEST_F(HostileProject, AFifoAmongTheFixturesIsNamedAndNeverBlocks) {
  ASSERT_EQ(mkfifo(path(fixture_folder() + "fifo.json").c_str(), 0600), 0);
  expect_every_command_fails("portcheck: error: " + fixture_folder() +
                             "fifo.json: is not a regular file (a FIFO, socket or device)");
}

TEST_F(HostileProject, AFolderNamedLikeAFixtureIsNamed) {
  std::filesystem::create_directory(path(fixture_folder() + "x.json"));
  expect_every_command_fails(fixture_folder() + "x.json: is a directory, not a file");
}

TEST_F(HostileProject, ASymlinkLoopIsNamedAndTheRunGoesOnToCountIt) {
  std::filesystem::create_symlink("loop.json", path(fixture_folder() + "loop.json"));
  expect_every_command_fails(fixture_folder() + "loop.json: cannot read the file: Too many levels of symbolic links");
  const CommandResult result = run({"validate", "--all"});
  EXPECT_NE(result.out.find(", 1 unreadable — FAILED"), std::string::npos) << result.out;
}

TEST_F(HostileProject, ASideFolderThatIsAFileIsNotSkipped) {
  std::filesystem::remove_all(path("fixtures/rust"));
  write_file(path("fixtures/rust"), "{}\n");
  expect_every_command_fails("fixtures/rust: is not a folder");
}

// A side's or a structure's folder replaced by a link that leads nowhere,
// or by a loop of links, is named: it once passed over as an absent folder,
// and the run passed on the other fixtures alone.
TEST_F(HostileProject, ASideOrStructureFolderThatIsABrokenLinkIsNotSkipped) {
  std::filesystem::rename(path("fixtures/rust"), path("rust-moved"));
  std::filesystem::create_symlink("/nonexistent/portcheck", path("fixtures/rust"));
  expect_every_command_fails("fixtures/rust: is a link to nothing");
  std::filesystem::remove(path("fixtures/rust"));
  std::filesystem::rename(path("rust-moved"), path("fixtures/rust"));
  std::filesystem::remove_all(path("fixtures/python/ActiveRun"));
  std::filesystem::create_symlink("ActiveRun", path("fixtures/python/ActiveRun"));  // a loop
  expect_every_command_fails("portcheck: error: fixtures/python/ActiveRun: ");
  std::filesystem::remove(path("fixtures/python/ActiveRun"));
  std::filesystem::create_symlink("/nonexistent/portcheck", path("fixtures/python/ActiveRun"));
  expect_every_command_fails("portcheck: error: fixtures/python/ActiveRun: ");
}

TEST_F(HostileProject, AFixtureNameWithANewlineIsRefusedOnOneLine) {
  std::filesystem::copy(path(fixture_folder() + "all-fields-set.json"), path(fixture_folder() + "new\nline.json"));
  expect_every_command_fails(fixture_folder() + "new\\nline.json: the file name holds a control character");
}

TEST_F(HostileProject, KeysAndFolderNamesWithNewlinesStayOnOneLine) {
  std::filesystem::create_directory(path("fixtures/python/Gh\nost"));
  CommandResult result = run({"check"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("fixtures/python/Gh\\nost: error: Gh\\nost is not a structure of the manifest"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("declares no structure \"Gh\\nost\""), std::string::npos) << result.out;
  std::filesystem::remove(path("fixtures/python/Gh\nost"));
  std::string gaps = read_text(path("reports/known-gaps.json"));
  gaps.replace(gaps.find("\"gaps\""), 6, "\"g\\naps\": 1, \"gaps\"");
  write_file(path("reports/known-gaps.json"), gaps);
  result = run({"check"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("at /g\\naps: unknown key \"g\\naps\""), std::string::npos) << result.err;
}

TEST_F(HostileProject, MalformedFixtureWithANewlineInItsNameKeepsTheMessageOnOneLine) {
  const CommandResult result = run({"validate", "--side", "python", "--structure", "VcsInfo", "a\nb.json"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("portcheck: error: a\\nb.json: cannot open the file"), std::string::npos) << result.err;
}

TEST_F(HostileProject, SpacesAndNonAsciiInFixtureNamesWorkAndLinkAsUrls) {
  std::filesystem::copy(path(fixture_folder() + "all-fields-set.json"),
                        path(fixture_folder() + "with space \xC3\xBC.json"));
  EXPECT_EQ(run({"validate", "--all"}).exit_code, 0);
  const CommandResult report = run({"report"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const std::string html = read_text(path("reports/compatibility.html"));
  EXPECT_NE(html.find("href=\"../fixtures/python/ActiveRun/with%20space%20%C3%BC.json\""), std::string::npos);
  const std::string markdown = read_text(path("reports/compatibility.md"));
  EXPECT_NE(markdown.find("(../fixtures/python/ActiveRun/with%20space%20%C3%BC.json)"), std::string::npos);
}

TEST_F(HostileProject, ADeviceOrAHugeFileIsRefusedBeforeReading) {
  const CommandResult device = run({"validate", "--side", "python", "--structure", "VcsInfo", "/dev/zero"});
  EXPECT_EQ(device.exit_code, 2);
  EXPECT_NE(device.err.find("/dev/zero: is not a regular file"), std::string::npos) << device.err;
  // A sparse file: 2 GiB on paper, nothing on disk.
  write_file(path("huge.json"), "");
  std::filesystem::resize_file(path("huge.json"), std::uintmax_t{2} << 30);
  const CommandResult huge = run({"validate", "--side", "python", "--structure", "VcsInfo", "huge.json"});
  EXPECT_EQ(huge.exit_code, 2);
  EXPECT_NE(huge.err.find("huge.json: is 2147483648 bytes, more than portcheck reads (1073741824)"), std::string::npos)
      << huge.err;
}

TEST_F(HostileProject, AMadeUpClaimedStatusIsRefused) {
  std::string claims = read_text(path("reports/claims.json"));
  claims.replace(claims.find("\"MOSTLY COMPATIBLE\""), 19, "\"TOTALLY FINE\"");
  write_file(path("reports/claims.json"), claims);
  const CommandResult result = run({"check"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("reports/claims.json:7:5: at /claims/ActiveRun: \"ActiveRun\" must be one of FULLY "
                            "COMPATIBLE, ENHANCED, MOSTLY COMPATIBLE, INCOMPATIBLE, CANDIDATE-ONLY, REFERENCE-ONLY, "
                            "NO JSON, ARCHITECTURALLY COMPATIBLE, not \"TOTALLY FINE\""),
            std::string::npos)
      << result.err;
}

TEST_F(HostileProject, WrongTypesInClaimsAndKnownGapsPointAtTheValue) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases{
      {"reports/known-gaps.json", "d['gaps'] = 5", "reports/known-gaps.json:3:3: at /gaps: \"gaps\" must be an array"},
      {"reports/known-gaps.json", "d['description'] = 5", "at /description: \"description\" must be a string"},
      {"reports/known-gaps.json", "d['extra'] = 1", "at /extra: unknown key \"extra\""},
      {"reports/known-gaps.json", "d['gaps'][0]['rule'] = [1]", "at /gaps/0/rule: \"rule\" must be a string"},
      {"reports/known-gaps.json", "d['gaps'][0]['scenarios'] = 'all'", "at /gaps/0/scenarios: \"scenarios\" must be"},
      {"reports/claims.json", "d['claims'] = []", "reports/claims.json:4:3: at /claims: must be an object, not array"},
      {"reports/claims.json", "d['extra'] = 1", "at /extra: unknown key \"extra\""},
      {"reports/claims.json", "d['attribute_claims'][0]['says'] = 1",
       "at /attribute_claims/0/says: must be a string, not integer"},
      {"reports/claims.json", "d['listings']['JanitorResult']['python']['incomplete'] = 'yes'",
       "at /listings/JanitorResult/python/incomplete: must be true or false, not string"},
  };
  for (const auto& [file, statement, message] : cases) {
    const std::string original = read_text(path(file));
    write_file(path("edit.py"), "import json\np='" + file + "'\nd=json.load(open(p))\n" + statement +
                                    "\njson.dump(d, open(p, 'w'), indent=2)\n");
    ASSERT_EQ(std::system(("cd '" + project.path().string() + "' && python3 edit.py").c_str()), 0);
    const CommandResult result = run({"check"});
    EXPECT_EQ(result.exit_code, 2) << statement;
    EXPECT_NE(result.err.find(message), std::string::npos) << statement << "\n" << result.err;
    write_file(path(file), original);
  }
}

TEST_F(HostileProject, ManifestMistakesPointIntoTheManifest) {
  const std::string original = read_text(path("schemas/manifest.json"));
  const auto edited = [&](const std::string& from, const std::string& to) {
    std::string text = original;
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    write_file(path("schemas/manifest.json"), text);
    return run({"check"});
  };
  CommandResult result = edited("\"structures\": {", "\"structures\": {\n    \"VcsInfo\": {},");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("at /structures/VcsInfo: duplicate key \"VcsInfo\" (first at line 46, column 5)"),
            std::string::npos)
      << result.err;
  result = edited("\"sides\": [\"python\", \"rust\"]", "\"sides\": [\"python\", \"go\"]");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("schemas/manifest.json:47:27: at /structures/JanitorResult/sides/1: unknown side \"go\""),
            std::string::npos)
      << result.err;
  result = edited("\"rust\": \"/worker_name\"", "\"rust\": \"/worker_nam\"");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("at /field_mappings/ActiveRun/1/rust: field mapping of ActiveRun: the rust schema "
                            "(schemas/rust/ActiveRun.schema.json) declares no field at \"/worker_nam\""),
            std::string::npos)
      << result.err;
}

// ------------------------------------------------------------ output failures

TEST_F(HostileProject, AReportUnderAFileNamesThePathAndWritesNothing) {
  write_file(path("afile"), "x");
  const CommandResult result = run({"report", "--output", "afile/sub"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "portcheck: error: afile: is not a folder, so afile/sub/compatibility.md cannot be written under it\n");
  EXPECT_EQ(read_text(path("afile")), "x");
}

TEST_F(HostileProject, AReportWhereNoFolderCanBeMadeNamesThePath) {
  // /proc refuses new folders even to root, which ignores file permissions.
  const CommandResult result = run({"report", "--output", "/proc/portcheck-report"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(result.err.starts_with("portcheck: error: /proc/portcheck-report: cannot create the folder: "))
      << result.err;
}

TEST_F(HostileProject, AFullDiskOnStandardOutputIsExitTwo) {
  const std::string portcheck = PORTCHECK_EXECUTABLE;
  const CommandResult result = shell(portcheck + " check --format json >/dev/full");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("portcheck: error: cannot write to standard output (No space left on device)"),
            std::string::npos)
      << result.err;
}

TEST_F(HostileProject, AClosedStandardOutputIsExitTwoAndAGoneReaderAQuietEnd) {
  const std::string portcheck = PORTCHECK_EXECUTABLE;
  EXPECT_EQ(shell(portcheck + " rules >&-").exit_code, 2);
  // A pipe whose reader is gone: a quiet end, as git's, with SIGPIPE's
  // status (never 0, so that pipefail does not call it a pass).
  const CommandResult result = shell("set -o pipefail; (sleep 0.5; exec " + portcheck + " rules) | true");
  EXPECT_EQ(result.exit_code, 141);
  EXPECT_EQ(result.err, "");
  // The reader takes what it wants and leaves: its one line, and nothing
  // from portcheck on standard error.
  const CommandResult head = shell(portcheck + " rules | head -1 > head.txt");
  EXPECT_EQ(head.exit_code, 0);
  EXPECT_EQ(head.err, "");
  const std::string line = read_text(path("head.txt"));
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1) << line;
  // A machine format's summary (on standard error) follows only a result
  // that arrived: it was once printed after the reader had left.
  const CommandResult machine =
      shell("set -o pipefail; " + portcheck + " check --format sarif | (sleep 0.5; head -c 10 >/dev/null)");
  EXPECT_EQ(machine.exit_code, 141);
  EXPECT_EQ(machine.err, "");
}

// `--project A record --project B` once recorded into B without a word,
// while `--project A --project B` is refused.
TEST(CommandLine, ProjectGivenBeforeAndAfterTheCommandIsRefused) {
  const CommandResult result = run_portcheck({"--project", ".", "validate", "--project", "/tmp", "--all"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--project is given twice, before and after \"validate\""), std::string::npos)
      << result.err;
  const CommandResult json = run_portcheck({"--project", ".", "check", "--project", ".", "--format", "json"});
  EXPECT_EQ(json.exit_code, 2);
  EXPECT_NE(json.out.find("\"could-not-run\""), std::string::npos) << "the document a CI step reads\n" << json.out;
  EXPECT_EQ(run_portcheck({"--project", ".", "validate", "--all"}).exit_code, 0);
  EXPECT_EQ(run_portcheck({"validate", "--project", ".", "--all"}).exit_code, 0);
}

TEST_F(HostileProject, AnUnknownGitRevisionIsOneCleanMessage) {
  const CommandResult outside = run({"schema-diff", "git:HEAD", "schemas"});
  EXPECT_EQ(outside.exit_code, 2);
  EXPECT_NE(outside.err.find("is not in a git repository, so there is no revision to read"), std::string::npos)
      << outside.err;
  const CommandResult unknown = run_portcheck({"schema-diff", "git:no-such-revision", "schemas"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err,
            "portcheck: error: git:no-such-revision: the repository holding . has no commit named "
            "\"no-such-revision\" (try a commit hash, a branch such as main, or a tag)\n");
}

}  // namespace
}  // namespace portcheck::test
