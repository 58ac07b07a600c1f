#include "schema_diff/schema_diff.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>

#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "json/pointer.hpp"
#include "schema/layout.hpp"
#include "schema/schema_checks.hpp"
#include "schema/schema_set.hpp"
#include "schema_diff/shell.hpp"

namespace portcheck::schema_diff {

using output::Level;
using output::Outcome;
using output::Problem;

namespace {

using rules::Rule;

/// A change of `rule`: breaking as the registry says, unless the rule's
/// policy decides otherwise for the case at hand.
SchemaChange change(std::string file, std::string pointer, Rule rule, std::string message,
                    std::optional<bool> breaking = {}) {
  return {std::move(file), std::move(pointer), rule,
          breaking.value_or(rules::rule_info(rule).severity == rules::Severity::breaking), std::move(message)};
}

/// Keywords that only describe: changing them cannot break a reader.
const std::set<std::string>& annotations() {
  static const std::set<std::string> keywords{"description",   "title",           "$comment",
                                              "examples",      "default",         "x-source-type",
                                              "x-source-name", "x-declared-only", "$schema"};
  return keywords;
}

std::string text_of(const json::Document& document, const rapidjson::Value& value) {
  return json::compact_canonical_text(document, value);
}

std::set<std::string> types_of(const rapidjson::Value& node) {
  std::set<std::string> types;
  const auto type = node.FindMember("type");
  if (type == node.MemberEnd()) return types;
  if (type->value.IsString()) types.insert(type->value.GetString());
  if (type->value.IsArray()) {
    for (const auto& name : type->value.GetArray()) {
      if (name.IsString()) types.insert(name.GetString());
    }
  }
  return types;
}

std::set<std::string> strings_of(const json::Document& document, const rapidjson::Value& node, const char* key) {
  std::set<std::string> values;
  const auto found = node.FindMember(key);
  if (found == node.MemberEnd() || !found->value.IsArray()) return values;
  for (const auto& item : found->value.GetArray()) values.insert(text_of(document, item));
  return values;
}

bool is_null_branch(const rapidjson::Value& node) {
  return node.IsObject() && node.MemberCount() == 1 && node.HasMember("type") && node["type"].IsString() &&
         std::string(node["type"].GetString()) == "null";
}

class Differ {
 public:
  Differ(std::string file, const json::Document& old_document, const json::Document& new_document,
         std::vector<SchemaChange>& changes)
      : file_(std::move(file)), old_(old_document), new_(new_document), changes_(changes) {}

