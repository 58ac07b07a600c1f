// The project's schemas: well-formed draft-07, annotated as portcheck needs,
// and accepting each side's encodings while rejecting the other side's.

#include <regex>
#include <set>

#include "json/rapidjson.hpp"

#include <rapidjson/pointer.h>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "json/document.hpp"
#include "json/pointer.hpp"
#include "schema/schema_set.hpp"
#include "schema/validator.hpp"
#include "test_support.hpp"

namespace portcheck::schema {
namespace {

std::filesystem::path schemas_dir() { return test::source_dir() / "schemas"; }

const SchemaSet& project_schemas() {
  static const SchemaSet set = SchemaSet::load(schemas_dir());
  return set;
}

/// The schemas of every side's structures and their shared definitions.
std::vector<std::filesystem::path> schema_files() {
  std::vector<std::filesystem::path> files;
  for (const schema::Side& side : project_schemas().manifest().sides) {
    for (const auto& entry : std::filesystem::directory_iterator(side.schema_directory)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// Calls visit on every object inside a JSON value, with its pointer.
void for_each_object(const rapidjson::Value& value, const std::string& pointer,
                     const std::function<void(const rapidjson::Value&, const std::string&)>& visit) {
  if (value.IsObject()) {
    visit(value, pointer);
    for (const auto& member : value.GetObject()) {
      for_each_object(member.value, json::append_pointer(pointer, member.name.GetString()), visit);
    }
  } else if (value.IsArray()) {
    for (rapidjson::SizeType index = 0; index < value.Size(); ++index) {
      for_each_object(value[index], json::append_pointer(pointer, std::to_string(index)), visit);
    }
  }
}

// ---------------------------------------------------------------- meta-schema

/// A schema file compiled with valijson alone (no portcheck annotations), to
/// validate documents against: the draft-07 meta-schema, the scenario catalog.
class MetaSchema {
 public:
  explicit MetaSchema(const std::filesystem::path& file = PORTCHECK_DRAFT07_METASCHEMA)
      : document_(json::load_file(file)) {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    const valijson::adapters::RapidJsonAdapter adapter(document_.root());
    parser.populateSchema(adapter, schema_);
  }
  /// Problems found, empty when the document is a valid draft-07 schema.
  std::vector<std::string> problems(const rapidjson::Value& candidate) const {
    valijson::Validator validator;
    valijson::ValidationResults results;
    validator.validate(schema_, valijson::adapters::RapidJsonAdapter(candidate), &results);
    std::vector<std::string> found;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      std::string context;
      for (const auto& step : error.context) context += step;
      found.push_back(context + ": " + error.description);
    }
    return found;
  }

 private:
  json::Document document_;
  valijson::Schema schema_;
};

TEST(ScenarioCatalogs, EveryCatalogMatchesTheCatalogSchema) {
  const std::filesystem::path folder = test::source_dir() / "fixtures/scenarios";
  const MetaSchema meta;
  EXPECT_EQ(meta.problems(json::load_file(folder / "catalog.schema.json").root()), std::vector<std::string>{});
  const MetaSchema catalog_schema(folder / "catalog.schema.json");
  std::size_t catalogs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().filename() == "catalog.schema.json") continue;
    const json::Document catalog = json::load_file(entry.path());
    EXPECT_EQ(catalog_schema.problems(catalog.root()), std::vector<std::string>{}) << entry.path();
    EXPECT_EQ(std::string(catalog.root()["structure"].GetString()), entry.path().stem().string());
    ++catalogs;
  }
  // JanitorResult has none: its scenarios are the worker's uploads, run
  // through each runner's finish path.
  EXPECT_EQ(catalogs, 9U);
}

TEST(ScenarioCatalogs, TheCatalogSchemaRefusesWhatNoCaptureToolCouldBuild) {
  const MetaSchema catalog_schema(test::source_dir() / "fixtures/scenarios/catalog.schema.json");
  const auto problems = [&](const std::string& values) {
    return catalog_schema.problems(json::parse(R"({"structure": "ActiveRun", "description": "d",
        "frozen_now": "2025-05-25T19:42:53+00:00", "scenarios": [{"name": "one", "description": "d", "values": )" +
                                                   values + "}]}",
                                               "catalog.json")
                                       .root());
  };
  const std::string valid = R"({"worker_name": "w", "queue_id": 1, "log_id": "l",
      "start_time": "2025-05-25T19:22:53+00:00", "campaign": "c", "command": "x", "codebase": "d",
      "backchannel": {"kind": "none"}, "vcs_info": {}})";
  EXPECT_EQ(problems(valid), std::vector<std::string>{});
  // A naive timestamp, an unknown attribute, a backchannel kind no tool knows.
  std::string naive = valid;
  naive.replace(naive.find("+00:00"), 6, "");
  EXPECT_FALSE(problems(naive).empty());
  std::string unknown = valid;
  unknown.replace(unknown.find("\"codebase\""), 0, "\"requester\": \"r\", ");
  EXPECT_FALSE(problems(unknown).empty());
  std::string kind = valid;
  kind.replace(kind.find("\"none\""), 6, "\"pigeon\"");
  EXPECT_FALSE(problems(kind).empty());
}

TEST(SchemaFiles, EveryFileIsAValidDraft07Schema) {
  const MetaSchema meta;
  const auto files = schema_files();
  ASSERT_GE(files.size(), 19U);
  for (const auto& file : files) {
    const json::Document document = json::load_file(file);
    EXPECT_EQ(meta.problems(document.root()), std::vector<std::string>{}) << file;
  }
}

TEST(SchemaFiles, ReportSchemaIsAValidDraft07Schema) {
  const MetaSchema meta;
  const json::Document document = json::load_file(schemas_dir() / "report.schema.json");
  EXPECT_EQ(meta.problems(document.root()), std::vector<std::string>{});
}

TEST(SchemaFiles, MetaSchemaCheckCatchesAnInvalidSchema) {
  const MetaSchema meta;
  const json::Document broken = json::parse(R"({"type": 5, "required": "code"})", "broken.json");
  EXPECT_FALSE(meta.problems(broken.root()).empty());
}

TEST(SchemaFiles, EveryRefResolves) {
  std::size_t references = 0;
  for (const auto& file : schema_files()) {
    const json::Document document = json::load_file(file);
    for_each_object(document.root(), "", [&](const rapidjson::Value& node, const std::string& pointer) {
      const auto reference = node.FindMember("$ref");
      if (reference == node.MemberEnd() || !reference->value.IsString()) return;
      ++references;
      const std::string text = reference->value.GetString();
      const auto hash = text.find('#');
      const std::string target_file = text.substr(0, hash);
      const std::string fragment = hash == std::string::npos ? "" : text.substr(hash + 1);
      const auto target_path = target_file.empty() ? file : file.parent_path() / target_file;
      ASSERT_TRUE(std::filesystem::is_regular_file(target_path)) << file << pointer << ": " << text;
      const json::Document target = json::load_file(target_path);
      EXPECT_NE(json::find_pointer(target.root(), fragment), nullptr) << file << pointer << ": " << text;
    });
  }
  EXPECT_GT(references, 30U);
}

TEST(SchemaFiles, OneSchemaPerSidePerStructureAndNoOrphans) {
  const Manifest& manifest = project_schemas().manifest();
  std::set<std::filesystem::path> expected;
  for (const Structure& structure : manifest.structures) {
    for (const std::string& side : structure.sides) {
      expected.insert(manifest.schema_path(*manifest.find_side(side), structure.name));
    }
  }
  std::set<std::filesystem::path> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(schemas_dir())) {
    if (entry.path().string().ends_with(".schema.json") && entry.path().filename() != "report.schema.json") {
      found.insert(entry.path());
    }
  }
  EXPECT_EQ(found, expected);
  EXPECT_EQ(expected.size(), 19U);  // 7 structures on both sides, 5 Rust-only
  const std::vector<std::string> rust_only{"QueueAssignment", "ResultRemote", "ResultTarget", "UploadedWorkerResult",
                                           "RunHealthStatus"};
  for (const std::string& name : rust_only) {
    ASSERT_NE(manifest.find_structure(name), nullptr) << name;
    EXPECT_EQ(manifest.find_structure(name)->sides, std::vector<std::string>{"rust"}) << name;
  }
}

