// portcheck report: compare every structure from the committed fixtures and
// write the compatibility reports.

#include <iostream>
#include <memory>

#include "command.hpp"
#include "compare/compare.hpp"
#include "db/connection.hpp"
#include "db/storage_check.hpp"
#include "gate/known_gaps.hpp"
#include "report/report.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::cli {

namespace {

struct ReportOptions {
  std::filesystem::path output;
  std::filesystem::path claims;
  std::string dsn;
  bool quiet = false;
};

int run_report(const ReportOptions& options, const GlobalOptions& global) {
  const schema::SchemaSet schemas = schema::SchemaSet::load(global.schemas_directory());
  const std::filesystem::path reports = (global.project / "reports").lexically_normal();
  const std::filesystem::path claims_file = options.claims.empty() ? reports / "claims.json" : options.claims;
  compare::Claims claims;
  if (std::filesystem::exists(claims_file) || !options.claims.empty()) claims = compare::load_claims(claims_file);
  compare::require_known_structures(schemas.manifest(), global.fixtures_directory(), claims);
  compare::Comparison comparison = compare::compare_project(schemas, global.fixtures_directory(), claims);
  // Which findings are accepted, and why: the reports show it per finding.
  comparison.known_gaps = gate::known_gap_reasons(gate::load_known_gaps(reports / "known-gaps.json"));
  if (!options.dsn.empty()) {
    comparison.storage = db::check_storage(schemas, options.dsn);
    comparison.storage_checked = true;
    comparison.storage_source = db::describe_dsn(options.dsn);
  }
  const std::filesystem::path output = options.output.empty() ? reports : options.output;
  report::write_reports(comparison, claims.source, output);
  if (!options.quiet) std::cout << report::render_summary(comparison);
  std::cout << "portcheck report: wrote " << global.as_typed(output / "compatibility.{md,json,junit.xml,html}").string()
            << "\n";
  return 0;
}

}  // namespace

Command report_command() {
  return {"report",
          "Compare every structure from the fixtures and write reports/compatibility.{md,json,junit.xml,html}",
          [](CLI::App& app, const GlobalOptions& global) -> Handler {
            auto options = std::make_shared<ReportOptions>();
            app.add_option("--output", options->output, "Folder for the reports (default: reports/)");
            app.add_option("--dsn", options->dsn,
                           "Also check the database's column types (adds a Database section to the reports)");
            app.add_option("--claims", options->claims,
                           "Claimed statuses to check, {\"source\", \"claims\": {structure: status}} "
                           "(default: reports/claims.json)");
            app.add_flag("--quiet", options->quiet, "Print only where the reports were written, not each verdict");
            return [options, &global] {
              options->output = global.from_command_line(options->output);
              options->claims = global.from_command_line(options->claims);
              return run_report(*options, global);
            };
          }};
}

}  // namespace portcheck::cli
