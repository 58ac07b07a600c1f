// The strict loader: what it accepts, what it rejects and how it says so.

#include <string>

#include "json/diff.hpp"
#include "json/document.hpp"
#include "json/pointer.hpp"
#include "test_support.hpp"

namespace portcheck::json {
namespace {

/// "pointer kind [from] before → after" for each change from `before` to `after`.
std::vector<std::string> changes_between(const std::string& before, const std::string& after) {
  const json::Document old_document = json::parse(before, "before.json");
  const json::Document new_document = json::parse(after, "after.json");
  std::vector<std::string> lines;
  for (const json::Change& change :
       json::diff_values(old_document, old_document.root(), new_document, new_document.root())) {
    lines.push_back(change.pointer + " " + json::to_string(change.kind) + (change.from.empty() ? "" : " " + change.from) +
                    " " + change.before + " → " + change.after);
  }
  return lines;
}

TEST(JsonDiff, NamesEveryChangeByPlaceAndKind) {
  EXPECT_TRUE(changes_between(R"({"a": [1, {"b": 2.50}]})", R"({"a": [1, {"b": 2.50}]})").empty());
  EXPECT_EQ(changes_between(R"({"a": 1, "b": "x", "c": [1, 2], "d": true, "e": null})",
                            R"({"z": 1, "b": 2, "c": [1], "d": false, "f": {}})"),
            (std::vector<std::string>{"/b type-changed \"x\" → 2", "/c/1 key-removed 2 → ", "/d value-changed true → false",
                                      "/e key-removed null → ", "/f key-added  → {}", "/z key-renamed /a 1 → 1"}));
  // Numbers compare by their text, as the canonical writer keeps it; nested
  // places are named by their whole pointer, escaped.
  EXPECT_EQ(changes_between(R"({"a/b": {"c~": 1.0}})", R"({"a/b": {"c~": 1.00}})"),
            (std::vector<std::string>{"/a~1b/c~0 value-changed 1.0 → 1.00"}));
}

TEST(JsonLoad, AcceptsOrdinaryDocumentAndKeepsValues) {
  const Document document = parse(R"({"a": [1, -2, 18446744073709551615, "x"], "b": null})", "doc.json");
  const rapidjson::Value& root = document.root();
  ASSERT_TRUE(root.IsObject());
  EXPECT_EQ(root["a"][0].GetInt64(), 1);
  EXPECT_EQ(root["a"][1].GetInt64(), -2);
  EXPECT_TRUE(root["a"][2].IsUint64());
  EXPECT_FALSE(root["a"][2].IsInt64());
  EXPECT_EQ(root["a"][2].GetUint64(), 18446744073709551615ULL);
  EXPECT_TRUE(root["b"].IsNull());
}

TEST(JsonLoad, RecordsPositionsOfKeysAndArrayElements) {
  const Document document = parse("{\n  \"a\": [1, {\"b\": \"x\"}],\n  \"é\": true\n}", "doc.json");
  ASSERT_TRUE(document.position_of("").has_value());
  EXPECT_EQ(document.position_of("")->line, 1U);
  EXPECT_EQ(document.position_of("")->column, 1U);
  EXPECT_EQ(document.position_of("/a")->line, 2U);
  EXPECT_EQ(document.position_of("/a")->column, 3U);
  EXPECT_EQ(document.position_of("/a/0")->column, 9U);
  EXPECT_EQ(document.position_of("/a/1")->column, 12U);
  EXPECT_EQ(document.position_of("/a/1/b")->column, 13U);
  EXPECT_EQ(document.position_of("/é")->line, 3U);
  EXPECT_FALSE(document.position_of("/missing").has_value());
}

TEST(JsonLoad, ColumnsCountCharactersNotBytes) {
  // "é" is two bytes; the error after it is at character 9.
  EXPECT_PORTCHECK_ERROR(parse("{\"é\": 1, }", "doc.json"), "doc.json:1:10:");
}

TEST(JsonLoad, KeepsTheTextOfNonIntegerNumbers) {
  const Document document = parse(R"({"a": 1e-05, "b": 600.0, "c": 7, "d": [{"e": 2.50}]})", "doc.json");
  EXPECT_EQ(document.number_text(document.root()["a"]), "1e-05");
  EXPECT_EQ(document.number_text(document.root()["b"]), "600.0");
  EXPECT_EQ(document.number_text(document.root()["d"][0]["e"]), "2.50");
  EXPECT_DOUBLE_EQ(document.root()["a"].GetDouble(), 1e-5);
  EXPECT_FALSE(document.number_text(document.root()["c"]).has_value());
  // A number as the whole document, after the Document has moved.
  Document moved = parse("1.50", "root.json");
  const Document root = std::move(moved);
  EXPECT_EQ(root.number_text(root.root()), "1.50");
}

TEST(JsonLoad, PositionsOfEveryKindOfPlace) {
  const Document document = parse("{\"a\": [1, {\"b\": 2.5}],\n \"c\": \"x\", \"0\": null}", "doc.json");
  const auto at = [&](const std::string& pointer) {
    const auto position = document.position_of(pointer);
    return position ? std::to_string(position->line) + ":" + std::to_string(position->column) : "none";
  };
  EXPECT_EQ(at(""), "1:1");
  EXPECT_EQ(at("/a"), "1:2");  // a member is where its key is
  EXPECT_EQ(at("/a/0"), "1:8");
  EXPECT_EQ(at("/a/1"), "1:11");
  EXPECT_EQ(at("/a/1/b"), "1:12");
  EXPECT_EQ(at("/c"), "2:2");
  EXPECT_EQ(at("/0"), "2:12");
  EXPECT_EQ(at("/a/2"), "none");
  EXPECT_EQ(at("/a/01"), "none");
  EXPECT_EQ(at("/nope"), "none");
  EXPECT_EQ(at("/c/0"), "none");
  EXPECT_EQ(document.nearest_position_of("/a/1/zz")->column, 11U);  // /a/1
}

TEST(JsonLoad, RejectsDuplicateKeysNamingBoth) {
  EXPECT_PORTCHECK_ERROR(parse("{\"a\": 1,\n \"a\": 2}", "doc.json"),
                         "doc.json:2:2: at /a: duplicate key \"a\" (first at line 1, column 2)");
  // The same key in different objects is fine.
  EXPECT_NO_THROW(parse(R"({"a": {"a": 1}, "b": {"a": 2}})", "doc.json"));
}

TEST(JsonLoad, RejectsIntegersBeyond64Bits) {
  EXPECT_PORTCHECK_ERROR(parse(R"({"n": 18446744073709551616})", "doc.json"), "at /n: integer 18446744073709551616");
  EXPECT_PORTCHECK_ERROR(parse(R"([-9223372036854775809])", "doc.json"), "at /0: integer -9223372036854775809");
  EXPECT_NO_THROW(parse(R"([-9223372036854775808, 18446744073709551615])", "doc.json"));
}

TEST(JsonLoad, RejectsNanAndInfinity) {
  EXPECT_PORTCHECK_ERROR(parse("[NaN]", "doc.json"), "NaN and Infinity are not JSON numbers");
  EXPECT_PORTCHECK_ERROR(parse("[Infinity]", "doc.json"), "NaN and Infinity are not JSON numbers");
  EXPECT_PORTCHECK_ERROR(parse("[1e400]", "doc.json"), "out of the range of a 64-bit float");
}

TEST(JsonLoad, RejectsTruncationTrailingContentAndEmptiness) {
  EXPECT_PORTCHECK_ERROR(parse("{\"a\": [1, 2", "doc.json"), "doc.json:1:12: at /a: the document ends before");
  EXPECT_PORTCHECK_ERROR(parse("{} {}", "doc.json"), "doc.json:1:4: at (root): unexpected content after the end");
  EXPECT_PORTCHECK_ERROR(parse("", "doc.json"), "doc.json:1:1: the document is empty");
  EXPECT_PORTCHECK_ERROR(parse("  \n ", "doc.json"), "the document is empty");
}

TEST(JsonLoad, RejectsByteOrderMarkInvalidUtf8AndNul) {
  EXPECT_PORTCHECK_ERROR(parse("\xEF\xBB\xBF{}", "doc.json"),
                         "doc.json:1:1: the document starts with a UTF-8 byte-order mark");
  EXPECT_PORTCHECK_ERROR(parse("[\"\xC3\x28\"]", "doc.json"), "invalid UTF-8 in a string");
  EXPECT_PORTCHECK_ERROR(parse(std::string("{}\0{\"x\":1}", 10), "doc.json"), "doc.json:1:3: NUL byte");
}

TEST(JsonLoad, RejectsDeepNestingWithoutCrashing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_PORTCHECK_ERROR(parse(deep, "deep.json"), "deep.json:1:513:");
  EXPECT_PORTCHECK_ERROR(parse(deep, "deep.json"), "nesting is deeper than 512 levels");
  const std::string at_limit = std::string(512, '[') + std::string(512, ']');
  EXPECT_NO_THROW(parse(at_limit, "limit.json"));
  LoadOptions shallow;
  shallow.max_depth = 2;
  EXPECT_PORTCHECK_ERROR(parse("[[[]]]", "doc.json", shallow), "deeper than 2 levels");
}

TEST(JsonLoad, UnreadableFileIsAnError) {
  EXPECT_PORTCHECK_ERROR(load_file("/nonexistent/portcheck/file.json"),
                         "/nonexistent/portcheck/file.json: cannot open");
  EXPECT_PORTCHECK_ERROR(load_file(test::source_dir()), "is a directory");
}

TEST(JsonPointer, EscapesSplitsAndFinds) {
  EXPECT_EQ(append_pointer("/a", "b/c~d"), "/a/b~1c~0d");
  EXPECT_EQ(split_pointer("/a/b~1c~0d"), (std::vector<std::string>{"a", "b/c~d"}));
  EXPECT_EQ(split_pointer(""), std::vector<std::string>{});
  EXPECT_PORTCHECK_ERROR(split_pointer("a"), "is not a JSON Pointer");
  EXPECT_PORTCHECK_ERROR(split_pointer("/~2"), "\"~\" must be followed by 0 or 1");
  const Document document = parse(R"({"a/b": [10, {"0": "zero"}]})", "doc.json");
  ASSERT_NE(find_pointer(document.root(), "/a~1b/1/0"), nullptr);
  EXPECT_STREQ(find_pointer(document.root(), "/a~1b/1/0")->GetString(), "zero");
  EXPECT_EQ(find_pointer(document.root(), "/a~1b/2"), nullptr);
  EXPECT_EQ(find_pointer(document.root(), "/a~1b/x"), nullptr);
}

TEST(JsonTypeName, NamesEveryJsonType) {
  const Document document = parse(R"([null, true, 1, 1.5, "s", [], {}])", "doc.json");
  const std::vector<std::string> expected{"null", "boolean", "integer", "number", "string", "array", "object"};
  for (rapidjson::SizeType index = 0; index < expected.size(); ++index) {
    EXPECT_EQ(type_name(document.root()[index]), expected[index]);
  }
}

}  // namespace
}  // namespace portcheck::json
