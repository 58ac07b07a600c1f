#pragma once
/// Which declared field types each PostgreSQL driver can decode a column into.
/// The table is in the README ("Database checks"); each verdict names its rule.

#include <string>

#include "compare/comparison.hpp"

namespace portcheck::db {

struct DecodeVerdict {
  std::string rule;  ///< "decodes" when it works
  compare::Severity severity = compare::Severity::info;
  std::string message;
};

/// Judges decoding a column of `column_type` (catalog name: int4, text,
/// timestamp, timestamptz, interval, _text, json, jsonb, bool, ...) that may
/// or may not hold NULL into a field declared `declared_type`, with `driver`
/// ("asyncpg" or "sqlx").
DecodeVerdict judge_decoding(const std::string& driver, const std::string& column_type, bool nullable,
                             const std::string& declared_type);

}  // namespace portcheck::db
