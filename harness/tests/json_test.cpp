// The strict loader: what it accepts, what it rejects and how it says so.

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "json/canonical.hpp"
#include "json/diff.hpp"
#include "json/document.hpp"
#include "json/pointer.hpp"
#include "json/positions.hpp"
#include "json/text_window.hpp"
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

// Keys are looked up by scanning while an object is small and in a hash
// table past eight: a duplicate is found on both sides of that line.
TEST(JsonLoad, RejectsADuplicateKeyInALargeObjectNamingBoth) {
  for (const int keys : {8, 9, 5000}) {
    std::string text = "{";
    for (int index = 0; index < keys; ++index) text += (index ? ",\n\"k" : "\"k") + std::to_string(index) + "\": 1";
    EXPECT_NO_THROW(parse(text + "}", "doc.json")) << keys << " distinct keys";
    // The third key again, as the last member.
    EXPECT_PORTCHECK_ERROR(parse(text + ",\n \"k2\": 2}", "doc.json"),
                           "doc.json:" + std::to_string(keys + 1) + ":2: at /k2: duplicate key \"k2\" (first at line 3, "
                           "column 1)");
  }
}

/// What loading gave: the error's words, or the canonical text with every
/// value's pointer, line and column, and each non-integer number's text.
std::string loaded(const std::function<Document()>& load) {
  std::string out;
  try {
    const Document document = load();
    out = canonical_text(document);
    std::function<void(const rapidjson::Value&, const std::string&)> walk = [&](const rapidjson::Value& value,
                                                                               const std::string& pointer) {
      const auto position = document.position_of(pointer);
      out += pointer + " " + (position ? std::to_string(position->line) + ":" + std::to_string(position->column) : "-");
      if (value.IsDouble()) out += " " + document.number_text(value).value_or("?");
      out += "\n";
      if (value.IsObject()) {
        for (const auto& member : value.GetObject()) walk(member.value, append_pointer(pointer, member.name.GetString()));
      } else if (value.IsArray()) {
        for (rapidjson::SizeType index = 0; index < value.Size(); ++index) {
          walk(value[index], append_pointer(pointer, std::to_string(index)));
        }
      }
    };
    walk(document.root(), "");
  } catch (const Error& error) {
    out = "error at " + std::to_string(error.where().line) + ":" + std::to_string(error.where().column) + " " +
          error.where().pointer + ": " + error.what();
  }
  return out;
}

// load_file reads a file a block at a time and keeps only the text from the
// token being read on; whatever the block size, it must give what parsing the
// whole text gives: the same values, positions, number texts and errors.
TEST(JsonLoad, AFileReadInBlocksLoadsAsItsWholeText) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(test::source_dir() / "fixtures")) {
    const auto& path = entry.path();
    if (entry.is_regular_file() && path.extension() == ".json" && path.filename() != "channels.json" &&
        path.filename() != "capture.json") {
      files.push_back(path);
    }
  }
  ASSERT_GT(files.size(), 100U);
  const test::TempDir scratch;
  const std::string long_text(3000, 'y');
  const std::vector<std::string> made{
      "{\"a\": \"" + long_text + "\\\"" + long_text + "\", \"b\": [1.50, -2e-3, 7]}",
      "{\"a\": 1, \"b\": {\"c\": \"\\u00e9\\ud83d\\ude00\"}, \n\n  \"a\": 2}",
      "[\"\\udc00\"]",
      "\xEF\xBB\xBF{}",
      "{\"a\":\n [1, 2,\n 3]\0}",
      "{\"a\": [1, 2, 3",
      "[1.0, 2.50, 1e400]",
      "{\"é\": \"ü\", \"x\": tru}",
      "  \n\t ",
      "[" + std::string(600, '[') + std::string(600, ']') + "]",
      "{\"a\": 18446744073709551616}",
      "{\"a\": \"\xC3\"}",
      "[1] [2]",
  };
  for (std::size_t index = 0; index < made.size(); ++index) {
    files.push_back(scratch.path() / ("made-" + std::to_string(index) + ".json"));
    test::write_file(files.back(), made[index]);
  }
  for (const auto& file : files) {
    const std::string whole = loaded([&] { return parse(read_file(file), file.string()); });
    for (const std::size_t block : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{64},
                                    LoadOptions().read_block_bytes}) {
      LoadOptions options;
      options.read_block_bytes = block;
      ASSERT_EQ(loaded([&] { return load_file(file, options); }), whole) << file << " read " << block << " bytes at a time";
    }
  }
}

