#include "compare/compare.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "codec/codec.hpp"
#include "compare/classify.hpp"
#include "compare/declared.hpp"
#include "compare/observe.hpp"
#include "compare/pairing.hpp"
#include "compare/readability.hpp"
#include "compare/status.hpp"
#include "json/error.hpp"
#include "json/pointer.hpp"
#include "schema/layout.hpp"
#include "schema/validator.hpp"

namespace portcheck::compare {

namespace {

std::string last_token(const std::string& pointer) {
  const auto tokens = json::split_pointer(pointer);
  return tokens.empty() ? "(value)" : tokens.back();
}

std::string display(const std::string& pointer) { return pointer.empty() ? "(value)" : pointer; }

FieldStatus placement_status(schema::MappingKind kind) {
  return kind == schema::MappingKind::renamed ? FieldStatus::renamed : FieldStatus::relocated;
}

std::map<std::string, std::string> declared_only(const schema::SchemaSet& schemas,
                                                 const schema::StructureSchema* schema) {
  std::map<std::string, std::string> entries;
  if (schema == nullptr) return entries;
  for (const schema::DeclaredOnly& entry : schemas.declared_only(*schema)) entries[entry.name] = entry.type;
  return entries;
}

/// Compares one structure between a reference and a candidate: its fixtures
/// against their own schemas, every fixture as each reader would read it, the
/// fields on the wire (paired by pairing.cpp, classified by classify.cpp,
/// judged by status.cpp), and the declared attributes.
class StructureComparer {
 public:
  StructureComparer(const schema::SchemaSet& schemas, std::string structure, SideView reference, SideView candidate,
                    std::size_t value_text_limit)
      : schemas_(schemas),
        structure_(std::move(structure)),
        reference_(reference),
        candidate_(candidate),
        value_text_limit_(value_text_limit) {}

  StructureComparison run() {
    result_.structure = structure_;
    result_.reference_side = reference_.name;
    result_.candidate_side = candidate_.name;
    if (const schema::Structure* entry = schemas_.manifest().find_structure(structure_)) {
      result_.description = entry->description;
      // The pair's sides that declare it (a third side is another pair's).
      for (const std::string& side : entry->sides) {
        if (side == reference_.name || side == candidate_.name) result_.sides.push_back(side);
      }
    }
    check_fixtures(reference_);
    check_fixtures(candidate_);
    judge_readability();
    // The wire is compared only where both sides have a JSON form.
    const bool on_the_wire = reference_.json && candidate_.json;
    if (on_the_wire) {
      pair_scenarios();
      compare_fields();
    }
    compare_declared_attributes();
    result_.observed_status = on_the_wire ? wire_status() : one_sided_status();
    result_.declared_status = declared_status();
    return std::move(result_);
  }

 private:
  void check_fixtures(const SideView& side) {
    if (side.schema == nullptr) return;
    for (const auto& [scenario, document] : side.fixtures->documents) {
      FixtureCheck check;
      check.side = side.name;
      check.scenario = scenario;
      check.file = file_of(side, scenario);
      check.failures = schema::validate(schemas_, *side.schema, document);
      check.round_trip = codec::round_trip(schemas_, *side.schema, document);
      for (const auto& failure : check.failures) {
        result_.notes.push_back(check.file + ": does not match its own schema at " + display_root(failure.pointer) +
                                ": " + failure.message);
      }
      for (const auto& difference : check.round_trip) {
        result_.notes.push_back(check.file + ": round trip changes " + display_root(difference.pointer) + " from " +
                                codec::shown(difference.original) + " to " + codec::shown(difference.reencoded));
      }
      result_.fixtures.push_back(std::move(check));
    }
  }

  static std::string display_root(const std::string& pointer) { return pointer.empty() ? "(root)" : pointer; }

  void pair_scenarios() {
    std::set<std::string> names;
    for (const SideView* side : {&reference_, &candidate_}) {
      if (side->schema == nullptr) continue;
      for (const auto& [scenario, document] : side->fixtures->documents) names.insert(scenario);
    }
    for (const std::string& name : names) {
      const bool on_reference = reference_.schema == nullptr || reference_.fixtures->documents.contains(name);
      const bool on_candidate = candidate_.schema == nullptr || candidate_.fixtures->documents.contains(name);
      if (on_reference && on_candidate) {
        result_.scenarios.push_back(name);
      } else {
        result_.notes.push_back("scenario " + name + " has a fixture on the " +
                                (on_reference ? reference_.name : candidate_.name) + " side only; it is not compared");
      }
    }
  }

