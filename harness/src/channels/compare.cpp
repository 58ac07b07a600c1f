// Pairing the two sides' channels and judging each consumer call on each side.

#include <algorithm>

#include "channels/channels.hpp"

namespace portcheck::channels {

namespace {

/// A path segment that is a parameter: "{run_id}", "{id:.*}", ":id".
bool is_parameter(const std::string& segment) {
  return (segment.size() >= 2 && segment.front() == '{' && segment.back() == '}') ||
         (segment.size() >= 2 && segment.front() == ':');
}

/// The runner's path a consumer's call reaches: its base path, then the path
/// it joins to it, each parameter as {}.
std::string reached_path(const std::string& base_path, const std::string& path) {
  std::string joined = base_path + (path.empty() || path.front() != '/' ? path : path.substr(1));
  std::string normalized;
  std::size_t start = 0;
  while (start <= joined.size()) {
    const std::size_t slash = joined.find('/', start);
    const std::string segment = joined.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (start > 0) normalized += "/";
    normalized += is_parameter(segment) ? "{}" : segment;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  // A trailing slash is not part of a route: "/runner/" + "" is "/runner".
  while (normalized.size() > 1 && normalized.back() == '/') normalized.pop_back();
  return normalized;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + ("`" + item + "`");
  return text.empty() ? "no keys" : text;
}

const Route* find_route(const ChannelEvidence& evidence, const std::string& side, const std::string& app,
                        const std::string& key) {
  for (const Route& route : evidence.routes) {
    if (route.side == side && route.app == app && route.key() == key) return &route;
  }
  return nullptr;
}

/// The keys of a route's bodies, when the source shows them: of its success
/// bodies only, or of every body (the consumer may read an error's `reason`).
std::optional<std::vector<std::string>> response_keys(const Route& route, bool success_only) {
  std::optional<std::vector<std::string>> keys;
  for (const Response& response : route.responses) {
    if (success_only && !response.success()) continue;
    const auto more = response.top_level_keys();
    if (!more) {
      if (response.success()) return std::nullopt;  // a success body nothing shows: no verdict on keys
      continue;
    }
    if (!keys) keys.emplace();
    for (const std::string& key : *more) {
      if (std::find(keys->begin(), keys->end(), key) == keys->end()) keys->push_back(key);
    }
  }
  return keys;
}

/// "processing[].id" → "processing": the key a read starts at.
std::string top_level(const std::string& read) { return read.substr(0, read.find_first_of("[.")); }

/// The executed verdicts on what `side` exchanged with a consumer on a call:
/// the consumer reading a side's response, or a side reading the consumer's upload.
std::vector<const ExecutedVerdict*> executed_for(const ChannelEvidence& evidence, const ConsumerCall& call,
                                                 const std::string& side, bool upload) {
  std::vector<const ExecutedVerdict*> found;
  for (const ExecutedVerdict& verdict : evidence.executed) {
    const bool matches = upload ? verdict.writer == call.consumer && verdict.consumer == side
                                : verdict.writer == side && verdict.consumer == call.consumer;
    if (matches && verdict.channel == call.key()) found.push_back(&verdict);
  }
  // A body the running service answered, or an upload it took over HTTP, is
  // the channel itself: where there are such verdicts, they are the evidence.
  if (std::any_of(found.begin(), found.end(), [](const ExecutedVerdict* verdict) { return verdict->live; })) {
    std::erase_if(found, [](const ExecutedVerdict* verdict) { return !verdict->live; });
  }
  std::sort(found.begin(), found.end(),
            [](const ExecutedVerdict* left, const ExecutedVerdict* right) { return left->body < right->body; });
  return found;
}

/// Takes the executed verdicts into `verdict`: it reads when every body
/// was accepted; otherwise the first refusal is the problem.
void take_executed(const std::vector<const ExecutedVerdict*>& executed, ConsumerVerdict& verdict) {
  verdict.evidence = executed.front()->live ? EvidenceKind::executed_live : EvidenceKind::executed;
  verdict.reader = executed.front()->reader;
  verdict.reading = Reading::reads;
  // The evidence is the bodies: the first refused one, else the first.
  verdict.file = "fixtures/channels/" + executed.front()->body;
  verdict.line = 0;
  for (const ExecutedVerdict* ran : executed) {
    verdict.bodies.push_back(ran->body);
    if (!ran->accepted && verdict.reading == Reading::reads) {
      verdict.reading = Reading::cannot_read;
      verdict.problem = ran->error;
      verdict.file = "fixtures/channels/" + ran->body;
    }
  }
}

/// The HTTP statuses a side's handler answers with on success, against the
/// ones the consumer handles: "" when they meet, the problem otherwise.
std::string status_problem(const ConsumerCall& call, const Route& route, const std::string& side) {
  if (call.statuses.empty()) return "";
  std::vector<int> answered;
  for (const Response& response : route.responses) {
    if (!response.success()) continue;
    if (std::find(call.statuses.begin(), call.statuses.end(), response.effective_status()) != call.statuses.end())
      return "";
    answered.push_back(response.effective_status());
  }
  if (answered.empty()) return "";
  std::string handled;
  for (int status : call.statuses) handled += (handled.empty() ? "" : ", ") + std::to_string(status);
  return side + " answers HTTP " + std::to_string(answered.front()) + " on success where the " + call.consumer +
         " handles only " + handled;
}

/// The requests a capture made to the side's real app on the call, as the
/// consumer makes it (same app, method and path).
std::vector<const LiveExchange*> live_for(const ChannelEvidence& evidence, const ConsumerSettings& consumer,
                                          const ConsumerCall& call, const std::string& side) {
  std::vector<const LiveExchange*> found;
  for (const LiveExchange& exchange : evidence.live) {
    if (exchange.side == side && exchange.app == consumer.app && exchange.key() == call.key() &&
        !exchange.upload_changed && !exchange.probe) {
      found.push_back(&exchange);
    }
  }
  return found;
}

/// Whether the consumer goes on with an answer of this status: one it
/// handles, or any success when it checks none.
bool handles(const ConsumerCall& call, int status) {
  if (call.statuses.empty()) return status >= 200 && status < 300;
  return std::find(call.statuses.begin(), call.statuses.end(), status) != call.statuses.end();
}

/// What one live answer is, in words: "HTTP 500 (TypeError: ...)".
std::string answered(const LiveExchange& exchange) {
  std::string text = "HTTP " + std::to_string(exchange.status);
  if (!exchange.error.empty()) text += " (" + exchange.error + ")";
  return text;
}

/// A verdict on one call and side, before it is judged: who reads whom.
ConsumerVerdict new_verdict(const ConsumerSettings& consumer, const ConsumerCall& call, const std::string& side,
                            bool upload) {
  ConsumerVerdict verdict;
  verdict.consumer = consumer.name;
  verdict.channel = call.key();
  verdict.side = side;
  verdict.upload = upload;
  verdict.direction = upload ? consumer.name + " → " + side : side + " → " + consumer.name;
  verdict.pointer = call.pointer;
  return verdict;
}

/// The consumer reading what the side answers on a call.
ConsumerVerdict judge_response(const ChannelEvidence& evidence, const ConsumerSettings& consumer,
                               const ConsumerCall& call, const Route& route, const std::string& side) {
  ConsumerVerdict verdict = new_verdict(consumer, call, side, false);
  verdict.reader = call.type.empty() ? consumer.name + "'s " + call.function : call.type;
  verdict.evidence = EvidenceKind::read_from_source;
  verdict.file = route.place.file;
  verdict.line = route.handler_line > 0 ? route.handler_line : route.place.line;
  std::string wrong_status = status_problem(call, route, side);
  const std::vector<const LiveExchange*> live = live_for(evidence, consumer, call, side);
  if (!live.empty()) {
    // The running app answered: its statuses, not the handler's source.
    wrong_status.clear();
    const auto unhandled = std::find_if(live.begin(), live.end(),
                                        [&](const LiveExchange* exchange) { return !handles(call, exchange->status); });
    if (unhandled != live.end()) {
      std::string handled;
      for (int status : call.statuses) handled += (handled.empty() ? "" : ", ") + std::to_string(status);
      wrong_status = side + " answers " + answered(**unhandled) + (handled.empty() ? "" : ", where the " +
                     call.consumer + " handles only " + handled) + " (run live: " + (*unhandled)->file + ")";
    }
  }
  const std::vector<const ExecutedVerdict*> executed = executed_for(evidence, call, side, false);
  if (!executed.empty()) {
    take_executed(executed, verdict);
    if (!wrong_status.empty()) {
      verdict.reading = Reading::cannot_read;
      if (verdict.problem.empty() && !live.empty()) {
        verdict.problem = wrong_status;
      } else if (verdict.problem.empty()) {
        // Every body was read: the status, read from the handler, is the problem.
        verdict.problem = wrong_status;
        verdict.evidence = EvidenceKind::read_from_source;
        verdict.file = route.place.file;
        verdict.line = route.handler_line > 0 ? route.handler_line : route.place.line;
      } else {
        verdict.also = wrong_status;
        if (!live.empty()) verdict.also_evidence = EvidenceKind::executed_live;
      }
    }
    return verdict;
  }
  // What the consumer needs: its type's required fields in a success body,
  // or the keys it indexes in any body (an error's `reason` included).
  std::vector<std::string> needed;
  if (!call.type.empty()) {
    if (const auto fields = evidence.reader_fields.find(call.type); fields != evidence.reader_fields.end()) {
      for (const RequiredField& field : fields->second) {
        if (field.required) needed.push_back(field.name);
      }
    }
  } else {
    for (const std::string& read : call.reads) {
      const std::string key = top_level(read);
      if (std::find(needed.begin(), needed.end(), key) == needed.end()) needed.push_back(key);
    }
  }
  std::vector<std::string> problems;
  if (!wrong_status.empty()) problems.push_back(wrong_status);
  if (!live.empty()) {
    // The consumer's reads (from its source) on what the running app answered.
    verdict.evidence = EvidenceKind::executed_live;
    verdict.file = "fixtures/channels/" + live.front()->file;
    verdict.line = 0;
    std::vector<std::string> keys;
    for (const LiveExchange* exchange : live) {
      verdict.bodies.push_back(exchange->file);
      if (!handles(call, exchange->status)) continue;
      for (const std::string& key : exchange->keys) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
      }
    }
    std::sort(verdict.bodies.begin(), verdict.bodies.end());
    const bool any_handled =
        std::any_of(live.begin(), live.end(), [&](const LiveExchange* exchange) { return handles(call, exchange->status); });
    std::vector<std::string> missing;
    for (const std::string& key : needed) {
      if (any_handled && !key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) missing.push_back(key);
    }
    if (!missing.empty()) {
      problems.push_back((call.type.empty() ? "reads " : call.type + " requires ") + quoted_list(missing) + ", which " +
                         side + "'s answer lacks (it has " + quoted_list(keys) + ")");
    }
    verdict.reading = problems.empty() ? Reading::reads : Reading::cannot_read;
    for (const std::string& problem : problems) verdict.problem += (verdict.problem.empty() ? "" : "; and ") + problem;
    return verdict;
  }
  if (!call.type.empty() && needed.empty()) {
    verdict.reading = problems.empty() ? Reading::cannot_tell : Reading::cannot_read;
    problems.push_back("no capture ran the " + consumer.name + "'s " + call.type + " on " + side +
                       "'s body, and its required fields are unknown");
  } else if (!needed.empty()) {
    const std::optional<std::vector<std::string>> keys = response_keys(route, !call.type.empty());
    if (!keys) {
      if (problems.empty()) verdict.reading = Reading::cannot_tell;
      problems.push_back("the " + side + " handler " + route.handler + "'s body is not readable from its source; the " +
                         consumer.name + " needs " + quoted_list(needed));
    } else {
      std::vector<std::string> missing;
      for (const std::string& key : needed) {
        if (std::find(keys->begin(), keys->end(), key) == keys->end()) missing.push_back(key);
      }
      if (!missing.empty()) {
        problems.push_back((call.type.empty() ? "reads " : call.type + " requires ") + quoted_list(missing) +
                           ", which " + side + "'s body lacks (it has " + quoted_list(*keys) + ")");
      }
    }
  }
  if (verdict.reading != Reading::cannot_tell) verdict.reading = problems.empty() ? Reading::reads : Reading::cannot_read;
  for (const std::string& problem : problems) verdict.problem += (verdict.problem.empty() ? "" : "; and ") + problem;
  return verdict;
}

/// The side reading what the consumer uploads on a call.
ConsumerVerdict judge_upload(const ChannelEvidence& evidence, const ConsumerSettings& consumer,
                             const ConsumerCall& call, const Route& route, const std::string& side) {
  ConsumerVerdict verdict = new_verdict(consumer, call, side, true);
  const std::vector<const ExecutedVerdict*> executed = executed_for(evidence, call, side, true);
  if (!executed.empty()) {
    take_executed(executed, verdict);
    return verdict;
  }
  verdict.reader = "the " + side + " runner's " + route.handler;
  verdict.reading = Reading::cannot_tell;
  verdict.evidence = EvidenceKind::read_from_source;
  verdict.problem = "no capture ran the " + side + " runner's reader on the " + consumer.name + "'s " + call.sends;
  verdict.file = route.place.file;
  verdict.line = route.handler_line > 0 ? route.handler_line : route.place.line;
  return verdict;
}

/// Every verdict on one call and side: the side reading the consumer's
/// upload (when it sends one), then the consumer reading the answer.
std::vector<ConsumerVerdict> judge(const ChannelEvidence& evidence, const ConsumerSettings& consumer,
                                   const ConsumerCall& call, const std::string& side) {
  const Route* route = find_route(evidence, side, consumer.app, call.key());
  if (route == nullptr) {
    ConsumerVerdict verdict = new_verdict(consumer, call, side, false);
    verdict.reader = consumer.name;
    verdict.reading = Reading::cannot_read;
    verdict.evidence = EvidenceKind::read_from_source;
    verdict.problem = "the " + side + " runner's " + consumer.app + " app has no route " + call.key();
    verdict.file = call.place.file;
    verdict.line = call.place.line;
    return {verdict};
  }
  std::vector<ConsumerVerdict> verdicts;
  if (!call.sends.empty()) verdicts.push_back(judge_upload(evidence, consumer, call, *route, side));
  verdicts.push_back(judge_response(evidence, consumer, call, *route, side));
  return verdicts;
}

/// The calls a consumer makes, one per method and reached path: the reads
/// and statuses of every place that makes it, the first place standing for it.
std::vector<ConsumerCall> merged_calls(const ChannelEvidence& evidence, const ConsumerSettings& consumer) {
  std::vector<ConsumerCall> calls;
  for (ConsumerCall call : evidence.calls) {
    if (call.consumer != consumer.name) continue;
    call.normalized = reached_path(consumer.base_path, call.normalized);
    const auto same = std::find_if(calls.begin(), calls.end(),
                                   [&](const ConsumerCall& other) { return other.key() == call.key(); });
    if (same == calls.end()) {
      calls.push_back(std::move(call));
      continue;
    }
    for (const std::string& read : call.reads) {
      if (std::find(same->reads.begin(), same->reads.end(), read) == same->reads.end()) same->reads.push_back(read);
    }
    for (int status : call.statuses) {
      if (std::find(same->statuses.begin(), same->statuses.end(), status) == same->statuses.end())
        same->statuses.push_back(status);
    }
    if (same->type.empty()) same->type = call.type;
    if (same->sends.empty()) same->sends = call.sends;
    same->forwards_body = same->forwards_body || call.forwards_body;
  }
  return calls;
}

/// The shape of a route's success body as its source writes it: "a list of
/// objects with `a`, `b`" or "an object with `a`, `b`"; nothing when the
/// source does not show it.
struct Shape {
  bool list = false;
  std::vector<std::string> keys;

