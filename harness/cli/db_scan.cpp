// portcheck db-scan: stream stored JSON through one side's reader rules.

#include <unistd.h>

#include <iostream>
#include <memory>

#include "command.hpp"
#include "db/scan.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::cli {

namespace {

struct DbScanOptions {
  db::ScanRequest request;
};

int run_scan(const DbScanOptions& options, const GlobalOptions& global) {
  const schema::SchemaSet schemas = schema::SchemaSet::load(global.schemas_directory());
  const bool terminal = isatty(STDERR_FILENO) == 1;
  const db::ScanResult result = db::scan(schemas, options.request, [terminal](std::size_t rows) {
    if (terminal) std::cerr << "\rscanned " << rows << " rows" << std::flush;
  });
  if (terminal) std::cerr << "\r\033[K";
  std::cout << "portcheck db-scan: " << options.request.side << " " << options.request.structure << " from column "
            << result.json_column << "\n";
  std::cout << "rows: " << result.rows << ", readable: " << result.readable << ", failing: " << result.failing
            << ", SQL NULL (not read): " << result.null_values << "\n";
  if (!result.failures_by_rule.empty()) {
    std::cout << "failures by rule:\n";
    for (const auto& [rule, count] : result.failures_by_rule) {
      std::cout << "  " << compare::rule_id(rule) << ": " << count << "\n";
    }
  }
  for (const db::FailingRow& row : result.first_failures) {
    std::cout << "row " << row.row;
    for (const std::string& key : row.keys) std::cout << " " << key;
    std::cout << "\n";
    for (const compare::Refusal& refusal : row.refusals) std::cout << "    " << compare::describe(refusal) << "\n";
  }
  if (result.failing > result.first_failures.size()) {
    std::cout << "(" << result.failing - result.first_failures.size() << " more failing rows not shown; --show N)\n";
  }
  std::cout << "portcheck db-scan: " << result.rows << " rows, " << result.failing << " failing — "
            << (result.failing == 0 ? "PASSED" : "FAILED") << "\n";
  return result.failing == 0 ? 0 : 1;
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
            app.add_option("--show", options->request.show, "Failing rows to show (default 5)");
            return [options, &global] { return run_scan(*options, global); };
          }};
}

}  // namespace portcheck::cli