  void schema(const rapidjson::Value& before, const rapidjson::Value& after, const std::string& pointer) {
    if (!before.IsObject() || !after.IsObject()) {
      if (text_of(old_, before) != text_of(new_, after)) add(pointer, Rule::schema_changed, "the subschema changed");
      return;
    }
    types(before, after, pointer);
    properties(before, after, pointer);
    required(before, after, pointer);
    enumeration(before, after, pointer);
    std::set<std::string> keys;
    for (const auto& member : before.GetObject()) keys.insert(member.name.GetString());
    for (const auto& member : after.GetObject()) keys.insert(member.name.GetString());
    for (const std::string& key : keys) {
      if (key == "type" || key == "properties" || key == "required" || key == "enum") continue;
      const auto old_value = before.FindMember(key.c_str());
      const auto new_value = after.FindMember(key.c_str());
      const bool in_old = old_value != before.MemberEnd();
      const bool in_new = new_value != after.MemberEnd();
      if (in_old && in_new && text_of(old_, old_value->value) == text_of(new_, new_value->value)) continue;
      const std::string at = json::append_pointer(pointer, key);
      if (annotations().contains(key)) {
        add(at, key == "description" || key == "title" ? Rule::description_changed : Rule::annotation_changed,
            key + " changed");
      } else if (key == "x-encoding") {
        add(at, Rule::x_encoding_changed,
            "x-encoding " + describe(in_old ? &old_value->value : nullptr) + " became " +
                describe(in_new ? &new_value->value : nullptr) + ": readers decode the value differently");
      } else if (key == "additionalProperties") {
        const bool old_closed = in_old && old_value->value.IsBool() && !old_value->value.GetBool();
        const bool new_closed = in_new && new_value->value.IsBool() && !new_value->value.GetBool();
        if (!old_closed && new_closed) {
          add(at, Rule::unknown_keys_rejected, "unknown keys are newly rejected");
        } else if (old_closed && !new_closed) {
          add(at, Rule::unknown_keys_allowed, "unknown keys are now allowed");
        } else if (in_old && in_new && old_value->value.IsObject() && new_value->value.IsObject()) {
          schema(old_value->value, new_value->value, at);
        } else {
          add(at, Rule::additional_properties_changed, "additionalProperties changed");
        }
      } else if (key == "definitions" && in_old && in_new && old_value->value.IsObject() &&
                 new_value->value.IsObject()) {
        definitions(old_value->value, new_value->value, at);
      } else if ((key == "anyOf" || key == "oneOf" || key == "allOf") && in_old && in_new &&
                 old_value->value.IsArray() && new_value->value.IsArray()) {
        branches(old_value->value, new_value->value, at);
      } else if (key == "items" && in_old && in_new) {
        items(old_value->value, new_value->value, at);
      } else if ((key == "minimum" || key == "maximum" || key == "minItems" || key == "maxItems" ||
                  key == "minLength" || key == "maxLength") &&
                 in_old && in_new && old_value->value.IsNumber() && new_value->value.IsNumber()) {
        const double before_bound = old_value->value.GetDouble();
        const double after_bound = new_value->value.GetDouble();
        const bool lower = key.starts_with("min");
        const bool narrowed = lower ? after_bound > before_bound : after_bound < before_bound;
        add(at, narrowed ? Rule::range_narrowed : Rule::range_widened,
            key + " " + text_of(old_, old_value->value) + " became " + text_of(new_, new_value->value));
      } else if (!in_old) {
        // Any new constraint can refuse a value the old schema accepted.
        add(at, Rule::constraint_added, key + " added");
      } else if (!in_new) {
        add(at, Rule::constraint_removed, key + " removed");
      } else {
        add(at,
            key == "$ref"      ? Rule::ref_changed
            : key == "pattern" ? Rule::pattern_changed
                               : Rule::constraint_changed,
            key + " " + shorten(text_of(old_, old_value->value)) + " became " +
                shorten(text_of(new_, new_value->value)));
      }
    }
  }

 private:
  static std::string shorten(const std::string& text) { return text.size() > 60 ? text.substr(0, 57) + "..." : text; }

  static std::string describe(const rapidjson::Value* value) {
    if (value == nullptr) return "(none)";
    return value->IsString() ? std::string("\"") + value->GetString() + "\"" : "(not a string)";
  }

  /// A change, breaking as the registry says unless the rule's policy
  /// decides otherwise for this case (`breaking`).
  void add(const std::string& pointer, Rule rule, const std::string& message, std::optional<bool> breaking = {}) {
    changes_.push_back(change(file_, pointer, rule, message, breaking));
  }

  void types(const rapidjson::Value& before, const rapidjson::Value& after, const std::string& pointer) {
    const auto old_types = types_of(before);
    const auto new_types = types_of(after);
    if (old_types == new_types) return;
    const std::string at = json::append_pointer(pointer, "type");
    if (new_types.empty()) {
      add(at, Rule::type_widened, "any type is now accepted");
      return;
    }
    for (const std::string& type : old_types) {
      if (new_types.contains(type)) continue;
      if (type == "null") {
        add(at, Rule::nullability_removed, "null is no longer accepted");
      } else {
        add(at, Rule::type_narrowed, type + " is no longer accepted");
      }
    }
    if (old_types.empty()) add(at, Rule::type_narrowed, "the type was unrestricted and now is restricted");
    for (const std::string& type : new_types) {
      if (old_types.contains(type) || old_types.empty()) continue;
      // As removing null is nullability-removed, adding it is nullability-added.
      if (type == "null") {
        add(at, Rule::nullability_added, "null is now accepted");
      } else {
        add(at, Rule::type_widened, type + " is now accepted");
      }
    }
  }

