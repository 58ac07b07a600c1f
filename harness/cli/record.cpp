// portcheck record: file a JSON document captured from a live service as a
// fixture of a side, structure and scenario.

#include <iostream>
#include <iterator>
#include <memory>

#include "command.hpp"
#include "json/document.hpp"
#include "schema/fixture_recording.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::cli {

namespace {

struct RecordOptions {
  schema::RecordRequest request;
  std::string input = "-";
};

int run_record(RecordOptions options, const GlobalOptions& global) {
  const schema::SchemaSet schemas = schema::SchemaSet::load(global.schemas_directory());
  options.request.fixtures_directory = global.fixtures_directory();
  const bool from_stdin = options.input == "-";
  const std::string text =
      from_stdin ? json::read_stream(std::cin, json::kStandardInputName) : json::read_file(options.input);
  const std::string source_name = from_stdin ? json::kStandardInputName : options.input;
  const schema::RecordOutcome outcome = schema::record_fixture(schemas, options.request, text, source_name);
  if (!outcome.failures.empty()) {
    for (const schema::ValidationFailure& failure : outcome.failures) {
      std::cout << source_name;
      if (failure.position.line > 0) std::cout << ":" << failure.position.line << ":" << failure.position.column;
      std::cout << ": at " << (failure.pointer.empty() ? "(root)" : failure.pointer) << ": " << failure.rule << ": "
                << failure.message << "\n";
    }
    std::cout << "portcheck record: " << source_name << " does not match "
              << schemas.get(options.request.side, options.request.structure).file().string() << "; nothing written\n";
    return 1;
  }
  std::cout << "portcheck record: wrote " << outcome.written.string() << " (listed in "
            << schema::recorded_registry(options.request.fixtures_directory).string() << ")\n";
  return 0;
}

}  // namespace

Command record_command() {
  return {"record", "File a JSON document captured from a running service as a fixture (canonical, validated)",
          [](CLI::App& app, const GlobalOptions& global) -> Handler {
            auto options = std::make_shared<RecordOptions>();
            app.add_option("--side", options->request.side, "Side that produced the document")->required();
            app.add_option("--structure", options->request.structure, "Structure of the document")->required();
            app.add_option("--scenario", options->request.scenario, "Scenario name, used as the file name")->required();
            app.add_flag("--force", options->request.force, "Replace an existing fixture of that name");
            app.add_option("input", options->input, "The captured JSON document; - (the default) reads standard input");
            return [options, &global] {
              options->input = global.from_command_line(options->input).string();
              return run_record(*options, global);
            };
          }};
}

}  // namespace portcheck::cli
