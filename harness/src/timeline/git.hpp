#pragma once
/// What `portcheck timeline` asks of a git repository: which commits of a
/// range touched some files, what each is, and its tree in a folder. Git runs
/// without a shell, reads the repository and writes nothing into it.

#include <filesystem>
#include <string>
#include <vector>

namespace portcheck::timeline {

/// One commit, as a column of the timeline names it.
struct Revision {
  std::string commit;        ///< the full hash
  std::string short_commit;  ///< its first 8 hex digits
  std::string date;          ///< the author date, YYYY-MM-DD, as git log shows it
  std::string subject;       ///< the first line of its message
};

/// Runs `git -C REPOSITORY ARGUMENTS...` and returns its standard output.
/// Throws portcheck::Error with git's own message (its last lines of
/// standard error) when git cannot run or fails.
std::string run_git(const std::filesystem::path& repository, const std::vector<std::string>& arguments);

/// The full hash of a commit named by a hash, branch or tag. Throws
/// portcheck::Error naming it when the repository has no such commit.
std::string resolve_commit(const std::filesystem::path& repository, const std::string& name);

/// The commit with its short hash, date and subject.
Revision describe_commit(const std::filesystem::path& repository, const std::string& commit);

/// The commits reachable from `tip` but not from `base` that changed a path
/// matching one of `pathspecs` (git's glob pathspecs), oldest first.
std::vector<std::string> commits_touching(const std::filesystem::path& repository, const std::string& base,
                                          const std::string& tip, const std::vector<std::string>& pathspecs);

/// The files of the commit's tree matching `pathspecs`, sorted.
std::vector<std::string> files_matching(const std::filesystem::path& repository, const std::string& commit,
                                        const std::vector<std::string>& pathspecs);

/// Writes the commit's whole tree, file contents as committed, into
/// `target` (an empty folder), through a temporary index beside it: the
/// repository's own index, work tree and refs are not touched.
void export_tree(const std::filesystem::path& repository, const std::string& commit,
                 const std::filesystem::path& target);

}  // namespace portcheck::timeline