  /// Every fixture of every side that has one, judged by every side that
  /// reads the structure (its own fixtures too: the real readers' verdicts
  /// cover both, and the prediction is checked against each).
  void judge_readability() {
    const schema::Structure* entry = schemas_.manifest().find_structure(structure_);
    if (entry == nullptr) return;
    for (const SideView* writer : {&reference_, &candidate_}) {
      if (writer->schema == nullptr) continue;
      for (const auto& [scenario, document] : writer->fixtures->documents) {
        for (const SideView* reader : {&reference_, &candidate_}) {
          if (reader->schema == nullptr || !entry->is_read_by(reader->name)) continue;
          result_.readability.push_back(compare::judge_readability(schemas_, structure_, writer->name, reader->name,
                                                                   document, scenario, file_of(*writer, scenario)));
        }
      }
    }
  }

  /// Cross-side refusals that concern a field, seen from the reader's side;
  /// an empty pointer stands for the whole value.
  std::vector<FieldRefusal> refusals_for(const std::string& reader, const std::string& pointer) const {
    std::vector<FieldRefusal> found;
    for (const Readability& readability : result_.readability) {
      if (readability.reader != reader || readability.writer == readability.reader) continue;
      for (const Refusal& refusal : readability.refusals) {
        const std::string& place = refusal.pointer;
        if (pointer.empty() || place == pointer || place.starts_with(pointer + "/")) {
          found.push_back({readability.writer, readability.reader, readability.scenario, readability.file, refusal});
        }
      }
    }
    return found;
  }

  void compare_fields() {
    std::set<std::string> paired_reference;
    std::set<std::string> paired_candidate;
    for (const Pairing& pairing : pair_fields(schemas_, structure_, reference_, candidate_, result_.scenarios)) {
      paired_reference.insert(pairing.reference_pointer);
      paired_candidate.insert(pairing.candidate_pointer);
      result_.fields.push_back(paired_field(pairing, result_.scenarios));
    }
    // Fields are places inside an object: a document that is not one (a
    // bare 42, an array) has none, and every field would read as the same
    // on both sides. Its whole value is compared instead, in the scenarios
    // where it is not an object.
    if (!paired_reference.contains("") && !paired_candidate.contains("")) {
      std::vector<std::string> not_objects;
      for (const std::string& scenario : result_.scenarios) {
        if (!root_is_object(reference_, scenario) || !root_is_object(candidate_, scenario)) {
          not_objects.push_back(scenario);
        }
      }
      if (!not_objects.empty()) result_.fields.push_back(paired_field(Pairing{}, not_objects));
    }
    const auto reference_declared_only = declared_only(schemas_, reference_.schema);
    const auto candidate_declared_only = declared_only(schemas_, candidate_.schema);
    add_unpaired(reference_, candidate_, paired_reference, FieldStatus::reference_only, candidate_declared_only);
    add_unpaired(candidate_, reference_, paired_candidate, FieldStatus::candidate_only, reference_declared_only);
    add_unwritten(reference_, reference_declared_only,
                  "; the " + candidate_.name + " side neither declares nor writes it");
    add_unwritten(candidate_, candidate_declared_only, "");
  }

  /// Fields written by one side only; when the other side declares them but
  /// never writes them, they are declared-only rather than a gap.
  void add_unpaired(const SideView& side, const SideView& other, const std::set<std::string>& paired,
                    FieldStatus status, const std::map<std::string, std::string>& other_declared_only) {
    for (const std::string& key : top_level_keys(schemas_, side.schema)) {
      const std::string pointer = json::append_pointer("", key);
      if (paired.contains(pointer)) continue;
      const bool declared_by_other = other_declared_only.contains(key);
      FieldComparison field =
          single_sided_field(side, pointer, declared_by_other ? FieldStatus::declared_only : status);
      if (declared_by_other) {
        std::string& other_type = &other == &reference_ ? field.reference_type : field.candidate_type;
        other_type = other_declared_only.at(key);
        field.notes.push_back(other.name + " declares " + key + " (" + other_type + ") but never writes it");
      }
      result_.fields.push_back(finish(std::move(field)));
    }
  }

