#pragma once
/// Reading a JSON file a person or a tool wrote (the manifest, language
/// profiles, claims, capture records), value by JSON Pointer: every shape
/// error becomes a portcheck::Error naming the file, line, column and pointer
/// of the value to fix.

#include <cstdint>
#include <string>
#include <vector>

#include "json/document.hpp"

namespace portcheck::json {

class Reader {
 public:
  /// `advice` is appended to every error, e.g. what writes the file.
  explicit Reader(const Document& document, std::string advice = "")
      : document_(document), advice_(std::move(advice)) {}

  /// Throws an Error at the value of `pointer` (or its nearest existing parent).
  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const;

  [[nodiscard]] bool has(const std::string& pointer) const;
  /// The value at pointer, which must exist.
  [[nodiscard]] const rapidjson::Value& value(const std::string& pointer) const;
  /// Also used only to check that the value is an object.
  const rapidjson::Value& object(const std::string& pointer) const;
  const rapidjson::Value& array(const std::string& pointer) const;
  [[nodiscard]] std::string string(const std::string& pointer) const;
  [[nodiscard]] bool boolean(const std::string& pointer) const;
  [[nodiscard]] std::int64_t integer(const std::string& pointer) const;
  /// A string, or "" when the member is absent or null.
  [[nodiscard]] std::string optional_string(const std::string& pointer) const;
  /// An array of strings, or none when absent.
  [[nodiscard]] std::vector<std::string> strings(const std::string& pointer) const;
  /// The names of an object's members, in document order.
  [[nodiscard]] std::vector<std::string> keys(const std::string& pointer) const;
  /// One of `choices` (a closed set), named in the error otherwise.
  [[nodiscard]] std::string choice(const std::string& pointer, const std::vector<std::string>& choices) const;
  /// Fails on a member of the object at pointer that is not among `known`.
  void only_keys(const std::string& pointer, const std::vector<std::string>& known) const;
  /// Compact canonical JSON of the value at pointer, or "" when absent.
  [[nodiscard]] std::string text(const std::string& pointer) const;
  [[nodiscard]] const Document& document() const { return document_; }

 private:
  const Document& document_;
  std::string advice_;
};

}  // namespace portcheck::json
