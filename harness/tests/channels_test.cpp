// The channels: loading fixtures/channels/, pairing routes and state, and the
// consumers' verdicts, on small hand-made evidence; then what the committed
// evidence from the pinned upstream says (the route parity, the worker and
// the site against each runner).

#include <algorithm>
#include <map>

#include "channels/channels.hpp"
#include "compare/findings.hpp"
#include "report/verdict.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

/// A fixtures folder holding channels/channels.json (and verdicts files).
class ChannelFolder {
 public:
  explicit ChannelFolder(const std::string& channels, const std::string& verdicts = "") {
    write_file(directory_.path() / "channels/channels.json", channels);
    if (!verdicts.empty()) write_file(directory_.path() / "channels/verdicts-rust.json", verdicts);
  }
  channels::ChannelEvidence load() const { return channels::load_channel_evidence(directory_.path()); }

 private:
  TempDir directory_;
};

constexpr const char* kChannels = R"({
  "routes": [
    {"side": "python", "app": "internal", "method": "GET", "path": "/status", "normalized": "/status",
     "handler": "handle_status", "file": "runner.py", "line": 10, "handler_line": 11,
     "responses": [{"kind": "call", "call": "status_json", "via": "status_json", "line": 12,
                    "keys": [{"key": "processing", "expression": "[...]", "line": 5}]}]},
    {"side": "rust", "app": "internal", "method": "GET", "path": "/status", "normalized": "/status",
     "handler": "status", "file": "web.rs", "line": 20, "handler_line": 21,
     "responses": [{"kind": "inline", "line": 22, "keys": [{"key": "queue_length", "expression": "n", "line": 23},
                                                            {"key": "active_runs", "expression": "r", "line": 24}]}]},
    {"side": "python", "app": "public", "method": "POST", "path": "/runner/active-runs",
     "normalized": "/runner/active-runs", "handler": "handle_public_assign", "file": "runner.py", "line": 30,
     "responses": [{"kind": "unknown"}]},
    {"side": "rust", "app": "public", "method": "POST", "path": "/runner/active-runs",
     "normalized": "/runner/active-runs", "handler": "public_assign", "file": "web.rs", "line": 40,
     "responses": [{"kind": "struct", "struct": "AssignResponse", "fields": ["queue_item", "vcs_info"]}]},
    {"side": "python", "app": "internal", "method": "POST", "path": "/active-runs", "normalized": "/active-runs",
     "handler": "handle_assign", "file": "runner.py", "line": 50}
  ],
  "redis": [
    {"side": "python", "kind": "hash", "name": "active-runs", "direction": "write", "operation": "hset",
     "function": "assign", "file": "runner.py", "line": 60}
  ],
  "tables": [
    {"side": "python", "table": "run", "direction": "read", "operation": "SELECT", "function": "f",
     "file": "runner.py", "line": 70},
    {"side": "rust", "table": "run", "direction": "write", "operation": "INSERT", "function": "g",
     "file": "database.rs", "line": 80}
  ],
  "consumer_calls": [
    {"consumer": "site", "method": "GET", "path": "/status", "normalized": "/status", "function": "handle_status",
     "file": "site/api.py", "line": 90, "reads": ["processing"]},
    {"consumer": "worker", "method": "POST", "path": "active-runs", "normalized": "active-runs",
     "function": "get_assignment", "file": "client.rs", "line": 100, "reads": [], "type": "Assignment"}
  ]
})";

constexpr const char* kVerdicts = R"({
  "verdicts": [
    {"consumer": "worker", "reader": "from_value::<Assignment>", "channel": "POST /runner/active-runs",
     "writer_side": "rust", "body": "rust/assign/b.json", "outcome": "refused", "error": "missing field `id`"},
    {"consumer": "worker", "reader": "from_value::<Assignment>", "channel": "POST /runner/active-runs",
     "writer_side": "rust", "body": "rust/assign/a.json", "outcome": "refused", "error": "missing field `id`"}
  ],
  "reader_fields": {"Assignment": [{"name": "id", "type": "String", "required": true},
                                   {"name": "resume", "type": "Option<ResumeBranch>", "required": false}]}
})";

const std::vector<channels::ConsumerSettings> kConsumers{{"worker", "", "public", "/runner/"},
                                                          {"site", "", "internal", "/"}};

