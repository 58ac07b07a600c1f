// The scan path: the compiled plan held to the exact path (valijson, the
// strict loader, portcheck's own value checks and decoding) on every
// fixture, every hostile input and generated variants; and `portcheck scan`
// over files, folders, JSON Lines and standard input, the same for any --jobs.

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <limits>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "json/rapidjson.hpp"

#include <rapidjson/pointer.h>

#include "codec/codec.hpp"

#include "json/document.hpp"
#include "json/pointer.hpp"
#include "scan/fast_reader.hpp"
#include "scan/judge.hpp"
#include "scan/pipeline.hpp"
#include "scan/plan.hpp"
#include "scan/sources.hpp"
#include "schema/schema_set.hpp"
#include "schema/validator.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

namespace fs = std::filesystem;

const schema::SchemaSet& project_schemas() {
  static const schema::SchemaSet schemas = schema::SchemaSet::load(source_dir() / "schemas");
  return schemas;
}

std::string compact(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

/// What the exact path says: the strict loader takes the text, validate()
/// finds nothing and decode() no problem.
bool exactly_passes(const schema::SchemaSet& schemas, const schema::StructureSchema& schema, const std::string& text) {
  json::Document document;
  try {
    document = json::parse(text, "variant");
  } catch (const Error&) {
    return false;
  }
  if (!schema::validate(schemas, schema, document).empty()) return false;
  std::vector<codec::DecodeProblem> problems;
  codec::decode(schemas, schema, document, &problems);
  return problems.empty();
}

/// Tallies of the plan's verdicts against the exact path's, with the fast
/// reader on simdjson (as scan reads) and on RapidJSON alone: the two
/// engines must give the same verdict on every text.
struct Agreement {
  std::size_t documents = 0;
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  std::size_t undecided = 0;
  std::size_t taken = 0;             ///< texts the fast reader took
  std::size_t held_by_simdjson = 0;  ///< of those, the ones simdjson read
  std::vector<std::string> disagreements;
  scan::FastReader simdjson_reader{scan::FastEngine::simdjson};
  scan::FastReader rapidjson_reader{scan::FastEngine::rapidjson};

  static scan::Verdict verdict_of(scan::FastReader& reader, const scan::ValidationPlan& plan, const std::string& text) {
    return reader.read(text) ? reader.judge(plan) : scan::Verdict::rejected;  // the loader decides
  }

  void judge(const schema::SchemaSet& schemas, const schema::StructureSchema& schema, const scan::ValidationPlan& plan,
             const std::string& text, const std::string& what) {
    ++documents;
    const bool exact = exactly_passes(schemas, schema, text);
    const scan::Verdict verdict = verdict_of(simdjson_reader, plan, text);
    if (simdjson_reader.read(text)) {
      ++taken;
      held_by_simdjson += simdjson_reader.holder() == scan::FastEngine::simdjson ? 1 : 0;
    }
    // Given as padded, followed by bytes simdjson may read but must not
    // judge (quotes, brackets, a NUL): the same verdict.
    std::string padded = text;
    for (std::size_t index = 0; index < scan::kReadPadding; ++index) padded.push_back("\"\\]}{[,\0"[index % 8]);
    const std::string_view unpadded(padded.data(), text.size());
    const scan::Verdict by_padded = simdjson_reader.read(unpadded, true) ? simdjson_reader.judge(plan)
                                                                          : scan::Verdict::rejected;
    if (by_padded != verdict && disagreements.size() < 20) {
      disagreements.push_back(what + " (" + schema.side() + " " + schema.structure() + "): the plan on a padded " +
                              "text and on the text disagree: " + text.substr(0, 300));
    }
    const scan::Verdict by_rapidjson = verdict_of(rapidjson_reader, plan, text);
    if (verdict != by_rapidjson && disagreements.size() < 20) {
      disagreements.push_back(what + " (" + schema.side() + " " + schema.structure() + "): the plan on simdjson " +
                              "and on RapidJSON disagree: " + text.substr(0, 300));
    }
    if (verdict == scan::Verdict::undecided) {
      ++undecided;
      return;
    }
    const bool fast = verdict == scan::Verdict::accepted;
    (fast ? accepted : rejected) += 1;
    if (fast != exact && disagreements.size() < 20) {
      disagreements.push_back(what + " (" + schema.side() + " " + schema.structure() + "): plan " +
                              (fast ? "accepts" : "rejects") + ", exact path " + (exact ? "accepts" : "rejects") +
                              ": " + text.substr(0, 300));
    }
  }
};

std::vector<fs::path> fixture_files(const std::string& side, const std::string& structure) {
  std::vector<fs::path> files;
  const fs::path folder = source_dir() / "fixtures" / side / structure;
  if (!fs::is_directory(folder)) return files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// Values a variant puts in place of another: every JSON type, the 64-bit
/// edges, timestamps with and without offsets, empty containers.
std::vector<std::string> replacement_values() {
  return {"null",
          "true",
          "0",
          "-1",
          "1.5",
          "4294967296",
          "2147483648",
          "9223372036854775807",
          "18446744073709551615",
          "-9223372036854775808",
          "9007199254740993",
          "\"\"",
          "\"x\"",
          "\"2025-05-25T19:22:53\"",
          "\"2025-05-25T19:22:53.123456Z\"",
          "\"2025-05-25T19:22:53+00:00\"",
          "\"2025-13-45T99:99:99\"",
          "{}",
          "[]",
          "{\"secs\":1,\"nanos\":2}",
          "{\"months\":1,\"days\":2,\"microseconds\":3}",
          "[\"a\",\"b\"]"};
}

/// Variants of a document: at every place, each replacement value; every
/// object member removed; an undeclared key added to every object; every
/// array's first element repeated and removed; every string cut short.
std::vector<std::string> variants(const rapidjson::Value& original) {
  std::vector<std::string> out;
  const std::vector<std::string> values = replacement_values();
  std::vector<std::string> pointers;
  // Every place, by pointer.
  std::vector<std::pair<const rapidjson::Value*, std::string>> stack{{&original, ""}};
  while (!stack.empty()) {
    auto [value, pointer] = stack.back();
    stack.pop_back();
    pointers.push_back(pointer);
    if (value->IsObject()) {
      for (const auto& member : value->GetObject()) {
        stack.emplace_back(&member.value, pointer + "/" + json::escape_pointer_token(member.name.GetString()));
      }
    } else if (value->IsArray()) {
      for (rapidjson::SizeType index = 0; index < value->Size(); ++index) {
        stack.emplace_back(&(*value)[index], pointer + "/" + std::to_string(index));
      }
    }
  }
  for (const std::string& pointer : pointers) {
    const auto edit = [&](const std::function<void(rapidjson::Document&, rapidjson::Value&)>& change) {
      rapidjson::Document copy;
      copy.CopyFrom(original, copy.GetAllocator());
      rapidjson::Value* target = rapidjson::Pointer(pointer.c_str()).Get(copy);
      if (target == nullptr) return;
      change(copy, *target);
      out.push_back(compact(copy));
    };
    for (const std::string& value : values) {
      edit([&](rapidjson::Document& copy, rapidjson::Value& target) {
        rapidjson::Document replacement;
        replacement.Parse(value.c_str());
        target.CopyFrom(replacement, copy.GetAllocator());
      });
    }
    edit([](rapidjson::Document& copy, rapidjson::Value& target) {
      if (target.IsObject()) target.AddMember("undeclared_key", 1, copy.GetAllocator());
      if (target.IsArray() && !target.Empty()) {
        rapidjson::Value first(target[0], copy.GetAllocator());
        target.PushBack(first, copy.GetAllocator());
      }
      if (target.IsString() && target.GetStringLength() > 1) {
        target.SetString(target.GetString(), target.GetStringLength() - 1, copy.GetAllocator());
      }
    });
    edit([](rapidjson::Document&, rapidjson::Value& target) {
      if (target.IsObject() && target.MemberCount() > 0) target.RemoveMember(target.MemberBegin());
      if (target.IsArray() && !target.Empty()) target.Erase(target.Begin());
    });
  }
  return out;
}

TEST(ScanPlan, CompilesEveryProjectSchema) {
  for (const schema::StructureSchema& schema : project_schemas().schemas()) {
    const scan::ValidationPlan plan = scan::ValidationPlan::compile(project_schemas(), schema);
    EXPECT_TRUE(plan.available()) << schema.side() << " " << schema.structure() << ": " << plan.why_unavailable();
  }
}

TEST(ScanPlan, AgreesWithTheExactPathOnEveryFixtureAndHostileInput) {
  const schema::SchemaSet& schemas = project_schemas();
  Agreement agreement;
  std::vector<fs::path> hostile;
  for (const auto& entry : fs::directory_iterator(source_dir() / "fixtures/invalid")) {
    if (entry.path().extension() == ".json" && entry.path().filename() != "expected.json") {
      hostile.push_back(entry.path());
    }
  }
  for (const schema::StructureSchema& schema : schemas.schemas()) {
    const scan::ValidationPlan plan = scan::ValidationPlan::compile(schemas, schema);
    // Every side's fixtures of the structure: its own pass, the others'
    // mostly fail.
    for (const schema::Side& side : schemas.manifest().sides) {
      for (const fs::path& file : fixture_files(side.name, schema.structure())) {
        agreement.judge(schemas, schema, plan, read_text(file), file.string());
      }
    }
    for (const fs::path& file : hostile) agreement.judge(schemas, schema, plan, read_text(file), file.string());
  }
  std::cout << "fixtures and hostile inputs: " << agreement.documents << " documents, plan accepted "
            << agreement.accepted << ", rejected " << agreement.rejected << "; read " << agreement.taken
            << ", by simdjson " << agreement.held_by_simdjson << "\n";
  EXPECT_TRUE(agreement.disagreements.empty()) << agreement.disagreements.front();
  EXPECT_EQ(agreement.undecided, 0U);
  // simdjson read most of them: the comparison of the engines is not idle.
  EXPECT_GT(agreement.held_by_simdjson * 10, agreement.taken * 9);
  // Both verdicts occur: the comparison is not one-sided.
  EXPECT_GT(agreement.accepted, 90U);
  EXPECT_GT(agreement.rejected, 100U);
}

TEST(ScanPlan, AgreesWithTheExactPathOnTenThousandVariants) {
  const schema::SchemaSet& schemas = project_schemas();
  Agreement agreement;
  for (const schema::StructureSchema& schema : schemas.schemas()) {
    const scan::ValidationPlan plan = scan::ValidationPlan::compile(schemas, schema);
    for (const fs::path& file : fixture_files(schema.side(), schema.structure())) {
      const json::Document original = json::load_file(file);
      for (const std::string& text : variants(original.root())) {
        agreement.judge(schemas, schema, plan, text, file.string() + " variant");
      }
    }
  }
  std::cout << "variants: " << agreement.documents << " documents, plan accepted " << agreement.accepted
            << ", rejected " << agreement.rejected << ", undecided " << agreement.undecided << "; read "
            << agreement.taken << ", by simdjson " << agreement.held_by_simdjson << "\n";
  EXPECT_GT(agreement.held_by_simdjson * 10, agreement.taken * 9);
  EXPECT_TRUE(agreement.disagreements.empty())
      << agreement.disagreements.size() << " disagreements, first: " << agreement.disagreements.front();
  EXPECT_GE(agreement.documents, 10000U);
  EXPECT_GT(agreement.accepted, 1000U);
  EXPECT_GT(agreement.rejected, 1000U);
  // Undecided only where a double cannot hold the integer next to a bound.
  EXPECT_LT(agreement.undecided * 100, agreement.documents) << agreement.undecided << " undecided";
}

/// Nested `{"a":` objects or `[` arrays, `depth` deep.
std::string nested(std::size_t depth, bool objects) {
  if (!objects) return std::string(depth, '[') + std::string(depth, ']');
  std::string text;
  for (std::size_t level = 0; level < depth; ++level) text += "{\"a\":";
  return text + "1" + std::string(depth, '}');
}

/// An object of `count` keys k0, k1, ..., the last one repeated when `repeat`.
std::string many_keys(std::size_t count, bool repeat) {
  std::string text = "{";
  for (std::size_t index = 0; index < count; ++index) {
    text += (index > 0 ? ",\"k" : "\"k") + std::to_string(repeat && index + 1 == count ? 0 : index) + "\":0";
  }
  return text + "}";
}

TEST(ScanPlan, FastReaderRefusesEveryHostileInput) {
  for (const scan::FastEngine engine : {scan::FastEngine::simdjson, scan::FastEngine::rapidjson}) {
    SCOPED_TRACE(engine == scan::FastEngine::simdjson ? "simdjson" : "rapidjson");
    scan::FastReader reader(engine);
    for (const auto& entry : fs::directory_iterator(source_dir() / "fixtures/invalid")) {
      if (entry.path().extension() != ".json" || entry.path().filename() == "expected.json") continue;
      EXPECT_FALSE(reader.read(read_text(entry.path()))) << entry.path();
    }
    // Each strict-loader rule, in small: the fast reader leaves all of them
    // to it. 1e-400 is 0 to simdjson, beyond a double to the strict loader.
    for (const std::string& text : std::vector<std::string>{
             "{\"a\":1,\"a\":2}", "[1e400]", "[1e-400]", "{\"a\":0.0,\"b\":-1e-400}", "18446744073709551616",
             "-9223372036854775809", "\"\\udc00\"", "\"\\ud800\"", "{\"\\udc00\":1}", std::string("{}\0", 3),
             std::string("[\"\0\"]", 5), "\xEF\xBB\xBF{}", "{} x", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "[NaN]",
             nested(513, false), nested(513, true), nested(600, false), many_keys(33, true), many_keys(200, true),
             "{\"b\":{\"x\":1,\"y\":2,\"x\":3}}"}) {
      EXPECT_FALSE(reader.read(text)) << text.substr(0, 80);
      EXPECT_THROW(json::parse(text, "t"), Error) << text.substr(0, 80);
    }
    // Accepted, and by simdjson itself where it can be sure; a zero double
    // and a text beyond simdjson's share are read again by RapidJSON.
    // simdjson reads texts up to 256 KiB (each reader's share of memory).
    const std::string within = "[" + std::string(256 * 1024 - 3, ' ') + "1]";
    const std::string beyond = "[" + std::string(256 * 1024 - 2, ' ') + "1]";
    for (const auto& [text, by_simdjson] : std::vector<std::pair<std::string, bool>>{
             {"{\"a\":1,\"b\":{\"a\":2}}", true},
             {"[-0,1.0,18446744073709551615,-9223372036854775808,4.9e-324]", true},
             {"\"\\ud83d\\ude00\"", true},
             {"\"caf\xC3\xA9\\u0000\"", true},
             {nested(512, false), true},
             {nested(512, true), true},
             {many_keys(32, false), true},
             {many_keys(200, false), true},
             {"[0.0]", false},
             {"{\"a\":-0.0e5}", false},
             {within, true},
             {beyond, false}}) {
      EXPECT_TRUE(reader.read(text)) << text.substr(0, 80);
      EXPECT_EQ(reader.holder(), by_simdjson && engine == scan::FastEngine::simdjson ? scan::FastEngine::simdjson
                                                                                     : scan::FastEngine::rapidjson)
          << text.substr(0, 80);
      EXPECT_NO_THROW(json::parse(text, "t")) << text.substr(0, 80);
    }
  }
}

TEST(ScanPlan, AKeywordItDoesNotCoverSendsEveryDocumentToTheExactPath) {
  TempDir project;
  copy_schemas(project.path());
  const fs::path file = project.path() / "schemas/python/VcsInfo.schema.json";
  std::string text = read_text(file);
  text.replace(text.find('{'), 1, "{\"uniqueItems\": true,");
  write_file(file, text);
  const schema::SchemaSet schemas = schema::SchemaSet::load(project.path() / "schemas");
  const scan::ValidationPlan plan = scan::ValidationPlan::compile(schemas, schemas.get("python", "VcsInfo"));
  EXPECT_FALSE(plan.available());
  EXPECT_NE(plan.why_unavailable().find("\"uniqueItems\""), std::string::npos) << plan.why_unavailable();
  write_file(project.path() / "one.jsonl", "{}\n");
  const CommandResult result =
      run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", "one.jsonl"}, project.path());
  EXPECT_NE(result.out.find("every document took the exact path: the schema uses \"uniqueItems\""), std::string::npos)
      << result.out;
}

// ------------------------------------------------------------------ the command

/// A JSON Lines corpus: every Python WorkerResult fixture (compact), then the
/// Rust ones (which the Python schema refuses), a blank line, a malformed
/// line, repeated.
std::string corpus(std::size_t rounds) {
  std::string text;
  for (std::size_t round = 0; round < rounds; ++round) {
    for (const std::string side : {"python", "rust"}) {
      for (const fs::path& file : fixture_files(side, "WorkerResult")) {
        text += compact(json::load_file(file).root()) + "\n";
      }
    }
    text += "\n{\"codebase\": \n";
  }
  return text;
}

TEST(ScanCommand, SameOutputForAnyNumberOfJobs) {
  TempDir folder;
  write_file(folder.path() / "corpus.jsonl", corpus(200));
  std::map<std::string, std::string> outputs;
  for (const std::string jobs : {"1", "2", "3"}) {
    for (const std::string format : {"text", "json", "junit"}) {
      const CommandResult result =
          run_portcheck({"scan", "--side", "python", "--structure", "WorkerResult", "--show", "40", "--jobs", jobs,
                         "--format", format, (folder.path() / "corpus.jsonl").string()});
      EXPECT_EQ(result.exit_code, 1) << result.err;
      // JUnit's time is the run's own; everything else is the same.
      const std::string out = std::regex_replace(result.out, std::regex(R"(time="[0-9.]+")"), "time=\"T\"");
      if (outputs.contains(format)) {
        EXPECT_EQ(out, outputs[format]) << "--jobs " << jobs << " --format " << format;
      } else {
        outputs[format] = out;
      }
    }
  }
  const std::string& text = outputs["text"];
  const std::size_t python = fixture_files("python", "WorkerResult").size();
  const std::size_t rust = fixture_files("rust", "WorkerResult").size();
  const std::size_t documents = 200 * (python + rust + 1);
  EXPECT_NE(text.find("portcheck: " + std::to_string(documents) + " documents, " + std::to_string(200 * (rust + 1)) +
                      " failing — FAILED"),
            std::string::npos)
      << text;
  // A malformed line is named by its line in the file.
  const std::size_t malformed_line = python + rust + 2;
  EXPECT_NE(text.find("corpus.jsonl:" + std::to_string(malformed_line) + ":"), std::string::npos) << text;
  EXPECT_NE(text.find("malformed-json"), std::string::npos) << text;
}

TEST(ScanCommand, ReadsFoldersRecursivelyFilesAndStandardInput) {
  TempDir folder;
  fs::create_directories(folder.path() / "in/deeper");
  const std::vector<fs::path> fixtures = fixture_files("python", "VcsInfo");
  ASSERT_GE(fixtures.size(), 2U);
  fs::copy_file(fixtures[0], folder.path() / "in/a.json");
  fs::copy_file(fixtures[1], folder.path() / "in/deeper/b.json");
  write_file(folder.path() / "in/deeper/c.jsonl",
             compact(json::load_file(fixtures[0]).root()) + "\n\n" + "{\"branch_url\": 7}\n");
  write_file(folder.path() / "in/ignored.txt", "not json");
  const CommandResult result =
      run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", (folder.path() / "in").string()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find(", 3 files"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("portcheck: 4 documents, 1 failing — FAILED"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("c.jsonl:3:"), std::string::npos) << "the record's line, blank lines counted\n"
                                                              << result.out;
  const CommandResult piped = run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", "-"}, source_dir(),
                                            read_text(folder.path() / "in/deeper/c.jsonl"));
  EXPECT_EQ(piped.exit_code, 1);
  EXPECT_NE(piped.out.find("(standard input):3:"), std::string::npos) << piped.out;
  const CommandResult file =
      run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", (folder.path() / "in/a.json").string()});
  EXPECT_EQ(file.exit_code, 0) << file.out;
  EXPECT_NE(file.out.find("portcheck: 1 document, 0 failing — PASSED"), std::string::npos) << file.out;
}

// A scan that finds no document does not pass: an empty export, a blank
// standard input or a folder of files named otherwise exits 2, saying which
// and what to do, unless --allow-empty says that none is fine.
TEST(ScanCommand, AScanOfNoDocumentFailsToRunUnlessAllowed) {
  const TempDir folder;
  write_file(folder.path() / "empty.jsonl", "");
  write_file(folder.path() / "blank.jsonl", "\n  \n\t\r\n");
  fs::create_directories(folder.path() / "others/sub");
  write_file(folder.path() / "others/notes.txt", "{}");
  write_file(folder.path() / "others/sub/data.csv", "a,b");
  write_file(folder.path() / "others/sub/dump.jsonx", "{}");
  write_file(folder.path() / "others/sub/z.yaml", "a: 1");
  const std::vector<std::string> scan{"scan", "--side", "python", "--structure", "VcsInfo"};
  const auto with = [&scan](std::vector<std::string> more) {
    std::vector<std::string> arguments = scan;
    arguments.insert(arguments.end(), more.begin(), more.end());
    return arguments;
  };
  const struct {
    std::vector<std::string> paths;
    std::string input;
    std::string error;
  } cases[] = {
      {{(folder.path() / "empty.jsonl").string()},
       "",
       (folder.path() / "empty.jsonl").string() +
           ": nothing to scan: the file holds no document (empty, or only blank lines); --allow-empty lets a scan "
           "of no document pass"},
      {{(folder.path() / "empty.jsonl").string(), (folder.path() / "blank.jsonl").string()},
       "",
       "portcheck: error: nothing to scan: the 2 files hold no document (empty, or only blank lines)"},
      {{"-"}, "\n\n", "(standard input): nothing to scan: standard input held no document"},
      {{(folder.path() / "others").string()},
       "",
       (folder.path() / "others").string() +
           ": nothing to scan: no *.json, *.jsonl or *.ndjson file in the folder (4 other files, such as "
           "notes.txt, sub/data.csv, sub/dump.jsonx: give a file by name to read it, with --jsonl if it holds JSON "
           "Lines)"},
  };
  for (const auto& test_case : cases) {
    const CommandResult refused = run_portcheck(with(test_case.paths), source_dir(), test_case.input);
    EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
    EXPECT_EQ(refused.out, "") << "nothing written before the error";
    EXPECT_NE(refused.err.find(test_case.error), std::string::npos) << refused.err;
    std::vector<std::string> allowed_arguments = with(test_case.paths);
    allowed_arguments.push_back("--allow-empty");
    const CommandResult allowed = run_portcheck(allowed_arguments, source_dir(), test_case.input);
    EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
    EXPECT_NE(allowed.out.find("portcheck: 0 documents, 0 failing — PASSED"), std::string::npos) << allowed.out;
  }
  // One document anywhere is a scan: the empty files beside it are fine.
  write_file(folder.path() / "one.jsonl", compact(json::load_file(fixture_files("python", "VcsInfo")[0]).root()));
  const CommandResult one = run_portcheck(
      with({(folder.path() / "empty.jsonl").string(), (folder.path() / "one.jsonl").string()}), source_dir());
  EXPECT_EQ(one.exit_code, 0) << one.out << one.err;
}

// A folder's walk reads JSON Lines under both names in use (*.jsonl and
// *.ndjson) and every extension in any case: exporters write DUMP.JSONL.
TEST(ScanCommand, AFolderIsReadByExtensionInAnyCaseAndNdjsonIsJsonLines) {
  const TempDir folder;
  const std::string document = compact(json::load_file(fixture_files("python", "VcsInfo")[0]).root());
  write_file(folder.path() / "a.JSON", document);
  write_file(folder.path() / "b.ndjson", document + "\n" + document + "\n");
  write_file(folder.path() / "c.JSONL", document + "\n\n{\"branch_url\": 7}\n");
  write_file(folder.path() / "d.NdJson", document + "\n");
  write_file(folder.path() / "e.txt", "not read");
  const CommandResult result =
      run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", folder.path().string()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find(", 4 files"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("portcheck: 6 documents, 1 failing — FAILED"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("c.JSONL:3:"), std::string::npos) << "read as JSON Lines\n" << result.out;
  // Given by name, a .ndjson file is JSON Lines too.
  const CommandResult named =
      run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", (folder.path() / "b.ndjson").string()});
  EXPECT_EQ(named.exit_code, 0) << named.out << named.err;
  EXPECT_NE(named.out.find("portcheck: 2 documents, 0 failing — PASSED"), std::string::npos) << named.out;
}

// A file is scanned once however often it is reached: named twice, named
// and inside a folder given, or through a second hard link; its failures
// are counted once, at the first place it was reached.
TEST(ScanCommand, AFileReachedTwiceIsScannedOnce) {
  const TempDir folder;
  const std::string document = compact(json::load_file(fixture_files("python", "VcsInfo")[0]).root());
  write_file(folder.path() / "in/a.json", document);
  write_file(folder.path() / "in/b.jsonl", document + "\n{\"branch_url\": 7}\n");
  fs::create_hard_link(folder.path() / "in/b.jsonl", folder.path() / "in/c.jsonl");
  const CommandResult result =
      run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", (folder.path() / "in").string(),
                     (folder.path() / "in/b.jsonl").string(), (folder.path() / "in/../in/a.json").string()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find(", 2 files"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("portcheck: 3 documents, 1 failing — FAILED"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("b.jsonl:2:"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("c.jsonl"), std::string::npos) << result.out;
  // Standard input can be read once: given twice, the second would be empty.
  const CommandResult twice =
      run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", "-", "-"}, source_dir(), document + "\n");
  EXPECT_EQ(twice.exit_code, 2) << twice.out;
  EXPECT_NE(twice.err.find("- (standard input) is given twice: it can be read once"), std::string::npos) << twice.err;
}

TEST(ScanCommand, WrongInputsExitTwoBeforeReading) {
  const CommandResult missing =
      run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", "/nonexistent/portcheck.jsonl"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/portcheck.jsonl: no such file or folder"), std::string::npos) << missing.err;
  const CommandResult device = run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", "/dev/null"});
  EXPECT_EQ(device.exit_code, 2);
  EXPECT_NE(device.err.find("is not a regular file or a folder"), std::string::npos) << device.err;
  const CommandResult structure = run_portcheck({"scan", "--side", "python", "--structure", "Nope", "-"});
  EXPECT_EQ(structure.exit_code, 2);
}

/// JSON Lines of `count` WorkerResult documents the Python reader refuses
/// for two fields each.
void write_failing_lines(const fs::path& file, std::size_t count) {
  std::ofstream out(file);
  for (std::size_t index = 0; index < count; ++index) {
    out << R"({"code": )" << index << R"(, "description": 5, "refreshed": false})" << '\n';
  }
}

/// Peak resident kilobytes of `portcheck` with these arguments, its
/// standard output thrown away, and `input` (when given) on standard input.
std::size_t peak_kilobytes(const std::vector<std::string>& arguments, const fs::path& input = {}) {
  const TempDir scratch;
  std::string command = "'/usr/bin/time' -f %M -o '" + (scratch.path() / "rss").string() + "' '" +
                        PORTCHECK_EXECUTABLE + "' --project '" + source_dir().string() + "'";
  for (const std::string& argument : arguments) command += " '" + argument + "'";
  if (!input.empty()) command += " < '" + input.string() + "'";
  std::system((command + " > /dev/null 2>&1").c_str());
  // time(1) writes "Command exited with non-zero status 1" first when the
  // scan fails, as it does here: the figure is the last line.
  std::string text = read_text(scratch.path() / "rss");
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return std::stoul(text.substr(text.rfind('\n') + 1));
}

TEST(ScanCommand, ShowPrintsFailingDocumentsAsTheyCome) {
  TempDir folder;
  write_failing_lines(folder.path() / "few.jsonl", 3);
  const CommandResult few = run_portcheck({"scan", "--side", "python", "--structure", "WorkerResult", "--show", "2",
                                           (folder.path() / "few.jsonl").string()});
  EXPECT_EQ(few.exit_code, 1);
  EXPECT_NE(few.out.find("few.jsonl:1:"), std::string::npos) << few.out;
  EXPECT_NE(few.out.find("few.jsonl:2:"), std::string::npos) << few.out;
  EXPECT_EQ(few.out.find("few.jsonl:3:"), std::string::npos) << few.out;
  EXPECT_NE(few.out.find("1 more failing documents not shown (--show N)"), std::string::npos) << few.out;
}

// The ScanMemory tests measure resident memory, which the sanitizers' shadow
// memory inflates: .ci/run leaves them out of the sanitized run.
TEST(ScanMemory, ShowHoldsNoFailingDocumentInTheTextFormat) {
  TempDir folder;
  // In the text format, --show 1000000 keeps no failing document in memory:
  // 180,000 more, of two problems each, would hold well over 50 MB.
  write_failing_lines(folder.path() / "small.jsonl", 20000);
  write_failing_lines(folder.path() / "large.jsonl", 200000);
  const std::vector<std::string> options{"--side", "python", "--structure", "WorkerResult", "--show", "1000000",
                                         "--jobs", "2"};
  std::vector<std::string> small_arguments{"scan"};
  small_arguments.insert(small_arguments.end(), options.begin(), options.end());
  small_arguments.push_back((folder.path() / "small.jsonl").string());
  std::vector<std::string> large_arguments{"scan"};
  large_arguments.insert(large_arguments.end(), options.begin(), options.end());
  large_arguments.push_back((folder.path() / "large.jsonl").string());
  const std::size_t small = peak_kilobytes(small_arguments);
  const std::size_t large = peak_kilobytes(large_arguments);
  EXPECT_LT(large, small + 16 * 1024) << "peak RSS " << small << " KB for 20,000 failing documents, " << large
                                      << " KB for 200,000";
  std::cout << "scan --show 1000000 peak RSS: " << small << " KB for 20,000 failing documents, " << large
            << " KB for 200,000\n";
}

TEST(ScanMemory, TheExactPathAndDiffDecodeInMemoryLikeValidate) {
  // A WorkerResult whose details (typed Any) hold a million values, with a
  // code the schema refuses, so that scan takes the exact path and decodes it.
  TempDir folder;
  const fs::path document = folder.path() / "big.json";
  {
    std::ofstream out(document);
    out << R"({"code": 17, "refreshed": false, "details": [)";
    for (int index = 0; index < 1000000; ++index) out << (index ? ",1" : "1");
    out << "]}\n";
  }
  const std::size_t validate =
      peak_kilobytes({"validate", "--side", "python", "--structure", "WorkerResult", document.string()});
  const std::size_t scan =
      peak_kilobytes({"scan", "--side", "python", "--structure", "WorkerResult", "--jobs", "1", document.string()});
  const std::size_t diff =
      peak_kilobytes({"diff", document.string(), document.string(), "--structure", "WorkerResult"});
  // A typed value per JSON value (about 300 bytes) would add some 300 MB;
  // the fast reader's copy of the text and its values, kept while the exact
  // path read it again, added a third (68 MB against 47).
  EXPECT_LT(scan, validate + validate / 4) << "validate " << validate << " KB, scan " << scan << " KB";
  EXPECT_LT(diff, 2 * validate) << "validate " << validate << " KB, diff " << diff << " KB";
  std::cout << "peak RSS on 1,000,000 values: validate " << validate << " KB, scan " << scan << " KB, diff (two) "
            << diff << " KB\n";
}

// Lines of standard input are judged in batches of about a file's block, as
// a file's lines are: batches of up to 1,024 lines held each line's chunk,
// 265 MB for 200 lines of 1 MB (a file of them: 14 MB).
TEST(ScanMemory, StandardInputHoldsNoMoreLongLinesThanAFile) {
  TempDir folder;
  const fs::path lines = folder.path() / "long.jsonl";
  {
    std::ofstream out(lines);
    const std::string line = R"({"code": "success", "description": ")" + std::string(std::size_t{1} << 20, 'c') +
                             R"(", "refreshed": false})";
    for (int index = 0; index < 200; ++index) out << line << '\n';
  }
  for (const std::string jobs : {"1", "2"}) {
    const std::vector<std::string> scan{"scan", "--side", "python", "--structure", "WorkerResult", "--jobs", jobs};
    std::vector<std::string> from_file = scan;
    from_file.push_back(lines.string());
    std::vector<std::string> from_input = scan;
    from_input.emplace_back("-");
    const std::size_t file = peak_kilobytes(from_file);
    const std::size_t input = peak_kilobytes(from_input, lines);
    EXPECT_LT(input, file + 64 * 1024) << "--jobs " << jobs << ": peak RSS " << file << " KB from the file, " << input
                                       << " KB from standard input";
    std::cout << "200 lines of 1 MB, --jobs " << jobs << ": peak RSS " << file << " KB from the file, " << input
              << " KB from standard input\n";
  }
}

