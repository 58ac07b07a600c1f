#pragma once
/// Classification of one scenario's pair of values into a field status, and
/// the order of statuses from best to worst.

#include <string>

#include "compare/comparison.hpp"
#include "compare/observe.hpp"

namespace portcheck::compare {

/// same, same-after-conversion, presence-mismatch, value-mismatch or
/// type-mismatch; `note` says what the typed comparison found.
FieldStatus classify(const Observed& reference, const Observed& candidate, std::string& note);

/// Objects equal when absent members count as null.
bool equivalent_ignoring_nulls(const codec::Value& left, const codec::Value& right);

/// Whether `status` is worse than `other` (type-mismatch worst, same best).
bool worse(FieldStatus status, FieldStatus other);

}  // namespace portcheck::compare
