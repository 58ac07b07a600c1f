#include "db/scan.hpp"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>

#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/transaction>

#include "codec/codec.hpp"
#include "compare/readability.hpp"
#include "db/connection.hpp"
#include "db/copy_stream.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "scan/judge.hpp"
#include "scan/pipeline.hpp"

namespace portcheck::db {

namespace {

std::string type_name(pqxx::transaction_base& transaction, pqxx::oid type) {
  const pqxx::result rows = transaction.exec("SELECT format_type(" + std::to_string(type) + ", NULL)");
  return rows.empty() || rows[0][0].is_null() ? "oid " + std::to_string(type) : rows[0][0].c_str();
}

/// The index of the JSON column to read: the one named, or the only json or
/// jsonb column of the result, by its place (a name can repeat, and libpq
/// looks names up as SQL identifiers). Throws when there is no such column.
pqxx::row_size_type json_column(const pqxx::result& rows, const std::vector<std::string>& types,
                                const std::string& wanted) {
  std::vector<pqxx::row_size_type> named;  // columns called `wanted`
  std::vector<pqxx::row_size_type> json;   // json columns (among the named ones, when a name is wanted)
  for (pqxx::row_size_type index = 0; index < rows.columns(); ++index) {
    const bool is_json = types[index] == "json" || types[index] == "jsonb";
    if (!wanted.empty() && rows.column_name(index) != wanted) continue;
    if (!wanted.empty()) named.push_back(index);
    if (is_json) json.push_back(index);
  }
  if (!wanted.empty() && named.empty()) throw Error("the query returns no column named " + wanted);
  if (!wanted.empty() && json.empty()) {
    throw Error("column " + wanted + " is " + types[named.front()] + ", not json or jsonb");
  }
  if (json.size() != 1) {
    std::string names;
    for (const pqxx::row_size_type index : json)
      names += (names.empty() ? "" : ", ") + std::string(rows.column_name(index));
    throw Error(json.empty()     ? "the query returns no json or jsonb column"
                : wanted.empty() ? "the query returns several json columns (" + names + "): choose one with --column"
                                 : "the query returns several json columns named " + wanted +
                                       ": give them other names in the query");
  }
  return json.front();
}

/// The user's query as a subquery: on a line of its own, so that a final
/// `-- comment` ends before the closing parenthesis, and without a final
/// semicolon, which ends a statement rather than a query.
std::string subquery(const std::string& query) {
  std::string text = query;
  while (!text.empty() && (text.back() == ';' || std::isspace(static_cast<unsigned char>(text.back())) != 0)) {
    text.pop_back();
  }
  return "(" + text + "\n)";
}

/// The query's rows under positional names (c0, c1, ...): the query's own
/// names may repeat (`SELECT a.id, b.id`) or need quoting.
std::string rows_of(const std::string& query, pqxx::row_size_type columns) {
  std::string names;
  for (pqxx::row_size_type index = 0; index < columns; ++index) {
    names += (index > 0 ? ", c" : "c") + std::to_string(index);
  }
  return subquery(query) + " AS portcheck_rows(" + names + ")";
}

/// The other columns' texts of each row of a batch, as keys to find a
/// failing row by: each row's fields one after another, a length before
/// each (SIZE_MAX for SQL NULL).
struct RowKeys {
  std::vector<std::string> names;
  std::string fields;
  std::vector<std::size_t> starts;  ///< where each record's fields start