  [[nodiscard]] std::string text() const {
    return (list ? "a list of objects with " : "an object with ") + quoted_list(keys);
  }
  bool operator==(const Shape& other) const {
    if (list != other.list) return false;
    std::vector<std::string> mine = keys;
    std::vector<std::string> theirs = other.keys;
    std::sort(mine.begin(), mine.end());
    std::sort(theirs.begin(), theirs.end());
    return mine == theirs;
  }
};

std::optional<Shape> success_shape(const Route& route) {
  for (const Response& response : route.responses) {
    if (!response.success()) continue;
    if (response.kind == ResponseKind::unknown || response.keys.empty()) return std::nullopt;
    Shape shape;
    shape.list = response.list_of;
    for (const BodyKey& key : response.keys) shape.keys.push_back(key.key);
    return shape;
  }
  return std::nullopt;
}

/// A body the consumer passes on as it is, when the two sides' shapes differ.
std::optional<ForwardedBody> forwarded_difference(const ChannelEvidence& evidence, const ConsumerSettings& consumer,
                                                  const ConsumerCall& call, const std::string& reference_side,
                                                  const std::string& candidate_side) {
  if (!call.forwards_body) return std::nullopt;
  const Route* reference = find_route(evidence, reference_side, consumer.app, call.key());
  const Route* candidate = find_route(evidence, candidate_side, consumer.app, call.key());
  if (reference == nullptr || candidate == nullptr) return std::nullopt;
  const std::optional<Shape> reference_shape = success_shape(*reference);
  const std::optional<Shape> candidate_shape = success_shape(*candidate);
  if (!reference_shape || !candidate_shape || *reference_shape == *candidate_shape) return std::nullopt;
  ForwardedBody forwarded;
  forwarded.consumer = consumer.name;
  forwarded.channel = call.key();
  forwarded.function = call.function;
  forwarded.reference_shape = reference_shape->text();
  forwarded.candidate_shape = candidate_shape->text();
  forwarded.kind_differs = reference_shape->list != candidate_shape->list;
  forwarded.reference_place = {reference->place.file, reference->handler_line > 0 ? reference->handler_line
                                                                                   : reference->place.line};
  forwarded.candidate_place = {candidate->place.file, candidate->handler_line > 0 ? candidate->handler_line
                                                                                   : candidate->place.line};
  forwarded.pointer = call.pointer;
  return forwarded;
}

}  // namespace

std::string to_string(Reading reading) {
  switch (reading) {
    case Reading::reads:
      return "reads";
    case Reading::cannot_read:
      return "cannot read";
    case Reading::cannot_tell:
      return "cannot tell";
  }
  return "?";
}

std::size_t ChannelComparison::route_count(const std::string& side) const {
  return static_cast<std::size_t>(
      std::count_if(routes.begin(), routes.end(), [&](const RouteParity& route) { return route.sides.contains(side); }));
}

std::size_t ChannelComparison::routes_in_both() const {
  return static_cast<std::size_t>(std::count_if(routes.begin(), routes.end(), [&](const RouteParity& route) {
    return route.sides.contains(reference_side) && route.sides.contains(candidate_side);
  }));
}

ChannelComparison compare_channels(const ChannelEvidence& evidence, const std::vector<ConsumerSettings>& consumers,
                                   const std::string& reference_side, const std::string& candidate_side) {
  ChannelComparison comparison;
  comparison.present = evidence.present;
  comparison.reference_side = reference_side;
  comparison.candidate_side = candidate_side;
  if (!evidence.present) return comparison;
  comparison.not_read = evidence.not_read;

  // Routes by method and normalized path, over every app of a side: a route
  // is served or not, whichever of the side's apps serves it.
  std::map<std::string, RouteParity> routes;
  for (const Route& route : evidence.routes) {
    if (route.side != reference_side && route.side != candidate_side) continue;
    RouteParity& parity = routes[route.key()];
    parity.key = route.key();
    parity.sides.emplace(route.side, route);  // the first declaration of a key stands for it
  }
  for (auto& [key, parity] : routes) comparison.routes.push_back(std::move(parity));

  std::map<std::string, StateParity> state;
  for (const StateUse& use : evidence.state) {
    if (use.side != reference_side && use.side != candidate_side) continue;
    StateParity& parity = state[use.key()];
    parity.key = use.key();
    parity.sides[use.side].push_back(use);
  }
  for (auto& [key, parity] : state) comparison.state.push_back(std::move(parity));

  for (const ConsumerSettings& consumer : consumers) {
    for (const ConsumerCall& call : merged_calls(evidence, consumer)) {
      for (const std::string& side : {reference_side, candidate_side}) {
        for (ConsumerVerdict& verdict : judge(evidence, consumer, call, side)) {
          comparison.verdicts.push_back(std::move(verdict));
        }
      }
      if (auto forwarded = forwarded_difference(evidence, consumer, call, reference_side, candidate_side)) {
        comparison.forwarded.push_back(std::move(*forwarded));
      }
    }
  }
  return comparison;
}

}  // namespace portcheck::channels
