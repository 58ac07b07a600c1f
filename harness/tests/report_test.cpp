// The reports: fresh, deterministic, valid against their schema, and usable
// by the tools that read them; plus `portcheck report` and `portcheck diff`
// from the command line.

#include <map>

#include "json/rapidjson.hpp"

#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "json/document.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

const std::vector<std::string> kReports{"compatibility.md", "compatibility.json", "compatibility.junit.xml",
                                        "compatibility.html"};

/// The reports generated afresh, once per test run, in a copy of the
/// project: written to its reports/, their links to fixtures are the
/// committed ones (links are relative to where a report is written).
const std::filesystem::path& fresh_reports() {
  static const TempDir project;
  static const std::filesystem::path reports = project.path() / "reports";
  static const bool generated = [] {
    for (const char* folder : {"schemas", "fixtures"}) {
      std::filesystem::copy(source_dir() / folder, project.path() / folder, std::filesystem::copy_options::recursive);
    }
    std::filesystem::create_directories(reports);
    for (const char* input : {"claims.json", "known-gaps.json"}) {
      std::filesystem::copy(source_dir() / "reports" / input, reports / input);
    }
    const CommandResult result = run_portcheck({"report"}, project.path());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return true;
  }();
  (void)generated;
  return reports;
}

std::vector<std::string> structure_names() {
  const json::Document manifest = json::load_file(source_dir() / "schemas/manifest.json");
  std::vector<std::string> names;
  for (const auto& entry : manifest.root()["structures"].GetObject()) names.emplace_back(entry.name.GetString());
  return names;
}

TEST(Reports, CommittedReportsAreFresh) {
  std::string stale;
  for (const std::string& name : kReports) {
    if (read_text(fresh_reports() / name) != read_text(source_dir() / "reports" / name)) stale += " reports/" + name;
  }
  EXPECT_EQ(stale, "") << "stale:" << stale << "; regenerate with `portcheck report` and commit";
}

// Reports written into fixtures/ were then judged as fixtures, and the
// drift blamed on the serializer.
TEST(Reports, AnOutputAmongTheEvidenceOrTheSchemasIsRefused) {
  const TempDir project;
  for (const char* folder : {"schemas", "fixtures", "reports"}) {
    std::filesystem::copy(source_dir() / folder, project.path() / folder, std::filesystem::copy_options::recursive);
  }
  for (const char* output : {"fixtures/python/VcsInfo", "fixtures", "schemas/python", "./fixtures/../schemas"}) {
    const CommandResult result = run_portcheck({"report", "--output", output}, project.path());
    EXPECT_EQ(result.exit_code, 2) << output;
    EXPECT_NE(result.err.find("whose files are the project's evidence and schemas"), std::string::npos) << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(project.path() / "fixtures/python/VcsInfo/compatibility.json"));
  EXPECT_FALSE(std::filesystem::exists(project.path() / "fixtures/compatibility.md"));
  EXPECT_EQ(run_portcheck({"report", "--output", "elsewhere"}, project.path()).exit_code, 0);
  // The same folder by another path: a bind mount (where the machine lets
  // the suite mount; a path comparison once let the reports in).
  const TempDir mount_point;
  if (std::system(("mount --bind '" + (project.path() / "fixtures").string() + "' '" + mount_point.path().string() +
                   "' 2>/dev/null")
                      .c_str()) != 0) {
    GTEST_SKIP() << "cannot bind-mount here";
  }
  const CommandResult mounted =
      run_portcheck({"report", "--output", (mount_point.path() / "zz").string()}, project.path());
  static_cast<void>(std::system(("umount '" + mount_point.path().string() + "'").c_str()));
  EXPECT_EQ(mounted.exit_code, 2) << mounted.out;
  EXPECT_FALSE(std::filesystem::exists(project.path() / "fixtures/zz"));
}

