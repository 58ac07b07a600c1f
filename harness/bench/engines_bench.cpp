// In-process throughput of the engines `portcheck scan` is measured against,
// on one JSON Lines corpus, one core: RapidJSON's DOM parse alone, simdjson's
// DOM parse with every value visited (the ceiling of a fast path on it),
// simdjson's On-Demand front end with every value read and every object's
// keys checked for duplicates (the ceiling of a plan judged as the document
// is parsed, which reads each value once instead of parsing then walking),
// valijson (over RapidJSON, with the project's compiled schema), portcheck's
// exact path (positioned strict loader, valijson, reader rules, decoding:
// what every document took before the compiled plan) and its fast path (the
// compiled plan, over simdjson as scan reads, and over RapidJSON alone).
// Prints "engine<TAB>documents per second" (median of --runs), for
// harness/bench/compare_engines.sh.
//
// usage: engines_bench PROJECT SIDE STRUCTURE CORPUS.jsonl [RUNS]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <simdjson.h>
#include <valijson/schema.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "json/error.hpp"
#include "json/rapidjson.hpp"
#include "scan/fast_reader.hpp"
#include "scan/judge.hpp"
#include "schema/schema_set.hpp"

namespace {

/// Every value of a simdjson element, visited once (so that the parse is
/// not all that is measured): the number of values.
std::size_t visit(simdjson::dom::element element) {
  std::size_t values = 1;
  if (element.is_array()) {
    const simdjson::dom::array elements = element.get_array().value_unsafe();
    for (const simdjson::dom::element child : elements) values += visit(child);
  } else if (element.is_object()) {
    const simdjson::dom::object members = element.get_object().value_unsafe();
    for (const simdjson::dom::key_value_pair member : members) {
      values += visit(member.value);
    }
  }
  return values;
}

/// Every value of an On-Demand value read once, as a strict reader judging
/// while it parses must read it: numbers and strings converted (On-Demand
/// checks a value only when it is read), each object's keys compared for
/// duplicates as they come (the fast reader's pairwise rule, without its
/// hashes). `keys` holds the keys of the objects open above. The number of
/// values, or 0 when the document is refused. Content after the root value
/// is not looked for (simdjson 3.0.1's On-Demand document cannot say where
/// it ends), which flatters this ceiling a little.
std::size_t visit(simdjson::ondemand::value value, std::vector<std::string_view>& keys, std::size_t depth) {
  constexpr std::size_t kMaxDepth = 512;  // the strict loader's nesting limit
  simdjson::ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return 0;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      if (depth >= kMaxDepth) return 0;
      simdjson::ondemand::object members;
      if (value.get_object().get(members) != simdjson::SUCCESS) return 0;
      const std::size_t first = keys.size();
      std::size_t values = 1;
      for (auto field : members) {
        simdjson::ondemand::field member;
        std::string_view key;
        if (std::move(field).get(member) != simdjson::SUCCESS || member.unescaped_key().get(key) != simdjson::SUCCESS) {
          return 0;
        }
        for (std::size_t other = first; other < keys.size(); ++other) {
          if (keys[other] == key) return 0;
        }
        keys.push_back(key);
        const std::size_t below = visit(member.value(), keys, depth + 1);
        if (below == 0) return 0;
        values += below;
      }
      keys.resize(first);
      return values;
    }
    case simdjson::ondemand::json_type::array: {
      if (depth >= kMaxDepth) return 0;
      simdjson::ondemand::array elements;
      if (value.get_array().get(elements) != simdjson::SUCCESS) return 0;
      std::size_t values = 1;
      for (auto element : elements) {
        simdjson::ondemand::value item;
        if (std::move(element).get(item) != simdjson::SUCCESS) return 0;
        const std::size_t below = visit(item, keys, depth + 1);
        if (below == 0) return 0;
        values += below;
      }
      return values;
    }
    case simdjson::ondemand::json_type::number: {
      simdjson::ondemand::number number;
      return value.get_number().get(number) == simdjson::SUCCESS ? 1 : 0;
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view text;
      return value.get_string().get(text) == simdjson::SUCCESS ? 1 : 0;
    }
    case simdjson::ondemand::json_type::boolean: {
      bool flag = false;
      return value.get_bool().get(flag) == simdjson::SUCCESS ? 1 : 0;
    }
    case simdjson::ondemand::json_type::null: {
      bool null = false;
      return value.is_null().get(null) == simdjson::SUCCESS && null ? 1 : 0;
    }
  }
  return 0;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

