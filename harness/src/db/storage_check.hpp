#pragma once
/// portcheck db-check: the live catalog's column types against each side's
/// declared field types, for every column the manifest maps.

#include <string>
#include <vector>

#include "compare/comparison.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::db {

/// Reads column types and nullability of the mapped tables from the catalog
/// (information_schema, current schema) and judges each side's field.
std::vector<compare::StorageFinding> check_storage(const schema::SchemaSet& schemas, const std::string& dsn);

}  // namespace portcheck::db
