// Database conformance against a real PostgreSQL server that the test suite
// starts itself (scripts/test-db, a ctest fixture). Without the server
// binaries every test here skips, saying why.

#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <vector>

#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "db/decode_rules.hpp"
#include "db/scan.hpp"
#include "db/storage_check.hpp"
#include "json/canonical.hpp"
#include "json/document.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

/// The server the fixture started, or why there is none.
struct TestDatabase {
  std::string dsn;
  std::string skip_reason;
};

TestDatabase test_database() {
  const char* state = std::getenv("PORTCHECK_TEST_DB_STATE");
  if (state == nullptr) return {"", "PORTCHECK_TEST_DB_STATE is not set: run the database tests through ctest"};
  std::string folder = read_text(state);
  while (!folder.empty() && folder.back() == '\n') folder.pop_back();
  if (std::filesystem::exists(folder + "/skip")) return {"", read_text(folder + "/skip")};
  std::string dsn = read_text(folder + "/dsn");
  while (!dsn.empty() && dsn.back() == '\n') dsn.pop_back();
  return {dsn, ""};
}

/// Skips without a server; records that a database test ran.
class Database : public testing::Test {
 protected:
  void SetUp() override {
    database = test_database();
    if (database.dsn.empty()) GTEST_SKIP() << database.skip_reason;
    std::ofstream ran(std::string(std::getenv("PORTCHECK_TEST_DB_STATE")) + ".ran", std::ios::app);
    ran << testing::UnitTest::GetInstance()->current_test_info()->name() << "\n";
  }
  void sql(const std::string& statement) {
    pqxx::connection connection(database.dsn);
    pqxx::work transaction(connection);
    transaction.exec(statement);
    transaction.commit();
  }
  /// The catalog's type name and nullability of a real column.
  std::pair<std::string, bool> column(const std::string& table, const std::string& name) {
    pqxx::connection connection(database.dsn);
    pqxx::read_transaction transaction(connection);
    const pqxx::result rows = transaction.exec(
        "SELECT udt_name, is_nullable FROM information_schema.columns WHERE table_name = " + transaction.quote(table) +
        " AND column_name = " + transaction.quote(name));
    if (rows.empty()) throw std::runtime_error("no column " + table + "." + name);
    return {rows[0][0].c_str(), std::string(rows[0][1].c_str()) == "YES"};
  }
  const schema::SchemaSet& schemas() {
    static const schema::SchemaSet set = schema::SchemaSet::load(source_dir() / "schemas");
    return set;
  }
  TestDatabase database;
};

// ------------------------------------------------------------------ decoding rules

struct RuleCase {
  std::string column;  // in table decode_rules
  std::string driver;  // the driver of the side whose profile judges it
  std::string declared;
  std::string rule;
};

const std::vector<RuleCase> kRuleCases{
    {"i4", "sqlx", "i32", "decodes"},
    {"i4", "sqlx", "i64", "int4-into-i64"},
    {"i8", "sqlx", "i64", "decodes"},
    {"i8", "sqlx", "i32", "int8-into-i32"},
    {"i8", "sqlx", "u64", "unsigned-integer"},
    {"i4", "asyncpg", "int", "decodes"},
    {"ts", "sqlx", "DateTime<Utc>", "timestamp-without-time-zone-into-datetime-utc"},
    {"ts", "sqlx", "NaiveDateTime", "decodes"},
    {"ts", "asyncpg", "datetime", "decodes"},
    {"tstz", "sqlx", "DateTime<Utc>", "decodes"},
    {"tstz", "asyncpg", "datetime", "timestamptz-arrives-aware"},
    {"iv", "sqlx", "PgInterval", "decodes"},
    {"iv", "sqlx", "Duration", "interval-into-duration"},
    {"iv", "asyncpg", "timedelta", "interval-months-become-days"},
    {"tx", "sqlx", "String", "decodes"},
    {"tx", "asyncpg", "bytes", "text-arrives-as-str"},
    {"tx", "sqlx", "i64", "column-type-mismatch"},
    {"arr", "sqlx", "Vec<String>", "decodes"},
    {"arr", "asyncpg", "List[str]", "decodes"},
    {"js", "sqlx", "serde_json::Value", "decodes"},
    {"js", "asyncpg", "Any", "decodes"},
    {"flag", "sqlx", "bool", "decodes"},
    {"maybe", "sqlx", "String", "nullable-into-non-option"},
    {"maybe", "sqlx", "Option<String>", "decodes"},
    {"maybe", "asyncpg", "str", "null-arrives-as-none"},
    {"maybe", "asyncpg", "Optional[str]", "decodes"},
};