  /// Declared attributes that no side writes at all.
  void add_unwritten(const SideView& side, const std::map<std::string, std::string>& side_declared_only,
                     const std::string& about_the_other) {
    const auto keys_of = [&](const SideView& view) {
      const auto keys = top_level_keys(schemas_, view.schema);
      return std::set<std::string>(keys.begin(), keys.end());
    };
    const std::set<std::string> reference_keys = keys_of(reference_);
    const std::set<std::string> candidate_keys = keys_of(candidate_);
    for (const auto& [name, type] : side_declared_only) {
      if (candidate_keys.contains(name) || reference_keys.contains(name)) continue;
      FieldComparison field;
      field.name = name;
      (&side == &reference_ ? field.reference_type : field.candidate_type) = type;
      field.status = FieldStatus::declared_only;
      field.notes.push_back(side.name + " declares " + name + " (" + type + ") but never writes it" + about_the_other);
      result_.fields.push_back(finish(std::move(field)));
    }
  }

  static bool root_is_object(const SideView& side, const std::string& scenario) {
    const auto found = side.fixtures->documents.find(scenario);
    return found == side.fixtures->documents.end() || found->second.root().IsObject();
  }

  FieldComparison paired_field(const Pairing& pairing, const std::vector<std::string>& scenarios) {
    FieldComparison field;
    field.name = pairing.reference_pointer.empty() ? "(value)" : last_token(pairing.reference_pointer);
    field.reference_pointer = pairing.reference_pointer;
    field.candidate_pointer = pairing.candidate_pointer;
    field.reference_type = schemas_.describe(*reference_.schema, pairing.reference_pointer).source_type;
    field.candidate_type = schemas_.describe(*candidate_.schema, pairing.candidate_pointer).source_type;
    field.pairing = pairing.method;
    FieldStatus worst = FieldStatus::same;
    for (const std::string& scenario : scenarios) {
      Observed reference = observe(schemas_, reference_, scenario, pairing.reference_pointer, value_text_limit_);
      Observed candidate = observe(schemas_, candidate_, scenario, pairing.candidate_pointer, value_text_limit_);
      if (!reference.present() && !candidate.present()) continue;
      Evidence evidence;
      evidence.scenario = scenario;
      evidence.status = classify(reference, candidate, evidence.note);
      evidence.reference_file = file_of(reference_, scenario);
      evidence.candidate_file = file_of(candidate_, scenario);
      if (reference.cut || candidate.cut) result_.values_cut = true;
      evidence.reference_value = std::move(reference.text);
      evidence.candidate_value = std::move(candidate.text);
      if (worse(evidence.status, worst)) worst = evidence.status;
      field.statuses.emplace_back(scenario, evidence.status);
      field.evidence.push_back(std::move(evidence));
    }
    // Keep every scenario that is not `same`, or the first one when all are.
    std::vector<Evidence> kept;
    for (Evidence& evidence : field.evidence) {
      if (evidence.status != FieldStatus::same) kept.push_back(std::move(evidence));
    }
    if (kept.empty() && !field.evidence.empty()) kept.push_back(std::move(field.evidence.front()));
    field.evidence = std::move(kept);
    field.status = worst;
    if (pairing.placement) {
      field.placement = placement_status(*pairing.placement);
      // A field whose values agree is reported by where it went.
      if (!worse(worst, FieldStatus::same_after_conversion)) field.status = field.placement;
      field.notes.push_back(std::string(pairing.method == PairingMethod::proposed ? "proposed " : "") +
                            schema::to_string(*pairing.placement) + ": " + reference_.name + " " +
                            display(pairing.reference_pointer) + " ↔ " + candidate_.name + " " +
                            display(pairing.candidate_pointer) + " (a reader looks only under its own key)");
    }
    if (field.evidence.empty()) field.notes.push_back("no scenario sets it on either side");
    return finish(std::move(field));
  }

