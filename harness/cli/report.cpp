// portcheck report: compare every structure from the committed fixtures and
// write the compatibility reports.

#include <iostream>
#include <memory>

#include "command.hpp"
#include "database.hpp"
#include "gate/report.hpp"
#include "output/compatibility.hpp"

namespace portcheck::cli {

namespace {

struct ReportCommandOptions {
  std::filesystem::path output;
  std::filesystem::path claims;
  std::string dsn;
  bool quiet = false;
};

}  // namespace

Command report_command() {
  return {"report",
          "Compare every structure from the fixtures and write reports/compatibility.{md,json,junit.xml,html}",
          [](CLI::App& app, const GlobalOptions& global) -> Handler {
            auto options = std::make_shared<ReportCommandOptions>();
            app.add_option("--output", options->output, "Folder for the reports (default: reports/)");
            app.add_option("--dsn", options->dsn,
                           "Also check the database's column types (adds a Database section to the reports)");
            app.add_option("--claims", options->claims,
                           "Claimed statuses to check, {\"source\", \"claims\": {structure: status}} "
                           "(default: reports/claims.json)");
            app.add_flag("--quiet", options->quiet, "Print only where the reports were written, not each verdict");
            return [options, &global] {
              gate::ReportOptions report;
              report.project = global.project;
              report.output = global.from_command_line(options->output);
              report.claims = global.from_command_line(options->claims);
              if (!options->dsn.empty()) {
                const std::string dsn = options->dsn;
                report.database = gate::Database{database().describe_dsn(dsn), [dsn](const schema::SchemaSet& schemas) {
                                                   return database().check_storage(schemas, dsn);
                                                 }};
              }
              const gate::Report written = gate::run_report(report);
              if (!options->quiet) std::cout << output::render_summary(written.comparison);
              std::cout << "portcheck report: wrote "
                        << global.as_typed(written.folder / "compatibility.{md,json,junit.xml,html}").string() << "\n";
              return 0;
            };
          }};
}

}  // namespace portcheck::cli
