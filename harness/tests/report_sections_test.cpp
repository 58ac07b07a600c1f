// What a reviewer reads first: each structure's verdict, its findings as
// known gaps or new, the terms the reports use, and the conclusion, the same
// in every renderer. One regression test per symptom reviewers met.

#include <algorithm>
#include <regex>
#include <set>

#include "json/document.hpp"
#include "report/verdict.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

std::string committed(const std::string& name) { return read_text(source_dir() / "reports" / name); }

/// One structure's section of the Markdown report.
std::string markdown_section(const std::string& structure) {
  const std::string markdown = committed("compatibility.md");
  const std::size_t start = markdown.find("\n## " + structure + "\n");
  EXPECT_NE(start, std::string::npos) << structure;
  const std::size_t end = markdown.find("\n## ", start + 1);
  return markdown.substr(start, end - start);
}

const rapidjson::Value& json_structure(const json::Document& report, const std::string& name) {
  for (const auto& structure : report.root()["structures"].GetArray()) {
    if (name == structure["name"].GetString()) return structure;
  }
  ADD_FAILURE() << name;
  return report.root();
}

// The reports never said which findings were accepted, nor why.
TEST(ReportSections, EachFindingSaysWhetherItIsAKnownGapAndWhy) {
  const json::Document gaps = json::load_file(source_dir() / "reports/known-gaps.json");
  std::map<std::string, std::string> reasons;
  for (const auto& gap : gaps.root()["gaps"].GetArray()) {
    reasons[std::string(gap["structure"].GetString()) + "/" + gap["field"].GetString() + "/" +
            gap["rule"].GetString()] = gap["reason"].GetString();
  }
  const json::Document report = json::load_file(source_dir() / "reports/compatibility.json");
  std::size_t known = 0;
  for (const auto& finding : report.root()["findings"].GetArray()) {
    const std::string id = finding["id"].GetString();
    if (reasons.contains(id)) {
      ++known;
      ASSERT_TRUE(finding["known_gap"].IsObject()) << id;
      EXPECT_EQ(finding["known_gap"]["reason"].GetString(), reasons[id]) << id;
      EXPECT_FALSE(finding["new"].GetBool()) << id;
    } else {
      EXPECT_TRUE(finding["known_gap"].IsNull()) << id;
    }
  }
  EXPECT_GT(known, 70U);
  const std::string reason = reasons.at("ActiveRun/start_time/naive-timestamp-unreadable");
  EXPECT_NE(markdown_section("ActiveRun").find("| yes: " + reason), std::string::npos);
  EXPECT_NE(committed("compatibility.html").find("yes: " + reason), std::string::npos);
}

// No structure had a one-line "why", nor what to do next.
TEST(ReportSections, EveryStructureOpensWithItsVerdictAndNextStep) {
  const json::Document report = json::load_file(source_dir() / "reports/compatibility.json");
  for (const auto& structure : report.root()["structures"].GetArray()) {
    const std::string name = structure["name"].GetString();
    const rapidjson::Value& verdict = structure["verdict"];
    EXPECT_STREQ(verdict["status"].GetString(), structure["observed_status"].GetString()) << name;
    EXPECT_FALSE(std::string(verdict["next"].GetString()).empty()) << name;
    if (std::string(verdict["status"].GetString()) == "INCOMPATIBLE") {
      EXPECT_GT(verdict["reasons"].Size(), 0U) << name;
    }
    // In the Markdown, the verdict and the next step come before anything else.
    const std::string section = markdown_section(name);
    const std::size_t verdict_at = section.find("**Verdict:** ");
    EXPECT_LT(verdict_at, 40U) << name;
    EXPECT_LT(section.find("**Next:** "), section.find("- **Claimed**")) << name;
    EXPECT_NE(section.find(verdict["line"].GetString()), std::string::npos) << name;
  }
  const rapidjson::Value& active_run = json_structure(report, "ActiveRun");
  EXPECT_STREQ(active_run["verdict"]["line"].GetString(),
               "INCOMPATIBLE: missing-required-key (id, worker, vcs); naive-timestamp-unreadable (start_time)");
  // The terminal says the same.
  const CommandResult printed = run_portcheck({"report", "--output", TempDir().path().string()});
  EXPECT_NE(printed.out.find("ActiveRun             INCOMPATIBLE (claimed MOSTLY COMPATIBLE): missing-required-key "
                             "(id, worker, vcs); naive-timestamp-unreadable (start_time)\n"),
            std::string::npos)
      << printed.out;
}

