// In-process throughput of the engines `portcheck scan` is measured against,
// on one JSON Lines corpus, one core: RapidJSON's DOM parse alone, simdjson's
// DOM parse with every value visited (the ceiling of a fast path on it),
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
