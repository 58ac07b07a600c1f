#include "output/outcome.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>

#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "output/junit.hpp"
#include "output/sarif.hpp"

namespace portcheck::output {

namespace {

std::string level_name(Level level) { return to_string(level); }

std::string location(const Problem& problem) {
  if (problem.file.empty()) return "";
  std::string text = printable(problem.file);
  if (problem.line > 0) text += ":" + std::to_string(problem.line) + ":" + std::to_string(problem.column);
  return text + ": ";
}

/// A message as a terminal or an annotation shows it: a long value (a
/// 30 MB string in a finding) cut, with where to find all of it.
std::string displayed(const std::string& text) {
  constexpr std::size_t kLimit = 400;
  if (text.size() <= kLimit) return text;
  std::size_t cut = kLimit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  return text.substr(0, cut) + "… (" + std::to_string(text.size() - cut) +
         " more bytes; --format json has the whole text)";
}

std::string paint(const RenderOptions& options, const std::string& text, const char* code) {
  return options.color ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
}

}  // namespace

std::string render_text_problem(const Problem& problem, const RenderOptions& options) {
  if (options.quiet && problem.level != Level::error) return "";
  const char* colour = problem.level == Level::error ? "31" : problem.level == Level::warning ? "33" : "36";
  std::string out = location(problem) + paint(options, level_name(problem.level), colour) + ": " + displayed(problem.title);
  if (!problem.message.empty()) out += "\n    " + displayed(problem.message);
  return out + "\n";
}

namespace {

std::string render_text(const Outcome& outcome, const RenderOptions& options) {
  std::string out;
  // --quiet, on every command: the errors and the summary line, nothing else.
  if (!options.quiet) {
    for (const std::string& note : outcome.notes) out += note + "\n";
  }
  for (const Problem& problem : outcome.problems) out += render_text_problem(problem, options);
  if (outcome.failed()) {
    for (const std::string& hint : outcome.hints) out += hint + "\n";
  }
  const std::string summary = summary_line(outcome);
  const std::string verdict = outcome.failed() ? "FAILED" : "PASSED";
  out += summary.substr(0, summary.size() - verdict.size()) + paint(options, verdict, outcome.failed() ? "1;31" : "1;32") +
         "\n";
  return out;
}

std::string render_json(const Outcome& outcome) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  const auto string = [&](const char* key, const std::string& value) {
    writer.Key(key);
    json::write_string(writer, value);
  };
  const auto number = [&](const char* key, std::size_t value) {
    writer.Key(key);
    writer.Uint64(value);
  };
  writer.StartObject();
  string("command", outcome.command);
  string("result", outcome.could_not_run ? "ERROR" : outcome.failed() ? "FAILED" : "PASSED");
  writer.Key("counts");
  writer.StartObject();
  for (const auto& [name, value] : outcome.counts) number(name.c_str(), value);
  writer.EndObject();
  writer.Key("notes");
  writer.StartArray();
  for (const std::string& note : outcome.notes) json::write_string(writer, note);
  writer.EndArray();
  writer.Key("problems");
  writer.StartArray();
  for (const Problem& problem : outcome.problems) {
    writer.StartObject();
    string("level", level_name(problem.level));
    string("id", problem.id);
    string("test_class", problem.test_class.empty() ? outcome.command : problem.test_class);
    string("test_name", problem.test_name.empty() ? problem.id : problem.test_name);
    string("rule", rules::rule_id(problem.rule));
    string("title", problem.title);
    string("message", problem.message);
    string("file", problem.file);
    number("line", problem.line);
    number("column", problem.column);
    if (!problem.evidence.empty()) string("evidence", problem.evidence);
    if (!problem.baseline_state.empty()) string("baseline_state", problem.baseline_state);
    if (!problem.changes.empty()) {
      writer.Key("changes");
      writer.StartArray();
      for (const json::Change& change : problem.changes) {
        writer.StartObject();
        string("pointer", change.pointer);
        string("change", json::to_string(change.kind));
        if (!change.from.empty()) string("from", change.from);
        if (change.kind != json::ChangeKind::added) string("before", change.before);
        if (change.kind != json::ChangeKind::removed) string("after", change.after);
        writer.EndObject();
      }
      writer.EndArray();
    }
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("hints");
  writer.StartArray();
  for (const std::string& hint : outcome.hints) json::write_string(writer, hint);
  writer.EndArray();
  writer.EndObject();
  return json::canonical_text(json::parse(buffer.GetString(), "outcome.json"));
}

/// One JUnit test case and every problem reported against it.
struct CaseProblems {
  std::string test_class;
  std::string name;
  std::vector<const Problem*> problems;
};

/// Cases in the order they first occur (problems, then passes), one per
/// identity, so that several problems of one item make one failing case.
std::vector<CaseProblems> junit_cases(const Outcome& outcome) {
  std::vector<CaseProblems> cases;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  const auto case_of = [&](const std::string& test_class, const std::string& name) -> CaseProblems& {
    const auto [entry, added] = index.emplace(std::make_pair(test_class, name), cases.size());
    if (added) cases.push_back({test_class, name, {}});
    return cases[entry->second];
  };
  for (const Problem& problem : outcome.problems) {
    const std::string test_class = problem.test_class.empty() ? outcome.command : problem.test_class;
    const std::string name = !problem.test_name.empty() ? problem.test_name
                             : !problem.id.empty()      ? problem.id
                                                        : problem.title;
    case_of(test_class, name).problems.push_back(&problem);
  }
  for (const TestCase& passed : outcome.passed) case_of(passed.test_class, passed.name);
  return cases;
}

/// One suite, the command's: errors when it could not run, else one failure
/// per case holding every error-level problem; warnings and notices as the
/// output of a passing case.
std::string render_junit(const Outcome& outcome) {
  JunitSuite suite{outcome.command, {}};
  for (const CaseProblems& test : junit_cases(outcome)) {
    JunitCase written{test.test_class, test.name, std::nullopt, outcome.could_not_run, ""};
    std::string failed;
    std::string first_title;
    std::string first_rule;
    std::size_t failing = 0;
    for (const Problem* problem : test.problems) {
      if (problem->level != Level::error) {
        written.output += level_name(problem->level) + ": " + location(*problem) + problem->title +
                          (problem->message.empty() ? "" : ": " + problem->message) + "\n";
        continue;
      }
      if (failing++ == 0) {
        first_title = problem->title;
        first_rule = rules::rule_id(problem->rule);
      }
      failed +=
          location(*problem) + problem->title + (problem->message.empty() ? "" : "\n  " + problem->message) + "\n";
    }
    if (failing > 0) {
      written.failure = JunitCase::Failure{
          first_rule, first_title + (failing > 1 ? " (and " + std::to_string(failing - 1) + " more)" : ""), failed};
    }
    suite.cases.push_back(std::move(written));
  }
  return write_junit({"portcheck " + outcome.command, {std::move(suite)}, outcome.seconds});
}

std::string render_github(const Outcome& outcome, const RenderOptions& options) {
  constexpr std::size_t kPerLevel = 10;
  std::map<Level, std::size_t> shown;
  std::map<Level, std::size_t> hidden;
  std::string out;
  for (const std::string& note : outcome.notes) out += note + "\n";
  // GitHub shows only the first annotations of each level: the most severe
  // go first, in the command's order within one rank.
  std::vector<const Problem*> ordered;
  for (const Problem& problem : outcome.problems) ordered.push_back(&problem);
  std::stable_sort(ordered.begin(), ordered.end(), [](const Problem* left, const Problem* right) {
    return std::make_pair(left->level, left->rank) < std::make_pair(right->level, right->rank);
  });
  for (const Problem* pointer : ordered) {
    const Problem& problem = *pointer;
    if (options.quiet && problem.level != Level::error) continue;
    if (shown[problem.level] == kPerLevel) {
      ++hidden[problem.level];
      continue;
    }
    ++shown[problem.level];
    out += "::" + level_name(problem.level);
    std::string properties;
    if (!problem.file.empty()) {
      properties += "file=" + github_escape_property(problem.file);
      if (problem.line > 0) {
        properties += ",line=" + std::to_string(problem.line) + ",col=" + std::to_string(problem.column);
      }
    }
    properties +=
        std::string(properties.empty() ? "" : ",") + "title=" + github_escape_property(displayed(problem.title));
    out += " " + properties +
           "::" + github_escape_data(displayed(problem.message.empty() ? problem.title : problem.message)) + "\n";
  }
  std::string not_shown;
  for (const auto& [level, count] : hidden) {
    not_shown += (not_shown.empty() ? "" : ", ") + std::to_string(count) + " more " + level_name(level) +
                 (count == 1 ? "" : "s");
  }
  if (!not_shown.empty()) out += "portcheck: " + not_shown + " not annotated (GitHub shows at most 10 per level)\n";
  if (outcome.failed()) {
    for (const std::string& hint : outcome.hints) out += hint + "\n";
  }
  out += summary_line(outcome) + "\n";
  if (!options.step_summary_file.empty()) {
    std::string markdown = "### portcheck " + outcome.command + ": " + (outcome.failed() ? "FAILED" : "PASSED") +
                           "\n\n| Level | Where | Problem |\n|---|---|---|\n";
    for (const Problem& problem : outcome.problems) {
      std::string where = printable(problem.file);
      if (problem.line > 0) where += ":" + std::to_string(problem.line);
      std::string title = problem.title;
      for (auto& character : title) {
        if (character == '|') character = '/';
      }
      markdown += "| " + level_name(problem.level) + " | `" + where + "` | " + title + " |\n";
    }
    markdown += "\n" + summary_line(outcome) + "\n";
    std::ofstream stream(options.step_summary_file, std::ios::app);
    stream << markdown;
  }
  return out;
}

}  // namespace

std::string to_string(Level level) {
  switch (level) {
    case Level::error:
      return "error";
    case Level::warning:
      return "warning";
    case Level::notice:
      return "notice";
  }
  return "error";
}

bool Outcome::failed() const {
  for (const Problem& problem : problems) {
    if (problem.level == Level::error) return true;
  }
  return false;
}

Format parse_format(const std::string& name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  if (name == "junit") return Format::junit;
  if (name == "github") return Format::github;
  if (name == "sarif") return Format::sarif;
  throw Error("unknown format \"" + name + "\" (formats: text, json, junit, github, sarif)");
}

std::string summary_line(const Outcome& outcome) {
  if (outcome.could_not_run) return "portcheck: " + outcome.summary + " — ERROR";
  return "portcheck: " + outcome.summary + " — " + (outcome.failed() ? "FAILED" : "PASSED");
}

Outcome error_outcome(const std::string& command, const std::string& message, const std::string& file, std::size_t line,
                      std::size_t column) {
  Outcome outcome;
  outcome.command = command;
  outcome.could_not_run = true;
  Problem problem;
  problem.level = Level::error;
  problem.rule = rules::Rule::could_not_run;
  problem.id = command + "/" + rules::rule_id(problem.rule);
  problem.test_class = command;
  problem.test_name = "run";
  problem.title = "portcheck " + command + " could not run";
  problem.message = message;
  problem.file = file;
  problem.line = line;
  problem.column = column;
  outcome.problems.push_back(std::move(problem));
  std::string where;
  if (!file.empty()) {
    where = printable(file) + (line > 0 ? ":" + std::to_string(line) + ":" + std::to_string(column) : "") + ": ";
  }
  outcome.summary = "could not run: " + where + message;
  return outcome;
}

std::string render(const Outcome& outcome, const RenderOptions& options, std::string& log) {
  switch (options.format) {
    case Format::text:
      return render_text(outcome, options);
    case Format::github:
      return render_github(outcome, options);
    case Format::json:
      log = summary_line(outcome) + "\n";
      return render_json(outcome);
    case Format::junit:
      log = summary_line(outcome) + "\n";
      return render_junit(outcome);
    case Format::sarif:
      log = summary_line(outcome) + "\n";
      return render_sarif(outcome, options);
  }
  return "";
}

bool should_color(int file_descriptor) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  return isatty(file_descriptor) == 1;
}

std::string github_escape_data(const std::string& text) {
  std::string escaped;
  // A workflow command is UTF-8 text: a file name's other bytes as \xNN.
  for (char character : well_formed_utf8(text)) {
    switch (character) {
      case '%':
        escaped += "%25";
        break;
      case '\r':
        escaped += "%0D";
        break;
      case '\n':
        escaped += "%0A";
        break;
      default:
        escaped += character;
    }
  }
  return escaped;
}

std::string github_escape_property(const std::string& text) {
  std::string escaped;
  for (char character : github_escape_data(text)) {
    switch (character) {
      case ':':
        escaped += "%3A";
        break;
      case ',':
        escaped += "%2C";
        break;
      default:
        escaped += character;
    }
  }
  return escaped;
}

}  // namespace portcheck::output
