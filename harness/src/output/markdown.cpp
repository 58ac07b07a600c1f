// The Markdown report: the report's sections (sections.cpp) as GitHub
// Markdown. It decides how things look, never what the report says.

#include "output/compatibility.hpp"
#include "report/report.hpp"
#include "report/sections.hpp"

namespace portcheck::output {

// The report's model: its pairs, sections and verdicts.
using namespace report;

namespace {

/// Table cells cannot hold '|' or line breaks.
std::string cell(const std::string& text) {
  std::string escaped;
  for (char character : text) {
    if (character == '|') {
      escaped += "\\|";
    } else if (character == '\n') {
      escaped += ' ';
    } else {
      escaped += character;
    }
  }
  return escaped;
}

std::string status_mark(const std::string& status) {
  if (status == "FULLY COMPATIBLE" || status == "ENHANCED") return "✅ ";
  if (status == "MOSTLY COMPATIBLE") return "⚠️ ";
  if (status == "INCOMPATIBLE") return "❌ ";
  return "";
}

std::string inlines(const Inlines& runs, bool in_table) {
  std::string out;
  for (const Inline& run : runs) {
    const std::string text = in_table ? cell(run.text) : run.text;
    switch (run.kind) {
      case Inline::Kind::text:
        out += text;
        break;
      case Inline::Kind::code:
        if (!text.empty()) out += "`" + text + "`";
        break;
      case Inline::Kind::emphasis:
        out += "*" + text + "*";
        break;
      case Inline::Kind::strong:
        out += "**" + text + "**";
        break;
      case Inline::Kind::link:
        out += "[" + text + "](" + run.target + ")";
        break;
      case Inline::Kind::line_break:
        out += in_table ? "<br>" : "\n";
        break;
      case Inline::Kind::status:
        out += status_mark(run.text) + text;
        break;
    }
  }
  return out;
}

void block(const Block& content, std::string& out) {
  switch (content.kind) {
    case Block::Kind::paragraph:
      out += inlines(content.text, false) + "\n\n";
      break;
    case Block::Kind::list:
      for (const Inlines& item : content.items) out += "- " + inlines(item, false) + "\n";
      out += "\n";
      break;
    case Block::Kind::terms:
      for (const auto& [term, meaning] : content.terms) out += "- **" + term + "**: " + inlines(meaning, false) + "\n";
      out += "\n";
      break;
    case Block::Kind::table: {
      std::string header = "|";
      std::string rule = "|";
      for (const std::string& column : content.table.columns) {
        header += " " + cell(column) + " |";
        rule += "---|";
      }
      out += header + "\n" + rule + "\n";
      for (const Table::Row& row : content.table.rows) {
        std::string line = "|";
        for (const Inlines& value : row.cells) line += " " + inlines(value, true) + " |";
        out += line + "\n";
      }
      out += "\n";
      break;
    }
  }
}

void section(const Section& part, std::string& out) {
  out += std::string(static_cast<std::size_t>(part.level), '#') + " " + part.title + "\n\n";
  for (const Block& content : part.blocks) block(content, out);
  for (const Section& child : part.children) section(child, out);
}

}  // namespace

std::string render_markdown(const compare::Comparison& comparison, const std::string& claims_source,
                            const std::filesystem::path& directory) {
  const ReportDocument document = build_report(comparison, claims_source, directory);
  std::string out = "# " + document.title + "\n\n";
  for (const Block& content : document.preamble) block(content, out);
  for (const Section& part : document.sections) section(part, out);
  // One newline at the end, as a text file has.
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

}  // namespace portcheck::output
