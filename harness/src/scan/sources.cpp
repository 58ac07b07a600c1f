#include "scan/sources.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <set>
#include <vector>

#include "json/document.hpp"
#include "json/error.hpp"
#include "scan/fast_reader.hpp"

namespace portcheck::scan {

namespace {

constexpr std::size_t kReadSize = std::size_t{4} << 20;
/// Room for a read and an unfinished line of up to the same size.
constexpr std::size_t kChunkSize = 2 * kReadSize;
/// What a block first reads past its end for the end of its last line:
/// several lines' worth of the documents portcheck judges (about 1 KiB
/// each), and a small part of a block (whose reader reads it again).
constexpr std::size_t kLastLineRoom = std::size_t{16} << 10;

/// A name's extension in lower case: exporters write `.JSONL` and `.NDJSON`
/// as often as their lower-case forms.
std::string lower_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return extension;
}

/// JSON Lines has two names in use: `.jsonl` and `.ndjson`.
bool is_json_lines_name(const std::filesystem::path& path) {
  const std::string extension = lower_extension(path);
  return extension == ".jsonl" || extension == ".ndjson";
}

/// What a folder's walk reads: documents and JSON Lines files.
bool is_document_name(const std::filesystem::path& path) {
  return lower_extension(path) == ".json" || is_json_lines_name(path);
}

/// Whether a line holds nothing but JSON whitespace: such lines separate
/// records and are not documents.
bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

Error line_too_long(std::size_t line, std::size_t bound, const std::string& name) {
  return Error("line " + std::to_string(line) + " is longer than portcheck reads (" + std::to_string(bound) + " bytes)",
               SourceLocation::in_file(name));
}

Error out_of_memory(std::size_t line, std::size_t bytes, const std::string& name) {
  return Error("line " + std::to_string(line) + " needs more memory than is free (" + std::to_string(bytes) +
                   " bytes to read it): scan it on a machine with more, or with fewer --jobs",
               SourceLocation::in_file(name));
}

}  // namespace

/// A JSON Lines file read in blocks of a fixed size by any number of
/// workers at once. A line belongs to the block its first byte is in; the
/// block reads on past its end to finish its last line. A line's number
/// needs the newlines of every block before: each block tells how many it
/// holds as soon as it has split its lines, and waits for the blocks before
/// it only then (they were handed out earlier, so they are being read).
class LinesFile {
 public:
  /// `status`: the file's, when it was planned; it must stay that file,
  /// unchanged, while it is read.
  LinesFile(std::filesystem::path path, const struct stat& status, std::size_t block_bytes, std::size_t max_line)
      : path_(std::move(path)),
        size_(static_cast<std::uintmax_t>(status.st_size)),
        name_(path_.string()),
        block_bytes_(block_bytes),
        max_line_(max_line),
        planned_(status) {
    newlines_before_.emplace(0, 0);
  }
  LinesFile(const LinesFile&) = delete;
  LinesFile& operator=(const LinesFile&) = delete;

  [[nodiscard]] std::size_t blocks() const { return (size_ + block_bytes_ - 1) / block_bytes_; }
  [[nodiscard]] std::uintmax_t block_end(std::size_t block) const {
    return std::min<std::uintmax_t>(size_, (std::uintmax_t{block} + 1) * block_bytes_);
  }

  /// Appends the records of `block` to the batch. Whatever happens, the
  /// blocks after it learn of it: its newlines, or its failure.
  void read_block(std::size_t block, std::size_t origin, Batch& batch) {
    try {
      read_lines(block, origin, batch);
    } catch (...) {
      abandon(block, std::current_exception());
      throw;
    }
  }

  /// `block` will never tell its newlines, because of `failure`: the blocks
  /// after it that wait for them fail with it instead of waiting forever.
  void abandon(std::size_t block, const std::exception_ptr& failure) {
    const std::lock_guard lock(mutex_);
    if (block < failed_block_) {
      failed_block_ = block;
      failure_ = failure;
    }
    told_.notify_all();
  }