  [[nodiscard]] std::vector<std::string> of(std::size_t record) const {
    std::vector<std::string> keys;
    std::size_t at = starts[record];
    for (const std::string& name : names) {
      std::size_t length = 0;
      std::memcpy(&length, fields.data() + at, sizeof(length));
      at += sizeof(length);
      if (length == SIZE_MAX) {
        keys.push_back(name + "=NULL");
        continue;
      }
      keys.push_back(name + "=" + fields.substr(at, length));
      at += length;
    }
    return keys;
  }
};

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
  if (request.partitions == 0 || request.partition == 0 || request.partition > request.partitions) {
    throw Error("--partition " + std::to_string(request.partition) + "/" + std::to_string(request.partitions) +
                " names no part: K/N takes 1 <= K <= N");
  }
  const scan::Judge judge(schemas, request.side, request.structure, scan::Strictness::reader);
  ScanResult result;
  result.plan_unavailable = judge.plan().available() ? "" : judge.plan().why_unavailable();
  std::string select;
  std::optional<std::size_t> total;
  std::vector<std::string> key_names;  // the other columns'
  try {
    // What the query returns, from the server's description of it without
    // any row; and the part's bounds, when the rows are a part.
    const auto connection = connect(request.dsn);
    pqxx::read_transaction transaction(*connection);
    const pqxx::result described =
        transaction.exec("SELECT * FROM " + subquery(request.query) + " AS portcheck_rows LIMIT 0");
    std::vector<std::string> types;
    for (pqxx::row_size_type index = 0; index < described.columns(); ++index) {
      types.push_back(type_name(transaction, described.column_type(index)));
    }
    const pqxx::row_size_type json_index = json_column(described, types, request.column);
    result.json_column = described.column_name(json_index);
    const auto column = [](pqxx::row_size_type index) { return "c" + std::to_string(index); };
    std::string columns = column(json_index) + "::text";
    for (pqxx::row_size_type index = 0; index < described.columns(); ++index) {
      if (index == json_index) continue;
      key_names.emplace_back(described.column_name(index));
      columns += ", " + column(index) + "::text";
    }
    std::string source = rows_of(request.query, described.columns());
    if (request.partitions > 1) {
      std::optional<pqxx::row_size_type> key_index;
      for (pqxx::row_size_type index = 0; index < described.columns(); ++index) {
        const bool named = request.partition_key.empty() ? index != json_index
                                                         : described.column_name(index) == request.partition_key;
        if (named) {
          key_index = index;
          break;
        }
      }
      if (!key_index) {
        throw Error(request.partition_key.empty()
                        ? "--partition needs a key column: the query returns only the JSON column"
                        : "--partition-key " + request.partition_key + " is not a column of the query");
      }
      result.partition_key = described.column_name(*key_index);
      // The N-1 cuts: the key's quantiles, the same for every part's process
      // as long as the rows do not change between them.
      std::string fractions;
      for (std::size_t cut = 1; cut < request.partitions; ++cut) {
        fractions += (cut > 1 ? ", " : "") + std::to_string(cut) + ".0 / " + std::to_string(request.partitions);
      }
      const std::string key = column(*key_index);
      // Each cut is computed by the statement that uses it, in the key's own
      // type: a cut read as text and cast back loses a type's length
      // (`'x349'::character` is 'x', and every row of a char(4) key fell in
      // the last parts).
      const std::string cuts = "(SELECT percentile_disc(ARRAY[" + fractions + "]::float8[]) WITHIN GROUP (ORDER BY " +
                               key + ") FROM " + source + ")";
      const auto bound = [&](std::size_t cut) { return "(" + cuts + ")[" + std::to_string(cut) + "]"; };
      std::vector<std::string> conditions;
      if (request.partition > 1) conditions.push_back(key + " > " + bound(request.partition - 1));
      if (request.partition < request.partitions) conditions.push_back(key + " <= " + bound(request.partition));
      std::string where = conditions.empty() ? "true" : conditions.front();
      if (conditions.size() == 2) where += " AND " + conditions.back();
      if (request.partition == request.partitions) where = "(" + where + ") OR " + key + " IS NULL";
      source += " WHERE " + where;
    }
    if (request.count_first) {
      total = transaction.exec1("SELECT count(*) FROM " + source)[0].as<std::size_t>();
    }
    select = "SELECT " + columns + " FROM " + source;
  } catch (const Error&) {
    throw;
  } catch (const pqxx::sql_error& error) {
    throw Error("the query failed: " + redacted(trimmed(error.what()), request.dsn));
  } catch (const std::exception& error) {
    throw Error("the database failed: " + redacted(trimmed(error.what()), request.dsn));
  }

  CopyStream stream(request.dsn, select, request.jobs > 1);
  std::vector<std::optional<std::string_view>> fields;
  bool finished = false;
  // The pipeline calls this from one thread at a time (its workers take
  // turns reading). Each batch copies its rows' texts, so that libpq's
  // buffer of each row is freed as soon as the next is read.
  const scan::Producer fetch_batch = [&](scan::Batch& batch) {
    if (finished) return false;
    const std::size_t rows_before = result.rows;
    auto batch_keys = std::make_shared<RowKeys>();
    batch_keys->names = key_names;
    const std::size_t wanted = std::max<std::size_t>(request.batch, 1);
    while (batch.records.size() < wanted) {
      if (!stream.next(fields)) {
        finished = true;
        break;
      }
      if (fields.size() != 1 + key_names.size()) {
        throw Error("the database failed: COPY sent a row of " + std::to_string(fields.size()) + " columns, not " +
                    std::to_string(1 + key_names.size()));
      }
      ++result.rows;
      if (!fields[0]) {
        ++result.null_values;
        continue;
      }
      scan::Record record;
      record.offset = batch.text.size();
      record.length = fields[0]->size();
      record.row = result.rows;
      record.keys = batch_keys->starts.size();
      batch.text.append(*fields[0]);
      batch_keys->starts.push_back(batch_keys->fields.size());
      for (std::size_t index = 1; index < fields.size(); ++index) {
        const std::size_t length = fields[index] ? fields[index]->size() : SIZE_MAX;
        batch_keys->fields.append(reinterpret_cast<const char*>(&length), sizeof(length));
        if (fields[index]) batch_keys->fields.append(*fields[index]);
      }
      batch.records.push_back(record);
    }
    if (result.rows == rows_before) return false;
    batch.keys_of = [batch_keys](const scan::Record& record) { return batch_keys->of(record.keys); };
    batch.keep.push_back(batch_keys);
    batch.progress = result.rows;
    return true;
  };
  scan::run_pipeline(request.jobs, fetch_batch, judge, [&](scan::Batch& batch) {
    result.totals.add(batch, request.show);
    if (after_batch) after_batch(result.totals);
    if (progress) progress(batch.progress, total);
  });
  return result;
}

}  // namespace portcheck::db