// ActiveRun.finish_time, the gap the report exists to show, was the 18th row.
TEST(ReportSections, RowsAreMostSevereFirst) {
  const std::string section = markdown_section("ActiveRun");
  const std::regex row(R"(\n\| (breaking|warning|info) \| ([^|]+) \|)");
  std::vector<int> ranks;
  std::size_t finish_time = 0;
  for (auto match = std::sregex_iterator(section.begin(), section.end(), row); match != std::sregex_iterator();
       ++match) {
    const std::string severity = (*match)[1];
    ranks.push_back(severity == "breaking" ? 0 : severity == "warning" ? 1 : 2);
    if ((*match)[2] == "`finish_time`" && finish_time == 0) finish_time = ranks.size();
  }
  ASSERT_GT(ranks.size(), 10U);
  EXPECT_TRUE(std::is_sorted(ranks.begin(), ranks.end()));
  EXPECT_GT(finish_time, 0U);
  EXPECT_LE(finish_time, 13U) << "a warning, listed with the warnings";
  // It was "declared-only" in one table and "reference-only" in the next.
  const std::regex finish_time_row(R"(\n\| `finish_time` \|[^\n]*)");
  for (auto match = std::sregex_iterator(section.begin(), section.end(), finish_time_row);
       match != std::sregex_iterator(); ++match) {
    EXPECT_EQ(match->str().find("reference-only"), std::string::npos) << match->str();
  }
  // The HTML field rows too.
  const std::string html = committed("compatibility.html");
  const std::size_t start = html.find("<section id=\"ActiveRun\">");
  const std::string html_section = html.substr(start, html.find("</section>", start) - start);
  const std::size_t fields = html_section.find("<h3>Fields</h3>");
  const std::string field_rows = html_section.substr(fields, html_section.find("</table>", fields) - fields);
  std::vector<int> html_ranks;
  const std::regex data(R"re(data-severity="(breaking|warning|info)")re");
  for (auto match = std::sregex_iterator(field_rows.begin(), field_rows.end(), data); match != std::sregex_iterator();
       ++match) {
    html_ranks.push_back((*match)[1] == "breaking" ? 0 : (*match)[1] == "warning" ? 1 : 2);
  }
  EXPECT_TRUE(std::is_sorted(html_ranks.begin(), html_ranks.end()));
}

// Each breaking issue appeared three times: field evidence, a readability
// table of messages cut mid-word, and the notes.
TEST(ReportSections, EachRefusalIsStatedOnce) {
  const std::string section = markdown_section("ActiveRun");
  const std::string message = "missing required key \"log_id\"";
  std::size_t count = 0;
  for (std::size_t at = section.find(message); at != std::string::npos; at = section.find(message, at + 1)) ++count;
  EXPECT_EQ(count, 1U) << section;
  EXPECT_NE(section.find("**refuses**: missing-required-key at `/log_id`"), std::string::npos);
}

// "CANDIDATE-ONLY" was never defined, and "same-after-conversion | breaking"
// read as a contradiction.
TEST(ReportSections, EveryStatusUsedIsDefined) {
  std::set<std::string> defined;
  for (const auto& [term, meaning] : report::report_terms()) defined.insert(term);
  const json::Document report = json::load_file(source_dir() / "reports/compatibility.json");
  for (const auto& structure : report.root()["structures"].GetArray()) {
    EXPECT_TRUE(defined.contains(structure["observed_status"].GetString())) << structure["observed_status"].GetString();
    EXPECT_TRUE(defined.contains(structure["declared_status"].GetString()));
    for (const auto& field : structure["fields"].GetArray()) {
      EXPECT_TRUE(defined.contains(field["status"].GetString())) << field["status"].GetString();
      EXPECT_TRUE(defined.contains(field["severity"].GetString()));
    }
  }
  EXPECT_EQ(report.root()["terms"].Size(), report::report_terms().size());
  const std::string markdown = committed("compatibility.md");
  EXPECT_NE(markdown.find("- **CANDIDATE-ONLY**: "), std::string::npos);
  EXPECT_NE(markdown.find("- **same-after-conversion**: equal values in different encodings"), std::string::npos);
  EXPECT_NE(committed("compatibility.html").find("<dt>CANDIDATE-ONLY</dt>"), std::string::npos);
}