// load_file measures a file and checks it for NUL bytes, then reads its
// tokens a block at a time: a file that then reads otherwise changed while it
// was read, and says so rather than parse what it became.
TEST(JsonTextWindow, AFileThatReadsOtherwiseThanMeasuredChangedWhileBeingRead) {
  const auto read_all = [](const std::string& contents, std::uintmax_t expected) {
    const int file = ::memfd_create("window.json", MFD_CLOEXEC);
    EXPECT_GE(file, 0);
    EXPECT_EQ(::write(file, contents.data(), contents.size()), static_cast<ssize_t>(contents.size()));
    ::lseek(file, 0, SEEK_SET);
    TextWindow window(file, expected, 2, SourceLocation::in_file("window.json"));
    std::string read;
    while (window.Peek() != '\0') read += window.Take();
    ::close(file);
    return window.failure() ? std::string("failed: ") + window.failure()->what() : read;
  };
  EXPECT_EQ(read_all("[1, 2, 3]", 9), "[1, 2, 3]");
  EXPECT_EQ(read_all("[1, 2, 3]", 5), "failed: cannot read the file (did it change while being read?)");  // longer
  EXPECT_EQ(read_all("[1, 2, 3]", 12), "failed: cannot read the file (did it change while being read?)");  // shorter
  EXPECT_EQ(read_all(std::string("[1, \0, 3]", 9), 9),
            "failed: cannot read the file (did it change while being read?)");  // a NUL byte appeared
}

// Positions are packed as steps from a checkpoint every 64 places; each
// place reads back exactly, whatever the steps and across blocks.
TEST(JsonPositions, EveryPlaceReadsBackAsItWasAdded) {
  PositionList list;
  std::vector<LineColumn> added;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  std::uint64_t state = 12345;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 33U);
  };
  // 300,000 places with steps up to 2^31 fill several blocks of steps.
  for (int index = 0; index < 300000; ++index) {
    const std::uint32_t kind = next() % 10;
    if (kind == 0) {
      line += 1 + next() % 3;
      column = 1 + next() % 80;
    } else if (kind == 1) {
      column += next();  // a very long line
    } else if (kind == 2 && line > 2) {
      line -= 1;  // never in document order; still kept exactly
    } else {
      column += next() % 40;
    }
    added.push_back({line, column});
    list.push_back(added.back());
  }
  ASSERT_EQ(list.size(), added.size());
  for (std::size_t index = 0; index < added.size(); ++index) {
    ASSERT_EQ(list[index].line, added[index].line) << index;
    ASSERT_EQ(list[index].column, added[index].column) << index;
  }
  EXPECT_TRUE(PositionList().empty());
}

