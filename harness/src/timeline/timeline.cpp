#include "timeline/timeline.hpp"

#include <openssl/evp.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <map>
#include <regex>
#include <set>

#include "compare/compare.hpp"
#include "compare/document.hpp"
#include "gate/project.hpp"
#include "gate/recapture.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "json/files.hpp"
#include "json/pointer.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::timeline {

namespace {

// ---------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------

/// A channel row's status: its most severe finding's severity, or "none".
std::string worst_severity(const std::vector<const compare::Finding*>& findings) {
  if (findings.empty()) return "none";
  rules::Severity worst = rules::Severity::info;
  for (const compare::Finding* finding : findings) worst = std::max(worst, finding->severity);
  return rules::to_string(worst);
}

}  // namespace

Timeline build_timeline(std::vector<RevisionEvidence> columns) {
  Timeline timeline;
  // Rows in the order the revisions first show them: the manifest's, then
  // any a later revision adds.
  std::vector<std::pair<std::string, std::string>> row_names;
  std::set<std::string> seen;
  for (const RevisionEvidence& column : columns) {
    for (const auto& row : column.rows) {
      if (seen.insert(row.name).second) row_names.emplace_back(row.name, row.kind);
    }
  }
  for (const auto& [name, kind] : row_names) timeline.rows.push_back({name, kind, std::vector<Cell>(columns.size())});
  std::map<std::string, std::size_t> row_index;
  for (std::size_t index = 0; index < timeline.rows.size(); ++index) row_index[timeline.rows[index].name] = index;

  std::map<std::string, FindingHistory> histories;
  std::map<std::string, const compare::Finding*> previous;  // at the last column with evidence
  bool any_before = false;
  for (std::size_t column = 0; column < columns.size(); ++column) {
    const RevisionEvidence& evidence = columns[column];
    if (!evidence.has_evidence()) continue;
    std::map<std::string, const compare::Finding*> current;
    for (const compare::Finding& finding : evidence.findings) current.emplace(compare::finding_id(finding), &finding);
    std::map<std::string, std::vector<const compare::Finding*>> by_row;
    for (const auto& [id, finding] : current) by_row[finding->structure].push_back(finding);
    for (const auto& row : evidence.rows) {
      Cell& cell = timeline.rows[row_index.at(row.name)].cells[column];
      cell.evidence = true;
      const auto& findings = by_row[row.name];
      cell.status = row.kind == "channel" && row.status.empty() ? worst_severity(findings) : row.status;
      cell.findings = findings.size();
      for (const compare::Finding* finding : findings) {
        if (finding->severity == rules::Severity::breaking) ++cell.breaking;
        if (!any_before) continue;
        const auto before = previous.find(compare::finding_id(*finding));
        if (before == previous.end()) {
          ++cell.opened;
        } else if (before->second->severity != finding->severity || before->second->scenarios != finding->scenarios) {
          ++cell.changed;  // e.g. a key one side no longer writes in some scenarios
        }
      }
    }
    if (any_before) {
      for (const auto& [id, finding] : previous) {
        if (current.contains(id)) continue;
        const auto row = row_index.find(finding->structure);
        if (row != row_index.end()) ++timeline.rows[row->second].cells[column].closed;
      }
    }
    for (const auto& [id, finding] : current) {
      FindingHistory& history = histories[id];
      if (history.id.empty()) {
        history.id = id;
        history.structure = finding->structure;
        history.field = finding->field;
        history.rule = finding->rule;
      }
      history.severity = finding->severity;
      if (!previous.contains(id)) history.spans.push_back({any_before ? column : 0, std::nullopt});
    }
    for (const auto& [id, finding] : previous) {
      if (!current.contains(id)) histories[id].spans.back().closed = column;
    }
    // Pointers into this column's findings stay valid: `columns` is not
    // changed until it is moved into the timeline below.
    previous = std::move(current);
    any_before = true;
  }
  for (auto& [id, history] : histories) timeline.findings.push_back(std::move(history));
  timeline.columns = std::move(columns);
  return timeline;
}