TEST(Reports, SameInputSameBytes) {
  // Beside the first reports, so that links to fixtures read the same.
  const std::filesystem::path project = fresh_reports().parent_path();
  ASSERT_EQ(run_portcheck({"report", "--output", "again"}, project).exit_code, 0);
  for (const std::string& name : kReports) {
    EXPECT_EQ(read_text(project / "again" / name), read_text(fresh_reports() / name)) << name;
  }
}

TEST(Reports, JsonReportMatchesItsSchema) {
  const json::Document schema_document = json::load_file(source_dir() / "schemas/report.schema.json");
  valijson::Schema schema;
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  parser.populateSchema(valijson::adapters::RapidJsonAdapter(schema_document.root()), schema);
  const json::Document report = json::load_file(fresh_reports() / "compatibility.json");
  valijson::Validator validator;
  valijson::ValidationResults results;
  const bool valid = validator.validate(schema, valijson::adapters::RapidJsonAdapter(report.root()), &results);
  std::string problems;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    for (const auto& step : error.context) problems += step;
    problems += ": " + error.description + "\n";
  }
  EXPECT_TRUE(valid) << problems;
  EXPECT_EQ(report.root()["structures"].Size(), structure_names().size());
  // Near miss: the schema does reject a report missing a required part.
  const json::Document broken = json::parse(R"({"reference_side": "python"})", "broken.json");
  valijson::ValidationResults ignored;
  EXPECT_FALSE(validator.validate(schema, valijson::adapters::RapidJsonAdapter(broken.root()), &ignored));
}

TEST(Reports, JunitIsWellFormedWithMatchingCounts) {
  // Python's XML parser is an independent judge of well-formedness.
  const std::filesystem::path counts = fresh_reports() / "junit-counts.txt";
  const std::string script =
      "import sys, xml.etree.ElementTree as E\n"
      "root = E.parse(sys.argv[1]).getroot()\n"
      "cases = root.findall('.//testcase')\n"
      "failed = [c for c in cases if c.find('failure') is not None]\n"
      "suites = root.findall('testsuite')\n"
      "ok = all(int(s.get('tests')) == len(s.findall('testcase')) and "
      "int(s.get('failures')) == len([c for c in s.findall('testcase') if c.find('failure') is not None]) "
      "for s in suites)\n"
      "print(root.get('tests'), len(cases), root.get('failures'), len(failed), len(suites), ok)\n";
  write_file(fresh_reports() / "count.py", script);
  const std::string command = "python3 '" + (fresh_reports() / "count.py").string() + "' '" +
                              (fresh_reports() / "compatibility.junit.xml").string() + "' > '" + counts.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::istringstream line(read_text(counts));
  std::string tests, cases, failures, failed, suites, consistent;
  line >> tests >> cases >> failures >> failed >> suites >> consistent;
  EXPECT_EQ(tests, cases);
  EXPECT_EQ(failures, failed);
  EXPECT_EQ(consistent, "True");
  // One suite per structure, and one for the channels (the project has channel evidence).
  EXPECT_EQ(std::stoul(suites), structure_names().size() + 1);
  EXPECT_GT(std::stoul(failures), 0U) << "the evidence holds unreadable documents";
}

