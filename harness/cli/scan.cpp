// portcheck scan: many documents of one side's structure, strictly, fast.

#include <memory>

#include "command.hpp"
#include "format_options.hpp"
#include "scan/pipeline.hpp"
#include "scan/scan_files.hpp"
#include "scan_output.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::cli {

namespace {

struct ScanOptions {
  scan::FileScanRequest request;
  FormatOptions format;
};

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
                       "Files (one document each; *.jsonl: one per line), folders (recursively: *.json, "
                       "*.jsonl), or - for JSON Lines on standard input")
            ->required();
        app.add_flag("--jsonl", options->request.sources.json_lines, "Read every file as JSON Lines");
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
