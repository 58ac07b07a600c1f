// Typed decoding and encoding: exact conversions, and the round trip over
// every committed fixture.

#include <list>
#include <string_view>

#include "codec/codec.hpp"
#include "codec/time_text.hpp"
#include "test_support.hpp"

namespace portcheck::codec {
namespace {

const schema::SchemaSet& project_schemas() {
  static const schema::SchemaSet set = schema::SchemaSet::load(test::source_dir() / "schemas");
  return set;
}

TEST(TimeText, ParsesNaiveAndOffsetTimestampsToTheSameInstant) {
  const auto naive = parse_timestamp("2025-05-25T19:22:53.123456");
  const auto zulu = parse_timestamp("2025-05-25T19:22:53.123456Z");
  const auto shifted = parse_timestamp("2025-05-25T21:22:53.123456+02:00");
  ASSERT_TRUE(naive && zulu && shifted);
  EXPECT_FALSE(naive->has_offset);
  EXPECT_TRUE(zulu->has_offset);
  EXPECT_EQ(naive->seconds, 1748200973);
  EXPECT_EQ(zulu->seconds, naive->seconds);
  EXPECT_EQ(shifted->seconds, naive->seconds);
  EXPECT_EQ(shifted->offset_minutes, 120);
  EXPECT_EQ(naive->nanoseconds, 123456000U);
  EXPECT_EQ(naive->fraction_digits, 6);
  EXPECT_EQ(parse_timestamp("2025-05-25T19:22:53.000000001Z")->nanoseconds, 1U);
  EXPECT_EQ(parse_timestamp("1969-12-31T23:59:59Z")->seconds, -1);
  EXPECT_EQ(parse_timestamp("2024-02-29T00:00:00")->seconds, 1709164800);
}

TEST(TimeText, RejectsWhatIsNotATimestamp) {
  for (const char* text :
       {"2025-05-25", "2025-05-25T19:22", "2025-02-30T00:00:00", "2025-05-25T24:00:00", "2025-05-25T19:22:53.",
        "2025-05-25T19:22:53.1234567890", "2025-05-25T19:22:53+0200", "2025-05-25T19:22:53 ", "not a time"}) {
    EXPECT_FALSE(parse_timestamp(text).has_value()) << text;
  }
}

TEST(TimeText, FormatsLikeEachRunner) {
  const Timestamp whole = *parse_timestamp("2025-05-25T19:22:53Z");
  EXPECT_EQ(format_naive_iso(whole), "2025-05-25T19:22:53");
  EXPECT_EQ(format_rfc3339(whole), "2025-05-25T19:22:53Z");
  const Timestamp millis = *parse_timestamp("2025-05-25T19:22:53.5Z");
  EXPECT_EQ(format_naive_iso(millis), "2025-05-25T19:22:53.500000");
  EXPECT_EQ(format_rfc3339(millis), "2025-05-25T19:22:53.500Z");
  const Timestamp micros = *parse_timestamp("2025-05-25T19:22:53.123456Z");
  EXPECT_EQ(format_rfc3339(micros), "2025-05-25T19:22:53.123456Z");
  const Timestamp nanos = *parse_timestamp("2025-05-25T19:22:53.000000001Z");
  EXPECT_EQ(format_rfc3339(nanos), "2025-05-25T19:22:53.000000001Z");
  EXPECT_FALSE(format_naive_iso(nanos).has_value());
  EXPECT_EQ(format_rfc3339(*parse_timestamp("0001-01-01T00:00:00Z")), "0001-01-01T00:00:00Z");
}

TEST(TimeText, DecimalSecondsAreExactNanoseconds) {
  EXPECT_EQ(decimal_to_nanoseconds("600.0"), Integer{600} * 1000000000);
  EXPECT_EQ(decimal_to_nanoseconds("86400.000001"), Integer{86400} * 1000000000 + 1000);
  EXPECT_EQ(decimal_to_nanoseconds("1e-05"), Integer{10000});
  EXPECT_EQ(decimal_to_nanoseconds("1.5E+3"), Integer{1500} * 1000000000);
  EXPECT_EQ(decimal_to_nanoseconds("-0.5"), Integer{-500000000});
  EXPECT_FALSE(decimal_to_nanoseconds("0.0000000001").has_value());
  EXPECT_FALSE(decimal_to_nanoseconds("abc").has_value());
}

TEST(TimeText, DecimalSecondsWithAnyExponentEndAtOnce) {
  // Zero at any scale is zero, without a step per unit of the exponent
  // (codec_fuzz: -0e-1065044148 ran for 11 s); exponents at the ends of int
  // do not overflow the scale (UBSan in the sanitize preset).
  EXPECT_EQ(decimal_to_nanoseconds("-0e-000000000001065044148"), Integer{0});
  EXPECT_EQ(decimal_to_nanoseconds("0.0e-2147483648"), Integer{0});
  EXPECT_EQ(decimal_to_nanoseconds("0e2147483647"), Integer{0});
  EXPECT_FALSE(decimal_to_nanoseconds("1e2147483647").has_value());
  EXPECT_FALSE(decimal_to_nanoseconds("1.5e-2147483648").has_value());
  EXPECT_FALSE(decimal_to_nanoseconds("1e99999999999").has_value());
  // An exponent sign or letter at the end of the text reads nothing past it.
  EXPECT_FALSE(decimal_to_nanoseconds(std::string_view("1e+5", 2)).has_value());
  EXPECT_FALSE(decimal_to_nanoseconds(std::string_view("1e+5", 3)).has_value());
  EXPECT_EQ(decimal_to_nanoseconds("1e+5"), Integer{100000} * 1000000000);
}

TEST(TimeText, PythonFloatRepr) {
  EXPECT_EQ(python_float_repr(600.0), "600.0");
  EXPECT_EQ(python_float_repr(86400.000001), "86400.000001");
  EXPECT_EQ(python_float_repr(1e-05), "1e-05");
  EXPECT_EQ(python_float_repr(0.0001), "0.0001");
  EXPECT_EQ(python_float_repr(1e16), "1e+16");
  EXPECT_EQ(python_float_repr(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(python_float_repr(1.5e-7), "1.5e-07");
  EXPECT_EQ(python_float_repr(-2.5), "-2.5");
  EXPECT_EQ(python_float_repr(0.0), "0.0");
  EXPECT_EQ(python_float_repr(2764800.0), "2764800.0");
}

Value of_kind(Kind kind) {
  Value value;
  value.kind = kind;
  return value;
}

TEST(Equivalence, ComparesMeaningNotSpelling) {
  Value naive = of_kind(Kind::timestamp);
  naive.timestamp = *parse_timestamp("2025-05-25T19:22:53");
  Value zulu = of_kind(Kind::timestamp);
  zulu.timestamp = *parse_timestamp("2025-05-25T19:22:53Z");
  EXPECT_TRUE(equivalent(naive, zulu));
  zulu.timestamp.nanoseconds = 1;
  EXPECT_FALSE(equivalent(naive, zulu));

  Value seconds = of_kind(Kind::duration);
  seconds.duration_nanoseconds = Integer{600} * 1000000000;
  Value interval = of_kind(Kind::interval);
  interval.interval = {0, 0, 600000000};
  EXPECT_TRUE(equivalent(seconds, interval));
  interval.interval = {1, 0, 0};
  Value thirty_days = of_kind(Kind::duration);
  thirty_days.duration_nanoseconds = Integer{30} * 86400 * 1000000000;
  EXPECT_FALSE(equivalent(thirty_days, interval)) << "a month has no fixed length";

  Value integer = of_kind(Kind::integer);
  integer.integer = 600;
  Value number = of_kind(Kind::number);
  number.number = 600.0;
  EXPECT_TRUE(equivalent(integer, number));
  Value text = of_kind(Kind::string);
  text.text = "600";
  EXPECT_FALSE(equivalent(integer, text));
  // An integer and a double are the same only when they are the same
  // number: 2^53 + 1 made a double would be 2^53 (once called the same).
  integer.integer = (Integer{1} << 53) + 1;
  number.number = 9007199254740992.0;
  EXPECT_FALSE(equivalent(integer, number));
  EXPECT_FALSE(equivalent(number, integer));
  integer.integer = Integer{1} << 53;
  EXPECT_TRUE(equivalent(integer, number));
  integer.integer = Integer{18446744073709551615ULL};
  number.number = 18446744073709551616.0;
  EXPECT_FALSE(equivalent(integer, number));
  integer.integer = 0;
  number.number = -0.0;
  EXPECT_TRUE(equivalent(integer, number));
  number.number = 0.5;
  EXPECT_FALSE(equivalent(integer, number));
  // The same for values compared where they are, untyped.
  const auto plain = [](const std::string& text) {
    static std::list<json::Document> documents;  // values stay where they are
    documents.push_back(json::parse(text, "value.json"));
    Value value;
    value.plain = &documents.back().root();
    return value;
  };
  EXPECT_FALSE(equivalent(plain("9007199254740993"), plain("9007199254740992.0")));
  EXPECT_FALSE(equivalent(plain("9007199254740992.0"), plain("9007199254740993")));
  EXPECT_TRUE(equivalent(plain("600"), plain("6e2")));
  EXPECT_FALSE(equivalent(plain("18446744073709551615"), plain("18446744073709551616.0")));
}

TEST(Codec, DecodesByEncodingAndReencodesInTheSameEncoding) {
  const schema::SchemaSet& set = project_schemas();
  const json::Document document = json::parse(
      R"({"code": "x", "start_time": "2025-05-25T19:22:53.500Z", "revision": "r1", "value": 0,
          "target": {"name": "generic", "details": {}}})",
      "x.json");
  const Value value = decode(set, set.get("python", "WorkerResult"), document);
  ASSERT_NE(value.member("start_time"), nullptr);
  EXPECT_EQ(value.member("start_time")->kind, Kind::timestamp);
  EXPECT_EQ(value.member("revision")->kind, Kind::revision);
  EXPECT_EQ(value.member("code")->kind, Kind::string);
  EXPECT_TRUE(round_trip(set, set.get("python", "WorkerResult"), document).empty());
}

TEST(Codec, IsoformatAsHeldKeepsNaiveNaiveAndAwareAware) {
  const schema::SchemaSet& set = project_schemas();
  const auto& schema = set.get("python", "JanitorResult");
  const std::string fixture = test::read_text(test::source_dir() / "fixtures/python/JanitorResult/all-fields-set.json");
  // The fixture with its two times replaced.
  const auto with_times = [&](const std::string& start, const std::string& finish) {
    std::string text = fixture;
    for (const auto& [key, value] : {std::pair{std::string("\"start_time\": \""), start},
                                     std::pair{std::string("\"finish_time\": \""), finish}}) {
      const std::size_t at = text.find(key) + key.size();
      text.replace(at, text.find('"', at) - at, value);
    }
    return json::parse(text, "x.json");
  };
  // Python's isoformat(): naive stays naive, a UTC time is written +00:00,
  // another offset is kept with its local time.
  for (const auto& [start, finish] : std::vector<std::pair<std::string, std::string>>{
           {"2025-05-25T19:22:53.123456", "2025-05-25T19:32:53"},
           {"2025-05-25T19:22:53.123456+00:00", "2025-05-25T21:32:53-02:30"}}) {
    EXPECT_TRUE(round_trip(set, schema, with_times(start, finish)).empty()) << start << " " << finish;
  }
  const auto differences = round_trip(set, schema, with_times("2025-05-25T19:22:53Z", "2025-05-25T19:32:53"));
  ASSERT_EQ(differences.size(), 1U);
  EXPECT_EQ(differences[0].reencoded, "\"2025-05-25T19:22:53+00:00\"") << "Python never writes Z";
}

TEST(Codec, RoundTripNamesWhatItCannotReproduce) {
  const schema::SchemaSet& set = project_schemas();
  // An offset the Rust writer never emits, and a fraction length it never uses.
  const json::Document document = json::parse(
      R"({"code": "x", "start_time": "2025-05-25T21:22:53+02:00", "finish_time": "2025-05-25T19:22:53.5Z"})", "x.json");
  const auto differences = round_trip(set, set.get("rust", "WorkerResult"), document);
  ASSERT_EQ(differences.size(), 2U);
  EXPECT_EQ(differences[0].pointer, "/start_time");
  EXPECT_EQ(differences[0].original, "\"2025-05-25T21:22:53+02:00\"");
  EXPECT_EQ(differences[0].reencoded, "\"2025-05-25T19:22:53Z\"") << "a value, not a placeholder";
  EXPECT_EQ(differences[1].pointer, "/finish_time");
  EXPECT_EQ(differences[1].reencoded, "\"2025-05-25T19:22:53.500Z\"");
}

TEST(Codec, UndecodableValueIsAProblemNotASilentString) {
  const schema::SchemaSet& set = project_schemas();
  const json::Document document = json::parse(R"({"code": "x", "start_time": "yesterday"})", "x.json");
  std::vector<DecodeProblem> problems;
  const Value value = decode(set, set.get("python", "WorkerResult"), document, &problems);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].pointer, "/start_time");
  EXPECT_EQ(problems[0].reason, "string does not decode as timestamp-rfc3339");
  EXPECT_EQ(value.member("start_time")->kind, Kind::string);
}

