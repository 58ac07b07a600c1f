#include "compare/pairing.hpp"

#include <algorithm>
#include <set>

#include "compare/classify.hpp"
#include "json/pointer.hpp"

namespace portcheck::compare {

namespace {

std::size_t depth(const std::string& pointer) {
  return static_cast<std::size_t>(std::count(pointer.begin(), pointer.end(), '/'));
}

/// Whether two places hold equal values in every scenario, non-null in at
/// least two of them (one when there is only one scenario).
bool always_equal(const schema::SchemaSet& schemas, const SideView& reference, const SideView& candidate,
                  const std::vector<std::string>& scenarios, const std::string& reference_pointer,
                  const std::string& candidate_pointer) {
  std::size_t agreeing = 0;
  for (const std::string& scenario : scenarios) {
    // Only presence and the typed values decide: no text.
    const Observed left = observe(schemas, reference, scenario, reference_pointer, 0);
    const Observed right = observe(schemas, candidate, scenario, candidate_pointer, 0);
    if (!left.present() && !right.present()) continue;
    if (left.present() != right.present()) return false;
    if (!equivalent_ignoring_nulls(left.value, right.value)) return false;
    if (left.value.kind != codec::Kind::null) ++agreeing;
  }
  return agreeing >= std::min<std::size_t>(2, scenarios.size()) && agreeing > 0;
}

}  // namespace

std::vector<Pairing> pair_fields(const schema::SchemaSet& schemas, const std::string& structure,
                                 const SideView& reference, const SideView& candidate,
                                 const std::vector<std::string>& scenarios) {
  std::vector<Pairing> pairs;
  std::set<std::string> used_reference;
  std::set<std::string> used_candidate;
  const auto take = [&](Pairing pairing) {
    used_reference.insert(pairing.reference_pointer);
    used_candidate.insert(pairing.candidate_pointer);
    pairs.push_back(std::move(pairing));
  };
  const std::vector<std::string> reference_keys = top_level_keys(schemas, reference.schema);
  const std::vector<std::string> candidate_keys = top_level_keys(schemas, candidate.schema);
  // Whole values, for structures without properties (GenericResult).
  if (reference_keys.empty() && candidate_keys.empty() && reference.schema != nullptr && candidate.schema != nullptr) {
    take({"", "", PairingMethod::same_key, std::nullopt});
    return pairs;
  }
  for (const schema::FieldMapping& mapping : schemas.manifest().field_mappings) {
    const std::string* reference_pointer = mapping.pointer_of(reference.name);
    const std::string* candidate_pointer = mapping.pointer_of(candidate.name);
    if (mapping.structure != structure || reference_pointer == nullptr || candidate_pointer == nullptr) continue;
    take({*reference_pointer, *candidate_pointer, PairingMethod::manifest, mapping.kind});
  }
  for (const std::string& key : reference_keys) {
    const std::string pointer = json::append_pointer("", key);
    if (used_reference.contains(pointer) || used_candidate.contains(pointer)) continue;
    if (std::find(candidate_keys.begin(), candidate_keys.end(), key) != candidate_keys.end()) {
      take({pointer, pointer, PairingMethod::same_key, std::nullopt});
    }
  }
  // Proposals: unpaired reference fields whose values some unpaired
  // candidate place always shares.
  std::vector<std::string> candidate_places;
  for (const std::string& key : candidate_keys) candidate_places.push_back(json::append_pointer("", key));
  for (const std::string& pointer : nested_pointers(schemas, candidate.schema)) candidate_places.push_back(pointer);
  for (const std::string& key : reference_keys) {
    const std::string pointer = json::append_pointer("", key);
    if (used_reference.contains(pointer)) continue;
    for (const std::string& place : candidate_places) {
      if (used_candidate.contains(place) || !always_equal(schemas, reference, candidate, scenarios, pointer, place)) {
        continue;
      }
      take({pointer, place, PairingMethod::proposed,
            depth(pointer) == depth(place) ? schema::MappingKind::renamed : schema::MappingKind::relocated});
      break;
    }
  }
  return pairs;
}

}  // namespace portcheck::compare
