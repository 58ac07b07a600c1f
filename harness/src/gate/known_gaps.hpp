#pragma once
/// reports/known-gaps.json: the reviewed list of accepted gaps. Like an
/// expected-failure list, it fails the gate both ways: a new finding that is
/// not listed, and a listed gap that no longer occurs.

#include <filesystem>
#include <string>
#include <vector>

#include "gate/findings.hpp"

namespace portcheck::gate {

/// The reason a new entry gets; check refuses it until a person writes one.
inline constexpr const char* kTodoReason = "TODO: explain";

struct KnownGap {
  std::string structure;
  std::string field;
  std::string status;
  std::string rule;
  std::string severity;
  std::string fingerprint;
  std::string reason;
  std::size_t line = 0;  ///< where the entry starts in the file
  std::size_t column = 0;

  [[nodiscard]] std::string id() const { return structure + "/" + field + "/" + rule; }
};

/// Loads the list; a missing file is an empty list. Throws portcheck::Error
/// naming the entry that is malformed.
std::vector<KnownGap> load_known_gaps(const std::filesystem::path& file);

/// The list for these findings: existing reasons kept, new entries given
/// kTodoReason, entries that no longer occur dropped. Canonical JSON.
std::string known_gaps_text(const std::vector<Finding>& findings, const std::vector<KnownGap>& existing);

}  // namespace portcheck::gate
