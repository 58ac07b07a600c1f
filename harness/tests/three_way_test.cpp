// A third side from data only: the project plus a Go side (a schema folder, a
// language profile, fixtures and a manifest entry, from
// harness/tests/projects/go-side/) gets a three-way report, and the Python vs
// Rust comparison in it stays what it was.

#include "json/canonical.hpp"
#include "json/document.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

/// Merges `patch` into `target`: objects member by member, arrays extended,
/// anything else replaced.
void merge(rapidjson::Value& target, const rapidjson::Value& patch, rapidjson::Document::AllocatorType& allocator) {
  if (target.IsObject() && patch.IsObject()) {
    for (const auto& member : patch.GetObject()) {
      const auto found = target.FindMember(member.name);
      if (found == target.MemberEnd()) {
        target.AddMember(rapidjson::Value(member.name, allocator), rapidjson::Value(member.value, allocator),
                         allocator);
      } else {
        merge(found->value, member.value, allocator);
      }
    }
    return;
  }
  if (target.IsArray() && patch.IsArray()) {
    for (const auto& item : patch.GetArray()) target.PushBack(rapidjson::Value(item, allocator), allocator);
    return;
  }
  target.CopyFrom(patch, allocator);
}

class ThreeWay : public testing::Test {
 protected:
  void SetUp() override {
    for (const char* folder : {"schemas", "fixtures", "reports"}) {
      std::filesystem::copy(source_dir() / folder, path(folder), std::filesystem::copy_options::recursive);
    }
    const std::filesystem::path overlay = source_dir() / "harness/tests/projects/go-side";
    for (const char* folder : {"schemas", "fixtures"}) {
      std::filesystem::copy(overlay / folder, path(folder),
                            std::filesystem::copy_options::recursive | std::filesystem::copy_options::skip_existing);
    }
    rapidjson::Document merged;
    merged.Parse(read_text(path("schemas/manifest.json")).c_str());
    const json::Document patch = json::load_file(overlay / "manifest.patch.json");
    merge(merged, patch.root(), merged.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    merged.Accept(writer);
    write_file(path("schemas/manifest.json"), buffer.GetString());
  }
  std::filesystem::path path(const std::string& relative) const { return project.path() / relative; }
  CommandResult portcheck(const std::vector<std::string>& arguments) {
    return run_portcheck(arguments, project.path());
  }
  TempDir project;
};

/// The JSON report's entries for one candidate, each as canonical text.
std::vector<std::string> entries_for(const json::Document& report, const std::string& candidate) {
  std::vector<std::string> entries;
  for (const auto& structure : report.root()["structures"].GetArray()) {
    if (candidate != structure["candidate_side"].GetString()) continue;
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    structure.Accept(writer);
    entries.push_back(json::canonical_text(json::parse(buffer.GetString(), "entry")));
  }
  return entries;
}

TEST_F(ThreeWay, ReportComparesTheReferenceWithEachCandidate) {
  const CommandResult report = portcheck({"report"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("Python vs Go:\n"), std::string::npos) << report.out;

  const std::string markdown = read_text(path("reports/compatibility.md"));
  EXPECT_NE(markdown.find("# Data structure compatibility: Python vs Rust, Go\n"), std::string::npos);
  EXPECT_NE(markdown.find("Python is the reference side, Rust, Go the candidates."), std::string::npos);
  for (const std::string heading : {"## Summary (vs Rust)", "## Summary (vs Go)", "## VcsInfo (vs Rust)",
                                    "## VcsInfo (vs Go)", "## Type mapping summary (vs Go)"}) {
    EXPECT_NE(markdown.find("\n" + heading + "\n"), std::string::npos) << heading;
  }
  EXPECT_NE(markdown.find("| [VcsInfo](#vcsinfo-vs-go) |"), std::string::npos) << "links reach each pair's section";

  const json::Document json = json::load_file(path("reports/compatibility.json"));
  const auto& candidates = json.root()["candidate_sides"];
  ASSERT_EQ(candidates.Size(), 2U);
  EXPECT_STREQ(candidates[0].GetString(), "rust");
  EXPECT_STREQ(candidates[1].GetString(), "go");
  // The Python vs Rust comparison is the committed one, entry by entry.
  const json::Document committed = json::load_file(source_dir() / "reports/compatibility.json");
  EXPECT_EQ(entries_for(json, "rust"), entries_for(committed, "rust"));
  // Go's VcsInfo pairs through the manifest's mapping keyed by side.
  bool paired = false;
  for (const auto& structure : json.root()["structures"].GetArray()) {
    if (std::string(structure["candidate_side"].GetString()) != "go") continue;
    if (std::string(structure["name"].GetString()) != "VcsInfo") {
      EXPECT_STRNE(structure["observed_status"].GetString(), "FULLY COMPATIBLE") << "go declares only VcsInfo";
      continue;
    }
    for (const auto& field : structure["fields"].GetArray()) {
      if (std::string(field["name"].GetString()) != "branch_url") continue;
      paired = true;
      EXPECT_STREQ(field["candidate"]["pointer"].GetString(), "/url");
      EXPECT_STREQ(field["status"].GetString(), "renamed");
      EXPECT_STREQ(field["pairing"].GetString(), "manifest");
    }
  }
  EXPECT_TRUE(paired);
  // Pair findings say which pair they belong to.
  bool qualified = false;
  for (const auto& finding : json.root()["findings"].GetArray()) {
    qualified = qualified || std::string(finding["id"].GetString()) == "VcsInfo/branch_url (vs go)/renamed";
  }
  EXPECT_TRUE(qualified) << "a field finding of the Go pair names the pair";

  const std::string html = read_text(path("reports/compatibility.html"));
  EXPECT_NE(html.find("<section id=\"vcsinfo-vs-go\">"), std::string::npos);
  const std::string junit = read_text(path("reports/compatibility.junit.xml"));
  EXPECT_NE(junit.find("<testsuite name=\"VcsInfo (vs Go)\""), std::string::npos);
}

TEST_F(ThreeWay, CheckGatesEveryPairAndDiffNamesTheSides) {
  ASSERT_EQ(portcheck({"report"}).exit_code, 0);
  const CommandResult before = portcheck({"check", "--quiet"});
  EXPECT_EQ(before.exit_code, 1);
  EXPECT_NE(before.out.find("VcsInfo.branch_url (vs go): renamed (warning) is not in reports/known-gaps.json"),
            std::string::npos)
      << before.out;
  EXPECT_EQ(before.out.find("report is stale"), std::string::npos) << before.out;
  const CommandResult update = portcheck({"check", "--update-known-gaps"});
  EXPECT_NE(update.out.find("added VcsInfo/branch_url (vs go)/renamed"), std::string::npos) << update.out;
  EXPECT_EQ(update.out.find("removed "), std::string::npos) << "the Rust pair's entries all still occur\n"
                                                            << update.out;

  const CommandResult ambiguous = portcheck({"diff", "fixtures/python/VcsInfo/all-keys-set.json",
                                             "fixtures/go/VcsInfo/all-keys-set.json", "--structure", "VcsInfo"});
  EXPECT_EQ(ambiguous.exit_code, 2);
  EXPECT_NE(ambiguous.err.find("the manifest has 2 candidate sides: name the two sides of the documents with --sides"),
            std::string::npos)
      << ambiguous.err;
  const CommandResult diff =
      portcheck({"diff", "fixtures/python/VcsInfo/all-keys-set.json", "fixtures/go/VcsInfo/all-keys-set.json",
                 "--structure", "VcsInfo", "--sides", "python,go"});
  EXPECT_EQ(diff.exit_code, 0) << diff.out << diff.err;
  EXPECT_NE(diff.out.find("branch_url  /branch_url  /url"), std::string::npos) << diff.out;
}

TEST_F(ThreeWay, AProfileIsCheckedWhenItLoads) {
  std::string profile = read_text(path("schemas/profiles/go.json"));
  const std::string family = "\"time.Time\": \"timestamp\"";
  ASSERT_NE(profile.find(family), std::string::npos);
  profile.replace(profile.find(family), family.size(), "\"time.Time\": \"instant\"");
  write_file(path("schemas/profiles/go.json"), profile);
  const CommandResult result = portcheck({"report", "--output", path("out").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("schemas/profiles/go.json:"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("at /families/time.Time: \"time.Time\" must be one of string, integer"), std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace portcheck::test
