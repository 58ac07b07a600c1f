#pragma once
/// The runners' channels as data: where their data crosses to another
/// component (HTTP routes and their bodies, Redis keys, hashes and pub/sub,
/// database tables) and what the real consumers (the worker, the site) make
/// of it. A serializer is evidence only where a channel uses it; the verdicts
/// that matter are the consumers'.
///
/// Inputs, all written by scripts/capture under fixtures/channels/:
///   channels.json   read from source: each side's routes with their handlers'
///                   bodies, Redis and table uses, each consumer's calls and
///                   the keys it reads (fixtures/capture/channels/extract.py)
///   verdicts-<tool>.json  executed: the consumers' real readers run on the
///                   bodies the sides' real code wrote (the Rust capture's
///                   `channels` mode: the worker's Assignment on each runner's
///                   assign body, the Rust runner's reader of the worker's
///                   upload; the Python capture's reader of that upload)

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/rules.hpp"

namespace portcheck::channels {

using rules::EvidenceKind;

/// A place in the upstream source.
struct Place {
  std::string file;  ///< relative to the upstream checkout
  std::int64_t line = 0;

  /// "py/janitor/runner.py:2343", or "" when unknown.
  [[nodiscard]] std::string text() const;
};

/// One key of a body read from source, with the expression behind its value.
struct BodyKey {
  std::string key;
  std::string expression;
  std::int64_t line = 0;
  std::vector<BodyKey> keys;  ///< when the value is itself an object literal
};

enum class ResponseKind {
  call,       ///< the handler answers what a function returns (`status_json(...)`, `x.to_json()`)
  inline_body,  ///< a dict or `json!` literal in the handler
  structure,  ///< a struct literal serialized with serde (`AssignResponse { ... }`)
  unknown,    ///< nothing the extractor recognises: no verdict can rest on it
};

std::string to_string(ResponseKind kind);

/// What one handler answers, as read from its source.
struct Response {
  ResponseKind kind = ResponseKind::unknown;
  std::string call;       ///< the callee, for `call`
  std::string via;        ///< the function whose literal gives the keys, when not the handler
  std::string structure;  ///< the struct, for `structure`
  bool list_of = false;   ///< a list of what `call` returns
  std::vector<BodyKey> keys;
  std::int64_t line = 0;
  int status = 0;  ///< the HTTP status it answers with; 0 where the source names none (200)

  /// The status a client sees: 200 where the source names none.
  [[nodiscard]] int effective_status() const { return status == 0 ? 200 : status; }
  [[nodiscard]] bool success() const { return effective_status() >= 200 && effective_status() < 300; }

  /// The top-level keys, when the source shows them (inline, via a function,
  /// or a struct's fields); nothing when it does not.
  [[nodiscard]] std::optional<std::vector<std::string>> top_level_keys() const;
};

struct Route {
  std::string side;
  std::string app;  ///< "internal", "public"
  std::string method;
  std::string path;        ///< as written
  std::string normalized;  ///< parameters as {}: "/log/{}/{}"
  std::string handler;
  Place place;  ///< the route's declaration
  std::int64_t handler_line = 0;
  std::vector<Response> responses;
  std::string pointer;  ///< where it is in channels.json

  /// "POST /active-runs": method and normalized path, how routes are paired.
  [[nodiscard]] std::string key() const { return method + " " + normalized; }
};

/// A use of shared state: a Redis key, hash or pub/sub channel, or a table.
struct StateUse {
  std::string side;
  std::string store;  ///< "redis", "table"
  std::string kind;   ///< redis: hash, key, pubsub, set, list, ...; table: "table"
  std::string name;
  std::string direction;  ///< "read", "write"
  std::string operation;  ///< hset, publish, SELECT, ...
  std::string function;
  std::string value;  ///< what is written, when the source shows it
  Place place;
  std::string pointer;  ///< where it is in channels.json

  /// "redis active-runs", "table run": how uses are paired across sides (a
  /// Redis name is one piece of state whatever commands reach it).
  [[nodiscard]] std::string key() const;
};

/// A consumer's call to a runner, read from the consumer's source.
struct ConsumerCall {
  std::string consumer;
  std::string method;
  std::string path;        ///< relative to the consumer's base URL, as written
  std::string normalized;  ///< relative to the runner's root (the manifest's base_path applied)
  std::string function;
  Place place;
  std::vector<std::string> reads;  ///< keys the consumer indexes on the response ("processing", "processing[].id")
  std::vector<int> statuses;       ///< the HTTP statuses it handles; empty when it checks none
  std::string type;                ///< the type it deserializes the response into
  std::string sends;               ///< the type it serializes the request from
  bool forwards_body = false;      ///< it passes the response on to its own clients as it is
  std::string pointer;             ///< where it is in channels.json