// The canonical text cut to a limit is the start of the whole text and
// counts all of it; two values compare as their whole texts would.
TEST(JsonCanonical, CutTextsAndComparisonsWithoutWritingTheWhole) {
  const Document document = parse(R"({"b": [1, 2.50, "x\u0001y"], "a": {"z": null, "y": true}})", "doc.json");
  const std::string whole = compact_canonical_text(document, document.root());
  EXPECT_EQ(whole, R"({"a":{"y":true,"z":null},"b":[1,2.50,"x\u0001y"]})");
  for (const std::size_t limit : {std::size_t{0}, std::size_t{1}, std::size_t{10}, whole.size() - 1, whole.size()}) {
    const CutText cut = compact_canonical_text(document, document.root(), limit);
    EXPECT_EQ(cut.text, whole.substr(0, limit));
    EXPECT_EQ(cut.size, whole.size());
    EXPECT_EQ(cut.whole(), limit >= whole.size());
  }
  EXPECT_TRUE(canonical_text_equals(document, document.root(), whole));
  for (const std::string& near : {whole.substr(0, whole.size() - 1), whole + " ", whole.substr(1),
                                  std::string(R"({"a":{"y":true,"z":null},"b":[1,2.5,"x\u0001y"]})")}) {
    EXPECT_FALSE(canonical_text_equals(document, document.root(), near)) << near;
  }
  const auto equal = [](const std::string& left, const std::string& right) {
    const Document left_document = parse(left, "left.json");
    const Document right_document = parse(right, "right.json");
    const bool by_text = compact_canonical_text(left_document, left_document.root()) ==
                         compact_canonical_text(right_document, right_document.root());
    const bool by_walk =
        canonical_equal(left_document, left_document.root(), right_document, right_document.root());
    EXPECT_EQ(by_walk, by_text) << left << " against " << right;
    return by_walk;
  };
  EXPECT_TRUE(equal(R"({"a": 1, "b": [true, null]})", R"({"b": [true, null], "a": 1})"));
  EXPECT_FALSE(equal(R"({"a": 1.0})", R"({"a": 1.00})"));  // numbers as written
  EXPECT_FALSE(equal(R"({"a": 1})", R"({"a": 1.0})"));
  EXPECT_FALSE(equal(R"({"a": 1})", R"({"a": 1, "b": 1})"));
  EXPECT_FALSE(equal(R"({"a": 1})", R"({"b": 1})"));
  EXPECT_FALSE(equal(R"([1, 2])", R"([2, 1])"));
  EXPECT_FALSE(equal(R"(["x"])", R"(["y"])"));
  EXPECT_FALSE(equal(R"([true])", R"([false])"));
  EXPECT_FALSE(equal(R"([null])", R"([0])"));
  EXPECT_TRUE(equal(R"(18446744073709551615)", R"(18446744073709551615)"));
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

// A path another process keeps swapping between a regular file and a FIFO
// never makes reading block: the type that counts is the opened file's (a
// FIFO opened to read waits for a writer; the path's type was once checked
// before opening it, and a swap in between hung validate and scan).
TEST(JsonLoad, AFileSwappedForAFifoNeverBlocksReading) {
  const test::TempDir folder;
  test::write_file(folder.path() / "regular", "{}");
  ASSERT_EQ(::mkfifo((folder.path() / "fifo").c_str(), 0600), 0);
  const std::filesystem::path target = folder.path() / "x.json";
  std::filesystem::copy_file(folder.path() / "regular", target);
  std::atomic<bool> done = false;
  std::thread swapper([&] {
    for (bool fifo = true; !done; fifo = !fifo) {
      const std::filesystem::path next = folder.path() / "next";
      ::link((folder.path() / (fifo ? "fifo" : "regular")).c_str(), next.c_str());
      ::rename(next.c_str(), target.c_str());
    }
  });
  // Should reading block, a writer opened here lets it go on, and the test
  // fails rather than hangs.
  std::atomic<int> blocked = 0;
  std::atomic<bool> reading_done = false;
  std::thread watchdog([&] {
    while (!reading_done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      const int writer = ::open((folder.path() / "fifo").c_str(), O_WRONLY | O_NONBLOCK);
      if (writer >= 0) {
        ++blocked;
        ::close(writer);
      }
    }
  });
  // Until each reader has met both kinds of file, at least 3,000 times over
  // (a busy machine may run the swapper seldom), for 60 s at most.
  std::size_t regular = 0, refused = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (int attempt = 0; (attempt < 3000 || regular < 2 || refused < 2) && std::chrono::steady_clock::now() < deadline;
       ++attempt) {
    if (attempt % 64 == 0) std::this_thread::yield();
    for (const bool whole : {true, false}) {
      try {
        if (whole) {
          static_cast<void>(read_file(target));
        } else {
          static_cast<void>(load_file(target));
        }
        ++regular;
      } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("not a regular file"), std::string::npos) << error.what();
        ++refused;
      }
    }
  }
  reading_done = true;
  done = true;
  swapper.join();
  watchdog.join();
  EXPECT_EQ(blocked, 0) << "reading waited for a writer of the FIFO";
  EXPECT_GT(regular, 0U);
  EXPECT_GT(refused, 0U);
}

// Any bytes, as a file name may hold, come out as well-formed UTF-8: what
// is not UTF-8 as \xNN; printable() also writes control characters so.
TEST(JsonText, BytesThatAreNotUtf8AreWrittenAsEscapes) {
  EXPECT_EQ(well_formed_utf8("caf\xc3\xa9 \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xf0\x9f\x98\x80");
  EXPECT_EQ(well_formed_utf8("bad\xff\xfe.json"), "bad\\xff\\xfe.json");
  // A stray continuation byte, an overlong form, a surrogate, past U+10FFFF,
  // a sequence cut short.
  EXPECT_EQ(well_formed_utf8("\x80|\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|\xe2\x82"),
            "\\x80|\\xc0\\xaf|\\xed\\xa0\\x80|\\xf4\\x90\\x80\\x80|\\xe2\\x82");
  EXPECT_EQ(well_formed_utf8("tab\there"), "tab\there");
  EXPECT_EQ(printable("a\nb\tc\x01"
                      "d\xff"
                      "e\xc3\xa9"),
            "a\\nb\\tc\\x01d\\xffe\xc3\xa9");
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
