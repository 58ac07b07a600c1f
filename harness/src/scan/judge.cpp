#include "scan/judge.hpp"

#include "codec/codec.hpp"
#include "compare/readability.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "schema/validator.hpp"

namespace portcheck::scan {

Judge::Judge(const schema::SchemaSet& schemas, const std::string& side, const std::string& structure,
             Strictness strictness)
    : schemas_(schemas),
      schema_(schemas.get_json(side, structure)),
      side_(side),
      structure_(structure),
      strictness_(strictness),
      plan_(ValidationPlan::compile(schemas, schema_)) {}

bool Judge::accepts_fast(std::string_view text, FastReader& reader, bool padded) const {
  if (reader.read(text, padded) && reader.judge(plan_) == Verdict::accepted) return true;
  // The exact path reads the text again: the fast reader's copy of a large
  // one goes first rather than stay beside it.
  reader.let_go();
  return false;
}

Judgement Judge::judge_exactly(std::string_view text, const std::string& name) const {
  Judgement judgement;
  judgement.fast = false;
  json::Document document;
  try {
    document = json::parse(text, name);
  } catch (const Error& error) {
    judgement.passed = judgement.valid = judgement.readable = false;
    judgement.problems.push_back({compare::Rule::malformed_json, "", error.where().pointer, error.message(),
                                  error.where().line, error.where().column});
    return judgement;
  }
  const auto place = [&document](Problem& problem) {
    if (const auto position = document.nearest_position_of(problem.pointer)) {
      problem.line = position->line;
      problem.column = position->column;
    }
  };
  const std::vector<schema::ValidationFailure> failures = schema::validate(schemas_, schema_, document);
  if (strictness_ == Strictness::schema) {
    for (const schema::ValidationFailure& failure : failures) {
      judgement.valid = false;
      judgement.problems.push_back(
          {compare::Rule::schema_mismatch, failure.rule, failure.pointer, failure.message, failure.position.line,
           failure.position.column});
    }
  }
  const compare::Readability readability =
      compare::judge_readability(schemas_, structure_, side_, side_, document, name, "", failures);
  judgement.readable = readability.readable;
  for (const compare::Refusal& refusal : readability.refusals) {
    Problem problem{refusal.rule, "", refusal.pointer, refusal.message};
    place(problem);
    judgement.problems.push_back(std::move(problem));
  }
  if (readability.readable) {
    std::vector<codec::DecodeProblem> decode_problems;
    codec::decode(schemas_, schema_, document, &decode_problems);
    for (const codec::DecodeProblem& decode_problem : decode_problems) {
      judgement.readable = false;
      Problem problem{compare::Rule::undecodable, "", decode_problem.pointer, decode_problem.reason};
      place(problem);
      judgement.problems.push_back(std::move(problem));
    }
  }
  judgement.passed = judgement.readable && (strictness_ == Strictness::reader || judgement.valid);
  return judgement;
}

}  // namespace portcheck::scan