// Memory running out as a long line is read names the line, as any other
// input error does: it was "internal error: std::bad_alloc". Address space
// is bounded with ulimit -v (which the sanitizers' shadow memory exceeds).
TEST(ScanMemory, ALineTooLargeForTheMemoryFreeIsNamed) {
  TempDir folder;
  const fs::path lines = folder.path() / "big.jsonl";
  {
    std::ofstream out(lines);
    out << "{}\n\"" << std::string(std::size_t{120} << 20, 'c') << "\"\n";
  }
  const std::string scan = "ulimit -v 200000; '" + std::string(PORTCHECK_EXECUTABLE) + "' --project '" +
                           source_dir().string() + "' scan --side python --structure VcsInfo --jobs 1 ";
  // Within the same bound, documents of the usual size are scanned.
  const CommandResult small = shell(scan + "'" + (source_dir() / "fixtures/python/VcsInfo").string() + "'");
  ASSERT_EQ(small.exit_code, 0) << small.out;
  const CommandResult file = shell(scan + "'" + lines.string() + "'");
  EXPECT_EQ(file.exit_code, 2) << file.out;
  EXPECT_NE(file.out.find(lines.string() + ": line 2 needs more memory than is free"), std::string::npos) << file.out;
  const CommandResult input = shell(scan + "- < '" + lines.string() + "'");
  EXPECT_EQ(input.exit_code, 2) << input.out;
  EXPECT_NE(input.out.find("(standard input): line 2 needs more memory than is free"), std::string::npos) << input.out;
}

