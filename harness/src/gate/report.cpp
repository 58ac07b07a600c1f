#include "gate/report.hpp"

#include <algorithm>

#include "json/error.hpp"
#include "output/compatibility.hpp"

namespace portcheck::gate {

namespace {

/// Whether `inner` is `outer` or a folder under it, through links and `..`.
bool within(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  std::error_code error;
  const std::filesystem::path a = std::filesystem::weakly_canonical(std::filesystem::absolute(inner), error);
  if (error) return false;
  const std::filesystem::path b = std::filesystem::weakly_canonical(std::filesystem::absolute(outer), error);
  if (error) return false;
  const auto [end, _] = std::mismatch(b.begin(), b.end(), a.begin(), a.end());
  return end == b.end();
}

}  // namespace

Report run_report(const ReportOptions& options) {
  const ProjectPaths paths(options.project);
  // Every .json file under fixtures/ is evidence, and schemas/ holds the
  // schemas: reports written there would be judged as fixtures (schema
  // drift blamed on the serializer) or loaded as schemas.
  for (const std::filesystem::path& evidence : {paths.fixtures, paths.schemas}) {
    if (!options.output.empty() && within(options.output, evidence)) {
      throw Error("--output " + printable(options.output.string()) + " is inside " + printable(evidence.string()) +
                  ", whose files are the project's evidence and schemas: write the reports elsewhere (default: "
                  "reports/)");
    }
  }
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