class DecodeRule : public Database {
 public:
  explicit DecodeRule(RuleCase rule_case) : rule_case_(std::move(rule_case)) {}
  void TestBody() override {
    sql("CREATE TABLE IF NOT EXISTS decode_rules (i4 int4 NOT NULL, i8 int8 NOT NULL, ts timestamp NOT NULL, "
        "tstz timestamptz NOT NULL, iv interval NOT NULL, tx text NOT NULL, arr text[] NOT NULL, js json NOT NULL, "
        "flag boolean NOT NULL, maybe text)");
    const auto [type, nullable] = column("decode_rules", rule_case_.column);
    // The side whose language profile names this driver.
    const schema::Side* side = nullptr;
    for (const schema::Side& candidate : schemas().manifest().sides) {
      if (candidate.profile.database && candidate.profile.database->name == rule_case_.driver) side = &candidate;
    }
    ASSERT_NE(side, nullptr) << "no side reads with " << rule_case_.driver;
    const db::DecodeVerdict verdict = db::judge_decoding(side->profile, type, nullable, rule_case_.declared);
    EXPECT_EQ(compare::rule_id(verdict.rule), rule_case_.rule)
        << type << " into " << rule_case_.declared << ": " << verdict.message;
    EXPECT_EQ(verdict.severity == compare::Severity::info, rule_case_.rule == "decodes");
  }

 private:
  RuleCase rule_case_;
};

Registrar register_rules([] {
  for (const RuleCase& rule_case : kRuleCases) {
    const std::string name = rule_case.column + "_" + rule_case.driver + "_" + rule_case.rule;
    testing::RegisterTest("DatabaseRule", test_name(name).c_str(), nullptr, rule_case.declared.c_str(), __FILE__,
                          __LINE__, [rule_case]() -> Database* { return new DecodeRule(rule_case); });
  }
});

// ------------------------------------------------------------------ db-check

TEST_F(Database, CheckFindsTheTimestampAndIntervalGaps) {
  const auto findings = db::check_storage(schemas(), database.dsn);
  const auto find = [&](const std::string& id) {
    for (const auto& finding : findings) {
      if (finding.id == id) return finding;
    }
    throw std::runtime_error("no finding " + id);
  };
  const auto start_time = find("run.start_time/rust");
  EXPECT_EQ(start_time.column_type, "timestamp");
  EXPECT_EQ(compare::rule_id(start_time.rule), "timestamp-without-time-zone-into-datetime-utc");
  EXPECT_EQ(start_time.severity, compare::Severity::breaking);
  EXPECT_EQ(compare::rule_id(find("run.start_time/python").rule), "decodes");
  const auto months = find("queue.estimated_duration/python");
  EXPECT_EQ(compare::rule_id(months.rule), "interval-months-become-days");
  EXPECT_NE(months.message.find("each further month 30 days"), std::string::npos);
  // The runner's QueueItem declares id: i64 for the queue's serial, and its
  // JanitorResult value: Option<u64> for an integer column.
  EXPECT_EQ(compare::rule_id(find("queue.id/rust").rule), "int4-into-i64");
  EXPECT_EQ(compare::rule_id(find("run.value/rust").rule), "unsigned-integer");
  EXPECT_EQ(compare::rule_id(find("queue.id/python").rule), "decodes");
  EXPECT_EQ(compare::rule_id(find("run.logfilenames/rust").rule), "decodes");
}

TEST_F(Database, CheckCommandExitsOneNamingTheColumns) {
  const CommandResult result = run_portcheck({"db-check", "--dsn", database.dsn});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("error: run.start_time (timestamp, nullable) into rust JanitorResult/start_time "
                            "(DateTime<Utc>): timestamp-without-time-zone-into-datetime-utc"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("interval-months-become-days"), std::string::npos);
}

TEST_F(Database, MissingColumnIsBreaking) {
  sql("ALTER TABLE queue RENAME COLUMN requester TO requested_by");
  const auto findings = db::check_storage(schemas(), database.dsn);
  sql("ALTER TABLE queue RENAME COLUMN requested_by TO requester");
  const auto missing = std::find_if(findings.begin(), findings.end(),
                                    [](const auto& finding) { return finding.id == "queue.requester/rust"; });
  ASSERT_NE(missing, findings.end());
  EXPECT_EQ(missing->rule, compare::Rule::missing_column);
}

TEST_F(Database, GateAndReportTakeTheDatabaseIn) {
  const TempDir output;
  const CommandResult report = run_portcheck({"report", "--output", output.path().string(), "--dsn", database.dsn});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const json::Document json = json::load_file(output.path() / "compatibility.json");
  ASSERT_TRUE(json.root().HasMember("database"));
  EXPECT_GT(json.root()["database"]["columns"].Size(), 20U);
  EXPECT_NE(read_text(output.path() / "compatibility.md").find("\n## Database\n"), std::string::npos);
  EXPECT_NE(read_text(output.path() / "compatibility.html").find("<section id=\"database\">"), std::string::npos);

  EXPECT_EQ(run_portcheck({"check", "--dsn", database.dsn}).exit_code, 0) << "every database gap is listed";
  const TempDir project;
  for (const char* folder : {"schemas", "fixtures", "reports"}) {
    std::filesystem::copy(source_dir() / folder, project.path() / folder, std::filesystem::copy_options::recursive);
  }
  const std::string python =
      "import json\np='reports/known-gaps.json'\nd=json.load(open(p))\n"
      "d['gaps']=[g for g in d['gaps'] if g['rule']!='int4-into-i64']\n"
      "json.dump(d, open(p,'w'), indent=2)\n";
  write_file(project.path() / "edit.py", python);
  ASSERT_EQ(std::system(("cd '" + project.path().string() + "' && python3 edit.py").c_str()), 0);
  const CommandResult check = run_portcheck({"check", "--dsn", database.dsn}, project.path());
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("table:queue.id (rust): int4-into-i64 (breaking) is not in"), std::string::npos)
      << check.out;
  const CommandResult without = run_portcheck({"check"}, project.path());
  EXPECT_EQ(without.exit_code, 0) << "database entries wait for a DSN\n" << without.out;
  EXPECT_NE(without.out.find("(17 not checked without --dsn)"), std::string::npos) << without.out;
}

