#pragma once
/// Connecting to PostgreSQL with errors that say what to fix.

#include <memory>
#include <string>

#include <pqxx/connection>

namespace portcheck::db {

/// Opens a connection; a failure is a portcheck::Error carrying the server's
/// (or libpq's) message.
std::unique_ptr<pqxx::connection> connect(const std::string& dsn);

/// The connection string without its password, for reports.
std::string describe_dsn(const std::string& dsn);

/// A libpq message without its trailing newlines.
std::string trimmed(const std::string& message);

}  // namespace portcheck::db