 private:
  /// The file, open for one block: a descriptor held from planning to
  /// reading would run out for a folder of many small files. Opened again
  /// by its name, it must be the same file, unchanged: blocks of a file
  /// renamed over it, rewritten or appended to would make records of
  /// neither.
  class Open {
   public:
    explicit Open(const LinesFile& file)
        : file_(file), descriptor_(::open(file.path_.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)) {
      if (descriptor_ < 0) throw file_.changed(std::strerror(errno));
      try {
        check_unchanged();
      } catch (...) {
        ::close(descriptor_);  // no destructor runs for a constructor that throws
        throw;
      }
    }
    ~Open() { ::close(descriptor_); }
    Open(const Open&) = delete;
    Open& operator=(const Open&) = delete;
    [[nodiscard]] int descriptor() const { return descriptor_; }

    /// Throws when the file is not, or no longer, the one planned.
    void check_unchanged() const {
      struct stat status {};
      const struct stat& planned = file_.planned_;
      if (::fstat(descriptor_, &status) != 0 || !S_ISREG(status.st_mode) || status.st_dev != planned.st_dev ||
          status.st_ino != planned.st_ino || status.st_size != planned.st_size ||
          status.st_mtim.tv_sec != planned.st_mtim.tv_sec || status.st_mtim.tv_nsec != planned.st_mtim.tv_nsec) {
        throw file_.changed();
      }
    }

   private:
    const LinesFile& file_;
    int descriptor_;
  };

  /// Reads `length` bytes at `offset` into `into`; fewer only at the end of
  /// what was listed.
  std::size_t read_at(const Open& open, char* into, std::uintmax_t offset, std::size_t length) const {
    std::size_t got = 0;
    while (got < length) {
      const ssize_t read = ::pread(open.descriptor(), into + got, length - got, static_cast<off_t>(offset + got));
      if (read < 0 && errno == EINTR) continue;
      if (read < 0) {
        throw Error(std::string("cannot read the file: ") + std::strerror(errno), SourceLocation::in_file(name_));
      }
      if (read == 0) break;
      got += static_cast<std::size_t>(read);
    }
    return got;
  }

