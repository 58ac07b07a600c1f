#pragma once
/// Many documents through one Judge: N workers that take turns planning the
/// next batch, read and judge it, and report the batches in the order they
/// were planned, so the output is the same for any number of workers.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scan/judge.hpp"

namespace portcheck::scan {

/// One document of a batch: its text, and where it came from.
struct Record {
  /// Into Batch::text when `data` is null, else `data` itself (text that
  /// lives as long as the batch, e.g. a database row or a read chunk held in
  /// `Batch::keep`).
  const char* data = nullptr;
  std::size_t offset = 0;
  std::size_t length = 0;
  std::size_t origin = 0;  ///< index into Batch::origins
  std::size_t line = 0;    ///< line of a JSON Lines record, 0 for a whole file
  std::size_t row = 0;     ///< row number in a query's result, 0 otherwise
  std::size_t keys = 0;    ///< a row's: which of the batch's rows keys_of names
  /// 0, or 1 + the index into Batch::unreadable of why this entry could not
  /// be read: it has no text, and is judged unreadable.
  std::size_t unreadable = 0;
  /// kReadPadding bytes after the text are allocated: the fast reader need
  /// not copy it.
  bool padded = false;
};

struct Batch {
  std::string text;  ///< whole-file documents, one after another
  std::vector<Record> records;
  std::vector<std::string> origins;   ///< file names (or a query)
  std::vector<std::string> unreadable;  ///< why entries could not be read
  std::vector<Judgement> judgements;  ///< one per record, filled by the workers
  /// What `data` records point into, kept alive with the batch.
  std::vector<std::shared_ptr<const void>> keep;
  /// Names a record's row by its other columns, for the reporter.
  std::function<std::vector<std::string>(const Record&)> keys_of;
  /// What is left to read of the batch, done by the worker that judges it
  /// (outside the lock the producer runs under): it appends the records.
  std::function<void(Batch&)> finish_reading;
  /// How far the sources are read at this batch's end: bytes for files,
  /// rows for a query (for progress).
  std::size_t progress = 0;

  [[nodiscard]] std::string_view view(const Record& record) const {
    return record.data != nullptr ? std::string_view(record.data, record.length)
                                  : std::string_view(text.data() + record.offset, record.length);
  }
};

/// Fills a batch; returns false (leaving it empty) when there is no more.
using Producer = std::function<bool(Batch&)>;
/// Takes judged batches, in the order they were produced: called by one
/// worker at a time (whichever judged the next batch), never at once.
using Consumer = std::function<void(Batch&)>;

/// Runs producer → `jobs` workers judging every record → consumer. The
/// producer is called by one worker at a time, in turn; a batch's
/// finish_reading runs in its worker, outside that turn. With one job,
/// everything runs in the calling thread, one batch after another.
/// An exception in the producer, a finish_reading or the consumer stops the
/// pipeline and is rethrown here, as with one job: every batch before the
/// first that fails (in reading order, whichever worker met its failure
/// first) is consumed, none after it, and its exception is the one rethrown.
void run_pipeline(std::size_t jobs, const Producer& producer, const Judge& judge, const Consumer& consumer);

/// The number of cores, at least 1.
std::size_t default_jobs();

/// The most threads --jobs takes: past it, threads only add memory and
/// switching on any machine this runs on.
inline constexpr std::size_t max_jobs = 256;

}  // namespace portcheck::scan
