#pragma once
/// Which place on the candidate side holds each field of the reference side:
/// the manifest's field mappings first, then equal keys, then proposals from
/// values that always agree.

#include <optional>
#include <string>
#include <vector>

#include "compare/comparison.hpp"
#include "compare/observe.hpp"

namespace portcheck::compare {

/// Two places paired as one field.
struct Pairing {
  std::string reference_pointer;  ///< empty for the whole value
  std::string candidate_pointer;
  PairingMethod method = PairingMethod::same_key;
  /// How the places differ; nothing when they are the same place.
  std::optional<schema::MappingKind> placement;
};

/// Pairs the fields of a structure's two sides over the scenarios both have.
std::vector<Pairing> pair_fields(const schema::SchemaSet& schemas, const std::string& structure,
                                 const SideView& reference, const SideView& candidate,
                                 const std::vector<std::string>& scenarios);

}  // namespace portcheck::compare