  void read_lines(std::size_t block, std::size_t origin, Batch& batch) {
    const std::uintmax_t begin = std::uintmax_t{block} * block_bytes_;
    const std::uintmax_t end = block_end(block);
    // The byte before the block says whether a line starts at its first.
    const std::size_t lead = begin > 0 ? 1 : 0;
    const std::size_t block_length = static_cast<std::size_t>(end - begin) + lead;
    // Every line of the buffer is followed by kReadPadding bytes that may be
    // read: the lines after it, or the padding written after the last. Room
    // for the end of the block's last line, which runs on into the next
    // block, so that it is read without copying the block.
    std::size_t capacity = block_length + kLastLineRoom;
    std::shared_ptr<char[]> buffer = spare_->take();  // of capacity + kReadPadding at least
    const Open open(*this);
    std::size_t filled = read_at(open, buffer.get(), begin - lead, block_length);
    if (filled < block_length) throw changed();
    // Offsets in `buffer`: its byte i is the file's byte begin - lead + i.
    std::size_t position = lead;
    std::size_t newlines = 0;
    if (lead > 0 && buffer[0] != '\n') {
      const void* found = std::memchr(buffer.get() + lead, '\n', block_length - lead);
      position = found == nullptr ? block_length : static_cast<const char*>(found) - buffer.get() + 1;
      newlines = found == nullptr ? 0 : 1;
    }
    struct Line {
      std::size_t offset, length, number;  // number: from this block's first byte, 1-based
    };
    std::vector<Line> lines;
    while (position < block_length) {
      const void* found = std::memchr(buffer.get() + position, '\n', filled - position);
      while (found == nullptr && begin - lead + filled < size_) {
        // The last line goes on past the block: read on, at first only as
        // far as a line usually goes (the next block is its own reader's),
        // then doubling what is read of the line, but never far past the
        // longest line portcheck takes.
        const std::size_t partial = filled - position;
        if (partial > max_line_) {
          tell(block, newlines);
          throw line_too_long(newlines_before(block) + newlines + 1, max_line_, name_);
        }
        const std::size_t more = static_cast<std::size_t>(std::min<std::uintmax_t>(
            {size_ - (begin - lead + filled), std::max(partial, kLastLineRoom), max_line_ + 1 - partial}));
        if (filled + more > capacity) {
          capacity = filled + more;
          std::shared_ptr<char[]> grown;
          try {
            grown.reset(new char[capacity + kReadPadding]);
          } catch (const std::bad_alloc&) {
            tell(block, newlines);
            throw out_of_memory(newlines_before(block) + newlines + 1, capacity + kReadPadding, name_);
          }
          std::memcpy(grown.get(), buffer.get(), filled);
          buffer = std::move(grown);
        }
        const std::size_t got = read_at(open, buffer.get() + filled, begin - lead + filled, more);
        if (got < more) throw changed();
        const std::size_t searched = filled;
        filled += got;
        found = std::memchr(buffer.get() + searched, '\n', filled - searched);
      }
      const std::size_t line_end = found == nullptr ? filled : static_cast<const char*>(found) - buffer.get();
      if (line_end - position > max_line_) {
        tell(block, newlines);
        throw line_too_long(newlines_before(block) + newlines + 1, max_line_, name_);
      }
      if (!is_blank(std::string_view(buffer.get() + position, line_end - position))) {
        lines.push_back({position, line_end - position, newlines + 1});
      }
      if (found != nullptr && line_end < block_length) ++newlines;
      position = line_end + 1;
    }
    std::memset(buffer.get() + filled, ' ', kReadPadding);
    open.check_unchanged();
    tell(block, newlines);
    const std::size_t before = newlines_before(block);
    for (const Line& line : lines) {
      Record record;
      record.data = buffer.get() + line.offset;
      record.length = line.length;
      record.origin = origin;
      record.line = before + line.number;
      record.padded = true;
      batch.records.push_back(record);
    }
    if (!lines.empty()) batch.keep.push_back(std::move(buffer));
  }

  /// `reason`: the system's, when it gave one.
  [[nodiscard]] Error changed(std::string_view reason = {}) const {
    return Error(reason.empty() ? std::string("cannot read the file (did it change while being read?)")
                                : "cannot read the file: " + std::string(reason) + " (did it change while being read?)",
                 SourceLocation::in_file(name_));
  }

  /// Block `block` holds `newlines` newlines.
  void tell(std::size_t block, std::size_t newlines) {
    const std::lock_guard lock(mutex_);
    newlines_in_.emplace(block, newlines);
    // Every block whose predecessors have all told now knows where it starts.
    for (auto found = newlines_in_.find(counted_); found != newlines_in_.end(); found = newlines_in_.find(counted_)) {
      total_ += found->second;
      newlines_in_.erase(found);
      newlines_before_.emplace(++counted_, total_);
    }
    told_.notify_all();
  }

  /// The newlines before `block`, once every block before it has told;
  /// the failure of a block before it, if one failed first. (A block after
  /// it that failed changes nothing here: its own error comes later in
  /// reading order.)
  std::size_t newlines_before(std::size_t block) {
    std::unique_lock lock(mutex_);
    told_.wait(lock, [&] { return newlines_before_.contains(block) || failed_block_ < block; });
    const auto found = newlines_before_.find(block);
    if (found == newlines_before_.end()) std::rethrow_exception(failure_);
    const std::size_t before = found->second;
    newlines_before_.erase(found);
    return before;
  }

