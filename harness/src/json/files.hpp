#pragma once
/// Writing files so that nothing is ever left half-written, mixed with another
/// writer's output, or written through a link.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace portcheck::json {

/// Writes a set of files as one: under the lock of the folder that holds them
/// all, each file goes to a new temporary file beside its target (created
/// exclusively, never through a link) and is flushed to disk; then a journal
/// naming every rename is written, the renames are made, and the journal is
/// removed. A writer killed before the journal leaves the old set (its
/// temporaries are removed by the next writer); one killed after it leaves a
/// journal that the next writer or `complete_interrupted_writes` finishes,
/// giving the new set. Throws portcheck::Error naming the file that could not
/// be written; then no target is replaced.
void write_files_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files);

inline void write_file_atomically(const std::filesystem::path& target, const std::string& contents) {
  write_files_atomically({{target, contents}});
}

/// Checks, before any long work, that `target` could be written: it is not a
/// folder, the path to it has no file in the way (its folder is created),
/// and its folder can be written into. Throws portcheck::Error naming the
/// part in the way, as write_files_atomically would only at the end.
void prepare_to_write(const std::filesystem::path& target);

/// Finishes a set of renames that a killed writer left in `folder`'s journal,
/// and removes temporary files such a writer left there. Returns whether a
/// journal was finished. Takes the folder's lock.
bool complete_interrupted_writes(const std::filesystem::path& folder);

/// An exclusive lock on a folder that portcheck writes into, held until the
/// object is destroyed: a second portcheck writing into the same folder waits
/// (saying so on standard error) rather than interleaving. A process may take
/// the same folder's lock more than once (write_files_atomically inside a
/// read-modify-write that already holds it).
class FolderLock {
 public:
  explicit FolderLock(const std::filesystem::path& folder);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  std::string key_;
};

}  // namespace portcheck::json