double median_rate(std::size_t documents, int runs, const std::function<std::size_t()>& body) {
  std::vector<double> rates;
  for (int run = 0; run < runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const std::size_t passed = body();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (passed > documents) std::abort();  // keeps the work observable
    rates.push_back(static_cast<double>(documents) / seconds);
  }
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: engines_bench PROJECT SIDE STRUCTURE CORPUS.jsonl [RUNS]\n";
    return 2;
  }
  try {
    const std::string project = argv[1];
    const std::string side = argv[2];
    const std::string structure = argv[3];
    const std::vector<std::string> lines = read_lines(argv[4]);
    const int runs = argc > 5 ? std::stoi(argv[5]) : 3;
    const auto schemas = portcheck::schema::SchemaSet::load(project + "/schemas");
    const auto& schema = schemas.get_json(side, structure);
    const portcheck::scan::Judge judge(schemas, side, structure, portcheck::scan::Strictness::schema);
    const std::size_t count = lines.size();

    const auto report = [](const char* engine, double rate) { std::printf("%s\t%.0f\n", engine, rate); };
    report("rapidjson-parse", median_rate(count, runs, [&] {
             std::size_t parsed = 0;
             for (const std::string& line : lines) {
               rapidjson::Document document;
               document.Parse(line.c_str(), line.size());
               parsed += document.HasParseError() ? 0 : 1;
             }
             return parsed;
           }));
    report("simdjson-parse", median_rate(count, runs, [&] {
             std::size_t parsed = 0;
             simdjson::dom::parser parser;
             for (const std::string& line : lines) {
               simdjson::dom::element root;
               if (parser.parse(line).get(root) == simdjson::SUCCESS && visit(root) > 0) ++parsed;
             }
             return parsed;
           }));
    // On-Demand is compiled into the caller for the one kernel its compiler
    // flags allow (simdjson's builtin implementation), where the DOM parser
    // picks the machine's best at run time: a portable build gets the
    // scalar fallback. CMake builds this file twice, portable and for
    // Haswell's instructions (AVX2), which compare_engines.sh runs where the
    // machine has them.
    const std::string ondemand =
        std::string("simdjson-ondemand-walk-") + SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION);
    report(ondemand.c_str(), median_rate(count, runs, [&] {
             std::size_t parsed = 0;
             simdjson::ondemand::parser parser;
             // Copied into one padded buffer, as the DOM parser above copies
             // each line into its own.
             std::vector<char> buffer;
             std::vector<std::string_view> keys;
             for (const std::string& line : lines) {
               buffer.resize(line.size() + simdjson::SIMDJSON_PADDING);
               std::copy(line.begin(), line.end(), buffer.begin());
               simdjson::ondemand::document document;
               if (parser.iterate(buffer.data(), line.size(), buffer.size()).get(document) != simdjson::SUCCESS)
                 continue;
               simdjson::ondemand::value root;
               keys.clear();
               if (document.get_value().get(root) == simdjson::SUCCESS && visit(root, keys, 0) > 0) ++parsed;
             }
             return parsed;
           }));
    report("valijson", median_rate(count, runs, [&] {
             std::size_t valid = 0;
             valijson::Validator validator;
             for (const std::string& line : lines) {
               rapidjson::Document document;
               document.Parse(line.c_str(), line.size());
               if (document.HasParseError()) continue;
               const valijson::adapters::RapidJsonAdapter target(document);
               valid += validator.validate(schema.compiled(), target, nullptr) ? 1 : 0;
             }
             return valid;
           }));
    report("portcheck-exact-path", median_rate(count, runs, [&] {
             std::size_t passed = 0;
             for (const std::string& line : lines) passed += judge.judge_exactly(line, "line").passed ? 1 : 0;
             return passed;
           }));
    report("portcheck-fast-path", median_rate(count, runs, [&] {
             std::size_t passed = 0;
             portcheck::scan::FastReader reader(portcheck::scan::FastEngine::simdjson);
             for (const std::string& line : lines) passed += judge.accepts_fast(line, reader) ? 1 : 0;
             return passed;
           }));
    report("portcheck-fast-path-rapidjson", median_rate(count, runs, [&] {
             std::size_t passed = 0;
             portcheck::scan::FastReader reader(portcheck::scan::FastEngine::rapidjson);
             // std::string keeps a NUL after its text, as scan's records do.
             for (const std::string& line : lines) passed += judge.accepts_fast(line, reader) ? 1 : 0;
             return passed;
           }));
  } catch (const portcheck::Error& error) {
    std::cerr << "engines_bench: " << error.describe() << "\n";
    return 2;
  }
  return 0;
}