  /// Block buffers that batches have let go of, for the blocks after them.
  /// A buffer freed by one worker (the one reporting) and allocated by
  /// another went back to glibc's arena of the second, which gave the
  /// pages back to the system and then faulted them in again: with two
  /// workers, 13,897 page faults for a 56 MB file, against 898 with one
  /// (998 and 584 now).
  class SpareBuffers : public std::enable_shared_from_this<SpareBuffers> {
   public:
    explicit SpareBuffers(std::size_t bytes) : bytes_(bytes) {}

    /// A buffer of the size given at construction, given back here when
    /// its last holder lets go of it.
    std::shared_ptr<char[]> take() {
      std::unique_ptr<char[]> buffer;
      {
        const std::lock_guard lock(mutex_);
        if (!spare_.empty()) {
          buffer = std::move(spare_.back());
          spare_.pop_back();
        }
      }
      if (buffer == nullptr) buffer.reset(new char[bytes_]);
      return {buffer.release(), [self = shared_from_this()](char* given) { self->give_back(given); }};
    }

   private:
    void give_back(char* given) {
      std::unique_ptr<char[]> buffer(given);
      const std::lock_guard lock(mutex_);
      // As many as were held at once, up to a bound: the batches in flight.
      if (spare_.size() < kKept) spare_.push_back(std::move(buffer));
    }

    static constexpr std::size_t kKept = 16;
    std::size_t bytes_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<char[]>> spare_;
  };

  std::filesystem::path path_;
  std::uintmax_t size_;
  std::string name_;
  std::size_t block_bytes_;
  std::size_t max_line_;
  struct stat planned_;
  /// For the whole of a block, the byte before it, the end of its last
  /// line and the padding after.
  std::shared_ptr<SpareBuffers> spare_ =
      std::make_shared<SpareBuffers>(block_bytes_ + 1 + kLastLineRoom + kReadPadding);
  std::mutex mutex_;
  std::condition_variable told_;
  std::map<std::size_t, std::size_t> newlines_in_;      ///< told, not yet added up
  std::map<std::size_t, std::size_t> newlines_before_;  ///< known, not yet taken by its block
  std::size_t counted_ = 0;                             ///< blocks added up
  std::size_t total_ = 0;                               ///< their newlines
  /// The first block that failed (none: the largest index), and its failure.
  std::size_t failed_block_ = static_cast<std::size_t>(-1);
  std::exception_ptr failure_;
};