  FieldComparison single_sided_field(const SideView& side, const std::string& pointer, FieldStatus status) {
    FieldComparison field;
    field.name = last_token(pointer);
    const bool is_reference = &side == &reference_;
    (is_reference ? field.reference_pointer : field.candidate_pointer) = pointer;
    (is_reference ? field.reference_type : field.candidate_type) = schemas_.describe(*side.schema, pointer).source_type;
    field.status = status;
    for (const std::string& scenario : result_.scenarios) {
      Observed observed = observe(schemas_, side, scenario, pointer, value_text_limit_);
      if (!observed.present()) continue;
      field.statuses.emplace_back(scenario, status);
      if (!field.evidence.empty()) continue;
      Evidence evidence;
      evidence.scenario = scenario;
      evidence.status = status;
      (is_reference ? evidence.reference_file : evidence.candidate_file) = file_of(side, scenario);
      if (observed.cut) result_.values_cut = true;
      (is_reference ? evidence.reference_value : evidence.candidate_value) = std::move(observed.text);
      evidence.note = "written by the " + side.name + " side only";
      field.evidence.push_back(std::move(evidence));
    }
    return field;
  }

  /// Id, base types, the reader rules that concern the field, and severity.
  FieldComparison finish(FieldComparison field) {
    field.id = structure_ + "/" + field.name;
    bool optional = false;
    field.reference_base_type =
        schemas_.manifest().find_side(reference_.name)->profile.without_optional(field.reference_type, optional);
    field.candidate_base_type =
        schemas_.manifest().find_side(candidate_.name)->profile.without_optional(field.candidate_type, optional);
    if (candidate_.schema != nullptr && reference_.schema != nullptr) {
      const bool whole_value = field.reference_pointer.empty() && field.candidate_pointer.empty() &&
                               field.status != FieldStatus::declared_only;
      for (const auto& [side, pointer] :
           {std::pair{&candidate_, &field.candidate_pointer}, std::pair{&reference_, &field.reference_pointer}}) {
        if (pointer->empty() && !whole_value) continue;
        const std::vector<FieldRefusal> found = refusals_for(side->name, *pointer);
        field.refusals.insert(field.refusals.end(), found.begin(), found.end());
      }
      // A key one side writes and the other lacks is where the other side's
      // reader refuses it, when it refuses unknown keys.
      for (const auto& [reader, writer_pointer, own_pointer] :
           {std::tuple{&candidate_, &field.reference_pointer, &field.candidate_pointer},
            std::tuple{&reference_, &field.candidate_pointer, &field.reference_pointer}}) {
        if (!own_pointer->empty() || writer_pointer->empty()) continue;
        const std::vector<FieldRefusal> found = refusals_for(reader->name, *writer_pointer);
        field.refusals.insert(field.refusals.end(), found.begin(), found.end());
      }
    }
    field.severity = field_severity(field);
    return field;
  }

  void compare_declared_attributes() {
    if (reference_.schema == nullptr || candidate_.schema == nullptr) return;
    const auto reference = declared_attributes(schemas_, *reference_.schema);
    const auto candidate = declared_attributes(schemas_, *candidate_.schema);
    const schema::LanguageProfile* reference_profile = &schemas_.manifest().find_side(reference_.name)->profile;
    const schema::LanguageProfile* candidate_profile = &schemas_.manifest().find_side(candidate_.name)->profile;
    for (const DeclaredAttribute& attribute : reference) {
      const auto match = std::find_if(candidate.begin(), candidate.end(),
                                      [&](const DeclaredAttribute& other) { return other.name == attribute.name; });
      result_.declared.push_back(compare_declared(attribute.name, {attribute.type, reference_profile},
                                                  {match == candidate.end() ? "" : match->type, candidate_profile}));
    }
    for (const DeclaredAttribute& attribute : candidate) {
      const bool known = std::any_of(reference.begin(), reference.end(),
                                     [&](const DeclaredAttribute& other) { return other.name == attribute.name; });
      if (!known) {
        result_.declared.push_back(
            compare_declared(attribute.name, {"", reference_profile}, {attribute.type, candidate_profile}));
      }
    }
  }

