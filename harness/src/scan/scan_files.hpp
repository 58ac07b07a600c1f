#pragma once
/// portcheck scan: documents from files, folders, JSON Lines or standard
/// input, each judged by one side's schema, encodings and reader rules on
/// every core, added up in reading order.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "scan/sources.hpp"
#include "scan/totals.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::scan {

struct FileScanRequest {
  std::string side;
  std::string structure;
  SourceOptions sources;
  /// How many failing documents to keep for the report.
  std::size_t show = 5;
  /// Threads judging documents; 0: one per core.
  std::size_t jobs = 0;
};

struct FileScanResult {
  Totals totals;
  std::size_t files = 0;
  /// Files of the folders given that were not read (not named like documents).
  DocumentSources::Skipped skipped;
  /// Why the compiled plan could not judge documents; empty when it could.
  std::string plan_unavailable;
};

/// After each batch: `progress` gets the documents done, the bytes read and
/// the bytes in all (when known); `after_batch` may take the kept failing
/// documents out of the totals (to print them at once).
FileScanResult scan_files(
    const schema::SchemaSet& schemas, const FileScanRequest& request,
    const std::function<void(std::size_t, std::size_t, std::optional<std::size_t>)>& progress = {},
    const std::function<void(Totals&)>& after_batch = {});

}  // namespace portcheck::scan