DocumentSources::DocumentSources(SourceOptions options) : options_(std::move(options)) {
  std::uintmax_t total = 0;
  bool known = true;
  for (const std::filesystem::path& path : options_.paths) {
    if (path == "-") {
      if (!known) throw Error("- (standard input) is given twice: it can be read once");
      inputs_.push_back({path, true, ""});
      known = false;
      continue;
    }
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (status.type() == std::filesystem::file_type::directory) {
      // Every entry named like a document counts: one that is not a regular
      // file (a link loop, a broken link, a FIFO, a folder named x.json) is
      // an unreadable document, never skipped.
      std::vector<Input> found;
      // The entry last seen: a folder among them that cannot be listed is
      // named, not only the folder the walk started from.
      std::filesystem::path last = path;
      for (auto entry = std::filesystem::recursive_directory_iterator(path, error);
           !error && entry != std::filesystem::recursive_directory_iterator(); entry.increment(error)) {
        const auto& file = entry->path();
        last = file;
        std::error_code link_error;
        if (entry->is_symlink(link_error) && std::filesystem::is_directory(file, link_error) &&
            !is_document_name(file)) {
          // The walk does not go through links to folders (they can loop):
          // the documents behind one are named as not read, never passed over.
          found.push_back({file, false, "is a link to a folder, which scan does not follow: give the folder itself"});
          continue;
        }
        if (!is_document_name(file)) {
          // Named, when nothing else is found, so that a folder of other
          // files does not pass as an empty scan.
          if (!entry->is_directory(link_error)) note_skipped(file.lexically_relative(path));
          continue;
        }
        std::error_code status_error;
        const auto type = std::filesystem::status(file, status_error).type();
        std::string why;
        if (status_error && status_error.value() == ELOOP) {
          why = "is a link loop";
        } else if (type == std::filesystem::file_type::not_found) {
          why = "is a link to nothing";
        } else if (status_error) {
          why = "cannot be read: " + status_error.message();
        } else if (type == std::filesystem::file_type::directory) {
          why = "is a folder named like a document";
          entry.disable_recursion_pending();
        } else if (type != std::filesystem::file_type::regular) {
          why = "is not a regular file (a FIFO, socket or device)";
        }
        found.push_back({file, options_.json_lines || is_json_lines_name(file), why});
      }
      if (error) {
        std::error_code folder_error;
        const std::filesystem::path where = std::filesystem::is_directory(last, folder_error) ? last : path;
        throw Error("cannot list the folder: " + error.message(), SourceLocation::in_file(where.string()));
      }
      std::sort(found.begin(), found.end(),
                [](const Input& left, const Input& right) { return left.path < right.path; });
      inputs_.insert(inputs_.end(), found.begin(), found.end());
    } else if (status.type() == std::filesystem::file_type::regular) {
      inputs_.push_back({path, options_.json_lines || is_json_lines_name(path), ""});
    } else if (status.type() == std::filesystem::file_type::not_found) {
      throw Error("no such file or folder", SourceLocation::in_file(path.string()));
    } else {
      throw Error("is not a regular file or a folder: scan reads files, folders and - (standard input)",
                  SourceLocation::in_file(path.string()));
    }
  }
  // A file reached twice (named twice, named and inside a folder given, or
  // by two hard links) is one file: read twice, its documents and failures
  // would count twice. The first place it is reached is kept. The same stat
  // gives each file's size.
  std::set<std::pair<dev_t, ino_t>> files;
  std::set<std::filesystem::path> entries;
  std::vector<Input> once;
  for (Input& input : inputs_) {
    struct stat status {};
    if (input.path != "-" && input.unreadable.empty() && ::stat(input.path.c_str(), &status) == 0) {
      if (!files.emplace(status.st_dev, status.st_ino).second) continue;
      input.size = static_cast<std::uintmax_t>(status.st_size);
      total += input.size;
    } else if (!entries.insert(input.path.lexically_normal()).second) {
      continue;
    }
    once.push_back(std::move(input));
  }
  inputs_ = std::move(once);
  if (known) total_bytes_ = total;
}

DocumentSources::~DocumentSources() = default;

void DocumentSources::note_skipped(const std::filesystem::path& file) {
  constexpr std::size_t kNamed = 3;
  ++skipped_.count;
  std::vector<std::filesystem::path>& first = skipped_.first;
  first.insert(std::upper_bound(first.begin(), first.end(), file), file);
  if (first.size() > kNamed) first.pop_back();
}

std::shared_ptr<char[]> DocumentSources::take_chunk(std::size_t size) {
  // A chunk no batch holds any more is used again: fresh memory would cost
  // a page fault per page read.
  for (auto spare = spare_.begin(); spare != spare_.end(); ++spare) {
    if (spare->first.use_count() == 1 && spare->second >= size) {
      std::shared_ptr<char[]> chunk = std::move(spare->first);
      spare_.erase(spare);
      return chunk;
    }
  }
  if (spare_.size() > 16) spare_.erase(spare_.begin());
  return std::shared_ptr<char[]>(new char[std::max(size, kChunkSize)]);
}