TEST(SchemaFiles, EveryPropertyDeclaresItsSourceType) {
  for (const auto& file : schema_files()) {
    const json::Document document = json::load_file(file);
    for_each_object(document.root(), "", [&](const rapidjson::Value& node, const std::string& pointer) {
      // Conditional subschemas (if/then/else) refine properties declared elsewhere.
      if (pointer.ends_with("/x-declared-only") || pointer.find("/if") != std::string::npos ||
          pointer.find("/then") != std::string::npos || pointer.find("/else") != std::string::npos) {
        return;
      }
      const auto properties = node.FindMember("properties");
      if (properties == node.MemberEnd() || !properties->value.IsObject()) return;
      for (const auto& property : properties->value.GetObject()) {
        EXPECT_TRUE(property.value.HasMember("x-source-type"))
            << file.string() << ": " << pointer << "/properties/" << property.name.GetString();
      }
    });
  }
}

TEST(SchemaFiles, EveryTimestampDurationAndRevisionHasAnEncoding) {
  const std::regex scalar_with_encoding(R"(^(Optional\[|Option<)?(datetime|DateTime<Utc>|timedelta|Duration|)"
                                        R"(std::time::Duration|PgInterval|bytes|RevisionId)(\]|>)?$)");
  std::size_t checked = 0;
  const SchemaSet& set = project_schemas();
  for (const StructureSchema& schema : set.schemas()) {
    // A side without a JSON form of the structure has no encodings to state.
    if (!set.manifest().find_structure(schema.structure())->has_json(schema.side())) continue;
    const rapidjson::Value& root = *set.root_of(schema.file()).value;
    if (!root.HasMember("properties")) continue;
    for (const auto& property : root["properties"].GetObject()) {
      const std::string pointer = json::append_pointer("", property.name.GetString());
      const FieldDescription field = set.describe(schema, pointer);
      if (!std::regex_match(field.source_type, scalar_with_encoding)) continue;
      ++checked;
      EXPECT_NE(field.encoding, Encoding::none) << schema.file() << pointer << " (" << field.source_type << ")";
    }
  }
  EXPECT_GE(checked, 20U);
}

