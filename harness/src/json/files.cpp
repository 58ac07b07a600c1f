#include "json/files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <system_error>

#include "json/error.hpp"

namespace portcheck::json {

namespace {

namespace fs = std::filesystem;

/// The journal of a set's renames, in the folder that holds the whole set.
constexpr const char* journal_name = ".portcheck-pending";
constexpr const char* journal_header = "portcheck-pending 1";
/// What a temporary file's name holds between the target's name and the
/// random part: `.compatibility.md.portcheck-k3Xq9a`.
constexpr const char* temporary_marker = ".portcheck-";

std::string errno_text(int error) { return std::strerror(error != 0 ? error : EIO); }

[[noreturn]] void fail(const std::string& message, const fs::path& where) {
  throw Error(message, SourceLocation::in_file(where.string()));
}

bool is_temporary_name(const std::string& name) {
  const auto marker = name.rfind(temporary_marker);
  return name.size() > 1 && name[0] == '.' && marker != std::string::npos && marker > 1 &&
         name.size() - marker - std::strlen(temporary_marker) == 6;
}

/// The temporary name of `target`'s new contents, in its own folder.
fs::path temporary_name(const fs::path& target) {
  static constexpr char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static std::mt19937_64 generator{std::random_device{}() ^ static_cast<std::uint64_t>(::getpid())};
  std::string suffix(6, 'x');
  for (char& letter : suffix) letter = letters[generator() % (sizeof letters - 1)];
  return target.parent_path() / ("." + target.filename().string() + temporary_marker + suffix);
}

void write_all(int descriptor, const std::string& contents, const fs::path& where) {
  const char* data = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    const ssize_t written = ::write(descriptor, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      fail("cannot write the file: " + errno_text(errno), where);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

/// Creates a new temporary file for `target` with `contents`, flushed to disk.
/// O_EXCL with O_NOFOLLOW: a name that exists, a link included, is never
/// opened, so a link planted beside the target cannot redirect the write.
fs::path write_temporary(const fs::path& target, const std::string& contents) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path temporary = temporary_name(target);
    const int descriptor =
        ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (descriptor < 0) {
      if (errno == EEXIST) continue;
      fail("cannot write here: " + errno_text(errno), target);
    }
    try {
      write_all(descriptor, contents, target);
      if (::fsync(descriptor) != 0) fail("cannot write the file: " + errno_text(errno), target);
    } catch (...) {
      ::close(descriptor);
      ::unlink(temporary.c_str());
      throw;
    }
    if (::close(descriptor) != 0) {
      const int error = errno;
      ::unlink(temporary.c_str());
      fail("cannot write the file: " + errno_text(error), target);
    }
    return temporary;
  }
  fail("cannot find a free temporary name beside the file", target);
}

/// Flushes a folder's entries (the renames made in it) to disk.
void sync_folder(const fs::path& folder) {
  const int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) return;
  ::fsync(descriptor);
  ::close(descriptor);
}

bool is_regular_file_not_link(const fs::path& path) {
  struct stat status {};
  return ::lstat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode);
}

/// Removes the temporary files a killed writer left in `folder`.
void remove_leftovers(const fs::path& folder) {
  std::error_code error;
  for (fs::directory_iterator entry(folder, error), end; !error && entry != end; entry.increment(error)) {
    const std::string name = entry->path().filename().string();
    if (is_temporary_name(name) && is_regular_file_not_link(entry->path())) ::unlink(entry->path().c_str());
  }
}

/// One rename of a journal, checked: both names relative to the journal's
/// folder, inside it, in the same folder, and the temporary named after the
/// target. A journal is only ever written by portcheck; one that breaks these
/// rules (shipped in a repository, say) is refused rather than followed.
struct Rename {
  fs::path temporary;
  fs::path target;
};