const channels::ConsumerVerdict& verdict_of(const channels::ChannelComparison& comparison, const std::string& consumer,
                                            const std::string& side) {
  const auto found = std::find_if(comparison.verdicts.begin(), comparison.verdicts.end(), [&](const auto& verdict) {
    return verdict.consumer == consumer && verdict.side == side;
  });
  if (found == comparison.verdicts.end()) throw std::runtime_error("no verdict of " + consumer + " on " + side);
  return *found;
}

TEST(Channels, NoFolderIsNoEvidence) {
  const TempDir directory;
  EXPECT_FALSE(channels::load_channel_evidence(directory.path()).present);
}

TEST(Channels, RoutesPairByMethodAndNormalizedPath) {
  const ChannelFolder folder(kChannels, kVerdicts);
  const channels::ChannelComparison comparison =
      channels::compare_channels(folder.load(), kConsumers, "python", "rust");
  ASSERT_EQ(comparison.routes.size(), 3u);
  EXPECT_EQ(comparison.route_count("python"), 3u);
  EXPECT_EQ(comparison.route_count("rust"), 2u);
  EXPECT_EQ(comparison.routes_in_both(), 2u);
  const auto python_only = std::find_if(comparison.routes.begin(), comparison.routes.end(),
                                        [](const auto& route) { return route.sides.size() == 1; });
  ASSERT_NE(python_only, comparison.routes.end());
  EXPECT_EQ(python_only->key, "POST /active-runs");
}

TEST(Channels, TheWorkersExecutedVerdictNamesTheFirstRefusal) {
  const ChannelFolder folder(kChannels, kVerdicts);
  const auto comparison = channels::compare_channels(folder.load(), kConsumers, "python", "rust");
  const channels::ConsumerVerdict& rust = verdict_of(comparison, "worker", "rust");
  EXPECT_EQ(rust.channel, "POST /runner/active-runs");
  EXPECT_EQ(rust.reading, channels::Reading::cannot_read);
  EXPECT_EQ(rust.evidence, rules::EvidenceKind::executed);
  EXPECT_EQ(rust.problem, "missing field `id`");
  EXPECT_EQ(rust.bodies, (std::vector<std::string>{"rust/assign/a.json", "rust/assign/b.json"}));
  // Python's assign body is not readable from its source here: no verdict rests on it.
  const channels::ConsumerVerdict& python = verdict_of(comparison, "worker", "python");
  EXPECT_EQ(python.reading, channels::Reading::cannot_tell);
  EXPECT_EQ(python.evidence, rules::EvidenceKind::read_from_source);
}

TEST(Channels, TheSitesReadsAreCheckedAgainstTheBodyReadFromSource) {
  const ChannelFolder folder(kChannels, kVerdicts);
  const auto comparison = channels::compare_channels(folder.load(), kConsumers, "python", "rust");
  const channels::ConsumerVerdict& python = verdict_of(comparison, "site", "python");
  EXPECT_EQ(python.reading, channels::Reading::reads);
  const channels::ConsumerVerdict& rust = verdict_of(comparison, "site", "rust");
  EXPECT_EQ(rust.reading, channels::Reading::cannot_read);
  EXPECT_EQ(rust.evidence, rules::EvidenceKind::read_from_source);
  EXPECT_EQ(rust.problem, "reads `processing`, which rust's body lacks (it has `queue_length`, `active_runs`)");
  EXPECT_EQ(rust.file, "web.rs");
  EXPECT_EQ(rust.line, 21);
}

TEST(Channels, StateIsPairedByStoreKindAndName) {
  const ChannelFolder folder(kChannels);
  const auto comparison = channels::compare_channels(folder.load(), kConsumers, "python", "rust");
  std::vector<std::string> keys;
  for (const auto& state : comparison.state) keys.push_back(state.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"redis active-runs", "table run"}));
  const std::vector<compare::Finding> findings = compare::channel_findings(comparison);
  const auto moved = std::find_if(findings.begin(), findings.end(),
                                  [](const auto& finding) { return finding.rule == rules::Rule::state_reference_only; });
  ASSERT_NE(moved, findings.end());
  EXPECT_EQ(moved->field, "redis active-runs");
  EXPECT_EQ(moved->evidence, rules::EvidenceKind::read_from_source);
  EXPECT_EQ(moved->source_place, "runner.py:60");
}

