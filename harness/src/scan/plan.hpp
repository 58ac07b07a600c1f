#pragma once
/// A structure's schema compiled once into a validation plan over parsed
/// documents (simdjson's DOM, or RapidJSON's where simdjson cannot be sure):
/// the fast path of `portcheck scan` and `db-scan`.
///
/// The plan answers one question per document: would validate() find no
/// failure and decode() no problem? It covers the draft-07 keywords the
/// project's schemas use, plus portcheck's own value checks (patterns on RE2
/// and exact x-integer widths, applied to every node that reaches a place, as
/// validate() applies them) and the x-encodings decode() parses. It never
/// builds a message: a document it does not accept goes to the exact path
/// (the positioned loader, valijson, the reader rules), which says why, with
/// line, column and JSON Pointer. So the plan must never accept what the exact
/// path refuses; where it cannot be sure (an integer a double cannot hold next
/// to a numeric bound, say) it says `undecided`, which takes the exact path
/// too. The differential test holds it to valijson.

#include <cstddef>
#include <memory>
#include <string>

#include "json/rapidjson.hpp"
#include "schema/schema_set.hpp"

namespace simdjson::dom {
class document;
}  // namespace simdjson::dom

namespace portcheck::scan {

enum class Verdict {
  accepted,   ///< conforms and decodes: validate() and decode() find nothing
  rejected,   ///< validate() or decode() finds something
  undecided,  ///< the plan cannot tell exactly; the exact path decides
};

class ValidationPlan {
 public:
  /// Compiles a structure's schema. When the schema uses a keyword the plan
  /// does not cover, the plan is still made but decides nothing
  /// (`available()` is false and `why_unavailable()` names the keyword and
  /// where it is), so every document takes the exact path.
  static ValidationPlan compile(const schema::SchemaSet& schemas, const schema::StructureSchema& schema);

  ValidationPlan();
  ~ValidationPlan();
  ValidationPlan(ValidationPlan&&) noexcept;
  ValidationPlan& operator=(ValidationPlan&&) noexcept;

  [[nodiscard]] bool available() const;
  [[nodiscard]] const std::string& why_unavailable() const;

  /// Judges one parsed document (nesting at most json::LoadOptions'
  /// max_depth, no duplicate keys: the fast reader checks both). Safe to
  /// call from several threads at once.
  [[nodiscard]] Verdict judge(const rapidjson::Value& document) const;
  [[nodiscard]] Verdict judge(const simdjson::dom::document& document) const;

  struct Compiled;

 private:
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace portcheck::scan