// `report --dsn X` then `check --dsn X` compares like with like and passes;
// `check` without the database says the reports were made with one.
TEST_F(Database, CheckComparesLikeWithLike) {
  const TempDir project;
  for (const char* folder : {"schemas", "fixtures", "reports"}) {
    std::filesystem::copy(source_dir() / folder, project.path() / folder, std::filesystem::copy_options::recursive);
  }
  ASSERT_EQ(run_portcheck({"report", "--dsn", database.dsn}, project.path()).exit_code, 0);
  const json::Document json = json::load_file(project.path() / "reports/compatibility.json");
  ASSERT_TRUE(json.root()["evidence"]["database"].IsString());
  EXPECT_EQ(std::string(json.root()["evidence"]["database"].GetString()).find("password"), std::string::npos);
  const CommandResult same = run_portcheck({"check", "--dsn", database.dsn}, project.path());
  EXPECT_EQ(same.exit_code, 0) << same.out;
  EXPECT_EQ(same.out.find("report is stale"), std::string::npos) << same.out;
  const CommandResult without = run_portcheck({"check"}, project.path());
  EXPECT_EQ(without.exit_code, 1);
  EXPECT_NE(without.out.find("error: the committed reports were made with the database "), std::string::npos)
      << without.out;
  EXPECT_NE(without.out.find("run check with --dsn for that database, or regenerate the reports without --dsn"),
            std::string::npos)
      << without.out;
  EXPECT_EQ(without.out.find("report is stale"), std::string::npos) << "the mismatch explains it\n" << without.out;
}

// ------------------------------------------------------------------ db-scan

TEST_F(Database, ScanCountsAndShowsTheFirstFailures) {
  db::ScanRequest request{database.dsn, "rust", "WorkerResult", "SELECT id, result FROM run ORDER BY id", "", 2, 1000};
  const db::ScanResult rust = db::scan(schemas(), request);
  EXPECT_EQ(rust.rows, 7U);
  EXPECT_EQ(rust.null_values, 1U);
  EXPECT_EQ(rust.totals.documents, 6U);
  EXPECT_EQ(rust.totals.failing, 3U);
  EXPECT_EQ(rust.totals.readable, 3U);
  // A row counts once per rule, however many of its fields that rule refuses:
  // the worker's stage string in both of Python's rows that have a stage, and
  // run-unreadable's numeric code.
  EXPECT_EQ(rust.totals.failures_by_rule.at("wrong-type"), 3U);
  ASSERT_EQ(rust.totals.first_failures.size(), 2U);
  EXPECT_EQ(rust.totals.first_failures[0].keys, std::vector<std::string>{"id=run-python"});
  EXPECT_EQ(rust.totals.first_failures[0].row, 2U);
  request.side = "python";
  const db::ScanResult python = db::scan(schemas(), request);
  EXPECT_EQ(python.totals.failing, 1U);
  EXPECT_EQ(python.totals.failures_by_rule.at("unparseable-timestamp"), 1U);
  EXPECT_EQ(python.totals.first_failures[0].keys, std::vector<std::string>{"id=run-unreadable"});
  // Two judging threads while one fetches, two rows per round trip: the
  // same totals and the same rows, in the same order.
  request.side = "rust";
  request.jobs = 2;
  request.batch = 2;
  const db::ScanResult parallel = db::scan(schemas(), request);
  EXPECT_EQ(parallel.totals.failing, rust.totals.failing);
  EXPECT_EQ(parallel.totals.failures_by_rule, rust.totals.failures_by_rule);
  ASSERT_EQ(parallel.totals.first_failures.size(), 2U);
  EXPECT_EQ(parallel.totals.first_failures[1].keys, rust.totals.first_failures[1].keys);
  // Counted first, progress knows the total from the first batch on.
  request.count_first = true;
  std::vector<std::pair<std::size_t, std::optional<std::size_t>>> reported;
  static_cast<void>(db::scan(schemas(), request, [&reported](std::size_t rows, std::optional<std::size_t> total) {
    reported.emplace_back(rows, total);
  }));
  ASSERT_FALSE(reported.empty());
  EXPECT_EQ(reported.front().second, std::optional<std::size_t>(7));
  EXPECT_EQ(reported.back(), std::make_pair(std::size_t{7}, std::optional<std::size_t>(7)));
}

