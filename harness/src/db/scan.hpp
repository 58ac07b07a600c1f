#pragma once
/// portcheck db-scan: stored JSON, row by row, as one side's runner would
/// read it.

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "compare/comparison.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::db {

struct ScanRequest {
  std::string dsn;
  std::string side;
  std::string structure;
  std::string query;
  /// The JSON column to read; empty: the query's only json/jsonb column.
  std::string column;
  /// How many failing rows to keep for the report.
  std::size_t show = 5;
  /// Rows fetched per round trip; memory stays bounded by this.
  std::size_t batch = 1000;
};

struct FailingRow {
  std::size_t row = 0;  ///< 1-based position in the result
  /// The query's other columns, "name=value", as keys to find the row.
  std::vector<std::string> keys;
  /// Why the reader would refuse it: reader rules, undecodable, malformed-json.
  std::vector<compare::Refusal> refusals;
};

struct ScanResult {
  std::size_t rows = 0;
  std::size_t null_values = 0;  ///< SQL NULL in the JSON column: not read
  std::size_t readable = 0;
  std::size_t failing = 0;
  std::map<compare::Rule, std::size_t> failures_by_rule;
  std::vector<FailingRow> first_failures;
  std::string json_column;
};

/// Why `side`'s reader would refuse one stored JSON text of `structure`:
/// its reader rules, a value its schema accepts but its encoding does not
/// decode (undecodable), or text a strict reader refuses (malformed-json).
/// Nothing when the reader takes it.
std::vector<compare::Refusal> judge_stored_value(const schema::SchemaSet& schemas, const std::string& side,
                                                 const std::string& structure, std::string_view text,
                                                 const std::string& source_name);

/// Streams the query's rows through a server-side cursor (never the whole
/// result in memory), judges each JSON value with the side's reader rules
/// (schema, unknown-key policy, what its parsers accept) and decodes it.
/// progress(rows) is called after each batch. Throws portcheck::Error with the
/// server's message for a connection or query failure, and when the column is
/// missing or not json/jsonb.
ScanResult scan(const schema::SchemaSet& schemas, const ScanRequest& request,
                const std::function<void(std::size_t)>& progress = {});

}  // namespace portcheck::db