TEST(Channels, TheAnswerNamesWhatBreaksFirst) {
  const ChannelFolder folder(kChannels, kVerdicts);
  const auto comparison = channels::compare_channels(folder.load(), kConsumers, "python", "rust");
  const report::ChannelAnswer answer = report::channel_answer(comparison);
  EXPECT_FALSE(answer.replaceable);
  // The worker comes first (the consumers' order); that Python's assign body
  // cannot be judged does not excuse Rust's.
  ASSERT_EQ(answer.breaks.size(), 2u);
  EXPECT_EQ(answer.breaks.front()->consumer, "worker");
  EXPECT_EQ(answer.breaks.back()->consumer, "site");
  EXPECT_NE(answer.line.find("First to break: the worker cannot read Rust's POST /runner/active-runs — missing field "
                             "`id` (executed)"),
            std::string::npos)
      << answer.line;
  EXPECT_NE(answer.line.find("No: Rust cannot replace Python"), std::string::npos) << answer.line;
}

/// One consumer call, GET /status reading `processing`, on two sides whose
/// handlers answer `python_keys` and `rust_keys` (nothing readable when empty).
channels::ChannelComparison status_only(const std::string& python_keys, const std::string& rust_keys) {
  const auto route = [](const std::string& side, const std::string& keys) {
    return R"({"side": ")" + side + R"(", "app": "internal", "method": "GET", "path": "/status",
      "normalized": "/status", "handler": "h", "file": "f", "line": 1, "responses": [)" +
           (keys.empty() ? std::string(R"({"kind": "unknown"})") : R"({"kind": "inline", "keys": )" + keys + "}") +
           "]}";
  };
  const ChannelFolder folder(R"({"routes": [)" + route("python", python_keys) + ", " + route("rust", rust_keys) +
                             R"(], "consumer_calls": [{"consumer": "site", "method": "GET", "path": "/status",
      "normalized": "/status", "file": "s", "line": 2, "reads": ["processing"]}]})");
  return channels::compare_channels(folder.load(), kConsumers, "python", "rust");
}

TEST(Channels, TheAnswerIsYesOnlyWhenEveryCallWasJudgedAndReads) {
  constexpr const char* kProcessing = R"([{"key": "processing"}])";
  const report::ChannelAnswer yes = report::channel_answer(status_only(kProcessing, kProcessing));
  EXPECT_TRUE(yes.replaceable);
  EXPECT_EQ(yes.line, "Yes: every consumer call reads what Rust sends as it reads Python's.");
  // Rust's body cannot be read from its source: no verdict, so no "yes".
  const report::ChannelAnswer unknown = report::channel_answer(status_only(kProcessing, ""));
  EXPECT_FALSE(unknown.replaceable);
  EXPECT_EQ(unknown.unjudged.size(), 1u);
  EXPECT_EQ(unknown.line.rfind("Not shown: ", 0), 0u) << unknown.line;
}

TEST(Channels, MalformedEvidenceNamesTheFileAndPointer) {
  const ChannelFolder folder(R"({"routes": [{"side": "python", "app": "internal", "method": "GET"}]})");
  EXPECT_PORTCHECK_ERROR(folder.load(), "/routes/0");
  EXPECT_PORTCHECK_ERROR(folder.load(), "scripts/capture");
  const ChannelFolder bad_response(R"({"routes": [{"side": "python", "app": "internal", "method": "GET",
      "path": "/", "normalized": "/", "file": "f", "line": 1, "responses": [{"kind": "guess"}]}]})");
  EXPECT_PORTCHECK_ERROR(bad_response.load(), "/routes/0/responses/0/kind");
}

TEST(Channels, ConsumerSettingsNeedABasePathOfWholeSegments) {
  const TempDir directory;
  write_file(directory.path() / "manifest.json",
             R"({"channels": {"consumers": {"worker": {"app": "public", "base_path": "runner"}}}})");
  EXPECT_PORTCHECK_ERROR(channels::load_consumer_settings(directory.path() / "manifest.json"),
                         "/channels/consumers/worker/base_path");
}

// ------------------------------------------------------------ the committed evidence

/// The project's own channel evidence, captured from the pinned upstream.
// A file the manifest lists that the source tree lacked: its reason reaches
// the comparison (and the report's channels section), the rest is compared.
TEST(Channels, AListedFileTheTreeLackedIsNamedAndTheRestCompared) {
  std::string channels = kChannels;
  channels.insert(channels.rfind('}'), R"(, "missing": [{"file": "runner/src/web.rs", "listed_in":
      "channels.sides.rust.app_files", "outcome": "definition-missing",
      "reason": "runner/src/web.rs: listed in the manifest, missing from the tree"}])");
  const ChannelFolder folder(channels);
  const auto comparison = channels::compare_channels(folder.load(), kConsumers, "python", "rust");
  ASSERT_EQ(comparison.not_read.size(), 1U);
  EXPECT_EQ(comparison.not_read[0], "runner/src/web.rs: listed in the manifest, missing from the tree");
  EXPECT_FALSE(comparison.routes.empty());
  // Near miss: the same evidence without the key names nothing.
  EXPECT_TRUE(channels::compare_channels(ChannelFolder(kChannels).load(), kConsumers, "python", "rust").not_read.empty());
}