TEST_F(Database, StoredDocumentsAreTheCapturedFixtures) {
  pqxx::connection connection(database.dsn);
  pqxx::read_transaction transaction(connection);
  for (const auto& [id, fixture] : std::vector<std::pair<std::string, std::string>>{
           {"run-python", "python/WorkerResult/all-fields-set.json"},
           {"run-python-minimal", "python/WorkerResult/all-optional-empty.json"},
           {"run-python-microsecond-zero", "python/WorkerResult/microsecond-zero.json"},
           {"run-rust", "rust/WorkerResult/all-fields-set.json"},
           {"run-rust-value-zero", "rust/WorkerResult/value-zero.json"}}) {
    const pqxx::row row = transaction.exec1("SELECT result::text FROM run WHERE id = " + transaction.quote(id));
    const json::Document stored = json::parse(row[0].c_str(), id);
    const json::Document captured = json::load_file(source_dir() / "fixtures" / fixture);
    EXPECT_EQ(json::canonical_text(stored), json::canonical_text(captured)) << id << " is no longer " << fixture;
  }
}

TEST_F(Database, ScanCommandReportsAndExits) {
  const CommandResult failing = run_portcheck({"db-scan", "--dsn", database.dsn, "--side", "rust", "--structure",
                                               "WorkerResult", "--query", "SELECT id, result FROM run ORDER BY id"});
  EXPECT_EQ(failing.exit_code, 1);
  EXPECT_NE(failing.out.find("rows: 7, readable: 3, failing: 3, SQL NULL (not read): 1"), std::string::npos)
      << failing.out;
  EXPECT_NE(failing.out.find("row 2 id=run-python"), std::string::npos) << failing.out;
  const CommandResult passing =
      run_portcheck({"db-scan", "--dsn", database.dsn, "--side", "rust", "--structure", "WorkerResult", "--query",
                     "SELECT id, result FROM run WHERE id LIKE 'run-rust%'"});
  EXPECT_EQ(passing.exit_code, 0) << passing.out;
  // No row judged is no pass: no row at all, only SQL NULL, an empty part.
  const std::vector<std::pair<std::vector<std::string>, std::string>> empty_scans{
      {{"--query", "SELECT id, result FROM run WHERE false"}, "nothing to scan: the query returned no row"},
      {{"--query", "SELECT id, result FROM run WHERE result IS NULL"},
       "nothing to scan: the query's 1 row holds SQL NULL in column result"},
      {{"--query", "SELECT id, result FROM run WHERE false", "--partition", "2/3"},
       "nothing to scan: part 2/3 of the query's rows by id holds no row"},
  };
  for (const auto& [arguments, message] : empty_scans) {
    std::vector<std::string> command{"db-scan", "--dsn", database.dsn, "--side", "rust", "--structure", "WorkerResult"};
    command.insert(command.end(), arguments.begin(), arguments.end());
    const CommandResult refused = run_portcheck(command);
    EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
    EXPECT_NE(refused.err.find(message + "; --allow-empty lets a scan of no row pass"), std::string::npos)
        << refused.err;
    EXPECT_EQ(refused.out, "");
    command.emplace_back("--allow-empty");
    const CommandResult allowed = run_portcheck(command);
    EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  }
  // SARIF for code-scanning uploads, as check and diff write it.
  const CommandResult sarif =
      run_portcheck({"db-scan", "--dsn", database.dsn, "--side", "rust", "--structure", "WorkerResult", "--query",
                     "SELECT id, result FROM run ORDER BY id", "--format", "sarif"});
  EXPECT_EQ(sarif.exit_code, 1);
  const json::Document document = json::parse(sarif.out, "stdout");
  EXPECT_STREQ(document.root()["version"].GetString(), "2.1.0");
  EXPECT_GT(document.root()["runs"][0]["results"].Size(), 0U);
  EXPECT_EQ(json_schema_errors(source_dir() / "harness/tests/data/formats/sarif-schema-2.1.0.json", sarif.out), "");
  // --format json follows the schema of every judging command's outcome.
  const CommandResult json_output =
      run_portcheck({"db-scan", "--dsn", database.dsn, "--side", "rust", "--structure", "WorkerResult", "--query",
                     "SELECT id, result FROM run ORDER BY id", "--format", "json"});
  EXPECT_EQ(json_output.exit_code, 1);
  EXPECT_EQ(json_schema_errors(source_dir() / "harness/output-schemas/outcome.schema.json", json_output.out), "")
      << json_output.out;
}

