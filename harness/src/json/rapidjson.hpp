#pragma once
/// The one way portcheck includes RapidJSON.
///
/// RapidJSON asserts its preconditions with RAPIDJSON_ASSERT, which aborts by
/// default. portcheck defines it to throw instead, before any RapidJSON header,
/// so that a misuse of RapidJSON is an exception (exit 2) rather than a crash,
/// and without building a string per check: valijson's own definition (with
/// VALIJSON_USE_EXCEPTIONS) takes __FILE__ as a std::string, one allocation for
/// every assertion RapidJSON makes, which is one per character it validates.
///
/// valijson's adapter warns when RAPIDJSON_ASSERT is already defined, but only
/// under VALIJSON_USE_EXCEPTIONS; its other headers need that macro, so they
/// are included first with it, and the adapter alone without it.

namespace portcheck::json {
/// Throws std::logic_error naming the RapidJSON precondition that failed.
[[noreturn]] void rapidjson_assertion_failed(const char* condition);
}  // namespace portcheck::json

#define RAPIDJSON_ASSERT(condition) \
  ((condition) ? static_cast<void>(0) : ::portcheck::json::rapidjson_assertion_failed(#condition))

#include <valijson/exceptions.hpp>
#include <valijson/internal/adapter.hpp>
#include <valijson/internal/basic_adapter.hpp>
#include <valijson/internal/frozen_value.hpp>

#pragma push_macro("VALIJSON_USE_EXCEPTIONS")
#undef VALIJSON_USE_EXCEPTIONS
#include <valijson/adapters/rapidjson_adapter.hpp>
#pragma pop_macro("VALIJSON_USE_EXCEPTIONS")

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