// diff of two large documents whose details differ once kept each side's
// value text whole several times over (in the evidence, the finding's values
// and its message, and the round trip's two texts): 3.7 times what validate
// takes for one of them. Now the value texts a person's output shows are cut,
// and the round trip is checked without writing the document again.
TEST(ScanMemory, DiffOfTwoLargeDocumentsHoldsNoValueAgainAsText) {
  TempDir folder;
  const auto write_document = [&folder](const std::string& name, int flipped) {
    std::ofstream out(folder.path() / name);
    out << R"({"code": "success", "refreshed": false, "details": {)";
    for (int index = 0; index < 60000; ++index) {
      out << (index ? "," : "") << R"("check-)" << index << R"(": {"status": ")"
          << (index == flipped ? "failed" : "passed") << R"(", "tags": ["lintian", "build"], "message": ")"
          << std::string(80, 'x') << "\"}";
    }
    out << "}}\n";
  };
  write_document("a.json", -1);
  write_document("b.json", 59999);
  const std::string a = (folder.path() / "a.json").string();
  const std::string b = (folder.path() / "b.json").string();
  const std::size_t validate = peak_kilobytes({"validate", "--side", "python", "--structure", "WorkerResult", a});
  const std::size_t diff = peak_kilobytes({"diff", a, b, "--structure", "WorkerResult"});
  EXPECT_LT(diff, 2 * validate) << "validate " << validate << " KB, diff of two " << diff << " KB";
  // The values are cut, and what differs is still found and named (the
  // objects' last member: each key looked up by a scan of the other object
  // took 13 s here).
  const CommandResult sarif = run_portcheck({"diff", a, b, "--structure", "WorkerResult", "--format", "sarif"});
  EXPECT_EQ(sarif.exit_code, 0) << sarif.err;
  EXPECT_NE(sarif.out.find(R"(bytes in all) (at /check-59999/status: \"passed\" against \"failed\"))"),
            std::string::npos)
      << sarif.out.substr(0, 3000);
  std::cout << "peak RSS on two 10 MB documents: validate (one) " << validate << " KB, diff " << diff << " KB\n";
}