TEST_F(Database, ScanErrorsExitTwoWithTheServersMessage) {
  const auto scan = [&](const std::string& dsn, const std::string& query) {
    return run_portcheck({"db-scan", "--dsn", dsn, "--side", "rust", "--structure", "WorkerResult", "--query", query});
  };
  const CommandResult wrong_dsn = scan("host=/nonexistent-portcheck port=1 user=nobody", "SELECT 1");
  EXPECT_EQ(wrong_dsn.exit_code, 2);
  EXPECT_NE(wrong_dsn.err.find("cannot connect to the database"), std::string::npos) << wrong_dsn.err;
  EXPECT_NE(wrong_dsn.err.find("/nonexistent-portcheck/.s.PGSQL.1"), std::string::npos) << wrong_dsn.err;
  const CommandResult bad_query = scan(database.dsn, "SELECT nope FROM run");
  EXPECT_EQ(bad_query.exit_code, 2);
  EXPECT_NE(bad_query.err.find("column \"nope\" does not exist"), std::string::npos) << bad_query.err;
  // A row the server fails on midway through the stream.
  const CommandResult midway =
      scan(database.dsn, "SELECT id, result FROM run WHERE 1 / (CASE WHEN id = 'run-rust' THEN 0 ELSE 1 END) = 1");
  EXPECT_EQ(midway.exit_code, 2);
  EXPECT_NE(midway.err.find("the query failed: ERROR:  division by zero"), std::string::npos) << midway.err;
  const CommandResult not_json = scan(database.dsn, "SELECT id, description FROM run");
  EXPECT_EQ(not_json.exit_code, 2);
  EXPECT_NE(not_json.err.find("the query returns no json or jsonb column"), std::string::npos);
  const CommandResult chosen_text =
      run_portcheck({"db-scan", "--dsn", database.dsn, "--side", "rust", "--structure", "WorkerResult", "--query",
                     "SELECT id, result FROM run", "--column", "id"});
  EXPECT_EQ(chosen_text.exit_code, 2);
  EXPECT_NE(chosen_text.err.find("column id is text, not json or jsonb"), std::string::npos) << chosen_text.err;
}

// The JSON column is the one at its place in the query, whatever its name:
// libpq's lookup by name takes a name as an SQL identifier (folded to lower
// case) and the first of two columns of one name.
TEST_F(Database, ScanReadsTheJsonColumnByItsPlace) {
  const auto scan = [&](const std::string& query, std::vector<std::string> more = {}) {
    std::vector<std::string> arguments{"db-scan",     "--dsn",        database.dsn, "--side", "rust",
                                       "--structure", "WorkerResult", "--query",    query};
    arguments.insert(arguments.end(), more.begin(), more.end());
    return run_portcheck(arguments);
  };
  const CommandResult whole = scan("SELECT id, result FROM run");
  ASSERT_EQ(whole.exit_code, 1) << whole.out << whole.err;
  const std::string totals = "rows: 7, readable: 3, failing: 3, SQL NULL (not read): 1";
  ASSERT_NE(whole.out.find(totals), std::string::npos) << whole.out;
  for (const std::string query : {R"(SELECT id, result AS "Result" FROM run)", "SELECT id AS result, result FROM run",
                                  "SELECT id, result FROM run -- the runs", "SELECT id, result FROM run;\n"}) {
    const CommandResult result = scan(query);
    EXPECT_EQ(result.exit_code, 1) << query << "\n" << result.out << result.err;
    EXPECT_NE(result.out.find(totals), std::string::npos) << query << "\n" << result.out << result.err;
  }
  const CommandResult chosen = scan("SELECT id AS result, result FROM run", {"--column", "result"});
  EXPECT_NE(chosen.out.find(totals), std::string::npos) << chosen.out << chosen.err;
  const CommandResult twice = scan("SELECT result, result FROM run", {"--column", "result"});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("several json columns named result"), std::string::npos) << twice.err;
}

