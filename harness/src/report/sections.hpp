#pragma once
/// The compatibility report, built once as sections of typed content
/// (paragraphs, lists, tables, terms, with inline code, links and statuses),
/// from which the Markdown and HTML renderers draw: neither decides what the
/// report says, so the two cannot drift. The JSON report carries the same
/// verdicts, findings, terms and conclusion as data (verdict.hpp).

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "compare/comparison.hpp"

namespace portcheck::report {

/// A run of text in a paragraph, a list item or a table cell.
struct Inline {
  enum class Kind {
    text,
    code,  ///< an identifier or a value, never broken mid-token
    emphasis,
    strong,
    link,  ///< text → target (a relative path, percent-encoded)
    line_break,
    status,  ///< a structure status (text), shown with its colour or mark
  };
  Kind kind = Kind::text;
  std::string text;
  std::string target;
};
using Inlines = std::vector<Inline>;

struct Table {
  struct Row {
    std::vector<Inlines> cells;
    /// "breaking", "warning", "info": what the severity filter acts on; empty
    /// for a row it leaves alone.
    std::string severity;
  };
  std::vector<std::string> columns;
  std::vector<Row> rows;
};

struct Block {
  enum class Kind { paragraph, list, table, terms };
  Kind kind = Kind::paragraph;
  Inlines text;                                        ///< paragraph
  std::vector<Inlines> items;                          ///< list
  Table table;                                         ///< table
  std::vector<std::pair<std::string, Inlines>> terms;  ///< term → meaning
};

struct Section {
  std::string id;  ///< the anchor the table of contents and links use
  std::string title;
  int level = 2;  ///< 2 for a part of the report, 3 within a structure
  /// A structure: folds in HTML, its status shown beside the title.
  bool structure = false;
  std::string status;
  std::vector<Block> blocks;
  std::vector<Section> children;
};

struct ReportDocument {
  std::string title;
  std::vector<Block> preamble;
  std::vector<Section> sections;
};

/// The whole report for one --output folder (links are relative to it).
ReportDocument build_report(const compare::Comparison& comparison, const std::string& claims_source,
                            const std::filesystem::path& directory);

}  // namespace portcheck::report
