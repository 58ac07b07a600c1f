#pragma once
/// Where `portcheck scan` reads documents: files (one document each), JSON
/// Lines files (one document per line), folders (recursively, in name order)
/// and standard input (JSON Lines). Read a batch at a time, so memory stays
/// flat however many documents there are.
///
/// Reading is split in two so that every core reads: next() only decides
/// what a batch holds (which files, which blocks of a JSON Lines file), one
/// caller at a time, and Batch::finish_reading reads it, in the worker that
/// judges the batch. Standard input is a stream and is read by next().

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scan/pipeline.hpp"

namespace portcheck::scan {

struct SourceOptions {
  /// Files, folders, or "-" for standard input.
  std::vector<std::filesystem::path> paths;
  /// Read every file as JSON Lines (otherwise only *.jsonl and *.ndjson files are).
  bool json_lines = false;
  /// A batch holds about this many bytes (of whole files, or one block of a
  /// JSON Lines file), or this many documents (of whole files or standard
  /// input).
  std::size_t batch_bytes = std::size_t{256} << 10;
  std::size_t batch_documents = 1024;
  /// The longest JSON Lines line read: a longer one is an error.
  std::size_t max_line_bytes = std::size_t{1} << 30;
};

class LinesFile;

class DocumentSources {
 public:
  /// Lists the inputs. Throws portcheck::Error for a path that does not
  /// exist or is neither a regular file nor a folder, before anything is read.
  explicit DocumentSources(SourceOptions options);
  ~DocumentSources();
  DocumentSources(const DocumentSources&) = delete;
  DocumentSources& operator=(const DocumentSources&) = delete;

  /// Fills the next batch (a Producer): its records, or what its
  /// finish_reading reads. Throws portcheck::Error when standard input
  /// cannot be read or has a line longer than portcheck reads; finish_reading
  /// throws the same for a file.
  bool next(Batch& batch);

  /// Files to read (standard input counts as one).
  [[nodiscard]] std::size_t file_count() const { return inputs_.size(); }
  /// Their total size in bytes, when known (not for standard input).
  [[nodiscard]] std::optional<std::uintmax_t> total_bytes() const { return total_bytes_; }
  /// Files of the folders given that are not named like documents (*.json,
  /// *.jsonl, *.ndjson, in any case) and so are not read: how many, and the
  /// first few by name (relative to the folder given).
  struct Skipped {
    std::size_t count = 0;
    std::vector<std::filesystem::path> first;
  };
  [[nodiscard]] const Skipped& skipped() const { return skipped_; }

 private:
  struct Input {
    std::filesystem::path path;  ///< "-" for standard input
    bool json_lines = false;
    /// Why an entry found in a folder cannot be read; empty when it can.
    std::string unreadable;
    std::uintmax_t size = 0;  ///< when listed
  };
  /// One entry of a batch, read by finish_reading.
  struct Piece {
    std::size_t origin = 0;
    std::string unreadable;            ///< why the entry cannot be read, or empty
    std::filesystem::path whole_file;  ///< a file that is one document, or empty
    std::shared_ptr<LinesFile> lines;  ///< else a block of a JSON Lines file
    std::size_t block = 0;
  };
  static void read_piece(Batch& batch, const Piece& piece);
  void note_skipped(const std::filesystem::path& file);
  /// Appends lines of standard input until the batch is full or the input
  /// ends; false at its end.
  bool fill_lines(Batch& batch);
  /// A chunk of at least `size` bytes.
  std::shared_ptr<char[]> take_chunk(std::size_t size);

  SourceOptions options_;
  std::vector<Input> inputs_;
  Skipped skipped_;
  std::optional<std::uintmax_t> total_bytes_;
  std::size_t next_input_ = 0;
  std::uintmax_t consumed_ = 0;
  // The JSON Lines file being planned, and its next block.
  std::shared_ptr<LinesFile> lines_file_;
  std::size_t next_block_ = 0;
  // Standard input, while it is read.
  std::FILE* file_ = nullptr;
  std::shared_ptr<char[]> chunk_;  ///< read, and split into lines from start_
  std::size_t chunk_size_ = 0;
  std::size_t chunk_capacity_ = 0;
  /// Chunks read before, with their sizes, to use again once no batch holds them.
  std::vector<std::pair<std::shared_ptr<char[]>, std::size_t>> spare_;
  std::size_t start_ = 0;
  std::size_t line_ = 0;
  bool at_end_ = false;
};

}  // namespace portcheck::scan
