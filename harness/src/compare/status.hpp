#pragma once
/// The severity policy of a field and the status of a whole structure, apart
/// from how fields are paired and classified.

#include <vector>

#include "compare/comparison.hpp"

namespace portcheck::compare {

/// A field's severity: its status's rule severity; info for `same` and for an
/// attribute declared but written by nobody; breaking when a reader refuses
/// the other side's value.
Severity field_severity(const FieldComparison& field);

/// What a structure's statuses and severities come to, for a pair of sides
/// that both declare it: INCOMPATIBLE on a breaking one (or, on the wire, an
/// unreadable cross-side document), FULLY COMPATIBLE when all are `same`,
/// ENHANCED when the rest are `candidate-only`, MOSTLY COMPATIBLE otherwise.
/// (Whether any scenario was compared at all is the caller's to add.)
StructureStatus structure_status(const std::vector<std::pair<FieldStatus, Severity>>& fields, bool unreadable);

}  // namespace portcheck::compare