TEST(SchemaFiles, DeclaredButNeverWrittenAttributesAreListed) {
  const json::Document active_run = json::load_file(schemas_dir() / "python/ActiveRun.schema.json");
  const rapidjson::Value& declared_only = active_run.root()["x-declared-only"];
  EXPECT_STREQ(declared_only["finish_time"].GetString(), "Optional[datetime]");
  EXPECT_TRUE(declared_only.HasMember("queue_item"));
  EXPECT_FALSE(active_run.root()["properties"].HasMember("finish_time"));
}

TEST(SchemaFiles, RenamedKeysNameTheirAttribute) {
  const SchemaSet& set = project_schemas();
  EXPECT_EQ(set.describe(set.get("python", "ActiveRun"), "/id").source_name, "log_id");
  EXPECT_EQ(set.describe(set.get("python", "ActiveRun"), "/worker").source_name, "worker_name");
  EXPECT_EQ(set.describe(set.get("python", "ActiveRun"), "/vcs").source_name, "vcs_info");
  EXPECT_EQ(set.describe(set.get("python", "DebianResult"), "/lintian").source_name, "lintian_result");
  EXPECT_EQ(set.describe(set.get("python", "WorkerResult"), "/target").source_name, "builder_result");
}

// ------------------------------------------------------------ encodings

/// A valid document for each side and structure used below; each case
/// changes one value of it.
std::string base_document(const std::string& side, const std::string& structure) {
  if (side == "python" && structure == "ActiveRun") {
    return R"({"queue_id": 1, "id": "run-1", "codebase": "c", "change_set": null, "campaign": "lintian-fixes",
      "command": "fix", "estimated_duration": null, "current_duration": 10.5, "start_time": "2025-05-25T19:22:53",
      "worker": "w", "worker_link": null, "vcs": {}, "backchannel": {}, "instigated_context": null,
      "resume_from": null})";
  }
  if (side == "rust" && structure == "ActiveRun") {
    return R"({"worker_name": "w", "worker_link": null, "queue_id": 1, "log_id": "run-1",
      "start_time": "2025-05-25T19:22:53Z", "finish_time": null, "estimated_duration": null, "campaign": "c",
      "change_set": null, "command": "fix", "codebase": "c", "backchannel": {}, "instigated_context": null,
      "resume_from": null, "vcs_info": {"branch_url": null, "subpath": null, "vcs_type": null}})";
  }
  if (side == "rust" && structure == "UploadedWorkerResult") {
    return R"({"worker_result": {"code": "success", "refreshed": false}, "log_files": [], "artifact_files": [],
      "build_files": [], "metadata_files": []})";
  }
  if (side == "rust" && structure == "QueueItem") {
    return R"({"id": 1, "context": null, "command": "fix", "estimated_duration": 600.0, "campaign": "c",
      "refresh": false, "requester": null, "change_set": null, "codebase": "c"})";
  }
  if (side == "rust" && structure == "WorkerResult") return R"({"code": "success", "refreshed": false})";
  if (structure == "WorkerResult") return R"({"code": "success"})";
  if (side == "python" && structure == "GenericResult") return "{}";
  if (side == "rust" && structure == "GenericResult") return "null";
  throw std::runtime_error("no base document for " + side + " " + structure);
}