  void properties(const rapidjson::Value& before, const rapidjson::Value& after, const std::string& pointer) {
    const auto old_properties = before.FindMember("properties");
    const auto new_properties = after.FindMember("properties");
    const bool has_old = old_properties != before.MemberEnd() && old_properties->value.IsObject();
    const bool has_new = new_properties != after.MemberEnd() && new_properties->value.IsObject();
    const std::set<std::string> new_required = strings_of(new_, after, "required");
    if (has_old) {
      for (const auto& property : old_properties->value.GetObject()) {
        const std::string name = property.name.GetString();
        const std::string at = json::append_pointer(json::append_pointer(pointer, "properties"), name);
        if (!has_new || !new_properties->value.HasMember(name.c_str())) {
          add(at, Rule::property_removed, "property \"" + name + "\" was removed");
          continue;
        }
        schema(property.value, new_properties->value[name.c_str()], at);
      }
    }
    if (has_new) {
      for (const auto& property : new_properties->value.GetObject()) {
        const std::string name = property.name.GetString();
        if (has_old && old_properties->value.HasMember(name.c_str())) continue;
        const std::string at = json::append_pointer(json::append_pointer(pointer, "properties"), name);
        // A new required property is reported by required().
        if (!new_required.contains("\"" + name + "\"")) {
          add(at, Rule::optional_property_added, "optional property \"" + name + "\" was added");
        }
      }
    }
  }

  void required(const rapidjson::Value& before, const rapidjson::Value& after, const std::string& pointer) {
    const auto old_required = strings_of(old_, before, "required");
    const auto new_required = strings_of(new_, after, "required");
    const std::string at = json::append_pointer(pointer, "required");
    for (const std::string& name : new_required) {
      if (!old_required.contains(name)) add(at, Rule::required_added, name + " is now required");
    }
    for (const std::string& name : old_required) {
      if (!new_required.contains(name)) add(at, Rule::required_removed, name + " is no longer required");
    }
  }

  void enumeration(const rapidjson::Value& before, const rapidjson::Value& after, const std::string& pointer) {
    const bool had = before.HasMember("enum");
    const bool has = after.HasMember("enum");
    if (!had && !has) return;
    const auto old_values = strings_of(old_, before, "enum");
    const auto new_values = strings_of(new_, after, "enum");
    const std::string at = json::append_pointer(pointer, "enum");
    if (had && !has) {
      add(at, Rule::enum_removed, "the enum no longer restricts the value");
      return;
    }
    for (const std::string& value : old_values) {
      if (!new_values.contains(value)) add(at, Rule::enum_value_removed, value + " is no longer accepted");
    }
    for (const std::string& value : new_values) {
      if (!old_values.contains(value)) {
        // A new enum restricts the value: its values are all that is accepted now.
        add(at, Rule::enum_value_added, value + " is now accepted", !had);
      }
    }
  }

  void definitions(const rapidjson::Value& before, const rapidjson::Value& after, const std::string& pointer) {
    for (const auto& definition : before.GetObject()) {
      const std::string name = definition.name.GetString();
      const std::string at = json::append_pointer(pointer, name);
      if (!after.HasMember(name.c_str())) {
        add(at, Rule::definition_removed, "definition \"" + name + "\" was removed");
      } else {
        schema(definition.value, after[name.c_str()], at);
      }
    }
    for (const auto& definition : after.GetObject()) {
      if (!before.HasMember(definition.name)) {
        add(json::append_pointer(pointer, definition.name.GetString()), Rule::definition_added,
            std::string("definition \"") + definition.name.GetString() + "\" was added");
      }
    }
  }

