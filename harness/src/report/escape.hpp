#pragma once
/// Escaping for the markup formats portcheck writes.

#include <string>

namespace portcheck::report {

/// For XML text and attribute values (JUnit): the five entities, and the
/// control characters XML 1.0 forbids even escaped are dropped.
std::string xml_escape(const std::string& text);

/// For HTML text and attribute values.
std::string html_escape(const std::string& text);

/// For a link target (a relative file path): every byte but letters, digits,
/// "-._~/" percent-encoded, so that a fixture named "a b.json" or "ü.json" is
/// one valid URL in Markdown and HTML.
std::string url_path(const std::string& path);

}  // namespace portcheck::report
