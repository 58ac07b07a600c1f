#include "schema/schema_set.hpp"

#include "schema/schema_checks.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>

#include <re2/re2.h>
#include <set>

#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>
#include "json/rapidjson.hpp"

#include "json/error.hpp"
#include "json/pointer.hpp"
#include "schema/ecma_pattern.hpp"
#include "schema/encodings.hpp"

namespace portcheck::schema {

namespace {

constexpr const char* kDraft07 = "http://json-schema.org/draft-07/schema#";

/// Keywords whose value is one schema, a map of schemas, or an array of schemas.
constexpr std::array<const char*, 9> kSchemaKeywords{
    "items", "additionalItems", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"};
constexpr std::array<const char*, 4> kSchemaMapKeywords{"properties", "definitions", "patternProperties",
                                                        "dependencies"};
constexpr std::array<const char*, 3> kSchemaArrayKeywords{"anyOf", "allOf", "oneOf"};

/// Keywords under which a subschema applies only sometimes, or to something
/// other than the value itself: a pattern there cannot be checked by walking
/// the document's values.
constexpr std::array<const char*, 8> kConditionalKeywords{
    "not", "if", "then", "else", "contains", "propertyNames", "dependencies", "patternProperties"};

/// What walk_schema tells about each subschema: its pointer, and the first
/// conditional keyword above it (null when it always applies).
using SchemaVisitor = std::function<void(const rapidjson::Value&, const std::string&, const char* conditional)>;

/// Calls visit for every subschema of a schema document, each before those
/// inside it.
void walk_schema(const rapidjson::Value& node, const std::string& pointer, const char* conditional,
                 const SchemaVisitor& visit) {
  if (!node.IsObject()) return;
  visit(node, pointer, conditional);
  const auto context_of = [&](const char* keyword) -> const char* {
    if (conditional != nullptr) return conditional;
    const bool sometimes = std::any_of(kConditionalKeywords.begin(), kConditionalKeywords.end(),
                                       [&](const char* other) { return std::string_view(other) == keyword; });
    return sometimes ? keyword : nullptr;
  };
  for (const char* keyword : kSchemaKeywords) {
    const auto found = node.FindMember(keyword);
    if (found == node.MemberEnd()) continue;
    const std::string child = json::append_pointer(pointer, keyword);
    if (found->value.IsArray()) {
      for (rapidjson::SizeType index = 0; index < found->value.Size(); ++index) {
        walk_schema(found->value[index], json::append_pointer(child, std::to_string(index)), context_of(keyword),
                    visit);
      }
    } else {
      walk_schema(found->value, child, context_of(keyword), visit);
    }
  }
  for (const char* keyword : kSchemaMapKeywords) {
    const auto found = node.FindMember(keyword);
    if (found == node.MemberEnd() || !found->value.IsObject()) continue;
    for (const auto& member : found->value.GetObject()) {
      walk_schema(member.value, json::append_pointer(json::append_pointer(pointer, keyword), member.name.GetString()),
                  context_of(keyword), visit);
    }
  }
  for (const char* keyword : kSchemaArrayKeywords) {
    const auto found = node.FindMember(keyword);
    if (found == node.MemberEnd() || !found->value.IsArray()) continue;
    for (rapidjson::SizeType index = 0; index < found->value.Size(); ++index) {
      walk_schema(found->value[index],
                  json::append_pointer(json::append_pointer(pointer, keyword), std::to_string(index)), conditional,
                  visit);
    }
  }
}

/// walk_schema for visitors that need only the node and its pointer.
void walk_schema(const rapidjson::Value& node, const std::string& pointer,
                 const std::function<void(const rapidjson::Value&, const std::string&)>& visit) {
  walk_schema(node, pointer, nullptr,
              [&](const rapidjson::Value& subschema, const std::string& at, const char*) { visit(subschema, at); });
}

[[noreturn]] void fail_at(const json::Document& document, const std::string& pointer, const std::string& message) {
  SourceLocation where{document.source_name(), 0, 0, pointer, true};
  if (const auto position = document.position_of(pointer)) {
    where.line = position->line;
    where.column = position->column;
  }
  throw Error(message, where);
}

/// The shapes draft-07 gives the keywords most often mistyped, checked in
/// the file that holds them: valijson would say only "invalid schema" and
/// name the structure's file being compiled, which may merely $ref this one.
void check_keyword_shapes(const json::Document& document, const rapidjson::Value& node, const std::string& pointer) {
  static const std::set<std::string> kTypes{"null", "boolean", "object", "array", "number", "string", "integer"};
  if (const auto type = node.FindMember("type"); type != node.MemberEnd()) {
    const std::string at = json::append_pointer(pointer, "type");
    const auto known = [&](const rapidjson::Value& name) {
      return name.IsString() && kTypes.contains(name.GetString());
    };
    if (type->value.IsArray()) {
      std::set<std::string> seen;
      for (rapidjson::SizeType index = 0; index < type->value.Size(); ++index) {
        const rapidjson::Value& name = type->value[index];
        const std::string item = json::append_pointer(at, std::to_string(index));
        if (!known(name))
          fail_at(document, item, "not a JSON type name (null, boolean, object, array, number, string, integer)");
        if (!seen.insert(name.GetString()).second)
          fail_at(document, item, "\"" + std::string(name.GetString()) + "\" is listed twice");
      }
      if (seen.empty()) fail_at(document, at, "\"type\" lists no type");
    } else if (!known(type->value)) {
      fail_at(document, at,
              "\"type\" must be a JSON type name (null, boolean, object, array, number, string, integer) or a list "
              "of them");
    }
  }
  if (const auto required = node.FindMember("required"); required != node.MemberEnd()) {
    const std::string at = json::append_pointer(pointer, "required");
    if (!required->value.IsArray()) fail_at(document, at, "\"required\" must be a list of key names");
    std::set<std::string> seen;
    for (rapidjson::SizeType index = 0; index < required->value.Size(); ++index) {
      const rapidjson::Value& name = required->value[index];
      const std::string item = json::append_pointer(at, std::to_string(index));
      if (!name.IsString()) fail_at(document, item, "a required key name must be a string");
      if (!seen.insert(name.GetString()).second)
        fail_at(document, item, "\"" + std::string(name.GetString()) + "\" is listed twice");
    }
  }
  for (const char* keyword : {"properties", "definitions"}) {
    if (const auto found = node.FindMember(keyword); found != node.MemberEnd() && !found->value.IsObject()) {
      fail_at(document, json::append_pointer(pointer, keyword),
              std::string("\"") + keyword + "\" must map names to schemas");
    }
  }
  for (const char* keyword : {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}) {
    if (const auto found = node.FindMember(keyword); found != node.MemberEnd() && !found->value.IsNumber()) {
      fail_at(document, json::append_pointer(pointer, keyword), std::string("\"") + keyword + "\" must be a number");
    }
  }
  for (const char* keyword : {"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}) {
    const auto found = node.FindMember(keyword);
    if (found == node.MemberEnd()) continue;
    // Draft-07 counts 2.0 as an integer too.
    const rapidjson::Value& bound = found->value;
    const bool whole = bound.IsUint64() || (bound.IsDouble() && bound.GetDouble() >= 0 && bound.GetDouble() < 1e19 &&
                                            std::floor(bound.GetDouble()) == bound.GetDouble());
    if (!whole) {
      fail_at(document, json::append_pointer(pointer, keyword),
              std::string("\"") + keyword + "\" must be a non-negative integer");
    }
  }
  for (const char* keyword : {"$ref", "pattern", "title", "description"}) {
    if (const auto found = node.FindMember(keyword); found != node.MemberEnd() && !found->value.IsString()) {
      fail_at(document, json::append_pointer(pointer, keyword), std::string("\"") + keyword + "\" must be a string");
    }
  }
  if (const auto found = node.FindMember("enum"); found != node.MemberEnd() && !found->value.IsArray()) {
    fail_at(document, json::append_pointer(pointer, "enum"), "\"enum\" must be a list of values");
  }
}

/// Checks what portcheck itself reads from a schema: the draft, the shapes of
/// its most used keywords, and the x- annotations' shapes and values.
void check_schema_shapes(const json::Document& document) {
  const rapidjson::Value& root = document.root();
  if (!root.IsObject()) fail_at(document, "", "a schema must be a JSON object");
  const auto draft = root.FindMember("$schema");
  if (draft == root.MemberEnd() || !draft->value.IsString() || std::string(draft->value.GetString()) != kDraft07) {
    fail_at(document, draft == root.MemberEnd() ? "" : "/$schema",
            std::string("\"$schema\" must be \"") + kDraft07 + "\": portcheck validates with draft-07 rules");
  }
  walk_schema(root, "", [&](const rapidjson::Value& node, const std::string& pointer) {
    check_keyword_shapes(document, node, pointer);
    if (const auto width = node.FindMember("x-integer"); width != node.MemberEnd()) {
      const std::string at = json::append_pointer(pointer, "x-integer");
      const std::string name = width->value.IsString() ? width->value.GetString() : "";
      if (name != "i32" && name != "u32" && name != "i64" && name != "u64") {
        fail_at(document, at, "x-integer must be one of i32, u32, i64, u64");
      }
    }
    for (const char* annotation :
         {"x-source-type", "x-source-name", "x-encoding", "x-parsed-by", "x-source-location"}) {
      const auto found = node.FindMember(annotation);
      if (found == node.MemberEnd()) continue;
      const std::string at = json::append_pointer(pointer, annotation);
      if (!found->value.IsString()) fail_at(document, at, std::string(annotation) + " must be a string");
      if (std::string(annotation) == "x-encoding" && !parse_encoding(found->value.GetString())) {
        std::string known;
        for (std::string_view encoding : kEncodingNames) known += (known.empty() ? "" : ", ") + std::string(encoding);
        fail_at(document, at,
                "unknown x-encoding \"" + std::string(found->value.GetString()) + "\" (known: " + known + ")");
      }
    }
    for (const char* flag : {"x-unread", "x-source-annotated"}) {
      const auto found = node.FindMember(flag);
      if (found != node.MemberEnd() && !found->value.IsBool()) {
        fail_at(document, json::append_pointer(pointer, flag), std::string(flag) + " must be true or false");
      }
    }
    const auto declared_only = node.FindMember("x-declared-only");
    if (declared_only != node.MemberEnd()) {
      const std::string at = json::append_pointer(pointer, "x-declared-only");
      if (!declared_only->value.IsObject()) {
        fail_at(document, at, "x-declared-only must map each attribute name to its declared type");
      }
      for (const auto& member : declared_only->value.GetObject()) {
        const std::string entry = json::append_pointer(at, member.name.GetString());
        if (member.value.IsString()) continue;
        const bool shaped = member.value.IsObject() && member.value.HasMember("type") &&
                            member.value["type"].IsString() &&
                            (!member.value.HasMember("annotated") || member.value["annotated"].IsBool());
        if (!shaped) {
          fail_at(document, entry,
                  "a declared type must be a string, or {\"type\": string, \"annotated\": false} where the code "
                  "declares none");
        }
      }
    }
  });
}

/// How many $refs a chain may follow before portcheck calls it too deep: far
/// more than any real schema nests, far less than would exhaust the stack of
/// valijson's recursive parser.
constexpr std::size_t kMaximumReferenceDepth = 64;

/// The $refs written in a schema subtree: where each is, and what it says.
std::vector<std::pair<std::string, std::string>> references_in(const rapidjson::Value& node,
                                                               const std::string& pointer) {
  std::vector<std::pair<std::string, std::string>> found;
  walk_schema(node, pointer, [&](const rapidjson::Value& subschema, const std::string& at) {
    const auto reference = subschema.FindMember("$ref");
    if (reference != subschema.MemberEnd() && reference->value.IsString()) {
      found.emplace_back(json::append_pointer(at, "$ref"), reference->value.GetString());
    }
  });
  return found;
}

/// Calls on_pattern(text, pointer, conditional keyword or null) for every
/// `pattern` of a schema document.
void find_patterns(const rapidjson::Value& root,
                   const std::function<void(const rapidjson::Value&, const std::string&, const char*)>& on_pattern) {
  walk_schema(root, "", nullptr,
              [&](const rapidjson::Value& node, const std::string& pointer, const char* conditional) {
                if (const auto found = node.FindMember("pattern"); found != node.MemberEnd()) {
                  on_pattern(found->value, json::append_pointer(pointer, "pattern"), conditional);
                }
              });
}

/// Removes the `pattern` keywords of a schema document (a copy, for
/// valijson): portcheck checks patterns itself (SchemaSet::pattern()).
void strip_patterns(rapidjson::Value& root) {
  std::vector<const rapidjson::Value*> holders;
  walk_schema(root, "", [&](const rapidjson::Value& node, const std::string&) {
    if (node.HasMember("pattern")) holders.push_back(&node);
  });
  // The nodes are root's own, which is not const. Innermost first: removing a
  // member may move the object's other members, but not what they hold.
  for (auto holder = holders.rbegin(); holder != holders.rend(); ++holder) {
    const_cast<rapidjson::Value*>(*holder)->RemoveMember("pattern");
  }
}

bool has_scheme(const std::string& reference) {
  const auto colon = reference.find(':');
  const auto slash = reference.find('/');
  return colon != std::string::npos && (slash == std::string::npos || colon < slash);
}

}  // namespace

void check_schema_document(const json::Document& document) { check_schema_shapes(document); }

StructureSchema::StructureSchema(std::string side, std::string structure, std::filesystem::path file,
                                 std::unique_ptr<valijson::Schema> compiled)
    : side_(std::move(side)),
      structure_(std::move(structure)),
      file_(std::move(file)),
      compiled_(std::move(compiled)) {}
StructureSchema::~StructureSchema() = default;
StructureSchema::StructureSchema(StructureSchema&&) noexcept = default;
StructureSchema& StructureSchema::operator=(StructureSchema&&) noexcept = default;

/// How many places describe() remembers.
constexpr std::size_t kMaximumDescriptions = 100000;

SchemaSet::SchemaSet() = default;
SchemaSet::~SchemaSet() = default;
SchemaSet::SchemaSet(SchemaSet&&) noexcept = default;
SchemaSet& SchemaSet::operator=(SchemaSet&&) noexcept = default;

const re2::RE2& SchemaSet::pattern(const std::string& source) const { return *patterns_.at(source); }

void SchemaSet::compile_patterns(const json::Document& document) {
  const rapidjson::Value& root = document.root();
  walk_schema(root, "", [&](const rapidjson::Value& node, const std::string& pointer) {
    for (const char* keyword : {"format", "patternProperties"}) {
      if (node.HasMember(keyword)) {
        fail_at(document, json::append_pointer(pointer, keyword),
                std::string(keyword) +
                    " is not supported: valijson checks it with std::regex, which a long string or a backtracking "
                    "pattern can exhaust; describe the value with pattern instead");
      }
    }
  });
  find_patterns(root, [&](const rapidjson::Value& value, const std::string& pointer, const char* where) {
    if (!value.IsString()) fail_at(document, pointer, "pattern must be a string");
    if (where != nullptr) {
      fail_at(document, pointer,
              std::string("a pattern under ") + where +
                  " applies only sometimes, which portcheck does not check; move it where it always applies");
    }
    const std::string source(value.GetString(), value.GetStringLength());
    if (patterns_.contains(source)) return;
    std::string translated;
    try {
      translated = ecma_to_re2(source);
    } catch (const UnsupportedPattern& error) {
      fail_at(document, pointer,
              "pattern \"" + source + "\" cannot run with its ECMA-262 meaning on portcheck's pattern engine (RE2: " +
                  "linear time, no backreferences or lookaround): " + error.what());
    }
    RE2::Options options;
    options.set_log_errors(false);
    auto compiled = std::make_unique<RE2>(translated, options);
    if (!compiled->ok()) {
      fail_at(document, pointer,
              "portcheck's pattern engine (RE2: linear time, no backreferences or lookaround) does not accept "
              "pattern \"" +
                  source + "\": " + compiled->error());
    }
    patterns_.emplace(source, std::move(compiled));
  });
}

const json::Document& SchemaSet::document(const std::filesystem::path& file) {
  const std::filesystem::path key = file.lexically_normal();
  const auto found = documents_.find(key);
  if (found != documents_.end()) return found->second;
  json::Document loaded = json::load_file(key);
  check_schema_shapes(loaded);
  compile_patterns(loaded);
  return documents_.emplace(key, std::move(loaded)).first->second;
}

void SchemaSet::check_references(const std::filesystem::path& file) {
  const std::filesystem::path folder = std::filesystem::weakly_canonical(manifest_.schemas_directory);
  /// One schema location being checked, with the $refs found in it still to follow.
  struct Step {
    std::filesystem::path file;
    std::string pointer;
    std::vector<std::pair<std::string, std::string>> references;
    std::size_t next = 0;
  };
  const auto key = [](const std::filesystem::path& where, const std::string& pointer) {
    return where.string() + "#" + pointer;
  };
  std::vector<Step> path;
  std::set<std::string> on_path;
  const auto enter = [&](const std::filesystem::path& where, const std::string& pointer) {
    const rapidjson::Value* node = json::find_pointer(document(where).root(), pointer);
    path.push_back({where, pointer, references_in(*node, pointer), 0});
    on_path.insert(key(where, pointer));
  };
  if (checked_references_.contains(key(file, ""))) return;
  enter(file, "");
  while (!path.empty()) {
    Step& step = path.back();
    if (step.next == step.references.size()) {
      checked_references_.insert(key(step.file, step.pointer));
      on_path.erase(key(step.file, step.pointer));
      path.pop_back();
      continue;
    }
    const auto [at, reference] = step.references[step.next++];
    const std::filesystem::path from = step.file;
    const json::Document& source = document(from);
    const auto hash = reference.find('#');
    const std::string file_part = reference.substr(0, hash);
    const std::string fragment = hash == std::string::npos ? "" : reference.substr(hash + 1);
    if (has_scheme(file_part) || (!file_part.empty() && file_part.front() == '/')) {
      fail_at(source, at,
              "$ref \"" + reference + "\" is not a relative file name: portcheck resolves $refs only within " +
                  manifest_.schemas_directory.string());
    }
    const std::filesystem::path target = file_part.empty() ? from : (from.parent_path() / file_part).lexically_normal();
    if (!file_part.empty()) {
      // A name the system refuses (a part longer than a file name may be)
      // is no file, said at the $ref.
      std::error_code refused;
      const std::filesystem::path resolved = std::filesystem::weakly_canonical(target, refused);
      if (refused) {
        fail_at(source, at,
                "$ref \"" + reference + "\": there is no file " + target.string() + " (" + refused.message() + ")");
      }
      const std::filesystem::path relative = resolved.lexically_relative(folder);
      if (relative.empty() || *relative.begin() == "..") {
        fail_at(source, at,
                "$ref \"" + reference + "\" leaves the schemas folder (" + manifest_.schemas_directory.string() +
                    "): portcheck resolves $refs only within it");
      }
      std::error_code status;  // a link loop is no file, not an internal error
      if (!std::filesystem::is_regular_file(target, status)) {
        fail_at(source, at,
                "$ref \"" + reference + "\": there is no file " + target.string() +
                    (status ? " (" + status.message() + ")" : ""));
      }
    }
    if (!fragment.empty() && fragment.front() != '/') {
      fail_at(source, at, "$ref \"" + reference + "\": portcheck resolves only JSON Pointer fragments (#/...)");
    }
    const json::Document& referenced = document(target);
    if (json::find_pointer(referenced.root(), fragment) == nullptr) {
      fail_at(source, at,
              "$ref \"" + reference + "\": " + target.string() + " has nothing at " +
                  (fragment.empty() ? std::string("(root)") : fragment));
    }
    const std::string target_key = key(target, fragment);
    if (on_path.contains(target_key)) {
      std::string cycle;
      bool in_cycle = false;
      for (const Step& earlier : path) {
        in_cycle = in_cycle || key(earlier.file, earlier.pointer) == target_key;
        if (in_cycle) cycle += earlier.file.filename().string() + "#" + earlier.pointer + " → ";
      }
      fail_at(source, at,
              "$ref cycle: " + cycle + target.filename().string() + "#" + fragment +
                  "; portcheck needs schemas without recursion (valijson cannot compile one)");
    }
    if (checked_references_.contains(target_key)) continue;
    if (path.size() >= kMaximumReferenceDepth) {
      fail_at(source, at,
              "$ref chain more than " + std::to_string(kMaximumReferenceDepth) +
                  " deep: flatten the schema (each $ref here leads to another)");
    }
    enter(target, fragment);
  }
}

SchemaSet SchemaSet::load(const std::filesystem::path& schemas_directory, const std::optional<SchemaChoice>& only) {
  SchemaSet set;
  set.manifest_ = load_manifest(schemas_directory);
  const auto chosen = [&only](const std::string& side, const std::string& structure) {
    return !only || (only->side == side && only->structure == structure);
  };
  for (const Structure& structure : set.manifest_.structures) {
    for (const std::string& side_name : structure.sides) {
      if (!chosen(side_name, structure.name)) continue;
      const Side& side = *set.manifest_.find_side(side_name);
      const std::filesystem::path file = set.manifest_.schema_path(side, structure.name).lexically_normal();
      const json::Document& root = set.document(file);
      set.check_references(file);

      // valijson asks for each referenced document by the URI written in $ref;
      // they are resolved against the folder of the schema being compiled and
      // loaded with the same strict loader. A load error is kept and rethrown
      // as it is, rather than as valijson's less precise message.
      std::optional<Error> fetch_error;
      const auto fetch = [&](const std::string& uri) -> const rapidjson::Document* {
        if (has_scheme(uri) || uri.empty()) {
          fetch_error = Error("$ref \"" + uri +
                                  "\" is not a relative file name: portcheck resolves $refs only within "
                                  "the schema folder",
                              SourceLocation::in_file(file.string()));
          return nullptr;
        }
        try {
          const json::Document& referenced = set.document(file.parent_path() / uri);
          auto copy = std::make_unique<rapidjson::Document>();
          copy->CopyFrom(referenced.root(), copy->GetAllocator());
          strip_patterns(*copy);
          return copy.release();
        } catch (const Error& error) {
          fetch_error = error;
          return nullptr;
        }
      };
      const auto free_document = [](const rapidjson::Document* document) { delete document; };

      auto compiled = std::make_unique<valijson::Schema>();
      try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        rapidjson::Document without_patterns;
        without_patterns.CopyFrom(root.root(), without_patterns.GetAllocator());
        strip_patterns(without_patterns);
        const valijson::adapters::RapidJsonAdapter adapter(without_patterns);
        parser.populateSchema(adapter, *compiled, fetch, free_document);
      } catch (const Error&) {
        throw;
      } catch (const std::exception& error) {
        if (fetch_error) throw *fetch_error;
        throw Error(std::string("invalid schema: ") + error.what(), SourceLocation::in_file(file.string()));
      }
      if (fetch_error) throw *fetch_error;
      set.schemas_.emplace_back(side.name, structure.name, file, std::move(compiled));
    }
  }

  // A field mapping that names no declared property is a typo waiting to hide
  // a finding: refuse it.
  for (const FieldMapping& mapping : set.manifest_.field_mappings) {
    for (const auto& [side_name, pointer] : mapping.pointers) {
      if (!chosen(side_name, mapping.structure)) continue;
      const StructureSchema* schema = set.find(side_name, mapping.structure);
      if (schema == nullptr || !set.describe(*schema, pointer).known) {
        throw Error("field mapping of " + mapping.structure + ": the " + side_name + " schema (" +
                        (schema == nullptr ? std::string("none") : schema->file().string()) +
                        ") declares no field at \"" + pointer + "\"; correct the pointer or declare the field",
                    mapping.locations.at(side_name));
      }
    }
  }
  for (const StorageMapping& mapping : set.manifest_.storage) {
    for (const StorageColumn& column : mapping.columns) {
      for (const auto& [side_name, pointer] : column.fields) {
        if (!chosen(side_name, mapping.structure)) continue;
        const StructureSchema* schema = set.find(side_name, mapping.structure);
        if (schema == nullptr || !set.describe(*schema, pointer).known) {
          throw Error("storage mapping of " + mapping.table + "." + column.column + ": the " + side_name +
                          " schema of " + mapping.structure + " declares no field at \"" + pointer +
                          "\"; correct the pointer or declare the field",
                      column.locations.at(side_name));
        }
      }
    }
  }
  // Every loaded file is held to the same checks, whether a structure's
  // schema or a file of definitions that one reaches (in full or in part):
  // each of its $refs resolves and leads to no cycle (which may load more
  // files), and no anyOf or oneOf of it has patterns in two alternatives.
  for (std::size_t loaded = 0; loaded != set.documents_.size();) {
    loaded = set.documents_.size();
    std::vector<std::filesystem::path> files;
    for (const auto& entry : set.documents_) files.push_back(entry.first);
    for (const std::filesystem::path& file : files) set.check_references(file);
  }
  for (const auto& entry : set.documents_) set.check_alternatives(entry.first);
  set.partial_ = only.has_value();
  set.index_references();
  return set;
}

const StructureSchema* SchemaSet::find(const std::string& side, const std::string& structure) const {
  const auto found = std::find_if(schemas_.begin(), schemas_.end(), [&](const StructureSchema& schema) {
    return schema.side() == side && schema.structure() == structure;
  });
  return found == schemas_.end() ? nullptr : &*found;
}

const StructureSchema& SchemaSet::get(const std::string& side, const std::string& structure) const {
  if (manifest_.find_side(side) == nullptr) {
    throw Error("unknown side \"" + side + "\" (sides: " + manifest_.side_names() + ")",
                SourceLocation::in_file(manifest_.file.string()));
  }
  if (manifest_.find_structure(structure) == nullptr) {
    throw Error("unknown structure \"" + structure + "\" (structures: " + manifest_.structure_names() + ")",
                SourceLocation::in_file(manifest_.file.string()));
  }
  const StructureSchema* schema = find(side, structure);
  const std::vector<std::string>& sides = manifest_.find_structure(structure)->sides;
  if (schema == nullptr && partial_ && std::find(sides.begin(), sides.end(), side) != sides.end()) {
    throw Error("internal error: the " + side + " schema of " + structure +
                " was not loaded (the schemas were loaded for one structure only)");
  }
  if (schema == nullptr) {
    throw Error("side " + side + " does not declare " + structure, SourceLocation::in_file(manifest_.file.string()));
  }
  return *schema;
}

const StructureSchema& SchemaSet::get_json(const std::string& side, const std::string& structure) const {
  const StructureSchema& schema = get(side, structure);
  if (!manifest_.find_structure(structure)->has_json(side)) {
    throw Error("side " + side + " has no JSON form of " + structure +
                    ": its code neither writes nor reads it as JSON (manifest writers and readers), so no " + side +
                    " document of it exists to check",
                SourceLocation::in_file(manifest_.file.string()));
  }
  return schema;
}

SchemaNode SchemaSet::root_of(const std::filesystem::path& file) const {
  const auto found = documents_.find(file.lexically_normal());
  if (found == documents_.end())
    throw Error("no schema is loaded from this file", SourceLocation::in_file(file.string()));
  return {&found->second.root(), found->first};
}

std::vector<DeclaredOnly> SchemaSet::declared_only(const StructureSchema& schema) const {
  std::vector<DeclaredOnly> entries;
  const rapidjson::Value& root = *root_of(schema.file()).value;
  const auto found = root.FindMember("x-declared-only");
  if (found == root.MemberEnd() || !found->value.IsObject()) return entries;
  for (const auto& member : found->value.GetObject()) {
    DeclaredOnly entry{member.name.GetString(), "", true};
    if (member.value.IsString()) {
      entry.type = member.value.GetString();
    } else {
      entry.type = member.value["type"].GetString();
      entry.annotated = !member.value.HasMember("annotated") || member.value["annotated"].GetBool();
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::string SchemaSet::source_location(const StructureSchema& schema) const {
  const rapidjson::Value& root = *root_of(schema.file()).value;
  const auto found = root.FindMember("x-source-location");
  return found != root.MemberEnd() && found->value.IsString() ? found->value.GetString() : "";
}

SchemaNode SchemaSet::resolve_reference(const SchemaNode& from, const std::string& reference) const {
  const auto hash = reference.find('#');
  const std::string file_part = reference.substr(0, hash);
  const std::string fragment = hash == std::string::npos ? "" : reference.substr(hash + 1);
  const std::filesystem::path file =
      file_part.empty() ? from.file.path() : (from.file.parent_path() / file_part).lexically_normal();
  const auto found = documents_.find(file);
  const rapidjson::Value* target =
      found == documents_.end() ? nullptr : json::find_pointer(found->second.root(), fragment);
  if (target == nullptr)
    throw Error("$ref \"" + reference + "\" does not resolve", SourceLocation::in_file(from.file.string()));
  return {target, found->first};
}

void SchemaSet::index_references() {
  for (const auto& [file, document] : documents_) {
    walk_schema(document.root(), "", [&, &path = file](const rapidjson::Value& node, const std::string&) {
      const auto reference = node.FindMember("$ref");
      if (reference == node.MemberEnd() || !reference->value.IsString()) return;
      references_.emplace(&reference->value, resolve_reference({&node, path}, reference->value.GetString()));
    });
  }
}

void SchemaSet::expand(const SchemaNode& node, std::vector<SchemaNode>& into, int depth) const {
  into.push_back(node);
  // A $ref cycle without any instance step in between would recurse forever.
  if (depth > 64 || !node.value->IsObject()) return;
  const auto reference = node.value->FindMember("$ref");
  if (reference != node.value->MemberEnd() && reference->value.IsString()) {
    const auto indexed = references_.find(&reference->value);
    expand(indexed != references_.end() ? indexed->second : resolve_reference(node, reference->value.GetString()), into,
           depth + 1);
  }
  for (const char* keyword : kSchemaArrayKeywords) {
    const auto branches = node.value->FindMember(keyword);
    if (branches == node.value->MemberEnd() || !branches->value.IsArray()) continue;
    for (const auto& branch : branches->value.GetArray()) expand({&branch, node.file}, into, depth + 1);
  }
  // What a conditional may apply describes the place too (its annotations);
  // validation decides whether it does.
  for (const char* keyword : {"then", "else"}) {
    const auto branch = node.value->FindMember(keyword);
    if (branch != node.value->MemberEnd() && branch->value.IsObject())
      expand({&branch->value, node.file}, into, depth + 1);
  }
}

std::vector<SchemaNode> SchemaSet::nodes_at(const StructureSchema& schema, const std::string& pointer) const {
  std::vector<SchemaNode> current = root_nodes(schema);
  for (const std::string& token : json::split_pointer(pointer)) current = child_nodes(current, token);
  return current;
}

std::vector<SchemaNode> SchemaSet::root_nodes(const StructureSchema& schema) const {
  std::vector<SchemaNode> nodes;
  expand(root_of(schema.file()), nodes, 0);
  return nodes;
}

bool SchemaSet::contains_pattern(const SchemaNode& node, std::map<const rapidjson::Value*, bool>& known) const {
  if (const auto found = known.find(node.value); found != known.end()) return found->second;
  bool contains = false;
  walk_schema(*node.value, "", [&](const rapidjson::Value& subschema, const std::string&) {
    if (contains) return;
    if (subschema.HasMember("pattern")) contains = true;
    const auto reference = subschema.FindMember("$ref");
    if (!contains && reference != subschema.MemberEnd() && reference->value.IsString()) {
      contains = contains_pattern(resolve_reference({&subschema, node.file}, reference->value.GetString()), known);
    }
  });
  known[node.value] = contains;
  return contains;
}

bool SchemaSet::admits_strings(const SchemaNode& node, std::size_t depth) const {
  const rapidjson::Value& value = *node.value;
  if (!value.IsObject() || depth > kMaximumReferenceDepth) return true;
  if (const auto reference = value.FindMember("$ref"); reference != value.MemberEnd() && reference->value.IsString()) {
    return admits_strings(resolve_reference(node, reference->value.GetString()), depth + 1);
  }
  if (const auto type = value.FindMember("type"); type != value.MemberEnd()) {
    if (type->value.IsString()) return std::string_view(type->value.GetString()) == "string";
    if (type->value.IsArray()) {
      return std::any_of(type->value.Begin(), type->value.End(), [](const rapidjson::Value& name) {
        return name.IsString() && std::string_view(name.GetString()) == "string";
      });
    }
  }
  for (const char* keyword : {"anyOf", "oneOf"}) {
    const auto branches = value.FindMember(keyword);
    if (branches == value.MemberEnd() || !branches->value.IsArray()) continue;
    return std::any_of(branches->value.Begin(), branches->value.End(), [&](const rapidjson::Value& branch) {
      return admits_strings({&branch, node.file}, depth + 1);
    });
  }
  return true;
}

void SchemaSet::check_alternatives(const std::filesystem::path& file) {
  const json::Document& source = document(file);
  std::map<const rapidjson::Value*, bool> known;
  walk_schema(source.root(), "", [&](const rapidjson::Value& node, const std::string& pointer) {
    for (const char* keyword : {"anyOf", "oneOf"}) {
      const auto branches = node.FindMember(keyword);
      if (branches == node.MemberEnd() || !branches->value.IsArray()) continue;
      std::size_t with_patterns = 0;
      for (const auto& branch : branches->value.GetArray()) with_patterns += contains_pattern({&branch, file}, known);
      if (with_patterns > 1) {
        fail_at(source, json::append_pointer(pointer, keyword),
                std::string("patterns in ") + std::to_string(with_patterns) + " alternatives of one " + keyword +
                    ": portcheck checks patterns on their own and cannot tell alternatives apart; keep them in one "
                    "branch");
      }
      if (with_patterns != 1) continue;
      // The pattern is checked on every string here, so no other alternative
      // may take strings: a string it accepts would be reported as a mismatch.
      std::size_t taking_strings = 0;
      for (const auto& branch : branches->value.GetArray()) taking_strings += admits_strings({&branch, file});
      if (taking_strings > 1) {
        fail_at(source, json::append_pointer(pointer, keyword),
                std::string("a pattern in one alternative of this ") + keyword +
                    " while another also takes strings: portcheck checks a pattern on every string here and "
                    "cannot tell which alternative a string meets; give the alternatives distinct types");
      }
    }
  });
}

std::vector<SchemaNode> SchemaSet::child_nodes(const std::vector<SchemaNode>& current, const std::string& token) const {
  std::vector<SchemaNode> next;
  for (const SchemaNode& node : current) {
    const rapidjson::Value& value = *node.value;
    if (!value.IsObject()) continue;
    const auto properties = value.FindMember("properties");
    const rapidjson::Value* declared = nullptr;
    if (properties != value.MemberEnd() && properties->value.IsObject()) {
      const auto found = properties->value.FindMember(rapidjson::StringRef(token.c_str()));
      if (found != properties->value.MemberEnd()) declared = &found->value;
    }
    if (declared != nullptr) {
      expand({declared, node.file}, next, 0);
    } else if (const auto additional = value.FindMember("additionalProperties");
               additional != value.MemberEnd() && additional->value.IsObject()) {
      expand({&additional->value, node.file}, next, 0);
    }
    const auto items = value.FindMember("items");
    if (items == value.MemberEnd()) continue;
    const bool is_index =
        !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!is_index) continue;
    if (items->value.IsObject()) {
      expand({&items->value, node.file}, next, 0);
    } else if (items->value.IsArray()) {
      // An index past what size_t holds (a key of 50 digits, found by
      // codec_fuzz) is past every item of the tuple.
      std::size_t index = std::numeric_limits<std::size_t>::max();
      std::from_chars(token.data(), token.data() + token.size(), index);
      if (index < items->value.Size()) {
        expand({&items->value[static_cast<rapidjson::SizeType>(index)], node.file}, next, 0);
      } else if (const auto additional = value.FindMember("additionalItems");
                 additional != value.MemberEnd() && additional->value.IsObject()) {
        expand({&additional->value, node.file}, next, 0);
      }
    }
  }
  return next;
}

FieldDescription SchemaSet::describe(const StructureSchema& schema, const std::string& pointer) const {
  const auto key = std::make_pair(&schema, pointer);
  {
    const std::lock_guard<std::mutex> lock(*descriptions_mutex_);
    if (const auto found = descriptions_.find(key); found != descriptions_.end()) return found->second;
  }
  FieldDescription description;
  const std::vector<SchemaNode> nodes = nodes_at(schema, pointer);
  description.known = !nodes.empty();
  bool any_type = false;
  const auto first_string = [](const rapidjson::Value& node, const char* key, std::string& into) {
    const auto found = node.FindMember(key);
    if (into.empty() && found != node.MemberEnd() && found->value.IsString()) into = found->value.GetString();
  };
  for (const SchemaNode& node : nodes) {
    const rapidjson::Value& value = *node.value;
    if (!value.IsObject()) continue;
    first_string(value, "x-source-type", description.source_type);
    first_string(value, "x-source-name", description.source_name);
    if (description.encoding == Encoding::none) {
      if (const auto found = value.FindMember("x-encoding"); found != value.MemberEnd() && found->value.IsString()) {
        description.encoding = parse_encoding(found->value.GetString()).value_or(Encoding::none);
      }
    }
    first_string(value, "pattern", description.pattern);
    first_string(value, "x-integer", description.integer);
    first_string(value, "x-parsed-by", description.parsed_by);
    if (const auto unread = value.FindMember("x-unread"); unread != value.MemberEnd() && unread->value.IsBool()) {
      description.unread = description.unread || unread->value.GetBool();
    }
    if (const auto annotated = value.FindMember("x-source-annotated");
        annotated != value.MemberEnd() && annotated->value.IsBool() && !annotated->value.GetBool()) {
      description.annotated = false;
    }
    const bool combines =
        value.HasMember("$ref") || value.HasMember("anyOf") || value.HasMember("oneOf") || value.HasMember("allOf");
    if (combines) continue;
    const auto type = value.FindMember("type");
    if (type == value.MemberEnd()) {
      // "const" alone still fixes the type; anything else admits every type.
      if (!value.HasMember("const")) any_type = true;
      continue;
    }
    const auto add = [&](const std::string& name) {
      if (std::find(description.types.begin(), description.types.end(), name) == description.types.end()) {
        description.types.push_back(name);
      }
    };
    if (type->value.IsString()) add(type->value.GetString());
    if (type->value.IsArray()) {
      for (const auto& name : type->value.GetArray()) {
        if (name.IsString()) add(name.GetString());
      }
    }
  }
  if (any_type) description.types.clear();
  const std::lock_guard<std::mutex> lock(*descriptions_mutex_);
  // Bounded: a scan of millions of documents may meet ever new places (array
  // indices); those past the bound are described again when asked.
  if (descriptions_.size() < kMaximumDescriptions) descriptions_.emplace(key, description);
  return description;
}

}  // namespace portcheck::schema
