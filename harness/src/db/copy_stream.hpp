#pragma once
/// A query's rows as PostgreSQL's COPY streams them out: the fastest way a
/// server hands over rows (no cursor round trips, no result held in memory
/// on either side). libpqxx 6 streams COPY only from a table, not from a
/// query, so this speaks libpq on a connection of its own.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;

namespace portcheck::db {

class CopyStream {
 public:
  /// Connects and starts `COPY (select) TO STDOUT (FORMAT binary)`. With
  /// `parallel`, in a transaction whose planner is told that
  /// handing rows from parallel workers to the process that sends them costs
  /// nothing, so that a large enough table is read, and its JSON turned into
  /// text, by several server processes at once (up to the server's own
  /// max_parallel_workers_per_gather; tables under its
  /// min_parallel_table_scan_size stay serial). Rows then come in no fixed
  /// order unless the query orders them. Throws portcheck::Error with
  /// libpq's or the server's message, the password taken out.
  CopyStream(const std::string& dsn, const std::string& select, bool parallel);
  ~CopyStream();
  CopyStream(const CopyStream&) = delete;
  CopyStream& operator=(const CopyStream&) = delete;

  /// The next row's fields (nothing for SQL NULL), valid until the next
  /// call; false after the last row. Throws portcheck::Error when the query
  /// fails midway or the stream is not what COPY's binary format says.
  bool next(std::vector<std::optional<std::string_view>>& fields);

 private:
  [[noreturn]] void fail(const std::string& what) const;
  void finish();

  std::string dsn_;
  pg_conn* connection_ = nullptr;
  char* message_ = nullptr;  ///< the row last received, libpq's to free
  bool header_read_ = false;
  bool ended_ = false;
  bool in_transaction_ = false;  ///< the parallel read's, committed at the end
};

}  // namespace portcheck::db
