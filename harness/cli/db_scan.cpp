// portcheck db-scan: stream stored JSON through one side's reader rules.

#include <memory>

#include "command.hpp"
#include "compare/findings.hpp"
#include "database.hpp"
#include "format_options.hpp"
#include "json/error.hpp"
#include "scan/pipeline.hpp"
#include "scan_output.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::cli {

namespace {

struct DbScanOptions {
  db::ScanRequest request;
  std::size_t jobs = 0;
  std::string partition;  ///< "K/N"
  FormatOptions format;
  bool allow_empty = false;
};

/// A scan that judged no row fails to run (exit 2) unless it is allowed to,
/// as `scan` of no document does: a mistyped WHERE, an empty table or a
/// column left NULL would otherwise pass as a clean scan.
void refuse_nothing_scanned(const DbScanOptions& options, const db::ScanResult& result) {
  const db::ScanRequest& request = options.request;
  std::string message = "nothing to scan: ";
  if (result.rows == 0) {
    message += request.partitions > 1
                   ? "part " + options.partition + " of the query's rows by " + result.partition_key + " holds no row"
                   : std::string("the query returned no row");
  } else {
    message += "the query's " + compare::counted(result.rows, "row holds", "rows hold") + " SQL NULL in column " +
               result.json_column;
  }
  throw Error(message + "; --allow-empty lets a scan of no row pass");
}

/// "K/N" into part and parts; false unless 1 <= K <= N.
bool parse_partition(const std::string& text, std::size_t& part, std::size_t& parts) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return false;
  const auto number = [](std::string_view digits, std::size_t& into) {
    if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return false;
    }
    into = std::stoul(std::string(digits));
    return true;
  };
  return number(std::string_view(text).substr(0, slash), part) &&
         number(std::string_view(text).substr(slash + 1), parts) && part >= 1 && part <= parts;
}

int run_scan(DbScanOptions options, const GlobalOptions& global) {
  const schema::SchemaSet schemas = schema::SchemaSet::load(
      global.schemas_directory(), schema::SchemaChoice{options.request.side, options.request.structure});
  options.request.jobs = options.jobs == 0 ? scan::default_jobs() : options.jobs;
  if (!options.partition.empty()) {
    parse_partition(options.partition, options.request.partition, options.request.partitions);  // checked by CLI11
  }
  Progress progress("rows", options.format.quiet);
  // The total costs one more pass on the server: only for someone watching.
  options.request.count_first = progress.shown();
  const FailureStream stream(options.format, "db-scan", "rows");
  const db::ScanResult result = database().scan(
      schemas, options.request,
      [&progress](std::size_t rows, std::optional<std::size_t> total) { progress.update(rows, rows, total); },
      [&stream](scan::Totals& totals) { stream.after_batch(totals); });
  if (result.totals.documents == 0 && !options.allow_empty) refuse_nothing_scanned(options, result);
  std::string title = "portcheck db-scan: " + options.request.side + " " + options.request.structure +
                      " from column " + result.json_column;
  if (!result.partition_key.empty()) {
    title += ", part " + std::to_string(options.request.partition) + "/" + std::to_string(options.request.partitions) +
             " by " + result.partition_key;
  }
  std::vector<std::string> header{title};
  if (!result.plan_unavailable.empty()) header.push_back("every row took the exact path: " + result.plan_unavailable);
  header.push_back("rows: " + std::to_string(result.rows) + ", readable: " + std::to_string(result.totals.readable) +
                   ", failing: " + std::to_string(result.totals.failing) +
                   ", SQL NULL (not read): " + std::to_string(result.null_values));
  return options.format.emit(output::scan_outcome("db-scan", result.totals, std::move(header), "rows", false,
                                                output::RowTotals{result.rows, result.null_values}));
}

}  // namespace

Command db_scan_command() {
  return {"db-scan",
          "Stream a query's JSON column through one side's reader rules: totals, failures by rule, first rows",
          [](CLI::App& app, const GlobalOptions& global) -> Handler {
            auto options = std::make_shared<DbScanOptions>();
            app.add_option("--dsn", options->request.dsn, "libpq connection string")->required();
            app.add_option("--side", options->request.side, "Side whose reader judges the JSON")->required();
            app.add_option("--structure", options->request.structure, "Structure the JSON holds")->required();
            app.add_option("--query", options->request.query, "SELECT returning one json/jsonb column and key columns")
                ->required();
            app.add_option("--column", options->request.column, "The JSON column, when the query returns several");
            app.add_flag("--allow-empty", options->allow_empty,
                         "Pass when no row is judged (otherwise a scan of nothing exits 2)");
            app.add_option("--show", options->request.show, "Failing rows to show (default 5)");
            app.add_option("--batch", options->request.batch, "Rows judged as one batch (default 2000)");
            CLI::Option* partition = app.add_option("--partition", options->partition,
                           "Scan part K of N (K/N): the rows whose key lies in the K-th of N ranges cut at the key's "
                           "quantiles, so that N processes share one table")
                ->check([](const std::string& text) {
                  std::size_t part = 0;
                  std::size_t parts = 0;
                  return parse_partition(text, part, parts)
                             ? std::string()
                             : "takes K/N, two whole numbers with 1 <= K <= N, not " + text;
                });
            app.add_option("--partition-key", options->request.partition_key,
                           "The key column --partition cuts by (default: the first column that is not the JSON one)")
                ->needs(partition);
            app.add_option("--jobs,-j", options->jobs,
                           "Threads judging rows, 1 to " + std::to_string(scan::max_jobs) +
                               " (default: the number of cores); above 1, the server may read a large table "
                               "with parallel workers")
                ->check(CLI::Range(std::size_t{1}, scan::max_jobs));
            options->format.declare(app, global);
            return [options, &global] { return run_scan(*options, global); };
          }};
}

}  // namespace portcheck::cli
