#pragma once
/// The one way portcheck includes RapidJSON.
///
/// valijson (built with VALIJSON_USE_EXCEPTIONS) defines RAPIDJSON_ASSERT to
/// throw instead of abort, and only can when its adapter comes before any
/// RapidJSON header. Including it first everywhere keeps one definition of
/// RAPIDJSON_ASSERT across the program, and turns a misuse of RapidJSON into an
/// exception (exit 2) rather than a crash.

#include <valijson/adapters/rapidjson_adapter.hpp>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