struct EncodingCase {
  std::string encoding;
  std::string side;
  std::string structure;
  std::string pointer;
  std::string value;          // JSON text
  std::string expected_rule;  // empty: accepted
};

std::vector<ValidationFailure> validate_case(const EncodingCase& test_case) {
  rapidjson::Document document;
  document.Parse(base_document(test_case.side, test_case.structure).c_str());
  rapidjson::Document value;
  value.Parse(test_case.value.c_str());
  if (test_case.pointer.empty()) {
    document.CopyFrom(value, document.GetAllocator());
  } else {
    rapidjson::Pointer(test_case.pointer.c_str()).Set(document, value, document.GetAllocator());
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  document.Accept(writer);
  const json::Document instance = json::parse(buffer.GetString(), "case.json");
  const SchemaSet& set = project_schemas();
  return validate(set, set.get(test_case.side, test_case.structure), instance);
}

const std::vector<EncodingCase> kEncodingCases{
    // Python datetimes: naive isoformat, fraction dropped at microsecond 0.
    {"timestamp-naive-iso", "python", "ActiveRun", "/start_time", R"("2025-05-25T19:22:53")", ""},
    {"timestamp-naive-iso", "python", "ActiveRun", "/start_time", R"("2025-05-25T19:22:53.123456")", ""},
    {"timestamp-naive-iso", "python", "ActiveRun", "/start_time", R"("2025-05-25T19:22:53Z")", "pattern"},
    {"timestamp-naive-iso", "python", "ActiveRun", "/start_time", R"("2025-05-25T19:22:53.500")", "pattern"},
    {"timestamp-naive-iso", "rust", "ActiveRun", "/start_time", R"("2025-05-25T19:22:53")", "pattern"},
    // chrono DateTime<Utc>: RFC 3339 with Z, fraction of 0/3/6/9 digits.
    {"timestamp-rfc3339", "rust", "ActiveRun", "/start_time", R"("2025-05-25T19:22:53Z")", ""},
    {"timestamp-rfc3339", "rust", "ActiveRun", "/start_time", R"("2025-05-25T19:22:53.500Z")", ""},
    {"timestamp-rfc3339", "rust", "ActiveRun", "/start_time", R"("2025-05-25T19:22:53.123456Z")", ""},
    {"timestamp-rfc3339", "rust", "ActiveRun", "/start_time", R"("2025-05-25T19:22:53.000000001Z")", ""},
    {"timestamp-rfc3339", "rust", "ActiveRun", "/start_time", R"("2025-05-25T19:22:53+00:00")", "pattern"},
    {"timestamp-rfc3339", "rust", "ActiveRun", "/start_time", R"(1748200973)", "type"},
    {"timestamp-rfc3339", "python", "ActiveRun", "/start_time", R"("2025-05-25T19:22:53.123456Z")", "pattern"},
    // Python timedelta: total_seconds() as a number; null when zero.
    {"duration-seconds", "python", "ActiveRun", "/estimated_duration", "600.0", ""},
    {"duration-seconds", "python", "ActiveRun", "/estimated_duration", "86400.000001", ""},
    {"duration-seconds", "python", "ActiveRun", "/estimated_duration", R"({"secs": 600, "nanos": 0})", "type"},
    // Rust Duration through serde_with::DurationSeconds<f64>: a number of
    // seconds too, never negative; the {secs, nanos} object is refused.
    {"duration-seconds", "rust", "ActiveRun", "/estimated_duration", "755.0", ""},
    {"duration-seconds", "rust", "QueueItem", "/estimated_duration", "0.0", ""},
    {"duration-seconds", "rust", "ActiveRun", "/estimated_duration", "-1.0", "minimum"},
    {"duration-seconds", "rust", "ActiveRun", "/estimated_duration", R"({"secs": 600, "nanos": 0})", "type"},
    // An internally tagged enum: the tag picks the variant.
    {"builder-result", "rust", "WorkerResult", "/builder_result", R"({"kind": "generic"})", ""},
    {"builder-result", "rust", "WorkerResult", "/builder_result", R"({"kind": "debian", "source": "x"})", ""},
    {"builder-result", "rust", "WorkerResult", "/builder_result", R"({"kind": "gentoo"})", "enum"},
    {"builder-result", "rust", "WorkerResult", "/builder_result", R"({"name": "generic", "details": {}})", "required"},
    // Revisions: UTF-8 strings on both sides.
    {"revision-utf8", "python", "WorkerResult", "/revision", R"("jelmer@debian.org-20250525-abc")", ""},
    {"revision-utf8", "python", "WorkerResult", "/revision", "null", ""},
    {"revision-utf8", "python", "WorkerResult", "/revision", "[106, 101]", "type"},
    {"revision-utf8", "rust", "WorkerResult", "/revision", R"("git-v1:0123456789abcdef")", ""},
    {"revision-utf8", "rust", "WorkerResult", "/revision", "42", "type"},
    // GenericResult: Python {} ; Rust unit struct null, {} rejected.
    {"unit-struct", "rust", "GenericResult", "", "null", ""},
    {"unit-struct", "rust", "GenericResult", "", "{}", "type"},
    {"unit-struct", "python", "GenericResult", "", "{}", ""},
    {"unit-struct", "python", "GenericResult", "", "null", "type"},
    {"unit-struct", "python", "GenericResult", "", R"({"x": 1})", "additionalProperties"},
    // Integer widths, exact at the 64-bit edges.
    {"i64", "rust", "ActiveRun", "/queue_id", "9223372036854775807", ""},
    {"i64", "rust", "ActiveRun", "/queue_id", "-9223372036854775808", ""},
    {"i64", "rust", "ActiveRun", "/queue_id", "9223372036854775808", "maximum"},
    {"i64", "rust", "QueueItem", "/id", "2147483648", ""},
    {"u64", "rust", "UploadedWorkerResult", "/log_files", R"([{"filename": "f", "size": -1, "stored_path": "/f",
      "uploaded_at": "2025-05-25T19:22:53Z"}])",
     "minimum"},
    {"int", "python", "ActiveRun", "/queue_id", "18446744073709551615", ""},
};

