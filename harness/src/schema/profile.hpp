#pragma once
/// A side's language profile (schemas/profiles/<language>.json): what the
/// harness must know about a language to compare declared types and judge
/// its readers and its database driver. Profiles are data, so that a new side
/// needs schemas, fixtures and a profile, and no C++.

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rules/rules.hpp"

namespace portcheck::schema {

/// The type families declared types fall into; a class or struct name that
/// no profile maps stands for itself.
inline const std::vector<std::string> kTypeFamilies{"string", "integer", "boolean", "float", "timestamp", "duration",
                                                    "bytes",  "any",     "list",    "map",   "tuple"};

/// A wrapper such as Optional[...] or Option<...>.
struct TypeWrapper {
  std::string prefix;
  std::string suffix;
};

/// A generic whose name starts with `prefix` (List[, Vec<) is of `family`.
struct GenericFamily {
  std::string prefix;
  std::string family;
};

/// What the side's reader does with a timestamp that has no UTC offset.
enum class NaiveTimestamps { accepted, refused };

/// One row of a driver's decode table; the first row that matches a column
/// and a declared type (Optional stripped) gives the verdict. An empty list
/// matches anything.
struct DecodeRule {
  std::vector<std::string> columns;       ///< catalog type names: int4, timestamptz, _text, ...
  std::vector<std::string> families;      ///< the declared type's family is one of these
  std::vector<std::string> not_families;  ///< ... or none of these
  std::vector<std::string> types;         ///< the declared type is one of these
  std::vector<std::string> not_types;     ///< ... or none of these
  rules::Rule rule = rules::Rule::decodes;
  std::string message;  ///< "{column}" and "{declared}" are filled in
};

/// The PostgreSQL driver a side reads its tables with.
struct DatabaseDriver {
  std::string name;  ///< "asyncpg", "sqlx"
  std::vector<DecodeRule> decode;
  /// The verdict for a nullable column into a field that is not optional,
  /// unless the value's own verdict is at least as severe. "{type}" is the
  /// declared type as written.
  rules::Rule nullable_into_required = rules::Rule::null_arrives_as_none;
  std::string nullable_message;
};

struct LanguageProfile {
  std::filesystem::path file;
  std::string language;
  std::string description;
  std::vector<TypeWrapper> optional;
  std::map<std::string, std::string> families;  ///< type name → family
  std::vector<GenericFamily> generics;
  /// Types whose values are their family's plain JSON (str, String, i64):
  /// two plain types of one family travel unchanged.
  std::set<std::string> plain_types;
  /// Types that hold null although they are not wrapped as optional (Any).
  std::set<std::string> null_holding;
  /// A few words on a type's values that a conversion to or from it should
  /// carry ("an interval's months have no length in seconds").
  std::map<std::string, std::string> type_notes;
  NaiveTimestamps naive_timestamps = NaiveTimestamps::accepted;
  std::optional<DatabaseDriver> database;

  /// The type without its optional wrapper, and whether it had one.
  [[nodiscard]] std::string without_optional(const std::string& declared_type, bool& optional) const;
  /// The family of a declared type (optional stripped); a name the profile
  /// does not know stands for itself.
  [[nodiscard]] std::string family(const std::string& declared_type) const;
};

/// Loads and checks a profile. Throws portcheck::Error naming the file, line,
/// column and pointer of whatever is wrong (an unknown family, rule or key).
LanguageProfile load_profile(const std::filesystem::path& file);

}  // namespace portcheck::schema