TEST(ScanCommand, AClosedPipeStopsTheScanAtOnce) {
  TempDir folder;
  write_failing_lines(folder.path() / "many.jsonl", 200000);
  const std::string scan = std::string("'") + PORTCHECK_EXECUTABLE + "' --project '" + source_dir().string() +
                           "' scan --side python --structure WorkerResult --jobs 1 '" +
                           (folder.path() / "many.jsonl").string() + "'";
  // portcheck's own exit status and standard error, its output piped to
  // a reader that leaves at once.
  const auto piped = [&](const std::string& options, const std::string& reader) {
    const fs::path status = folder.path() / "status";
    const fs::path err = folder.path() / "err";
    shell("{ " + scan + " " + options + " 2> '" + err.string() + "'; echo $? > '" + status.string() + "'; } | " +
          reader);
    return std::make_pair(read_text(status), read_text(err));
  };
  // JSON is written at the end: only noticing the reader is gone stops it
  // before; text stops at the first failing document it cannot write.
  // Either way it ends quietly, with SIGPIPE's status.
  const auto [json_status, json_err] = piped("--format json", "true");
  EXPECT_EQ(json_status, "141\n") << json_err;
  EXPECT_EQ(json_err, "");
  const auto [text_status, text_err] = piped("--show 1000000", "head -c 1 > /dev/null");
  EXPECT_EQ(text_status, "141\n") << text_err;
  EXPECT_EQ(text_err, "");
}