bool DocumentSources::fill_lines(Batch& batch) {
  if (file_ == nullptr) {
    json::require_open_standard_input(json::kStandardInputName);
    file_ = stdin;
    chunk_.reset();
    chunk_size_ = 0;
    start_ = 0;
    line_ = 0;
    at_end_ = false;
  }
  const std::size_t origin = batch.origins.size();
  batch.origins.emplace_back(json::kStandardInputName);
  // A batch ends at batch_bytes of lines, as a file's block does: each line
  // holds the chunk it was read in (a chunk grown for a long line is about
  // twice its size), and batches of up to 1,024 lines held 1.4 GB for 200
  // lines of 5 MB, which a file of them is scanned in 42 MB.
  std::size_t held = 0;
  for (const Record& record : batch.records) held += record.length;
  while (true) {
    // Lines become records where they were read. A last line without its
    // newline waits for more (or for the end of the input).
    char* chunk = chunk_.get();
    while (start_ < chunk_size_) {
      auto* found = static_cast<char*>(std::memchr(chunk + start_, '\n', chunk_size_ - start_));
      if (found == nullptr && !at_end_) break;
      const std::size_t end = found == nullptr ? chunk_size_ : static_cast<std::size_t>(found - chunk);
      ++line_;
      const std::string_view line(chunk + start_, end - start_);
      if (line.size() > options_.max_line_bytes) {
        throw line_too_long(line_, options_.max_line_bytes, json::kStandardInputName);
      }
      consumed_ += line.size() + (found == nullptr ? 0 : 1);
      start_ = found == nullptr ? chunk_size_ : end + 1;
      if (is_blank(line)) continue;
      Record record;
      record.data = line.data();
      record.length = line.size();
      record.origin = origin;
      record.line = line_;
      if (batch.keep.empty() || batch.keep.back() != chunk_) batch.keep.push_back(chunk_);
      batch.records.push_back(record);
      batch.progress = consumed_;
      held += line.size();
      if (batch.records.size() >= options_.batch_documents || held >= options_.batch_bytes) return true;
    }
    if (at_end_) break;
    // Read on into a new chunk that starts with the unfinished line; reads
    // grow with a long line, so a line of n bytes costs O(n) copying.
    const std::size_t carry = chunk_size_ - start_;
    if (carry > options_.max_line_bytes) {
      throw line_too_long(line_ + 1, options_.max_line_bytes, json::kStandardInputName);
    }
    // Doubling, but never reading far past the longest line portcheck takes.
    const std::size_t read_size =
        std::max(kReadSize, std::min<std::size_t>(carry, options_.max_line_bytes + 1 - carry));
    std::shared_ptr<char[]> next;
    try {
      next = take_chunk(carry + read_size);
    } catch (const std::bad_alloc&) {
      throw out_of_memory(line_ + 1, carry + read_size, json::kStandardInputName);
    }
    if (carry > 0) std::memcpy(next.get(), chunk + start_, carry);
    const std::size_t got = std::fread(next.get() + carry, 1, read_size, file_);
    if (got < read_size) {
      if (std::ferror(file_) != 0) {
        throw Error(std::string("cannot read it: ") + std::strerror(errno),
                    SourceLocation::in_file(json::kStandardInputName));
      }
      at_end_ = true;
    }
    // Only chunks of the usual size are kept to use again: those a long
    // line grew would hold gigabytes for nothing.
    if (chunk_ && chunk_capacity_ <= kChunkSize) spare_.emplace_back(std::move(chunk_), chunk_capacity_);
    chunk_ = std::move(next);
    chunk_capacity_ = std::max(carry + read_size, kChunkSize);
    chunk_size_ = carry + got;
    start_ = 0;
  }
  file_ = nullptr;
  chunk_.reset();
  ++next_input_;
  batch.progress = consumed_;
  return false;
}

void DocumentSources::read_piece(Batch& batch, const Piece& piece) {
  if (piece.lines) {
    piece.lines->read_block(piece.block, piece.origin, batch);
    return;
  }
  Record record;
  record.origin = piece.origin;
  std::string why = piece.unreadable;
  if (why.empty()) {
    try {
      std::string text = json::read_file(piece.whole_file);
      record.offset = batch.text.size();
      record.length = text.size();
      batch.text.append(text);
      batch.records.push_back(record);
      return;
    } catch (const Error& error) {
      // Gone or unreadable since it was listed (permissions, a race): counted,
      // and the scan goes on.
      why = error.message();
    }
  }
  batch.unreadable.push_back(why);
  record.unreadable = batch.unreadable.size();
  batch.records.push_back(record);
}

