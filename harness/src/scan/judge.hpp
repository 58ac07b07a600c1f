#pragma once
/// How `scan` and `db-scan` judge one document: the compiled plan first, and
/// for every document it does not accept, the exact path that says why.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rules.hpp"
#include "scan/fast_reader.hpp"
#include "scan/plan.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::scan {

/// What a document is held to.
enum class Strictness {
  /// As `validate`: the side's schema, strictly (an undeclared key fails),
  /// and every x-encoding must decode. Reader refusals are listed too.
  schema,
  /// As the side's runner would read it: its reader rules (db-scan).
  reader,
};

/// One reason a document fails, where the exact path found it.
struct Problem {
  /// schema-mismatch for a strict validation failure, else the reader's,
  /// decoding or text rule (naive-timestamp-unreadable, undecodable,
  /// malformed-json).
  rules::Rule rule = rules::Rule::schema_mismatch;
  /// The JSON Schema keyword of a schema-mismatch ("required",
  /// "additionalProperties"); empty for the other rules.
  std::string keyword;
  std::string pointer;
  std::string message;
  std::size_t line = 0;  ///< 1-based in the document's own text; 0 when unknown
  std::size_t column = 0;

  /// What the failure is counted and titled by: the keyword of a
  /// schema-mismatch ("required"), else the rule's id.
  [[nodiscard]] std::string label() const { return keyword.empty() ? rules::rule_id(rule) : keyword; }
};

struct Judgement {
  bool passed = true;
  bool valid = true;     ///< the schema, strictly (and the text, for a strict reader)
  bool readable = true;  ///< the side's reader rules, and every encoding decodes
  bool fast = true;      ///< decided by the compiled plan alone
  std::vector<Problem> problems;
};

class Judge {
 public:
  Judge(const schema::SchemaSet& schemas, const std::string& side, const std::string& structure, Strictness strictness);

  /// The fast path: whether the compiled plan accepts the text, so that the
  /// document passes. False says nothing yet: judge_exactly() decides.
  /// Thread-safe; `reader` belongs to the calling thread.
  /// `padded`: as FastReader::read().
  [[nodiscard]] bool accepts_fast(std::string_view text, FastReader& reader, bool padded = false) const;
  /// The exact path: every problem, with line, column and pointer. `name`
  /// is what messages call the document. Thread-safe.
  [[nodiscard]] Judgement judge_exactly(std::string_view text, const std::string& name) const;

  [[nodiscard]] const ValidationPlan& plan() const { return plan_; }

 private:
  const schema::SchemaSet& schemas_;
  const schema::StructureSchema& schema_;
  std::string side_;
  std::string structure_;
  Strictness strictness_;
  ValidationPlan plan_;
};

}  // namespace portcheck::scan
