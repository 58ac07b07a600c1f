// portcheck db-check: the live database's column types against each side's
// declared field types.

#include <memory>

#include "command.hpp"
#include "database.hpp"
#include "format_options.hpp"
#include "output/storage_outcome.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::cli {

namespace {

struct DbCheckOptions {
  std::string dsn;
  FormatOptions output;
};

}  // namespace

Command db_check_command() {
  return {"db-check",
          "Check that each side's declared types can decode the database columns the manifest maps (exit 1 if not)",
          [](CLI::App& app, const GlobalOptions& global) -> Handler {
            auto options = std::make_shared<DbCheckOptions>();
            app.add_option("--dsn", options->dsn,
                           "libpq connection string, e.g. \"host=/run/postgresql dbname=janitor\"")
                ->required();
            options->output.declare(app, global);
            return [options, &global] {
              const schema::SchemaSet schemas = schema::SchemaSet::load(global.schemas_directory());
              const auto findings = database().check_storage(schemas, options->dsn);
              return options->output.emit(output::storage_outcome(findings, schemas.manifest().file.string()));
            };
          }};
}

}  // namespace portcheck::cli