  [[nodiscard]] std::string key() const { return method + " " + normalized; }
};

/// A field a consumer's reader requires (Rust: not an Option).
struct RequiredField {
  std::string name;
  std::string type;
  bool required = true;
};

/// A consumer's real reader run on a body a side's real code wrote.
struct ExecutedVerdict {
  std::string consumer;  ///< "worker", "python runner", "rust runner"
  std::string reader;    ///< the function that ran
  std::string channel;   ///< "POST /runner/active-runs", as the consumer calls it
  std::string writer;    ///< the side (or consumer) whose code wrote the body
  std::string body;      ///< the body's file, under fixtures/channels/
  bool accepted = false;
  std::string error;
  /// The body came from the service itself, run and asked over HTTP.
  bool live = false;
};

/// One request a capture made to a runner's real app, run in process, and
/// what it answered (fixtures/channels/<side>/live.json).
struct LiveExchange {
  std::string side;
  std::string app;         ///< "internal" or "public"
  std::string method;
  std::string normalized;  ///< the path with run ids as {}
  std::string handler;     ///< the function that answered
  Place route;             ///< where that function is
  std::string scenario;
  int status = 0;
  std::string file;  ///< the exchange's record, under fixtures/channels/
  std::string body;  ///< "object", "list", "text" or "empty"
  std::vector<std::string> keys;  ///< an object's keys; a list's elements' keys
  std::string error;              ///< the server's exception on a 5xx
  std::string upload;             ///< the upload sent, on a finish
  bool upload_changed = false;    ///< the upload was altered (not what the worker sends)
  bool probe = false;             ///< a request no consumer makes as it is (no credentials)

  [[nodiscard]] std::string key() const { return method + " " + normalized; }
};

/// fixtures/channels/*.json, as loaded.
struct ChannelEvidence {
  bool present = false;  ///< fixtures/channels/channels.json exists
  std::filesystem::path directory;
  std::vector<Route> routes;
  std::vector<StateUse> state;
  std::vector<ConsumerCall> calls;
  std::vector<ExecutedVerdict> executed;
  std::vector<LiveExchange> live;
  /// type → its fields, for the consumers' readers (from the capture).
  std::map<std::string, std::vector<RequiredField>> reader_fields;
  /// The files the manifest lists that the source tree lacked
  /// (channels.json's "missing"): why each was not read.
  std::vector<std::string> not_read;
};

/// Loads fixtures_directory/channels/; nothing there gives evidence with
/// present = false. A malformed file throws portcheck::Error naming the file,
/// line, column and JSON Pointer.
ChannelEvidence load_channel_evidence(const std::filesystem::path& fixtures_directory);

/// One route by method and normalized path, and each side's declaration.
struct RouteParity {
  std::string key;  ///< "POST /active-runs"
  std::map<std::string, Route> sides;
};

/// One piece of state by store, kind and name, and each side's uses.
struct StateParity {
  std::string key;  ///< "redis hash active-runs"
  std::map<std::string, std::vector<StateUse>> sides;
};

enum class Reading {
  reads,          ///< the consumer's reader takes what the side sends
  cannot_read,    ///< it refuses it, or the side has no such route
  cannot_tell,    ///< the side's body is neither run nor readable from its source
};

std::string to_string(Reading reading);

/// What one consumer makes of what one side sends (or takes) on one channel.
struct ConsumerVerdict {
  std::string consumer;
  std::string channel;  ///< the consumer's call: "POST /runner/active-runs", "GET /status"
  std::string side;     ///< the runner side at the other end
  std::string direction;  ///< "side → consumer" (a response) or "consumer → side" (an upload)
  bool upload = false;    ///< the side reading what the consumer sends, not the other way

