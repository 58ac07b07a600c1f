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

/// A place's value in one scenario.
struct Observed {
  std::optional<std::string> text;  ///< compact JSON; nothing when the place is absent
  codec::Value value;

  [[nodiscard]] bool present() const { return text.has_value(); }
};

/// What `side` wrote at `pointer` in `scenario`, decoded by its own schema.
Observed observe(const schema::SchemaSet& schemas, const SideView& side, const std::string& scenario,
                 const std::string& pointer);

/// The fixture file of a scenario, or "" when the side has none.
std::string file_of(const SideView& side, const std::string& scenario);

/// Top-level keys a schema declares, in schema order; none without a schema.
std::vector<std::string> top_level_keys(const schema::SchemaSet& schemas, const schema::StructureSchema* schema);

/// Places one level below a top-level object field ("/worker_result/details"),
/// where relocated fields may have gone.
std::vector<std::string> nested_pointers(const schema::SchemaSet& schemas, const schema::StructureSchema* schema);

}  // namespace portcheck::compare