/// A Python ActiveRun whose estimated_duration is `seconds`, as written.
json::Document python_active_run(const std::string& seconds) {
  return json::parse(
      R"({"id": "a", "queue_id": 1, "campaign": "c", "change_set": null, "command": "x", "codebase": "c", )"
      R"("start_time": "2025-05-25T19:22:53", "worker": "w", "worker_link": null, "vcs": {}, "backchannel": {}, )"
      R"("instigated_context": null, "resume_from": null, "current_duration": 1.0, "estimated_duration": )" +
          seconds + "}",
      "x.json");
}

TEST(Codec, ADurationBeyondWhatTheIntegerHoldsIsAProblemNotOverflow) {
  // plan_fuzz found 1.2e84 s multiplied into nanoseconds past __int128.
  const schema::SchemaSet& set = project_schemas();
  for (const std::string seconds : {"1.22222e84", "-1e30", "1e28"}) {
    const json::Document document = python_active_run(seconds);
    std::vector<DecodeProblem> problems;
    static_cast<void>(decode(set, set.get("python", "ActiveRun"), document, &problems));
    ASSERT_EQ(problems.size(), 1U) << seconds;
    EXPECT_EQ(problems[0].pointer, "/estimated_duration");
    EXPECT_EQ(problems[0].reason, "number does not decode as duration-seconds");
  }
  // A near miss: the largest durations in range still decode.
  EXPECT_TRUE(duration_seconds_in_range(9.9e27));
  EXPECT_FALSE(duration_seconds_in_range(1e28));
}

