#include "gate/report.hpp"

#include "output/compatibility.hpp"

namespace portcheck::gate {

Report run_report(const ReportOptions& options) {
  const ProjectPaths paths(options.project);
  const schema::SchemaSet schemas = schema::SchemaSet::load(paths.schemas);
  const std::filesystem::path claims_file = options.claims.empty() ? paths.claims : options.claims;
  compare::Claims claims;
  // The default claims file is optional; one named on the command line is not.
  if (std::filesystem::exists(claims_file) || !options.claims.empty()) claims = compare::load_claims(claims_file);
  compare::require_known_structures(schemas.manifest(), paths.fixtures, claims);
  Report report{project_comparison(schemas, paths, claims), options.output.empty() ? paths.reports : options.output};
  if (options.database) add_storage(report.comparison, schemas, *options.database);
  output::write_reports(report.comparison, claims.source, report.folder);
  return report;
}

}  // namespace portcheck::gate
