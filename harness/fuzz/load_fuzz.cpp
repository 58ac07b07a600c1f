// The positioned, strict JSON loader on arbitrary bytes: it accepts, or throws
// portcheck::Error; positions of every value it accepts are within the text.
// The same bytes in a file, read a few bytes at a time (load_file keeps only
// the text from the token being read on), load to the same document or fail
// with the same error at the same place.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <string>

#include "fuzz_support.hpp"
#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/error.hpp"

namespace {

/// The canonical text, or the error with its place.
std::string outcome(const std::function<portcheck::json::Document()>& load) {
  try {
    const portcheck::json::Document document = load();
    return portcheck::json::canonical_text(document);
  } catch (const portcheck::Error& error) {
    return "error " + std::to_string(error.where().line) + ":" + std::to_string(error.where().column) + " " +
           error.where().pointer + " " + error.what();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = portcheck::fuzz::text_of(data, size);
  try {
    const portcheck::json::Document document = portcheck::json::parse(text, "fuzz.json");
    if (const auto position = document.position_of(""); position && position->offset > size) std::abort();
  } catch (const portcheck::Error&) {
  }
  // A file in memory (no disk), read 1 to 16 bytes at a time.
  const int file = ::memfd_create("fuzz.json", MFD_CLOEXEC);
  if (file < 0) return 0;
  if (::write(file, text.data(), text.size()) == static_cast<ssize_t>(text.size())) {
    const std::string path = "/proc/self/fd/" + std::to_string(file);
    portcheck::json::LoadOptions options;
    options.read_block_bytes = 1 + (size == 0 ? 0 : data[size / 2] % 16);
    const std::string whole = outcome([&] { return portcheck::json::parse(text, path); });
    const std::string in_blocks = outcome([&] { return portcheck::json::load_file(path, options); });
    if (whole != in_blocks) std::abort();
  }
  ::close(file);
  return 0;
}
