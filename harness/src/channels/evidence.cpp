// Loading fixtures/channels/: what the capture read from the source and what
// it ran. Every shape error names the file, line, column and pointer, and
// says that scripts/capture writes the file.

#include <algorithm>

#include "channels/channels.hpp"
#include "json/document.hpp"
#include "json/pointer.hpp"
#include "json/reader.hpp"

namespace portcheck::channels {

namespace {

constexpr const char* kAdvice = " (the file is written by scripts/capture: run it again)";

std::string at(const std::string& pointer, std::size_t index) { return pointer + "/" + std::to_string(index); }

Place place_at(const json::Reader& reader, const std::string& pointer) {
  Place place;
  place.file = reader.string(pointer + "/file");
  place.line = reader.integer(pointer + "/line");
  return place;
}

std::int64_t optional_integer(const json::Reader& reader, const std::string& pointer) {
  if (!reader.has(pointer) || reader.value(pointer).IsNull()) return 0;
  return reader.integer(pointer);
}

std::vector<BodyKey> body_keys(const json::Reader& reader, const std::string& pointer) {
  std::vector<BodyKey> keys;
  if (!reader.has(pointer)) return keys;
  const std::size_t count = reader.array(pointer).Size();
  for (std::size_t index = 0; index < count; ++index) {
    const std::string entry = at(pointer, index);
    BodyKey key;
    key.key = reader.string(entry + "/key");
    key.expression = reader.optional_string(entry + "/expression");
    key.line = optional_integer(reader, entry + "/line");
    key.keys = body_keys(reader, entry + "/keys");
    keys.push_back(std::move(key));
  }
  return keys;
}

ResponseKind response_kind(const json::Reader& reader, const std::string& pointer) {
  const std::string kind = reader.choice(pointer, {"call", "inline", "struct", "unknown"});
  if (kind == "call") return ResponseKind::call;
  if (kind == "inline") return ResponseKind::inline_body;
  if (kind == "struct") return ResponseKind::structure;
  return ResponseKind::unknown;
}

Response read_response(const json::Reader& reader, const std::string& pointer) {
  Response response;
  response.kind = response_kind(reader, pointer + "/kind");
  response.call = reader.optional_string(pointer + "/call");
  response.via = reader.optional_string(pointer + "/via");
  response.structure = reader.optional_string(pointer + "/struct");
  response.list_of = reader.has(pointer + "/list_of") && reader.boolean(pointer + "/list_of");
  response.keys = body_keys(reader, pointer + "/keys");
  if (reader.has(pointer + "/fields")) {
    // A struct literal: its fields are the keys serde writes.
    for (const std::string& field : reader.strings(pointer + "/fields")) response.keys.push_back({field, "", 0, {}});
  }
  response.line = optional_integer(reader, pointer + "/line");
  response.status = static_cast<int>(optional_integer(reader, pointer + "/status"));
  return response;
}

void read_routes(const json::Reader& reader, ChannelEvidence& evidence) {
  const std::size_t count = reader.array("/routes").Size();
  for (std::size_t index = 0; index < count; ++index) {
    const std::string pointer = at("/routes", index);
    Route route;
    route.side = reader.string(pointer + "/side");
    route.app = reader.string(pointer + "/app");
    route.method = reader.string(pointer + "/method");
    route.path = reader.string(pointer + "/path");
    route.normalized = reader.string(pointer + "/normalized");
    route.handler = reader.optional_string(pointer + "/handler");
    route.place = place_at(reader, pointer);
    route.handler_line = optional_integer(reader, pointer + "/handler_line");
    if (reader.has(pointer + "/responses")) {
      const std::size_t responses = reader.array(pointer + "/responses").Size();
      for (std::size_t response = 0; response < responses; ++response) {
        route.responses.push_back(read_response(reader, at(pointer + "/responses", response)));
      }
    } else if (reader.has(pointer + "/response") && !reader.value(pointer + "/response").IsNull()) {
      route.responses.push_back(read_response(reader, pointer + "/response"));
    }
    route.pointer = pointer;
    evidence.routes.push_back(std::move(route));
  }
}

void read_state(const json::Reader& reader, const std::string& list, const std::string& store,
                ChannelEvidence& evidence) {
  if (!reader.has(list)) return;
  const std::size_t count = reader.array(list).Size();
  for (std::size_t index = 0; index < count; ++index) {
    const std::string pointer = at(list, index);
    StateUse use;
    use.side = reader.string(pointer + "/side");
    use.store = store;
    use.kind = store == "table" ? "table" : reader.string(pointer + "/kind");
    use.name = reader.string(pointer + (store == "table" ? "/table" : "/name"));
    use.direction = reader.choice(pointer + "/direction", {"read", "write"});
    use.operation = reader.optional_string(pointer + "/operation");
    use.function = reader.optional_string(pointer + "/function");
    use.value = reader.optional_string(pointer + "/value");
    use.place = place_at(reader, pointer);
    use.pointer = pointer;
    evidence.state.push_back(std::move(use));
  }
}

void read_calls(const json::Reader& reader, ChannelEvidence& evidence) {
  if (!reader.has("/consumer_calls")) return;
  const std::size_t count = reader.array("/consumer_calls").Size();
  for (std::size_t index = 0; index < count; ++index) {
    const std::string pointer = at("/consumer_calls", index);
    ConsumerCall call;
    call.consumer = reader.string(pointer + "/consumer");
    call.method = reader.string(pointer + "/method");
    call.path = reader.string(pointer + "/path");
    call.normalized = reader.string(pointer + "/normalized");
    call.function = reader.optional_string(pointer + "/function");
    call.place = place_at(reader, pointer);
    call.reads = reader.strings(pointer + "/reads");
    if (reader.has(pointer + "/statuses_handled")) {
      const std::size_t statuses = reader.array(pointer + "/statuses_handled").Size();
      for (std::size_t status = 0; status < statuses; ++status) {
        call.statuses.push_back(static_cast<int>(reader.integer(at(pointer + "/statuses_handled", status))));
      }
    }
    call.type = reader.optional_string(pointer + "/type");
    call.sends = reader.optional_string(pointer + "/sends");
    call.forwards_body = reader.has(pointer + "/forwards_body") && !reader.value(pointer + "/forwards_body").IsNull() &&
                         reader.boolean(pointer + "/forwards_body");
    call.pointer = pointer;
    evidence.calls.push_back(std::move(call));
  }
}

void read_consumers(const std::filesystem::path& file, ChannelEvidence& evidence) {
  const json::Document document = json::load_file(file);
  const json::Reader reader(document, kAdvice);
  reader.object("");
  // How the bodies were made: each verdict may say, else the file does.
  const std::vector<std::string> kinds{"executed", "executed live"};
  const std::string file_evidence = reader.has("/evidence") ? reader.choice("/evidence", kinds) : "executed";
  const std::size_t count = reader.array("/verdicts").Size();
  for (std::size_t index = 0; index < count; ++index) {
    const std::string pointer = at("/verdicts", index);
    ExecutedVerdict verdict;
    verdict.live = (reader.has(pointer + "/evidence") ? reader.choice(pointer + "/evidence", kinds) : file_evidence) ==
                   "executed live";
    verdict.consumer = reader.string(pointer + "/consumer");
    verdict.reader = reader.string(pointer + "/reader");
    verdict.channel = reader.string(pointer + "/channel");
    verdict.writer = reader.string(pointer + "/writer_side");
    verdict.body = reader.string(pointer + "/body");
    verdict.accepted = reader.choice(pointer + "/outcome", {"accepted", "refused"}) == "accepted";
    verdict.error = reader.optional_string(pointer + "/error");
    evidence.executed.push_back(std::move(verdict));
  }
  if (!reader.has("/reader_fields")) return;
  for (const std::string& type : reader.keys("/reader_fields")) {
    const std::string list = json::append_pointer("/reader_fields", type);
    const std::size_t fields = reader.array(list).Size();
    std::vector<RequiredField>& into = evidence.reader_fields[type];
    for (std::size_t index = 0; index < fields; ++index) {
      const std::string pointer = at(list, index);
      into.push_back({reader.string(pointer + "/name"), reader.optional_string(pointer + "/type"),
                      reader.boolean(pointer + "/required")});
    }
  }
}

/// A side's live.json: the requests its capture made to the real app.
void read_live(const std::filesystem::path& file, ChannelEvidence& evidence) {
  const json::Document document = json::load_file(file);
  const json::Reader reader(document, kAdvice);
  reader.object("");
  const std::string side = reader.string("/side");
  const std::size_t count = reader.array("/exchanges").Size();
  for (std::size_t index = 0; index < count; ++index) {
    const std::string pointer = at("/exchanges", index);
    LiveExchange exchange;
    exchange.side = side;
    exchange.app = reader.choice(pointer + "/app", {"internal", "public"});
    exchange.method = reader.string(pointer + "/method");
    exchange.normalized = reader.string(pointer + "/normalized");
    exchange.handler = reader.optional_string(pointer + "/handler");
    if (reader.has(pointer + "/route") && !reader.value(pointer + "/route").IsNull()) {
      exchange.route = place_at(reader, pointer + "/route");
    }
    exchange.scenario = reader.string(pointer + "/scenario");
    exchange.status = static_cast<int>(reader.integer(pointer + "/status"));
    exchange.file = reader.string(pointer + "/file");
    exchange.body = reader.choice(pointer + "/body", {"object", "list", "text", "empty"});
    exchange.keys = reader.strings(pointer + "/keys");
    exchange.error = reader.optional_string(pointer + "/error");
    exchange.upload = reader.optional_string(pointer + "/upload");
    exchange.upload_changed =
        reader.has(pointer + "/upload_changed") && reader.boolean(pointer + "/upload_changed");
    exchange.probe = reader.has(pointer + "/probe") && reader.boolean(pointer + "/probe");
    evidence.live.push_back(std::move(exchange));
  }
}

}  // namespace

std::string Place::text() const { return file.empty() ? "" : file + ":" + std::to_string(line); }

std::string to_string(ResponseKind kind) {
  switch (kind) {
    case ResponseKind::call:
      return "call";
    case ResponseKind::inline_body:
      return "inline";
    case ResponseKind::structure:
      return "struct";
    case ResponseKind::unknown:
      return "unknown";
  }
  return "?";
}

std::optional<std::vector<std::string>> Response::top_level_keys() const {
  if (kind == ResponseKind::unknown || list_of) return std::nullopt;
  if (kind == ResponseKind::call && keys.empty()) return std::nullopt;
  std::vector<std::string> names;
  names.reserve(keys.size());
  for (const BodyKey& key : keys) names.push_back(key.key);
  return names;
}

std::string StateUse::key() const { return store + " " + name; }

ChannelEvidence load_channel_evidence(const std::filesystem::path& fixtures_directory) {
  ChannelEvidence evidence;
  evidence.directory = fixtures_directory / "channels";
  const std::filesystem::path channels_file = evidence.directory / "channels.json";
  if (!std::filesystem::exists(channels_file)) return evidence;
  evidence.present = true;
  const json::Document document = json::load_file(channels_file);
  const json::Reader reader(document, kAdvice);
  reader.object("");
  read_routes(reader, evidence);
  read_state(reader, "/redis", "redis", evidence);
  read_state(reader, "/tables", "table", evidence);
  read_calls(reader, evidence);
  if (reader.has("/missing")) {
    const std::size_t count = reader.array("/missing").Size();
    for (std::size_t index = 0; index < count; ++index) {
      evidence.not_read.push_back(reader.string(at("/missing", index) + "/reason"));
    }
  }
  // Each capture tool that ran a reader on a channel's bodies writes its
  // verdicts-<tool>.json; they are read in name order.
  std::vector<std::filesystem::path> verdict_files;
  for (const auto& entry : std::filesystem::directory_iterator(evidence.directory)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.starts_with("verdicts-") && name.ends_with(".json")) {
      verdict_files.push_back(entry.path());
    }
  }
  std::sort(verdict_files.begin(), verdict_files.end());
  for (const std::filesystem::path& file : verdict_files) read_consumers(file, evidence);
  // Each side whose real app a capture ran: <side>/live.json.
  std::vector<std::filesystem::path> live_files;
  for (const auto& entry : std::filesystem::directory_iterator(evidence.directory)) {
    if (entry.is_directory() && std::filesystem::is_regular_file(entry.path() / "live.json")) {
      live_files.push_back(entry.path() / "live.json");
    }
  }
  std::sort(live_files.begin(), live_files.end());
  for (const std::filesystem::path& file : live_files) read_live(file, evidence);
  return evidence;
}

std::vector<ConsumerSettings> load_consumer_settings(const std::filesystem::path& manifest_file) {
  std::vector<ConsumerSettings> consumers;
  const json::Document document = json::load_file(manifest_file);
  const json::Reader reader(document);
  if (!reader.has("/channels/consumers")) return consumers;
  for (const std::string& name : reader.keys("/channels/consumers")) {
    const std::string pointer = json::append_pointer("/channels/consumers", name);
    ConsumerSettings consumer;
    consumer.name = name;
    consumer.description = reader.optional_string(pointer + "/description");
    consumer.app = reader.choice(pointer + "/app", {"internal", "public"});
    consumer.base_path = reader.string(pointer + "/base_path");
    if (consumer.base_path.empty() || consumer.base_path.front() != '/' || consumer.base_path.back() != '/') {
      reader.fail(pointer + "/base_path", "a base path starts and ends with /, e.g. \"/\" or \"/runner/\"");
    }
    consumers.push_back(std::move(consumer));
  }
  return consumers;
}

}  // namespace portcheck::channels