test::Registrar register_encoding_cases([] {
  for (std::size_t index = 0; index < kEncodingCases.size(); ++index) {
    const EncodingCase& test_case = kEncodingCases[index];
    const std::string name = std::to_string(index) + "_" + test_case.side + "_" + test_case.structure + "_" +
                             (test_case.expected_rule.empty() ? "accepts" : "rejects_" + test_case.expected_rule);
    testing::RegisterTest(test::test_name("Encoding_" + test_case.encoding).c_str(), test::test_name(name).c_str(),
                          nullptr, test_case.value.c_str(), __FILE__, __LINE__, [test_case]() -> testing::Test* {
                            struct Case : testing::Test {
                              explicit Case(EncodingCase c) : test_case(std::move(c)) {}
                              void TestBody() override {
                                const auto failures = validate_case(test_case);
                                if (test_case.expected_rule.empty()) {
                                  for (const auto& failure : failures) {
                                    ADD_FAILURE() << "unexpected " << failure.rule << " at " << failure.pointer << ": "
                                                  << failure.message;
                                  }
                                  return;
                                }
                                ASSERT_FALSE(failures.empty()) << test_case.value << " was accepted";
                                EXPECT_EQ(failures.front().rule, test_case.expected_rule) << failures.front().message;
                                EXPECT_TRUE(failures.front().pointer.starts_with(test_case.pointer))
                                    << failures.front().pointer;
                              }
                              EncodingCase test_case;
                            };
                            return new Case(test_case);
                          });
  }
});

// ------------------------------------------------------------ validator messages

