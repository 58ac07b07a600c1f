#include <algorithm>
#include <filesystem>

#include "compare/findings.hpp"
#include "report/escape.hpp"
#include "report/report.hpp"
#include "report/type_mapping.hpp"
#include "report/verdict.hpp"

namespace portcheck::report {

namespace {

std::string html(const std::string& text) { return html_escape(text); }

std::string status_class(compare::StructureStatus status) {
  switch (status) {
    case compare::StructureStatus::fully_compatible:
      return "fully";
    case compare::StructureStatus::enhanced:
      return "enhanced";
    case compare::StructureStatus::mostly_compatible:
      return "mostly";
    case compare::StructureStatus::incompatible:
      return "incompatible";
    default:
      return "one-sided";
  }
}

std::string badge(compare::StructureStatus status) {
  return "<span class=\"badge " + status_class(status) + "\">" + compare::to_string(status) + "</span>";
}

/// Links from the report's folder to the fixture files behind a finding.
std::string links(const std::string& reference_file, const std::string& candidate_file,
                  const std::filesystem::path& directory) {
  std::string text;
  for (const auto& [file, label] : {std::pair{reference_file, "ref"}, std::pair{candidate_file, "cand"}}) {
    if (file.empty()) continue;
    text += std::string(text.empty() ? " (" : ", ") + "<a href=\"" + html(link_to(file, directory)) + "\">" + label +
            "</a>";
  }
  return text.empty() ? text : text + ")";
}

std::string code(const std::string& text) { return text.empty() ? "" : "<code>" + html(shorten(text, 90)) + "</code>"; }

/// Prose that marks identifiers with Markdown backticks, as HTML: escaped,
/// and each `name` in <code> rather than shown with its backticks.
std::string prose(const std::string& text) {
  std::string out;
  bool inside = false;
  std::size_t start = 0;
  for (std::size_t at = text.find('`'); at != std::string::npos; at = text.find('`', start)) {
    out += html(text.substr(start, at - start)) + (inside ? "</code>" : "<code>");
    inside = !inside;
    start = at + 1;
  }
  out += html(text.substr(start));
  return inside ? out + "</code>" : out;
}

/// Every table's first row is its head: <thead> with column headers for
/// assistive technology, the rest in <tbody>; each table in a box that
/// scrolls sideways rather than breaking identifiers mid-token.
std::string with_table_heads(const std::string& page) {
  std::string out;
  std::size_t position = 0;
  for (std::size_t table = page.find("<table>\n<tr>"); table != std::string::npos;
       table = page.find("<table>\n<tr>", position)) {
    const std::size_t head_end = page.find("</tr>\n", table);
    const std::size_t table_end = page.find("</table>", head_end);
    std::string head = page.substr(table + 8, head_end + 6 - table - 8);
    for (std::size_t at = head.find("<th>"); at != std::string::npos; at = head.find("<th>", at)) {
      head.replace(at, 4, "<th scope=\"col\">");
    }
    out += page.substr(position, table - position) + "<div class=\"scroll\"><table>\n<thead>" + head +
           "</thead>\n<tbody>\n" + page.substr(head_end + 6, table_end - head_end - 6) + "</tbody>\n</table></div>";
    position = table_end + 8;
  }
  return out + page.substr(position);
}

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
td.breaking { color: #cf222e; font-weight: 600; } td.warning { color: #9a6700; } td.info { color: #57606a; }
td.unreadable { color: #cf222e; } td.reads { color: #1a7f37; }
section { border-top: 2px solid #d0d7de; margin-top: 2rem; }
)";

std::string changes_html(const std::vector<compare::SilentChange>& changes) {
  std::string text;
  for (const auto& change : changes) {
    text += "<div>" + html(compare::to_string(change.kind)) + " " + code(change.pointer);
    if (change.kind == compare::ChangeKind::changed) text += ": " + code(change.written) + " → " + code(change.read);
    if (change.kind == compare::ChangeKind::added) text += ": " + code(change.read);
    text += "</div>";
  }
  return text;
}

std::string attribute_claims_html(const compare::Comparison& comparison) {
  if (comparison.attribute_claims.empty()) return "";
  std::string out =
      "<h2 id=\"attribute-claims\">What the document says about single attributes</h2>\n<table>\n"
      "<tr><th>Attribute</th><th>The document says</th><th>Claim</th>";
  std::vector<std::string> sides{comparison.reference_side};
  sides.insert(sides.end(), comparison.candidate_sides.begin(), comparison.candidate_sides.end());
  for (const std::string& side : sides) out += "<th>" + html(side_title(side)) + " code</th>";
  out += "<th>Verdict</th></tr>\n";
  for (const auto& check : comparison.attribute_claims) {
    out += "<tr><td>" + code(check.structure + "." + check.attribute) + "</td><td>" + html(check.claim) + "</td><td>" +
           html(check.statement) + "</td>";
    for (const std::string& side : sides) {
      std::string facts_text = "—";
      for (const auto& facts : check.sides) {
        if (facts.side != side) continue;
        facts_text = (facts.declared ? "declares " + code(facts.declared_type) : std::string("does not declare it")) +
                     "; " + html(facts.written);
      }
      out += "<td>" + facts_text + "</td>";
    }
    out += "<td>" + html(check.verdict) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

std::string structure_evidence_html(const compare::StructureComparison& structure) {
  std::string out;
  if (!structure.code.empty()) {
    out += "<ul>\n";
    for (const auto& [side, code_summary] : structure.code) {
      out += "<li>" + html(side_title(side)) + " code: " + code(code_summary.definition) + " (" +
             html(code_summary.location) + ")" +
             (code_summary.writes || code_summary.reads
                  ? ": writes with " + html(code_summary.writes ? code_summary.serializer : "nothing") +
                        ", reads with " + html(code_summary.reads ? code_summary.reader : "nothing")
                  : std::string(": no JSON form")) +
             (code_summary.why_not.empty() ? "" : " (" + html(code_summary.why_not) + ")") + "</li>\n";
    }
    out += "</ul>\n";
  }
  if (!structure.outcomes.empty()) {
    out +=
        "<h3>Scenarios the real code could not write as given</h3>\n<table>\n<tr><th>Side</th><th>Scenario</th>"
        "<th>Outcome</th><th>What happened</th></tr>\n";
    for (const auto& [side, outcome] : structure.outcomes) {
      std::string what = code(outcome.error);
      if (!outcome.during.empty()) what += " in " + code(outcome.during);
      for (const std::string& value : outcome.unused) what += "<div>no place for " + code(value) + "</div>";
      for (const auto& difference : outcome.differences) {
        what += "<div>holds " + code(difference.attribute) + " as " + code(difference.read) + ", not " +
                code(difference.scenario) + "</div>";
      }
      out += "<tr><td>" + html(side) + "</td><td>" + html(outcome.scenario) + "</td><td>" +
             html(compare::to_string(outcome.kind)) + "</td><td>" + what + "</td></tr>\n";
    }
    out += "</table>\n";
  }
  return out;
}

std::string document_html(const compare::StructureComparison& structure) {
  if (structure.document.empty() && structure.document_notes.empty()) return "";
  std::string out = "<h3>Document vs code</h3>\n";
  if (!structure.document_notes.empty()) {
    out += "<ul>\n";
    for (const std::string& note : structure.document_notes) out += "<li>" + html(note) + "</li>\n";
    out += "</ul>\n";
  }
  if (!structure.document.empty()) {
    out +=
        "<table>\n<tr><th>Side</th><th>Attribute</th><th>Document</th><th>Code</th><th>Status</th><th>Note</th></tr>\n";
    for (const auto& row : structure.document) {
      out += "<tr><td>" + html(row.side) + "</td><td>" + html(row.attribute) + "</td><td>" + code(row.document_type) +
             "</td><td>" + code(row.code_type) + "</td><td>" + html(compare::to_string(row.status)) + "</td><td>" +
             html(row.note) + "</td></tr>\n";
    }
    out += "</table>\n";
  }
  return out;
}

void summary_html(const PairView& pair, std::string& out) {
  out += "<h2 id=\"summary" + (pair.suffix.empty() ? "" : "-" + pair.candidate) + "\">Summary" + html(pair.suffix) +
         "</h2>\n<table>\n<tr><th>Structure</th><th>Claimed</th><th>Declared types</th>"
         "<th>Observed wire</th><th>Breaking</th><th>Warning</th><th>Info</th></tr>\n";
  for (const compare::StructureComparison* structure : pair.structures) {
    const compare::FindingCounts counts = compare::count_findings(compare::structure_findings(*structure));
    out += "<tr><td><a href=\"#" + html(pair.anchor(structure->structure)) + "\">" + html(structure->structure) +
           "</a></td><td>" + html(structure->claimed.empty() ? "—" : structure->claimed) + "</td><td>" +
           badge(structure->declared_status) + "</td><td>" + badge(structure->observed_status) + "</td><td>" +
           std::to_string(counts.breaking) + "</td><td>" + std::to_string(counts.warning) + "</td><td>" +
           std::to_string(counts.info) + "</td></tr>\n";
  }
  out += "</table>\n";
}

void fields_html(const PairView& pair, const compare::StructureComparison& structure, std::string& out) {
  const std::string reference = side_title(pair.reference);
  const std::string candidate = side_title(pair.candidate);
  out += "<h3>Fields</h3>\n<table>\n<tr><th>Field</th><th>" + html(reference) + " key</th><th>" + html(reference) +
         " type</th><th>" + html(candidate) + " key</th><th>" + html(candidate) +
         " type</th><th>Status</th><th>Severity</th><th>Evidence</th></tr>\n";
  for (const compare::FieldComparison* ordered : fields_by_severity(structure.fields)) {
    const compare::FieldComparison& field = *ordered;
    std::string evidence;
    for (const auto& item : field.evidence) {
      evidence += "<div><em>" + html(item.scenario) + "</em>" +
                  links(item.reference_file, item.candidate_file, pair.directory) + ": " +
                  code(codec::shown(item.reference_value)) + " vs " + code(codec::shown(item.candidate_value)) +
                  (item.note.empty() ? "" : " (" + html(item.note) + ")") + "</div>";
    }
    out += "<tr data-severity=\"" + compare::to_string(field.severity) + "\"><td>" + code(field.name) + "</td><td>" +
           code(field.reference_pointer) + "</td><td>" + code(field.reference_type) + "</td><td>" +
           code(field.candidate_pointer) + "</td><td>" + code(field.candidate_type) + "</td><td>" +
           compare::to_string(field.status) + "</td><td class=\"" + compare::to_string(field.severity) + "\">" +
           compare::to_string(field.severity) + "</td><td>" + evidence + "</td></tr>\n";
  }
  out += "</table>\n";
}

void readability_html(const PairView& pair, const compare::StructureComparison& structure, std::string& out) {
  if (structure.readability.empty()) return;
  out +=
      "<h3>Readability</h3>\n<table>\n<tr><th>Fixture</th><th>Writer → reader</th><th>Predicted</th>"
      "<th>Real reader</th><th>Silent changes</th></tr>\n";
  for (const auto& readability : structure.readability) {
    std::string verdict;
    for (const auto& refusal : readability.refusals) verdict += "<div>" + html(compare::describe(refusal)) + "</div>";
    std::string observed = "—";
    if (readability.observed) {
      observed = readability.observed_readable ? "accepts" : "refuses: " + code(readability.observed_error);
      if (!readability.agrees()) observed += " <strong>(the prediction disagrees)</strong>";
    }
    out += "<tr><td>" + html(readability.scenario) + links(readability.file, "", pair.directory) + "</td><td>" +
           html(readability.writer) + " → " + html(readability.reader) + "</td><td class=\"" +
           (readability.readable ? "reads" : "unreadable") + "\">" +
           (readability.readable ? "reads" : "refuses" + verdict) + "</td><td class=\"" +
           (!readability.observed || readability.observed_readable ? "reads" : "unreadable") + "\">" + observed +
           "</td><td>" + changes_html(readability.silent_changes) + "</td></tr>\n";
  }
  out += "</table>\n";
}

void declared_html(const PairView& pair, const compare::StructureComparison& structure, std::string& out) {
  if (structure.declared.empty()) return;
  out += "<h3>Declared types</h3>\n<table>\n<tr><th>Attribute</th><th>" + html(side_title(pair.reference)) +
         "</th><th>" + html(side_title(pair.candidate)) + "</th><th>Status</th><th>Note</th></tr>\n";
  for (const auto& declared : structure.declared) {
    out += "<tr><td>" + html(declared.attribute) + "</td><td>" + code(declared.reference_type) + "</td><td>" +
           code(declared.candidate_type) + "</td><td>" + compare::to_string(declared.status) + "</td><td>" +
           html(declared.note) + "</td></tr>\n";
  }
  out += "</table>\n";
}

/// The first screen of a structure: compatible? why not? accepted or new?
/// what next? Then each finding once, most severe first.
void verdict_html(const compare::StructureComparison& structure, const Verdict& verdict, std::string& out) {
  out += "<p class=\"verdict\"><strong>Verdict: " + badge(structure.observed_status);
  for (std::size_t index = 0; index < verdict.reasons.size(); ++index) {
    out += (index ? "; " : " ") + code(verdict.reasons[index]);
  }
  out += "</strong></p>\n<p>" + html(verdict.tally()) + ". <strong>Next:</strong> " + html(verdict.next) + "</p>\n";
}

void findings_html(const Verdict& verdict, std::string& out) {
  if (verdict.findings.empty()) return;
  out +=
      "<h3>Findings</h3>\n<p>One row per field and rule, with every scenario where it occurs.</p>\n<table>\n"
      "<tr><th>Severity</th><th>Field</th><th>Rule</th><th>Scenarios</th><th>Known gap</th><th>What "
      "happens</th></tr>\n";
  for (const FindingRow& row : verdict.findings) {
    const std::string severity = compare::to_string(row.finding.severity);
    const std::string known = row.known                                            ? "yes: " + html(row.reason)
                              : row.finding.severity >= compare::Severity::warning ? std::string("<strong>new</strong>")
                                                                                   : std::string("— (info)");
    out += "<tr data-severity=\"" + severity + "\"><td class=\"" + severity + "\">" + severity + "</td><td>" +
           code(row.finding.field) + "</td><td>" + code(compare::rule_id(row.finding.rule)) + "</td><td>" +
           html(scenario_list(row.finding.scenarios)) + "</td><td>" + known + "</td><td>" +
           html(shorten(row.finding.message, 300)) + "</td></tr>\n";
  }
  out += "</table>\n";
}

void structure_html(const compare::Comparison& comparison, const PairView& pair,
                    const compare::StructureComparison& structure, std::string& out) {
  const Verdict verdict = verdict_of(structure, comparison.known_gaps);
  // Collapsible without script: a reviewer folds the structures done with.
  out += "<section id=\"" + html(pair.anchor(structure.structure)) + "\">\n<details open>\n<summary><h2>" +
         html(structure.structure) + html(pair.suffix) + "</h2> " + badge(structure.observed_status) + "</summary>\n";
  verdict_html(structure, verdict, out);
  if (!structure.description.empty()) out += "<p>" + html(structure.description) + "</p>\n";
  out += "<p>Claimed: <strong>" + html(structure.claimed.empty() ? "—" : structure.claimed) +
         "</strong> · Declared types: " + badge(structure.declared_status) +
         " · Observed wire: " + badge(structure.observed_status) + "</p>\n";
  out += structure_evidence_html(structure);
  findings_html(verdict, out);
  fields_html(pair, structure, out);
  readability_html(pair, structure, out);
  declared_html(pair, structure, out);
  out += document_html(structure);
  if (!structure.notes.empty()) {
    out += "<h3>Notes</h3>\n<ul>\n";
    for (const auto& note : structure.notes) out += "<li>" + prose(note) + "</li>\n";
    out += "</ul>\n";
  }
  out += "</details>\n</section>\n";
}

void database_html(const compare::Comparison& comparison, std::string& out) {
  if (!comparison.storage_checked) return;
  out += "<section id=\"database\">\n<h2>Database</h2>\n<p>Column types read from " + code(comparison.storage_source) +
         ".</p>\n<table>\n<tr><th>Column</th><th>Type</th><th>Nullable</th><th>Side</th><th>Field</th><th>Declared</th>"
         "<th>Verdict</th><th>Severity</th><th>Note</th></tr>\n";
  for (const auto& finding : comparison.storage) {
    out += "<tr data-severity=\"" + compare::to_string(finding.severity) + "\"><td>" +
           code(finding.table + "." + finding.column) + "</td><td>" + code(finding.column_type) + "</td><td>" +
           (finding.nullable ? "yes" : "no") + "</td><td>" + html(finding.side) + "</td><td>" +
           code(finding.structure + finding.field) + "</td><td>" + code(finding.declared_type) + "</td><td>" +
           html(compare::rule_id(finding.rule)) + "</td><td class=\"" + compare::to_string(finding.severity) + "\">" +
           compare::to_string(finding.severity) + "</td><td>" + html(finding.message) + "</td></tr>\n";
  }
  out += "</table>\n</section>\n";
}

void type_mapping_html(const PairView& pair, std::string& out) {
  out += "<section id=\"type-mapping" + (pair.suffix.empty() ? "" : "-" + pair.candidate) +
         "\">\n<h2>Type mapping summary" + html(pair.suffix) + "</h2>\n<table>\n<tr><th>" +
         html(side_title(pair.reference)) + " type</th><th>" + html(side_title(pair.candidate)) +
         " type</th><th>Fields</th><th>Statuses</th><th>" + html(pair.reference) + " → " + html(pair.candidate) +
         "</th><th>" + html(pair.candidate) + " → " + html(pair.reference) + "</th></tr>\n";
  for (const TypeMapping& mapping : type_mappings(pair.structures)) {
    std::string statuses;
    for (const auto& [status, count] : mapping.statuses) {
      statuses += (statuses.empty() ? "" : ", ") + status + " ×" + std::to_string(count);
    }
    std::string fields;
    for (const auto& field : mapping.fields) fields += (fields.empty() ? "" : ", ") + field;
    out += "<tr><td>" + code(mapping.reference_type) + "</td><td>" + code(mapping.candidate_type) + "</td><td>" +
           html(fields) + "</td><td>" + html(statuses) + "</td><td>" +
           html(direction_verdict(mapping, pair.reference, pair.candidate)) + "</td><td>" +
           html(direction_verdict(mapping, pair.candidate, pair.reference)) + "</td></tr>\n";
  }
  out += "</table>\n</section>\n";
}

}  // namespace

std::string render_html(const compare::Comparison& comparison, const std::string& claims_source,
                        const std::filesystem::path& directory) {
  const std::string title = comparison_title(comparison);
  std::string candidates;
  for (const std::string& candidate : comparison.candidate_sides) {
    candidates += (candidates.empty() ? "" : ", ") + side_title(candidate);
  }
  const std::vector<PairView> pairs = pair_views(comparison, directory);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>Data structure compatibility: " + html(title) + "</title>\n";
  out += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<header>\n";
  out += "<h1>Data structure compatibility: " + html(title) + "</h1>\n";
  out += "<p>Generated by <code>portcheck report</code> from <code>schemas/</code> and <code>fixtures/</code>. " +
         html(side_title(comparison.reference_side)) + " is the reference side, " + html(candidates) +
         (comparison.candidate_sides.size() == 1 ? " the candidate" : " the candidates") +
         ". Claims checked: " + (claims_source.empty() ? "none" : code(claims_source)) + ".</p>\n</header>\n";

  // A table of contents: every section, and every structure.
  out += "<nav aria-label=\"Contents\">\n<ul>\n";
  for (const PairView& pair : pairs) {
    out += "<li><a href=\"#summary" + (pair.suffix.empty() ? "" : "-" + pair.candidate) + "\">Summary" +
           html(pair.suffix) + "</a></li>\n";
  }
  if (!comparison.attribute_claims.empty()) out += "<li><a href=\"#attribute-claims\">Single attributes</a></li>\n";
  out += "<li><a href=\"#rules\">Comparison rules</a></li>\n";
  for (const PairView& pair : pairs) {
    for (const compare::StructureComparison* structure : pair.structures) {
      out += "<li><a href=\"#" + html(pair.anchor(structure->structure)) + "\">" + html(structure->structure) +
             html(pair.suffix) + "</a></li>\n";
    }
  }
  if (comparison.storage_checked) out += "<li><a href=\"#database\">Database</a></li>\n";
  for (const PairView& pair : pairs) {
    out += "<li><a href=\"#type-mapping" + (pair.suffix.empty() ? "" : "-" + pair.candidate) +
           "\">Type mapping summary" + html(pair.suffix) + "</a></li>\n";
  }
  out += "<li><a href=\"#conclusion\">Conclusion</a></li>\n";
  out += "</ul>\n</nav>\n<main>\n";
  out +=
      "<form id=\"severity-filter\" hidden>Show rows: "
      "<label><input type=\"checkbox\" name=\"severity\" value=\"breaking\" checked> breaking</label> "
      "<label><input type=\"checkbox\" name=\"severity\" value=\"warning\" checked> warning</label> "
      "<label><input type=\"checkbox\" name=\"severity\" value=\"info\" checked> info</label></form>\n";
  for (const PairView& pair : pairs) summary_html(pair, out);
  out += attribute_claims_html(comparison) + "<h2 id=\"rules\">Comparison rules</h2>\n<ul>\n";
  for (const std::string& rule : comparison.rules) out += "<li>" + prose(rule) + "</li>\n";
  out += "</ul>\n<h3 id=\"terms\">Terms</h3>\n<dl>\n";
  for (const auto& [term, meaning] : report_terms()) {
    out += "<dt>" + html(term) + "</dt><dd>" + prose(meaning) + "</dd>\n";
  }
  out += "</dl>\n";
  for (const PairView& pair : pairs) {
    for (const compare::StructureComparison* structure : pair.structures) {
      structure_html(comparison, pair, *structure, out);
    }
  }
  database_html(comparison, out);
  for (const PairView& pair : pairs) type_mapping_html(pair, out);
  out += "<section id=\"conclusion\">\n<h2>Conclusion</h2>\n<ul>\n";
  for (const std::string& line : conclusion_lines(comparison)) out += "<li>" + html(line) + "</li>\n";
  out += "</ul>\n</section>\n</main>\n<script>" + std::string(kFilterScript) + "</script>\n</body>\n</html>\n";
  return with_table_heads(out);
}

}  // namespace portcheck::report
