// The HTML report in a real browser (Debian's Chromium, headless): the page
// runs its script without a console message, the severity filter hides what
// it should, every section is reachable from the table of contents, and every
// link resolves from wherever --output wrote the report.

#include <regex>
#include <set>

#include "test_support.hpp"

namespace portcheck::test {
namespace {

struct Page {
  std::string dom;      ///< the document after its script ran
  std::string console;  ///< what the page wrote to the console
};

/// Loads `url` in headless Chromium and returns the DOM it ends with.
Page load(const std::string& url, const std::filesystem::path& scratch) {
  const std::filesystem::path dom = scratch / "dom.html";
  const std::filesystem::path log = scratch / "chromium.log";
  // As root (CI) Chromium needs --no-sandbox; its profile goes to scratch.
  const std::string command = "chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir='" +
                              (scratch / "profile").string() + "' --enable-logging=stderr --v=0 --dump-dom '" + url +
                              "' >'" + dom.string() + "' 2>'" + log.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << read_text(log);
  Page page{read_text(dom), ""};
  const std::regex console_line(R"([^\n]*CONSOLE[^\n]*)");
  const std::string text = read_text(log);
  for (auto match = std::sregex_iterator(text.begin(), text.end(), console_line); match != std::sregex_iterator();
       ++match) {
    page.console += match->str() + "\n";
  }
  return page;
}

std::size_t count_of(const std::string& text, const std::regex& pattern) {
  return static_cast<std::size_t>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), pattern), std::sregex_iterator()));
}

TEST(HtmlReportInABrowser, FilterSectionsLinksAndNoConsoleErrors) {
  ASSERT_EQ(std::system("command -v chromium >/dev/null"), 0) << "scripts/setup installs Debian's chromium";
  const TempDir scratch;
  // Written outside the project: the links still have to resolve.
  const std::filesystem::path output = scratch.path() / "elsewhere/out";
  ASSERT_EQ(run_portcheck({"report", "--output", output.string()}).exit_code, 0);
  const std::filesystem::path report = output / "compatibility.html";
  const std::string url = "file://" + report.string();

  const Page page = load(url, scratch.path());
  EXPECT_EQ(page.console, "") << "the page writes nothing to the console";
  const std::string& dom = page.dom;
  EXPECT_NE(dom.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(dom.find("<meta name=\"viewport\""), std::string::npos);
  EXPECT_NE(dom.find("<main>"), std::string::npos);
  EXPECT_NE(dom.find("<nav aria-label=\"Contents\">"), std::string::npos);
  // Every table has a head with column headers; the filter is shown.
  const std::size_t tables = count_of(dom, std::regex("<table>"));
  EXPECT_GT(tables, 20U);
  EXPECT_EQ(count_of(dom, std::regex("<thead>")), tables);
  EXPECT_EQ(count_of(dom, std::regex("<tbody>")), tables);
  EXPECT_NE(dom.find("<form id=\"severity-filter\">"), std::string::npos) << "the script unhides the filter";
  // Every structure is a collapsible section, open at first.
  const std::regex section(R"re(<section id="([A-Za-z]+)">\s*<details open="">)re");
  std::set<std::string> structures;
  for (auto match = std::sregex_iterator(dom.begin(), dom.end(), section); match != std::sregex_iterator(); ++match) {
    structures.insert((*match)[1]);
  }
  EXPECT_EQ(structures.size(), 12U);
  for (const std::string name : {"ActiveRun", "WorkerResult", "VcsInfo"}) EXPECT_TRUE(structures.contains(name));
  // No row is hidden until asked.
  EXPECT_EQ(count_of(dom, std::regex(R"(<tr data-severity="[a-z]+" hidden)")), 0U);

  // Every in-page link has its target; every file link resolves.
  const std::regex href(R"re(href="([^"]*)")re");
  std::size_t files = 0;
  for (auto match = std::sregex_iterator(dom.begin(), dom.end(), href); match != std::sregex_iterator(); ++match) {
    const std::string target = (*match)[1];
    if (target.starts_with("#")) {
      EXPECT_NE(dom.find("id=\"" + target.substr(1) + "\""), std::string::npos) << target;
      continue;
    }
    ++files;
    std::string path;  // percent-decoded
    for (std::size_t at = 0; at < target.size(); ++at) {
      if (target[at] == '%' && at + 2 < target.size()) {
        path += static_cast<char>(std::stoi(target.substr(at + 1, 2), nullptr, 16));
        at += 2;
      } else {
        path += target[at];
      }
    }
    EXPECT_TRUE(std::filesystem::is_regular_file(output / path)) << target;
  }
  EXPECT_GT(files, 100U);

  // ?hide=info: the filter hides exactly the info rows.
  const Page filtered = load(url + "?hide=info", scratch.path());
  EXPECT_EQ(filtered.console, "");
  const std::size_t info = count_of(filtered.dom, std::regex(R"(<tr data-severity="info")"));
  EXPECT_GT(info, 10U);
  EXPECT_EQ(count_of(filtered.dom, std::regex(R"(<tr data-severity="info" hidden="")")), info);
  EXPECT_EQ(count_of(filtered.dom, std::regex(R"re(<tr data-severity="(breaking|warning)" hidden)re")), 0U);
}

// Identifiers were wrapped mid-token and backticks shown literally.
TEST(HtmlReport, IdentifiersStayWholeAndBackticksBecomeCode) {
  const std::string html = read_text(source_dir() / "reports/compatibility.html");
  EXPECT_EQ(html.find("overflow-wrap: anywhere"), std::string::npos);
  EXPECT_NE(html.find("code { background: #f6f8fa; padding: 0 0.2rem; white-space: nowrap; }"), std::string::npos);
  // The rules and the terms mark identifiers with backticks in their source.
  const std::size_t rules = html.find("<section id=\"rules\">");
  ASSERT_NE(rules, std::string::npos);
  const std::string rules_section = html.substr(rules, html.find("</section>", rules) - rules);
  EXPECT_NE(rules_section.find("<code>same</code>"), std::string::npos) << rules_section;
  EXPECT_EQ(rules_section.find('`'), std::string::npos) << rules_section;
}

}  // namespace
}  // namespace portcheck::test
