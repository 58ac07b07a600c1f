#include "db/decode_rules.hpp"

#include <set>

#include "compare/declared.hpp"

namespace portcheck::db {

namespace {

using compare::Severity;

DecodeVerdict ok(const std::string& message) { return {"decodes", Severity::info, message}; }
DecodeVerdict warning(const std::string& rule, const std::string& message) {
  return {rule, Severity::warning, message};
}
DecodeVerdict breaking(const std::string& rule, const std::string& message) {
  return {rule, Severity::breaking, message};
}

bool is_integer_column(const std::string& type) { return type == "int2" || type == "int4" || type == "int8"; }
bool is_text_column(const std::string& type) { return type == "text" || type == "varchar" || type == "bpchar"; }

/// The verdict for the value itself, NULL aside.
DecodeVerdict judge_value(const std::string& driver, const std::string& column, const std::string& declared) {
  const std::string family = compare::type_family(declared);
  const bool sqlx = driver == "sqlx";
  if (is_integer_column(column)) {
    if (family != "integer") return breaking("type-mismatch", column + " does not decode into " + declared);
    if (!sqlx) return ok("asyncpg gives a Python int");
    if (declared == "u32" || declared == "u64") {
      return breaking("unsigned-integer",
                      "sqlx has no unsigned PostgreSQL integers; " + column + " does not decode into " + declared);
    }
    if (column == "int4" && declared == "i64") {
      return breaking("int4-into-i64", "sqlx decodes int4 only into i32; an i64 field needs an int8 column or a cast");
    }
    if (column == "int8" && declared == "i32") return breaking("int8-into-i32", "sqlx decodes int8 only into i64");
    if (column == "int2" && declared != "i16") return breaking("int2-width", "sqlx decodes int2 only into i16");
    return ok("sqlx decodes " + column + " into " + declared);
  }
  if (is_text_column(column)) {
    if (family == "string") return ok("text decodes into " + declared);
    if (family == "bytes") {
      return sqlx ? ok("decodes through String into " + declared)
                  : warning("text-arrives-as-str", "asyncpg gives str for text; the field is declared " + declared);
    }
    return breaking("type-mismatch", "text does not decode into " + declared);
  }
  if (column == "timestamp") {
    if (family != "timestamp") return breaking("type-mismatch", "timestamp does not decode into " + declared);
    if (sqlx && declared != "NaiveDateTime") {
      return breaking("timestamp-without-time-zone-into-datetime-utc",
                      "sqlx decodes timestamp (without time zone) only into a naive date-time; DateTime<Utc> needs "
                      "timestamptz");
    }
    return ok(sqlx ? "sqlx decodes timestamp into NaiveDateTime" : "asyncpg gives a naive datetime, as utcnow() is");
  }
  if (column == "timestamptz") {
    if (family != "timestamp") return breaking("type-mismatch", "timestamptz does not decode into " + declared);
    if (!sqlx) {
      return warning("timestamptz-arrives-aware",
                     "asyncpg gives an offset-aware datetime; comparing it with the runner's naive utcnow() raises");
    }
    return declared == "NaiveDateTime"
               ? breaking("timestamptz-into-naive", "sqlx decodes timestamptz into DateTime, not NaiveDateTime")
               : ok("sqlx decodes timestamptz into DateTime<Utc>");
  }
  if (column == "interval") {
    if (family != "duration") return breaking("type-mismatch", "interval does not decode into " + declared);
    if (sqlx) {
      return declared == "PgInterval"
                 ? ok("sqlx decodes interval into PgInterval, months kept apart")
                 : breaking("interval-into-duration", "sqlx decodes interval only into PgInterval, not " + declared);
    }
    return warning("interval-months-become-days",
                   "asyncpg gives a timedelta: each whole 12 months become 365 days and each further month 30 days, so "
                   "'1 mon' and '30 days' arrive equal");
  }
  if (column == "_text") {
    return family == "list" ? ok("text[] decodes into " + declared)
                            : breaking("type-mismatch", "text[] does not decode into " + declared);
  }
  if (column == "json" || column == "jsonb") {
    if (family == "any" || family == "map" || family == "list" || declared.find("Dict") != std::string::npos) {
      return ok(column + " decodes into " + declared);
    }
    return sqlx ? breaking("type-mismatch", column + " decodes into serde_json::Value or Json<T>, not " + declared)
                : ok("asyncpg gives the decoded JSON value");
  }
  if (column == "bool") {
    return family == "boolean" ? ok("bool decodes into " + declared)
                               : breaking("type-mismatch", "bool does not decode into " + declared);
  }
  return warning("unknown-column-type", "no rule for column type " + column + "; check by hand");
}

}  // namespace

DecodeVerdict judge_decoding(const std::string& driver, const std::string& column_type, bool nullable,
                             const std::string& declared_type) {
  bool optional = false;
  const std::string declared = compare::without_optional(declared_type, optional);
  optional = optional || compare::type_family(declared) == "any";  // Any and serde_json::Value hold null
  const DecodeVerdict value = judge_value(driver, column_type, declared);
  if (value.severity == Severity::breaking || !nullable || optional) return value;
  if (driver == "sqlx") {
    return breaking("nullable-into-non-option",
                    "the column may hold NULL, which sqlx cannot decode into the non-Option " + declared_type);
  }
  if (value.severity == Severity::warning) return value;
  return warning("null-arrives-as-none",
                 "the column may hold NULL, which arrives as None in a field declared " + declared_type);
}

}  // namespace portcheck::db