// A database in another encoding sends its text in UTF-8 all the same: a
// LATIN1 "é" in a document and in its key is read as JSON reads it (it was
// one byte, and every row malformed).
TEST_F(Database, ScanReadsADatabaseOfAnotherEncodingInUtf8) {
  // CREATE and DROP DATABASE run outside a transaction.
  const auto outside_transaction = [&](const std::string& statement) {
    pqxx::connection connection(database.dsn);
    pqxx::nontransaction transaction(connection);
    transaction.exec(statement);
  };
  outside_transaction("DROP DATABASE IF EXISTS portcheck_latin1");
  outside_transaction(
      "CREATE DATABASE portcheck_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
  const std::string dsn = database.dsn + " dbname=portcheck_latin1";
  {
    pqxx::connection connection(dsn);
    connection.set_client_encoding("UTF8");
    pqxx::work transaction(connection);
    transaction.exec("CREATE TABLE run (id text, result jsonb)");
    transaction.exec(
        "INSERT INTO run VALUES ('cl\xc3\xa9', '{\"code\": \"success\", \"description\": \"caf\xc3\xa9\", "
        "\"refreshed\": false, \"value\": 1}'::jsonb)");
    transaction.commit();
  }
  for (const char* format : {"text", "json"}) {
    const CommandResult result =
        run_portcheck({"db-scan", "--dsn", dsn, "--side", "rust", "--structure", "WorkerResult", "--query",
                       "SELECT id, result FROM run", "--format", format, "--show", "5"});
    EXPECT_EQ(result.err.find("malformed"), std::string::npos) << result.out << result.err;
    EXPECT_EQ(result.out.find("malformed"), std::string::npos) << result.out << result.err;
    EXPECT_EQ(result.out.find("invalid UTF-8"), std::string::npos) << result.out << result.err;
    EXPECT_NE(result.exit_code, 2) << result.out << result.err;
  }
  outside_transaction("DROP DATABASE IF EXISTS portcheck_latin1");
}

/// Table `parted`: 3,000 rows of WorkerResult-like documents, some failing
/// the Rust reader (a numeric code, a naive timestamp), some SQL NULL, some
/// with a NULL key.
void create_parted_table(const std::function<void(const std::string&)>& sql) {
  sql("CREATE TABLE IF NOT EXISTS parted AS SELECT CASE WHEN n % 97 = 0 THEN NULL ELSE n END AS id, "
      "CASE WHEN n % 89 = 0 THEN NULL ELSE json_build_object('code', CASE WHEN n % 7 = 0 THEN to_json(n) "
      "ELSE to_json('success'::text) END, 'description', 'd', 'value', n, 'refreshed', false, 'start_time', "
      "CASE WHEN n % 11 = 0 THEN '2025-05-25T19:22:53' ELSE '2025-05-25T19:22:53Z' END) END AS doc "
      "FROM generate_series(1, 3000) n");
}

// N processes scanning parts K/N of one table add up to one scan of it:
// every row in exactly one part, NULL keys included, whatever the key's type.
TEST_F(Database, ScanPartsTogetherAreOneScan) {
  create_parted_table([this](const std::string& statement) { sql(statement); });
  const auto totals_of = [&](const std::string& query, std::size_t part, std::size_t parts) {
    db::ScanRequest request{database.dsn, "rust", "WorkerResult", query, "", 100000, 500};
    request.partition = part;
    request.partitions = parts;
    request.jobs = 2;
    return db::scan(schemas(), request);
  };
  // A key of a type with a length: its cuts keep it (cast back from text,
  // 'x349' became 'x' and every row fell in the last parts).
  sql("CREATE TABLE IF NOT EXISTS parted_char AS SELECT ('x' || lpad(id::text, 4, '0'))::char(5) AS id, doc "
      "FROM parted");
  for (const std::string& query :
       {std::string("SELECT id, doc FROM parted"),
        std::string("SELECT id::text AS id, doc FROM parted ORDER BY random()"),
        std::string("SELECT id, doc FROM parted_char"), std::string("SELECT id, result FROM run")}) {
    SCOPED_TRACE(query);
    const db::ScanResult whole = totals_of(query, 1, 1);
    ASSERT_GT(whole.totals.failing, 0U);
    ASSERT_GT(whole.totals.readable, 0U);
    for (const std::size_t parts : {2U, 3U, 7U}) {
      std::size_t rows = 0;
      std::size_t nulls = 0;
      std::size_t readable = 0;
      std::map<std::string, std::size_t> by_rule;
      std::multiset<std::vector<std::string>> failing_keys;
      for (std::size_t part = 1; part <= parts; ++part) {
        const db::ScanResult scanned = totals_of(query, part, parts);
        EXPECT_EQ(scanned.partition_key, "id");
        rows += scanned.rows;
        nulls += scanned.null_values;
        readable += scanned.totals.readable;
        for (const auto& [rule, count] : scanned.totals.failures_by_rule) by_rule[rule] += count;
        for (const auto& failing : scanned.totals.first_failures) failing_keys.insert(failing.keys);
        if (whole.rows >= 100) {
          EXPECT_GT(scanned.rows, whole.rows / parts / 3) << part << "/" << parts;
        }
      }
      EXPECT_EQ(rows, whole.rows) << parts << " parts";
      EXPECT_EQ(nulls, whole.null_values) << parts << " parts";
      EXPECT_EQ(readable, whole.totals.readable) << parts << " parts";
      EXPECT_EQ(by_rule, whole.totals.failures_by_rule) << parts << " parts";
      std::multiset<std::vector<std::string>> whole_keys;
      for (const auto& failing : whole.totals.first_failures) whole_keys.insert(failing.keys);
      EXPECT_EQ(failing_keys, whole_keys) << parts << " parts";
    }
  }
}

// With more than one job, db-scan lets the server read a large table with
// parallel workers (its JSON turned into text by several processes); with
// one, the server reads it alone. Both count the same rows. The server's own
// plan says which happened: auto_explain, loaded for db-scan's sessions
// through the DSN, sends each plan to the client, which prints it. The DSN
// also lowers the size a table needs for a parallel read, so that a small
// table shows it.
TEST_F(Database, ScanWithJobsLetsTheServerReadInParallel) {
  create_parted_table([this](const std::string& statement) { sql(statement); });
  const std::string dsn = database.dsn +
                          " options='-c min_parallel_table_scan_size=0 -c session_preload_libraries=auto_explain "
                          "-c auto_explain.log_min_duration=0 -c client_min_messages=log'";
  const auto scan = [&](const std::string& jobs) {
    return run_portcheck({"db-scan", "--dsn", dsn, "--side", "rust", "--structure", "WorkerResult", "--query",
                          "SELECT id, doc FROM parted", "--jobs", jobs});
  };
  // The plan of the COPY's query: from its text to the next server message.
  const auto copy_plan = [](const std::string& err) {
    const std::size_t start = err.find("Query Text: COPY");
    if (start == std::string::npos) return std::string();
    return err.substr(start, err.find("LOG:", start) - start);
  };
  const CommandResult serial = scan("1");
  const CommandResult parallel = scan("2");
  ASSERT_EQ(serial.exit_code, 1) << serial.out << serial.err;
  ASSERT_EQ(parallel.exit_code, 1) << parallel.out << parallel.err;
  ASSERT_NE(copy_plan(serial.err), "") << serial.err;
  EXPECT_EQ(copy_plan(serial.err).find("Gather"), std::string::npos) << copy_plan(serial.err);
  EXPECT_NE(copy_plan(parallel.err).find("Gather"), std::string::npos) << copy_plan(parallel.err);
  EXPECT_NE(copy_plan(parallel.err).find("Parallel Seq Scan"), std::string::npos) << copy_plan(parallel.err);
  // The same counts either way (the rows' order, and so the rows shown, may differ).
  const std::regex counts("rows: \\d+, readable: \\d+, failing: \\d+, SQL NULL \\(not read\\): \\d+");
  std::smatch serial_counts;
  std::smatch parallel_counts;
  ASSERT_TRUE(std::regex_search(serial.out, serial_counts, counts)) << serial.out;
  ASSERT_TRUE(std::regex_search(parallel.out, parallel_counts, counts)) << parallel.out;
  EXPECT_EQ(serial_counts.str(), parallel_counts.str());
  EXPECT_NE(serial_counts.str().find("rows: 3000,"), std::string::npos) << serial_counts.str();
}

TEST_F(Database, ScanPartitionOptionsAndTheirMistakes) {
  const auto scan = [&](std::vector<std::string> more) {
    std::vector<std::string> arguments{"db-scan", "--dsn", database.dsn, "--side", "rust", "--structure",
                                       "WorkerResult", "--query", "SELECT id, result FROM run"};
    arguments.insert(arguments.end(), more.begin(), more.end());
    return run_portcheck(arguments);
  };
  const CommandResult part = scan({"--partition", "2/3"});
  EXPECT_NE(part.out.find("from column result, part 2/3 by id"), std::string::npos) << part.out << part.err;
  const CommandResult by_result = scan({"--partition", "1/2", "--partition-key", "id"});
  EXPECT_NE(by_result.out.find("part 1/2 by id"), std::string::npos) << by_result.out << by_result.err;
  for (const std::string wrong : {"0/3", "4/3", "3", "1/0", "a/b", "-1/2", "1/2/3", ""}) {
    const CommandResult result = scan({"--partition", wrong});
    EXPECT_EQ(result.exit_code, 2) << wrong;
    EXPECT_NE(result.err.find("K/N"), std::string::npos) << wrong << ": " << result.err;
  }
  const CommandResult key_alone = scan({"--partition-key", "id"});
  EXPECT_EQ(key_alone.exit_code, 2);
  EXPECT_NE(key_alone.err.find("--partition-key requires --partition"), std::string::npos) << key_alone.err;
  const CommandResult unknown_key = scan({"--partition", "1/2", "--partition-key", "nope"});
  EXPECT_EQ(unknown_key.exit_code, 2);
  EXPECT_NE(unknown_key.err.find("--partition-key nope is not a column of the query"), std::string::npos)
      << unknown_key.err;
  const CommandResult only_json = run_portcheck({"db-scan", "--dsn", database.dsn, "--side", "rust", "--structure",
                                                 "WorkerResult", "--query", "SELECT result FROM run", "--partition",
                                                 "1/2"});
  EXPECT_EQ(only_json.exit_code, 2);
  EXPECT_NE(only_json.err.find("--partition needs a key column"), std::string::npos) << only_json.err;
}

/// Peak resident memory (KB) of a db-scan over the first `rows` rows.
std::size_t scan_peak_kilobytes(const std::string& dsn, std::size_t rows, std::string& out) {
  const TempDir scratch;
  const std::string command =
      "'/usr/bin/time' -f %M -o '" + (scratch.path() / "rss").string() + "' '" + PORTCHECK_EXECUTABLE +
      "' --project '" + source_dir().string() + "' db-scan --dsn '" + dsn +
      "' --side rust --structure WorkerResult --query 'SELECT id, doc FROM big WHERE id <= " + std::to_string(rows) +
      "' > '" + (scratch.path() / "out").string() + "'";
  std::system(command.c_str());
  out = read_text(scratch.path() / "out");
  return std::stoul(read_text(scratch.path() / "rss"));
}

TEST_F(Database, ScanMemoryStaysFlatOver200000Rows) {
  sql("CREATE TABLE IF NOT EXISTS big AS SELECT n AS id, json_build_object('code', 'success', 'description', "
      "repeat('x', 200), 'value', n, 'start_time', '2025-05-25T19:22:53Z', 'refreshed', false) AS doc "
      "FROM generate_series(1, 200000) n");
  std::string small_out;
  std::string large_out;
  const std::size_t small = scan_peak_kilobytes(database.dsn, 20000, small_out);
  const std::size_t large = scan_peak_kilobytes(database.dsn, 200000, large_out);
  EXPECT_NE(small_out.find("rows: 20000, readable: 20000"), std::string::npos) << small_out;
  EXPECT_NE(large_out.find("rows: 200000, readable: 200000"), std::string::npos) << large_out;
  // 180,000 more rows of ~300 bytes would add over 50 MB if they were held.
  EXPECT_LT(large, small + 8 * 1024) << "peak RSS " << small << " KB for 20,000 rows, " << large << " KB for 200,000";
  std::cout << "db-scan peak RSS: " << small << " KB for 20,000 rows, " << large << " KB for 200,000 rows\n";
}

// A password in --dsn, in every spelling libpq takes, appears in no output of
// any database command or of check, in any format, nor in a written report:
// not in hints, not in libpq's own error text.
TEST_F(Database, NoOutputHoldsThePasswordInAnySpelling) {
  std::smatch host;
  std::smatch port;
  ASSERT_TRUE(std::regex_search(database.dsn, host, std::regex("host=(\\S+)")));
  ASSERT_TRUE(std::regex_search(database.dsn, port, std::regex("port=(\\d+)")));
  const std::string where = "host=" + host[1].str() + "&port=" + port[1].str();
  const std::vector<std::string> spellings{
      database.dsn + " password=S3cretPW9",
      database.dsn + " password = 'S3cret PW\\'9'",
      database.dsn + " password=S3cret\\ PW\\ 9",  // a backslash keeps the space
      database.dsn + " sslpassword=S3cretKey9",
      "postgresql:///postgres?" + where + "&user=postgres&sslpassword=S3cretKey9",
      "postgresql://postgres:S3cretPW9@/postgres?" + where,
      "postgresql://postgres:S3cret%50W9@/postgres?" + where,
      "postgresql:///postgres?" + where + "&user=postgres&password=S3cretPW9",
      "postgresql://postgres:S3cretPW9@[::1",
  };
  // A project whose check fails, so that it prints its update command.
  const TempDir project;
  for (const char* folder : {"schemas", "fixtures", "reports"}) {
    std::filesystem::copy(source_dir() / folder, project.path() / folder, std::filesystem::copy_options::recursive);
  }
  write_file(project.path() / "edit.py",
             "import json\np='reports/known-gaps.json'\nd=json.load(open(p))\n"
             "d['gaps']=[g for g in d['gaps'] if g['rule']!='int4-into-i64']\njson.dump(d, open(p,'w'), indent=2)\n");
  ASSERT_EQ(std::system(("cd '" + project.path().string() + "' && python3 edit.py").c_str()), 0);
  const std::regex secret("S3cret");
  int connected = 0;
  for (const std::string& dsn : spellings) {
    for (const char* format : {"text", "json", "junit", "github", "sarif"}) {
      const std::vector<std::vector<std::string>> commands{
          {"check", "--dsn", dsn, "--format", format},
          {"db-check", "--dsn", dsn, "--format", format},
          {"db-scan", "--dsn", dsn, "--format", format, "--side", "rust", "--structure", "WorkerResult", "--query",
           "SELECT id, result FROM run ORDER BY id"},
      };
      for (const auto& arguments : commands) {
        const CommandResult result = run_portcheck(arguments, project.path());
        EXPECT_FALSE(std::regex_search(result.out + result.err, secret))
            << arguments[0] << " --format " << format << " with " << dsn << ":\n" << result.out << result.err;
        if (result.exit_code != 2) ++connected;
      }
    }
    const TempDir output;
    const CommandResult report =
        run_portcheck({"report", "--dsn", dsn, "--output", output.path().string()}, project.path());
    EXPECT_FALSE(std::regex_search(report.out + report.err, secret)) << dsn << ":\n" << report.out << report.err;
    for (const auto& entry : std::filesystem::directory_iterator(output.path())) {
      EXPECT_FALSE(std::regex_search(read_text(entry.path()), secret)) << entry.path() << " with " << dsn;
    }
  }
  // Every spelling but the malformed one reached the server, so the outputs
  // above include the full runs, update hints among them.
  EXPECT_EQ(connected, 8 * 5 * 3);
}

}  // namespace
}  // namespace portcheck::test
