#pragma once
/// Which declared field types a side's PostgreSQL driver can decode a column
/// into. The rules are data: each side's language profile holds its driver's
/// decode table (schemas/profiles/); this applies it.

#include <string>

#include "compare/comparison.hpp"
#include "schema/profile.hpp"

namespace portcheck::db {

struct DecodeVerdict {
  compare::Rule rule = compare::Rule::decodes;
  compare::Severity severity = compare::Severity::info;
  std::string message;
};

/// Judges decoding a column of `column_type` (catalog name: int4, text,
/// timestamp, timestamptz, interval, _text, json, jsonb, bool, ...) that may
/// or may not hold NULL into a field declared `declared_type`, with the
/// profile's driver: the first row of its decode table that matches, else
/// unknown-column-type; then, for a nullable column into a field that is not
/// optional, the driver's nullable rule unless the value's verdict is at
/// least as severe. The profile must have a database driver.
DecodeVerdict judge_decoding(const schema::LanguageProfile& profile, const std::string& column_type, bool nullable,
                             const std::string& declared_type);

}  // namespace portcheck::db
