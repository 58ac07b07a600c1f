#include "db/scan.hpp"

#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/transaction>

#include "codec/codec.hpp"
#include "compare/readability.hpp"
#include "db/connection.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "scan/judge.hpp"
#include "scan/pipeline.hpp"

namespace portcheck::db {

namespace {

constexpr const char* kCursor = "portcheck_scan";

std::string type_name(pqxx::transaction_base& transaction, pqxx::oid type) {
  const pqxx::result rows = transaction.exec("SELECT typname FROM pg_type WHERE oid = " + std::to_string(type));
  return rows.empty() ? "oid " + std::to_string(type) : rows[0][0].c_str();
}

/// The index of the JSON column to read: the one named, or the only json or
/// jsonb column of the result. Throws when there is no such column.
pqxx::row_size_type json_column(pqxx::transaction_base& transaction, const pqxx::result& rows,
                                const std::string& wanted) {
  std::vector<std::string> json_columns;
  for (pqxx::row_size_type index = 0; index < rows.columns(); ++index) {
    const std::string name = rows.column_name(index);
    const std::string type = type_name(transaction, rows.column_type(index));
    const bool is_json = type == "json" || type == "jsonb";
    if (!wanted.empty() && name == wanted) {
      if (!is_json) throw Error("column " + name + " is " + type + ", not json or jsonb");
      return index;
    }
    if (is_json) json_columns.push_back(name);
  }
  if (!wanted.empty()) throw Error("the query returns no column named " + wanted);
  if (json_columns.size() != 1) {
    std::string names;
    for (const auto& name : json_columns) names += (names.empty() ? "" : ", ") + name;
    throw Error(json_columns.empty()
                    ? "the query returns no json or jsonb column"
                    : "the query returns several json columns (" + names + "): choose one with --column");
  }
  return rows.column_number(json_columns.front());
}

/// The row's other columns, "name=value", as keys to find it by.
std::vector<std::string> row_keys(const pqxx::result& rows, const pqxx::row& row, pqxx::row_size_type json_index) {
  std::vector<std::string> keys;
  for (pqxx::row_size_type index = 0; index < row.size(); ++index) {
    if (index == json_index) continue;
    keys.push_back(std::string(rows.column_name(index)) + "=" + (row[index].is_null() ? "NULL" : row[index].c_str()));
  }
  return keys;
}

}  // namespace

std::vector<compare::Refusal> judge_stored_value(const schema::SchemaSet& schemas, const std::string& side,
                                                 const std::string& structure, std::string_view text,
                                                 const std::string& source_name) {
  std::vector<compare::Refusal> refusals;
  try {
    const json::Document document = json::parse(text, source_name);
    const compare::Readability readability =
        compare::judge_readability(schemas, structure, "database", side, document, "row", "");
    refusals = readability.refusals;
    if (readability.readable) {
      std::vector<codec::DecodeProblem> problems;
      codec::decode(schemas, schemas.get(side, structure), document, &problems);
      for (const codec::DecodeProblem& problem : problems) {
        refusals.push_back({compare::Rule::undecodable, problem.pointer, problem.reason});
      }
    }
  } catch (const Error& error) {
    // Stored text a strict reader refuses (duplicate keys, huge integers).
    refusals.push_back({compare::Rule::malformed_json, error.where().pointer, error.describe()});
  }
  return refusals;
}

ScanResult scan(const schema::SchemaSet& schemas, const ScanRequest& request,
                const std::function<void(std::size_t, std::optional<std::size_t>)>& progress,
                const std::function<void(scan::Totals&)>& after_batch) {
  static_cast<void>(schemas.get_json(request.side, request.structure));  // names an unknown side or structure
  const scan::Judge judge(schemas, request.side, request.structure, scan::Strictness::reader);
  const auto connection = connect(request.dsn);
  ScanResult result;
  result.plan_unavailable = judge.plan().available() ? "" : judge.plan().why_unavailable();
  try {
    pqxx::work transaction(*connection);
    std::optional<std::size_t> total;
    if (request.count_first) {
      const pqxx::result counted = transaction.exec("SELECT count(*) FROM (" + request.query + ") AS portcheck_rows");
      total = counted[0][0].as<std::size_t>();
    }
    transaction.exec(std::string("DECLARE ") + kCursor + " NO SCROLL CURSOR FOR " + request.query);
    const std::string fetch =
        "FETCH FORWARD " + std::to_string(std::max<std::size_t>(request.batch, 1)) + " FROM " + kCursor;
    std::optional<pqxx::row_size_type> json_index;
    bool finished = false;
    // Runs in the fetching thread: the connection is used there only.
    const scan::Producer fetch_batch = [&](scan::Batch& batch) {
      if (finished) return false;
      auto rows = std::make_shared<const pqxx::result>(transaction.exec(fetch));
      if (!json_index) {
        json_index = json_column(transaction, *rows, request.column);
        result.json_column = rows->column_name(*json_index);
      }
      if (rows->empty()) {
        finished = true;
        return false;
      }
      const pqxx::row_size_type column = *json_index;
      for (pqxx::result::size_type index = 0; index < rows->size(); ++index) {
        ++result.rows;
        const pqxx::field field = (*rows)[index][column];
        if (field.is_null()) {
          ++result.null_values;
          continue;
        }
        scan::Record record;
        record.data = field.c_str();
        record.length = field.size();
        record.offset = index;
        record.row = result.rows;
        batch.records.push_back(record);
      }
      batch.keys_of = [rows, column](const scan::Record& record) {
        return row_keys(*rows, (*rows)[static_cast<pqxx::result::size_type>(record.offset)], column);
      };
      batch.keep.push_back(rows);
      batch.progress = result.rows;
      return true;
    };
    std::size_t judged_rows = 0;
    scan::run_pipeline(request.jobs, fetch_batch, judge, [&](scan::Batch& batch) {
      result.totals.add(batch, request.show);
      if (after_batch) after_batch(result.totals);
      judged_rows = batch.progress;
      if (progress) progress(judged_rows, total);
    });
    transaction.exec(std::string("CLOSE ") + kCursor);
  } catch (const Error&) {
    throw;
  } catch (const pqxx::sql_error& error) {
    throw Error("the query failed: " + redacted(trimmed(error.what()), request.dsn));
  } catch (const std::exception& error) {
    throw Error("the database failed: " + redacted(trimmed(error.what()), request.dsn));
  }
  return result;
}

}  // namespace portcheck::db
