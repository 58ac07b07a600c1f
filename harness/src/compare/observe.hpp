#pragma once
/// One side's view of a structure, and what it wrote at one place in one
/// scenario: the building blocks the comparison pairs and classifies.

#include <optional>
#include <string>
#include <vector>

#include "codec/codec.hpp"
#include "compare/compare.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::compare {

/// One side's view of a structure: its schema (or none) and its fixtures.
struct SideView {
  std::string name;
  const schema::StructureSchema* schema = nullptr;
  const Fixtures* fixtures = nullptr;
  /// The side's code writes or reads the structure as JSON (manifest writers
  /// and readers): without that, it has no fixtures to compare.
  bool json = false;
};

/// A value's compact JSON is kept whole: the default, and what a JSON
/// output, which writes every value, needs.
inline constexpr std::size_t kWholeText = std::string::npos;

/// A place's value in one scenario.
struct Observed {
  /// Compact JSON, or its start followed by "… (N bytes in all)" when it was
  /// longer than the limit observe() was given; nothing when the place is absent.
  std::optional<std::string> text;
  bool cut = false;  ///< text holds only the start of the value
  codec::Value value;
  /// The value in its document, to compare values whose texts were cut.
  const json::Document* document = nullptr;
  const rapidjson::Value* json = nullptr;

  [[nodiscard]] bool present() const { return text.has_value(); }
};

/// What `side` wrote at `pointer` in `scenario`, decoded by its own schema,
/// its text kept whole up to `text_limit` bytes (0: no text, only presence).
Observed observe(const schema::SchemaSet& schemas, const SideView& side, const std::string& scenario,
                 const std::string& pointer, std::size_t text_limit = kWholeText);

/// Whether two present places hold the same compact canonical text, cut or not.
bool same_text(const Observed& left, const Observed& right);

/// The fixture file of a scenario, or "" when the side has none.
std::string file_of(const SideView& side, const std::string& scenario);

/// Top-level keys a schema declares, in schema order; none without a schema.
std::vector<std::string> top_level_keys(const schema::SchemaSet& schemas, const schema::StructureSchema* schema);

/// Places one level below a top-level object field ("/worker_result/details"),
/// where relocated fields may have gone.
std::vector<std::string> nested_pointers(const schema::SchemaSet& schemas, const schema::StructureSchema* schema);

}  // namespace portcheck::compare