  /// Whether two verdicts judge the same thing on two sides.
  [[nodiscard]] bool same_exchange(const ConsumerVerdict& other) const {
    return consumer == other.consumer && channel == other.channel && upload == other.upload;
  }
  std::string reader;   ///< whose reader judged, in words
  Reading reading = Reading::reads;
  std::string problem;  ///< the first thing the reader refuses, in its own words
  EvidenceKind evidence = EvidenceKind::executed;
  /// A further problem read from source beside an executed verdict (the
  /// HTTP status the consumer does not handle), or empty.
  std::string also;
  EvidenceKind also_evidence = EvidenceKind::read_from_source;  ///< how `also` was found
  std::string file;  ///< the body's file, or the source file the body was read from
  std::int64_t line = 0;
  std::string pointer;  ///< the consumer's call in channels.json
  std::vector<std::string> bodies;  ///< every body judged (executed), sorted
};

/// A channel whose bodies both sides' real code wrote for the same
/// scenarios (manifest channels.bodies): e.g. GET /active-runs, Python's
/// ActiveRun.json() against Rust's ActiveRun::to_json().
struct BodySettings {
  std::string channel;
  std::string description;
  /// side → { folder under fixtures/ holding one body per scenario, its writer in words }
  std::map<std::string, std::pair<std::string, std::string>> sides;
};

/// The manifest's channels.bodies; none when it has none.
std::vector<BodySettings> load_body_settings(const std::filesystem::path& manifest_file);

enum class BodyDifference {
  reference_only,  ///< a place only the reference writes
  candidate_only,  ///< a place only the candidate writes
  presence_mismatch,  ///< null on one side, a value on the other
  type_mismatch,   ///< values of different JSON kinds
  value_mismatch,  ///< values of one kind that differ (numbers compared as numbers)
};

std::string to_string(BodyDifference difference);

/// One place of a channel's bodies where the two sides differ, with every
/// scenario where it does.
struct BodyPlace {
  std::string pointer;  ///< a JSON Pointer into the body
  BodyDifference difference = BodyDifference::value_mismatch;
  std::vector<std::string> scenarios;
  /// The first scenario's values, as compact JSON; empty where a side leaves it out.
  std::string reference_value;
  std::string candidate_value;
  std::string reference_file;
  std::string candidate_file;
};

struct BodyComparison {
  std::string channel;
  std::string description;
  std::string reference_writer;
  std::string candidate_writer;
  std::string reference_folder;
  std::string candidate_folder;
  std::vector<std::string> scenarios;  ///< scenarios both sides wrote a body for
  std::vector<std::string> one_sided;  ///< scenarios only one side wrote a body for
  std::vector<BodyPlace> places;       ///< sorted by pointer, then difference
};

/// Compares each scenario's body on the two sides, place by place. A body
/// that is not valid JSON throws portcheck::Error naming the file.
std::vector<BodyComparison> compare_bodies(const std::filesystem::path& fixtures_directory,
                                           const std::vector<BodySettings>& settings,
                                           const std::string& reference_side, const std::string& candidate_side);

/// A body a consumer passes on to its own clients as it is, whose shape
/// differs between the two sides (as their handlers' sources write it).
struct ForwardedBody {
  std::string consumer;
  std::string channel;
  std::string function;  ///< the consumer's function that passes it on
  std::string reference_shape;  ///< "a list of objects with `queue_id`, `codebase`", "an object with ..."
  std::string candidate_shape;
  bool kind_differs = false;  ///< a list against an object, not only other keys
  Place reference_place;      ///< the handlers
  Place candidate_place;
  std::string pointer;  ///< the consumer's call in channels.json
};

/// The channels of one pair of sides.
struct ChannelComparison {
  bool present = false;
  std::string reference_side;
  std::string candidate_side;
  std::vector<RouteParity> routes;  ///< sorted by key
  std::vector<StateParity> state;   ///< sorted by key
  std::vector<ConsumerVerdict> verdicts;
  std::vector<ForwardedBody> forwarded;
  std::vector<BodyComparison> bodies;
  /// Listed files the source tree lacked: what they hold is in no table here.
  std::vector<std::string> not_read;

  /// Routes the side declares (by key), and routes both declare.
  [[nodiscard]] std::size_t route_count(const std::string& side) const;
  [[nodiscard]] std::size_t routes_in_both() const;
};

/// A consumer as the manifest describes it: the app its calls reach and the
/// path its base URL stands for.
struct ConsumerSettings {
  std::string name;
  std::string description;
  std::string app;        ///< "internal", "public"
  std::string base_path;  ///< "/runner/"
};

/// The manifest's consumers (channels.consumers); none when it has no
/// channels section.
std::vector<ConsumerSettings> load_consumer_settings(const std::filesystem::path& manifest_file);

/// Pairs routes and state across the two sides and judges every consumer
/// call on each side: with the executed verdicts where the capture ran the
/// consumer's reader, otherwise from the keys the side's source shows.
ChannelComparison compare_channels(const ChannelEvidence& evidence, const std::vector<ConsumerSettings>& consumers,
                                   const std::string& reference_side, const std::string& candidate_side);

}  // namespace portcheck::channels
