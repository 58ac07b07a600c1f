// The compiled plan against the exact path (differential): scan and db-scan
// let a document pass on the plan alone, so the plan must never accept what
// the exact path refuses, for either strictness. The reverse (the plan
// rejects what the exact path accepts) costs only time, since a rejected
// document takes the exact path anyway; it is held too, as the unit test's
// agreement does, because it means the plan misreads the schema.
// The leading byte picks the schema; the fast reader must not take a text the
// strict loader refuses. The fast reader on simdjson (as scan reads) and on
// RapidJSON alone must take the same texts and the plan give the same verdict.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "codec/codec.hpp"
#include "fuzz_support.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "scan/fast_reader.hpp"
#include "scan/judge.hpp"
#include "scan/plan.hpp"
#include "schema/validator.hpp"

namespace {

/// Every schema of every side, in the manifest's order (as seeds.py counts
/// them); the judges only where the side has a JSON form of the structure.
struct Target {
  const portcheck::schema::StructureSchema* schema;
  std::unique_ptr<portcheck::scan::Judge> by_schema;
  std::unique_ptr<portcheck::scan::Judge> by_reader;
};

const std::vector<std::unique_ptr<Target>>& targets() {
  static const std::vector<std::unique_ptr<Target>> all = [] {
    const portcheck::schema::SchemaSet& schemas = portcheck::fuzz::project_schemas();
    std::vector<std::unique_ptr<Target>> made;
    for (const portcheck::schema::Structure& structure : schemas.manifest().structures) {
      for (const std::string& side : structure.sides) {
        const auto* schema = schemas.find(side, structure.name);
        if (schema == nullptr) continue;
        auto target = std::make_unique<Target>(Target{schema, nullptr, nullptr});
        try {
          target->by_schema = std::make_unique<portcheck::scan::Judge>(schemas, side, structure.name,
                                                                       portcheck::scan::Strictness::schema);
          target->by_reader = std::make_unique<portcheck::scan::Judge>(schemas, side, structure.name,
                                                                       portcheck::scan::Strictness::reader);
        } catch (const portcheck::Error&) {
          // No JSON form on this side (scan refuses it the same way).
        }
        made.push_back(std::move(target));
      }
    }
    return made;
  }();
  return all;
}

[[noreturn]] void disagree(const char* what, const portcheck::schema::StructureSchema& schema) {
  std::fprintf(stderr, "plan_fuzz: %s (%s %s)\n", what, schema.side().c_str(), schema.structure().c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const portcheck::schema::SchemaSet& schemas = portcheck::fuzz::project_schemas();
  const Target& target = *targets()[data[0] % targets().size()];
  if (!target.by_schema) return 0;
  const std::string_view text = portcheck::fuzz::text_of(data + 1, size - 1);
  static portcheck::scan::FastReader reader(portcheck::scan::FastEngine::simdjson);
  static portcheck::scan::FastReader rapidjson_reader(portcheck::scan::FastEngine::rapidjson);

  bool parsed = true;
  portcheck::json::Document document;
  try {
    document = portcheck::json::parse(text, "fuzz.json");
  } catch (const portcheck::Error&) {
    parsed = false;
  }
  const bool fast_read = reader.read(text);
  if (fast_read && !parsed) disagree("the fast reader takes a text the strict loader refuses", *target.schema);
  const portcheck::scan::Verdict verdict =
      fast_read ? reader.judge(target.by_schema->plan()) : portcheck::scan::Verdict::rejected;
  if (rapidjson_reader.read(text) != fast_read) {
    disagree("the fast reader on simdjson and on RapidJSON take different texts", *target.schema);
  }
  if (fast_read && rapidjson_reader.judge(target.by_schema->plan()) != verdict) {
    disagree("the plan on simdjson and on RapidJSON gives different verdicts", *target.schema);
  }

  bool exact = parsed;
  if (parsed) {
    exact = portcheck::schema::validate(schemas, *target.schema, document).empty();
    if (exact) {
      std::vector<portcheck::codec::DecodeProblem> problems;
      static_cast<void>(portcheck::codec::decode(schemas, *target.schema, document, &problems));
      exact = problems.empty();
    }
  }
  if (verdict == portcheck::scan::Verdict::accepted && !exact) {
    disagree("the plan accepts what validate() or decode() refuses", *target.schema);
  }
  if (verdict == portcheck::scan::Verdict::rejected && fast_read && exact) {
    disagree("the plan rejects what validate() and decode() accept", *target.schema);
  }
  // What scan itself does: a document passed on the plan alone must pass
  // the exact path, whichever strictness it is held to.
  for (const portcheck::scan::Judge* judge : {target.by_schema.get(), target.by_reader.get()}) {
    if (judge->accepts_fast(text, reader) && !judge->judge_exactly(text, "fuzz.json").passed) {
      disagree("scan would pass on the plan a document its exact path fails", *target.schema);
    }
  }
  return 0;
}
