#include "scan/sources.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "json/document.hpp"
#include "json/error.hpp"

namespace portcheck::scan {

namespace {

constexpr std::size_t kReadSize = std::size_t{4} << 20;
/// Room for a read and an unfinished line of up to the same size.
constexpr std::size_t kChunkSize = 2 * kReadSize;

bool is_json_lines_name(const std::filesystem::path& path) { return path.extension() == ".jsonl"; }

/// Whether a line holds nothing but JSON whitespace: such lines separate
/// records and are not documents.
bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

}  // namespace

DocumentSources::DocumentSources(SourceOptions options) : options_(std::move(options)) {
  std::uintmax_t total = 0;
  bool known = true;
  for (const std::filesystem::path& path : options_.paths) {
    if (path == "-") {
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
      for (auto entry = std::filesystem::recursive_directory_iterator(path, error);
           !error && entry != std::filesystem::recursive_directory_iterator(); entry.increment(error)) {
        const auto& file = entry->path();
        if (file.extension() != ".json" && !is_json_lines_name(file)) continue;
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
      if (error) throw Error("cannot list the folder: " + error.message(), SourceLocation::in_file(path.string()));
      std::sort(found.begin(), found.end(), [](const Input& left, const Input& right) { return left.path < right.path; });
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
  for (const Input& input : inputs_) {
    if (input.path == "-" || !input.unreadable.empty()) continue;
    std::error_code error;
    total += std::filesystem::file_size(input.path, error);
  }
  if (known) total_bytes_ = total;
}

DocumentSources::~DocumentSources() {
  if (file_ != nullptr && !file_is_stdin_) std::fclose(file_);
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
  const Input& input = inputs_[next_input_];
  if (file_ == nullptr) {
    file_is_stdin_ = input.path == "-";
    if (file_is_stdin_) json::require_open_standard_input(json::kStandardInputName);
    file_ = file_is_stdin_ ? stdin : std::fopen(input.path.c_str(), "rb");
    if (file_ == nullptr) {
      add_unreadable(batch, input, std::string("cannot open the file: ") + std::strerror(errno));
      ++next_input_;
      return false;
    }
    chunk_.reset();
    chunk_size_ = 0;
    start_ = 0;
    line_ = 0;
    at_end_ = false;
  }
  const std::size_t origin = batch.origins.size();
  batch.origins.push_back(input.path == "-" ? json::kStandardInputName : input.path.string());
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
      if (line.size() > json::kMaximumFileSize) {
        throw Error("line " + std::to_string(line_) + " is longer than portcheck reads (" +
                        std::to_string(json::kMaximumFileSize) + " bytes)",
                    SourceLocation::in_file(input.path == "-" ? json::kStandardInputName : input.path.string()));
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
      if (batch.records.size() >= options_.batch_documents) return true;
    }
    if (at_end_) break;
    // Read on into a new chunk that starts with the unfinished line; reads
    // grow with a long line, so a line of n bytes costs O(n) copying.
    const std::size_t carry = chunk_size_ - start_;
    if (carry > json::kMaximumFileSize) {
      throw Error("line " + std::to_string(line_ + 1) + " is longer than portcheck reads (" +
                      std::to_string(json::kMaximumFileSize) + " bytes)",
                  SourceLocation::in_file(input.path.string()));
    }
    // Doubling, but never reading far past the longest line portcheck takes.
    const std::size_t read_size =
        std::max(kReadSize, std::min<std::size_t>(carry, json::kMaximumFileSize + 1 - carry));
    std::shared_ptr<char[]> next = take_chunk(carry + read_size);
    if (carry > 0) std::memcpy(next.get(), chunk + start_, carry);
    const std::size_t got = std::fread(next.get() + carry, 1, read_size, file_);
    if (got < read_size) {
      if (std::ferror(file_) != 0) throw Error("cannot read it", SourceLocation::in_file(input.path.string()));
      at_end_ = true;
    }
    if (chunk_) spare_.emplace_back(std::move(chunk_), chunk_capacity_);
    chunk_ = std::move(next);
    chunk_capacity_ = std::max(carry + read_size, kChunkSize);
    chunk_size_ = carry + got;
    start_ = 0;
  }
  if (!file_is_stdin_) std::fclose(file_);
  file_ = nullptr;
  chunk_.reset();
  ++next_input_;
  batch.progress = consumed_;
  return false;
}

void DocumentSources::add_unreadable(Batch& batch, const Input& input, const std::string& why) {
  Record record;
  record.origin = batch.origins.size();
  batch.origins.push_back(input.path.string());
  batch.unreadable.push_back(why);
  record.unreadable = batch.unreadable.size();
  batch.records.push_back(record);
}

bool DocumentSources::next(Batch& batch) {
  while (next_input_ < inputs_.size()) {
    const Input& input = inputs_[next_input_];
    if (!input.unreadable.empty()) {
      add_unreadable(batch, input, input.unreadable);
      ++next_input_;
      continue;
    }
    if (input.json_lines) {
      if (fill_lines(batch)) return true;
      continue;
    }
    std::string text;
    try {
      text = json::read_file(input.path);
    } catch (const Error& error) {
      // Gone or unreadable since it was listed (permissions, a race): counted,
      // and the scan goes on.
      add_unreadable(batch, input, error.message());
      ++next_input_;
      continue;
    }
    consumed_ += text.size();
    Record record;
    record.offset = batch.text.size();
    record.length = text.size();
    record.origin = batch.origins.size();
    batch.origins.push_back(input.path.string());
    batch.text.append(text);
    batch.records.push_back(record);
    ++next_input_;
    batch.progress = consumed_;
    if (batch.text.size() >= options_.batch_bytes || batch.records.size() >= options_.batch_documents) return true;
  }
  return !batch.records.empty();
}

}  // namespace portcheck::scan
