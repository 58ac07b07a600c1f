// portcheck scan: many documents of one side's structure, strictly, fast.

#include <memory>
#include <string>

#include "command.hpp"
#include "compare/findings.hpp"
#include "format_options.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "scan/pipeline.hpp"
#include "scan/scan_files.hpp"
#include "scan_output.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::cli {

namespace {

struct ScanOptions {
  scan::FileScanRequest request;
  FormatOptions format;
  bool allow_empty = false;
};

/// A scan that found no document at all fails to run (exit 2) unless it is
/// allowed to: an export that came out empty, a folder of files named
/// otherwise or a mistyped glob would otherwise pass as a clean scan.
void refuse_nothing_scanned(const scan::FileScanRequest& request, const scan::FileScanResult& result) {
  const auto& paths = request.sources.paths;
  std::string message = "nothing to scan: ";
  if (result.files == 0) {
    message += std::string("no *.json, *.jsonl or *.ndjson file in ") +
               (paths.size() == 1 ? "the folder" : "the folders given");
    if (result.skipped.count > 0) {
      message += " (" + compare::counted(result.skipped.count, "other file", "other files") + ", such as";
      for (std::size_t index = 0; index < result.skipped.first.size(); ++index) {
        message += (index == 0 ? " " : ", ") + result.skipped.first[index].string();
      }
      message += ": give a file by name to read it, with --jsonl if it holds JSON Lines)";
    }
  } else {
    message += (paths.size() == 1 && paths.front() == "-")
                   ? std::string("standard input held no document")
                   : (result.files == 1 ? std::string("the file holds")
                                        : "the " + compare::counted(result.files, "file", "files") + " hold") +
                         " no document (empty, or only blank lines)";
  }
  message += "; --allow-empty lets a scan of no document pass";
  SourceLocation where;
  if (paths.size() == 1) {
    where =
        SourceLocation::in_file(paths.front() == "-" ? std::string(json::kStandardInputName) : paths.front().string());
  }
  throw Error(message, where);
}

int run_scan(const ScanOptions& options, const GlobalOptions& global) {
  const schema::SchemaSet schemas = schema::SchemaSet::load(
      global.schemas_directory(), schema::SchemaChoice{options.request.side, options.request.structure});
  Progress progress("documents", options.format.quiet);
  const FailureStream stream(options.format, "scan", "documents");
  const scan::FileScanResult result = scan::scan_files(
      schemas, options.request,
      [&progress](std::size_t documents, std::size_t position, std::optional<std::size_t> total) {
        progress.update(documents, position, total);
      },
      [&stream](scan::Totals& totals) { stream.after_batch(totals); });
  const scan::FileScanRequest& request = options.request;
  const scan::Totals& totals = result.totals;
  if (totals.documents == 0 && !options.allow_empty) refuse_nothing_scanned(request, result);
  std::vector<std::string> header{"portcheck scan: " + request.side + " " + request.structure + ", " +
                                  std::to_string(result.files) + " file" + (result.files == 1 ? "" : "s")};
  if (!result.plan_unavailable.empty()) header.push_back("every document took the exact path: " + result.plan_unavailable);
  header.push_back("documents: " + std::to_string(totals.documents) + ", valid: " + std::to_string(totals.valid) +
                   ", readable by the " + request.side + " reader: " + std::to_string(totals.readable) +
                   ", failing: " + std::to_string(totals.failing));
  return options.format.emit(output::scan_outcome("scan", totals, std::move(header), "documents", true));
}

}  // namespace

Command scan_command() {
  return {
      "scan",
      "Validate, decode and judge readability of many documents (files, folders, JSON Lines, stdin) on all cores",
      [](CLI::App& app, const GlobalOptions& global) -> Handler {
        auto options = std::make_shared<ScanOptions>();
        app.add_option("--side", options->request.side, "Side whose schema and reader apply (e.g. python, rust)")->required();
        app.add_option("--structure", options->request.structure, "Structure the documents hold (e.g. WorkerResult)")
            ->required();
        app.add_option("paths", options->request.sources.paths,
                       "Files (one document each; *.jsonl, *.ndjson: one per line), folders (recursively: "
                       "*.json, *.jsonl, *.ndjson, in any case), or - for JSON Lines on standard input")
            ->required();
        app.add_flag("--jsonl", options->request.sources.json_lines, "Read every file as JSON Lines");
        app.add_flag("--allow-empty", options->allow_empty,
                     "Pass when no document is found (otherwise a scan of nothing exits 2)");
        app.add_option("--show", options->request.show, "Failing documents to show (default 5)");
        app.add_option("--jobs,-j", options->request.jobs, "Threads judging documents, 1 to " + std::to_string(scan::max_jobs) + " (default: the number of cores)")
            ->check(CLI::Range(std::size_t{1}, scan::max_jobs));
        options->format.declare(app, global);
        return [options, &global] {
          for (auto& path : options->request.sources.paths) path = global.from_command_line(path);
          return run_scan(*options, global);
        };
      }};
}

}  // namespace portcheck::cli
