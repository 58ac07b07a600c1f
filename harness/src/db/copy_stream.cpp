#include "db/copy_stream.hpp"

#include <libpq-fe.h>

#include <cstdint>
#include <cstring>

#include "db/connection.hpp"
#include "json/error.hpp"

namespace portcheck::db {

namespace {

/// What every binary COPY stream starts with (PostgreSQL's documentation of
/// COPY, "Binary Format"): the signature, then a 32-bit flags field and the
/// length of a header extension.
constexpr std::string_view kSignature("PGCOPY\n\377\r\n\0", 11);

/// Network-order integers, read from a bounded buffer.
class Reader {
 public:
  Reader(const char* data, std::size_t size) : at_(data), end_(data + size) {}

  [[nodiscard]] std::size_t left() const { return static_cast<std::size_t>(end_ - at_); }
  bool skip(std::size_t bytes) {
    if (left() < bytes) return false;
    at_ += bytes;
    return true;
  }
  bool int16(std::int16_t& value) {
    std::uint16_t raw = 0;
    if (!take(&raw, sizeof(raw))) return false;
    value = static_cast<std::int16_t>(__builtin_bswap16(raw));
    return true;
  }
  bool int32(std::int32_t& value) {
    std::uint32_t raw = 0;
    if (!take(&raw, sizeof(raw))) return false;
    value = static_cast<std::int32_t>(__builtin_bswap32(raw));
    return true;
  }
  [[nodiscard]] const char* here() const { return at_; }

 private:
  bool take(void* into, std::size_t bytes) {
    if (left() < bytes) return false;
    std::memcpy(into, at_, bytes);
    at_ += bytes;
    return true;
  }

  const char* at_;
  const char* end_;
};

}  // namespace

CopyStream::CopyStream(const std::string& dsn, const std::string& select, bool parallel) : dsn_(dsn) {
  connection_ = PQconnectdb(dsn.c_str());
  if (connection_ == nullptr || PQstatus(connection_) != CONNECTION_OK) {
    const std::string message = connection_ != nullptr ? PQerrorMessage(connection_) : "out of memory";
    finish();
    throw Error("cannot connect to the database (" + describe_dsn(dsn) + "): " + redacted(trimmed(message), dsn));
  }
  // Text in UTF-8 whatever the database's encoding (a LATIN1 "é" would
  // otherwise arrive as one byte that no JSON reader takes).
  if (PQsetClientEncoding(connection_, "UTF8") != 0) {
    const std::string message = PQerrorMessage(connection_);
    finish();
    throw Error("the database cannot send UTF-8: " + redacted(trimmed(message), dsn));
  }
  if (parallel) {
    // The server's costs of a parallel plan assume that every row crosses
    // from a worker to the leader for little work done on it; here each row's
    // JSON is turned into text, the server's main work, and a worker can do it.
    // SET LOCAL, in a transaction of its own, so that the settings end with
    // it: behind a pooler that hands the server's session to other clients
    // (pgbouncer's transaction pooling) a plain SET would stay for them.
    PGresult* set = PQexec(connection_, "BEGIN; SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0");
    const bool done = PQresultStatus(set) == PGRES_COMMAND_OK;
    const std::string message = done ? "" : PQresultErrorMessage(set);
    PQclear(set);
    if (!done) {
      finish();
      throw Error("the database refused the settings of a parallel read (--jobs 1 reads without them): " +
                  redacted(trimmed(message), dsn));
    }
    in_transaction_ = true;
  }
  PGresult* started = PQexec(connection_, ("COPY (" + select + ") TO STDOUT (FORMAT binary)").c_str());
  const bool copying = PQresultStatus(started) == PGRES_COPY_OUT;
  const std::string message = copying ? "" : PQresultErrorMessage(started);
  PQclear(started);
  if (!copying) {
    finish();
    throw Error("the query failed: " + redacted(trimmed(message), dsn));
  }
}

CopyStream::~CopyStream() { finish(); }

void CopyStream::finish() {
  if (message_ != nullptr) PQfreemem(message_);
  message_ = nullptr;
  // Closing the connection ends a COPY still under way on the server.
  if (connection_ != nullptr) PQfinish(connection_);
  connection_ = nullptr;
}

void CopyStream::fail(const std::string& what) const { throw Error("the database failed: " + what); }

bool CopyStream::next(std::vector<std::optional<std::string_view>>& fields) {
  fields.clear();
  while (!ended_) {
    if (message_ != nullptr) PQfreemem(message_);
    message_ = nullptr;
    const int length = PQgetCopyData(connection_, &message_, 0);
    if (length == -1) {
      // The end of the COPY: its result says whether the query finished.
      PGresult* outcome = PQgetResult(connection_);
      const bool finished = PQresultStatus(outcome) == PGRES_COMMAND_OK;
      const std::string message = finished ? "" : PQresultErrorMessage(outcome);
      PQclear(outcome);
      while (PGresult* rest = PQgetResult(connection_)) PQclear(rest);
      if (!finished) throw Error("the query failed: " + redacted(trimmed(message), dsn_));
      if (in_transaction_) {
        PGresult* committed = PQexec(connection_, "COMMIT");
        const bool done = PQresultStatus(committed) == PGRES_COMMAND_OK;
        const std::string failure = done ? "" : PQresultErrorMessage(committed);
        PQclear(committed);
        if (!done) throw Error("the query failed: " + redacted(trimmed(failure), dsn_));
        in_transaction_ = false;
      }
      ended_ = true;
      return false;
    }
    if (length < 0) fail(redacted(trimmed(PQerrorMessage(connection_)), dsn_));
    Reader reader(message_, static_cast<std::size_t>(length));
    if (!header_read_) {
      // The header comes with the first row (or with the end of an empty result).
      std::int32_t flags = 0;
      std::int32_t extension = 0;
      if (reader.left() < kSignature.size() || std::memcmp(reader.here(), kSignature.data(), kSignature.size()) != 0 ||
          !reader.skip(kSignature.size()) || !reader.int32(flags) || !reader.int32(extension) || extension < 0 ||
          !reader.skip(static_cast<std::size_t>(extension))) {
        fail("COPY's binary stream does not start with its header");
      }
      header_read_ = true;
    }
    std::int16_t count = 0;
    if (!reader.int16(count)) fail("COPY's binary stream ended inside a row");
    if (count == -1) continue;  // the trailer; the end follows
    for (std::int16_t field = 0; field < count; ++field) {
      std::int32_t size = 0;
      if (!reader.int32(size)) fail("COPY's binary stream ended inside a row");
      if (size == -1) {
        fields.emplace_back();
        continue;
      }
      const char* data = reader.here();
      if (size < 0 || !reader.skip(static_cast<std::size_t>(size))) fail("COPY's binary stream ended inside a field");
      fields.emplace_back(std::string_view(data, static_cast<std::size_t>(size)));
    }
    return true;
  }
  return false;
}

}  // namespace portcheck::db
