#include "db/decode_rules.hpp"

#include <algorithm>

namespace portcheck::db {

namespace {

bool listed(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

bool matches(const schema::DecodeRule& rule, const std::string& column, const std::string& declared,
             const std::string& family) {
  return (rule.columns.empty() || listed(rule.columns, column)) &&
         (rule.families.empty() || listed(rule.families, family)) && !listed(rule.not_families, family) &&
         (rule.types.empty() || listed(rule.types, declared)) && !listed(rule.not_types, declared);
}

/// A message with its placeholders filled in.
std::string filled(std::string message, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [name, value] : values) {
    for (auto at = message.find(name); at != std::string::npos; at = message.find(name, at + value.size())) {
      message.replace(at, name.size(), value);
    }
  }
  return message;
}

DecodeVerdict verdict(compare::Rule rule, std::string message) {
  return {rule, compare::rule_info(rule).severity, std::move(message)};
}

}  // namespace

DecodeVerdict judge_decoding(const schema::LanguageProfile& profile, const std::string& column_type, bool nullable,
                             const std::string& declared_type) {
  const schema::DatabaseDriver& driver = *profile.database;
  bool optional = false;
  const std::string declared = profile.without_optional(declared_type, optional);
  const std::string family = profile.family(declared);
  optional = optional || profile.null_holding.contains(declared);
  const std::vector<std::pair<std::string, std::string>> values{
      {"{column}", column_type}, {"{declared}", declared}, {"{type}", declared_type}};
  const auto rule = std::find_if(driver.decode.begin(), driver.decode.end(), [&](const schema::DecodeRule& candidate) {
    return matches(candidate, column_type, declared, family);
  });
  const DecodeVerdict value =
      rule == driver.decode.end()
          ? verdict(compare::Rule::unknown_column_type, "no rule for column type " + column_type + "; check by hand")
          : verdict(rule->rule, filled(rule->message, values));
  if (!nullable || optional) return value;
  const DecodeVerdict null_verdict = verdict(driver.nullable_into_required, filled(driver.nullable_message, values));
  return value.severity >= null_verdict.severity ? value : null_verdict;
}

}  // namespace portcheck::db