// --jobs past any sane number, or below 1, is a clear usage error, never an
// abort from trying to start 100,000 threads.
TEST(ScanCommand, JobsOutOfRangeIsAUsageError) {
  for (const std::string jobs : {"100000", "-1", "0"}) {
    for (const std::string command : {"scan", "db-scan"}) {
      std::vector<std::string> arguments{command, "--side", "python", "--structure", "VcsInfo", "--jobs", jobs};
      if (command == "scan") arguments.emplace_back("fixtures/python/VcsInfo");
      else arguments.insert(arguments.end(), {"--dsn", "host=/nonexistent", "--query", "SELECT 1"});
      const CommandResult result = run_portcheck(arguments);
      EXPECT_EQ(result.exit_code, 2) << command << " --jobs " << jobs;
      EXPECT_NE(result.err.find("--jobs: Value " + jobs + " not in range 1 to 256"), std::string::npos) << result.err;
    }
  }
}

// scan, db-scan and validate of named files load only the side's schema of
// the structure they judge (and what its $refs reach): a broken schema of
// another structure does not stop them, one that they read does, and
// validate --all still checks every schema.
TEST(ScanCommand, ReadsOnlyTheSchemaOfTheStructureItJudges) {
  const TempDir project;
  copy_schemas(project.path());
  write_file(project.path() / "schemas/rust/ActiveRun.schema.json", "{\"type\": \"strin\"}\n");
  const std::string document = (source_dir() / "fixtures/python/WorkerResult/all-fields-set.json").string();
  const std::string root = project.path().string();
  const CommandResult scanned =
      run_portcheck({"--project", root, "scan", "--side", "python", "--structure", "WorkerResult", document});
  EXPECT_EQ(scanned.exit_code, 0) << scanned.out << scanned.err;
  EXPECT_NE(scanned.out.find("documents: 1, valid: 1"), std::string::npos) << scanned.out;
  const CommandResult validated =
      run_portcheck({"--project", root, "validate", "--side", "python", "--structure", "WorkerResult", document});
  EXPECT_EQ(validated.exit_code, 0) << validated.out << validated.err;
  for (const std::vector<std::string>& arguments :
       {std::vector<std::string>{"scan", "--side", "rust", "--structure", "ActiveRun", document},
        std::vector<std::string>{"validate", "--all"}}) {
    std::vector<std::string> with_project{"--project", root};
    with_project.insert(with_project.end(), arguments.begin(), arguments.end());
    const CommandResult broken = run_portcheck(with_project);
    EXPECT_EQ(broken.exit_code, 2) << arguments.front() << ": " << broken.out << broken.err;
    EXPECT_NE(broken.err.find("ActiveRun.schema.json"), std::string::npos) << broken.err;
  }
}

// What the chosen schema reaches is checked as a full load checks it: a
// broken $ref in an unused definition of a file it reads, patterns in two
// alternatives of another structure's schema that it refers to, or of a
// file of definitions, stop the scan as they stop validate --all.
TEST(ScanCommand, WhatTheChosenSchemaReachesIsCheckedAsInAFullLoad) {
  const std::string document = (source_dir() / "fixtures/rust/UploadedWorkerResult/with-files.json").string();
  const auto edited = [](const fs::path& root, const std::string& file, const char* pointer, const char* value) {
    rapidjson::Document schema;
    schema.Parse(read_text(root / file).c_str());
    rapidjson::Document replacement;
    replacement.Parse(value);
    rapidjson::Pointer(pointer).Set(schema, static_cast<const rapidjson::Value&>(replacement), schema.GetAllocator());
    write_file(root / file, compact(schema));
  };
  const TempDir unused_reference;
  copy_schemas(unused_reference.path());
  edited(unused_reference.path(), "schemas/rust/definitions.json", "/definitions/unused",
         R"({"$ref": "missing.json#/x"})");
  const TempDir two_patterns;
  copy_schemas(two_patterns.path());
  edited(two_patterns.path(), "schemas/rust/WorkerResult.schema.json", "/properties/code",
         R"({"anyOf": [{"type": "string", "pattern": "^a"}, {"type": "string", "pattern": "^b"}]})");
  const TempDir definitions;
  copy_schemas(definitions.path());
  edited(definitions.path(), "schemas/rust/definitions.json", "/definitions/tag",
         R"({"anyOf": [{"type": "string", "pattern": "^a"}, {"type": "string", "pattern": "^b"}]})");
  for (const fs::path& root : {unused_reference.path(), two_patterns.path(), definitions.path()}) {
    for (const std::vector<std::string>& arguments :
         {std::vector<std::string>{"scan", "--side", "rust", "--structure", "UploadedWorkerResult", document},
          std::vector<std::string>{"validate", "--side", "rust", "--structure", "UploadedWorkerResult", document},
          std::vector<std::string>{"validate", "--all"}}) {
      std::vector<std::string> with_project{"--project", root.string()};
      with_project.insert(with_project.end(), arguments.begin(), arguments.end());
      const CommandResult result = run_portcheck(with_project);
      EXPECT_EQ(result.exit_code, 2) << root << " " << arguments.front() << ": " << result.out << result.err;
      EXPECT_NE(result.err.find(root == unused_reference.path() ? "missing.json" : "patterns in 2 alternatives"),
                std::string::npos)
          << result.err;
    }
  }
}

// A document of another type than the structure's is unreadable by every
// reader that looks at it (the real readers' verdicts are checked against the
// upstream in CaptureFromSource); Python's GenericResult.from_json never looks.
TEST(ScanCommand, ANonObjectIsUnreadableUnlessTheReaderNeverLooks) {
  for (const std::string side : {"python", "rust"}) {
    for (const std::string document : {"[1]", "5", "\"x\"", "null"}) {
      const CommandResult scan = run_portcheck({"scan", "--side", side, "--structure", "WorkerResult", "-"}, source_dir(),
                                               document + "\n");
      EXPECT_EQ(scan.exit_code, 1) << side << " " << document;
      EXPECT_NE(scan.out.find("readable by the " + side + " reader: 0"), std::string::npos) << side << " " << document;
    }
  }
  const CommandResult generic = run_portcheck(
      {"scan", "--side", "python", "--structure", "GenericResult", "-"}, source_dir(), "null\n");
  EXPECT_NE(generic.out.find("readable by the python reader: 1"), std::string::npos) << generic.out;
}

// Every entry of a scanned folder named like a document is counted: a link
// loop, a broken link, a FIFO and a folder named x.json are unreadable
// documents, never skipped and never an internal error.
TEST(ScanCommand, AFolderWalkCountsEveryEntryNamedLikeADocument) {
  const TempDir folder;
  write_file(folder.path() / "sub/good.json", "{}\n");
  write_file(folder.path() / "dir.json/inner.json", "{}\n");
  std::filesystem::create_symlink("loop.json", folder.path() / "loop.json");
  std::filesystem::create_symlink("/nonexistent/portcheck", folder.path() / "broken.json");
  ASSERT_EQ(::mkfifo((folder.path() / "fifo.jsonl").c_str(), 0600), 0);
  const CommandResult scan = run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", folder.path().string()});
  EXPECT_EQ(scan.exit_code, 1) << scan.out << scan.err;
  EXPECT_NE(scan.out.find("documents: 5, valid: 1, readable by the python reader: 1, failing: 4"), std::string::npos)
      << scan.out << scan.err;
  for (const std::string expected : {"loop.json: error: unreadable-input at (root)\n    is a link loop",
                                     "broken.json: error: unreadable-input at (root)\n    is a link to nothing",
                                     "dir.json: error: unreadable-input at (root)\n    is a folder named like a document",
                                     "fifo.jsonl: error: unreadable-input at (root)\n    is not a regular file"}) {
    EXPECT_NE(scan.out.find(expected), std::string::npos) << expected << "\n" << scan.out;
  }
}

TEST(ScanPipeline, LongLinesAcrossReadsAndNoFinalNewline) {
  // A line longer than one read (4 MiB) and a last line without a newline.
  TempDir folder;
  const std::string big = "{\"branch_url\":\"" + std::string(9 << 20, 'x') + "\"}";
  write_file(folder.path() / "long.jsonl", "{}\n" + big + "\n{\"branch_url\": 1}");
  scan::SourceOptions options;
  options.paths = {folder.path() / "long.jsonl"};
  scan::DocumentSources sources(options);
  std::vector<std::pair<std::size_t, std::size_t>> seen;  // line, length
  scan::Batch batch;
  while (sources.next(batch)) {
    if (batch.finish_reading) batch.finish_reading(batch);
    for (const scan::Record& record : batch.records) {
      seen.emplace_back(record.line, record.length);
    }
    batch = scan::Batch();
  }
  const std::vector<std::pair<std::size_t, std::size_t>> expected{{1, 2}, {2, big.size()}, {3, 17}};
  EXPECT_EQ(seen, expected);
}

/// The records a reader of the whole text would make: every line in order
/// with its number, blank lines left out, a last line without its newline
/// kept.
std::vector<std::pair<std::size_t, std::string>> lines_of(const std::string& text) {
  std::vector<std::pair<std::size_t, std::string>> lines;
  std::size_t start = 0;
  std::size_t number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++number;
    const std::string line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string::npos) lines.emplace_back(number, line);
    start = end + 1;
  }
  return lines;
}

