#pragma once
/// Whether one side's runner could read a document another side wrote: the
/// reader's schema, judged with the reader's own rules (its unknown-key
/// policy, what its timestamp and duration parsers accept).

#include <optional>
#include <string>

#include "compare/comparison.hpp"
#include "json/document.hpp"
#include "schema/schema_set.hpp"
#include "schema/validator.hpp"

namespace portcheck::compare {

/// Judges `document` (written by `writer`) as `reader`'s runner would read it.
/// Each refusal names the reader rule that refuses it (naive-timestamp-unreadable
/// at /start_time, ...).
Readability judge_readability(const schema::SchemaSet& schemas, const std::string& structure, const std::string& writer,
                              const std::string& reader, const json::Document& document, const std::string& scenario,
                              const std::string& file);

/// The same, from the failures schema::validate() already found for the
/// document against `reader`'s schema (so a caller that needs both
/// validates once).
Readability judge_readability(const schema::SchemaSet& schemas, const std::string& structure, const std::string& writer,
                              const std::string& reader, const json::Document& document, const std::string& scenario,
                              const std::string& file, const std::vector<schema::ValidationFailure>& failures);

/// Whether a reader written in `profile`'s language, decoding `encoding`,
/// accepts this string, and if not, the rule that refuses it. Nothing when
/// accepted.
std::optional<Rule> reader_refusal(const schema::LanguageProfile& profile, schema::Encoding encoding,
                                   const std::string& text);

}  // namespace portcheck::compare
