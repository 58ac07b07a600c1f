// Field-level comparison: one tiny synthetic pair per status and severity,
// each with a near miss that must not produce it; then expectations on the
// project's own structures.

#include "compare/compare.hpp"
#include "compare/declared.hpp"
#include "compare/findings.hpp"
#include "report/type_mapping.hpp"
#include "test_support.hpp"

namespace portcheck::compare {
namespace {

/// A two-side project in a temporary folder: sides "ref" (reference) and
/// "cand" (candidate), one structure "Thing" whose schema properties are
/// given per side.
class SyntheticProject {
 public:
  SyntheticProject(const std::string& reference_properties, const std::string& candidate_properties,
                   const std::string& options = "") {
    const std::string readers = options.find("no-readers") != std::string::npos ? "[]" : "[\"ref\", \"cand\"]";
    const std::string mappings =
        options.find("map-a-b") != std::string::npos
            ? R"(, "field_mappings": {"Thing": [{"ref": "/a", "cand": "/b", "kind": "renamed"}]})"
            : "";
    test::write_file(directory_.path() / "schemas/manifest.json",
                     R"({"reference_side": "ref", "sides": {
                           "ref": {"role": "reference", "schemas": "ref", "profile": "profiles/python.json",
                                   "unknown_keys": "ignore", "value_checks": "all"},
                           "cand": {"role": "candidate", "schemas": "cand", "profile": "profiles/rust.json",
                                    "unknown_keys": "ignore"}},
                         "structures": {"Thing": {"sides": ["ref", "cand"], "readers": )" +
                         readers + "}}" + mappings + "}");
    write_schema("ref", reference_properties, options.find("ref-requires-a") != std::string::npos ? R"(["a"])" : "[]",
                 options.find("declared-gone") != std::string::npos ? R"(, "x-declared-only": {"gone": "str"})" : "");
    write_schema("cand", candidate_properties, options.find("cand-requires-c") != std::string::npos ? R"(["c"])" : "[]",
                 "");
    test::write_file(directory_.path() / "schemas/ref/definitions.json", R"({
      "$schema": "http://json-schema.org/draft-07/schema#",
      "definitions": {"timestamp": {"type": "string", "x-source-type": "datetime", "x-encoding": "timestamp-naive-iso",
                                    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{6})?$"}}})");
    test::write_file(directory_.path() / "schemas/cand/definitions.json", R"({
      "$schema": "http://json-schema.org/draft-07/schema#",
      "definitions": {"timestamp": {"type": "string", "x-source-type": "DateTime<Utc>", "x-encoding": "timestamp-rfc3339",
                                    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$"}}})");
    // The reference is written in Python and the candidate in Rust, as far as
    // their declared types and readers go.
    std::filesystem::copy(test::source_dir() / "schemas/profiles", directory_.path() / "schemas/profiles");
    schemas_ = std::make_unique<schema::SchemaSet>(schema::SchemaSet::load(directory_.path() / "schemas"));
  }

  /// Compares scenario documents: each pair is {reference JSON, candidate JSON}.
  StructureComparison compare(const std::vector<std::pair<std::string, std::string>>& scenarios) const {
    Fixtures reference;
    Fixtures candidate;
    for (std::size_t index = 0; index < scenarios.size(); ++index) {
      const std::string name = "s" + std::to_string(index);
      reference.documents.emplace(name, json::parse(scenarios[index].first, name + ".ref.json"));
      reference.files.emplace(name, name + ".ref.json");
      candidate.documents.emplace(name, json::parse(scenarios[index].second, name + ".cand.json"));
      candidate.files.emplace(name, name + ".cand.json");
    }
    return compare_structure(*schemas_, "Thing", "ref", "cand", reference, candidate);
  }

 private:
  void write_schema(const std::string& side, const std::string& properties, const std::string& required,
                    const std::string& extra) {
    test::write_file(directory_.path() / "schemas" / side / "Thing.schema.json",
                     R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                         "additionalProperties": false, "required": )" +
                         required + R"(, "properties": {)" + properties + "}" + extra + "}");
  }

  test::TempDir directory_;
  std::unique_ptr<schema::SchemaSet> schemas_;
};

const FieldComparison& field(const StructureComparison& comparison, const std::string& name) {
  for (const auto& candidate : comparison.fields) {
    if (candidate.name == name) return candidate;
  }
  throw std::runtime_error("no field " + name);
}

/// The reading of the writer's fixture (of the first scenario) by the reader.
const Readability& reading(const StructureComparison& comparison, const std::string& writer,
                           const std::string& reader) {
  for (const auto& readability : comparison.readability) {
    if (readability.writer == writer && readability.reader == reader) return readability;
  }
  throw std::runtime_error("no reading of " + writer + " by " + reader);
}

constexpr const char* kString = R"({"type": ["string", "null"], "x-source-type": "Optional[str]"})";
constexpr const char* kAny = R"({"x-source-type": "Any"})";

std::string property(const std::string& name, const std::string& schema) { return "\"" + name + "\": " + schema; }

TEST(FieldStatus, Same) {
  const SyntheticProject project(property("a", kString), property("a", kString));
  const auto same = project.compare({{R"({"a": "x"})", R"({"a": "x"})"}});
  EXPECT_EQ(field(same, "a").status, FieldStatus::same);
  EXPECT_EQ(field(same, "a").severity, Severity::info);
  EXPECT_EQ(same.observed_status, StructureStatus::fully_compatible);
  // Near miss: another value is not `same`.
  EXPECT_EQ(field(project.compare({{R"({"a": "x"})", R"({"a": "y"})"}}), "a").status, FieldStatus::value_mismatch);
}

TEST(FieldStatus, SameAfterConversion) {
  const SyntheticProject project(property("t", R"({"$ref": "definitions.json#/definitions/timestamp"})"),
                                 property("t", R"({"$ref": "definitions.json#/definitions/timestamp"})"), "no-readers");
  const auto converted =
      project.compare({{R"({"t": "2025-05-25T19:22:53.123456"})", R"({"t": "2025-05-25T19:22:53.123456Z"})"}});
  EXPECT_EQ(field(converted, "t").status, FieldStatus::same_after_conversion);
  EXPECT_EQ(field(converted, "t").severity, Severity::info) << "no side reads Thing: nothing refuses it";
  EXPECT_EQ(converted.observed_status, StructureStatus::mostly_compatible);
  // Near miss: one microsecond apart is a different instant.
  EXPECT_EQ(
      field(project.compare({{R"({"t": "2025-05-25T19:22:53.123456"})", R"({"t": "2025-05-25T19:22:53.123457Z"})"}}),
            "t")
          .status,
      FieldStatus::value_mismatch);
}

TEST(Severity, BreakingWhenTheOtherReaderRefusesTheValue) {
  const SyntheticProject project(property("t", R"({"$ref": "definitions.json#/definitions/timestamp"})"),
                                 property("t", R"({"$ref": "definitions.json#/definitions/timestamp"})"));
  const auto refused = project.compare({{R"({"t": "2025-05-25T19:22:53"})", R"({"t": "2025-05-25T19:22:53Z"})"}});
  EXPECT_EQ(field(refused, "t").status, FieldStatus::same_after_conversion);
  EXPECT_EQ(field(refused, "t").severity, Severity::breaking);
  // Each side's fixture is read by both readers; the reference's own reading is fine.
  ASSERT_EQ(refused.readability.size(), 4U);
  EXPECT_TRUE(reading(refused, "ref", "ref").readable);
  EXPECT_FALSE(reading(refused, "ref", "cand").readable);
  ASSERT_EQ(reading(refused, "ref", "cand").refusals.size(), 1U);
  EXPECT_EQ(reading(refused, "ref", "cand").refusals[0].rule, Rule::naive_timestamp_unreadable);
  EXPECT_EQ(reading(refused, "ref", "cand").refusals[0].pointer, "/t");
  EXPECT_EQ(refused.observed_status, StructureStatus::incompatible);
  // Near miss: both write an offset the other reads.
  const SyntheticProject lenient(property("t", R"({"type": "string", "x-source-type": "str"})"),
                                 property("t", R"({"$ref": "definitions.json#/definitions/timestamp"})"));
  const auto accepted = lenient.compare({{R"({"t": "2025-05-25T19:22:53Z"})", R"({"t": "2025-05-25T19:22:53Z"})"}});
  EXPECT_EQ(field(accepted, "t").severity, Severity::info);
  EXPECT_TRUE(reading(accepted, "ref", "cand").readable);
}

TEST(FieldStatus, RenamedThroughTheManifest) {
  const SyntheticProject project(property("a", kString), property("b", kString), "map-a-b no-readers");
  const auto renamed = project.compare({{R"({"a": "x"})", R"({"b": "x"})"}});
  EXPECT_EQ(field(renamed, "a").status, FieldStatus::renamed);
  EXPECT_EQ(field(renamed, "a").pairing, PairingMethod::manifest);
  EXPECT_EQ(field(renamed, "a").severity, Severity::warning);
  // Near miss: mapped, but the values differ.
  EXPECT_EQ(field(project.compare({{R"({"a": "x"})", R"({"b": "y"})"}}), "a").status, FieldStatus::value_mismatch);
}

TEST(FieldStatus, RelocationIsProposedFromTheEvidence) {
  const std::string nested = property(
      "wr", R"({"type": "object", "x-source-type": "WR", "properties": {"rev": )" + std::string(kString) + "}}");
  const SyntheticProject project(property("rev", kString), nested, "no-readers");
  const auto relocated = project.compare(
      {{R"({"rev": "r1"})", R"({"wr": {"rev": "r1"}})"}, {R"({"rev": "r2"})", R"({"wr": {"rev": "r2"}})"}});
  EXPECT_EQ(field(relocated, "rev").status, FieldStatus::relocated);
  EXPECT_EQ(field(relocated, "rev").pairing, PairingMethod::proposed);
  EXPECT_EQ(field(relocated, "rev").candidate_pointer, "/wr/rev");
  // Near miss: the values disagree once, so nothing is proposed.
  const auto unmatched = project.compare(
      {{R"({"rev": "r1"})", R"({"wr": {"rev": "r1"}})"}, {R"({"rev": "r2"})", R"({"wr": {"rev": "r3"}})"}});
  EXPECT_EQ(field(unmatched, "rev").status, FieldStatus::reference_only);
}

TEST(FieldStatus, PresenceMismatch) {
  const SyntheticProject project(property("a", kAny), property("a", kAny), "no-readers");
  EXPECT_EQ(field(project.compare({{R"({"a": null})", R"({})"}}), "a").status, FieldStatus::presence_mismatch);
  EXPECT_EQ(field(project.compare({{R"({"a": {}})", R"({"a": null})"}}), "a").status, FieldStatus::presence_mismatch);
  EXPECT_EQ(field(project.compare({{R"({"a": {"k": "v"}})", R"({"a": {"k": "v", "z": null}})"}}), "a").status,
            FieldStatus::presence_mismatch);
  EXPECT_EQ(field(project.compare({{R"({"a": null})", R"({})"}}), "a").severity, Severity::warning);
  // Near miss: null on both sides is `same`.
  EXPECT_EQ(field(project.compare({{R"({"a": null})", R"({"a": null})"}}), "a").status, FieldStatus::same);
}

TEST(FieldStatus, TypeMismatch) {
  const SyntheticProject project(property("a", kAny), property("a", kAny), "no-readers");
  const auto mismatch = project.compare({{R"({"a": "600"})", R"({"a": 600})"}});
  EXPECT_EQ(field(mismatch, "a").status, FieldStatus::type_mismatch);
  EXPECT_EQ(field(mismatch, "a").severity, Severity::breaking);
  // Near miss: 600 and 600.0 are the same number.
  EXPECT_EQ(field(project.compare({{R"({"a": 600})", R"({"a": 600.0})"}}), "a").status,
            FieldStatus::same_after_conversion);
}

TEST(FieldStatus, ValueMismatch) {
  const SyntheticProject project(property("a", kAny), property("a", kAny), "no-readers");
  const auto mismatch = project.compare({{R"({"a": 1})", R"({"a": 2})"}, {R"({"a": 1})", R"({"a": 1})"}});
  EXPECT_EQ(field(mismatch, "a").status, FieldStatus::value_mismatch);
  EXPECT_EQ(field(mismatch, "a").severity, Severity::warning);
  ASSERT_EQ(field(mismatch, "a").evidence.size(), 1U) << "only the differing scenario is evidence";
  EXPECT_EQ(field(mismatch, "a").evidence[0].scenario, "s0");
  EXPECT_EQ(field(mismatch, "a").evidence[0].reference_file, "s0.ref.json");
  // Near miss: 1e-05 and 1e-5 are one number.
  EXPECT_EQ(field(project.compare({{R"({"a": 1e-05})", R"({"a": 1e-5})"}}), "a").status,
            FieldStatus::same_after_conversion);
}

TEST(FieldStatus, ReferenceOnlyIsAGapAndBreakingWhenItsReaderNeedsIt) {
  const SyntheticProject optional(property("a", kString), property("c", kString), "no-readers");
  const auto gap = optional.compare({{R"({"a": "x"})", R"({"c": null})"}});
  EXPECT_EQ(field(gap, "a").status, FieldStatus::reference_only);
  EXPECT_EQ(field(gap, "a").severity, Severity::warning);
  const SyntheticProject required(property("a", kString), property("c", kString), "ref-requires-a");
  const auto broken = required.compare({{R"({"a": "x"})", R"({"c": null})"}});
  EXPECT_EQ(field(broken, "a").status, FieldStatus::reference_only);
  EXPECT_EQ(field(broken, "a").severity, Severity::breaking);
}

TEST(FieldStatus, CandidateOnlyIsAnEnhancementUnlessItsReaderNeedsIt) {
  const SyntheticProject optional(property("a", kString), property("a", kString) + "," + property("c", kString));
  const auto enhanced = optional.compare({{R"({"a": "x"})", R"({"a": "x", "c": "new"})"}});
  EXPECT_EQ(field(enhanced, "c").status, FieldStatus::candidate_only);
  EXPECT_EQ(field(enhanced, "c").severity, Severity::info);
  EXPECT_EQ(enhanced.observed_status, StructureStatus::enhanced);
  const SyntheticProject required(property("a", kString), property("a", kString) + "," + property("c", kString),
                                  "cand-requires-c");
  const auto broken = required.compare({{R"({"a": "x"})", R"({"a": "x", "c": "new"})"}});
  EXPECT_EQ(field(broken, "c").severity, Severity::breaking);
  EXPECT_EQ(broken.observed_status, StructureStatus::incompatible);
}

TEST(FieldStatus, DeclaredOnly) {
  const SyntheticProject project(property("a", kString), property("a", kString), "declared-gone no-readers");
  const auto declared = project.compare({{R"({"a": "x"})", R"({"a": "x"})"}});
  EXPECT_EQ(field(declared, "gone").status, FieldStatus::declared_only);
  EXPECT_EQ(field(declared, "gone").severity, Severity::info);
  EXPECT_EQ(field(declared, "gone").reference_type, "str");
  // On declared types the candidate lacks the attribute: a gap.
  const auto row = std::find_if(declared.declared.begin(), declared.declared.end(),
                                [](const DeclaredComparison& item) { return item.attribute == "gone"; });
  ASSERT_NE(row, declared.declared.end());
  EXPECT_EQ(row->status, FieldStatus::reference_only);
  // Near miss: without x-declared-only there is no such row.
  const SyntheticProject plain(property("a", kString), property("a", kString), "no-readers");
  for (const auto& item : plain.compare({{R"({"a": "x"})", R"({"a": "x"})"}}).fields) EXPECT_NE(item.name, "gone");
}

/// A Python declared type against a Rust one, each read with its side's profile.
DeclaredComparison python_against_rust(const std::string& python, const std::string& rust) {
  static const schema::LanguageProfile python_profile =
      schema::load_profile(test::source_dir() / "schemas/profiles/python.json");
  static const schema::LanguageProfile rust_profile =
      schema::load_profile(test::source_dir() / "schemas/profiles/rust.json");
  return compare_declared("a", {python, &python_profile}, {rust, &rust_profile});
}

TEST(DeclaredTypes, MapPythonTypesToRustTypes) {
  EXPECT_EQ(python_against_rust("str", "String").status, FieldStatus::same);
  EXPECT_EQ(python_against_rust("Optional[datetime]", "Option<DateTime<Utc>>").status,
            FieldStatus::same_after_conversion);
  EXPECT_EQ(python_against_rust("timedelta", "PgInterval").status, FieldStatus::same_after_conversion);
  EXPECT_EQ(python_against_rust("timedelta", "PgInterval").note,
            "timedelta converts to PgInterval (an interval's months have no length in seconds)")
      << "the Rust profile's note on PgInterval";
  EXPECT_EQ(python_against_rust("Optional[str]", "String").status, FieldStatus::presence_mismatch);
  EXPECT_EQ(python_against_rust("Dict[str, Dict[str, Any]]", "Option<Vec<ResultRemote>>").status,
            FieldStatus::type_mismatch)
      << "a different family outweighs optionality";
  EXPECT_EQ(python_against_rust("Dict[str, Any]", "Vec<ResultRemote>").status, FieldStatus::type_mismatch);
  EXPECT_EQ(python_against_rust("Dict[str, Any]", "Vec<ResultRemote>").severity, Severity::breaking);
  EXPECT_EQ(python_against_rust("int", "").status, FieldStatus::reference_only);
  // Plain types of one family travel unchanged; a narrower integer converts.
  EXPECT_EQ(python_against_rust("int", "i64").status, FieldStatus::same);
  EXPECT_EQ(python_against_rust("int", "i32").status, FieldStatus::same_after_conversion);
}

// ------------------------------------------------------------ the project itself

const Comparison& project_comparison() {
  static const Comparison comparison = [] {
    const schema::SchemaSet schemas = schema::SchemaSet::load(test::source_dir() / "schemas");
    return compare_project(schemas, test::source_dir() / "fixtures",
                           load_claims(test::source_dir() / "reports/claims.json"));
  }();
  return comparison;
}

const StructureComparison& structure(const std::string& name) {
  for (const auto& item : project_comparison().structures) {
    if (item.structure == name) return item;
  }
  throw std::runtime_error("no structure " + name);
}

TEST(Project, ActiveRunIsNotFullyCompatibleOnTheWire) {
  const StructureComparison& active_run = structure("ActiveRun");
  EXPECT_EQ(active_run.claimed, "MOSTLY COMPATIBLE");
  EXPECT_EQ(active_run.observed_status, StructureStatus::incompatible);
  // finish_time: declared by both, written only by Rust (null until set).
  const FieldComparison& finish_time = field(active_run, "finish_time");
  EXPECT_EQ(finish_time.status, FieldStatus::declared_only);
  EXPECT_EQ(finish_time.severity, Severity::warning);
  EXPECT_EQ(finish_time.reference_type, "Optional[datetime]");
  EXPECT_EQ(finish_time.candidate_type, "Option<DateTime<Utc>>");
  const auto declared = std::find_if(active_run.declared.begin(), active_run.declared.end(),
                                     [](const DeclaredComparison& item) { return item.attribute == "finish_time"; });
  ASSERT_NE(declared, active_run.declared.end());
  EXPECT_EQ(declared->status, FieldStatus::same_after_conversion);
  EXPECT_EQ(field(active_run, "id").candidate_pointer, "/log_id");
  EXPECT_EQ(field(active_run, "estimated_duration").status, FieldStatus::value_mismatch)
      << "serde_with rounds 600.4 s to 600.0";
}

// Regression: rewording a message once changed finding ids (17 known gaps went
// "stale") and emptied the type-mapping table, which parsed rules out of text.
TEST(Project, FindingsDoNotDependOnTheirMessages) {
  Comparison reworded = project_comparison();
  for (StructureComparison& structure : reworded.structures) {
    for (FieldComparison& field : structure.fields) {
      for (std::string& note : field.notes) note = "reworded";
      for (FieldRefusal& refusal : field.refusals) refusal.refusal.message = "reworded: " + refusal.refusal.message;
      for (Evidence& evidence : field.evidence) evidence.note = "reworded";
    }
    for (Readability& readability : structure.readability) {
      for (Refusal& refusal : readability.refusals) refusal.message = "reworded";
    }
  }
  const auto ids_of = [](const Comparison& comparison) {
    std::vector<std::string> ids;
    for (const Finding& finding : collect_findings(comparison)) {
      ids.push_back(finding_id(finding) + " " + to_string(finding.severity) + " " + fingerprint(finding));
    }
    return ids;
  };
  EXPECT_EQ(ids_of(reworded), ids_of(project_comparison()));
  EXPECT_GT(ids_of(reworded).size(), 50U);
  const auto refusals_of = [](const Comparison& comparison) {
    std::vector<std::string> rows;
    for (const report::TypeMapping& mapping : report::type_mappings(pair_structures(comparison, "rust"))) {
      for (const auto& [direction, rules] : mapping.refusals) {
        for (const Rule rule : rules)
          rows.push_back(mapping.reference_type + " " + direction.first + " " + rule_id(rule));
      }
    }
    return rows;
  };
  EXPECT_EQ(refusals_of(reworded), refusals_of(project_comparison()));
  EXPECT_FALSE(refusals_of(reworded).empty()) << "the type mapping still names the refusing rules";
}

TEST(Project, ReadabilityNamesTheRule) {
  const auto rules_of = [](const std::string& name, const std::string& writer, const std::string& reader) {
    std::string all;
    for (const auto& readability : structure(name).readability) {
      if (readability.writer != writer || readability.reader != reader) continue;
      for (const auto& refusal : readability.refusals) all += describe(refusal) + "\n";
    }
    return all;
  };
  EXPECT_NE(rules_of("WorkerResult", "python", "rust").find("wrong-type at /stage"), std::string::npos)
      << "the worker's upload writes stage as a string; the Rust runner's WorkerResult holds Vec<String>";
  EXPECT_NE(rules_of("WorkerResult", "rust", "python").find("null-where-value-required at /tags/0/1"),
            std::string::npos)
      << "from_json encodes a tag's revision unguarded";
  EXPECT_NE(rules_of("WorkerResult", "rust", "python").find("null-where-value-required at /start_time"),
            std::string::npos)
      << "from_json parses start_time whenever the key is present";
  EXPECT_NE(rules_of("ActiveRun", "python", "rust").find("missing-required-key at /log_id"), std::string::npos);
  EXPECT_NE(rules_of("ActiveRun", "rust", "python").find("missing-required-key at /id"), std::string::npos);
  EXPECT_NE(rules_of("GenericResult", "python", "rust").find("unit-struct-rejects-value at (root)"), std::string::npos);
  EXPECT_NE(rules_of("JanitorResult", "python", "rust").find("missing-required-key at /target/name"),
            std::string::npos)
      << "Python's finish path writes target {}; Rust's ResultTarget needs a name";
  EXPECT_NE(rules_of("JanitorResult", "python", "rust").find("wrong-type at /failure_stage"), std::string::npos);
  EXPECT_EQ(rules_of("VcsInfo", "python", "rust"), "") << "serde reads a TypedDict's missing keys as None";
  EXPECT_EQ(rules_of("WorkerResult", "python", "python"), "") << "from_json reads every upload the worker writes";
}

TEST(Project, ObservedVerdictsAgreeWithEveryPrediction) {
  std::size_t observed = 0;
  for (const auto& item : project_comparison().structures) {
    for (const auto& readability : item.readability) {
      if (!readability.observed) continue;
      ++observed;
      EXPECT_TRUE(readability.agrees()) << readability.id << ": predicted " << readability.readable << ", observed "
                                        << readability.observed_readable << " (" << readability.observed_error << ")";
    }
  }
  EXPECT_GE(observed, 150U);
}

TEST(Project, FlatFieldsPairByKeyAndRenamesByTheManifest) {
  const FieldComparison& revision = field(structure("JanitorResult"), "revision");
  EXPECT_EQ(revision.candidate_pointer, "/revision");
  EXPECT_EQ(revision.pairing, PairingMethod::same_key);
  EXPECT_EQ(field(structure("ActiveRun"), "worker").pairing, PairingMethod::manifest);
  const FieldComparison& subpath = field(structure("VcsInfo"), "subpath");
  EXPECT_EQ(subpath.status, FieldStatus::presence_mismatch);
}

TEST(Project, EveryFindingPointsAtAFixture) {
  for (const auto& item : project_comparison().structures) {
    for (const auto& row : item.fields) {
      if (row.status == FieldStatus::declared_only && row.evidence.empty()) continue;
      ASSERT_FALSE(row.evidence.empty()) << row.id;
      for (const auto& evidence : row.evidence) {
        const std::string file = evidence.reference_file.empty() ? evidence.candidate_file : evidence.reference_file;
        EXPECT_TRUE(std::filesystem::exists(test::source_dir() / file)) << row.id << ": " << file;
      }
    }
  }
}

TEST(Project, SingleSidedStructuresAreCandidateOnlyAndTypesWithoutSerdeHaveNoJson) {
  for (const std::string name : {"ResultRemote", "ResultTarget", "UploadedWorkerResult"}) {
    EXPECT_EQ(structure(name).observed_status, StructureStatus::candidate_only) << name;
    EXPECT_EQ(structure(name).declared_status, StructureStatus::candidate_only) << name;
  }
  for (const std::string name : {"QueueAssignment", "RunHealthStatus"}) {
    EXPECT_EQ(structure(name).observed_status, StructureStatus::no_json) << name;
    EXPECT_EQ(structure(name).declared_status, StructureStatus::candidate_only) << name;
    EXPECT_FALSE(structure(name).code.at("rust").writes) << name;
  }
  // Both sides declare QueueItem, but only Rust has a JSON form of it.
  EXPECT_EQ(structure("QueueItem").observed_status, StructureStatus::candidate_only);
  EXPECT_TRUE(structure("QueueItem").fields.empty());
  EXPECT_NE(structure("QueueItem").declared_status, StructureStatus::candidate_only);
}

TEST(Project, DocumentVersusCodeNamesWhatTheListingsGetWrong) {
  const auto row = [](const std::string& name, const std::string& side, const std::string& attribute) {
    for (const auto& item : structure(name).document) {
      if (item.side == side && item.attribute == attribute) return item;
    }
    throw std::runtime_error("no document row " + name + " " + side + " " + attribute);
  };
  EXPECT_EQ(row("ActiveRun", "rust", "requester").status, DocumentStatus::missing_in_code);
  EXPECT_EQ(row("ActiveRun", "rust", "finish_time").status, DocumentStatus::omitted_by_document);
  EXPECT_EQ(row("ActiveRun", "rust", "backchannel").status, DocumentStatus::declared_differently);
  EXPECT_EQ(row("ActiveRun", "rust", "backchannel").code_type, "Backchannel");
  EXPECT_EQ(row("WorkerResult", "rust", "stage").code_type, "Option<Vec<String>>");
  EXPECT_EQ(row("WorkerResult", "python", "code").status, DocumentStatus::agrees);
  // List[...] in the document is list[...] in the code: the same type.
  EXPECT_EQ(row("WorkerResult", "python", "tags").status, DocumentStatus::agrees);
  EXPECT_EQ(row("JanitorResult", "python", "logfilenames").status, DocumentStatus::unannotated_in_code);
  // The Rust QueueItem listing describes the queue row, not the runner's QueueItem.
  bool noted = false;
  for (const auto& note : structure("QueueItem").document_notes) {
    noted |= note.find("matches janitor::queue::QueueItem (src/queue.rs:9") != std::string::npos;
  }
  EXPECT_TRUE(noted);
}

TEST(Project, FinishTimeClaimIsContradictedByTheCode) {
  const auto& claims = project_comparison().attribute_claims;
  const auto finish_time = std::find_if(claims.begin(), claims.end(), [](const AttributeClaimCheck& check) {
    return check.structure == "ActiveRun" && check.attribute == "finish_time";
  });
  ASSERT_NE(finish_time, claims.end());
  EXPECT_EQ(finish_time->statement, "rust lacks it");
  EXPECT_EQ(finish_time->verdict,
            "Wrong: rust ActiveRun.finish_time exists (Option<DateTime<Utc>>, runner/src/lib.rs:544).");
  ASSERT_EQ(finish_time->sides.size(), 2U);
  EXPECT_EQ(finish_time->sides[0].declared_type, "Optional[datetime]");
  EXPECT_EQ(finish_time->sides[0].written, "declares it but never writes it");
  EXPECT_EQ(finish_time->sides[1].written, "writes it as \"finish_time\"");
}

}  // namespace
}  // namespace portcheck::compare
