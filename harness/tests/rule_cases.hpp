#pragma once
// The hand-made case of each rule of the registry: what makes it fire, and a
// near miss that must not. rules_test.cpp holds the findings' cases and runs
// them all; rule_cases_gate.cpp adds the gate checks' and schema changes'.

#include <functional>
#include <map>

#include "rules/rules.hpp"

namespace portcheck::test {

struct RuleCase {
  std::function<bool()> triggers;
  std::function<bool()> near_miss;
};

using RuleCases = std::map<rules::Rule, RuleCase>;

/// Adds the case of every gate check (RuleKind::gate).
void add_gate_check_cases(RuleCases& cases);

/// Adds the case of every schema change (RuleKind::schema_change).
void add_schema_change_cases(RuleCases& cases);

}  // namespace portcheck::test
