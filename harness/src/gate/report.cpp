#include "gate/report.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "json/error.hpp"
#include "output/compatibility.hpp"

namespace portcheck::gate {

namespace {

/// Whether `inner` is `outer` or a folder under it: each folder on the way
/// up from `inner` that exists is compared with `outer` as a file (device
/// and inode), so links, `..` and bind mounts of `outer` all count.
bool within(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  struct stat target {};
  if (::stat(outer.c_str(), &target) != 0) return false;
  std::error_code error;
  std::filesystem::path folder = std::filesystem::weakly_canonical(std::filesystem::absolute(inner), error);
  if (error) return false;
  while (true) {
    struct stat status {};
    if (::stat(folder.c_str(), &status) == 0 && status.st_dev == target.st_dev && status.st_ino == target.st_ino) {
      return true;
    }
    if (folder == folder.parent_path()) return false;
    folder = folder.parent_path();
  }
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