TEST(Reports, HtmlIsSelfContainedWithEveryStructure) {
  const std::string html = read_text(fresh_reports() / "compatibility.html");
  for (const std::string& name : structure_names()) {
    EXPECT_NE(html.find("<section id=\"" + name + "\">"), std::string::npos) << name;
  }
  // Its one script is inline (the severity filter): nothing is fetched.
  for (const char* external : {"<script src", "<link", "src=", "href=\"http", "href='http", "@import", "url("}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  EXPECT_NE(html.find("class=\"badge incompatible\""), std::string::npos);
}

TEST(Reports, MarkdownMirrorsTheSeedSections) {
  const std::string markdown = read_text(fresh_reports() / "compatibility.md");
  for (const std::string& name : structure_names()) {
    EXPECT_NE(markdown.find("\n## " + name + "\n"), std::string::npos) << name;
  }
  for (const char* section : {"## Summary", "## Type mapping summary", "## Conclusion", "### Readability",
                              "### Declared types", "| `finish_time` |"}) {
    EXPECT_NE(markdown.find(section), std::string::npos) << section;
  }
}

TEST(Reports, EveryFixtureLinkInTheMarkdownResolves) {
  const std::string markdown = read_text(source_dir() / "reports/compatibility.md");
  std::size_t links = 0;
  for (std::size_t at = markdown.find("](../"); at != std::string::npos; at = markdown.find("](../", at + 1)) {
    const std::size_t end = markdown.find(')', at);
    // Links are URLs: a name's reserved characters are percent-encoded.
    const std::string link = markdown.substr(at + 5, end - at - 5);
    std::string target;
    for (std::size_t index = 0; index < link.size(); ++index) {
      if (link[index] == '%' && index + 2 < link.size()) {
        target += static_cast<char>(std::stoi(link.substr(index + 1, 2), nullptr, 16));
        index += 2;
      } else {
        target += link[index];
      }
    }
    EXPECT_TRUE(std::filesystem::exists(source_dir() / target)) << link;
    ++links;
  }
  EXPECT_GT(links, 100U);
}

TEST(ReportCommand, PrintsOneLinePerStructure) {
  const TempDir output;
  const CommandResult result = run_portcheck({"report", "--output", output.path().string()});
  EXPECT_EQ(result.exit_code, 0);
  for (const std::string& name : structure_names()) {
    EXPECT_NE(result.out.find(name + " "), std::string::npos) << name;
  }
  EXPECT_NE(result.out.find("ActiveRun             INCOMPATIBLE (claimed MOSTLY COMPATIBLE)"), std::string::npos)
      << result.out;
}

TEST(ReportCommand, MalformedClaimsWriteNothing) {
  const TempDir output;
  write_file(output.path() / "claims.json", "{\"claims\": [}");
  const CommandResult result = run_portcheck(
      {"report", "--output", (output.path() / "out").string(), "--claims", (output.path() / "claims.json").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("claims.json:1:13:"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(output.path() / "out"));
}

// ------------------------------------------------------------------ diff

TEST(DiffCommand, BreakingFindingExitsOne) {
  const CommandResult result =
      run_portcheck({"diff", "fixtures/python/ActiveRun/all-fields-set.json",
                     "fixtures/rust/ActiveRun/all-fields-set.json", "--structure", "ActiveRun"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("id                  /id                  /log_id              renamed"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("naive-timestamp-unreadable at /start_time"), std::string::npos);
  // The counts add up: 4 + 5 + 2 = 11.
  EXPECT_NE(result.out.find("portcheck: 1 structure, 11 findings (4 breaking, 5 warning, 2 info) — FAILED"),
            std::string::npos)
      << result.out;
}

TEST(DiffCommand, CompatibleDocumentsExitZero) {
  const CommandResult result = run_portcheck({"diff", "fixtures/python/VcsInfo/all-keys-set.json",
                                              "fixtures/rust/VcsInfo/all-keys-set.json", "--structure", "VcsInfo"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("portcheck: 1 structure, 0 findings (0 breaking, 0 warning, 0 info) — PASSED"),
            std::string::npos)
      << result.out;
}

// The documents in the other order (--sides rust,python) still compare
// Python as the manifest's reference: Rust was once labelled the reference,
// and the field Python alone writes came out as "candidate-only" (info)
// instead of "reference-only" (warning: the port drops it).
TEST(DiffCommand, JsonFormatAndReversedSides) {
  const CommandResult result = run_portcheck({"diff", "fixtures/rust/ActiveRun/all-fields-set.json",
                                              "fixtures/python/ActiveRun/all-fields-set.json", "--structure",
                                              "ActiveRun", "--sides", "rust,python", "--format", "json"});
  EXPECT_EQ(result.exit_code, 1);
  const json::Document document = json::parse(result.out, "stdout");
  ASSERT_TRUE(document.root().HasMember("fields"));
  EXPECT_STREQ(document.root()["reference_side"].GetString(), "python");
  EXPECT_STREQ(document.root()["candidate_side"].GetString(), "rust");
  std::map<std::string, std::string> status;
  for (const auto& field : document.root()["fields"].GetArray()) {
    status[field["name"].GetString()] = field["status"].GetString();
    if (std::string(field["name"].GetString()) == "id") {
      EXPECT_STREQ(field["reference"]["pointer"].GetString(), "/id");
      EXPECT_STREQ(field["candidate"]["pointer"].GetString(), "/log_id");
    }
  }
  EXPECT_EQ(status["id"], "renamed") << result.out;
  EXPECT_EQ(status["current_duration"], "reference-only") << result.out;

  const CommandResult text = run_portcheck({"diff", "fixtures/rust/ActiveRun/all-fields-set.json",
                                            "fixtures/python/ActiveRun/all-fields-set.json", "--structure", "ActiveRun",
                                            "--sides", "rust,python"});
  EXPECT_NE(text.out.find("portcheck diff: ActiveRun, python (reference) fixtures/python/ActiveRun/all-fields-set.json "
                          "vs rust fixtures/rust/ActiveRun/all-fields-set.json"),
            std::string::npos)
      << text.out;
}

// Fields are places in an object: two documents that are not objects have
// none, and every field once read "same" for 42 against 43, naming no
// difference. Their whole values are compared.
TEST(DiffCommand, DocumentsThatAreNotObjectsAreComparedWhole) {
  const TempDir scratch;
  const auto status_of_value = [&](const std::string& left, const std::string& right) {
    write_file(scratch.path() / "left.json", left);
    write_file(scratch.path() / "right.json", right);
    const CommandResult result =
        run_portcheck({"diff", (scratch.path() / "left.json").string(), (scratch.path() / "right.json").string(),
                       "--structure", "ActiveRun", "--format", "json"});
    EXPECT_EQ(result.exit_code, 1) << result.err;
    const json::Document document = json::parse(result.out, "stdout");
    for (const auto& field : document.root()["fields"].GetArray()) {
      if (std::string(field["name"].GetString()) == "(value)") return std::string(field["status"].GetString());
    }
    return std::string("no (value) field");
  };
  EXPECT_EQ(status_of_value("42", "43"), "value-mismatch");
  EXPECT_EQ(status_of_value("{}", "[]"), "type-mismatch");
  EXPECT_EQ(status_of_value("\"x\"", "\"x\""), "same");
  // Objects are compared field by field, as before: no whole-value field.
  EXPECT_EQ(status_of_value("{}", "{\"id\": 1}"), "no (value) field");
}

TEST(DiffCommand, BadInputExitsTwo) {
  const TempDir scratch;
  write_file(scratch.path() / "broken.json", "{\"a\": ");
  const CommandResult malformed = run_portcheck({"diff", (scratch.path() / "broken.json").string(),
                                                 "fixtures/rust/VcsInfo/all-keys-set.json", "--structure", "VcsInfo"});
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_NE(malformed.err.find("broken.json:1:7:"), std::string::npos) << malformed.err;
  const CommandResult unknown = run_portcheck({"diff", "fixtures/python/VcsInfo/all-keys-set.json",
                                               "fixtures/rust/VcsInfo/all-keys-set.json", "--structure", "Nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown structure \"Nope\""), std::string::npos) << unknown.err;
  const CommandResult one_side = run_portcheck({"diff", "a.json", "b.json", "--structure", "ResultRemote"});
  EXPECT_EQ(one_side.exit_code, 2);
  EXPECT_NE(one_side.err.find("side python does not declare ResultRemote"), std::string::npos) << one_side.err;
}

}  // namespace
}  // namespace portcheck::test