// "12 of 12 claimed statuses differ" counted ENHANCED against CANDIDATE-ONLY.
TEST(ReportSections, EnhancedAgreesWithCandidateOnly) {
  EXPECT_TRUE(report::claim_agrees("ENHANCED", compare::StructureStatus::candidate_only));
  EXPECT_TRUE(report::claim_agrees("INCOMPATIBLE", compare::StructureStatus::incompatible));
  EXPECT_FALSE(report::claim_agrees("ENHANCED", compare::StructureStatus::no_json));
  EXPECT_FALSE(report::claim_agrees("FULLY COMPATIBLE", compare::StructureStatus::candidate_only));
  const json::Document report = json::load_file(source_dir() / "reports/compatibility.json");
  std::size_t differ = 0;
  for (const auto& structure : report.root()["structures"].GetArray()) {
    const std::string claimed = structure["claimed"].GetString();
    const std::string observed = structure["observed_status"].GetString();
    if (claimed != observed && !(claimed == "ENHANCED" && observed == "CANDIDATE-ONLY")) ++differ;
  }
  const std::string line = report.root()["conclusion"][report.root()["conclusion"].Size() - 1].GetString();
  EXPECT_TRUE(line.starts_with("Claims: " + std::to_string(differ) + " of 12 claimed statuses differ")) << line;
  EXPECT_LT(differ, 12U);
}

// The HTML lacked the Markdown's Conclusion: the two renderers had drifted.
TEST(ReportSections, MarkdownAndHtmlHaveTheSameConclusionAndSections) {
  const std::string markdown = committed("compatibility.md");
  const std::string html = committed("compatibility.html");
  const json::Document report = json::load_file(source_dir() / "reports/compatibility.json");
  for (const auto& line : report.root()["conclusion"].GetArray()) {
    EXPECT_NE(markdown.find(std::string("- ") + line.GetString() + "\n"), std::string::npos) << line.GetString();
    EXPECT_NE(html.find(std::string("<li>") + line.GetString() + "</li>"), std::string::npos) << line.GetString();
  }
  const std::regex heading(R"(\n## ([^\n]+)\n)");
  for (auto match = std::sregex_iterator(markdown.begin(), markdown.end(), heading); match != std::sregex_iterator();
       ++match) {
    const std::string title = (*match)[1];
    if (title == "What the document says about single attributes") continue;  // "Single attributes" in HTML
    EXPECT_TRUE(html.find(">" + title + "</h2>") != std::string::npos) << title;
  }
  for (const char* part : {"### Findings", "### Terms"}) EXPECT_NE(markdown.find(part), std::string::npos);
  for (const char* part : {"<h3>Findings</h3>", "<h3 id=\"terms\">Terms</h3>"}) {
    EXPECT_NE(html.find(part), std::string::npos);
  }
}

// Evidence values in the JSON report were strings holding JSON.
TEST(ReportSections, JsonEvidenceValuesAreJsonValues) {
  const json::Document report = json::load_file(source_dir() / "reports/compatibility.json");
  const rapidjson::Value& active_run = json_structure(report, "ActiveRun");
  bool string_seen = false;
  bool object_seen = false;
  for (const auto& field : active_run["fields"].GetArray()) {
    for (const auto& evidence : field["evidence"].GetArray()) {
      if (!evidence.HasMember("reference_value")) continue;
      const rapidjson::Value& value = evidence["reference_value"];
      if (std::string(field["name"].GetString()) == "start_time") {
        ASSERT_TRUE(value.IsString());
        EXPECT_EQ(std::string(value.GetString()).front(), '2') << "not a quoted string";
        string_seen = true;
      }
      if (std::string(field["name"].GetString()) == "backchannel" && value.IsObject()) object_seen = true;
    }
  }
  EXPECT_TRUE(string_seen);
  EXPECT_TRUE(object_seen);
}

}  // namespace
}  // namespace portcheck::test
