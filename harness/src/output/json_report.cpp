#include <algorithm>
#include <stdexcept>

#include "compare/findings.hpp"
#include "json/canonical.hpp"
#include "json/document.hpp"
#include "output/compatibility.hpp"
#include "report/report.hpp"
#include "report/verdict.hpp"

namespace portcheck::output {

// The report's model: its pairs, sections and verdicts.
using namespace report;

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void string_member(Writer& writer, const char* key, const std::string& value) {
  writer.Key(key);
  json::write_string(writer, value);
}

/// A string, or null when there is none (a value a side left out).
/// A value one side wrote, as the JSON value it is (compact JSON text from the
/// comparison, written in place); the key is left out where the side wrote
/// nothing, so that absent and null stay apart. (Empty text, which no JSON
/// value is, stands for none: a silent change's side that holds no value.)
void value_member(Writer& writer, const char* key, const std::optional<std::string>& value) {
  if (!value || value->empty()) return;
  writer.Key(key);
  writer.RawValue(value->c_str(), value->size(), rapidjson::kObjectType);
}

void string_array(Writer& writer, const char* key, const std::vector<std::string>& values) {
  writer.Key(key);
  writer.StartArray();
  for (const auto& value : values) json::write_string(writer, value);
  writer.EndArray();
}

void write_refusal(Writer& writer, const compare::Refusal& refusal) {
  string_member(writer, "rule", compare::rule_id(refusal.rule));
  string_member(writer, "pointer", refusal.pointer);
  string_member(writer, "message", refusal.message);
}

void write_counts(Writer& writer, const compare::FindingCounts& counts) {
  writer.StartObject();
  writer.Key("breaking");
  writer.Uint64(counts.breaking);
  writer.Key("warning");
  writer.Uint64(counts.warning);
  writer.Key("info");
  writer.Uint64(counts.info);
  writer.Key("total");
  writer.Uint64(counts.total);
  writer.EndObject();
}

/// `known_gaps`: finding id → reason; a finding listed there carries its
/// reason, one of warning or above that is not is new.
void write_finding(Writer& writer, const compare::Finding& finding,
                   const std::map<std::string, std::string>& known_gaps) {
  writer.StartObject();
  const std::string id = compare::finding_id(finding);
  string_member(writer, "id", id);
  writer.Key("known_gap");
  if (const auto known = known_gaps.find(id); known != known_gaps.end()) {
    writer.StartObject();
    string_member(writer, "reason", known->second);
    writer.EndObject();
  } else {
    writer.Null();
  }
  writer.Key("new");
  writer.Bool(!known_gaps.contains(id) && finding.severity >= compare::Severity::warning);
  string_member(writer, "fingerprint", compare::fingerprint(finding));
  string_member(writer, "structure", finding.structure);
  string_member(writer, "field", finding.field);
  string_member(writer, "rule", compare::rule_id(finding.rule));
  string_member(writer, "severity", compare::to_string(finding.severity));
  writer.Key("pointers");
  writer.StartObject();
  for (const auto& [side, pointer] : finding.pointers) string_member(writer, side.c_str(), pointer);
  writer.EndObject();
  string_array(writer, "scenarios", finding.scenarios);
  writer.Key("directions");
  writer.StartArray();
  for (const auto& [from, to] : finding.directions) {
    writer.StartObject();
    string_member(writer, "writer", from);
    string_member(writer, "reader", to);
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("values");
  writer.StartArray();
  for (const compare::ObservedValue& value : finding.values) {
    writer.StartObject();
    string_member(writer, "scenario", value.scenario);
    string_member(writer, "side", value.side);
    value_member(writer, "value", value.text);
    writer.EndObject();
  }
  writer.EndArray();
  string_member(writer, "message", finding.message);
  string_member(writer, "file", finding.file);
  string_member(writer, "pointer", finding.pointer);
  string_member(writer, "evidence", rules::to_string(finding.evidence));
  string_member(writer, "source", finding.source_place);
  writer.EndObject();
}

void write_place(Writer& writer, const channels::Place& place) {
  string_member(writer, "file", place.file);
  writer.Key("line");
  writer.Int64(place.line);
}

void write_verdict(Writer& writer, const channels::ConsumerVerdict& verdict) {
  writer.StartObject();
  string_member(writer, "consumer", verdict.consumer);
  string_member(writer, "channel", verdict.channel);
  string_member(writer, "side", verdict.side);
  string_member(writer, "direction", verdict.direction);
  string_member(writer, "reader", verdict.reader);
  string_member(writer, "reading", channels::to_string(verdict.reading));
  string_member(writer, "problem", verdict.problem);
  string_member(writer, "also", verdict.also);
  string_member(writer, "evidence", rules::to_string(verdict.evidence));
  string_member(writer, "file", verdict.file);
  writer.Key("line");
  writer.Int64(verdict.line);
  string_array(writer, "bodies", verdict.bodies);
  writer.EndObject();
}

/// Per candidate: the answer, the consumers' verdicts, the route parity and
/// the shared state, as data.
void write_channels(Writer& writer, const compare::Comparison& comparison) {
  writer.Key("channels");
  writer.StartArray();
  for (const channels::ChannelComparison& pair : comparison.channels) {
    const ChannelAnswer answer = channel_answer(pair);
    writer.StartObject();
    string_member(writer, "reference_side", pair.reference_side);
    string_member(writer, "candidate_side", pair.candidate_side);
    writer.Key("answer");
    writer.StartObject();
    writer.Key("replaceable");
    writer.Bool(answer.replaceable);
    string_member(writer, "line", answer.line);
    writer.Key("breaks");
    writer.StartArray();
    for (const channels::ConsumerVerdict* verdict : answer.breaks) write_verdict(writer, *verdict);
    writer.EndArray();
    writer.EndObject();
    writer.Key("verdicts");
    writer.StartArray();
    for (const channels::ConsumerVerdict& verdict : pair.verdicts) write_verdict(writer, verdict);
    writer.EndArray();
    writer.Key("forwarded");
    writer.StartArray();
    for (const channels::ForwardedBody& body : pair.forwarded) {
      writer.StartObject();
      string_member(writer, "consumer", body.consumer);
      string_member(writer, "channel", body.channel);
      string_member(writer, "function", body.function);
      string_member(writer, "reference_shape", body.reference_shape);
      string_member(writer, "candidate_shape", body.candidate_shape);
      writer.Key("kind_differs");
      writer.Bool(body.kind_differs);
      string_member(writer, "reference_place", body.reference_place.text());
      string_member(writer, "candidate_place", body.candidate_place.text());
      writer.EndObject();
    }
    writer.EndArray();
    writer.Key("bodies");
    writer.StartArray();
    for (const channels::BodyComparison& body : pair.bodies) {
      writer.StartObject();
      string_member(writer, "channel", body.channel);
      string_member(writer, "description", body.description);
      string_member(writer, "reference_writer", body.reference_writer);
      string_member(writer, "candidate_writer", body.candidate_writer);
      string_member(writer, "reference_folder", body.reference_folder);
      string_member(writer, "candidate_folder", body.candidate_folder);
      string_array(writer, "scenarios", body.scenarios);
      string_array(writer, "one_sided", body.one_sided);
      writer.Key("places");
      writer.StartArray();
      for (const channels::BodyPlace& place : body.places) {
        writer.StartObject();
        string_member(writer, "pointer", place.pointer);
        string_member(writer, "difference", channels::to_string(place.difference));
        string_array(writer, "scenarios", place.scenarios);
        value_member(writer, "reference_value", place.reference_value);
        value_member(writer, "candidate_value", place.candidate_value);
        writer.EndObject();
      }
      writer.EndArray();
      writer.EndObject();
    }
    writer.EndArray();
    writer.Key("routes");
    writer.StartObject();
    writer.Key("counts");
    writer.StartObject();
    const std::size_t both = pair.routes_in_both();
    for (const auto& [name, count] : std::vector<std::pair<std::string, std::size_t>>{
             {"reference", pair.route_count(pair.reference_side)},
             {"candidate", pair.route_count(pair.candidate_side)},
             {"both", both},
             {"reference_only", pair.route_count(pair.reference_side) - both},
             {"candidate_only", pair.route_count(pair.candidate_side) - both}}) {
      writer.Key(name.c_str());
      writer.Uint64(count);
    }
    writer.EndObject();
    writer.Key("list");
    writer.StartArray();
    for (const channels::RouteParity& route : pair.routes) {
      writer.StartObject();
      string_member(writer, "route", route.key);
      writer.Key("sides");
      writer.StartObject();
      for (const auto& [side, declared] : route.sides) {
        writer.Key(side.c_str());
        writer.StartObject();
        string_member(writer, "app", declared.app);
        string_member(writer, "method", declared.method);
        string_member(writer, "path", declared.path);
        string_member(writer, "handler", declared.handler);
        write_place(writer, declared.place);
        writer.EndObject();
      }
      writer.EndObject();
      writer.EndObject();
    }
    writer.EndArray();
    writer.EndObject();
    writer.Key("state");
    writer.StartArray();
    for (const channels::StateParity& state : pair.state) {
      writer.StartObject();
      string_member(writer, "key", state.key);
      writer.Key("sides");
      writer.StartObject();
      for (const auto& [side, uses] : state.sides) {
        writer.Key(side.c_str());
        writer.StartArray();
        for (const channels::StateUse& use : uses) {
          writer.StartObject();
          string_member(writer, "direction", use.direction);
          string_member(writer, "operation", use.operation);
          string_member(writer, "function", use.function);
          write_place(writer, use.place);
          writer.EndObject();
        }
        writer.EndArray();
      }
      writer.EndObject();
      writer.EndObject();
    }
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
}

void write_field(Writer& writer, const compare::FieldComparison& field) {
  writer.StartObject();
  string_member(writer, "id", field.id);
  string_member(writer, "name", field.name);
  writer.Key("reference");
  writer.StartObject();
  string_member(writer, "pointer", field.reference_pointer);
  string_member(writer, "type", field.reference_type);
  writer.EndObject();
  writer.Key("candidate");
  writer.StartObject();
  string_member(writer, "pointer", field.candidate_pointer);
  string_member(writer, "type", field.candidate_type);
  writer.EndObject();
  string_member(writer, "pairing", compare::to_string(field.pairing));
  string_member(writer, "status", compare::to_string(field.status));
  string_member(writer, "severity", compare::to_string(field.severity));
  string_array(writer, "notes", field.notes);
  writer.Key("refusals");
  writer.StartArray();
  for (const compare::FieldRefusal& refusal : field.refusals) {
    writer.StartObject();
    string_member(writer, "writer", refusal.writer);
    string_member(writer, "reader", refusal.reader);
    string_member(writer, "scenario", refusal.scenario);
    string_member(writer, "file", refusal.file);
    write_refusal(writer, refusal.refusal);
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("evidence");
  writer.StartArray();
  for (const auto& evidence : field.evidence) {
    writer.StartObject();
    string_member(writer, "scenario", evidence.scenario);
    string_member(writer, "status", compare::to_string(evidence.status));
    string_member(writer, "reference_file", evidence.reference_file);
    string_member(writer, "candidate_file", evidence.candidate_file);
    value_member(writer, "reference_value", evidence.reference_value);
    value_member(writer, "candidate_value", evidence.candidate_value);
    string_member(writer, "note", evidence.note);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

/// A compact JSON text as a JSON value (not a string of JSON), or null when empty.
void raw_value(Writer& writer, const char* key, const std::string& text) {
  writer.Key(key);
  if (text.empty()) {
    writer.Null();
  } else {
    writer.RawValue(text.c_str(), text.size(), rapidjson::kObjectType);
  }
}

void write_silent_change(Writer& writer, const compare::SilentChange& change) {
  writer.StartObject();
  string_member(writer, "pointer", change.pointer);
  string_member(writer, "change", compare::to_string(change.kind));
  raw_value(writer, "written", change.written);
  raw_value(writer, "read", change.read);
  writer.EndObject();
}

void write_code(Writer& writer, const compare::StructureComparison& structure) {
  writer.Key("code");
  writer.StartObject();
  for (const auto& [side, code] : structure.code) {
    writer.Key(side.c_str());
    writer.StartObject();
    string_member(writer, "definition", code.definition);
    string_member(writer, "location", code.location);
    writer.Key("writes");
    writer.Bool(code.writes);
    writer.Key("reads");
    writer.Bool(code.reads);
    string_member(writer, "serializer", code.serializer);
    string_member(writer, "reader", code.reader);
    string_member(writer, "why_not", code.why_not);
    writer.EndObject();
  }
  writer.EndObject();
  writer.Key("outcomes");
  writer.StartArray();
  for (const auto& [side, outcome] : structure.outcomes) {
    writer.StartObject();
    string_member(writer, "side", side);
    string_member(writer, "scenario", outcome.scenario);
    string_member(writer, "outcome", compare::to_string(outcome.kind));
    string_member(writer, "error", outcome.error);
    string_member(writer, "during", outcome.during);
    string_array(writer, "unused", outcome.unused);
    writer.Key("differences");
    writer.StartArray();
    for (const auto& difference : outcome.differences) {
      writer.StartObject();
      string_member(writer, "attribute", difference.attribute);
      raw_value(writer, "scenario", difference.scenario);
      raw_value(writer, "read", difference.read);
      writer.EndObject();
    }
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("document");
  writer.StartArray();
  for (const auto& row : structure.document) {
    writer.StartObject();
    string_member(writer, "side", row.side);
    string_member(writer, "attribute", row.attribute);
    string_member(writer, "document_type", row.document_type);
    string_member(writer, "code_type", row.code_type);
    string_member(writer, "status", compare::to_string(row.status));
    string_member(writer, "note", row.note);
    writer.EndObject();
  }
  writer.EndArray();
  string_array(writer, "document_notes", structure.document_notes);
}

void write_verdict(Writer& writer, const Verdict& verdict) {
  writer.Key("verdict");
  writer.StartObject();
  string_member(writer, "status", verdict.status);
  string_member(writer, "line", verdict.line());
  string_array(writer, "reasons", verdict.reasons);
  string_member(writer, "tally", verdict.tally());
  writer.Key("known_gaps");
  writer.Uint64(verdict.known);
  writer.Key("new");
  writer.Uint64(verdict.fresh);
  writer.Key("info_unlisted");
  writer.Uint64(verdict.info_unlisted);
  string_member(writer, "next", verdict.next);
  writer.Key("findings");
  writer.StartArray();
  for (const FindingRow& row : verdict.findings) json::write_string(writer, row.id);
  writer.EndArray();
  writer.EndObject();
}

void write_structure(Writer& writer, const compare::StructureComparison& structure,
                     const std::map<std::string, std::string>& known_gaps) {
  writer.StartObject();
  string_member(writer, "name", structure.structure);
  write_verdict(writer, verdict_of(structure, known_gaps));
  string_member(writer, "reference_side", structure.reference_side);
  string_member(writer, "candidate_side", structure.candidate_side);
  string_member(writer, "description", structure.description);
  string_array(writer, "sides", structure.sides);
  string_member(writer, "claimed", structure.claimed);
  string_member(writer, "declared_status", compare::to_string(structure.declared_status));
  string_member(writer, "observed_status", compare::to_string(structure.observed_status));
  string_array(writer, "scenarios", structure.scenarios);
  writer.Key("channel_use");
  writer.StartObject();
  for (const auto& [side, use] : structure.channel_use) string_member(writer, side.c_str(), use);
  writer.EndObject();
  writer.Key("findings");
  write_counts(writer, compare::count_findings(compare::structure_findings(structure)));
  writer.Key("fields");
  writer.StartArray();
  for (const auto& field : structure.fields) write_field(writer, field);
  writer.EndArray();
  writer.Key("declared");
  writer.StartArray();
  for (const auto& declared : structure.declared) {
    writer.StartObject();
    string_member(writer, "attribute", declared.attribute);
    string_member(writer, "reference_type", declared.reference_type);
    string_member(writer, "candidate_type", declared.candidate_type);
    string_member(writer, "status", compare::to_string(declared.status));
    string_member(writer, "severity", compare::to_string(declared.severity));
    string_member(writer, "note", declared.note);
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("readability");
  writer.StartArray();
  for (const auto& readability : structure.readability) {
    writer.StartObject();
    string_member(writer, "id", readability.id);
    string_member(writer, "scenario", readability.scenario);
    string_member(writer, "writer", readability.writer);
    string_member(writer, "reader", readability.reader);
    string_member(writer, "file", readability.file);
    writer.Key("readable");
    writer.Bool(readability.readable);
    writer.Key("refusals");
    writer.StartArray();
    for (const compare::Refusal& refusal : readability.refusals) {
      writer.StartObject();
      write_refusal(writer, refusal);
      writer.EndObject();
    }
    writer.EndArray();
    if (readability.observed) {
      writer.Key("observed");
      writer.StartObject();
      writer.Key("readable");
      writer.Bool(readability.observed_readable);
      string_member(writer, "error", readability.observed_error);
      writer.Key("agrees");
      writer.Bool(readability.agrees());
      writer.Key("silent_changes");
      writer.StartArray();
      for (const auto& change : readability.silent_changes) write_silent_change(writer, change);
      writer.EndArray();
      writer.EndObject();
    }
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("fixtures");
  writer.StartArray();
  for (const auto& fixture : structure.fixtures) {
    writer.StartObject();
    string_member(writer, "side", fixture.side);
    string_member(writer, "scenario", fixture.scenario);
    string_member(writer, "file", fixture.file);
    writer.Key("valid");
    writer.Bool(fixture.failures.empty());
    writer.Key("round_trip_exact");
    writer.Bool(fixture.round_trip.empty());
    std::vector<std::string> problems;
    for (const auto& failure : fixture.failures)
      problems.push_back(failure.rule + " at " + failure.pointer + ": " + failure.message);
    for (const auto& difference : fixture.round_trip) {
      problems.push_back("round trip at " + difference.pointer + ": " + codec::shown(difference.original) + " became " +
                         codec::shown(difference.reencoded));
    }
    string_array(writer, "problems", problems);
    writer.EndObject();
  }
  writer.EndArray();
  write_code(writer, structure);
  string_array(writer, "notes", structure.notes);
  writer.EndObject();
}

void write_attribute_claims(Writer& writer, const compare::Comparison& comparison) {
  writer.Key("attribute_claims");
  writer.StartArray();
  for (const auto& check : comparison.attribute_claims) {
    writer.StartObject();
    string_member(writer, "structure", check.structure);
    string_member(writer, "attribute", check.attribute);
    string_member(writer, "claim", check.claim);
    string_member(writer, "statement", check.statement);
    string_member(writer, "holds",
                  check.holds == compare::ClaimHolds::yes  ? "yes"
                  : check.holds == compare::ClaimHolds::no ? "no"
                                                           : "unchecked");
    string_member(writer, "verdict", check.verdict);
    writer.Key("sides");
    writer.StartArray();
    for (const auto& facts : check.sides) {
      writer.StartObject();
      string_member(writer, "side", facts.side);
      writer.Key("declared");
      writer.Bool(facts.declared);
      string_member(writer, "declared_type", facts.declared_type);
      string_member(writer, "declared_at", facts.declared_at);
      string_member(writer, "written", facts.written);
      writer.EndObject();
    }
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("sources");
  writer.StartArray();
  for (const auto& source : comparison.sources) {
    writer.StartObject();
    string_member(writer, "side", source.side);
    string_member(writer, "repository", source.repository);
    string_member(writer, "revision", source.revision);
    writer.Key("files");
    writer.Uint64(source.files);
    string_array(writer, "stubs", source.stubs);
    writer.EndObject();
  }
  writer.EndArray();
}

}  // namespace

std::string render_structure_json(const compare::StructureComparison& structure) {
  // A cut value is no JSON: writing it raw would make the output invalid.
  if (structure.values_cut) throw std::logic_error("render_structure_json: the comparison holds cut values");
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  write_structure(writer, structure, {});
  return json::canonical_text(json::parse(buffer.GetString(), "structure.json"));
}

std::string render_json(const compare::Comparison& comparison, const std::string& claims_source) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  string_member(writer, "$schema", "../schemas/report.schema.json");
  const std::vector<compare::Finding> findings = compare::collect_findings(comparison);
  string_member(writer, "reference_side", comparison.reference_side);
  string_array(writer, "candidate_sides", comparison.candidate_sides);
  string_member(writer, "claims_source", claims_source);
  // What the report was made from, so that check compares like with like.
  writer.Key("evidence");
  writer.StartObject();
  writer.Key("database");
  if (comparison.storage_checked) {
    json::write_string(writer, comparison.storage_source);
  } else {
    writer.Null();
  }
  writer.EndObject();
  string_array(writer, "rules", comparison.rules);
  writer.Key("terms");
  writer.StartArray();
  for (const auto& [term, meaning] : report_terms()) {
    writer.StartObject();
    string_member(writer, "term", term);
    string_member(writer, "meaning", meaning);
    writer.EndObject();
  }
  writer.EndArray();
  string_array(writer, "conclusion", conclusion_lines(comparison));
  writer.Key("summary");
  writer.StartObject();
  writer.Key("structures");
  writer.Uint64(comparison.structures.size() / std::max<std::size_t>(1, comparison.candidate_sides.size()));
  writer.Key("findings");
  write_counts(writer, compare::count_findings(findings));
  writer.EndObject();
  writer.Key("findings");
  writer.StartArray();
  for (const compare::Finding& finding : findings) write_finding(writer, finding, comparison.known_gaps);
  writer.EndArray();
  writer.Key("structures");
  writer.StartArray();
  for (const auto& structure : comparison.structures) {
    if (structure.values_cut) throw std::logic_error("render_json: the comparison holds cut values");
    write_structure(writer, structure, comparison.known_gaps);
  }
  writer.EndArray();
  write_attribute_claims(writer, comparison);
  write_channels(writer, comparison);
  if (comparison.storage_checked) {
    writer.Key("database");
    writer.StartObject();
    string_member(writer, "source", comparison.storage_source);
    writer.Key("columns");
    writer.StartArray();
    for (const auto& finding : comparison.storage) {
      writer.StartObject();
      string_member(writer, "id", finding.id);
      string_member(writer, "structure", finding.structure);
      string_member(writer, "table", finding.table);
      string_member(writer, "column", finding.column);
      string_member(writer, "column_type", finding.column_type);
      writer.Key("nullable");
      writer.Bool(finding.nullable);
      string_member(writer, "side", finding.side);
      string_member(writer, "driver", finding.driver);
      string_member(writer, "field", finding.field);
      string_member(writer, "declared_type", finding.declared_type);
      string_member(writer, "rule", compare::rule_id(finding.rule));
      string_member(writer, "severity", compare::to_string(finding.severity));
      string_member(writer, "message", finding.message);
      writer.EndObject();
    }
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndObject();
  return json::canonical_text(json::parse(buffer.GetString(), "compatibility.json"));
}

}  // namespace portcheck::output
