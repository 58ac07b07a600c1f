// The positioned, strict JSON loader on arbitrary bytes: it accepts, or throws
// portcheck::Error; positions of every value it accepts are within the text.
#include "fuzz_support.hpp"
#include "json/document.hpp"
#include "json/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = portcheck::fuzz::text_of(data, size);
  try {
    const portcheck::json::Document document = portcheck::json::parse(text, "fuzz.json");
    if (const auto position = document.position_of(""); position && position->offset > size) std::abort();
  } catch (const portcheck::Error&) {
  }
  return 0;
}