TEST(Validator, UndeclaredKeyPointsAtTheKeyWithItsLine) {
  const SchemaSet& set = project_schemas();
  const json::Document document = json::parse("{\n  \"branch_url\": null,\n  \"finish_time\": null\n}", "x.json");
  const auto failures = validate(set, set.get("rust", "VcsInfo"), document);
  ASSERT_EQ(failures.size(), 1U);
  EXPECT_EQ(failures[0].pointer, "/finish_time");
  EXPECT_EQ(failures[0].rule, "additionalProperties");
  EXPECT_EQ(failures[0].position.line, 3U);
  EXPECT_EQ(failures[0].position.column, 3U);
}

TEST(Validator, MissingKeyIsNamedOnItsObject) {
  const SchemaSet& set = project_schemas();
  const json::Document document = json::parse(R"({"worker_result": {"code": "x", "refreshed": false}, "log_files": [],
      "artifact_files": [], "build_files": []})",
                                              "x.json");
  const auto failures = validate(set, set.get("rust", "UploadedWorkerResult"), document);
  ASSERT_EQ(failures.size(), 1U);
  EXPECT_EQ(failures[0].pointer, "");
  EXPECT_EQ(failures[0].rule, "required");
  EXPECT_EQ(failures[0].message, "missing required key \"metadata_files\"");
}

TEST(Validator, TypeMessageSaysWhatWasExpectedAndDeclared) {
  const SchemaSet& set = project_schemas();
  const json::Document document = json::parse(R"({"code": "x", "refreshed": true, "finish_time": 17})", "x.json");
  const auto failures = validate(set, set.get("rust", "WorkerResult"), document);
  ASSERT_EQ(failures.size(), 1U);
  EXPECT_EQ(failures[0].pointer, "/finish_time");
  EXPECT_EQ(failures[0].message,
            "expected string or null encoded as timestamp-rfc3339 (declared Option<DateTime<Utc>>), found integer 17");
}

TEST(Validator, NestedStructuresAreValidatedThroughRefs) {
  const SchemaSet& set = project_schemas();
  const json::Document document = json::parse(
      R"({"worker_result": {"code": "x", "refreshed": false, "stage": "build"}, "log_files": [], "artifact_files": [],
          "build_files": [], "metadata_files": []})",
      "x.json");
  const auto failures = validate(set, set.get("rust", "UploadedWorkerResult"), document);
  ASSERT_EQ(failures.size(), 1U);
  EXPECT_EQ(failures[0].pointer, "/worker_result/stage");
  EXPECT_EQ(failures[0].rule, "type");
}

TEST(Validator, KeyNamedLikeAnIndexIsNotMistakenForOne) {
  const SchemaSet& set = project_schemas();
  const json::Document document = json::parse(R"({"code": "x", "refreshed": false, "remotes": {"0": 5}})", "x.json");
  const auto failures = validate(set, set.get("rust", "WorkerResult"), document);
  ASSERT_EQ(failures.size(), 1U);
  EXPECT_EQ(failures[0].pointer, "/remotes/0");
}

