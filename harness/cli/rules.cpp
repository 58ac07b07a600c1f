// portcheck rules: the rule registry, by kind: the findings' rules (as
// reports, known-gaps.json and language profiles name them), the gate's
// checks and schema-diff's changes.

#include <iostream>
#include <memory>

#include "command.hpp"
#include "json/error.hpp"
#include "rules/rules.hpp"

namespace portcheck::cli {

namespace {

void print_rule(const rules::RuleInfo& info) {
  std::cout << info.id << "  (" << rules::to_string(info.kind) << ", " << rules::severity_text(info) << ")\n    "
            << info.description << "\n";
  if (!info.policy.empty()) std::cout << "    severity: " << info.policy << "\n";
}

std::string kind_names() {
  std::string names;
  for (const rules::RuleKind kind : rules::rule_kinds()) names += (names.empty() ? "" : ", ") + rules::to_string(kind);
  return names;
}

int run_rules(const std::string& id, const std::string& kind_name) {
  if (!id.empty()) {
    const std::optional<rules::Rule> rule = rules::parse_rule(id);
    if (!rule) throw Error("unknown rule \"" + id + "\" (`portcheck rules` lists them)");
    print_rule(rules::rule_info(*rule));
    return 0;
  }
  std::optional<rules::RuleKind> only;
  if (!kind_name.empty()) {
    only = rules::parse_rule_kind(kind_name);
    if (!only) throw Error("unknown kind \"" + kind_name + "\" (kinds: " + kind_names() + ")");
  }
  bool first = true;
  for (const rules::RuleKind kind : rules::rule_kinds()) {
    if (only && kind != *only) continue;
    std::cout << (first ? "" : "\n") << "# " << rules::describe(kind) << " (--kind " << rules::to_string(kind) << ")\n";
    first = false;
    for (const rules::RuleInfo& info : rules::rule_registry()) {
      if (info.kind == kind) print_rule(info);
    }
  }
  return 0;
}

}  // namespace

Command rules_command() {
  return {"rules", "List every rule portcheck reports by, by kind: findings, gate checks, schema changes",
          [](CLI::App& app, const GlobalOptions&) -> Handler {
            auto id = std::make_shared<std::string>();
            auto kind = std::make_shared<std::string>();
            app.add_option("rule", *id, "Show only this rule (e.g. naive-timestamp-unreadable)");
            app.add_option("--kind", *kind,
                           "Show only the rules of this kind (reader, field, capture, silent-change, storage, scan, "
                           "channel, gate, schema-change)");
            return [id, kind] { return run_rules(*id, *kind); };
          }};
}

}  // namespace portcheck::cli