bool DocumentSources::next(Batch& batch) {
  std::vector<Piece> pieces;
  std::uintmax_t planned = 0;
  const auto full = [&] {
    return planned >= options_.batch_bytes || batch.records.size() + pieces.size() >= options_.batch_documents;
  };
  while (next_input_ < inputs_.size() && !full()) {
    const Input& input = inputs_[next_input_];
    if (input.path == "-") {
      // Read here, in order: a batch holds lines of standard input first,
      // then what its finish_reading reads.
      if (!pieces.empty()) break;
      if (fill_lines(batch)) return true;
      continue;
    }
    Piece piece;
    piece.origin = batch.origins.size();
    if (!input.unreadable.empty()) {
      piece.unreadable = input.unreadable;
    } else if (!input.json_lines) {
      piece.whole_file = input.path;
      planned += input.size;
    } else {
      if (!lines_file_) {
        // Opened to know it can be, and its size; read block by block later.
        // Not blocking: a file replaced by a FIFO since it was listed must
        // not hang the scan.
        const int descriptor = ::open(input.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        struct stat status {};
        char probe = 0;
        if (descriptor < 0 || ::fstat(descriptor, &status) != 0 || !S_ISREG(status.st_mode)) {
          piece.unreadable = descriptor < 0 ? std::string("cannot open the file: ") + std::strerror(errno)
                                            : std::string("is not a regular file (a FIFO, socket or device)");
          if (descriptor >= 0) ::close(descriptor);
        } else if (json::is_kernel_file(descriptor)) {
          piece.unreadable = json::kKernelFileMessage;
          ::close(descriptor);
        } else if (const ssize_t probed = status.st_size == 0 ? ::pread(descriptor, &probe, 1, 0) : 0; probed != 0) {
          // Read by its size, such a file would pass as empty.
          piece.unreadable = probed > 0 ? std::string(
                                              "says it is empty but holds bytes (a file of /proc or /sys): "
                                              "give it on standard input")
                                        : std::string("cannot read the file: ") + std::strerror(errno);
          ::close(descriptor);
        } else {
          ::close(descriptor);
          lines_file_ = std::make_shared<LinesFile>(input.path, status, options_.batch_bytes, options_.max_line_bytes);
          next_block_ = 0;
        }
      }
      if (lines_file_) {
        if (next_block_ == lines_file_->blocks()) {
          // Read to its end (or empty).
          lines_file_.reset();
          ++next_input_;
          continue;
        }
        piece.lines = lines_file_;
        piece.block = next_block_;
        planned += lines_file_->block_end(next_block_) - std::uintmax_t{next_block_} * options_.batch_bytes;
        ++next_block_;
        batch.origins.push_back(input.path.string());
        pieces.push_back(std::move(piece));
        continue;
      }
    }
    batch.origins.push_back(input.path.string());
    pieces.push_back(std::move(piece));
    ++next_input_;
  }
  batch.progress = consumed_ + planned;
  consumed_ += planned;
  if (!pieces.empty()) {
    batch.finish_reading = [pieces = std::move(pieces)](Batch& reading) {
      for (std::size_t index = 0; index < pieces.size(); ++index) {
        try {
          read_piece(reading, pieces[index]);
        } catch (...) {
          // The blocks left unread here never tell their newlines: the
          // blocks after them, in later batches, must not wait for them.
          for (std::size_t rest = index + 1; rest < pieces.size(); ++rest) {
            if (pieces[rest].lines) pieces[rest].lines->abandon(pieces[rest].block, std::current_exception());
          }
          throw;
        }
      }
    };
  }
  return !batch.records.empty() || batch.finish_reading != nullptr;
}

}  // namespace portcheck::scan
