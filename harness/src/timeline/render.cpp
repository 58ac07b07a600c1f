// The timeline in Markdown, HTML and JSON. Markdown and HTML say the same
// things in the same order and are deterministic (same evidence, same
// bytes); JSON adds how each revision's evidence was had (captured now, from
// the cache) and what the capture took.

#include <algorithm>

// RapidJSON through portcheck's header first (its assertions throw), then
// the writer it does not include.
#include "json/rapidjson.hpp"
// (a block of its own, so that include sorting keeps this order)
#include <rapidjson/prettywriter.h>

#include "report/escape.hpp"
#include "timeline/timeline.hpp"

namespace portcheck::timeline {

namespace {

/// A revision as a column head: "49c3af7f (2025-05-25)".
std::string column_head(const Revision& revision) { return revision.short_commit + " (" + revision.date + ")"; }

/// "INCOMPATIBLE · 17 findings, 4 breaking · +1 −2", or "no evidence".
std::string cell_text(const Cell& cell) {
  if (!cell.evidence) return "no evidence";
  std::string text =
      cell.status + " · " + std::to_string(cell.findings) + (cell.findings == 1 ? " finding" : " findings");
  if (cell.breaking > 0) text += ", " + std::to_string(cell.breaking) + " breaking";
  if (cell.opened > 0 || cell.closed > 0 || cell.changed > 0) {
    text += " · +" + std::to_string(cell.opened) + " −" + std::to_string(cell.closed);
    if (cell.changed > 0) text += " ~" + std::to_string(cell.changed);
  }
  return text;
}

/// "=" for a cell that says what the previous column's says, with nothing
/// opened or closed: in a long range, the changes are what stands out.
std::string shown_cell(const Row& row, std::size_t column) {
  const Cell& cell = row.cells[column];
  if (column > 0 && cell.evidence && cell.opened == 0 && cell.closed == 0 && cell.changed == 0) {
    const Cell& before = row.cells[column - 1];
    if (before.evidence && before.status == cell.status && before.findings == cell.findings &&
        before.breaking == cell.breaking) {
      return "=";
    }
  }
  return cell_text(cell);
}

/// Findings that opened or closed within the range first (by the column
/// they first changed at), then those there throughout; by id within each.
std::vector<const FindingHistory*> findings_in_order(const Timeline& timeline) {
  std::vector<const FindingHistory*> ordered;
  for (const FindingHistory& finding : timeline.findings) ordered.push_back(&finding);
  const auto first_change = [](const FindingHistory* finding) -> std::size_t {
    const Span& span = finding->spans.front();
    if (span.opened > 0) return span.opened;
    if (span.closed) return *span.closed;
    return SIZE_MAX;
  };
  std::stable_sort(ordered.begin(), ordered.end(), [&](const FindingHistory* left, const FindingHistory* right) {
    return first_change(left) < first_change(right);
  });
  return ordered;
}

bool changed_in_range(const FindingHistory& finding) {
  return finding.spans.size() > 1 || finding.spans.front().opened > 0 || finding.spans.front().closed.has_value();
}

/// "49c3af7f", or "at or before 49c3af7f (the base)" for column 0.
std::string opened_at(const Timeline& timeline, const Span& span) {
  const std::string& commit = timeline.columns[span.opened].revision.short_commit;
  return span.opened == 0 ? "at or before " + commit + " (the base)" : commit;
}

std::string closed_at(const Timeline& timeline, const Span& span) {
  return span.closed ? timeline.columns[*span.closed].revision.short_commit : "open at the tip";
}

std::string md_cell(const std::string& text) {
  std::string escaped;
  for (const char character : text) {
    if (character == '|') {
      escaped += "\\|";
    } else if (character == '\n' || character == '\r') {
      escaped += ' ';
    } else if (character == '<') {
      escaped += "&lt;";
    } else if (character == '>') {
      escaped += "&gt;";
    } else {
      escaped += character;
    }
  }
  return escaped;
}

/// Why a revision has no evidence, on one line: what failed and its cause
/// (the exception and where it was raised), the lines after the first
/// joined, cut at 400 characters.
std::string failure_cell(const std::string& failure) {
  std::string text;
  std::size_t start = 0;
  for (int line = 0; line < 3 && start <= failure.size(); ++line) {
    const std::size_t end = std::min(failure.find('\n', start), failure.size());
    const std::string part = failure.substr(start, end - start);
    if (!part.empty()) text += (text.empty() ? "" : line == 1 ? ": " : "; ") + part;
    start = end + 1;
  }
  if (text.size() > 400) {
    std::size_t cut = 399;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    text = text.substr(0, cut) + "…";
  }
  return text;
}

std::size_t changed_count(const Timeline& timeline) {
  return static_cast<std::size_t>(
      std::count_if(timeline.findings.begin(), timeline.findings.end(),
                    [](const FindingHistory& finding) { return changed_in_range(finding); }));
}

std::string summary(const Timeline& timeline) {
  return std::to_string(timeline.columns.size()) + " revisions of " + timeline.repository + ": the base " +
         timeline.base.substr(0, 8) + " and each commit up to " + timeline.tip.substr(0, 8) +
         " that touched a file the manifest or its channels name. " + std::to_string(timeline.findings.size()) +
         " findings, " + std::to_string(changed_count(timeline)) + " of them opened or closed within the range.";
}

constexpr const char* kCellLegend =
    "Each cell: the row's status at that revision (a structure's compatibility, or the severity of a channel's "
    "most severe finding), its findings and how many break, and +opened −closed: the findings it gained and lost "
    "against the previous revision with evidence, ~changed: those still there with another severity or in other "
    "scenarios. \"=\": as in the previous column.";

}  // namespace

std::string render_markdown(const Timeline& timeline) {
  std::string out = "# Compatibility timeline\n\n" + md_cell(summary(timeline)) + "\n\n## Revisions\n\n";
  out += "| # | revision | date | subject | evidence |\n|---:|---|---|---|---|\n";
  for (std::size_t index = 0; index < timeline.columns.size(); ++index) {
    const RevisionEvidence& column = timeline.columns[index];
    out += "| " + std::to_string(index + 1) + " | `" + column.revision.short_commit + "` | " + column.revision.date +
           " | " + md_cell(column.revision.subject) + " | " +
           (column.has_evidence() ? "compared" : "none: " + md_cell(failure_cell(column.failure))) + " |\n";
  }
  out += "\n## Matrix\n\n" + std::string(kCellLegend) + "\n\n| |";
  for (const RevisionEvidence& column : timeline.columns) out += " " + column_head(column.revision) + " |";
  out += "\n|---|";
  for (std::size_t index = 0; index < timeline.columns.size(); ++index) out += "---|";
  out += "\n";
  for (const Row& row : timeline.rows) {
    out += "| " + md_cell(row.name) + " |";
    for (std::size_t column = 0; column < row.cells.size(); ++column)
      out += " " + md_cell(shown_cell(row, column)) + " |";
    out += "\n";
  }
  out +=
      "\n## Findings\n\nWhere each finding opened and closed (a finding that closed and opened again has one "
      "line per stretch), those that changed within the range first.\n\n";
  out += "| finding | rule | severity | opened | closed |\n|---|---|---|---|---|\n";
  for (const FindingHistory* finding : findings_in_order(timeline)) {
    for (const Span& span : finding->spans) {
      out += "| " + md_cell(finding->structure + "." + finding->field) + " | " + rules::rule_id(finding->rule) + " | " +
             rules::to_string(finding->severity) + " | " + opened_at(timeline, span) + " | " +
             closed_at(timeline, span) + " |\n";
    }
  }
  return out;
}

std::string render_html(const Timeline& timeline) {
  using report::html_escape;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Compatibility timeline</title>\n"
      "<style>body{font-family:system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;margin:1em 0}"
      "th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}"
      "td.breaking,td.INCOMPATIBLE,td.definition-missing,td.definition-changed{background:#fdd}td.warning,td.MOSTLY-"
      "COMPATIBLE{background:#ffd}"
      "td.none,td.FULLY-COMPATIBLE,td.ENHANCED{background:#dfd}td.missing{background:#eee}"
      "code{font-size:95%}</style>\n</head>\n<body>\n<h1>Compatibility timeline</h1>\n";
  out += "<p>" + html_escape(summary(timeline)) + "</p>\n<h2>Revisions</h2>\n<table>\n";
  out += "<tr><th>#</th><th>revision</th><th>date</th><th>subject</th><th>evidence</th></tr>\n";
  for (std::size_t index = 0; index < timeline.columns.size(); ++index) {
    const RevisionEvidence& column = timeline.columns[index];
    out += "<tr><td>" + std::to_string(index + 1) + "</td><td><code>" + html_escape(column.revision.short_commit) +
           "</code></td><td>" + html_escape(column.revision.date) + "</td><td>" + html_escape(column.revision.subject) +
           "</td><td>" +
           (column.has_evidence() ? std::string("compared") : "none: " + html_escape(failure_cell(column.failure))) +
           "</td></tr>\n";
  }
  out += "</table>\n<h2>Matrix</h2>\n<p>" + html_escape(kCellLegend) + "</p>\n<table>\n<tr><th></th>";
  for (const RevisionEvidence& column : timeline.columns) {
    out += "<th title=\"" + html_escape(column.revision.subject) + "\">" + html_escape(column_head(column.revision)) +
           "</th>";
  }
  out += "</tr>\n";
  for (const Row& row : timeline.rows) {
    out += "<tr><th>" + html_escape(row.name) + "</th>";
    for (std::size_t column = 0; column < row.cells.size(); ++column) {
      const Cell& cell = row.cells[column];
      // The status without its side ("definition-missing (rust)"), as a class.
      std::string css = cell.evidence ? cell.status.substr(0, cell.status.find(" (")) : "missing";
      std::replace(css.begin(), css.end(), ' ', '-');
      out += "<td class=\"" + html_escape(css) + "\" title=\"" + html_escape(cell_text(cell)) + "\">" +
             html_escape(shown_cell(row, column)) + "</td>";
    }
    out += "</tr>\n";
  }
  out +=
      "</table>\n<h2>Findings</h2>\n<table>\n<tr><th>finding</th><th>rule</th><th>severity</th><th>opened</th>"
      "<th>closed</th></tr>\n";
  for (const FindingHistory* finding : findings_in_order(timeline)) {
    for (const Span& span : finding->spans) {
      out += "<tr><td>" + html_escape(finding->structure + "." + finding->field) + "</td><td>" +
             html_escape(rules::rule_id(finding->rule)) + "</td><td>" + rules::to_string(finding->severity) +
             "</td><td>" + html_escape(opened_at(timeline, span)) + "</td><td>" +
             html_escape(closed_at(timeline, span)) + "</td></tr>\n";
    }
  }
  out += "</table>\n</body>\n</html>\n";
  return out;
}

std::string render_json(const Timeline& timeline) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  const auto string = [&](const char* key, const std::string& value) {
    writer.Key(key);
    writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  const auto count = [&](const char* key, std::size_t value) {
    writer.Key(key);
    writer.Uint64(value);
  };
  writer.StartObject();
  string("repository", timeline.repository);
  string("base", timeline.base);
  string("tip", timeline.tip);
  writer.Key("pathspecs");
  writer.StartArray();
  for (const std::string& pathspec : timeline.pathspecs) writer.String(pathspec.c_str());
  writer.EndArray();
  writer.Key("revisions");
  writer.StartArray();
  for (const RevisionEvidence& column : timeline.columns) {
    writer.StartObject();
    string("commit", column.revision.commit);
    string("short", column.revision.short_commit);
    string("date", column.revision.date);
    string("subject", column.revision.subject);
    string("capture", column.capture);
    writer.Key("seconds");
    writer.Double(static_cast<double>(static_cast<long long>(column.seconds * 10)) / 10);
    if (!column.has_evidence()) string("failure", column.failure);
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("rows");
  writer.StartArray();
  for (const Row& row : timeline.rows) {
    writer.StartObject();
    string("name", row.name);
    string("kind", row.kind);
    writer.Key("cells");
    writer.StartArray();
    for (const Cell& cell : row.cells) {
      if (!cell.evidence) {
        writer.Null();
        continue;
      }
      writer.StartObject();
      string("status", cell.status);
      count("findings", cell.findings);
      count("breaking", cell.breaking);
      count("opened", cell.opened);
      count("closed", cell.closed);
      count("changed", cell.changed);
      writer.EndObject();
    }
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("findings");
  writer.StartArray();
  for (const FindingHistory& finding : timeline.findings) {
    writer.StartObject();
    string("id", finding.id);
    string("structure", finding.structure);
    string("field", finding.field);
    string("rule", rules::rule_id(finding.rule));
    string("severity", rules::to_string(finding.severity));
    writer.Key("spans");
    writer.StartArray();
    for (const Span& span : finding.spans) {
      writer.StartObject();
      // The base's column stands for "at the base or before it".
      writer.Key("opened");
      if (span.opened == 0) {
        writer.Null();
      } else {
        writer.String(timeline.columns[span.opened].revision.commit.c_str());
      }
      writer.Key("closed");
      if (span.closed) {
        writer.String(timeline.columns[*span.closed].revision.commit.c_str());
      } else {
        writer.Null();
      }
      writer.EndObject();
    }
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace portcheck::timeline