  /// The status of the structure on the wire, when both sides have a JSON form.
  StructureStatus wire_status() const {
    if (reference_.schema == nullptr) return StructureStatus::candidate_only;
    if (candidate_.schema == nullptr) return StructureStatus::reference_only;
    std::vector<std::pair<FieldStatus, Severity>> fields;
    for (const FieldComparison& field : result_.fields) fields.emplace_back(field.status, field.severity);
    const bool unreadable = std::any_of(result_.readability.begin(), result_.readability.end(),
                                        [](const Readability& r) { return r.writer != r.reader && !r.readable; });
    const StructureStatus status = structure_status(fields, unreadable);
    // Without a scenario that both sides wrote, fields that look `same` were
    // never compared: a verdict of compatible would rest on nothing (the
    // fixtures deleted, or never captured). A break seen is still a break.
    if (result_.scenarios.empty() && status != StructureStatus::incompatible) return StructureStatus::not_observed;
    return status;
  }

  /// The status the declared types imply, as the reviewed document judged.
  StructureStatus declared_status() const {
    if (reference_.schema == nullptr) return StructureStatus::candidate_only;
    if (candidate_.schema == nullptr) return StructureStatus::reference_only;
    std::vector<std::pair<FieldStatus, Severity>> fields;
    for (const DeclaredComparison& declared : result_.declared) fields.emplace_back(declared.status, declared.severity);
    return structure_status(fields, false);
  }

  /// The wire status when at most one side has a JSON form.
  StructureStatus one_sided_status() const {
    if (reference_.json && reference_.schema != nullptr) return StructureStatus::reference_only;
    if (candidate_.json && candidate_.schema != nullptr) return StructureStatus::candidate_only;
    return StructureStatus::no_json;
  }

