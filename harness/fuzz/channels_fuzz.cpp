// The channel evidence under fixtures/channels/, as scripts/capture writes it
// or as a hostile project ships it. The first byte picks which file the rest
// becomes (channels.json, or a verdicts file beside the project's own
// channels.json); the evidence is then compared and turned into findings.
#include "compare/findings.hpp"
#include "fuzz_support.hpp"
#include "json/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const std::filesystem::path source = std::filesystem::path(PORTCHECK_SOURCE_DIR);
  static const std::vector<portcheck::channels::ConsumerSettings> consumers =
      portcheck::channels::load_consumer_settings(source / "schemas/manifest.json");
  // Two projects: one whose channels.json is the input, one with the
  // project's own channels.json (copied once) whose verdicts file is.
  static const std::filesystem::path own_channels = [] {
    const std::filesystem::path fixtures = portcheck::fuzz::scratch() / "own" / "fixtures";
    std::filesystem::create_directories(fixtures / "channels");
    std::filesystem::copy_file(source / "fixtures/channels/channels.json", fixtures / "channels/channels.json");
    return fixtures;
  }();
  const std::string_view text = portcheck::fuzz::text_of(data + 1, size - 1);
  const bool verdicts = data[0] % 2 == 1;
  const std::filesystem::path fixtures = verdicts ? own_channels : portcheck::fuzz::scratch() / "fuzzed" / "fixtures";
  portcheck::fuzz::write(fixtures / (verdicts ? "channels/verdicts-rust.json" : "channels/channels.json"), text);
  try {
    const auto evidence = portcheck::channels::load_channel_evidence(fixtures);
    const auto pair = portcheck::channels::compare_channels(evidence, consumers, "python", "rust");
    static_cast<void>(portcheck::compare::channel_findings(pair));
  } catch (const portcheck::Error&) {
  }
  return 0;
}
