#pragma once
/// What changed between two JSON values, place by place: the unit a drift
/// is explained in ("/finish_time renamed to /finished_at").

#include <string>
#include <vector>

#include "json/document.hpp"

namespace portcheck::json {

enum class ChangeKind {
  added,          ///< a key or an array item only `after` has
  removed,        ///< a key or an array item only `before` has
  renamed,        ///< a key removed and one added beside it, holding the same value
  type_changed,   ///< another JSON type at the same place
  value_changed,  ///< the same type, another value
};

/// "key-added", "key-removed", "key-renamed", "type-changed", "value-changed".
std::string to_string(ChangeKind kind);

struct Change {
  std::string pointer;  ///< where, in `after` (in `before` for a removal)
  ChangeKind kind = ChangeKind::value_changed;
  std::string before;  ///< compact canonical JSON; empty when added
  std::string after;   ///< compact canonical JSON; empty when removed
  std::string from;    ///< a renamed key's old pointer
};

/// Every change from `before` (a value of `before_document`) to `after`, in
/// pointer order: objects key by key (a removed and an added key of one
/// object with equal values are one rename), arrays item by item.
std::vector<Change> diff_values(const Document& before_document, const rapidjson::Value& before,
                                const Document& after_document, const rapidjson::Value& after,
                                const std::string& pointer = "");

}  // namespace portcheck::json