  void branches(const rapidjson::Value& before, const rapidjson::Value& after, const std::string& pointer) {
    const bool old_null = std::any_of(before.Begin(), before.End(), is_null_branch);
    const bool new_null = std::any_of(after.Begin(), after.End(), is_null_branch);
    if (old_null && !new_null) add(pointer, Rule::nullability_removed, "null is no longer accepted");
    if (!old_null && new_null) add(pointer, Rule::nullability_added, "null is now accepted");
    std::vector<const rapidjson::Value*> old_branches;
    std::vector<const rapidjson::Value*> new_branches;
    for (const auto& branch : before.GetArray()) {
      if (!is_null_branch(branch)) old_branches.push_back(&branch);
    }
    for (const auto& branch : after.GetArray()) {
      if (!is_null_branch(branch)) new_branches.push_back(&branch);
    }
    for (std::size_t index = 0; index < std::min(old_branches.size(), new_branches.size()); ++index) {
      schema(*old_branches[index], *new_branches[index], json::append_pointer(pointer, std::to_string(index)));
    }
    if (old_branches.size() > new_branches.size()) add(pointer, Rule::branch_removed, "an alternative was removed");
    if (old_branches.size() < new_branches.size()) add(pointer, Rule::branch_added, "an alternative was added");
  }

  void items(const rapidjson::Value& before, const rapidjson::Value& after, const std::string& pointer) {
    if (before.IsArray() && after.IsArray()) {
      for (rapidjson::SizeType index = 0; index < std::min(before.Size(), after.Size()); ++index) {
        schema(before[index], after[index], json::append_pointer(pointer, std::to_string(index)));
      }
      if (before.Size() != after.Size()) add(pointer, Rule::tuple_length_changed, "the tuple's length changed");
      return;
    }
    schema(before, after, pointer);
  }

