#pragma once
/// Canonical JSON text, the form of every committed fixture: the same value
/// always gives the same bytes, whichever serializer produced it.

#include <string>
#include <vector>

#include "json/document.hpp"

namespace portcheck::json {

/// Writes a document in canonical form:
///  - object keys sorted by their UTF-8 bytes (= by code point);
///  - 2-space indent, ": " after a key, one member or element per line,
///    "[]" and "{}" when empty, a final newline;
///  - strings as UTF-8, escaping only '"', '\' and control characters
///    (\b \f \n \r \t, others as \u00xx);
///  - numbers as they were written in the source ("1e-05" stays "1e-05",
///    "600.0" stays "600.0"): canonical form never reformats a number.
/// This is byte for byte what Python's json.dumps(sort_keys=True, indent=2,
/// ensure_ascii=False) and serde_json's to_string_pretty of a sorted value
/// write, so fixtures from either capture tool are already canonical.
std::string canonical_text(const Document& document);

/// An object's members in canonical order: by their keys' UTF-8 bytes. The
/// one order of the canonical writer and of everything that must match it.
std::vector<const rapidjson::Value::Member*> sorted_members(const rapidjson::Value& object);

/// The same rules without any whitespace, for one value of a document (which
/// holds the source text of its numbers).
std::string compact_canonical_text(const Document& document, const rapidjson::Value& value);

}  // namespace portcheck::json
