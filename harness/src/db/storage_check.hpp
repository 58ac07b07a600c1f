#pragma once
/// portcheck db-check: the live catalog's column types against each side's
/// declared field types, for every column the manifest maps.

#include <map>
#include <string>
#include <vector>

#include "compare/comparison.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::db {

/// What the catalog says of one column.
struct ColumnInfo {
  std::string type;  ///< udt_name: int4, timestamptz, _text, ...
  bool nullable = true;
};

/// table → column → type and nullability.
using Catalog = std::map<std::string, std::map<std::string, ColumnInfo>>;

/// Judges every mapped column for every side with a database driver, against
/// a catalog: a missing table or column, or the driver's decoding verdict.
std::vector<compare::StorageFinding> judge_storage(const schema::SchemaSet& schemas, const Catalog& catalog);

/// Reads column types and nullability of the mapped tables from the catalog
/// (information_schema, current schema) and judges each side's field.
std::vector<compare::StorageFinding> check_storage(const schema::SchemaSet& schemas, const std::string& dsn);

}  // namespace portcheck::db
