#pragma once
/// portcheck db-scan: stored JSON, row by row, as one side's runner would
/// read it.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compare/comparison.hpp"
#include "scan/totals.hpp"
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
  /// Rows judged as one batch; memory stays bounded by a few of these.
  std::size_t batch = 2000;
  /// Threads judging rows while one fetches the next batch. Above 1, the
  /// server is also let read the rows with parallel workers (CopyStream).
  std::size_t jobs = 1;
  /// Count the query's rows first (one more pass on the server), so that
  /// progress can show the total and the time left.
  bool count_first = false;
  /// Part `partition` of `partitions` (1-based): the rows whose key lies in
  /// that range of the key column's values, cut at its quantiles, so that
  /// N processes scan one table with totals that add up. Rows with a NULL
  /// key belong to the last part.
  std::size_t partition = 1;
  std::size_t partitions = 1;
  /// The key column parts are cut by; empty: the query's first column that
  /// is not the JSON column.
  std::string partition_key = {};
};

struct ScanResult {
  std::size_t rows = 0;  ///< in the part scanned, with --partition
  std::size_t null_values = 0;  ///< SQL NULL in the JSON column: not read
  std::string json_column;
  std::string partition_key;  ///< the key column, when the rows were a part
  /// The rows judged (SQL NULL left out), as `portcheck scan` adds them up.
  scan::Totals totals;
  /// Whether the compiled plan could judge rows, and if not, why.
  std::string plan_unavailable;
};

/// Why `side`'s reader would refuse one stored JSON text of `structure`:
/// its reader rules, a value its schema accepts but its encoding does not
/// decode (undecodable), or text a strict reader refuses (malformed-json).
/// Nothing when the reader takes it.
std::vector<compare::Refusal> judge_stored_value(const schema::SchemaSet& schemas, const std::string& side,
                                                 const std::string& structure, std::string_view text,
                                                 const std::string& source_name);

/// Streams the query's rows with COPY (never the whole result in memory),
/// judges each JSON value with the side's reader rules
/// (schema, unknown-key policy, what its parsers accept) and decodes it:
/// `jobs` workers take turns reading and judge. progress(rows, total) is
/// called after each batch, in order; total is known with count_first;
/// after_batch(totals) before it, to take (print) the failing rows kept so
/// far, or to stop the scan by throwing. Throws portcheck::Error with the
/// server's message for a connection or query failure, and when the column is
/// missing or not json/jsonb.
ScanResult scan(const schema::SchemaSet& schemas, const ScanRequest& request,
                const std::function<void(std::size_t, std::optional<std::size_t>)>& progress = {},
                const std::function<void(scan::Totals&)>& after_batch = {});

}  // namespace portcheck::db
