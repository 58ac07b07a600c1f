#pragma once
/// Canonical JSON text, the form of every committed fixture: the same value
/// always gives the same bytes, whichever serializer produced it.

#include <string>
#include <string_view>
#include <vector>

#include "json/document.hpp"
#include "json/error.hpp"

namespace portcheck::json {

/// Writes a string value with a RapidJSON writer as well-formed UTF-8 (bytes
/// that are not, such as those of a file name, as \xNN: well_formed_utf8),
/// so that every JSON output parses.
template <typename Writer>
void write_string(Writer& writer, const std::string& value) {
  const std::string text = well_formed_utf8(value);
  writer.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
}

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

/// The start of a value's compact canonical text and the size of all of it.
struct CutText {
  std::string text;      ///< at most `limit` bytes (possibly ending inside a UTF-8 sequence)
  std::size_t size = 0;  ///< bytes of the whole text
  [[nodiscard]] bool whole() const { return text.size() == size; }
};

/// The first `limit` bytes of compact_canonical_text, in memory bounded by
/// `limit` whatever the value's size.
CutText compact_canonical_text(const Document& document, const rapidjson::Value& value, std::size_t limit);

/// Whether `expected` is a value's compact canonical text, decided without
/// writing it.
bool canonical_text_equals(const Document& document, const rapidjson::Value& value, std::string_view expected);

/// Whether two values have the same compact canonical text, decided without
/// writing either.
bool canonical_equal(const Document& left_document, const rapidjson::Value& left, const Document& right_document,
                     const rapidjson::Value& right);

}  // namespace portcheck::json
