// portcheck rules: the rule registry, as findings, known-gaps.json and
// language profiles name its rules.

#include <iostream>
#include <memory>

#include "command.hpp"
#include "json/error.hpp"
#include "rules/rules.hpp"

namespace portcheck::cli {

namespace {

void print_rule(const rules::RuleInfo& info) {
  std::cout << info.id << "  (" << rules::to_string(info.kind) << ", " << rules::to_string(info.severity) << ")\n    "
            << info.description << "\n";
  if (!info.policy.empty()) std::cout << "    severity: " << info.policy << "\n";
}

int run_rules(const std::string& id) {
  if (!id.empty()) {
    const std::optional<rules::Rule> rule = rules::parse_rule(id);
    if (!rule) throw Error("unknown rule \"" + id + "\" (`portcheck rules` lists them)");
    print_rule(rules::rule_info(*rule));
    return 0;
  }
  for (const rules::RuleInfo& info : rules::rule_registry()) print_rule(info);
  return 0;
}

}  // namespace

Command rules_command() {
  return {"rules", "List the rules a finding can carry: id, kind, severity and what each means",
          [](CLI::App& app, const GlobalOptions&) -> Handler {
            auto id = std::make_shared<std::string>();
            app.add_option("rule", *id, "Show only this rule (e.g. naive-timestamp-unreadable)");
            return [id] { return run_rules(*id); };
          }};
}

}  // namespace portcheck::cli
