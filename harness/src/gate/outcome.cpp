#include "gate/outcome.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "report/escape.hpp"

namespace portcheck::gate {

namespace {

std::string xml(const std::string& text) { return report::xml_escape(text); }

std::string level_name(Level level) {
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

std::string location(const Problem& problem) {
  if (problem.file.empty()) return "";
  std::string text = printable(problem.file);
  if (problem.line > 0) text += ":" + std::to_string(problem.line) + ":" + std::to_string(problem.column);
  return text + ": ";
}

std::string render_text(const Outcome& outcome, const RenderOptions& options) {
  const auto paint = [&](const std::string& text, const char* code) {
    return options.color ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
  };
  std::string out;
  for (const std::string& note : outcome.notes) out += note + "\n";
  for (const Problem& problem : outcome.problems) {
    if (options.quiet && problem.level != Level::error) continue;
    const char* colour = problem.level == Level::error ? "31" : problem.level == Level::warning ? "33" : "36";
    out += location(problem) + paint(level_name(problem.level), colour) + ": " + problem.title;
    if (!problem.message.empty()) out += "\n    " + problem.message;
    out += "\n";
  }
  if (outcome.failed()) {
    for (const std::string& hint : outcome.hints) out += hint + "\n";
  }
  const std::string summary = summary_line(outcome);
  const std::string verdict = outcome.failed() ? "FAILED" : "PASSED";
  out += summary.substr(0, summary.size() - verdict.size()) + paint(verdict, outcome.failed() ? "1;31" : "1;32") + "\n";
  return out;
}

std::string render_json(const Outcome& outcome) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  const auto string = [&](const char* key, const std::string& value) {
    writer.Key(key);
    writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  const auto number = [&](const char* key, std::size_t value) {
    writer.Key(key);
    writer.Uint64(value);
  };
  writer.StartObject();
  string("command", outcome.command);
  string("result", outcome.failed() ? "FAILED" : "PASSED");
  writer.Key("counts");
  writer.StartObject();
  for (const auto& [name, value] : outcome.counts) number(name.c_str(), value);
  writer.EndObject();
  writer.Key("notes");
  writer.StartArray();
  for (const std::string& note : outcome.notes)
    writer.String(note.c_str(), static_cast<rapidjson::SizeType>(note.size()));
  writer.EndArray();
  writer.Key("problems");
  writer.StartArray();
  for (const Problem& problem : outcome.problems) {
    writer.StartObject();
    string("level", level_name(problem.level));
    string("id", problem.id);
    string("rule", problem.rule);
    string("title", problem.title);
    string("message", problem.message);
    string("file", problem.file);
    number("line", problem.line);
    number("column", problem.column);
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("hints");
  writer.StartArray();
  for (const std::string& hint : outcome.hints)
    writer.String(hint.c_str(), static_cast<rapidjson::SizeType>(hint.size()));
  writer.EndArray();
  writer.EndObject();
  return json::canonical_text(json::parse(buffer.GetString(), "outcome.json"));
}

std::string render_junit(const Outcome& outcome) {
  std::size_t failures = 0;
  for (const Problem& problem : outcome.problems) failures += problem.level == Level::error ? 1 : 0;
  const std::size_t tests = outcome.problems.size() + outcome.passed.size();
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"portcheck " + xml(outcome.command) + "\" tests=\"" + std::to_string(tests) +
         "\" failures=\"" + std::to_string(failures) + "\">\n";
  out += "  <testsuite name=\"" + xml(outcome.command) + "\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\">\n";
  for (const Problem& problem : outcome.problems) {
    out += "    <testcase classname=\"" + xml(problem.rule) + "\" name=\"" +
           xml(problem.id.empty() ? problem.title : problem.id) + "\"";
    if (problem.level != Level::error) {
      out += "><system-out>" + xml(level_name(problem.level) + ": " + problem.title) + "</system-out></testcase>\n";
      continue;
    }
    out += ">\n      <failure message=\"" + xml(problem.title) + "\">" + xml(location(problem) + problem.message) +
           "</failure>\n    </testcase>\n";
  }
  for (const std::string& name : outcome.passed) {
    out += "    <testcase classname=\"passed\" name=\"" + xml(name) + "\"/>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

std::string render_github(const Outcome& outcome, const RenderOptions& options) {
  constexpr std::size_t kPerLevel = 10;
  std::map<Level, std::size_t> shown;
  std::map<Level, std::size_t> hidden;
  std::string out;
  for (const std::string& note : outcome.notes) out += note + "\n";
  for (const Problem& problem : outcome.problems) {
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
    properties += std::string(properties.empty() ? "" : ",") + "title=" + github_escape_property(problem.title);
    out +=
        " " + properties + "::" + github_escape_data(problem.message.empty() ? problem.title : problem.message) + "\n";
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
  throw Error("unknown format \"" + name + "\" (formats: text, json, junit, github)");
}

std::string summary_line(const Outcome& outcome) {
  return "portcheck: " + outcome.summary + " — " + (outcome.failed() ? "FAILED" : "PASSED");
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
  for (char character : text) {
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

}  // namespace portcheck::gate
