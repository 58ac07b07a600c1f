// Capture from the real runners: the committed evidence is what the upstream
// source gives, a change in that source is named, and a missing source is a
// clear error. The tests that need the source skip without PORTCHECK_UPSTREAM.

#include <sys/wait.h>

#include <chrono>
#include <map>
#include <set>

#include "json/document.hpp"
#include "schema/manifest.hpp"
#include "test_support.hpp"

namespace portcheck::test {
namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::set<std::string> files_under(const std::filesystem::path& folder) {
  std::set<std::string> files;
  if (!std::filesystem::exists(folder)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) files.insert(entry.path().lexically_relative(folder).generic_string());
  }
  return files;
}

/// Runs a shell command, returning its exit code; output goes to `log`.
int run(const std::string& command, const std::filesystem::path& log) {
  const int status = std::system((command + " >" + quoted(log) + " 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/// A copy of the upstream snapshot under `folder`, to edit: the snapshot is
/// read-only, its copy must be editable and removable.
std::filesystem::path editable_copy_of_upstream(const std::filesystem::path& folder) {
  const std::filesystem::path copy = folder / "janitor";
  std::filesystem::copy(*upstream_source(), copy, std::filesystem::copy_options::recursive);
  std::filesystem::permissions(copy, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(copy)) {
    std::filesystem::permissions(entry.path(), std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  }
  return copy;
}

TEST(CaptureFromSource, CommittedEvidenceIsWhatAFreshCaptureGives) {
  REQUIRE_UPSTREAM();
  const TempDir fresh;
  const int code = run(quoted(source_dir() / "scripts/capture") + " --source " + quoted(*upstream_source()) +
                           " --output " + quoted(fresh.path()),
                       fresh.path() / "log");
  ASSERT_EQ(code, 0) << read_text(fresh.path() / "log");
  std::vector<std::string> stale;
  const schema::Manifest manifest = schema::load_manifest(source_dir() / "schemas");
  std::size_t captured = 0;
  // Every captured side's folder, and the channels captured beside them.
  std::vector<std::string> folders;
  for (const schema::Side& captured_side : manifest.sides) {
    if (captured_side.capture_tool.empty()) continue;
    ++captured;
    folders.push_back(captured_side.name);
  }
  folders.push_back("channels");
  for (const std::string& side : folders) {
    const auto generated = files_under(fresh.path() / side);
    const auto committed = files_under(source_dir() / "fixtures" / side);
    for (const auto& file : generated) {
      if (!committed.contains(file)) {
        stale.push_back("missing: fixtures/" + side + "/" + file);
      } else if (read_text(fresh.path() / side / file) != read_text(source_dir() / "fixtures" / side / file)) {
        stale.push_back("differs: fixtures/" + side + "/" + file);
      }
    }
    for (const auto& file : committed) {
      if (!generated.contains(file)) stale.push_back("not captured: fixtures/" + side + "/" + file);
    }
  }
  EXPECT_GE(captured, 2U) << "the manifest names the capture tools of both runners";
  std::string report;
  for (const auto& line : stale) report += "  " + line + "\n";
  EXPECT_TRUE(stale.empty()) << "stale evidence; run scripts/capture and commit the result:\n" << report;
}

TEST(CaptureFromSource, CheckWithSourceNamesWhatTheChangedCodeWritesAndReadsDifferently) {
  REQUIRE_UPSTREAM();
  const TempDir work;
  const std::filesystem::path changed = editable_copy_of_upstream(work.path());
  // The Python runner starts writing "vcs" as a copy and adds a key.
  std::string runner = read_text(changed / "py/janitor/runner.py");
  const std::string before = "\"vcs\": self.vcs_info,";
  ASSERT_NE(runner.find(before), std::string::npos);
  runner.replace(runner.find(before), before.size(), "\"vcs\": self.vcs_info, \"finish_time\": None,");
  write_file(changed / "py/janitor/runner.py", runner);

  const CommandResult result = run_portcheck({"check", "--source", changed.string(), "--quiet"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("fixtures/python/ActiveRun/all-fields-set.json: error: the real code now writes it "
                            "differently"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("py/janitor/runner.py (sha256 "), std::string::npos) << result.out;
  // Only Python changed: no Rust fixture is named.
  EXPECT_EQ(result.out.find("fixtures/rust/ActiveRun/all-fields-set.json"), std::string::npos) << result.out;
}

TEST(CaptureFromSource, ARouteAddedUpstreamIsDriftNamedByTheGate) {
  REQUIRE_UPSTREAM();
  const TempDir work;
  const std::filesystem::path changed = editable_copy_of_upstream(work.path());
  // The Rust runner's internal router gains the assign route it lacked.
  std::string web = read_text(changed / "runner/src/web.rs");
  const std::string before = ".route(\"/active-runs\", get(get_active_runs))";
  ASSERT_NE(web.find(before), std::string::npos);
  web.replace(web.find(before), before.size(), ".route(\"/active-runs\", get(get_active_runs).post(public_assign))");
  write_file(changed / "runner/src/web.rs", web);

  const CommandResult result = run_portcheck({"check", "--source", changed.string(), "--quiet"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("fixtures/channels/channels.json: error: the channels read from the source changed"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("routes added: rust POST /active-runs"), std::string::npos) << result.out;
}

TEST(CaptureFromSource, LinesThatOnlyMovePassWithANotice) {
  REQUIRE_UPSTREAM();
  const TempDir work;
  const std::filesystem::path changed = editable_copy_of_upstream(work.path());
  for (const auto& [file, comment] : {std::pair{"py/janitor/runner.py", "# moved\n"},
                                      std::pair{"runner/src/lib.rs", "// moved\n"},
                                      std::pair{"runner/src/web.rs", "// moved\n"}}) {
    write_file(changed / file, comment + read_text(changed / file));
  }
  const CommandResult result = run_portcheck({"check", "--source", changed.string()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("fixtures/channels/channels.json: notice: only lines and file hashes moved"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("fixtures/python/capture.json: notice: only lines and file hashes moved"),
            std::string::npos)
      << result.out;
}

/// Cuts RunHealthStatus's declaration (with its doc comment and derive)
/// out of the copy's runner/src/watchdog.rs, and returns it.
std::string cut_run_health_status(const std::filesystem::path& copy) {
  std::string watchdog = read_text(copy / "runner/src/watchdog.rs");
  const std::size_t start = watchdog.find("/// Detailed health status for a specific run.");
  const std::size_t end = watchdog.find("\n}", start);
  EXPECT_NE(start, std::string::npos);
  EXPECT_NE(end, std::string::npos);
  if (start == std::string::npos || end == std::string::npos) return "";
  const std::string declaration = watchdog.substr(start, end + 2 - start);
  watchdog.erase(start, end + 2 - start);
  write_file(copy / "runner/src/watchdog.rs", watchdog);
  return declaration;
}

TEST(CaptureFromSource, ADefinitionTheTreeNoLongerHasIsItsStructuresOutcomeAndTheRestIsCompared) {
  REQUIRE_UPSTREAM();
  const TempDir work;
  const std::filesystem::path changed = editable_copy_of_upstream(work.path());
  // Rust: RunHealthStatus is gone. Python: DebianResult is renamed, so
  // janitor.runner no longer defines the class the manifest names.
  ASSERT_FALSE(cut_run_health_status(changed).empty());
  std::string runner = read_text(changed / "py/janitor/runner.py");
  std::size_t renamed = 0;
  for (std::size_t at = runner.find("DebianResult"); at != std::string::npos; at = runner.find("DebianResult", at)) {
    runner.replace(at, 12, "DebianBuildResult");
    at += 17;
    ++renamed;
  }
  ASSERT_GE(renamed, 2U);
  write_file(changed / "py/janitor/runner.py", runner);

  const CommandResult result = run_portcheck({"check", "--source", changed.string()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  // Each missing definition is named with its reason...
  EXPECT_NE(result.out.find("rust RunHealthStatus: definition-missing: runner/src/watchdog.rs no longer defines "
                            "RunHealthStatus, and no other file of the manifest's crates does"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("python DebianResult: definition-missing: janitor.runner no longer defines DebianResult"),
            std::string::npos)
      << result.out;
  // ...as a finding of the recaptured evidence...
  EXPECT_NE(result.out.find("notice: RunHealthStatus.(rust): definition-missing (breaking) is new with the "
                            "recaptured evidence"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("notice: DebianResult.(python): definition-missing (breaking) is new"), std::string::npos)
      << result.out;
  // ...and every other structure was captured as before: only DebianResult's
  // Python fixtures are no longer produced, no other fixture changed.
  EXPECT_NE(result.out.find("fixtures/python/DebianResult/all-fields-set.json: error: the real code no longer "
                            "produces it"),
            std::string::npos)
      << result.out;
  for (const std::string other : {"fixtures/python/ActiveRun/", "fixtures/rust/ActiveRun/", "fixtures/rust/DebianResult/",
                                  "fixtures/rust/WorkerResult/", "fixtures/python/JanitorResult/", "capture-failed"}) {
    EXPECT_EQ(result.out.find(other), std::string::npos) << other << "\n" << result.out;
  }
}

TEST(CaptureFromSource, ADefinitionMovedIsCapturedFromThereAndOneItsBuilderNoLongerFitsIsLeftOut) {
  REQUIRE_UPSTREAM();
  const TempDir work;
  const std::filesystem::path changed = editable_copy_of_upstream(work.path());
  const std::string declaration = cut_run_health_status(changed);
  ASSERT_FALSE(declaration.empty());
  // RunHealthStatus moves to lib.rs; ResultTarget gains a field, which the
  // capture's builder (`ResultTarget { name, details }`) does not set: it no
  // longer fits, though the runner itself (which never builds one) still builds.
  std::string lib = read_text(changed / "runner/src/lib.rs");
  const std::string name = "pub struct ResultTarget {\n    /// Name of the target.\n    pub name: String,";
  ASSERT_NE(lib.find(name), std::string::npos);
  lib.replace(lib.find(name), name.size(), name + "\n    pub branch: Option<String>,");
  write_file(changed / "runner/src/lib.rs", lib + "\n" + declaration + "\n");

  // In JSON: every message whole (the text shortens long ones).
  const CommandResult result = run_portcheck({"check", "--source", changed.string(), "--format", "json"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  for (const std::string expected :
       {"rust RunHealthStatus: definition-moved: RunHealthStatus moved from runner/src/watchdog.rs to runner/src/lib.rs:",
        "RunHealthStatus.(rust): definition-moved (info) is new with the recaptured evidence",
        "rust ResultTarget: definition-changed: the capture's builder no longer fits the declaration: error[E0063]: "
        "missing field `branch`",
        "ResultTarget.(rust): definition-changed (breaking) is new with the recaptured evidence",
        "fixtures/rust/ResultTarget/debian.json"}) {
    EXPECT_NE(result.out.find(expected), std::string::npos) << expected << "\n" << result.out;
  }
  // Everything else was captured as before.
  for (const std::string other : {"definition-missing", "capture-failed", "fixtures/rust/ActiveRun/",
                                  "fixtures/rust/ResultRemote/", "fixtures/python/"}) {
    EXPECT_EQ(result.out.find(other), std::string::npos) << other << "\n" << result.out;
  }
}

TEST(CaptureFromSource, ADefinitionTheChannelsNeedIsTheChannelsOutcomeAndTheStructuresAreStillCompared) {
  REQUIRE_UPSTREAM();
  const TempDir work;
  const std::filesystem::path changed = editable_copy_of_upstream(work.path());
  // The Rust runner no longer defines ActiveRun (as on janitor's main branch):
  // the channels are built from it, and JanitorResult's fixtures from the
  // finish path on the worker's uploads.
  std::string lib = read_text(changed / "runner/src/lib.rs");
  const std::size_t start = lib.find("/// Information about an active run.\n#[derive(");
  const std::size_t end = lib.find("\n}\n", lib.find("pub struct ActiveRun {"));
  ASSERT_NE(start, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  lib.erase(start, end + 3 - start);
  write_file(changed / "runner/src/lib.rs", lib);

  const CommandResult result = run_portcheck({"check", "--source", changed.string()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("rust ActiveRun: definition-missing: runner/src/lib.rs no longer defines ActiveRun"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("channels: definition-missing: the channels were not captured: runner/src/lib.rs: "
                            "cannot find ActiveRun"),
            std::string::npos)
      << result.out;
  for (const std::string notice : {"notice: ActiveRun.(rust): definition-missing (breaking) is new",
                                   "notice: JanitorResult.(rust): definition-missing (breaking) is new",
                                   "notice: JanitorResult.(python): definition-missing (breaking) is new"}) {
    EXPECT_NE(result.out.find(notice), std::string::npos) << notice << "\n" << result.out;
  }
  // The structures that need neither were captured and compared as before.
  for (const std::string other : {"fixtures/rust/VcsInfo/", "fixtures/python/VcsInfo/", "fixtures/rust/QueueItem/",
                                  "fixtures/python/ActiveRun/", "fixtures/rust/DebianResult/", "capture-failed"}) {
    EXPECT_EQ(result.out.find(other), std::string::npos) << other << "\n" << result.out;
  }
}

// A document that is not an object: the real readers (Python's from_json,
// which calls .get on it, and serde's derive) refuse it, and scan says so.
TEST(CaptureFromSource, ANonObjectDocumentIsUnreadableByEveryRealReaderAsScanSays) {
  REQUIRE_UPSTREAM();
  const TempDir work;
  const std::map<std::string, std::string> documents{
      {"a-list", "[1]\n"}, {"a-number", "5\n"}, {"a-string", "\"x\"\n"}, {"null", "null\n"}};
  for (const auto& [name, text] : documents) write_file(work.path() / "fixtures/python/WorkerResult" / (name + ".json"), text);
  for (const std::string side : {"python", "rust"}) {
    const std::filesystem::path verdicts = work.path() / (side + "-verdicts.json");
    // As scripts/capture runs it: in the sandbox, the crate's lock file
    // resolved outside it (the project is read-only inside).
    const int code = run("mkdir -p " + quoted(source_dir() / "build/capture-rust") + " && cd " +
                             quoted(source_dir() / "fixtures/capture/rust") +
                             " && cargo generate-lockfile --offline --quiet && " +
                             quoted(source_dir() / "scripts/sandbox") + " --read " + quoted(*upstream_source()) +
                             " --write " + quoted(work.path()) + " --write " + quoted(source_dir() / "build/capture-rust") +
                             " -- " + quoted(source_dir() / "fixtures/capture" / side / "run") + " read --source " +
                             quoted(*upstream_source()) + " --manifest " + quoted(source_dir() / "schemas/manifest.json") +
                             " --fixtures " + quoted(work.path() / "fixtures") + " --output " + quoted(verdicts),
                         work.path() / "log");
    ASSERT_EQ(code, 0) << read_text(work.path() / "log");
    const json::Document record = json::load_file(verdicts);
    const rapidjson::Value& judged = record.root()["structures"]["WorkerResult"]["verdicts"];
    for (const auto& [name, text] : documents) {
      const std::string key = "python/WorkerResult/" + name + ".json";
      ASSERT_TRUE(judged.HasMember(key.c_str())) << side << " did not judge " << key;
      EXPECT_STREQ(judged[key.c_str()]["outcome"].GetString(), "refused") << side << " on " << key;
      const CommandResult scan = run_portcheck({"scan", "--side", side, "--structure", "WorkerResult", "-"},
                                               source_dir(), text);
      EXPECT_NE(scan.out.find("readable by the " + side + " reader: 0"), std::string::npos) << key << "\n" << scan.out;
    }
  }
}

/// Python run at the import of janitor.runner: it tries to write outside its
/// work folder, reads its environment and opens a connection, prints what
/// happened, then ends the capture.
std::string sandbox_probe(const std::filesystem::path& outside, int port) {
  return "\n# portcheck test: what the capture's sandbox lets this code do\n"
         "import os as _os, socket as _socket, sys as _sys\n"
         "for _target in (" +
         std::string("'") + (outside / "escaped").string() + "', '" + (source_dir() / "escaped-from-capture").string() +
         "', __file__ + '.escaped'):\n"
         "    try:\n"
         "        open(_target, 'w').write('out')\n"
         "        print('sandbox-probe: wrote', _target, file=_sys.stderr)\n"
         "    except OSError as _error:\n"
         "        print('sandbox-probe: cannot write', _target, type(_error).__name__, file=_sys.stderr)\n"
         "print('sandbox-probe: environment', sorted(_os.environ), file=_sys.stderr)\n"
         "try:\n"
         "    _socket.create_connection(('127.0.0.1', " +
         std::to_string(port) +
         "), timeout=5).close()\n"
         "    print('sandbox-probe: connected', file=_sys.stderr)\n"
         "except OSError as _error:\n"
         "    print('sandbox-probe: cannot connect', type(_error).__name__, file=_sys.stderr)\n"
         "raise SystemExit('sandbox-probe: done')\n";
}

TEST(CaptureFromSource, TheUpstreamsCodeRunsInASandboxAndStopsAtTheTimeout) {
  REQUIRE_UPSTREAM();
  const TempDir work;
  const std::filesystem::path copy = editable_copy_of_upstream(work.path());
  const std::filesystem::path outside = work.path() / "outside";
  std::filesystem::create_directories(outside);
  // A server the probe tries to reach on this machine's loopback.
  const CommandResult server = shell("python3 -c 'import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); "
                                     "print(s.getsockname()[1])'");
  ASSERT_EQ(server.exit_code, 0);
  const int port = std::stoi(server.out);
  const std::string listen = "python3 -c 'import socket, time; s = socket.socket(); "
                             "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((\"127.0.0.1\", " +
                             std::to_string(port) + ")); s.listen(); time.sleep(600)' & listener=$!; ";
  const std::string runner = read_text(copy / "py/janitor/runner.py");
  write_file(copy / "py/janitor/runner.py", runner + sandbox_probe(outside, port));
  const std::filesystem::path log = work.path() / "log";
  const int code = run("{ " + listen + "sleep 1; PORTCHECK_TEST_SECRET=s3cret " +
                           quoted(source_dir() / "scripts/capture") + " --source " + quoted(copy) + " --output " +
                           quoted(work.path() / "out") + "; status=$?; kill $listener; exit $status; }",
                       log);
  const std::string text = read_text(log);
  EXPECT_NE(code, 0) << "the probe ends the capture\n" << text;
  for (const std::filesystem::path& target :
       {outside / "escaped", source_dir() / "escaped-from-capture", copy / "py/janitor/runner.py.escaped"}) {
    EXPECT_FALSE(std::filesystem::exists(target)) << target << " was written from inside the sandbox\n" << text;
    std::filesystem::remove(target);
  }
  EXPECT_NE(text.find("sandbox-probe: cannot write " + (source_dir() / "escaped-from-capture").string() + " OSError"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sandbox-probe: cannot connect"), std::string::npos) << "no network\n" << text;
  EXPECT_NE(text.find("sandbox-probe: environment ["), std::string::npos) << text;
  EXPECT_EQ(text.find("PORTCHECK_TEST_SECRET"), std::string::npos) << "a cleared environment\n" << text;
  EXPECT_FALSE(std::filesystem::exists(work.path() / "out")) << "nothing installed from a failed capture";

  // The same upstream looping forever: check --source ends at its timeout,
  // with no process of the capture and nothing in its temporary folder left.
  write_file(copy / "py/janitor/runner.py", runner + "\nwhile True:\n    pass\n");
  std::filesystem::create_directories(work.path() / "tmp");
  const auto started = std::chrono::steady_clock::now();
  const CommandResult check = shell("cd " + quoted(source_dir()) + " && TMPDIR=" + quoted(work.path() / "tmp") + " " +
                                    quoted(PORTCHECK_EXECUTABLE) + " check --source " + quoted(copy) +
                                    " --capture-timeout 20");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(90));
  EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
  EXPECT_NE(check.out.find("did not end within 20 s"), std::string::npos) << check.out;
  // [/]tmp/...: the pattern does not match pgrep's own shell.
  const std::string pattern = "[" + copy.string().substr(0, 1) + "]" + copy.string().substr(1);
  EXPECT_EQ(shell("pgrep -f " + quoted(std::filesystem::path(pattern))).out, "")
      << "a process of the capture outlived it";
  EXPECT_TRUE(std::filesystem::is_empty(work.path() / "tmp")) << "a temporary folder outlived the capture";
}

TEST(CaptureFromSource, CheckWithTheSnapshotPasses) {
  REQUIRE_UPSTREAM();
  const CommandResult result = run_portcheck({"check", "--source", upstream_source()->string(), "--quiet"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

/// A cell of a timeline's JSON: the row's cell at a column.
const rapidjson::Value& timeline_cell(const json::Document& timeline, const std::string& row, std::size_t column) {
  for (const auto& entry : timeline.root()["rows"].GetArray()) {
    if (entry["name"].GetString() == row) return entry["cells"][static_cast<rapidjson::SizeType>(column)];
  }
  throw std::runtime_error("the timeline has no row " + row);
}

// portcheck timeline on a repository built from the snapshot: the base, then
// commits that move lines, rename a key, add a route and remove a struct;
// each is a column, and what each opens and closes is where it happened.
TEST(CaptureFromSource, TimelineOfARepositoryBuiltFromTheSnapshot) {
  REQUIRE_UPSTREAM();
  const TempDir work;
  const std::filesystem::path repository = editable_copy_of_upstream(work.path());
  const auto git = [&](const std::string& arguments) {
    const CommandResult result = shell("git -C " + quoted(repository) + " -c user.name=t -c user.email=t@example.org " +
                                       arguments);
    EXPECT_EQ(result.exit_code, 0) << arguments << ": " << result.out;
    std::string out = result.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  };
  const auto commit = [&](const std::string& subject) {
    git("add -A");
    git("commit -q -m '" + subject + "'");
    return git("rev-parse HEAD");
  };
  const auto edit = [&](const std::string& file, const std::string& before, const std::string& after) {
    std::string text = read_text(repository / file);
    ASSERT_NE(text.find(before), std::string::npos) << file << ": " << before;
    text.replace(text.find(before), before.size(), after);
    write_file(repository / file, text);
  };
  git("init -q -b main .");
  const std::string base = commit("the snapshot");
  for (const char* file : {"py/janitor/runner.py", "runner/src/lib.rs", "runner/src/web.rs"}) {
    write_file(repository / file, std::string(file[0] == 'p' ? "# moved\n" : "// moved\n") + read_text(repository / file));
  }
  commit("move lines");
  edit("runner/src/lib.rs",
       "    /// Optional finish time.\n    pub finish_time: Option<DateTime<Utc>>,\n    /// Optional estimated duration.",
       "    /// Optional finish time.\n    #[serde(rename = \"finished_at\")]\n    pub finish_time: Option<DateTime<Utc>>,\n"
       "    /// Optional estimated duration.");
  const std::string renamed = commit("rename ActiveRun.finish_time on the wire");
  edit("runner/src/web.rs", ".route(\"/active-runs\", get(get_active_runs))",
       ".route(\"/active-runs\", get(get_active_runs).post(public_assign))");
  const std::string routed = commit("add the assign route");
  cut_run_health_status(repository);
  const std::string removed = commit("remove RunHealthStatus");

  const auto started = std::chrono::steady_clock::now();
  const CommandResult result = run_portcheck({"timeline", "--source", repository.string(), "--revs", base + "..main",
                                              "--cache", (work.path() / "cache").string(), "--format", "json"});
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("5 revisions: 5 captured"), std::string::npos) << result.err;
  const json::Document timeline = json::parse(result.out, "timeline");
  ASSERT_EQ(timeline.root()["revisions"].Size(), 5U);
  // The base gives the committed findings.
  const json::Document report = json::load_file(source_dir() / "reports/compatibility.json");
  std::size_t at_base = 0;
  for (const auto& finding : timeline.root()["findings"].GetArray()) {
    at_base += finding["spans"][0]["opened"].IsNull() ? 1 : 0;
  }
  EXPECT_EQ(at_base, report.root()["findings"].Size());
  // Lines that moved open and close nothing.
  for (const auto& row : timeline.root()["rows"].GetArray()) {
    const auto& moved = row["cells"][1];
    EXPECT_EQ(moved["opened"].GetUint64() + moved["closed"].GetUint64() + moved["changed"].GetUint64(), 0U)
        << row["name"].GetString();
  }
  // Each change shows at its own revision, in its own row.
  const rapidjson::Value& active_run = timeline_cell(timeline, "ActiveRun", 2);
  // Rust writes finished_at: finish_time's findings occur in other scenarios.
  EXPECT_GT(active_run["changed"].GetUint64(), 0U) << result.out;
  EXPECT_GT(timeline_cell(timeline, "routes", 3)["closed"].GetUint64(), 0U) << result.out;
  EXPECT_STREQ(timeline_cell(timeline, "RunHealthStatus", 4)["status"].GetString(), "definition-missing (rust)");
  bool missing = false;
  bool route = false;
  for (const auto& finding : timeline.root()["findings"].GetArray()) {
    const auto& span = finding["spans"][0];
    if (std::string(finding["id"].GetString()).starts_with("RunHealthStatus/") &&
        std::string(finding["rule"].GetString()) == "definition-missing") {
      missing = span["opened"].IsString() && span["opened"].GetString() == removed && span["closed"].IsNull();
    }
    if (std::string(finding["structure"].GetString()) == "routes" && span["closed"].IsString() &&
        span["closed"].GetString() == routed) {
      route = true;
    }
    if (span["opened"].IsString() && span["opened"].GetString() == renamed) {
      EXPECT_EQ(std::string(finding["structure"].GetString()), "ActiveRun") << finding["id"].GetString();
    }
  }
  EXPECT_TRUE(missing) << result.out;
  EXPECT_TRUE(route) << result.out;

  // Again from the cache: nothing is captured, and it takes a fraction.
  const auto again_started = std::chrono::steady_clock::now();
  const CommandResult again = run_portcheck({"timeline", "--source", repository.string(), "--revs", base + "..main",
                                             "--cache", (work.path() / "cache").string()});
  const auto again_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - again_started).count();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("0 captured in 0 s, 5 from the cache"), std::string::npos) << again.err;
  EXPECT_NE(again.out.find("| RunHealthStatus | NO JSON · "), std::string::npos) << again.out;
  std::printf("timeline of 5 revisions: %.1f s captured, %.1f s from the cache\n", seconds, again_seconds);
}

TEST(CaptureWithoutSource, SaysWhatIsMissingAndExitsTwo) {
  const TempDir work;
  const int code = run("env -u PORTCHECK_UPSTREAM " + quoted(source_dir() / "scripts/capture") + " --output " +
                           quoted(work.path() / "out"),
                       work.path() / "log");
  EXPECT_EQ(code, 2);
  const std::string log = read_text(work.path() / "log");
  EXPECT_NE(log.find("no upstream source: pass --source DIR or set PORTCHECK_UPSTREAM"), std::string::npos) << log;
  EXPECT_NE(log.find("git clone https://github.com/jelmer/janitor janitor && git -C janitor checkout "
                     "49c3af7f00f2202a4679661586e13ce030807494"),
            std::string::npos)
      << log;
  EXPECT_FALSE(std::filesystem::exists(work.path() / "out"));
}

TEST(CaptureWithoutSource, RefusesAFolderThatIsNoJanitorCheckout) {
  const TempDir work;
  const int code = run(quoted(source_dir() / "scripts/capture") + " --source " + quoted(work.path()) + " --output " +
                           quoted(work.path() / "out"),
                       work.path() / "log");
  EXPECT_EQ(code, 2);
  EXPECT_NE(read_text(work.path() / "log").find("is not a checkout of https://github.com/jelmer/janitor"),
            std::string::npos)
      << read_text(work.path() / "log");
  const CommandResult check = run_portcheck({"check", "--source", (work.path() / "absent").string()});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_NE(check.err.find("is not a folder"), std::string::npos) << check.err;
}

}  // namespace
}  // namespace portcheck::test
