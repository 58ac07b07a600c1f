// Loader throughput against a named baseline in the same run: rapidjson's own
// DOM parse (no positions, no duplicate-key or depth checks) of the same text.
// Compare BM_StrictLoad to BM_RapidjsonBaseline; the ratio is the price of
// the checks and of line/column/pointer tracking.

#include <benchmark/benchmark.h>

#include "json/document.hpp"

namespace {

const std::string& input() {
  static const std::string text = portcheck::json::read_file(PORTCHECK_BENCH_INPUT);
  return text;
}

void BM_RapidjsonBaseline(benchmark::State& state) {
  for (auto _ : state) {
    rapidjson::Document document;
    document.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseFullPrecisionFlag>(input().c_str());
    benchmark::DoNotOptimize(document.IsObject());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input().size()));
}

void BM_StrictLoad(benchmark::State& state) {
  for (auto _ : state) {
    const portcheck::json::Document document = portcheck::json::parse(input(), "bench.json");
    benchmark::DoNotOptimize(document.root().IsObject());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input().size()));
}

BENCHMARK(BM_RapidjsonBaseline);
BENCHMARK(BM_StrictLoad);

}  // namespace

BENCHMARK_MAIN();