TEST(Validator, ARefusalValijsonDoesNotExplainIsAnErrorNotAPass) {
  // propertyNames validates names with a nested validator that keeps no
  // message: valijson says "no" and nothing else.
  const test::TempDir project;
  test::copy_schemas(project.path());
  const auto file = project.path() / "schemas/rust/ResultRemote.schema.json";
  std::string text = test::read_text(file);
  text.replace(text.find('{'), 1, R"({"propertyNames": {"maxLength": 1}, )");
  test::write_file(file, text);
  const SchemaSet set = SchemaSet::load(project.path() / "schemas");
  const json::Document document = json::parse(R"({"url": "https://x"})", "r.json");
  EXPECT_PORTCHECK_ERROR(validate(set, set.get("rust", "ResultRemote"), document),
                         "valijson refused the document without saying why");
}

// ------------------------------------------------------------ loading errors

TEST(SchemaLoad, UnknownEncodingIsAnErrorAtItsPlace) {
  const test::TempDir project;
  test::copy_schemas(project.path());
  const auto file = project.path() / "schemas/rust/ResultRemote.schema.json";
  std::string text = test::read_text(file);
  text.replace(text.find("\"x-source-type\": \"String\""), 25,
               "\"x-source-type\": \"String\", \"x-encoding\": \"url\"");
  test::write_file(file, text);
  EXPECT_PORTCHECK_ERROR(SchemaSet::load(project.path() / "schemas"),
                         "at /properties/url/x-encoding: unknown x-encoding \"url\"");
}

TEST(SchemaLoad, UnresolvedRefIsAnError) {
  const test::TempDir project;
  test::copy_schemas(project.path());
  const auto file = project.path() / "schemas/rust/QueueAssignment.schema.json";
  std::string text = test::read_text(file);
  text.replace(text.find("VcsInfo.schema.json"), 19, "Missing.schema.json");
  test::write_file(file, text);
  // Named where the $ref is written, with the file it names.
  EXPECT_PORTCHECK_ERROR(
      SchemaSet::load(project.path() / "schemas"),
      "QueueAssignment.schema.json:8:18: at /properties/vcs_info/$ref: $ref \"Missing.schema.json\": "
      "there is no file ");
}

/// Replaces the first `from` after `anchor` in the manifest text.
void edit_manifest_entry(const std::filesystem::path& manifest, const std::string& anchor, const std::string& from,
                         const std::string& to) {
  std::string text = test::read_text(manifest);
  const auto entry = text.find(anchor);
  ASSERT_NE(entry, std::string::npos) << anchor;
  const auto at = text.find(from, entry);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  test::write_file(manifest, text);
}

TEST(SchemaLoad, ManifestProblemsPointIntoTheManifest) {
  const test::TempDir project;
  test::copy_schemas(project.path());
  const auto manifest = project.path() / "schemas/manifest.json";
  edit_manifest_entry(manifest, "\"ResultRemote\": {", "\"sides\": [\"rust\"]", "\"sides\": [\"go\"]");
  EXPECT_PORTCHECK_ERROR(SchemaSet::load(project.path() / "schemas"),
                         "at /structures/ResultRemote/sides/0: unknown side \"go\" (sides: python, rust)");
}

TEST(SchemaLoad, ReaderMustDeclareTheStructure) {
  const test::TempDir project;
  test::copy_schemas(project.path());
  const auto manifest = project.path() / "schemas/manifest.json";
  edit_manifest_entry(manifest, "\"ResultRemote\": {", "\"readers\": [\"rust\"]", "\"readers\": [\"python\"]");
  EXPECT_PORTCHECK_ERROR(
      SchemaSet::load(project.path() / "schemas"),
      "at /structures/ResultRemote/readers/0: side \"python\" reads ResultRemote but does not declare it");
}

TEST(SchemaLoad, FieldMappingToAnUndeclaredFieldIsAnError) {
  const test::TempDir project;
  test::copy_schemas(project.path());
  const auto manifest = project.path() / "schemas/manifest.json";
  std::string text = test::read_text(manifest);
  text.replace(text.find("\"rust\": \"/worker_name\""), 22, "\"rust\": \"/worker_nam\"");
  test::write_file(manifest, text);
  EXPECT_PORTCHECK_ERROR(SchemaSet::load(project.path() / "schemas"), "declares no field at \"/worker_nam\"");
}

TEST(SchemaLoad, WrongDraftIsAnError) {
  const test::TempDir project;
  test::copy_schemas(project.path());
  const auto file = project.path() / "schemas/python/VcsInfo.schema.json";
  std::string text = test::read_text(file);
  text.replace(text.find("draft-07"), 8, "draft-04");
  test::write_file(file, text);
  EXPECT_PORTCHECK_ERROR(SchemaSet::load(project.path() / "schemas"), "VcsInfo.schema.json:2:3: at /$schema:");
}

/// valijson writes each keyword's failure in English and portcheck maps the
/// words back to the keyword (validation_keyword): here valijson itself
/// writes every form, so that a reworded message fails this test rather than
/// silently degrading a rule.
struct MessageCase {
  const char* keyword;
  const char* schema;
  const char* instance;
};

std::vector<std::string> valijson_descriptions(const MessageCase& example) {
  const json::Document schema_document = json::parse(example.schema, "schema.json");
  valijson::Schema compiled;
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  parser.populateSchema(valijson::adapters::RapidJsonAdapter(schema_document.root()), compiled);
  const json::Document instance = json::parse(example.instance, "instance.json");
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  EXPECT_FALSE(validator.validate(compiled, valijson::adapters::RapidJsonAdapter(instance.root()), &results))
      << example.keyword << ": the case must fail";
  std::vector<std::string> descriptions;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) descriptions.push_back(error.description);
  return descriptions;
}

