#pragma once
/// What portcheck checks of one schema document on its own, without the
/// manifest and the other schemas: the draft, the shapes of its most used
/// keywords and of the x- annotations. SchemaSet::load checks this of every
/// schema, and more ($refs, compilation); schema-diff of folders without a
/// manifest checks only this.

#include "json/document.hpp"

namespace portcheck::schema {

/// Throws portcheck::Error at the file, line, column and pointer of the
/// first value that is not what draft-07 or portcheck's annotations allow.
void check_schema_document(const json::Document& document);

}  // namespace portcheck::schema