std::vector<Rename> read_journal(const fs::path& folder) {
  const fs::path journal = folder / journal_name;
  std::ifstream stream(journal, std::ios::binary);
  std::string line;
  std::vector<Rename> renames;
  bool ended = false;
  std::size_t number = 0;
  const auto refuse = [&](const std::string& why) {
    Error error("is not a journal portcheck wrote (" + why +
                    "); remove it if no portcheck is running, and write again",
                SourceLocation::in_file(journal.string()));
    throw error;
  };
  while (std::getline(stream, line)) {
    ++number;
    if (number == 1) {
      if (line != journal_header) refuse("line 1 is not its header");
      continue;
    }
    if (ended) refuse("a line follows `end`");
    if (line == "end") {
      ended = true;
      continue;
    }
    const auto tab = line.find('\t');
    if (tab == std::string::npos) refuse("line " + std::to_string(number) + " has no tab");
    const fs::path temporary = fs::path(line.substr(0, tab)).lexically_normal();
    const fs::path target = fs::path(line.substr(tab + 1)).lexically_normal();
    for (const fs::path& name : {temporary, target}) {
      if (name.empty() || name.is_absolute() || *name.begin() == "..") {
        refuse("line " + std::to_string(number) + " names a file outside its folder");
      }
    }
    if (temporary.parent_path() != target.parent_path() || !is_temporary_name(temporary.filename().string()) ||
        !temporary.filename().string().starts_with("." + target.filename().string() + temporary_marker)) {
      refuse("line " + std::to_string(number) + " is not a temporary file and its target");
    }
    // Every folder between the journal and the target is a real folder, not
    // a link that would carry the rename elsewhere.
    fs::path walked = folder;
    for (const fs::path& part : target.parent_path()) {
      walked /= part;
      struct stat status {};
      if (::lstat(walked.c_str(), &status) != 0 || !S_ISDIR(status.st_mode)) {
        refuse("line " + std::to_string(number) + " goes through " + walked.string() + ", which is not a folder");
      }
    }
    renames.push_back({folder / temporary, folder / target});
  }
  if (!ended) refuse("it does not end with `end`");
  return renames;
}

/// With the folder's lock held: finishes a journal's renames and removes
/// leftover temporary files. Returns whether there was a journal.
bool recover(const fs::path& folder) {
  const fs::path journal = folder / journal_name;
  struct stat status {};
  bool finished = false;
  if (::lstat(journal.c_str(), &status) == 0) {
    if (!S_ISREG(status.st_mode)) fail("is not a journal portcheck wrote (not a plain file); remove it", journal);
    std::set<fs::path> folders;
    for (const Rename& rename : read_journal(folder)) {
      // A temporary that is gone was renamed before the writer died.
      if (is_regular_file_not_link(rename.temporary) && ::rename(rename.temporary.c_str(), rename.target.c_str()) != 0) {
        fail("cannot finish an interrupted write: " + errno_text(errno), rename.target);
      }
      folders.insert(rename.target.parent_path());
    }
    for (const fs::path& touched : folders) sync_folder(touched);
    if (::unlink(journal.c_str()) != 0) fail("cannot remove the finished journal: " + errno_text(errno), journal);
    sync_folder(folder);
    finished = true;
  }
  remove_leftovers(folder);
  return finished;
}

/// The deepest folder holding every target.
fs::path common_folder(const std::vector<fs::path>& targets) {
  fs::path common;
  for (const fs::path& target : targets) {
    const fs::path folder = fs::absolute(target).lexically_normal().parent_path();
    if (common.empty()) {
      common = folder;
      continue;
    }
    fs::path shared;
    for (auto left = common.begin(), right = folder.begin(); left != common.end() && right != folder.end() && *left == *right;
         ++left, ++right) {
      shared /= *left;
    }
    common = shared;
  }
  return common;
}

/// Creates the target's folder, naming the part of the path in the way: a
/// file where a folder should be is the usual mistake (--output report.md/).
void prepare_folder(const fs::path& target) {
  std::error_code error;
  if (fs::is_directory(target, error)) fail("is a folder; give a file name to write to", target);
  // The new file is renamed over the old one: whatever sits at the name is
  // replaced, so only a regular file may. A device (/dev/full, as root), a
  // FIFO or a link (/dev/stdout) would be replaced by a plain file.
  const fs::file_status existing = fs::symlink_status(target, error);
  if (existing.type() == fs::file_type::symlink) {
    fail("is a link; portcheck replaces only regular files (remove the link, or give the file it points to)", target);
  }
  if (existing.type() != fs::file_type::not_found && existing.type() != fs::file_type::regular &&
      existing.type() != fs::file_type::none) {
    fail(
        "is not a regular file (a device, FIFO or socket); portcheck writes only regular files, which it replaces "
        "whole",
        target);
  }
  if (!target.has_parent_path()) return;
  for (fs::path folder = target.parent_path(); !folder.empty(); folder = folder.parent_path()) {
    const fs::file_status status = fs::status(folder, error);
    if (status.type() == fs::file_type::not_found) {
      if (folder == folder.parent_path()) break;
      continue;
    }
    if (status.type() != fs::file_type::directory) {
      fail("is not a folder, so " + target.string() + " cannot be written under it", folder);
    }
    break;
  }
  fs::create_directories(target.parent_path(), error);
  if (error) fail("cannot create the folder: " + error.message(), target.parent_path());
}

}  // namespace

