#include "output/sarif.hpp"

#include <filesystem>
#include <map>
#include <system_error>
#include <vector>

#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/rapidjson.hpp"
#include "report/escape.hpp"
#include "rules/rules.hpp"

namespace portcheck::output {

namespace {

/// SARIF calls a notice a "note".
std::string sarif_level(Level level) { return level == Level::notice ? "note" : to_string(level); }

std::filesystem::path absolute_of(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::weakly_canonical(std::filesystem::absolute(path), error);
  return error ? std::filesystem::absolute(path).lexically_normal() : absolute;
}

/// Where a file is for SARIF: relative to the project root when inside it
/// (uriBaseId PROJECTROOT), else an absolute file URI. "git:REV:FILE" (a
/// schema at a revision) is shown at its place in the working tree.
struct ArtifactUri {
  std::string uri;
  bool relative = false;
};

ArtifactUri artifact_uri(const std::string& file, const std::filesystem::path& root) {
  std::string path = file;
  if (path.starts_with("git:")) {
    const std::size_t colon = path.find(':', 4);
    if (colon != std::string::npos) return {report::url_path("schemas/" + path.substr(colon + 1)), true};
  }
  const std::filesystem::path absolute = absolute_of(path);
  const std::filesystem::path relative = absolute.lexically_relative(root);
  if (!relative.empty() && *relative.begin() != "..") return {report::url_path(relative.generic_string()), true};
  return {"file://" + report::url_path(absolute.generic_string()), false};
}

}  // namespace

std::string render_sarif(const Outcome& outcome, const RenderOptions& options) {
  const std::filesystem::path root = absolute_of(options.project);
  // Rules in order of first use; results refer to them by index.
  // Every finding is a result: the failing problems, then the findings that
  // pass (accepted ones suppressed, with their reason).
  std::vector<const Problem*> reported;
  if (!outcome.could_not_run) {
    // An updated or absent finding of the delta is its committed result's
    // baselineState, not a result of its own.
    for (const Problem& problem : outcome.problems) {
      if (!problem.delta || problem.baseline_state == "new") reported.push_back(&problem);
    }
    for (const Problem& problem : outcome.other_findings) reported.push_back(&problem);
  }
  std::vector<rules::Rule> used_rules;
  std::map<rules::Rule, std::size_t> rule_index;
  std::map<rules::Rule, Level> rule_level;
  for (const Problem* pointer : reported) {
    const Problem& problem = *pointer;
    if (rule_index.emplace(problem.rule, used_rules.size()).second) {
      used_rules.push_back(problem.rule);
      rule_level[problem.rule] = problem.level;
    }
  }

  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  const auto key = [&](const char* name) { writer.Key(name); };
  const auto string = [&](const std::string& value) { json::write_string(writer, value); };
  const auto text = [&](const char* name, const std::string& value) {
    key(name);
    writer.StartObject();
    key("text");
    string(value);
    writer.EndObject();
  };
  const auto locations = [&](const Problem& problem) {
    if (problem.file.empty()) return;
    const ArtifactUri artifact = artifact_uri(problem.file, root);
    key("locations");
    writer.StartArray();
    writer.StartObject();
    key("physicalLocation");
    writer.StartObject();
    key("artifactLocation");
    writer.StartObject();
    key("uri");
    string(artifact.uri);
    if (artifact.relative) {
      key("uriBaseId");
      string("PROJECTROOT");
    }
    writer.EndObject();
    if (problem.line > 0) {
      key("region");
      writer.StartObject();
      key("startLine");
      writer.Uint64(problem.line);
      if (problem.column > 0) {
        key("startColumn");
        writer.Uint64(problem.column);
      }
      writer.EndObject();
    }
    writer.EndObject();
    writer.EndObject();
    writer.EndArray();
  };
  const auto message_of = [](const Problem& problem) {
    return problem.message.empty() ? problem.title : problem.title + ": " + problem.message;
  };

  writer.StartObject();
  key("$schema");
  string("https://json.schemastore.org/sarif-2.1.0.json");
  key("version");
  string("2.1.0");
  key("runs");
  writer.StartArray();
  writer.StartObject();
  key("tool");
  writer.StartObject();
  key("driver");
  writer.StartObject();
  key("name");
  string("portcheck");
  if (!options.version.empty()) {
    key("version");
    string(options.version);
  }
  key("rules");
  writer.StartArray();
  // Every rule's id, meaning and kind come from the registry.
  for (const rules::Rule rule : used_rules) {
    const rules::RuleInfo& info = rules::rule_info(rule);
    writer.StartObject();
    key("id");
    string(std::string(info.id));
    text("shortDescription", std::string(info.description));
    key("defaultConfiguration");
    writer.StartObject();
    key("level");
    string(sarif_level(rule_level.at(rule)));
    writer.EndObject();
    key("properties");
    writer.StartObject();
    key("tags");
    writer.StartArray();
    string(rules::to_string(info.kind));
    writer.EndArray();
    writer.EndObject();
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  writer.EndObject();

  key("originalUriBaseIds");
  writer.StartObject();
  key("PROJECTROOT");
  writer.StartObject();
  key("uri");
  string("file://" + report::url_path(root.generic_string()) + (root.generic_string().ends_with('/') ? "" : "/"));
  writer.EndObject();
  writer.EndObject();
  // Columns count characters, as every portcheck position does.
  key("columnKind");
  string("unicodeCodePoints");

  key("invocations");
  writer.StartArray();
  writer.StartObject();
  key("executionSuccessful");
  writer.Bool(!outcome.could_not_run);
  key("exitCode");
  writer.Int(outcome.could_not_run ? 2 : outcome.failed() ? 1 : 0);
  if (outcome.could_not_run) {
    key("toolExecutionNotifications");
    writer.StartArray();
    for (const Problem& problem : outcome.problems) {
      writer.StartObject();
      key("level");
      string("error");
      text("message", message_of(problem));
      locations(problem);
      writer.EndObject();
    }
    writer.EndArray();
  }
  writer.EndObject();
  writer.EndArray();

  key("results");
  writer.StartArray();
  for (const Problem* pointer : reported) {
    const Problem& problem = *pointer;
    writer.StartObject();
    key("ruleId");
    string(rules::rule_id(problem.rule));
    key("ruleIndex");
    writer.Uint64(rule_index.at(problem.rule));
    key("level");
    string(sarif_level(problem.level));
    text("message", message_of(problem));
    locations(problem);
    key("partialFingerprints");
    writer.StartObject();
    key("portcheck/v1");
    string(problem.fingerprint.empty() ? problem.id : problem.fingerprint);
    writer.EndObject();
    if (!problem.baseline_state.empty()) {
      key("baselineState");
      string(problem.baseline_state);
    }
    if (!problem.justification.empty()) {
      // Accepted in reports/known-gaps.json: outside the code, with its reason.
      key("suppressions");
      writer.StartArray();
      writer.StartObject();
      key("kind");
      string("external");
      key("justification");
      string(problem.justification);
      writer.EndObject();
      writer.EndArray();
    }
    if (!problem.evidence.empty()) {
      key("properties");
      writer.StartObject();
      key("evidence");
      string(problem.evidence);
      writer.EndObject();
    }
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  writer.EndArray();
  writer.EndObject();
  return json::canonical_text(json::parse(buffer.GetString(), "outcome.sarif"));
}

}  // namespace portcheck::output