TEST(Channels, ALiveAnswerIsTheEvidenceAndItsStatusCounts) {
  const TempDir root;
  write_file(root.path() / "channels/channels.json", kChannels);
  write_file(root.path() / "channels/verdicts-rust.json", kVerdicts);
  // The site's GET /status answered 500 live; a probe 200 without credentials does not count.
  write_file(root.path() / "channels/python/live.json", R"({"side": "python", "exchanges": [
    {"app": "internal", "method": "GET", "path": "/status", "normalized": "/status", "handler": "handle_status",
     "route": {"file": "runner.py", "line": 11}, "scenario": "s", "status": 500, "file": "python/status/s.json", "body": "text",
     "keys": [], "error": "TypeError: boom"},
    {"app": "internal", "method": "GET", "path": "/status", "normalized": "/status", "handler": "handle_status",
     "route": {"file": "runner.py", "line": 11}, "scenario": "p", "status": 200, "file": "python/status/p.json", "body": "object",
     "keys": ["other"], "probe": true}]})");
  const auto comparison = channels::compare_channels(channels::load_channel_evidence(root.path()), kConsumers,
                                                     "python", "rust");
  const channels::ConsumerVerdict& python = verdict_of(comparison, "site", "python");
  EXPECT_EQ(python.reading, channels::Reading::cannot_read);
  EXPECT_EQ(python.evidence, rules::EvidenceKind::executed_live);
  EXPECT_NE(python.problem.find("python answers HTTP 500 (TypeError: boom)"), std::string::npos) << python.problem;
  EXPECT_EQ(python.bodies, (std::vector<std::string>{"python/status/s.json"}));
  // A 200 whose keys lack what the site reads.
  write_file(root.path() / "channels/python/live.json", R"({"side": "python", "exchanges": [
    {"app": "internal", "method": "GET", "path": "/status", "normalized": "/status", "handler": "handle_status",
     "route": {"file": "runner.py", "line": 11}, "scenario": "s", "status": 200, "file": "python/status/s.json", "body": "object",
     "keys": ["avoid_hosts"]}]})");
  const auto keys = channels::compare_channels(channels::load_channel_evidence(root.path()), kConsumers, "python",
                                               "rust");
  EXPECT_EQ(verdict_of(keys, "site", "python").problem,
            "reads `processing`, which python's answer lacks (it has `avoid_hosts`)");
}

TEST(Channels, LiveVerdictsOutrankAReaderRunAsAFunction) {
  const TempDir root;
  write_file(root.path() / "channels/channels.json", kChannels);
  write_file(root.path() / "channels/verdicts-rust.json", R"({"verdicts": [
    {"consumer": "worker", "reader": "from_value::<Assignment>", "channel": "POST /runner/active-runs",
     "writer_side": "python", "body": "python/assign/function.json", "outcome": "accepted"},
    {"consumer": "worker", "reader": "from_value::<Assignment>", "channel": "POST /runner/active-runs",
     "writer_side": "python", "body": "python/public-assign/live.json", "outcome": "refused",
     "error": "invalid type: null, expected path string", "evidence": "executed live"}]})");
  const auto comparison = channels::compare_channels(channels::load_channel_evidence(root.path()), kConsumers,
                                                     "python", "rust");
  const channels::ConsumerVerdict& python = verdict_of(comparison, "worker", "python");
  EXPECT_EQ(python.evidence, rules::EvidenceKind::executed_live);
  EXPECT_EQ(python.reading, channels::Reading::cannot_read);
  EXPECT_EQ(python.bodies, (std::vector<std::string>{"python/public-assign/live.json"}));
}

channels::ChannelComparison committed_channels() {
  const channels::ChannelEvidence evidence = channels::load_channel_evidence(source_dir() / "fixtures");
  return channels::compare_channels(evidence,
                                    channels::load_consumer_settings(source_dir() / "schemas/manifest.json"),
                                    "python", "rust");
}