void prepare_to_write(const fs::path& target) {
  prepare_folder(target);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (::access(folder.c_str(), W_OK) != 0) fail("cannot write here: " + errno_text(errno), folder);
}

namespace {

/// The locks this process holds, by folder identity (device and inode), with
/// how many times each is held: flock on a second descriptor of the same
/// folder would wait for the first.
struct HeldLock {
  int descriptor = -1;
  int count = 0;
};
std::mutex held_mutex;
std::map<std::string, HeldLock> held_locks;

}  // namespace

FolderLock::FolderLock(const fs::path& folder) {
  const fs::path where = folder.empty() ? fs::path(".") : folder;
  const int descriptor = ::open(where.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) fail("cannot lock the folder to write into it: " + errno_text(errno), where);
  struct stat status {};
  ::fstat(descriptor, &status);
  key_ = std::to_string(status.st_dev) + ":" + std::to_string(status.st_ino);
  std::lock_guard guard(held_mutex);
  HeldLock& held = held_locks[key_];
  if (held.count > 0) {
    ::close(descriptor);
    ++held.count;
    return;
  }
  if (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) {
      const int error = errno;
      ::close(descriptor);
      held_locks.erase(key_);
      fail("cannot lock the folder to write into it: " + errno_text(error), where);
    }
    std::cerr << "portcheck: waiting for another portcheck that is writing into " << where.string() << "\n";
    while (::flock(descriptor, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(descriptor);
      held_locks.erase(key_);
      fail("cannot lock the folder to write into it: " + errno_text(error), where);
    }
  }
  held.descriptor = descriptor;
  held.count = 1;
}

FolderLock::~FolderLock() {
  std::lock_guard guard(held_mutex);
  const auto held = held_locks.find(key_);
  if (held == held_locks.end()) return;
  if (--held->second.count == 0) {
    ::close(held->second.descriptor);  // releases the flock
    held_locks.erase(held);
  }
}

bool complete_interrupted_writes(const fs::path& folder) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) return false;
  const FolderLock lock(folder);
  return recover(folder);
}

void write_files_atomically(const std::vector<std::pair<fs::path, std::string>>& files) {
  if (files.empty()) return;
  std::vector<fs::path> targets;
  for (const auto& [target, contents] : files) {
    prepare_folder(target);
    targets.push_back(fs::absolute(target).lexically_normal());
  }
  const fs::path common = common_folder(targets);
  const FolderLock lock(common);
  recover(common);
  std::set<fs::path> folders;
  for (const fs::path& target : targets) folders.insert(target.parent_path());
  for (const fs::path& folder : folders) {
    if (folder != common) remove_leftovers(folder);
  }

  std::vector<fs::path> temporaries;
  const auto discard = [&] {
    for (const fs::path& temporary : temporaries) ::unlink(temporary.c_str());
  };
  try {
    for (std::size_t index = 0; index < files.size(); ++index) {
      temporaries.push_back(write_temporary(targets[index], files[index].second));
    }
  } catch (...) {
    discard();
    throw;
  }
  // A single file needs no journal: its rename is the switch.
  const bool journalled = files.size() > 1;
  const fs::path journal = common / journal_name;
  if (journalled) {
    std::ostringstream text;
    text << journal_header << "\n";
    for (std::size_t index = 0; index < files.size(); ++index) {
      text << temporaries[index].lexically_relative(common).generic_string() << "\t"
           << targets[index].lexically_relative(common).generic_string() << "\n";
    }
    text << "end\n";
    fs::path written;
    try {
      written = write_temporary(journal, text.str());
    } catch (...) {
      discard();
      throw;
    }
    if (::rename(written.c_str(), journal.c_str()) != 0) {
      const int error = errno;
      ::unlink(written.c_str());
      discard();
      fail("cannot write the journal of the files' renames: " + errno_text(error), journal);
    }
    sync_folder(common);
  }
  for (std::size_t index = 0; index < files.size(); ++index) {
    if (::rename(temporaries[index].c_str(), targets[index].c_str()) != 0) {
      const int error = errno;
      if (!journalled || index == 0) {
        // Nothing replaced yet: the old set stays whole.
        discard();
        if (journalled) ::unlink(journal.c_str());
      }
      // Otherwise the journal stays, and the next write finishes the set.
      fail("cannot replace the file: " + errno_text(error), files[index].first);
    }
  }
  for (const fs::path& folder : folders) sync_folder(folder);
  if (journalled) {
    ::unlink(journal.c_str());
    sync_folder(common);
  }
}

}  // namespace portcheck::json
