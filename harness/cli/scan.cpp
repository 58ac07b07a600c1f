// portcheck scan: many documents of one side's structure, strictly, fast.

#include <memory>

#include "command.hpp"
#include "format_options.hpp"
#include "scan/judge.hpp"
#include "scan/pipeline.hpp"
#include "scan/sources.hpp"
#include "scan/totals.hpp"
#include "scan_output.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::cli {

namespace {

struct ScanOptions {
  std::string side;
  std::string structure;
  scan::SourceOptions sources;
  std::size_t show = 5;
  std::size_t jobs = 0;
  FormatOptions format;
};

int run_scan(const ScanOptions& options, const GlobalOptions& global) {
  const schema::SchemaSet schemas = schema::SchemaSet::load(global.schemas_directory());
  const scan::Judge judge(schemas, options.side, options.structure, scan::Strictness::schema);
  scan::DocumentSources sources(options.sources);
  const std::size_t jobs = options.jobs == 0 ? scan::default_jobs() : options.jobs;
  scan::Totals totals;
  Progress progress("documents", options.format.quiet);
  const FailureStream stream(options.format, "scan", "documents");
  const scan::Producer producer = [&sources](scan::Batch& batch) { return sources.next(batch); };
  scan::run_pipeline(jobs, producer, judge, [&](scan::Batch& batch) {
    totals.add(batch, options.show);
    stream.after_batch(totals);
    progress.update(totals.documents, batch.progress, sources.total_bytes());
  });
  std::vector<std::string> header{"portcheck scan: " + options.side + " " + options.structure + ", " +
                                  std::to_string(sources.file_count()) + " file" +
                                  (sources.file_count() == 1 ? "" : "s")};
  if (!judge.plan().available()) {
    header.push_back("every document took the exact path: " + judge.plan().why_unavailable());
  }
  header.push_back("documents: " + std::to_string(totals.documents) + ", valid: " + std::to_string(totals.valid) +
                   ", readable by the " + options.side + " reader: " + std::to_string(totals.readable) +
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
        app.add_option("--side", options->side, "Side whose schema and reader apply (e.g. python, rust)")->required();
        app.add_option("--structure", options->structure, "Structure the documents hold (e.g. WorkerResult)")
            ->required();
        app.add_option("paths", options->sources.paths,
                       "Files (one document each; *.jsonl: one per line), folders (recursively: *.json, "
                       "*.jsonl), or - for JSON Lines on standard input")
            ->required();
        app.add_flag("--jsonl", options->sources.json_lines, "Read every file as JSON Lines");
        app.add_option("--show", options->show, "Failing documents to show (default 5)");
        app.add_option("--jobs,-j", options->jobs, "Threads judging documents, 1 to " + std::to_string(scan::max_jobs) + " (default: the number of cores)")
            ->check(CLI::Range(std::size_t{1}, scan::max_jobs));
        options->format.declare(app, global);
        return [options, &global] {
          for (auto& path : options->sources.paths) path = global.from_command_line(path);
          return run_scan(*options, global);
        };
      }};
}

}  // namespace portcheck::cli