TEST(CommittedChannels, RouteParityOfThePinnedSource) {
  const channels::ChannelComparison comparison = committed_channels();
  ASSERT_TRUE(comparison.present);
  EXPECT_EQ(comparison.route_count("python"), 27u);
  EXPECT_EQ(comparison.route_count("rust"), 38u);
  EXPECT_EQ(comparison.routes_in_both(), 26u);
  const auto assign = std::find_if(comparison.routes.begin(), comparison.routes.end(),
                                   [](const auto& route) { return route.key == "POST /active-runs"; });
  ASSERT_NE(assign, comparison.routes.end());
  EXPECT_TRUE(assign->sides.contains("python"));
  EXPECT_FALSE(assign->sides.contains("rust"));
}

TEST(CommittedChannels, TheRealWorkerCannotReadTheRustAssignment) {
  const channels::ChannelComparison comparison = committed_channels();
  const channels::ConsumerVerdict& rust = verdict_of(comparison, "worker", "rust");
  EXPECT_EQ(rust.channel, "POST /runner/active-runs");
  EXPECT_EQ(rust.reading, channels::Reading::cannot_read);
  EXPECT_EQ(rust.evidence, rules::EvidenceKind::executed);
  EXPECT_NE(rust.problem.find("missing field `id`"), std::string::npos) << rust.problem;
}

TEST(CommittedChannels, TheSiteCannotReadProcessingFromRustStatus) {
  const channels::ChannelComparison comparison = committed_channels();
  for (const auto& verdict : comparison.verdicts) {
    if (verdict.consumer != "site" || verdict.channel != "GET /status") continue;
    if (verdict.side == "python") {
      EXPECT_EQ(verdict.reading, channels::Reading::reads) << verdict.problem;
    }
    if (verdict.side == "rust") {
      EXPECT_EQ(verdict.reading, channels::Reading::cannot_read);
      EXPECT_NE(verdict.problem.find("`processing`"), std::string::npos) << verdict.problem;
    }
  }
  EXPECT_EQ(verdict_of(comparison, "site", "rust").consumer, "site");
}

// The Python runner's own app, run live on the worker's real requests and
// uploads: the worker cannot read its assignment for a codebase without a
// subpath, and the finish refuses the worker's aware timestamps.
TEST(CommittedChannels, ThePythonRunnerRunLiveFailsTheRealWorkerToo) {
  const channels::ChannelComparison comparison = committed_channels();
  std::map<std::string, const channels::ConsumerVerdict*> python;
  for (const auto& verdict : comparison.verdicts) {
    if (verdict.side == "python") python[verdict.channel + (verdict.upload ? " upload" : "")] = &verdict;
  }
  const auto* assign = python.at("POST /runner/active-runs");
  EXPECT_EQ(assign->evidence, rules::EvidenceKind::executed_live);
  EXPECT_EQ(assign->problem, "invalid type: null, expected path string");
  const auto* upload = python.at("POST /runner/active-runs/{}/finish upload");
  EXPECT_EQ(upload->evidence, rules::EvidenceKind::executed_live);
  EXPECT_EQ(upload->bodies.size(), 13u);
  EXPECT_NE(upload->problem.find("HTTP 500: DataError"), std::string::npos) << upload->problem;
  EXPECT_EQ(python.at("GET /status")->reading, channels::Reading::reads);
  EXPECT_EQ(python.at("GET /status")->evidence, rules::EvidenceKind::executed_live);
  EXPECT_NE(python.at("GET /queue")->problem.find("HTTP 500 (TypeError"), std::string::npos);
  const report::ChannelAnswer answer = report::channel_answer(comparison);
  EXPECT_NE(answer.line.find("Broken on Python too (3 consumer calls), first: the worker cannot read Python's POST "
                             "/runner/active-runs — invalid type: null, expected path string (executed live); nor "
                             "Rust's — missing field `id` (executed)."),
            std::string::npos)
      << answer.line;
}

TEST(CommittedChannels, TheSitesClientsGetAnotherShapeOfTheQueue) {
  const channels::ChannelComparison comparison = committed_channels();
  const auto queue = std::find_if(comparison.forwarded.begin(), comparison.forwarded.end(),
                                  [](const auto& body) { return body.channel == "GET /queue"; });
  ASSERT_NE(queue, comparison.forwarded.end());
  EXPECT_EQ(queue->consumer, "site");
  EXPECT_TRUE(queue->kind_differs);
  EXPECT_EQ(queue->reference_shape.rfind("a list of objects with `queue_id`", 0), 0u) << queue->reference_shape;
  EXPECT_EQ(queue->candidate_shape, "an object with `queue_length`, `items`");
}

}  // namespace
}  // namespace portcheck::test
