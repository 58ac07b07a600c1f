#include "db/scan.hpp"

#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/transaction>

#include "codec/codec.hpp"
#include "compare/readability.hpp"
#include "db/connection.hpp"
#include "json/document.hpp"
#include "json/error.hpp"

namespace portcheck::db {

namespace {

constexpr const char* kCursor = "portcheck_scan";

std::string type_name(pqxx::transaction_base& transaction, pqxx::oid type) {
  const pqxx::result rows = transaction.exec("SELECT typname FROM pg_type WHERE oid = " + std::to_string(type));
  return rows.empty() ? "oid " + std::to_string(type) : rows[0][0].c_str();
}

}  // namespace

ScanResult scan(const schema::SchemaSet& schemas, const ScanRequest& request,
                const std::function<void(std::size_t)>& progress) {
  static_cast<void>(schemas.get_json(request.side, request.structure));  // names an unknown side or structure
  const auto connection = connect(request.dsn);
  ScanResult result;
  try {
    pqxx::work transaction(*connection);
    transaction.exec(std::string("DECLARE ") + kCursor + " NO SCROLL CURSOR FOR " + request.query);
    const std::string fetch = "FETCH FORWARD " + std::to_string(request.batch) + " FROM " + kCursor;
    int json_index = -1;
    bool first = true;
    while (true) {
      const pqxx::result rows = transaction.exec(fetch);
      if (first) {
        first = false;
        std::vector<std::string> json_columns;
        for (pqxx::row_size_type index = 0; index < rows.columns(); ++index) {
          const std::string name = rows.column_name(index);
          const std::string type = type_name(transaction, rows.column_type(index));
          const bool is_json = type == "json" || type == "jsonb";
          if (!request.column.empty() && name == request.column) {
            if (!is_json) throw Error("column " + name + " is " + type + ", not json or jsonb");
            json_index = static_cast<int>(index);
          }
          if (is_json) json_columns.push_back(name);
        }
        if (!request.column.empty() && json_index < 0) {
          throw Error("the query returns no column named " + request.column);
        }
        if (request.column.empty()) {
          if (json_columns.size() != 1) {
            std::string names;
            for (const auto& name : json_columns) names += (names.empty() ? "" : ", ") + name;
            throw Error(json_columns.empty()
                            ? "the query returns no json or jsonb column"
                            : "the query returns several json columns (" + names + "): choose one with --column");
          }
          json_index = static_cast<int>(rows.column_number(json_columns.front()));
        }
        result.json_column = rows.column_name(static_cast<pqxx::row_size_type>(json_index));
      }
      if (rows.empty()) break;
      for (const auto& row : rows) {
        ++result.rows;
        const pqxx::field field = row[json_index];
        if (field.is_null()) {
          ++result.null_values;
          continue;
        }
        std::vector<std::string> reasons;
        std::vector<std::string> rules;
        try {
          const json::Document document =
              json::parse(std::string_view(field.c_str(), field.size()), "row " + std::to_string(result.rows));
          const compare::Readability readability =
              compare::judge_readability(schemas, request.structure, "database", request.side, document, "row", "");
          reasons = readability.reasons;
          for (const std::string& reason : reasons) rules.push_back(reason.substr(0, reason.find(' ')));
          if (readability.readable) {
            std::vector<std::string> problems;
            codec::decode(schemas, schemas.get(request.side, request.structure), document, &problems);
            for (const std::string& problem : problems) {
              reasons.push_back("undecodable at " + problem);
              rules.push_back("undecodable");
            }
          }
        } catch (const Error& error) {
          // Stored text a strict reader refuses (duplicate keys, huge integers).
          reasons.push_back("malformed-json: " + error.describe());
          rules.push_back("malformed-json");
        }
        if (reasons.empty()) {
          ++result.readable;
          continue;
        }
        ++result.failing;
        for (const std::string& rule : rules) ++result.failures_by_rule[rule];
        if (result.first_failures.size() < request.show) {
          FailingRow failing{result.rows, {}, reasons};
          for (pqxx::row_size_type index = 0; index < row.size(); ++index) {
            if (static_cast<int>(index) == json_index) continue;
            failing.keys.push_back(std::string(rows.column_name(index)) + "=" +
                                   (row[index].is_null() ? "NULL" : row[index].c_str()));
          }
          result.first_failures.push_back(std::move(failing));
        }
      }
      if (progress) progress(result.rows);
    }
    transaction.exec(std::string("CLOSE ") + kCursor);
  } catch (const Error&) {
    throw;
  } catch (const pqxx::sql_error& error) {
    throw Error("the query failed: " + trimmed(error.what()));
  } catch (const std::exception& error) {
    throw Error("the database failed: " + trimmed(error.what()));
  }
  return result;
}

}  // namespace portcheck::db
