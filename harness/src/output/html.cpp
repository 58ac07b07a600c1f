// The HTML report: the report's sections (sections.cpp) as one
// self-contained page for triage. It decides how things look, never what the
// report says.

#include "output/compatibility.hpp"
#include "report/escape.hpp"
#include "report/report.hpp"
#include "report/sections.hpp"

namespace portcheck::output {

// The report's model: its pairs, sections and verdicts.
using namespace report;

namespace {

std::string html(const std::string& text) { return html_escape(text); }

constexpr const char* kStyle = R"(
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1b1f23; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
code { background: #f6f8fa; padding: 0 0.2rem; white-space: nowrap; }
.scroll { overflow-x: auto; }
nav ul { columns: 3 14rem; }
details > summary { cursor: pointer; }
details > summary > h2 { display: inline; }
form#severity-filter { position: sticky; top: 0; background: #fff; padding: 0.4rem 0; border-bottom: 1px solid #d0d7de; }
td:nth-child(-n+5) { min-width: 7rem; }
.badge { border-radius: 0.3rem; color: #fff; font-weight: 600; padding: 0.1rem 0.4rem; white-space: nowrap; }
.fully { background: #1a7f37; } .enhanced { background: #0969da; } .mostly { background: #9a6700; }
.incompatible { background: #cf222e; } .one-sided { background: #6e7781; }
tr[data-severity="breaking"] td:first-child { border-left: 4px solid #cf222e; }
tr[data-severity="warning"] td:first-child { border-left: 4px solid #9a6700; }
section { border-top: 2px solid #d0d7de; margin-top: 2rem; }
)";

/// The severity filter: checkboxes that hide the rows of unticked
/// severities. Without script the page shows every row and no filter;
/// ?hide=info,warning in the address starts with those hidden.
constexpr const char* kFilterScript = R"(
(function () {
  var form = document.getElementById('severity-filter');
  var hidden = new URLSearchParams(location.search).get('hide');
  var boxes = form.querySelectorAll('input[name=severity]');
  boxes.forEach(function (box) {
    if (hidden && hidden.split(',').indexOf(box.value) >= 0) box.checked = false;
  });
  function apply() {
    var shown = {};
    boxes.forEach(function (box) { shown[box.value] = box.checked; });
    document.querySelectorAll('tr[data-severity]').forEach(function (row) {
      row.hidden = !shown[row.getAttribute('data-severity')];
    });
  }
  form.addEventListener('change', apply);
  form.hidden = false;
  apply();
})();
)";

std::string status_class(const std::string& status) {
  if (status == "FULLY COMPATIBLE") return "fully";
  if (status == "ENHANCED") return "enhanced";
  if (status == "MOSTLY COMPATIBLE") return "mostly";
  if (status == "INCOMPATIBLE") return "incompatible";
  return "one-sided";
}

std::string badge(const std::string& status) {
  return "<span class=\"badge " + status_class(status) + "\">" + html(status) + "</span>";
}

std::string inlines(const Inlines& runs) {
  std::string out;
  for (const Inline& run : runs) {
    switch (run.kind) {
      case Inline::Kind::text:
        out += html(run.text);
        break;
      case Inline::Kind::code:
        if (!run.text.empty()) out += "<code>" + html(run.text) + "</code>";
        break;
      case Inline::Kind::emphasis:
        out += "<em>" + html(run.text) + "</em>";
        break;
      case Inline::Kind::strong:
        out += "<strong>" + html(run.text) + "</strong>";
        break;
      case Inline::Kind::link:
        out += "<a href=\"" + html(run.target) + "\">" + html(run.text) + "</a>";
        break;
      case Inline::Kind::line_break:
        out += "<br>";
        break;
      case Inline::Kind::status:
        out += badge(run.text);
        break;
    }
  }
  return out;
}

/// Every table has a head with column headers for assistive technology, and
/// sits in a box that scrolls sideways rather than breaking identifiers.
void block(const Block& content, std::string& out) {
  switch (content.kind) {
    case Block::Kind::paragraph:
      out += "<p>" + inlines(content.text) + "</p>\n";
      break;
    case Block::Kind::list:
      out += "<ul>\n";
      for (const Inlines& item : content.items) out += "<li>" + inlines(item) + "</li>\n";
      out += "</ul>\n";
      break;
    case Block::Kind::terms:
      out += "<dl>\n";
      for (const auto& [term, meaning] : content.terms) {
        out += "<dt>" + html(term) + "</dt><dd>" + inlines(meaning) + "</dd>\n";
      }
      out += "</dl>\n";
      break;
    case Block::Kind::table:
      out += "<div class=\"scroll\"><table>\n<thead><tr>";
      for (const std::string& column : content.table.columns) out += "<th scope=\"col\">" + html(column) + "</th>";
      out += "</tr></thead>\n<tbody>\n";
      for (const Table::Row& row : content.table.rows) {
        out += row.severity.empty() ? "<tr>" : "<tr data-severity=\"" + html(row.severity) + "\">";
        for (const Inlines& value : row.cells) out += "<td>" + inlines(value) + "</td>";
        out += "</tr>\n";
      }
      out += "</tbody>\n</table></div>\n";
      break;
  }
}

void section(const Section& part, std::string& out) {
  if (part.level > 2) {
    out += "<h3" + (part.id.empty() ? std::string() : " id=\"" + html(part.id) + "\"") + ">" + html(part.title) +
           "</h3>\n";
    for (const Block& content : part.blocks) block(content, out);
    for (const Section& child : part.children) section(child, out);
    return;
  }
  out += "<section id=\"" + html(part.id) + "\">\n";
  // A structure folds without script: a reviewer closes the ones done with.
  if (part.structure) {
    out += "<details open>\n<summary><h2>" + html(part.title) + "</h2> " + badge(part.status) + "</summary>\n";
  } else {
    out += "<h2>" + html(part.title) + "</h2>\n";
  }
  for (const Block& content : part.blocks) block(content, out);
  for (const Section& child : part.children) section(child, out);
  out += std::string(part.structure ? "</details>\n" : "") + "</section>\n";
}

}  // namespace

std::string render_html(const compare::Comparison& comparison, const std::string& claims_source,
                        const std::filesystem::path& directory) {
  const ReportDocument document = build_report(comparison, claims_source, directory);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + html(document.title) + "</title>\n";
  out += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<header>\n";
  out += "<h1>" + html(document.title) + "</h1>\n";
  for (const Block& content : document.preamble) block(content, out);
  out += "</header>\n<nav aria-label=\"Contents\">\n<ul>\n";
  for (const Section& part : document.sections) {
    out += "<li><a href=\"#" + html(part.id) + "\">" + html(part.title) + "</a></li>\n";
  }
  out += "</ul>\n</nav>\n<main>\n";
  out +=
      "<form id=\"severity-filter\" hidden>Show rows: "
      "<label><input type=\"checkbox\" name=\"severity\" value=\"breaking\" checked> breaking</label> "
      "<label><input type=\"checkbox\" name=\"severity\" value=\"warning\" checked> warning</label> "
      "<label><input type=\"checkbox\" name=\"severity\" value=\"info\" checked> info</label></form>\n";
  for (const Section& part : document.sections) section(part, out);
  out += "</main>\n<script>" + std::string(kFilterScript) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace portcheck::output