  const schema::SchemaSet& schemas_;
  std::string structure_;
  SideView reference_;
  SideView candidate_;
  std::size_t value_text_limit_;
  StructureComparison result_;
};

}  // namespace

Fixtures load_fixtures(const std::filesystem::path& fixtures_directory, const std::string& side,
                       const std::string& structure) {
  Fixtures fixtures;
  const std::filesystem::path folder = fixtures_directory / side / structure;
  // Every *.json entry is a fixture: load_file names one that is not a
  // regular file (a FIFO would block, a folder or link loop be skipped).
  for (const auto& file : schema::folder_entries(folder)) {
    if (file.extension() != ".json") continue;
    schema::require_printable_fixture_name(file);
    const std::string scenario = file.stem().string();
    fixtures.documents.emplace(scenario, json::load_file(file));
    fixtures.files.emplace(scenario, file.string());
  }
  return fixtures;
}

StructureComparison compare_structure(const schema::SchemaSet& schemas, const std::string& structure,
                                      const std::string& reference_side, const std::string& candidate_side,
                                      const Fixtures& reference, const Fixtures& candidate,
                                      std::size_t value_text_limit) {
  const schema::Structure* entry = schemas.manifest().find_structure(structure);
  const SideView reference_view{reference_side, schemas.find(reference_side, structure), &reference,
                                entry != nullptr && entry->has_json(reference_side)};
  const SideView candidate_view{candidate_side, schemas.find(candidate_side, structure), &candidate,
                                entry != nullptr && entry->has_json(candidate_side)};
  return StructureComparer(schemas, structure, reference_view, candidate_view, value_text_limit).run();
}

void attach_capture_records(const CaptureRecords& records, StructureComparison& structure) {
  for (const std::string& side : structure.sides) {
    if (side != structure.reference_side && side != structure.candidate_side) continue;
    if (const auto found = records.captures.find(side); found != records.captures.end()) {
      if (const auto gone = found->second.missing.find(structure.structure); gone != found->second.missing.end()) {
        for (const LocatedDefinition& located : gone->second) structure.located.push_back({side, located});
      }
    }
    const StructureCapture* capture = records.capture(side, structure.structure);
    if (capture == nullptr) continue;
    for (const LocatedDefinition& located : capture->located) structure.located.push_back({side, located});
    structure.code[side] = {
        capture->definition.name, capture->definition.file + ":" + std::to_string(capture->definition.line),
        capture->writes,          capture->reads,
        capture->serializer,      capture->reader,
        capture->why_not};
    for (const CaptureOutcome& outcome : capture->outcomes) {
      const bool ordinary = (outcome.kind == OutcomeKind::written || outcome.kind == OutcomeKind::read_back) &&
                            outcome.unused.empty() && outcome.differences.empty();
      if (!ordinary) structure.outcomes.push_back({side, outcome});
    }
  }
  for (Readability& readability : structure.readability) {
    const ObservedVerdict* verdict =
        records.verdict(readability.reader, structure.structure, readability.writer, readability.scenario);
    if (verdict == nullptr) continue;
    readability.observed = true;
    readability.observed_readable = verdict->accepted;
    readability.observed_error = verdict->error;
    readability.silent_changes = verdict->changes;
  }
}

std::vector<schema::UnknownStructure> unknown_structures(const schema::Manifest& manifest,
                                                         const std::filesystem::path& fixtures_directory,
                                                         const Claims& claims) {
  std::vector<schema::UnknownStructure> found = schema::unknown_structures(manifest, fixtures_directory);
  const std::vector<schema::UnknownStructure> claimed = unknown_structures(claims, manifest);
  found.insert(found.end(), claimed.begin(), claimed.end());
  return found;
}

void require_known_structures(const schema::Manifest& manifest, const std::filesystem::path& fixtures_directory,
                              const Claims& claims) {
  const std::vector<schema::UnknownStructure> found = unknown_structures(manifest, fixtures_directory, claims);
  if (found.empty()) return;
  std::string message = std::to_string(found.size()) + (found.size() == 1 ? " place names" : " places name") +
                        " a structure the manifest does not declare, so nothing would check it:";
  for (const schema::UnknownStructure& place : found) message += "\n  " + place.describe();
  throw Error(message);
}

Comparison compare_project(const schema::SchemaSet& schemas, const std::filesystem::path& fixtures_directory,
                           const Claims& claims) {
  Comparison comparison;
  const schema::Manifest& manifest = schemas.manifest();
  comparison.reference_side = manifest.reference_side;
  for (const schema::Side* side : manifest.candidates()) comparison.candidate_sides.push_back(side->name);
  comparison.rules = comparison_rules(manifest);
  const CaptureRecords records = load_capture_records(manifest, fixtures_directory);
  for (const auto& [side, capture] : records.captures) {
    comparison.sources.push_back({side, capture.repository, capture.revision, capture.sources.size(), capture.stubs});
  }
  // Each side's fixtures are loaded once; the reference's serve every pair.
  std::map<std::pair<std::string, std::string>, Fixtures> fixtures;
  const auto fixtures_of = [&](const std::string& side, const std::string& structure) -> const Fixtures& {
    auto [entry, added] = fixtures.try_emplace({side, structure});
    if (added) entry->second = load_fixtures(fixtures_directory, side, structure);
    return entry->second;
  };
  for (const std::string& candidate : comparison.candidate_sides) {
    for (const schema::Structure& structure : manifest.structures) {
      StructureComparison result = compare_structure(schemas, structure.name, comparison.reference_side, candidate,
                                                     fixtures_of(comparison.reference_side, structure.name),
                                                     fixtures_of(candidate, structure.name));
      if (const auto claim = claims.by_structure.find(structure.name); claim != claims.by_structure.end()) {
        result.claimed = claim->second;
      }
      attach_capture_records(records, result);
      for (const std::string& side : {comparison.reference_side, candidate}) {
        const auto definition = structure.definitions.find(side);
        if (definition == structure.definitions.end()) continue;
        if (const std::string use = definition->second.get("channels"); !use.empty()) result.channel_use[side] = use;
      }
      compare_document(claims, records, manifest, result);
      comparison.structures.push_back(std::move(result));
    }
  }
  comparison.attribute_claims = check_attribute_claims(claims, records, schemas);
  // The channels: each candidate against the reference, at every channel
  // the capture found, judged by the consumers.
  const channels::ChannelEvidence channel_evidence = channels::load_channel_evidence(fixtures_directory);
  if (channel_evidence.present) {
    const std::vector<channels::ConsumerSettings> consumers = channels::load_consumer_settings(manifest.file);
    const std::vector<channels::BodySettings> bodies = channels::load_body_settings(manifest.file);
    for (const std::string& candidate : comparison.candidate_sides) {
      channels::ChannelComparison pair =
          channels::compare_channels(channel_evidence, consumers, comparison.reference_side, candidate);
      pair.bodies = channels::compare_bodies(fixtures_directory, bodies, comparison.reference_side, candidate);
      comparison.channels.push_back(std::move(pair));
    }
  }
  return comparison;
}

}  // namespace portcheck::compare
