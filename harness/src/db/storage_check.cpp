#include "db/storage_check.hpp"

#include <map>

#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/transaction>

#include "db/connection.hpp"
#include "db/decode_rules.hpp"
#include "json/error.hpp"

namespace portcheck::db {

namespace {

Catalog read_catalog(pqxx::connection& connection) {
  Catalog catalog;
  try {
    pqxx::read_transaction transaction(connection);
    const pqxx::result rows = transaction.exec(
        "SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns "
        "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position");
    for (const auto& row : rows) {
      catalog[row[0].c_str()][row[1].c_str()] = ColumnInfo{row[2].c_str(), std::string(row[3].c_str()) == "YES"};
    }
  } catch (const std::exception& error) {
    throw Error("cannot read the catalog: " + trimmed(error.what()));
  }
  return catalog;
}

/// One side's field of one mapped column, judged against the catalog.
compare::StorageFinding judge_column(const schema::SchemaSet& schemas, const schema::StorageMapping& mapping,
                                     const schema::StorageColumn& column, const schema::Side& side,
                                     const std::string& field, const Catalog& catalog) {
  compare::StorageFinding finding;
  finding.structure = mapping.structure;
  finding.table = mapping.table;
  finding.column = column.column;
  finding.side = side.name;
  finding.driver = side.profile.database->name;
  finding.field = field;
  finding.id = mapping.table + "." + column.column + "/" + side.name;
  finding.declared_type = schemas.describe(schemas.get(side.name, mapping.structure), field).source_type;
  const auto table = catalog.find(mapping.table);
  const bool exists = table != catalog.end() && table->second.contains(column.column);
  if (!exists) {
    finding.column_exists = false;
    finding.rule = table == catalog.end() ? compare::Rule::missing_table : compare::Rule::missing_column;
    finding.severity = compare::rule_info(finding.rule).severity;
    finding.message = table == catalog.end() ? "the database has no table " + mapping.table
                                             : "table " + mapping.table + " has no column " + column.column;
    return finding;
  }
  const ColumnInfo& info = table->second.at(column.column);
  finding.column_type = info.type;
  finding.nullable = info.nullable;
  const DecodeVerdict verdict = judge_decoding(side.profile, info.type, info.nullable, finding.declared_type);
  finding.rule = verdict.rule;
  finding.severity = verdict.severity;
  finding.message = verdict.message;
  return finding;
}

}  // namespace

std::vector<compare::StorageFinding> judge_storage(const schema::SchemaSet& schemas, const Catalog& catalog) {
  std::vector<compare::StorageFinding> findings;
  const schema::Manifest& manifest = schemas.manifest();
  for (const schema::StorageMapping& mapping : manifest.storage) {
    for (const schema::StorageColumn& column : mapping.columns) {
      for (const schema::Side& side : manifest.sides) {
        const auto field = column.fields.find(side.name);
        if (field == column.fields.end() || !side.profile.database) continue;
        findings.push_back(judge_column(schemas, mapping, column, side, field->second, catalog));
      }
    }
  }
  return findings;
}

std::vector<compare::StorageFinding> check_storage(const schema::SchemaSet& schemas, const std::string& dsn) {
  const auto connection = connect(dsn);
  return judge_storage(schemas, read_catalog(*connection));
}

}  // namespace portcheck::db