TEST(Codec, ADurationAFloatCannotHoldToTheMicrosecondIsNamedNotRounded) {
  // codec_fuzz: 6922337203685477580800.5 s encoded as 6.922337203685478e+21,
  // which decodes to another duration.
  const schema::SchemaSet& set = project_schemas();
  const auto encoded_duration = [&](const std::string& seconds) {
    const json::Document document = python_active_run(seconds);
    const std::string text = encode(decode(set, set.get("python", "ActiveRun"), document));
    const auto at = text.find("\"estimated_duration\":");
    return text.substr(at + 21, text.find_first_of(",}", at) - at - 21);
  };
  EXPECT_EQ(encoded_duration("6922337203685477580800.5"), "\"<duration beyond a float's whole microseconds>\"");
  EXPECT_EQ(encoded_duration("-9007199254.740993"), "\"<duration beyond a float's whole microseconds>\"");
  // 2^53 microseconds is the last a float holds: still a number.
  EXPECT_EQ(encoded_duration("9007199254.740992"), "9007199254.740992");
  EXPECT_EQ(encoded_duration("1.5"), "1.5");
}

// Every committed fixture survives decode then encode, byte for byte.
test::Registrar register_round_trips([] {
  const schema::SchemaSet& set = project_schemas();
  for (const schema::StructureSchema& schema : set.schemas()) {
    const auto folder = test::source_dir() / "fixtures" / schema.side() / schema.structure();
    if (!std::filesystem::is_directory(folder)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().extension() != ".json") continue;
      const std::string name = schema.side() + "_" + schema.structure() + "_" + entry.path().stem().string();
      const std::filesystem::path file = entry.path();
      const schema::StructureSchema* target = &schema;
      testing::RegisterTest(
          "RoundTrip", test::test_name(name).c_str(), nullptr, nullptr, __FILE__, __LINE__,
          [file, target]() -> testing::Test* {
            struct Case : testing::Test {
              Case(std::filesystem::path f, const schema::StructureSchema* s) : file(std::move(f)), schema(s) {}
              void TestBody() override {
                const json::Document document = json::load_file(file);
                std::vector<DecodeProblem> problems;
                decode(project_schemas(), *schema, document, &problems);
                EXPECT_TRUE(problems.empty()) << problems.front().pointer;
                for (const auto& difference : round_trip(project_schemas(), *schema, document)) {
                  ADD_FAILURE() << file << " at " << difference.pointer << ": " << shown(difference.original)
                                << " became " << shown(difference.reencoded);
                }
              }
              std::filesystem::path file;
              const schema::StructureSchema* schema;
            };
            return new Case(file, target);
          });
    }
  }
});

}  // namespace
}  // namespace portcheck::codec
