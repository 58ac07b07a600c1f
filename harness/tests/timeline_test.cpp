// portcheck timeline: the matrix and the findings' histories from revisions'
// evidence, the git side (which commits, which files, the tree), and the
// whole command on a small repository whose capture is a stand-in (the
// capture of the real runners' history is a capture test).

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>

#include "json/document.hpp"
#include "json/error.hpp"
#include "test_support.hpp"
#include "timeline/timeline.hpp"

namespace portcheck::test {
namespace {

compare::Finding finding(const std::string& structure, const std::string& field, rules::Severity severity) {
  compare::Finding made;
  made.structure = structure;
  made.field = field;
  made.rule = rules::Rule::missing_required_key;
  made.severity = severity;
  return made;
}

timeline::RevisionEvidence column(const std::string& commit, std::vector<compare::Finding> findings,
                                  bool captured = true) {
  timeline::RevisionEvidence evidence;
  evidence.revision = {commit + "000000000000", commit, "2026-01-0" + commit.substr(1, 1), "commit " + commit};
  if (!captured) {
    evidence.capture = "failed";
    evidence.failure = "the capture failed (exit 1)\nValueError: x";
    return evidence;
  }
  evidence.rows = {{"ActiveRun", "structure", "INCOMPATIBLE"}, {"routes", "channel", ""}};
  evidence.findings = std::move(findings);
  return evidence;
}

const timeline::FindingHistory& history(const timeline::Timeline& made, const std::string& field) {
  const auto found = std::find_if(made.findings.begin(), made.findings.end(),
                                  [&](const timeline::FindingHistory& entry) { return entry.field == field; });
  if (found == made.findings.end()) throw std::runtime_error("no finding " + field);
  return *found;
}

// Four revisions: the third has no evidence (its capture failed), so the
// fourth is compared with the second; "b" closes there and opens again.
timeline::Timeline four_revisions() {
  using rules::Severity;
  return timeline::build_timeline({
      column("c1", {finding("ActiveRun", "a", Severity::breaking), finding("routes", "b", Severity::info)}),
      column("c2", {finding("ActiveRun", "a", Severity::breaking), finding("ActiveRun", "c", Severity::warning)}),
      column("c3", {}, false),
      column("c4", {finding("ActiveRun", "c", Severity::breaking), finding("routes", "b", Severity::warning)}),
  });
}

TEST(TimelineMatrix, CellsCountFindingsAndWhatOpenedAndClosedSinceTheLastRevisionWithEvidence) {
  const timeline::Timeline made = four_revisions();
  ASSERT_EQ(made.rows.size(), 2U);
  const timeline::Row& structure = made.rows[0];
  const timeline::Row& routes = made.rows[1];
  EXPECT_EQ(structure.name, "ActiveRun");
  EXPECT_EQ(routes.kind, "channel");
  // The base: nothing opens or closes against nothing.
  EXPECT_EQ(structure.cells[0].findings, 1U);
  EXPECT_EQ(structure.cells[0].breaking, 1U);
  EXPECT_EQ(structure.cells[0].opened, 0U);
  EXPECT_EQ(routes.cells[0].status, "info");  // a channel: its most severe finding
  // c2: "c" opened on ActiveRun; "b" closed on routes, which is now clean.
  EXPECT_EQ(structure.cells[1].opened, 1U);
  EXPECT_EQ(routes.cells[1].closed, 1U);
  EXPECT_EQ(routes.cells[1].status, "none");
  // c3 has no evidence.
  EXPECT_FALSE(structure.cells[2].evidence);
  EXPECT_FALSE(routes.cells[2].evidence);
  // c4 against c2: "a" closed, "c" stayed (now breaking), "b" opened again.
  EXPECT_EQ(structure.cells[3].closed, 1U);
  EXPECT_EQ(structure.cells[3].opened, 0U);
  EXPECT_EQ(structure.cells[3].breaking, 1U);
  EXPECT_EQ(structure.cells[3].changed, 1U);  // "c" is there still, now breaking
  EXPECT_EQ(structure.cells[1].changed, 0U);
  EXPECT_EQ(routes.cells[3].opened, 1U);
  EXPECT_EQ(routes.cells[3].status, "warning");
}

TEST(TimelineMatrix, EachFindingHasTheRevisionsWhereItOpenedAndClosed) {
  const timeline::Timeline made = four_revisions();
  ASSERT_EQ(made.findings.size(), 3U);
  const auto& a = history(made, "a");
  ASSERT_EQ(a.spans.size(), 1U);
  EXPECT_EQ(a.spans[0].opened, 0U);  // at the base or before it
  EXPECT_EQ(a.spans[0].closed, std::optional<std::size_t>(3));
  const auto& b = history(made, "b");
  ASSERT_EQ(b.spans.size(), 2U);
  EXPECT_EQ(b.spans[0].closed, std::optional<std::size_t>(1));
  EXPECT_EQ(b.spans[1].opened, 3U);
  EXPECT_FALSE(b.spans[1].closed.has_value());
  EXPECT_EQ(b.severity, rules::Severity::warning);  // as the last revision has it
  const auto& c = history(made, "c");
  EXPECT_EQ(c.spans[0].opened, 1U);
  EXPECT_FALSE(c.spans[0].closed.has_value());
}

TEST(TimelineRender, MarkdownHtmlAndJsonSayTheSameAndEscapeTheUpstreamsText) {
  timeline::Timeline made = four_revisions();
  made.repository = "janitor";
  made.base = made.columns.front().revision.commit;
  made.tip = made.columns.back().revision.commit;
  made.columns[1].revision.subject = "a | b <script>alert(1)</script>";
  const std::string markdown = timeline::render_markdown(made);
  EXPECT_NE(markdown.find("| ActiveRun | INCOMPATIBLE · 1 finding, 1 breaking | INCOMPATIBLE · 2 findings, 1 breaking "
                          "· +1 −0 | no evidence | INCOMPATIBLE · 1 finding, 1 breaking · +0 −1 ~1 |"),
            std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("a \\| b &lt;script&gt;"), std::string::npos) << markdown;
  // With its cause: the exception, not only that the capture failed.
  EXPECT_NE(markdown.find("none: the capture failed (exit 1): ValueError: x"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| routes.b | missing-required-key | warning | c4 | open at the tip |"), std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("| ActiveRun.a | missing-required-key | breaking | at or before c1 (the base) | c4 |"),
            std::string::npos)
      << markdown;

  const std::string html = timeline::render_html(made);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  TempDir folder;
  write_file(folder.path() / "timeline.html", html);
  const CommandResult parsed = shell("xmllint --html --noout '" + (folder.path() / "timeline.html").string() + "'");
  EXPECT_EQ(parsed.exit_code, 0) << parsed.out;
  EXPECT_EQ(parsed.out, "");

  const json::Document document = json::parse(timeline::render_json(made), "timeline");
  const auto& root = document.root();
  EXPECT_EQ(root["revisions"].Size(), 4U);
  EXPECT_STREQ(root["revisions"][2]["capture"].GetString(), "failed");
  EXPECT_TRUE(root["rows"][0]["cells"][2].IsNull());
  EXPECT_EQ(root["rows"][0]["cells"][1]["opened"].GetUint64(), 1U);
  EXPECT_EQ(root["findings"].Size(), 3U);
  for (const auto& entry : root["findings"].GetArray()) {
    if (std::string(entry["field"].GetString()) != "b") continue;
    EXPECT_TRUE(entry["spans"][0]["opened"].IsNull());
    EXPECT_STREQ(entry["spans"][0]["closed"].GetString(), "c2000000000000");
    EXPECT_STREQ(entry["spans"][1]["opened"].GetString(), "c4000000000000");
  }
}

/// A git repository in `folder` with a commit per call of commit().
class ToyRepository {
 public:
  explicit ToyRepository(std::filesystem::path folder) : folder_(std::move(folder)) { git("init -q -b main ."); }
  /// Writes the files, commits them with the subject; returns the hash.
  std::string commit(const std::map<std::string, std::string>& files, const std::string& subject) {
    for (const auto& [name, text] : files) write_file(folder_ / name, text);
    git("add -A");
    git("-c user.name=t -c user.email=t@example.org commit -q -m '" + subject + "'");
    std::string hash = git("rev-parse HEAD");
    hash.erase(hash.find_last_not_of('\n') + 1);
    return hash;
  }
  std::string git(const std::string& arguments) {
    const CommandResult result = shell("git -C '" + folder_.string() + "' " + arguments);
    EXPECT_EQ(result.exit_code, 0) << arguments << ": " << result.out;
    return result.out;
  }
  [[nodiscard]] const std::filesystem::path& path() const { return folder_; }

 private:
  std::filesystem::path folder_;
};

TEST(TimelineGit, CommitsTouchingTheWatchedFilesTheirFilesAndTheirTree) {
  TempDir folder;
  ToyRepository repository(folder.path());
  const std::string base = repository.commit({{"runner/src/lib.rs", "a\n"}, {"README", "r\n"}}, "base");
  repository.commit({{"README", "r2\n"}}, "docs only");
  const std::string touched = repository.commit({{"runner/src/web.rs", "w\n"}}, "a | route");
  const std::vector<std::string> specs{"runner/src/*.rs"};
  EXPECT_EQ(timeline::commits_touching(folder.path(), base, "HEAD", specs), std::vector<std::string>{touched});
  EXPECT_EQ(timeline::files_matching(folder.path(), touched, specs),
            (std::vector<std::string>{"runner/src/lib.rs", "runner/src/web.rs"}));
  const timeline::Revision revision = timeline::describe_commit(folder.path(), touched);
  EXPECT_EQ(revision.subject, "a | route");
  EXPECT_EQ(revision.short_commit, touched.substr(0, 8));
  EXPECT_EQ(revision.date.size(), 10U);
  TempDir tree;
  timeline::export_tree(folder.path(), base, tree.path() / "tree");
  EXPECT_EQ(read_text(tree.path() / "tree/runner/src/lib.rs"), "a\n");
  EXPECT_FALSE(std::filesystem::exists(tree.path() / "tree/runner/src/web.rs"));
  // The repository's own index and work tree are untouched.
  EXPECT_EQ(repository.git("status --porcelain"), "");
  EXPECT_EQ(timeline::resolve_commit(folder.path(), "main"), touched);
  EXPECT_PORTCHECK_ERROR(timeline::resolve_commit(folder.path(), "nope"), "has no commit named \"nope\"");
  EXPECT_PORTCHECK_ERROR(timeline::resolve_commit(folder.path(), "--all"), "is not a revision");
  EXPECT_PORTCHECK_ERROR(timeline::resolve_commit(tree.path(), "main"), "is not a git repository");
}

TEST(TimelineGit, TheWatchedFilesAreTheManifestsTheChannelsAndWhatTheCapturesRead) {
  const std::vector<std::string> specs = timeline::watched_pathspecs(source_dir());
  for (const char* expected :
       {"py/janitor/runner.py", "runner/src/lib.rs", "runner/src/*.rs", "src/api/worker.rs", "worker/src/client.rs",
        "py/janitor/site/api.py", "runner/src/watchdog.rs", "py/janitor/state.py"}) {
    EXPECT_NE(std::find(specs.begin(), specs.end(), expected), specs.end()) << expected;
  }
  TempDir project;
  copy_schemas(project.path());
  std::string manifest = read_text(project.path() / "schemas/manifest.json");
  const std::string contains = "\"py/janitor/runner.py\",";
  ASSERT_NE(manifest.find(contains), std::string::npos);
  manifest.replace(manifest.find(contains), contains.size(), "\"../outside\",");
  write_file(project.path() / "schemas/manifest.json", manifest);
  EXPECT_PORTCHECK_ERROR(timeline::watched_pathspecs(project.path()), "\"../outside\"");
}

/// A project (the committed schemas and fixtures) whose scripts/capture
/// copies the source tree's evidence/ folder, or fails when the tree has a
/// file named fail; and an upstream repository whose commits change it.
class TimelineProject : public testing::Test {
 protected:
  void SetUp() override {
    for (const char* folder : {"schemas", "fixtures", "reports"}) {
      std::filesystem::copy(source_dir() / folder, project.path() / folder, std::filesystem::copy_options::recursive);
    }
    write_file(project.path() / "scripts/capture",
               "#!/bin/sh\n# --source S --output O --timeout T\n"
               "if [ -e \"$2/fail\" ]; then echo 'ValueError: the runner moved on' >&2; exit 3; fi\n"
               "if [ -e \"$(dirname \"$0\")/../machine-broken\" ]; then\n"
               "  echo 'scripts/capture: cargo is missing: run scripts/setup' >&2; exit 2\n"
               "fi\n"
               "cp -R \"$2/evidence/.\" \"$4\"\n");
    std::filesystem::permissions(project.path() / "scripts/capture", std::filesystem::perms::owner_all);
    std::filesystem::create_directories(upstream.path() / "evidence");
    for (const char* side : {"python", "rust", "channels"}) {
      std::filesystem::copy(source_dir() / "fixtures" / side, upstream.path() / "evidence" / side,
                            std::filesystem::copy_options::recursive);
    }
  }
  CommandResult timeline(std::vector<std::string> extra) {
    std::vector<std::string> arguments{"timeline", "--source", upstream.path().string(), "--cache",
                                       (project.path() / "cache").string()};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_portcheck(arguments, project.path());
  }
  TempDir project;
  TempDir upstream;
};

TEST_F(TimelineProject, EachTouchingCommitIsAColumnItsFindingsOpenAndCloseAndTheCacheServesTheSecondRun) {
  ToyRepository repository(upstream.path());
  const std::string base = repository.commit({{"runner/src/lib.rs", "1\n"}}, "base");
  repository.commit({{"README", "unwatched\n"}}, "docs");
  // RunHealthStatus's definition is gone: the capture records it so.
  const std::filesystem::path capture = upstream.path() / "evidence/rust/capture.json";
  const std::string committed = read_text(capture);
  const CommandResult edited = shell(
      "python3 -c \"import json,sys; p=sys.argv[1]; d=json.load(open(p)); "
      "d['structures']['RunHealthStatus']={'outcome': 'definition-missing', 'reason': 'watchdog.rs lacks it'}; "
      "json.dump(d, open(p, 'w'), indent=2)\" '" +
      capture.string() + "'");
  ASSERT_EQ(edited.exit_code, 0) << edited.out;
  const std::string removed = repository.commit({{"runner/src/watchdog.rs", "gone\n"}}, "remove RunHealthStatus");
  const std::string failed = repository.commit({{"runner/src/lib.rs", "2\n"}, {"fail", ""}}, "broken");
  std::filesystem::remove(upstream.path() / "fail");
  write_file(capture, committed);
  const std::string restored = repository.commit({{"runner/src/watchdog.rs", "back\n"}}, "restore it");

  const CommandResult first = timeline({"--revs", base + "..main", "--format", "json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("4 revisions: 3 captured"), std::string::npos) << first.err;  // the docs commit is none
  const json::Document document = json::parse(first.out, "timeline");
  const auto& root = document.root();
  ASSERT_EQ(root["revisions"].Size(), 4U) << first.out;
  EXPECT_STREQ(root["revisions"][1]["subject"].GetString(), "remove RunHealthStatus");
  EXPECT_STREQ(root["revisions"][2]["capture"].GetString(), "failed");
  EXPECT_NE(std::string(root["revisions"][2]["failure"].GetString()).find("ValueError: the runner moved on"),
            std::string::npos);
  bool row_seen = false;
  for (const auto& row : root["rows"].GetArray()) {
    if (std::string(row["name"].GetString()) != "RunHealthStatus") continue;
    row_seen = true;
    EXPECT_STREQ(row["cells"][0]["status"].GetString(), "NO JSON");
    EXPECT_STREQ(row["cells"][1]["status"].GetString(), "definition-missing (rust)");
    EXPECT_EQ(row["cells"][1]["opened"].GetUint64(), 1U);
    EXPECT_TRUE(row["cells"][2].IsNull());
    EXPECT_EQ(row["cells"][3]["closed"].GetUint64(), 1U);
  }
  EXPECT_TRUE(row_seen);
  bool finding_seen = false;
  for (const auto& entry : root["findings"].GetArray()) {
    if (std::string(entry["rule"].GetString()) != "definition-missing") continue;
    finding_seen = true;
    EXPECT_EQ(std::string(entry["spans"][0]["opened"].GetString()), removed);
    EXPECT_EQ(std::string(entry["spans"][0]["closed"].GetString()), restored);
  }
  EXPECT_TRUE(finding_seen) << first.out;
  static_cast<void>(failed);

  // Again: every revision's evidence (and the failure) from the cache, the
  // same Markdown either way.
  const CommandResult markdown = timeline({"--revs", base + "..main", "--output", "timeline.md"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.err.find("0 captured in 0 s, 3 from the cache, 1 without evidence"), std::string::npos)
      << markdown.err;
  const std::string text = read_text(project.path() / "timeline.md");
  EXPECT_NE(text.find("| RunHealthStatus | NO JSON · "), std::string::npos) << text;
  EXPECT_NE(text.find("definition-missing (rust) · 1 finding, 1 breaking · +1 −0"), std::string::npos) << text;
  std::filesystem::remove_all(project.path() / "cache");
  const CommandResult again = timeline({"--revs", base + "..main", "--output", "again.md", "--quiet"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.err, "");
  EXPECT_EQ(read_text(project.path() / "again.md"), text);
}

// On a terminal, standard error shows the revision, the capture's step and
// the seconds; the line is erased at the end. Not on a log, nor with --quiet.
TEST_F(TimelineProject, ShowsEachRevisionsCaptureStepOnATerminal) {
  write_file(project.path() / "scripts/capture",
             "#!/bin/sh\necho 'progress: rust: writing ActiveRun' >&2\nsleep 1\ncp -R \"$2/evidence/.\" \"$4\"\n");
  std::filesystem::permissions(project.path() / "scripts/capture", std::filesystem::perms::owner_all);
  ToyRepository repository(upstream.path());
  const std::string base = repository.commit({{"runner/src/lib.rs", "1\n"}}, "base");
  const std::string short_base = base.substr(0, 8);
  const std::string command = "cd '" + project.path().string() + "' && '" + PORTCHECK_EXECUTABLE +
                              "' timeline --source '" + upstream.path().string() + "' --revs " + base +
                              "..main --output timeline.md --cache ";
  const CommandResult terminal = shell("script -qec \"" + command + "first\" /dev/null");
  EXPECT_EQ(terminal.exit_code, 0) << terminal.out;
  EXPECT_NE(terminal.out.find("\rtimeline 1/1 " + short_base + " ("), std::string::npos) << terminal.out;
  EXPECT_NE(terminal.out.find(": rust: writing ActiveRun"), std::string::npos) << terminal.out;
  EXPECT_NE(terminal.out.find("\r\033[K"), std::string::npos) << "the progress line is erased at the end";
  const CommandResult logged = shell(command + "second");
  EXPECT_EQ(logged.exit_code, 0) << logged.out;
  EXPECT_EQ(logged.out.find("\rtimeline"), std::string::npos) << logged.out;
  const CommandResult quiet = shell("script -qec \"" + command + "third --quiet\" /dev/null");
  EXPECT_EQ(quiet.out, "") << quiet.out;
}

// SIGTERM while a revision is captured: its processes stop, portcheck says
// so (exit 2), and neither its temporary folders nor a half cache entry stay.
TEST_F(TimelineProject, StoppedMidwayLeavesNoFolderAndNoCacheEntry) {
  write_file(project.path() / "scripts/capture", "#!/bin/sh\ntouch \"$(dirname \"$0\")/started\"\nsleep 61\n");
  std::filesystem::permissions(project.path() / "scripts/capture", std::filesystem::perms::owner_all);
  ToyRepository repository(upstream.path());
  const std::string base = repository.commit({{"runner/src/lib.rs", "1\n"}}, "base");
  TempDir temporary;
  const CommandResult result =
      shell("cd '" + project.path().string() + "'; TMPDIR='" + temporary.path().string() + "' '" +
            PORTCHECK_EXECUTABLE + "' timeline --source '" + upstream.path().string() + "' --revs " + base +
            "..main --cache cache 2>timeline.err & pid=$!; "
            "tries=0; while [ ! -e scripts/started ] && [ $tries -lt 600 ]; do sleep 0.1; tries=$((tries + 1)); done; "
            "kill -TERM $pid; wait $pid; echo \"exit $?\"");
  const std::string errors = read_text(project.path() / "timeline.err");
  EXPECT_NE(errors.find("interrupted (signal 15)"), std::string::npos) << errors;
  EXPECT_NE(result.out.find("exit 2"), std::string::npos) << result.out;
  EXPECT_TRUE(std::filesystem::is_empty(temporary.path())) << "a temporary folder outlived the timeline";
  EXPECT_TRUE(std::filesystem::is_empty(project.path() / "cache")) << "a cache entry was left half written";
  EXPECT_EQ(shell("pgrep -fx 'sleep 61'").out, "") << "a process of the capture outlived it";
}

// A capture that failed because of the machine (a tool missing) is not kept
// in the cache, as one that failed because of the tree is: the next run
// captures the revision again. Entries a killed timeline left half-written
// are removed when their process is gone, and only then.
TEST_F(TimelineProject, TheCacheKeepsTheTreesFailuresNotTheMachinesAndNoAbandonedEntry) {
  ToyRepository repository(upstream.path());
  const std::string base = repository.commit({{"runner/src/lib.rs", "1\n"}}, "base");
  repository.commit({{"runner/src/lib.rs", "2\n"}}, "two");
  const std::filesystem::path cache = project.path() / "cache";
  std::filesystem::create_directories(cache / ".staged-999999999-0");
  const std::filesystem::path live = cache / (".staged-" + std::to_string(::getpid()) + "-0");
  std::filesystem::create_directories(live);
  write_file(project.path() / "machine-broken", "");
  const CommandResult broken = timeline({"--revs", base + "..main", "--format", "json"});
  // Not a timeline of the upstream: exit 2, nothing written, and why.
  ASSERT_EQ(broken.exit_code, 2) << broken.err;
  EXPECT_EQ(broken.out, "");
  EXPECT_NE(broken.err.find("2 of 2 revisions could not be captured on this machine, so no timeline is written"),
            std::string::npos)
      << broken.err;
  EXPECT_NE(broken.err.find("not kept in the cache: the machine failed, not the tree"), std::string::npos)
      << broken.err;
  EXPECT_FALSE(std::filesystem::exists(cache / ".staged-999999999-0"));
  EXPECT_TRUE(std::filesystem::exists(live));
  std::filesystem::remove(project.path() / "machine-broken");
  const CommandResult mended = timeline({"--revs", base + "..main", "--format", "json"});
  ASSERT_EQ(mended.exit_code, 0) << mended.err;
  EXPECT_NE(mended.err.find("2 revisions: 2 captured"), std::string::npos) << mended.err;
}

// A subject with an ESC sequence once reached the JSON raw (invalid JSON),
// and the Markdown and HTML too.
TEST_F(TimelineProject, ASubjectsControlCharactersAreWrittenEscapedInEveryFormat) {
  ToyRepository repository(upstream.path());
  const std::string base = repository.commit({{"runner/src/lib.rs", "1\n"}}, "base");
  repository.commit({{"runner/src/lib.rs", "2\n"}}, "red \x1b[31m bell \x07 end");
  for (const char* format : {"json", "markdown", "html"}) {
    const CommandResult result = timeline({"--revs", base + "..main", "--format", format});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out.find('\x1b'), std::string::npos) << format;
    EXPECT_EQ(result.out.find('\x07'), std::string::npos) << format;
    if (std::string(format) != "json") {
      EXPECT_NE(result.out.find("red \\x1b[31m bell"), std::string::npos) << format << "\n" << result.out;
    } else {
      EXPECT_STREQ(json::parse(result.out, "timeline").root()["revisions"][1]["subject"].GetString(),
                   "red \\x1b[31m bell \\x07 end");
    }
  }
}

TEST_F(TimelineProject, WrongInputsAreClearErrorsWithExitTwo) {
  ToyRepository repository(upstream.path());
  const std::string base = repository.commit({{"runner/src/lib.rs", "1\n"}}, "base");
  repository.commit({{"runner/src/lib.rs", "2\n"}}, "two");
  repository.commit({{"runner/src/lib.rs", "3\n"}}, "three");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--revs", base}, "is not a range: give BASE..TIP"},
      {{"--revs", "nope..main"}, "has no commit named \"nope\""},
      {{"--revs", base + "..main", "--max-revisions", "2"}, "the range selects 3 revisions"},
      // The manifest's pin is no commit of this repository.
      {{}, "has no commit named \"49c3af7f00f2202a4679661586e13ce030807494\""},
  };
  for (const auto& [arguments, message] : cases) {
    const CommandResult result = timeline(arguments);
    EXPECT_EQ(result.exit_code, 2) << result.out;
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
    EXPECT_EQ(result.out, "");
  }
  // An --output that cannot be written is said before any capture runs.
  write_file(project.path() / "blocker", "");
  const CommandResult blocked = timeline({"--revs", base + "..main", "--output", "blocker/timeline.md"});
  EXPECT_EQ(blocked.exit_code, 2);
  EXPECT_NE(blocked.err.find("is not a folder, so"), std::string::npos) << blocked.err;
  EXPECT_FALSE(std::filesystem::exists(project.path() / "cache")) << "a capture ran before the error";
  const CommandResult not_git = run_portcheck({"timeline", "--source", project.path().string()}, project.path());
  EXPECT_EQ(not_git.exit_code, 2);
  EXPECT_NE(not_git.err.find("is not a git repository"), std::string::npos) << not_git.err;
  const CommandResult no_source = run_portcheck({"timeline"}, project.path());
  EXPECT_EQ(no_source.exit_code, 2);
  EXPECT_NE(no_source.err.find("--source is required"), std::string::npos) << no_source.err;
}

}  // namespace
}  // namespace portcheck::test
