#include "gate/recapture.hpp"

#include "gate/project.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <map>
#include <regex>
#include <set>

#include "json/diff.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "json/pointer.hpp"
#include "report/report.hpp"

namespace portcheck::gate {

using output::Level;
using output::Problem;

namespace {

/// The signal SIGINT or SIGTERM brought while a capture runs, or 0.
std::atomic<int> interrupted{0};
extern "C" void note_interruption(int signal_number) { interrupted = signal_number; }

/// How a guarded capture ended.
struct CaptureRun {
  int exit_code = 0;      ///< the script's, when it ended by itself
  bool timed_out = false;
  int signal_number = 0;  ///< SIGINT or SIGTERM that stopped portcheck, or 0
};

/// The environment a capture gets: what its tools need to run (PATH, HOME,
/// LANG, cargo's and rustup's homes) and TMPDIR set to portcheck's own
/// temporary folder, so that whatever the capture leaves there goes with it;
/// nothing else, so that database passwords and CI tokens never reach the
/// upstream's code.
std::vector<std::string> capture_environment(const std::filesystem::path& temporary) {
  std::vector<std::string> environment{"TMPDIR=" + temporary.string()};
  for (const char* name : {"PATH", "HOME", "LANG", "CARGO_HOME", "RUSTUP_HOME"}) {
    if (const char* value = std::getenv(name); value != nullptr) environment.push_back(std::string(name) + "=" + value);
  }
  return environment;
}

/// Runs the capture script in its own process group with a cleared
/// environment, its output in `log`; past `timeout` seconds, or on SIGINT or
/// SIGTERM to portcheck (noted by the caller's InterruptionGuard), the whole
/// group gets SIGTERM, then SIGKILL 10 s later.
/// The last complete "progress: <step>" line of the log from `offset` on,
/// advancing `offset` past the lines read; `step` is kept when none is new.
void read_progress(const std::filesystem::path& log, std::uintmax_t& offset, std::string& step) {
  std::ifstream stream(log, std::ios::binary);
  if (!stream) return;
  stream.seekg(static_cast<std::streamoff>(offset));
  std::string line;
  while (std::getline(stream, line)) {
    if (stream.eof()) break;  // a line still being written: read it whole next time
    offset += line.size() + 1;
    constexpr std::string_view kMarker = "progress: ";
    if (line.starts_with(kMarker)) step = line.substr(kMarker.size());
  }
}

CaptureRun run_guarded(const std::vector<std::string>& arguments, const std::filesystem::path& log,
                       const std::filesystem::path& temporary, int timeout,
                       const std::function<void(const std::string&, double)>& on_progress) {
  std::vector<std::string> environment = capture_environment(temporary);
  std::vector<char*> argv;
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (std::string& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  const pid_t child = ::fork();
  if (child < 0) throw Error("cannot start the capture: fork failed");
  if (child == 0) {
    ::setpgid(0, 0);
    const int output = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int input = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (output < 0 || input < 0) ::_exit(127);
    ::dup2(input, STDIN_FILENO);
    ::dup2(output, STDOUT_FILENO);
    ::dup2(output, STDERR_FILENO);
    struct sigaction reset {};
    reset.sa_handler = SIG_DFL;
    ::sigaction(SIGINT, &reset, nullptr);
    ::sigaction(SIGTERM, &reset, nullptr);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::setpgid(child, child);  // as the child does: no race with the kill below
  CaptureRun run;
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::steady_clock::now() - started; };
  int status = 0;
  std::uintmax_t read_up_to = 0;
  std::string step;
  for (unsigned tick = 0;; ++tick) {
    const pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) {
      run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return run;
    }
    if (interrupted != 0 || elapsed() > std::chrono::seconds(timeout)) break;
    if (on_progress && tick % 5 == 0) {
      read_progress(log, read_up_to, step);
      on_progress(step, std::chrono::duration<double>(elapsed()).count());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  run.signal_number = interrupted;
  run.timed_out = run.signal_number == 0;
  // SIGTERM first: the live capture stops its PostgreSQL and removes its folder.
  ::kill(-child, SIGTERM);
  const auto warned = std::chrono::steady_clock::now();
  while (::waitpid(child, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() - warned > std::chrono::seconds(10)) {
      ::kill(-child, SIGKILL);
      ::waitpid(child, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Whatever of the group outlived the script (a grandchild) goes too.
  ::kill(-child, SIGKILL);
  return run;
}

/// Files under a folder, relative to it, as generic paths.
std::set<std::string> files_under(const std::filesystem::path& folder) {
  std::set<std::string> files;
  if (!std::filesystem::is_directory(folder)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) files.insert(entry.path().lexically_relative(folder).generic_string());
  }
  return files;
}

std::string tail(const std::string& text, std::size_t lines) {
  if (text.empty()) return "(the capture printed nothing)";
  std::size_t at = text.size();
  for (std::size_t count = 0; count <= lines && at > 0; ++count) {
    const auto newline = text.rfind('\n', at - 1);
    if (newline == std::string::npos) return text;
    at = newline;
  }
  return text.substr(at + 1);
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace

TemporaryFolder::TemporaryFolder(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) throw Error("cannot create a temporary folder under " + pattern);
  path_ = pattern;
}

TemporaryFolder::~TemporaryFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

InterruptionGuard::InterruptionGuard() {
  interrupted = 0;
  struct sigaction action {};
  action.sa_handler = note_interruption;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, &saved_[0]);
  ::sigaction(SIGTERM, &action, &saved_[1]);
}

InterruptionGuard::~InterruptionGuard() {
  ::sigaction(SIGINT, &saved_[0], nullptr);
  ::sigaction(SIGTERM, &saved_[1], nullptr);
}

int InterruptionGuard::signal_number() { return interrupted.load(); }

std::vector<std::string> capture_failure_cause(const std::string& log) {
  const std::vector<std::string> lines = split_lines(log);
  // rustc: the first error, and the line saying where it is.
  static const std::regex rust_error(R"(^error(\[E\d+\])?: )");
  for (std::size_t index = 0; index < lines.size(); ++index) {
    if (!std::regex_search(lines[index], rust_error)) continue;
    std::vector<std::string> cause{lines[index]};
    if (index + 1 < lines.size() && lines[index + 1].find("--> ") != std::string::npos) cause.push_back(lines[index + 1]);
    return cause;
  }
  // Python: the last exception line, and the last frame before it that is
  // not the import machinery's (a SyntaxError's own place has no "in").
  static const std::regex exception(R"(^([A-Za-z_][A-Za-z0-9_]*\.)*[A-Za-z_][A-Za-z0-9_]*(Error|Exception|Exit|Interrupt|Warning)(: |$))");
  static const std::regex frame(R"(^\s*File "[^"]*", line \d+)");
  for (std::size_t index = lines.size(); index-- > 0;) {
    if (!std::regex_search(lines[index], exception)) continue;
    std::vector<std::string> cause;
    for (std::size_t back = index; back-- > 0;) {
      if (!std::regex_search(lines[back], frame) || lines[back].find("<frozen ") != std::string::npos) continue;
      for (std::size_t line = back; line < index; ++line) cause.push_back(lines[line]);
      break;
    }
    cause.push_back(lines[index]);
    return cause;
  }
  return {};
}

namespace {

/// file → sha256 from a capture.json, or nothing when it cannot be read.
std::map<std::string, std::string> source_hashes(const std::filesystem::path& capture) {
  std::map<std::string, std::string> hashes;
  try {
    const json::Document document = json::load_file(capture);
    const rapidjson::Value* sources = json::find_pointer(document.root(), "/upstream/sources");
    if (sources == nullptr || !sources->IsArray()) return hashes;
    for (const auto& source : sources->GetArray()) {
      if (source.IsObject() && source.HasMember("file") && source["file"].IsString() && source.HasMember("sha256") &&
          source["sha256"].IsString()) {
        hashes[source["file"].GetString()] = source["sha256"].GetString();
      }
    }
  } catch (const Error&) {
  }
  return hashes;
}

/// "<side> <method> <normalized path>" of every route in a channels.json,
/// or nothing when it cannot be read.
std::set<std::string> route_keys(const std::filesystem::path& channels) {
  std::set<std::string> keys;
  try {
    const json::Document document = json::load_file(channels);
    const rapidjson::Value* routes = json::find_pointer(document.root(), "/routes");
    if (routes == nullptr || !routes->IsArray()) return keys;
    for (const auto& route : routes->GetArray()) {
      if (!route.IsObject()) continue;
      std::string key;
      for (const char* member : {"side", "method", "normalized"}) {
        if (route.HasMember(member) && route[member].IsString()) key += (key.empty() ? "" : " ") + std::string(route[member].GetString());
      }
      keys.insert(key);
    }
  } catch (const Error&) {
  }
  return keys;
}

/// "routes added: rust GET /x; removed: python POST /y", or "".
std::string route_changes(const std::filesystem::path& before, const std::filesystem::path& after) {
  const std::set<std::string> old_keys = route_keys(before);
  const std::set<std::string> new_keys = route_keys(after);
  std::string added;
  std::string removed;
  for (const std::string& key : new_keys) {
    if (!old_keys.contains(key)) added += (added.empty() ? "" : ", ") + key;
  }
  for (const std::string& key : old_keys) {
    if (!new_keys.contains(key)) removed += (removed.empty() ? "" : ", ") + key;
  }
  std::string text;
  if (!added.empty()) text += "routes added: " + added;
  if (!removed.empty()) text += std::string(text.empty() ? "" : "; ") + "routes removed: " + removed;
  return text;
}

/// Whether a member records where something sits in the source (a line, a
/// range of lines, a file's hash, the file, module or item path a definition
/// is in) rather than what the code writes or reads.
bool is_position(std::string_view key) {
  return key == "line" || key.ends_with("_line") || key == "lines" || key == "clock_read_at" || key == "sha256" ||
         key == "file" || key == "module" || key == "item";
}

/// The value without its position members, at every depth: also a
/// definition-moved entry of a structure's "located" (the definition is the
/// same, elsewhere), and the module path of each key of capture.json's
/// "items" ("janitor::queue::QueueItem" is QueueItem, wherever it sits).
void strip_positions(rapidjson::Value& value, rapidjson::Document::AllocatorType& allocator) {
  if (value.IsObject()) {
    // By index: comparing two rapidjson member iterators is ambiguous in C++20.
    for (rapidjson::SizeType index = 0; index < value.MemberCount();) {
      auto member = value.MemberBegin() + index;
      const std::string_view name = member->name.GetString();
      if (name == "located" && member->value.IsArray()) {
        rapidjson::Value& entries = member->value;
        for (rapidjson::SizeType entry = 0; entry < entries.Size();) {
          const rapidjson::Value& outcome = entries[entry];
          const bool moved = outcome.IsObject() && outcome.HasMember("outcome") && outcome["outcome"].IsString() &&
                             outcome["outcome"].GetString() == rules::rule_id(rules::Rule::definition_moved);
          if (moved) {
            entries.Erase(entries.Begin() + entry);
          } else {
            ++entry;
          }
        }
        if (entries.Empty()) {
          value.EraseMember(member);
          continue;
        }
      }
      if (name == "items" && member->value.IsObject()) {
        // An item's last path segment, when no other item shares it (two
        // QueueItems, janitor::queue's and janitor_runner's, keep their paths).
        const auto last_segment = [](const std::string& path) {
          return path.substr(path.rfind("::") == std::string::npos ? 0 : path.rfind("::") + 2);
        };
        std::map<std::string, int> uses;
        for (rapidjson::SizeType item = 0; item < member->value.MemberCount(); ++item) {
          ++uses[last_segment((member->value.MemberBegin() + item)->name.GetString())];
        }
        rapidjson::Value renamed(rapidjson::kObjectType);
        // By index, as above.
        for (rapidjson::SizeType item = 0; item < member->value.MemberCount(); ++item) {
          auto entry = member->value.MemberBegin() + item;
          const std::string path = entry->name.GetString();
          const std::string key = uses[last_segment(path)] == 1 ? last_segment(path) : path;
          renamed.AddMember(rapidjson::Value(key.c_str(), allocator), entry->value, allocator);
        }
        member->value = renamed;
      }
      if (is_position(name)) {
        value.EraseMember(member);
      } else {
        strip_positions(member->value, allocator);
        ++index;
      }
    }
  } else if (value.IsArray()) {
    for (auto& element : value.GetArray()) strip_positions(element, allocator);
  }
}

/// Whether two captured files differ only in positions: lines moved and
/// files' hashes changed, with every definition, body, verdict and channel
/// the same. Nothing when either cannot be read.
bool only_positions_differ(const std::filesystem::path& committed, const std::filesystem::path& captured) {
  // Both files were written by scripts/capture; rapidjson's own equality
  // compares objects member by member, whatever their order.
  rapidjson::Document before;
  rapidjson::Document after;
  try {
    before.Parse(json::read_file(committed).c_str());
    after.Parse(json::read_file(captured).c_str());
  } catch (const Error&) {
    return false;
  }
  if (before.HasParseError() || after.HasParseError()) return false;
  strip_positions(before, before.GetAllocator());
  strip_positions(after, after.GetAllocator());
  return before == after;
}

/// What changed in a captured file, place by place, leaving out where things
/// sit in the source (lines, hashes: the moved-lines note says those).
/// Nothing when either file cannot be read as JSON.
std::vector<json::Change> semantic_changes(const std::filesystem::path& committed, const std::filesystem::path& captured) {
  try {
    const json::Document before = json::load_file(committed);
    const json::Document after = json::load_file(captured);
    std::vector<json::Change> changes = json::diff_values(before, before.root(), after, after.root());
    std::erase_if(changes, [](const json::Change& change) {
      const std::vector<std::string> tokens = json::split_pointer(change.pointer);
      return std::any_of(tokens.begin(), tokens.end(), [](const std::string& token) { return is_position(token); });
    });
    return changes;
  } catch (const Error&) {
    return {};
  }
}

/// capture.json's scenarios whose outcome is now "raised": per structure,
/// how many, and the first error, e.g. "python ActiveRun: the real code now
/// raises in 11 scenarios: AttributeError: ...".
std::vector<std::string> now_raising(const std::filesystem::path& captured, const std::vector<json::Change>& changes,
                                     const std::string& side) {
  std::map<std::string, std::pair<std::size_t, std::string>> raising;  // structure → count, first error
  std::optional<json::Document> document;
  for (const json::Change& change : changes) {
    // /structures/<S>/scenarios/<scenario>/outcome
    const std::vector<std::string> tokens = json::split_pointer(change.pointer);
    if (tokens.size() != 5 || tokens[0] != "structures" || tokens[2] != "scenarios" || tokens[4] != "outcome" ||
        change.after != "\"raised\"") {
      continue;
    }
    if (!document) document.emplace(json::load_file(captured));
    auto& [count, error] = raising[tokens[1]];
    if (count++ == 0) {
      const std::string at = change.pointer.substr(0, change.pointer.rfind('/')) + "/error";
      if (const rapidjson::Value* value = json::find_pointer(document->root(), at); value != nullptr && value->IsString()) {
        error = value->GetString();
      }
    }
  }
  std::vector<std::string> lines;
  for (const auto& [structure, found] : raising) {
    lines.push_back(side + " " + structure + ": the real code now raises in " + std::to_string(found.first) +
                    (found.first == 1 ? " scenario" : " scenarios") + (found.second.empty() ? "" : ": " + found.second));
  }
  return lines;
}

/// What a captured file records as not where the manifest says, e.g. "rust
/// RunHealthStatus: definition-missing: runner/src/watchdog.rs no longer
/// defines RunHealthStatus, ...": capture.json's definitions (and a channel
/// capture that could not be built), channels.json's listed files the tree
/// lacked. Nothing when the file cannot be read.
std::vector<std::string> located_definitions(const std::filesystem::path& captured, const std::string& side) {
  // The string at `pointer` under `value`, or "" (any other shape).
  const auto text = [](const rapidjson::Value& value, const std::string& pointer) {
    const rapidjson::Value* found = json::find_pointer(value, pointer);
    return found != nullptr && found->IsString() ? std::string(found->GetString()) : std::string();
  };
  std::vector<std::string> lines;
  try {
    const json::Document document = json::load_file(captured);
    const rapidjson::Value& root = document.root();
    // The channel capture as a whole (its items are all or nothing).
    if (!text(root, "/outcome").empty() && !text(root, "/reason").empty()) {
      lines.push_back(side + ": " + text(root, "/outcome") + ": the channels were not captured: " +
                      text(root, "/reason"));
    }
    // channels.json: the listed files the tree lacked.
    if (const rapidjson::Value* missing = json::find_pointer(root, "/missing"); missing != nullptr && missing->IsArray()) {
      for (const auto& entry : missing->GetArray()) {
        if (!text(entry, "/reason").empty()) lines.push_back(side + ": definition-missing: " + text(entry, "/reason"));
      }
    }
    const rapidjson::Value* structures = json::find_pointer(root, "/structures");
    if (structures == nullptr || !structures->IsObject()) return lines;
    for (const auto& structure : structures->GetObject()) {
      const rapidjson::Value* located = json::find_pointer(structure.value, "/located");
      if (located == nullptr || !located->IsArray()) continue;
      for (const auto& entry : located->GetArray()) {
        const std::string outcome = text(entry, "/outcome");
        std::string line = side + " " + structure.name.GetString() + ": " + outcome + ": ";
        if (outcome == rules::rule_id(rules::Rule::definition_moved)) {
          const rapidjson::Value* number = json::find_pointer(entry, "/line");
          const std::string to = text(entry, "/file").empty() ? text(entry, "/to") : text(entry, "/file");
          line += text(entry, "/item") + " moved from " + text(entry, "/from") + " to " + to +
                  (number != nullptr && number->IsInt() ? ":" + std::to_string(number->GetInt()) : "") +
                  " (captured from there; point schemas/manifest.json's definitions." + side + " at it)";
        } else {
          line += text(entry, "/reason");
        }
        lines.push_back(line);
      }
    }
  } catch (const Error&) {
  }
  return lines;
}

/// The changes as the message shows them: the first few, values shortened.
std::string described(const std::vector<json::Change>& changes) {
  constexpr std::size_t kShown = 12;
  // Never cut inside a UTF-8 sequence: the report's own shortening.
  const auto shortened = [](const std::string& text) { return report::shorten(text, 60); };
  std::string text;
  for (std::size_t index = 0; index < changes.size() && index < kShown; ++index) {
    const json::Change& change = changes[index];
    text += "\n  " + (change.pointer.empty() ? std::string("(root)") : change.pointer) + ": " +
            json::to_string(change.kind);
    switch (change.kind) {
      case json::ChangeKind::added:
        text += " " + shortened(change.after);
        break;
      case json::ChangeKind::removed:
        text += " (was " + shortened(change.before) + ")";
        break;
      case json::ChangeKind::renamed:
        text += " from " + change.from;
        break;
      case json::ChangeKind::type_changed:
      case json::ChangeKind::value_changed:
        text += " " + shortened(change.before) + " → " + shortened(change.after);
        break;
    }
  }
  if (changes.size() > kShown) {
    text += "\n  (" + std::to_string(changes.size() - kShown) + " more: --format json lists every change)";
  }
  return text;
}

/// A difference from the committed evidence, identified by its file and rule.
Problem stale(const std::string& file, const std::string& title, const std::string& message,
              rules::Rule rule = rules::Rule::stale_capture) {
  Problem problem;
  problem.rule = rule;
  problem.id = file + "/" + rules::rule_id(rule);
  problem.file = file;
  problem.title = title;
  problem.message = message;
  return problem;
}

}  // namespace

CaptureResult capture_guarded(const std::filesystem::path& project, const std::filesystem::path& source,
                              const std::filesystem::path& output, int timeout,
                              const std::function<void(const std::string&, double)>& on_progress) {
  const std::filesystem::path script = project / "scripts" / "capture";
  if (!std::filesystem::is_regular_file(script)) {
    throw Error("cannot capture: " + script.string() + " does not exist (--project must be a portcheck project)");
  }
  // The log and the capture's own temporary files beside the output, so
  // that they go with the caller's folder. Absolute: the sandbox is given
  // these paths, and a relative one (timeline's default cache,
  // build/timeline-cache) would be taken from the sandbox's own folder.
  const std::filesystem::path absolute_output = std::filesystem::absolute(output).lexically_normal();
  const std::filesystem::path log = absolute_output.parent_path() / (absolute_output.filename().string() + ".log");
  const std::filesystem::path temporary =
      absolute_output.parent_path() / (absolute_output.filename().string() + ".tmp");
  std::filesystem::create_directory(temporary);
  // The script's own --timeout is portcheck's, so that the sandbox is stopped
  // by the script even if portcheck itself is killed.
  const CaptureRun run =
      run_guarded({std::filesystem::absolute(script).string(), "--source", std::filesystem::absolute(source).string(),
                   "--output", absolute_output.string(), "--timeout", std::to_string(timeout)},
                  log, temporary, timeout, on_progress);
  std::error_code ignored;
  std::filesystem::remove_all(temporary, ignored);
  if (run.signal_number != 0) {
    throw Error("interrupted (signal " + std::to_string(run.signal_number) +
                "): the capture's processes were stopped and its temporary folder removed");
  }
  CaptureResult result;
  result.timed_out = run.timed_out;
  result.exit_code = run.exit_code;
  result.succeeded = !run.timed_out && run.exit_code == 0;
  if (!result.succeeded) {
    std::string text;
    try {
      text = json::read_file(log);
    } catch (const Error&) {
    }
    result.cause = capture_failure_cause(text);
    result.log_tail = tail(text, 12);
  }
  return result;
}

std::vector<Problem> recapture_problems(const std::filesystem::path& project, const std::filesystem::path& source,
                                        const std::vector<std::string>& sides, int timeout, bool strict,
                                        const std::function<void(const std::filesystem::path&)>& on_captured,
                                        const std::function<void(const std::string&, double)>& on_progress) {
  std::error_code status;  // a name the system refuses is not a folder either
  if (!std::filesystem::is_directory(source, status)) {
    throw Error("--source " + source.string() + " is not a folder" + (status ? " (" + status.message() + ")" : "") +
                ": give a janitor checkout");
  }
  // Before the folder exists, so that no signal can leave it behind.
  const InterruptionGuard guard;
  TemporaryFolder output("portcheck-recapture");
  const std::filesystem::path captured = output.path() / "captured";
  const CaptureResult run = capture_guarded(project, source, captured, timeout, on_progress);
  std::vector<Problem> problems;
  if (!run.succeeded) {
    Problem problem;
    problem.rule = rules::Rule::capture_failed;
    problem.id = "capture/" + source.string();
    problem.title = run.timed_out
                        ? "capturing from " + source.string() + " did not end within " + std::to_string(timeout) +
                              " s (--capture-timeout): its processes were stopped"
                        : "capturing from " + source.string() + " failed (exit " + std::to_string(run.exit_code) +
                              "): the code no longer fits the capture, or the source is incomplete";
    // The cause first, wherever the log has it; then how the log ends.
    for (const std::string& line : run.cause) problem.message += line + "\n";
    if (!run.cause.empty()) problem.message += "the end of the capture's log:\n";
    problem.message += run.log_tail;
    problems.push_back(std::move(problem));
    return problems;
  }

  std::vector<Problem> moved_files;  // files whose only change is where things sit in the source
  for (const std::string& side : sides) {
    const std::filesystem::path committed_folder = (project / "fixtures" / side).lexically_normal();
    const std::filesystem::path captured_folder = captured / side;
    const std::set<std::string> committed = files_under(committed_folder);
    const std::set<std::string> fresh = files_under(captured_folder);
    for (const std::string& name : committed) {
      const std::string path = (committed_folder / name).generic_string();
      if (!fresh.contains(name)) {
        problems.push_back(stale(path, "the real code no longer produces it",
                                 "capture from " + source.string() +
                                     " writes no such file: run scripts/capture "
                                     "--source " +
                                     source.string() + " and commit fixtures/"));
        continue;
      }
      if (json::read_file(committed_folder / name) == json::read_file(captured_folder / name)) continue;
      const bool moved_only = only_positions_differ(committed_folder / name, captured_folder / name);
      std::string message = "the real code at " + source.string() + " now gives different bytes";
      const std::string file_name = std::filesystem::path(name).filename().string();
      // What the capture could not find or build, first: it explains the rest.
      if (file_name == "capture.json" || file_name == "channels.json") {
        for (const std::string& line : located_definitions(captured_folder / name, side)) message += "; " + line;
      }
      if (std::filesystem::path(name).filename() == "capture.json") {
        const auto before = source_hashes(committed_folder / name);
        const auto after = source_hashes(captured_folder / name);
        std::string changed;
        for (const auto& [file, hash] : after) {
          const auto old = before.find(file);
          if (old == before.end()) {
            changed += (changed.empty() ? "" : ", ") + file + " (new)";
          } else if (old->second != hash) {
            changed += (changed.empty() ? "" : ", ") + file + " (sha256 " + old->second.substr(0, 12) + " → " +
                       hash.substr(0, 12) + ")";
          }
        }
        for (const auto& [file, hash] : before) {
          if (!after.contains(file)) changed += (changed.empty() ? "" : ", ") + file + " (no longer read)";
        }
        if (!changed.empty()) message += "; source files that changed: " + changed;
      }
      if (moved_only) {
        // Lines moved, or a definition to another file, nothing crossing a
        // channel changed: a note, not drift (unless something else did
        // change: see below).
        const bool definition_moved = message.find(rules::rule_id(rules::Rule::definition_moved)) != std::string::npos;
        Problem moved = stale(path,
                              definition_moved ? "only where definitions sit moved (lines, files, file hashes)"
                                               : "only lines and file hashes moved",
                              message +
                                  "; it writes and reads the same: recapture to record the new places "
                                  "(scripts/capture --source " +
                                  shell_word(source.string()) + ")",
                              rules::Rule::source_moved);
        moved.level = strict ? Level::error : Level::notice;
        moved_files.push_back(std::move(moved));
        continue;
      }
      if (side == "channels" && file_name == "channels.json") {
        const std::string routes = route_changes(committed_folder / name, captured_folder / name);
        if (!routes.empty()) message += "; " + routes;
      }
      const std::vector<json::Change> changes = semantic_changes(committed_folder / name, captured_folder / name);
      if (file_name == "capture.json") {
        for (const std::string& line : now_raising(captured_folder / name, changes, side)) message += "; " + line;
      }
      const std::string title = side == "channels" && file_name == "channels.json"
                                    ? "the channels read from the source changed (routes, bodies, state, consumers' calls)"
                                : file_name == "verdicts.json" || file_name.starts_with("verdicts-")
                                    ? "the real readers now judge the fixtures differently"
                                : file_name == "capture.json" ? "the captured definitions or scenario outcomes changed"
                                                              : "the real code now writes it differently";
      Problem problem =
          stale(path, title,
                message + ": run scripts/capture --source " + shell_word(source.string()) + " and commit fixtures/" +
                    (changes.empty() ? "" : "; what changed:" + described(changes)));
      problem.changes = changes;
      problems.push_back(std::move(problem));
    }
    for (const std::string& name : fresh) {
      if (committed.contains(name)) continue;
      const std::string path = (committed_folder / name).generic_string();
      problems.push_back(
          stale(path, "the real code now produces it, but it is not committed",
                "run scripts/capture --source " + shell_word(source.string()) + " and commit fixtures/"));
    }
  }
  // Where the code really changed, the moved lines and changed hashes are
  // part of its explanation, and fail with it; alone they are notes.
  const bool drifted = !problems.empty();
  if (drifted && on_captured) on_captured(captured);
  for (Problem& moved : moved_files) {
    if (drifted) {
      moved.rule = rules::Rule::stale_capture;
      moved.level = Level::error;
      moved.id = moved.file + "/" + rules::rule_id(moved.rule);
      moved.title = "the captured definitions or scenario outcomes changed";
    }
    problems.push_back(std::move(moved));
  }
  // A signal while the captured files were compared: the folder goes with
  // this function's scope, and portcheck ends as it would have.
  if (interrupted != 0) {
    throw Error("interrupted (signal " + std::to_string(interrupted.load()) + "): the capture's temporary folder removed");
  }
  return problems;
}

}  // namespace portcheck::gate