TEST(ValidationMessages, EveryFormValijsonWritesMapsToItsKeyword) {
  const std::vector<MessageCase> cases{
      {"type", R"({"type": "string"})", "1"},
      {"required", R"({"type": "object", "required": ["a"]})", "{}"},
      {"additionalProperties", R"({"type": "object", "additionalProperties": false})", R"({"a": 1})"},
      {"additionalItems", R"({"items": [{"type": "integer"}], "additionalItems": false})", "[1, 2]"},
      {"maximum", R"({"maximum": 1})", "2"},
      {"maximum", R"({"exclusiveMaximum": 1})", "1"},
      {"minimum", R"({"minimum": 1})", "0"},
      {"minimum", R"({"exclusiveMinimum": 1})", "1"},
      {"const", R"({"const": 1})", "2"},
      {"enum", R"({"enum": [1]})", "2"},
      {"minItems", R"({"minItems": 2})", "[1]"},
      {"maxItems", R"({"maxItems": 0})", "[1]"},
      {"minProperties", R"({"minProperties": 1})", "{}"},
      {"maxProperties", R"({"maxProperties": 0})", R"({"a": 1})"},
      {"minLength", R"({"minLength": 2})", R"("a")"},
      {"maxLength", R"({"maxLength": 0})", R"("a")"},
      {"dependencies", R"({"dependencies": {"a": ["b"]}})", R"({"a": 1})"},
      {"not", R"({"not": {}})", "1"},
      {"anyOf", R"({"anyOf": [{"type": "string"}]})", "1"},
      {"oneOf", R"({"oneOf": [{"type": "string"}]})", "1"},
      {"oneOf", R"({"oneOf": [{}, {}]})", "1"},
      {"if", R"({"if": {"type": "integer"}, "then": {"minimum": 5}})", "1"},
      {"pattern", R"({"pattern": "^a"})", R"("b")"},
      {"uniqueItems", R"({"uniqueItems": true})", "[1, 1]"},
      {"multipleOf", R"({"multipleOf": 2})", "3"},
      {"multipleOf", R"({"multipleOf": 0.5})", "0.3"},
      {"format", R"({"format": "date"})", R"("x")"},
      {"format", R"({"format": "date-time"})", R"("x")"},
      {"format", R"({"format": "time"})", R"("x")"},
      {"contains", R"({"contains": {"type": "string"}})", "[1]"},
      // Wrappers around a more specific failure, dropped by portcheck: the
      // specific one still maps.
      {"type", R"({"properties": {"a": {"type": "string"}}})", R"({"a": 1})"},
      {"type", R"({"patternProperties": {"^a": {"type": "string"}}})", R"({"a": 1})"},
      {"type", R"({"additionalProperties": {"type": "string"}})", R"({"a": 1})"},
      {"type", R"({"items": {"type": "string"}})", "[1]"},
      {"type", R"({"items": [{"type": "integer"}], "additionalItems": {"type": "string"}})", "[1, 2]"},
      {"type", R"({"allOf": [{"type": "string"}]})", "1"},
      {"type", R"({"dependencies": {"a": {"properties": {"a": {"type": "string"}}}}})", R"({"a": 1})"},
  };
  for (const MessageCase& example : cases) {
    const std::vector<std::string> descriptions = valijson_descriptions(example);
    ASSERT_FALSE(descriptions.empty()) << example.keyword << " " << example.schema;
    bool found = false;
    for (const std::string& description : descriptions) {
      const std::optional<std::string_view> keyword = validation_keyword(description);
      ASSERT_TRUE(keyword.has_value()) << "valijson wrote a form portcheck does not recognise: \"" << description
                                       << "\" (" << example.schema << ")";
      found = found || *keyword == example.keyword;
    }
    EXPECT_TRUE(found) << example.schema << " on " << example.instance << " gave "
                       << testing::PrintToString(descriptions);
  }
}

TEST(ValidationMessages, AnUnrecognisedFormIsNoKeywordAtAll) {
  EXPECT_FALSE(validation_keyword("The value is wrong in a new way").has_value());
  EXPECT_FALSE(validation_keyword("").has_value());
  ASSERT_TRUE(validation_keyword("Missing required property 'a'.").has_value());
  EXPECT_EQ(*validation_keyword("Missing required property 'a'."), "required");
}

}  // namespace
}  // namespace portcheck::schema