/// JSON Lines texts whose lines fall on every place a block can end: short
/// and long lines, blank ones, a carriage return, no final newline, nothing
/// but newlines.
std::vector<std::string> lines_texts() {
  std::vector<std::string> texts{"", "\n", "\n\n\n", "{}", "{}\n", "\n{}", "{}\n\n{}\r\n \t\n[1]", "x"};
  std::mt19937 random(20261204);
  for (int text = 0; text < 40; ++text) {
    std::string made;
    const int lines = 1 + static_cast<int>(random() % 30);
    for (int line = 0; line < lines; ++line) {
      const std::size_t length = random() % 4 == 0 ? random() % 200 : random() % 6;
      for (std::size_t index = 0; index < length; ++index) made += static_cast<char>('a' + random() % 3);
      if (random() % 5 == 0) made += "\r";
      if (line + 1 < lines || random() % 2 == 0) made += "\n";
    }
    texts.push_back(made);
  }
  return texts;
}

/// Each line number and document of a JSON Lines file as scan reads it, in
/// blocks of `block` bytes by `jobs` workers.
std::vector<std::pair<std::size_t, std::string>> records_of_lines_file(const fs::path& file, std::size_t block,
                                                                       std::size_t jobs, const scan::Judge& judge) {
  scan::SourceOptions options;
  options.paths = {file};
  options.batch_bytes = block;
  scan::DocumentSources sources(options);
  std::vector<std::pair<std::size_t, std::string>> seen;
  scan::run_pipeline(
      jobs, [&](scan::Batch& batch) { return sources.next(batch); }, judge,
      [&](scan::Batch& batch) {
        for (const scan::Record& record : batch.records) {
          EXPECT_EQ(batch.origins[record.origin], file.string());
          seen.emplace_back(record.line, std::string(batch.view(record)));
        }
      });
  return seen;
}