  std::string file_;
  const json::Document& old_;
  const json::Document& new_;
  std::vector<SchemaChange>& changes_;
};

std::set<std::string> json_files(const std::filesystem::path& folder) {
  std::set<std::string> files;
  if (!std::filesystem::is_directory(folder)) {
    throw Error("is not a schema folder", SourceLocation::in_file(folder.string()));
  }
  std::error_code error;
  for (auto entry = std::filesystem::recursive_directory_iterator(folder, error);
       !error && entry != std::filesystem::recursive_directory_iterator(); entry.increment(error)) {
    if (entry->path().extension() != ".json" || entry->path().filename() == "manifest.json") continue;
    // A schema that is a link loop, a dangling link or a FIFO is no schema
    // removed: it is a file that cannot be read, and said so.
    std::error_code status_error;
    if (!entry->is_regular_file(status_error)) {
      if (entry->is_directory(status_error)) continue;
      throw Error("is not a regular file that can be read (a link to nothing, a loop of links, a FIFO?)",
                  SourceLocation::in_file(entry->path().string()));
    }
    files.insert(entry->path().lexically_relative(folder).generic_string());
  }
  if (error) throw Error("cannot list the folder: " + error.message(), SourceLocation::in_file(folder.string()));
  return files;
}

void diff_manifests(const std::filesystem::path& old_folder, const std::filesystem::path& new_folder,
                    std::vector<SchemaChange>& changes) {
  const auto old_file = old_folder / "manifest.json";
  const auto new_file = new_folder / "manifest.json";
  if (!std::filesystem::exists(old_file) || !std::filesystem::exists(new_file)) return;
  const json::Document before = json::load_file(old_file);
  const json::Document after = json::load_file(new_file);
  if (!before.root().HasMember("sides") || !after.root().HasMember("sides")) return;
  for (const auto& side : before.root()["sides"].GetObject()) {
    const std::string name = side.name.GetString();
    const std::string pointer = json::append_pointer("/sides", name);
    if (!after.root()["sides"].HasMember(name.c_str())) {
      changes.push_back(change("manifest.json", pointer, Rule::side_removed, "side " + name + " was removed"));
      continue;
    }
    const rapidjson::Value& new_side = after.root()["sides"][name.c_str()];
    const auto policy = [](const rapidjson::Value& entry) {
      return entry.HasMember("unknown_keys") && entry["unknown_keys"].IsString()
                 ? std::string(entry["unknown_keys"].GetString())
                 : std::string("ignore");
    };
    if (policy(side.value) == "ignore" && policy(new_side) == "reject") {
      changes.push_back(change("manifest.json", json::append_pointer(pointer, "unknown_keys"), Rule::unknown_keys_rejected,
                               "the " + name + " reader now rejects unknown keys"));
    }
  }
}

/// Runs a shell command with its standard error in `log`; returns whether it
/// succeeded and, when it did not, the last line git printed (git's own words
/// are the most precise reason, but only its last line is about this call).
bool run_logged(const std::string& command, const std::filesystem::path& log, std::string& last_line) {
  if (std::system(("(" + command + ") 2>" + shell_quote(log.string())).c_str()) == 0) return true;
  std::string text;
  try {
    text = json::read_file(log);
  } catch (const Error&) {
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  last_line = text.substr(text.find_last_of('\n') == std::string::npos ? 0 : text.find_last_of('\n') + 1);
  return false;
}

/// A folder, or git:REV exported from the repository holding the project.
/// Each step is its own command so that a failure says which one failed:
/// not a repository, no such revision, no schemas/ at it, or the export.
std::filesystem::path materialize(const std::string& source, const std::filesystem::path& project,
                                  const std::filesystem::path& scratch, const std::string& label) {
  if (!source.starts_with("git:")) return source;
  const std::string revision = source.substr(4);
  if (revision.empty() || revision.starts_with("-")) {
    throw Error("\"" + source + "\" is not a usable git:REV (give a commit, branch or tag after \"git:\")");
  }
  const std::string in_project = "cd " + shell_quote(project.string()) + " && ";
  const std::filesystem::path log = scratch / (label + ".log");
  const std::filesystem::path prefix_file = scratch / (label + ".prefix");
  std::string reason;
  if (!run_logged(in_project + "git rev-parse --show-prefix >" + shell_quote(prefix_file.string()), log, reason)) {
    throw Error(source + ": the project folder " + project.string() +
                " is not in a git repository, so there is no revision to read; give a schema folder instead (" +
                reason + ")");
  }
  std::string prefix = json::read_file(prefix_file);
  while (!prefix.empty() && prefix.back() == '\n') prefix.pop_back();
  if (!run_logged(in_project + "git rev-parse --verify --quiet " + shell_quote(revision + "^{commit}") + " >/dev/null",
                  log, reason)) {
    throw Error(source + ": the repository holding " + project.string() + " has no commit named \"" + revision +
                "\" (try a commit hash, a branch such as main, or a tag)");
  }
  const std::string tree = revision + ":" + prefix + "schemas";
  if (!run_logged(in_project + "git cat-file -e " + shell_quote(tree), log, reason)) {
    throw Error(source + ": revision " + revision + " has no folder " + prefix + "schemas");
  }
  // The committed blobs themselves, one by one: `git archive` would apply
  // .gitattributes (export-ignore drops a schema, export-subst rewrites one)
  // and takes its paths from the current folder, not the repository's root.
  const std::filesystem::path target = scratch / label;
  std::filesystem::create_directories(target);
  const std::filesystem::path listing = scratch / (label + ".tree");
  if (!run_logged(
          in_project + "git ls-tree -r -z --full-tree " + shell_quote(tree) + " >" + shell_quote(listing.string()), log,
          reason)) {
    throw Error(source + ": cannot list " + prefix + "schemas at " + revision + ": " + reason);
  }
  const std::string entries = json::read_file(listing);
  for (std::size_t start = 0; start < entries.size();) {
    std::size_t end = entries.find('\0', start);
    if (end == std::string::npos) end = entries.size();
    // "<mode> <type> <object>\t<path>"
    const std::string entry = entries.substr(start, end - start);
    start = end + 1;
    const std::size_t tab = entry.find('\t');
    const std::size_t first_space = entry.find(' ');
    const std::size_t second_space =
        first_space == std::string::npos ? std::string::npos : entry.find(' ', first_space + 1);
    if (tab == std::string::npos || second_space == std::string::npos || second_space > tab) continue;
    const std::string mode = entry.substr(0, first_space);
    const std::string type = entry.substr(first_space + 1, second_space - first_space - 1);
    const std::string object = entry.substr(second_space + 1, tab - second_space - 1);
    const std::filesystem::path relative = std::filesystem::path(entry.substr(tab + 1)).lexically_normal();
    if (relative.is_absolute() || relative.empty() || *relative.begin() == "..") {
      throw Error(source + ": " + prefix + "schemas at " + revision +
                  " holds a path that leaves it: " + printable(entry.substr(tab + 1)));
    }
    const std::filesystem::path file = target / relative;
    if (type != "blob") continue;  // a submodule holds no schema of this repository
    std::filesystem::create_directories(file.parent_path());
    if (!run_logged(in_project + "git cat-file blob " + shell_quote(object) + " >" + shell_quote(file.string()), log,
                    reason)) {
      throw Error(source + ": cannot read " + prefix + "schemas/" + entry.substr(tab + 1) + " at " + revision + ": " +
                  reason);
    }
    if (mode == "120000") {
      // A link is committed as its target's path: made a link again, only
      // to a file of the same revision (a link to /tmp/x, or out through
      // "..", would read this machine's files, not what was committed).
      const std::string link = json::read_file(file);
      const std::filesystem::path resolved = (relative.parent_path() / link).lexically_normal();
      if (std::filesystem::path(link).is_absolute() || resolved.empty() || *resolved.begin() == "..") {
        throw Error(source + ": " + prefix + "schemas/" + printable(relative.generic_string()) + " at " + revision +
                    " is a link out of the revision's schemas (to " + printable(link) +
                    "): schema-diff reads only what was committed there");
      }
      std::filesystem::remove(file);
      std::filesystem::create_symlink(link, file);
    }
  }
  return target;
}

/// Each side must be a schema set portcheck reads (a manifest, schemas that
/// are draft-07 and that portcheck can compile, $refs that resolve): a
/// schema that is not one is no change to classify. A revision's files are
/// in a temporary folder, and are named as git:REV:path.
void require_schema_set(const std::filesystem::path& folder, const std::string& source) {
  try {
    // Loose schema files without a manifest are checked one by one.
    std::error_code error;
    if (std::filesystem::symlink_status(folder / "manifest.json", error).type() ==
        std::filesystem::file_type::not_found) {
      for (const std::string& file : json_files(folder)) schema::check_schema_document(json::load_file(folder / file));
    } else {
      const schema::SchemaSet set = schema::SchemaSet::load(folder);
      // The manifest's structures are loaded whole; every other file would
      // still be diffed as a schema: a schema of no declared structure is
      // refused as report refuses it, and any other is checked on its own.
      const std::vector<schema::UnknownStructure> unknown =
          schema::unknown_structures(set.manifest(), folder / "(no fixtures)");
      if (!unknown.empty()) {
        const schema::UnknownStructure& first = unknown.front();
        throw Error(first.message,
                    SourceLocation{first.file, first.line, first.column, first.pointer, !first.pointer.empty()});
      }
      std::set<std::filesystem::path> profiles;
      for (const schema::Side& side : set.manifest().sides) {
        profiles.insert(std::filesystem::weakly_canonical(side.profile_file, error));
      }
      for (const std::string& file : json_files(folder)) {
        if (profiles.contains(std::filesystem::weakly_canonical(folder / file, error))) continue;
        schema::check_schema_document(json::load_file(folder / file));
      }
    }
  } catch (const Error& error) {
    if (!source.starts_with("git:")) throw;
    const std::string temporary = folder.string();
    const auto shown = [&](std::string text) {
      // "<folder>/file" becomes "git:REV:file", "<folder>" itself "git:REV".
      for (std::size_t at = text.find(temporary); at != std::string::npos; at = text.find(temporary, at)) {
        const bool file = text.compare(at + temporary.size(), 1, "/") == 0;
        text.replace(at, temporary.size() + (file ? 1 : 0), source + (file ? ":" : ""));
      }
      return text;
    };
    SourceLocation where = error.where();
    where.file = where.file == folder.string() ? source : shown(where.file);
    throw Error(shown(error.message()), where);
  }
}

struct Allowance {
  std::string file;
  std::string pointer;
  Rule rule = Rule::schema_changed;
  std::string reason;
  std::size_t line = 0;  ///< where the entry starts in the --allow file
  std::size_t column = 0;
  bool used = false;
};

std::vector<Allowance> load_allowances(const std::filesystem::path& file) {
  std::vector<Allowance> allowances;
  if (file.empty()) return allowances;
  const json::Document document = json::load_file(file);
  const rapidjson::Value& root = document.root();
  if (!root.IsObject() || !root.HasMember("allow") || !root["allow"].IsArray()) {
    throw Error("expected {\"allow\": [{\"file\", \"pointer\", \"rule\", \"reason\"}, ...]}",
                SourceLocation::in_file(file.string()));
  }
  for (rapidjson::SizeType index = 0; index < root["allow"].Size(); ++index) {
    const rapidjson::Value& entry = root["allow"][index];
    const std::string pointer = "/allow/" + std::to_string(index);
    Allowance allowance;
    std::string rule;
    const auto at = [&](const std::string& place) {
      SourceLocation where{file.string(), 0, 0, place, true};
      if (const auto position = document.position_of(place)) {
        where.line = position->line;
        where.column = position->column;
      }
      return where;
    };
    for (const auto& [key, target] : {std::pair{"file", &allowance.file}, std::pair{"pointer", &allowance.pointer},
                                      std::pair{"rule", &rule}, std::pair{"reason", &allowance.reason}}) {
      if (!entry.IsObject() || !entry.HasMember(key) || !entry[key].IsString()) {
        throw Error(std::string("each allowance needs a string \"") + key + "\"", at(pointer));
      }
      *target = entry[key].GetString();
    }
    const std::optional<Rule> parsed = rules::parse_rule(rule);
    if (!parsed || rules::rule_info(*parsed).kind != rules::RuleKind::schema_change) {
      throw Error("\"" + rule + "\" is not a schema change (`portcheck rules --kind schema-change` lists them)",
                  at(pointer + "/rule"));
    }
    allowance.rule = *parsed;
    if (allowance.reason.empty() || allowance.reason.rfind("TODO", 0) == 0) {
      throw Error("an allowance needs a reason", SourceLocation{file.string(), 0, 0, pointer, true});
    }
    if (const auto position = document.position_of(pointer)) {
      allowance.line = position->line;
      allowance.column = position->column;
    }
    allowances.push_back(std::move(allowance));
  }
  return allowances;
}

}  // namespace

std::vector<SchemaChange> diff_schema_folders(const std::filesystem::path& old_folder,
                                              const std::filesystem::path& new_folder) {
  std::vector<SchemaChange> changes;
  diff_manifests(old_folder, new_folder, changes);
  const auto old_files = json_files(old_folder);
  const auto new_files = json_files(new_folder);
  for (const std::string& file : old_files) {
    if (!new_files.contains(file)) {
      changes.push_back(change(file, "", Rule::schema_removed, "the schema was removed"));
      continue;
    }
    const json::Document before = json::load_file(old_folder / file);
    const json::Document after = json::load_file(new_folder / file);
    Differ(file, before, after, changes).schema(before.root(), after.root(), "");
  }
  for (const std::string& file : new_files) {
    if (!old_files.contains(file)) changes.push_back(change(file, "", Rule::schema_added, "a new schema"));
  }
  return changes;
}

Outcome run_schema_diff(const SchemaDiffOptions& options) {
  std::string pattern = (std::filesystem::temp_directory_path() / "portcheck-schema-diff-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw Error("cannot create a temporary folder");
  const std::filesystem::path scratch = pattern;
  struct Cleanup {
    std::filesystem::path path;
    ~Cleanup() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } cleanup{scratch};

  const std::filesystem::path old_folder = materialize(options.old_source, options.project, scratch, "old");
  const std::filesystem::path new_folder = materialize(options.new_source, options.project, scratch, "new");
  require_schema_set(old_folder, options.old_source);
  require_schema_set(new_folder, options.new_source);
  std::vector<Allowance> allowances = load_allowances(options.allow_file);
  const std::vector<SchemaChange> changes = diff_schema_folders(old_folder, new_folder);

  Outcome outcome;
  outcome.command = "schema-diff";
  // A structure has a schema per side: count names, not files.
  std::set<std::string> structures;
  for (const std::string& file : json_files(new_folder)) {
    const std::string name = std::filesystem::path(file).filename().string();
    if (name.ends_with(".schema.json") && file != "report.schema.json") {
      structures.insert(name.substr(0, name.size() - std::string(".schema.json").size()));
    }
  }
  std::size_t breaking = 0;
  std::size_t acknowledged = 0;
  std::size_t stale = 0;
  std::optional<json::Document> cached;
  std::string cached_file;
  for (const SchemaChange& change : changes) {
    Problem problem;
    const std::string rule = rules::rule_id(change.rule);
    problem.id = change.file + "#" + change.pointer + "/" + rule;
    problem.rule = change.rule;
    problem.test_class = change.file;
    problem.test_name = change.pointer + "/" + rule;
    // A file's name may hold control characters: one line each, escaped.
    problem.title = printable(change.file + (change.pointer.empty() ? "" : " " + change.pointer)) + ": " + rule + " (" +
                    (change.breaking ? "breaking" : "non-breaking") + ")";
    problem.message = printable(change.message);
    // Point at the place in the new schemas when it still exists there; the
    // file shown is the one in the working tree when NEW is a folder.
    const bool new_is_folder = !options.new_source.starts_with("git:");
    const std::filesystem::path shown = new_is_folder ? std::filesystem::path(options.new_source) / change.file
                                                      : std::filesystem::path(options.new_source + ":" + change.file);
    problem.file = shown.string();
    if (new_is_folder && std::filesystem::exists(new_folder / change.file)) {
      if (cached_file != change.file) {
        cached.emplace(json::load_file(new_folder / change.file));
        cached_file = change.file;
      }
      if (const auto position = cached->nearest_position_of(change.pointer)) {
        problem.line = position->line;
        problem.column = position->column;
      }
    }
    if (!change.breaking) {
      problem.level = Level::notice;
    } else {
      const auto allowed = std::find_if(allowances.begin(), allowances.end(), [&](const Allowance& allowance) {
        return allowance.file == change.file && allowance.pointer == change.pointer && allowance.rule == change.rule;
      });
      if (allowed != allowances.end()) {
        allowed->used = true;
        problem.level = Level::warning;
        problem.message += " (acknowledged: " + allowed->reason + ")";
        ++acknowledged;
      } else {
        problem.level = Level::error;
        ++breaking;
      }
    }
    outcome.problems.push_back(std::move(problem));
  }
  for (const Allowance& allowance : allowances) {
    if (allowance.used) continue;
    ++stale;
    Problem problem;
    problem.rule = Rule::stale_allowance;
    problem.id = allowance.file + "#" + allowance.pointer + "/" + rules::rule_id(allowance.rule);
    problem.test_class = "allowance";
    problem.test_name = problem.id;
    problem.title = "allowance for " + allowance.file + " " + allowance.pointer + " (" + rules::rule_id(allowance.rule) +
                    ") matches no change: delete it";
    problem.file = options.allow_file.string();
    problem.line = allowance.line;
    problem.column = allowance.column;
    outcome.problems.push_back(std::move(problem));
  }
  const std::size_t non_breaking = changes.size() - breaking - acknowledged;
  outcome.counts = {
      {"structures", structures.size()}, {"changes", changes.size()},    {"breaking", breaking},
      {"acknowledged", acknowledged},    {"non_breaking", non_breaking}, {"allowances", allowances.size()},
      {"stale_allowances", stale}};
  outcome.summary = std::to_string(structures.size()) + " structures, " + std::to_string(changes.size()) +
                    " schema changes (" + std::to_string(breaking) + " breaking, " + std::to_string(acknowledged) +
                    " acknowledged, " + std::to_string(non_breaking) + " non-breaking), " +
                    std::to_string(allowances.size()) + " allowances, " + std::to_string(stale) + " stale allowances";
  if (outcome.failed()) {
    outcome.hints.push_back(
        "Acknowledge an intended breaking change with an entry {\"file\", \"pointer\", \"rule\", "
        "\"reason\"} in a file passed as --allow FILE.");
  }
  return outcome;
}

}  // namespace portcheck::schema_diff
