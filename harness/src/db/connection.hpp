#pragma once
/// Connecting to PostgreSQL with errors that say what to fix.

#include <memory>
#include <string>

#include <pqxx/connection>

namespace portcheck::db {

/// Opens a connection; a failure is a portcheck::Error carrying the server's
/// (or libpq's) message.
std::unique_ptr<pqxx::connection> connect(const std::string& dsn);

/// The connection string without its password, for reports, hints and messages.
std::string describe_dsn(const std::string& dsn);

/// `text` with every spelling of the password `dsn` holds replaced by ***:
/// for messages that may quote the connection string (libpq's among them).
std::string redacted(const std::string& text, const std::string& dsn);

/// A libpq message without its trailing newlines.
std::string trimmed(const std::string& message);

}  // namespace portcheck::db