// A JSON Lines file read in blocks, by any number of workers at once, makes
// the records a reader of the whole text makes: each line once, in order,
// with its number, whatever the block size.
TEST(ScanSources, BlocksOfAJsonLinesFileMakeTheRecordsOfItsWholeText) {
  const TempDir folder;
  const scan::Judge judge(project_schemas(), "python", "VcsInfo", scan::Strictness::schema);
  std::size_t checked = 0;
  for (const std::string& text : lines_texts()) {
    write_file(folder.path() / "lines.jsonl", text);
    const auto expected = lines_of(text);
    for (const std::size_t block : {1, 2, 3, 5, 8, 64, 100000}) {
      for (const std::size_t jobs : {1, 2, 3}) {
        EXPECT_EQ(records_of_lines_file(folder.path() / "lines.jsonl", block, jobs, judge), expected)
            << "block " << block << ", jobs " << jobs << ", text:\n"
            << text;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 48U * 7U * 3U);
}

/// The bytes this process has asked the kernel to read so far (read(2),
/// pread(2) and the like: /proc's rchar).
std::uint64_t bytes_read_so_far() {
  std::ifstream io("/proc/self/io");
  std::string field;
  std::uint64_t value = 0;
  while (io >> field >> value) {
    if (field == "rchar:") return value;
  }
  return 0;
}

// A line that runs past the end of its block is read on from the next one,
// first a little, then doubling: lines far longer than that first read
// (16 KiB) come out whole, with their numbers, whatever the block size; and
// a file of short lines is read about once, not once more for each
// block's last line (each block read its own bytes and then a whole block
// past them: twice the file).
TEST(ScanSources, LinesRunningPastTheirBlockAreReadOnWithoutReadingTheFileTwice) {
  const TempDir folder;
  const scan::Judge judge(project_schemas(), "python", "VcsInfo", scan::Strictness::schema);
  std::string text;
  for (const std::size_t length : {10, 40000, 3, 16383, 16384, 16385, 100000, 7, 250000, 1}) {
    text += std::string(length, 'a') + "\n";
  }
  write_file(folder.path() / "long.jsonl", text);
  const auto expected = lines_of(text);
  for (const std::size_t block : {1, 1000, 16384, 65536, 1 << 20}) {
    for (const std::size_t jobs : {1, 2}) {
      EXPECT_EQ(records_of_lines_file(folder.path() / "long.jsonl", block, jobs, judge), expected)
          << "block " << block << ", jobs " << jobs;
    }
  }

  // 8 MB of 1,000-byte lines in the default blocks (of 256 KiB: most
  // blocks end within a line).
  std::string lines;
  while (lines.size() < 8000000) lines += "{\"x\": \"" + std::string(990, 'b') + "\"}\n";
  write_file(folder.path() / "short.jsonl", lines);
  scan::SourceOptions options;
  options.paths = {folder.path() / "short.jsonl"};
  scan::DocumentSources sources(options);
  std::size_t records = 0;
  const std::uint64_t before = bytes_read_so_far();
  scan::run_pipeline(
      1, [&](scan::Batch& batch) { return sources.next(batch); }, judge,
      [&](scan::Batch& batch) { records += batch.records.size(); });
  const std::uint64_t read = bytes_read_so_far() - before;
  EXPECT_EQ(records, lines.size() / 1000);
  EXPECT_GE(read, lines.size());
  EXPECT_LT(static_cast<double>(read), 1.1 * static_cast<double>(lines.size())) << read << " bytes read";
}

// Whole files, JSON Lines files and entries that cannot be read, mixed in a
// folder, come out in name order for any block size and number of jobs.
TEST(ScanSources, AFolderOfMixedEntriesKeepsItsOrder) {
  const TempDir folder;
  write_file(folder.path() / "a.json", "{\"a\": 1}");
  write_file(folder.path() / "b.jsonl", "{\"b\": 1}\n\n{\"b\": 3}\n");
  std::filesystem::create_symlink("/nonexistent/portcheck", folder.path() / "c.json");
  write_file(folder.path() / "d.jsonl", "");
  write_file(folder.path() / "e.json", "{\"e\": 1}");
  write_file(folder.path() / "f.jsonl", "{\"f\": 1}");
  // A link to a folder is not walked through (links can loop), and is
  // named rather than passed over.
  const TempDir elsewhere;
  write_file(elsewhere.path() / "h.json", "{\"h\": 1}");
  std::filesystem::create_directory_symlink(elsewhere.path(), folder.path() / "g");
  const scan::Judge judge(project_schemas(), "python", "VcsInfo", scan::Strictness::schema);
  const std::vector<std::string> expected{
      "a.json:0 {\"a\": 1}",
      "b.jsonl:1 {\"b\": 1}",
      "b.jsonl:3 {\"b\": 3}",
      "c.json:0 is a link to nothing",
      "e.json:0 {\"e\": 1}",
      "f.jsonl:1 {\"f\": 1}",
      "g:0 is a link to a folder, which scan does not follow: give the folder itself"};
  for (const std::size_t block : {1, 4, 9, 1000}) {
    for (const std::size_t jobs : {1, 2}) {
      scan::SourceOptions options;
      options.paths = {folder.path()};
      options.batch_bytes = block;
      scan::DocumentSources sources(options);
      std::vector<std::string> seen;
      scan::run_pipeline(
          jobs, [&](scan::Batch& batch) { return sources.next(batch); }, judge,
          [&](scan::Batch& batch) {
            for (const scan::Record& record : batch.records) {
              const std::string what = record.unreadable > 0 ? batch.unreadable[record.unreadable - 1]
                                                             : std::string(batch.view(record));
              seen.push_back(fs::path(batch.origins[record.origin]).filename().string() + ":" +
                             std::to_string(record.line) + " " + what);
            }
          });
      EXPECT_EQ(seen, expected) << "block " << block << ", jobs " << jobs;
    }
  }
}

// A line longer than portcheck reads is an error naming its line, wherever
// it starts and ends among the blocks; a line of exactly the bound is read.
TEST(ScanSources, ALineLongerThanTheBoundNamesItsLine) {
  const TempDir folder;
  const scan::Judge judge(project_schemas(), "python", "VcsInfo", scan::Strictness::schema);
  // Two lines too long: the first in reading order is named, whichever
  // worker meets its own first.
  const std::string text =
      "{}\n\n" + std::string(10, 'x') + "\n" + std::string(11, 'y') + "\n{}\n\n" + std::string(12, 'z') + "\n";
  write_file(folder.path() / "long.jsonl", text);
  for (const std::size_t block : {1, 3, 4, 7, 64}) {
    for (const std::size_t jobs : {1, 2, 3, 1, 2, 3}) {
      scan::SourceOptions options;
      options.paths = {folder.path() / "long.jsonl"};
      options.batch_bytes = block;
      options.max_line_bytes = 10;
      scan::DocumentSources sources(options);
      std::string message;
      try {
        scan::run_pipeline(jobs, [&](scan::Batch& batch) { return sources.next(batch); }, judge, [](scan::Batch&) {});
      } catch (const Error& error) {
        message = error.describe();
      }
      EXPECT_EQ(message, (folder.path() / "long.jsonl").string() + ": line 4 is longer than portcheck reads (10 bytes)")
          << "block " << block << ", jobs " << jobs;
    }
  }
  // Standard input, read as a stream, is held to the same bound.
  write_file(folder.path() / "input", text);
  const int saved = ::dup(STDIN_FILENO);
  const int input = ::open((folder.path() / "input").c_str(), O_RDONLY);
  ASSERT_GE(input, 0);
  ::dup2(input, STDIN_FILENO);
  ::close(input);
  std::clearerr(stdin);
  std::string message;
  try {
    scan::SourceOptions options;
    options.paths = {"-"};
    options.max_line_bytes = 10;
    scan::DocumentSources sources(options);
    scan::run_pipeline(2, [&](scan::Batch& batch) { return sources.next(batch); }, judge, [](scan::Batch&) {});
  } catch (const Error& error) {
    message = error.describe();
  }
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  std::clearerr(stdin);
  EXPECT_EQ(message, "(standard input): line 4 is longer than portcheck reads (10 bytes)");
}

// A batch whose reading fails before it reaches its last pieces (here a
// line too long in the last block of one file, before the first block of
// the next) lets the later blocks of that next file fail with it: they
// never wait for line numbers that will never come.
TEST(ScanSources, ABatchThatFailsLetsTheBlocksAfterItsUnreadPiecesFail) {
  const TempDir folder;
  write_file(folder.path() / "x.jsonl", "{}\n{}\n{}\n{}\n{}\n\n[" + std::string(10, ' ') + "]\n");
  std::string y;
  for (int line = 0; line < 13; ++line) y += "{}\n";
  write_file(folder.path() / "y.jsonl", y + "\n");
  scan::SourceOptions options;
  options.paths = {folder.path() / "x.jsonl", folder.path() / "y.jsonl"};
  options.batch_bytes = 16;
  options.max_line_bytes = 10;
  scan::DocumentSources sources(options);
  std::vector<scan::Batch> batches(3);  // x's first block; x's second and y's first; y's second
  for (scan::Batch& batch : batches) ASSERT_TRUE(sources.next(batch));
  ASSERT_EQ(batches[1].origins.size(), 2U);
  batches[0].finish_reading(batches[0]);
  EXPECT_EQ(batches[0].records.size(), 5U);
  const std::string too_long = (folder.path() / "x.jsonl").string() + ": line 7 is longer than portcheck reads (10 bytes)";
  for (const std::size_t index : {1, 2}) {
    // In a thread of its own: were it to wait forever, the test fails
    // rather than hang.
    auto finished = std::make_shared<std::promise<std::string>>();
    std::thread([finished, &batch = batches[index]] {
      try {
        batch.finish_reading(batch);
        finished->set_value("");
      } catch (const Error& error) {
        finished->set_value(error.describe());
      }
    }).detach();
    auto result = finished->get_future();
    if (result.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
      std::cerr << "batch " << index << " waits forever for the line numbers of an unread block\n";
      std::abort();
    }
    EXPECT_EQ(result.get(), too_long) << "batch " << index;
  }
}

/// Runs a pipeline of `count` empty batches numbered by their `progress`,
/// where reading batch `failing_read` fails (in its finish_reading, at once,
/// while the batch before it is still read), planning batch
/// `failing_plan` fails, and reporting batch `failing_output` fails (as a
/// closed pipe does); the others take a random moment to read. Returns the
/// batches reported, in order, and the message of the error rethrown.
std::pair<std::vector<std::size_t>, std::string> run_failing_pipeline(std::size_t jobs, std::size_t count,
                                                                      std::size_t failing_read,
                                                                      std::size_t failing_plan,
                                                                      std::size_t failing_output, unsigned seed) {
  static const scan::Judge judge(project_schemas(), "python", "VcsInfo", scan::Strictness::schema);
  std::size_t planned = 0;
  std::mt19937 random(seed);
  std::vector<std::size_t> reported;
  std::string message;
  try {
    scan::run_pipeline(
        jobs,
        [&](scan::Batch& batch) {
          if (planned == count) return false;
          if (planned == failing_plan) throw Error("cannot plan batch " + std::to_string(planned));
          batch.progress = planned;
          // The batch before the failing one reads slowly, so that with two
          // workers or more the failure comes first in time.
          const auto pause = std::chrono::microseconds(planned + 1 == failing_read ? 2000
                                                       : planned == failing_read   ? 0
                                                                                   : random() % 300);
          batch.finish_reading = [pause, failing_read](scan::Batch& read) {
            std::this_thread::sleep_for(pause);
            if (read.progress == failing_read) throw Error("cannot read batch " + std::to_string(read.progress));
          };
          ++planned;
          return true;
        },
        judge,
        [&](scan::Batch& batch) {
          if (batch.progress == failing_output) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the workers plan and read on
            throw std::runtime_error("the output is closed");
          }
          reported.push_back(batch.progress);
        });
  } catch (const Error& error) {
    message = error.describe();
  } catch (const std::runtime_error& error) {
    message = error.what();
  }
  return {reported, message};
}

std::vector<std::size_t> numbers_below(std::size_t end) {
  std::vector<std::size_t> numbers(end);
  for (std::size_t index = 0; index < end; ++index) numbers[index] = index;
  return numbers;
}

// Reading a batch fails: every batch before it is still reported, none
// after it, and its error is the one given, for any number of workers, as
// one worker does (batches judged before it in time but after it in order
// were once dropped with the ones before it: the text output lost failing
// documents that one job prints).
TEST(ScanPipeline, EveryBatchBeforeTheFirstThatFailsIsReported) {
  constexpr std::size_t kNever = std::numeric_limits<std::size_t>::max();
  for (const std::size_t jobs : {1, 2, 3, 8}) {
    for (unsigned round = 0; round < 10; ++round) {
      const auto [reported, message] = run_failing_pipeline(jobs, 120, 37, kNever, kNever, round);
      EXPECT_EQ(reported, numbers_below(37)) << "jobs " << jobs << ", round " << round;
      EXPECT_EQ(message, "cannot read batch 37") << "jobs " << jobs << ", round " << round;
    }
    // A later batch that cannot be planned, met first in time, changes
    // neither.
    for (unsigned round = 0; round < 5; ++round) {
      const auto [reported, message] = run_failing_pipeline(jobs, 120, 37, 40, kNever, round);
      EXPECT_EQ(reported, numbers_below(37)) << "jobs " << jobs << ", round " << round;
      EXPECT_EQ(message, "cannot read batch 37") << "jobs " << jobs << ", round " << round;
    }
  }
}

// The output fails (a closed pipe) at a batch before one whose reading or
// planning fails: the output's error is the one given, as with one job,
// which never reaches the later batch (a planning error met first in time
// once turned a closed pipe's quiet end into an input error).
TEST(ScanPipeline, OutputThatFailsFirstInOrderIsTheErrorGiven) {
  constexpr std::size_t kNever = std::numeric_limits<std::size_t>::max();
  for (const std::size_t jobs : {1, 2, 3, 8}) {
    for (unsigned round = 0; round < 5; ++round) {
      for (const auto& [failing_read, failing_plan] :
           std::vector<std::pair<std::size_t, std::size_t>>{{kNever, 6}, {6, kNever}}) {
        const auto [reported, message] = run_failing_pipeline(jobs, 120, failing_read, failing_plan, 3, round);
        EXPECT_EQ(reported, numbers_below(3)) << "jobs " << jobs << ", round " << round;
        EXPECT_EQ(message, "the output is closed") << "jobs " << jobs << ", round " << round;
      }
    }
  }
}

// The bound of the README holds on a file: a line of 1 GiB and one byte
// (a sparse file, nothing on disk) is refused, not read.
TEST(ScanSources, AJsonLinesLineOverOneGibibyteIsRefused) {
  const TempDir folder;
  const fs::path huge = folder.path() / "huge.jsonl";
  write_file(huge, "{}\n");
  fs::resize_file(huge, 3 + (std::uintmax_t{1} << 30) + 1);
  const CommandResult scan = run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", huge.string()});
  EXPECT_EQ(scan.exit_code, 2);
  EXPECT_EQ(scan.out, "");
  EXPECT_NE(scan.err.find("huge.jsonl: line 2 is longer than portcheck reads (1073741824 bytes)"), std::string::npos)
      << scan.err;
}

// A folder of many small JSON Lines files needs no open file per file in
// flight: scanned with 64 descriptors allowed, every document is read.
TEST(ScanSources, ManySmallJsonLinesFilesNeedFewOpenFiles) {
  const TempDir folder;
  for (int file = 0; file < 3000; ++file) write_file(folder.path() / ("f" + std::to_string(file) + ".jsonl"), "{}\n");
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit lowered = saved;
  lowered.rlim_cur = 64;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
  const CommandResult scan =
      run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", "--jobs", "4", folder.path().string()});
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &saved), 0);
  EXPECT_EQ(scan.exit_code, 0) << scan.out << scan.err;
  EXPECT_NE(scan.out.find("documents: 3000, valid: 3000"), std::string::npos) << scan.out << scan.err;
}