namespace {

// ---------------------------------------------------------------------------
// What to watch, and the cache's key
// ---------------------------------------------------------------------------

void add_string(std::set<std::string>& into, const rapidjson::Value* value) {
  if (value != nullptr && value->IsString() && value->GetStringLength() > 0) into.insert(value->GetString());
}

void add_strings(std::set<std::string>& into, const rapidjson::Value* value) {
  if (value == nullptr || !value->IsArray()) return;
  for (const auto& element : value->GetArray()) add_string(into, &element);
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return nullptr;
  const auto found = object.FindMember(name);
  return found == object.MemberEnd() ? nullptr : &found->value;
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw Error("cannot compute a SHA-256 digest (OpenSSL)");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (unsigned int index = 0; index < length; ++index) {
    text += kHex[digest[index] >> 4];
    text += kHex[digest[index] & 15];
  }
  return text;
}

/// What the project captures with: a change to any of them makes every
/// cached capture stale. Relative paths and their SHA-256, sorted.
std::vector<std::pair<std::string, std::string>> capture_inputs(const std::filesystem::path& project) {
  std::vector<std::pair<std::string, std::string>> inputs;
  const auto add = [&](const std::filesystem::path& relative) {
    inputs.emplace_back(relative.generic_string(), sha256_hex(json::read_file(project / relative)));
  };
  for (const char* file : {"schemas/manifest.json", "scripts/capture", "scripts/sandbox", "fixtures/recorded.json"}) {
    if (std::filesystem::is_regular_file(project / file)) add(file);
  }
  for (const char* folder : {"fixtures/capture", "fixtures/scenarios"}) {
    if (!std::filesystem::is_directory(project / folder)) continue;
    auto walk = std::filesystem::recursive_directory_iterator(project / folder);
    for (auto entry = walk; entry != std::filesystem::recursive_directory_iterator(); ++entry) {
      const std::string name = entry->path().filename().string();
      // The capture's own build output, not its inputs.
      if (entry->is_directory() && (name == "target" || name == "__pycache__")) {
        entry.disable_recursion_pending();
        continue;
      }
      if (entry->is_regular_file() && name != "Cargo.lock") add(entry->path().lexically_relative(project));
    }
  }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

}  // namespace

std::vector<std::string> watched_pathspecs(const std::filesystem::path& project) {
  const json::Document manifest = json::load_file(project / "schemas" / "manifest.json");
  const rapidjson::Value& root = manifest.root();
  std::set<std::string> paths;
  if (const auto* upstream = member(root, "upstream")) add_strings(paths, member(*upstream, "contains"));
  std::map<std::string, std::string> python_paths;  // side → python_path
  if (const auto* sides = member(root, "sides"); sides != nullptr && sides->IsObject()) {
    for (const auto& side : sides->GetObject()) {
      const auto* capture = member(side.value, "capture");
      const auto* python_path = capture == nullptr ? nullptr : member(*capture, "python_path");
      if (python_path != nullptr && python_path->IsString())
        python_paths[side.name.GetString()] = python_path->GetString();
    }
  }
  if (const auto* structures = member(root, "structures"); structures != nullptr && structures->IsObject()) {
    for (const auto& structure : structures->GetObject()) {
      const auto* definitions = member(structure.value, "definitions");
      if (definitions == nullptr || !definitions->IsObject()) continue;
      for (const auto& definition : definitions->GetObject()) {
        add_string(paths, member(definition.value, "file"));
        if (const auto* also = member(definition.value, "also"); also != nullptr && also->IsArray()) {
          for (const auto& other : also->GetArray()) add_string(paths, member(other, "file"));
        }
        const auto* module = member(definition.value, "module");
        const auto python_path = python_paths.find(definition.name.GetString());
        if (module != nullptr && module->IsString() && python_path != python_paths.end()) {
          std::string file = module->GetString();
          std::replace(file.begin(), file.end(), '.', '/');
          paths.insert((std::filesystem::path(python_path->second) / (file + ".py")).generic_string());
        }
      }
    }
  }
  if (const auto* channels = member(root, "channels")) {
    if (const auto* sides = member(*channels, "sides"); sides != nullptr && sides->IsObject()) {
      for (const auto& side : sides->GetObject()) {
        add_strings(paths, member(side.value, "app_files"));
        add_strings(paths, member(side.value, "scan_files"));
      }
    }
    if (const auto* items = member(*channels, "rust_items"); items != nullptr && items->IsArray()) {
      for (const auto& item : items->GetArray()) add_string(paths, member(item, "file"));
    }
    if (const auto* consumers = member(*channels, "consumers"); consumers != nullptr && consumers->IsObject()) {
      for (const auto& consumer : consumers->GetObject()) add_strings(paths, member(consumer.value, "files"));
    }
  }
  // What the committed captures record reading (a module the runner imports,
  // a struct's other file): a commit changing it changes what they capture.
  const std::filesystem::path fixtures = project / "fixtures";
  if (std::filesystem::is_directory(fixtures)) {
    for (const auto& folder : std::filesystem::directory_iterator(fixtures)) {
      const std::filesystem::path capture = folder.path() / "capture.json";
      if (!std::filesystem::is_regular_file(capture)) continue;
      const json::Document document = json::load_file(capture);
      const rapidjson::Value* sources = json::find_pointer(document.root(), "/upstream/sources");
      if (sources == nullptr || !sources->IsArray()) continue;
      for (const auto& source : sources->GetArray()) add_string(paths, member(source, "file"));
    }
  }
  // Pathspecs: a path that names a parent folder or an option is no file of
  // the upstream's.
  std::vector<std::string> pathspecs;
  for (const std::string& path : paths) {
    if (path.starts_with("/") || path.starts_with("-") || path.starts_with(":") ||
        path.find("..") != std::string::npos) {
      throw Error("schemas/manifest.json names \"" + path +
                  "\" as an upstream file: give a path inside the upstream's tree");
    }
    pathspecs.push_back(path);
  }
  return pathspecs;
}

namespace {

// ---------------------------------------------------------------------------
// One revision: from the cache, or captured
// ---------------------------------------------------------------------------

/// "BASE..TIP" as the two commits' full hashes.
std::pair<std::string, std::string> resolve_range(const TimelineOptions& options) {
  std::string base;
  std::string tip = "HEAD";
  if (options.range.empty()) {
    const json::Document manifest = json::load_file(options.project / "schemas" / "manifest.json");
    const rapidjson::Value* revision = json::find_pointer(manifest.root(), "/upstream/revision");
    if (revision == nullptr || !revision->IsString()) {
      throw Error("schemas/manifest.json pins no upstream.revision: give --revs BASE..TIP");
    }
    base = revision->GetString();
  } else {
    const auto dots = options.range.find("..");
    if (dots == std::string::npos || options.range.find("...") != std::string::npos || dots == 0) {
      throw Error("--revs \"" + options.range + "\" is not a range: give BASE..TIP (or BASE.. for BASE to HEAD)");
    }
    base = options.range.substr(0, dots);
    if (dots + 2 < options.range.size()) tip = options.range.substr(dots + 2);
  }
  return {resolve_commit(options.repository, base), resolve_commit(options.repository, tip)};
}

/// Removes the half-written entries (.staged-PID-N) of timelines killed
/// before they could (kill -9): those whose process is gone. A live
/// process's, another timeline's under way, are left alone.
void remove_abandoned_entries(const std::filesystem::path& cache) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(cache, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(".staged-")) continue;
    const std::string digits = name.substr(8, name.find('-', 8) - 8);
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t owner = static_cast<pid_t>(std::stol(digits));
    if (::kill(owner, 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    std::filesystem::remove_all(entry.path(), ignored);
  }
}

/// Writes a cache entry's files into a fresh folder beside it, then renames
/// the folder into place: a reader sees a whole entry or none, and of two
/// timelines filling the same entry at once, one wins and the other's is
/// dropped (both are the same capture).
void publish(const std::filesystem::path& staged, const std::filesystem::path& entry) {
  std::error_code error;
  std::filesystem::rename(staged, entry, error);
  if (error) {
    std::filesystem::remove_all(staged, error);
    if (!std::filesystem::is_directory(entry)) {
      throw Error("cannot store a capture in the timeline's cache " + entry.parent_path().string());
    }
  }
}

/// Whether a failed capture failed because of the tree it captured, so that
/// the same tree fails the same way again and the failure is worth keeping:
/// a Python exception or a compiler error, or a tree that lacks what a
/// checkout holds. A failure of the machine (a tool missing, memory or disk
/// short, a process killed by a signal) is not kept: the next timeline tries
/// the revision again.
bool failed_by_the_tree(const gate::CaptureResult& result) {
  std::string text = result.log_tail;
  for (const std::string& line : result.cause) text += "\n" + line;
  static const std::regex machine(
      "MemoryError|No space left on device|Cannot allocate memory|[Oo]ut of memory|Too many open files|"
      "Resource temporarily unavailable|Disk quota exceeded|is missing: run scripts/setup");
  if (result.exit_code > 128 || std::regex_search(text, machine)) return false;
  return !result.cause.empty() || text.find("is not a checkout of") != std::string::npos;
}

std::string failure_text(const gate::CaptureResult& result, int timeout) {
  std::string text = result.timed_out ? "the capture did not end within " + std::to_string(timeout) + " s"
                                      : "the capture failed (exit " + std::to_string(result.exit_code) + ")";
  const std::vector<std::string>& lines =
      result.cause.empty() ? std::vector<std::string>{result.log_tail} : result.cause;
  for (const std::string& line : lines) text += "\n" + line;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

/// A revision's rows and findings from the evidence a capture laid out.
void compare_evidence(RevisionEvidence& column, const schema::SchemaSet& schemas, const compare::Claims& claims,
                      const std::filesystem::path& evidence) {
  const compare::Comparison comparison = compare::compare_project(schemas, evidence, claims);
  for (const compare::StructureComparison& structure : comparison.structures) {
    std::string name = structure.structure;
    if (!comparison.candidate_sides.empty() && structure.candidate_side != comparison.candidate_sides.front()) {
      name += " (vs " + structure.candidate_side + ")";
    }
    std::string status = compare::to_string(structure.observed_status);
    for (const auto& [side, located] : structure.located) {
      if (located.rule != rules::Rule::definition_moved) {
        status = rules::rule_id(located.rule) + " (" + side + ")";
        break;
      }
    }
    column.rows.push_back({name, "structure", status});
  }
  for (const channels::ChannelComparison& channels : comparison.channels) {
    if (!channels.present) continue;
    std::vector<std::string> names{"routes", "state", "channels"};
    for (const auto& body : channels.bodies) {
      if (std::find(names.begin(), names.end(), body.channel) == names.end()) names.push_back(body.channel);
    }
    for (const std::string& name : names) {
      const bool known =
          std::any_of(column.rows.begin(), column.rows.end(), [&](const auto& row) { return row.name == name; });
      if (!known) column.rows.push_back({name, "channel", ""});
    }
  }
  column.findings = compare::collect_findings(comparison);
}

}  // namespace

Timeline run_timeline(const TimelineOptions& options) {
  std::error_code status;  // a name the system refuses is not a folder either
  if (!std::filesystem::is_directory(options.repository, status)) {
    throw Error("--source " + options.repository.string() + " is not a folder" +
                (status ? " (" + status.message() + ")" : "") + ": give a clone of the upstream's repository");
  }
  const auto [base, tip] = resolve_range(options);
  const std::vector<std::string> pathspecs = watched_pathspecs(options.project);
  std::vector<std::string> commits{base};
  for (const std::string& commit : commits_touching(options.repository, base, tip, pathspecs))
    commits.push_back(commit);
  if (commits.size() > options.max_revisions) {
    throw Error("the range selects " + std::to_string(commits.size()) + " revisions (its base and " +
                std::to_string(commits.size() - 1) +
                " commits touching the watched files), more than --max-revisions " +
                std::to_string(options.max_revisions) + ": narrow --revs or raise --max-revisions");
  }
  const gate::ProjectPaths paths(options.project);
  const schema::SchemaSet schemas = schema::SchemaSet::load(paths.schemas);
  compare::Claims claims;
  if (std::filesystem::exists(paths.claims)) claims = compare::load_claims(paths.claims);

  const std::filesystem::path cache =
      std::filesystem::absolute(options.cache.empty() ? options.project / "build" / "timeline-cache" : options.cache)
          .lexically_normal();
  std::filesystem::create_directories(cache);
  remove_abandoned_entries(cache);
  std::string project_key;
  for (const auto& [file, hash] : capture_inputs(options.project)) project_key += "project " + file + " " + hash + "\n";

  // SIGINT or SIGTERM: the capture's processes stop, and the folders go.
  const gate::InterruptionGuard guard;
  const auto stop_if_interrupted = [] {
    if (const int signal_number = gate::InterruptionGuard::signal_number(); signal_number != 0) {
      throw Error("interrupted (signal " + std::to_string(signal_number) +
                  "): the timeline's temporary folders removed");
    }
  };
  std::vector<RevisionEvidence> columns;
  for (std::size_t index = 0; index < commits.size(); ++index) {
    stop_if_interrupted();
    RevisionEvidence column;
    column.revision = describe_commit(options.repository, commits[index]);
    const auto report = [&](const std::string& step, double seconds) {
      if (options.on_progress) options.on_progress(index, commits.size(), column.revision, step, seconds);
    };
    report("reading the tree", 0);
    gate::TemporaryFolder scratch("portcheck-timeline");
    const std::filesystem::path tree = scratch.path() / "tree";
    std::filesystem::create_directory(tree);
    export_tree(options.repository, column.revision.commit, tree);
    // The cache's key: what the project captures with, and the watched
    // files' contents at this revision.
    std::string key_text = "portcheck timeline capture 1\n" + project_key;
    for (const std::string& file : files_matching(options.repository, column.revision.commit, pathspecs)) {
      key_text += "upstream " + file + " " + sha256_hex(json::read_file(tree / file)) + "\n";
    }
    const std::filesystem::path entry = cache / sha256_hex(key_text);
    if (!std::filesystem::is_directory(entry)) {
      const auto started = std::chrono::steady_clock::now();
      const std::filesystem::path staged =
          cache / (".staged-" + std::to_string(::getpid()) + "-" + std::to_string(index));
      std::error_code ignored;
      std::filesystem::remove_all(staged, ignored);
      std::filesystem::create_directory(staged);
      try {
        const gate::CaptureResult result =
            gate::capture_guarded(options.project, tree, staged / "evidence", options.capture_timeout, report);
        column.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (result.timed_out || (!result.succeeded && !failed_by_the_tree(result))) {
          // Not kept: a slower machine, or a quieter one, may finish it; a
          // machine that lacked something may have it next time.
          std::filesystem::remove_all(staged, ignored);
          column.capture = "failed";
          column.machine_failed = true;
          column.failure = failure_text(result, options.capture_timeout) +
                           (result.timed_out ? "" : "\n(not kept in the cache: the machine failed, not the tree)");
          columns.push_back(std::move(column));
          continue;
        }
        if (!result.succeeded) {
          std::filesystem::remove_all(staged / "evidence", ignored);
          json::write_file_atomically(staged / "failure.txt", failure_text(result, options.capture_timeout) + "\n");
        } else if (!std::filesystem::is_directory(staged / "evidence")) {
          json::write_file_atomically(staged / "failure.txt", "the capture ended well but wrote no evidence\n");
        }
        std::filesystem::remove(staged / "evidence.log", ignored);
      } catch (...) {
        std::filesystem::remove_all(staged, ignored);
        throw;
      }
      publish(staged, entry);
    } else {
      column.capture = "cache";
      report("cache", 0);
    }
    if (std::filesystem::is_regular_file(entry / "failure.txt")) {
      column.capture = "failed";
      column.failure = json::read_file(entry / "failure.txt");
      while (!column.failure.empty() && column.failure.back() == '\n') column.failure.pop_back();
    } else {
      try {
        compare_evidence(column, schemas, claims, entry / "evidence");
      } catch (const Error& error) {
        column.capture = "failed";
        column.failure = "the captured evidence could not be compared: " + error.describe();
        column.rows.clear();
        column.findings.clear();
      }
    }
    columns.push_back(std::move(column));
  }
  stop_if_interrupted();
  Timeline timeline = build_timeline(std::move(columns));
  timeline.repository = options.repository.string();
  timeline.base = base;
  timeline.tip = tip;
  timeline.pathspecs = pathspecs;
  return timeline;
}

}  // namespace portcheck::timeline