// A folder inside the scanned one that cannot be listed stops the scan
// naming that folder, not the one the walk started from. (Run as nobody
// when the suite runs as root, whom permissions do not stop.)
TEST(ScanSources, AFolderThatCannotBeListedIsNamed) {
  const TempDir project;
  copy_schemas(project.path());
  write_file(project.path() / "data/a.json", "{}");
  write_file(project.path() / "data/locked/b.json", "{}");
  fs::permissions(project.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                      fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(project.path() / "data/locked", fs::perms::none);
  std::string command = "cd '" + project.path().string() + "' && ";
  if (::geteuid() == 0) command += "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  command += std::string("'") + PORTCHECK_EXECUTABLE + "' scan --side python --structure VcsInfo data";
  const CommandResult scan = shell(command);
  fs::permissions(project.path() / "data/locked", fs::perms::owner_all);
  EXPECT_EQ(scan.exit_code, 2) << scan.out;
  EXPECT_NE(scan.out.find("portcheck: error: data/locked: cannot list the folder: Permission denied"),
            std::string::npos)
      << scan.out;
}

// A file of /proc or /sys says a size (0, or a page) that is not what it
// holds: read by it, the file would pass as empty, or be judged in part (a
// short read of a /sys file was an error that ended the whole scan, said to
// be a file that changed). It is unreadable, whatever its name, and the scan
// goes on.
TEST(ScanSources, AFileOfProcOrSysIsUnreadableWhateverItsName) {
  const std::string message = "is a file of /proc or /sys, whose size is not what it holds: give it on standard input";
  const CommandResult scan =
      run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", "--jsonl", "/proc/self/status"});
  EXPECT_EQ(scan.exit_code, 1) << scan.out << scan.err;
  EXPECT_NE(scan.out.find("documents: 1, valid: 0"), std::string::npos) << scan.out;
  EXPECT_NE(scan.out.find(message), std::string::npos) << scan.out;
  // Read as one document, the same.
  const CommandResult whole = run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", "/proc/self/status"});
  EXPECT_EQ(whole.exit_code, 1) << whole.out << whole.err;
  EXPECT_NE(whole.out.find(message), std::string::npos) << whole.out;
  // A file of /sys says it is a page long: links to two of them named as a
  // JSON Lines file and as a document (two files: one would be read once),
  // beside a valid document.
  const fs::path sys_file = "/sys/devices/system/cpu/online";
  const fs::path other_sys_file = "/sys/devices/system/cpu/possible";
  for (const fs::path& file : {sys_file, other_sys_file}) {
    ASSERT_TRUE(fs::is_regular_file(file)) << "this test needs " << file;
    ASSERT_GT(fs::file_size(file), 0U);
  }
  const TempDir folder;
  fs::create_symlink(sys_file, folder.path() / "online.jsonl");
  fs::create_symlink(other_sys_file, folder.path() / "online.json");
  fs::copy_file(source_dir() / "fixtures/python/VcsInfo/all-keys-set.json", folder.path() / "valid.json");
  const CommandResult sys =
      run_portcheck({"scan", "--side", "python", "--structure", "VcsInfo", "--jobs", "2", folder.path().string()});
  EXPECT_EQ(sys.exit_code, 1) << sys.out << sys.err;
  EXPECT_NE(sys.out.find("documents: 3, valid: 1"), std::string::npos) << sys.out;
  EXPECT_NE(
      sys.out.find((folder.path() / "online.jsonl").string() + ": error: unreadable-input at (root)\n    " + message),
      std::string::npos)
      << sys.out;
  EXPECT_NE(
      sys.out.find((folder.path() / "online.json").string() + ": error: unreadable-input at (root)\n    " + message),
      std::string::npos)
      << sys.out;
}

// Standard input that cannot be read says why.
TEST(ScanSources, StandardInputThatCannotBeReadSaysWhy) {
  const std::string scan = std::string("'") + PORTCHECK_EXECUTABLE + "' --project '" + source_dir().string() +
                           "' scan --side python --structure VcsInfo - ";
  const CommandResult folder = shell(scan + "< /tmp");
  EXPECT_EQ(folder.exit_code, 2) << folder.out;
  EXPECT_NE(folder.out.find("(standard input): cannot read it: Is a directory"), std::string::npos) << folder.out;
  const TempDir scratch;
  const CommandResult write_only = shell(scan + "0> '" + (scratch.path() / "x").string() + "'");
  EXPECT_EQ(write_only.exit_code, 2) << write_only.out;
  EXPECT_NE(write_only.out.find("(standard input): cannot read it: Bad file descriptor"), std::string::npos)
      << write_only.out;
}

// A JSON Lines file that changes after it was planned (cut short, another
// file renamed over it, rewritten in place, appended to) is an error, not
// records made of parts of two files: every block checks it is reading the
// file that was planned, unchanged.
TEST(ScanSources, AJsonLinesFileThatChangesWhileReadIsAnError) {
  const TempDir folder;
  const fs::path path = folder.path() / "lines.jsonl";
  std::string text;
  for (int line = 0; line < 100; ++line) text += "{\"line\": " + std::to_string(line) + "}\n";
  const std::vector<std::pair<std::string, std::function<void()>>> changes{
      {"cut short", [&] { fs::resize_file(path, 130); }},
      {"renamed over", [&] {
         write_file(folder.path() / "other", text);
         fs::rename(folder.path() / "other", path);
       }},
      {"rewritten in place", [&] {
         std::string rewritten = text;
         rewritten[1] = ' ';
         std::ofstream(path, std::ios::in | std::ios::out | std::ios::binary) << rewritten;
         fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(1));
       }},
      {"appended to", [&] { std::ofstream(path, std::ios::app) << "{}\n"; }},
      {"gone", [&] { fs::remove(path); }},
  };
  // What the system said, when it said something.
  const std::map<std::string, std::string> reasons{{"gone", "No such file or directory"}};
  for (const auto& [change, make] : changes) {
    write_file(path, text);
    scan::SourceOptions options;
    options.paths = {path};
    options.batch_bytes = 64;
    scan::DocumentSources sources(options);
    std::vector<scan::Batch> batches(3);
    for (scan::Batch& batch : batches) ASSERT_TRUE(sources.next(batch)) << change;
    make();
    for (scan::Batch& batch : batches) {
      std::string message;
      try {
        batch.finish_reading(batch);
      } catch (const Error& error) {
        message = error.describe();
      }
      const auto reason = reasons.find(change);
      EXPECT_EQ(message, path.string() + ": cannot read the file" +
                             (reason == reasons.end() ? "" : ": " + reason->second) +
                             " (did it change while being read?)")
          << change;
    }
  }
}

}  // namespace
}  // namespace portcheck::test
