#include "scan/pipeline.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "compare/readability.hpp"

namespace portcheck::scan {

namespace {

/// The name messages give a record: "file", "file:line" or "row N".
std::string record_name(const Batch& batch, const Record& record) {
  if (record.row > 0) return "row " + std::to_string(record.row);
  std::string name = batch.origins.empty() ? std::string("-") : batch.origins[record.origin];
  if (record.line > 0) name += ":" + std::to_string(record.line);
  return name;
}

void judge_batch(Batch& batch, const Judge& judge, FastReader& reader) {
  if (batch.finish_reading) batch.finish_reading(batch);
  batch.judgements.clear();
  batch.judgements.reserve(batch.records.size());
  for (const Record& record : batch.records) {
    if (record.unreadable > 0) {
      Judgement judgement;
      judgement.passed = judgement.valid = judgement.readable = judgement.fast = false;
      judgement.problems.push_back({compare::Rule::unreadable_input, "", "", batch.unreadable[record.unreadable - 1]});
      batch.judgements.push_back(std::move(judgement));
    } else if (judge.accepts_fast(batch.view(record), reader, record.padded)) {
      batch.judgements.emplace_back();
    } else {
      batch.judgements.push_back(judge.judge_exactly(batch.view(record), record_name(batch, record)));
    }
  }
}

/// Room for batches between reading and reporting, and judged batches
/// waiting for their turn.
class Exchange {
 public:
  explicit Exchange(std::size_t capacity) : capacity_(capacity) {}

  /// Waits until fewer than `capacity` batches are between reading and
  /// reporting, and takes a place for one; false when the pipeline stopped.
  bool reserve() {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return in_flight_ < capacity_ || stopped_; });
    if (stopped_) return false;
    ++in_flight_;
    return true;
  }

  /// Gives back a place taken for a batch that was not made.
  void release() {
    std::lock_guard lock(mutex_);
    --in_flight_;
    space_.notify_one();
  }

  /// Called by the worker that judged batch `sequence`: every batch that is
  /// now next in reading order goes to the consumer, in order, one thread
  /// at a time. The worker already consuming takes the others' batches in
  /// turn, so no thread of its own waits to report (a third thread on two
  /// cores would take turns with the workers at every batch).
  void judged(std::size_t sequence, std::unique_ptr<Batch> batch, const Consumer& consumer) {
    std::unique_lock lock(mutex_);
    if (sequence >= end_) {
      // Past a batch that failed: never reported (one job would have
      // stopped at the failure). Freed outside the lock.
      --in_flight_;
      space_.notify_one();
      lock.unlock();
      return;
    }
    judged_.emplace(sequence, std::move(batch));
    if (consuming_) return;
    consuming_ = true;
    while (!stopped_) {
      const auto found = judged_.find(reported_);
      if (found == judged_.end()) break;
      std::unique_ptr<Batch> next = std::move(found->second);
      judged_.erase(found);
      lock.unlock();
      try {
        consumer(*next);
        next.reset();  // freed outside the lock
      } catch (...) {
        lock.lock();
        if (!consumer_error_) consumer_error_ = std::current_exception();
        consuming_ = false;
        stopped_ = true;
        space_.notify_all();
        return;
      }
      lock.lock();
      ++reported_;
      --in_flight_;
      space_.notify_one();
    }
    consuming_ = false;
  }

  /// What the consumer threw, if it did.
  std::exception_ptr consumer_error() {
    std::lock_guard lock(mutex_);
    return consumer_error_;
  }

  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    space_.notify_all();
  }

  /// Batch `sequence`, whose place is taken, failed: it and every batch
  /// after it are dropped, and those before it are still reported, as one
  /// job reports every batch before the one that fails.
  void end_at(std::size_t sequence) {
    std::vector<std::unique_ptr<Batch>> dropped;
    {
      std::lock_guard lock(mutex_);
      --in_flight_;  // the failed batch's own place
      end_ = std::min(end_, sequence);
      for (auto found = judged_.lower_bound(end_); found != judged_.end(); found = judged_.erase(found)) {
        dropped.push_back(std::move(found->second));
        --in_flight_;
      }
      space_.notify_all();
    }
  }

 private:
  std::mutex mutex_;
  std::condition_variable space_;
  std::size_t capacity_;
  std::size_t in_flight_ = 0;
  std::size_t reported_ = 0;
  /// The first batch that failed: neither it nor any later one is reported.
  std::size_t end_ = std::numeric_limits<std::size_t>::max();
  bool consuming_ = false;
  bool stopped_ = false;
  std::exception_ptr consumer_error_;
  std::map<std::size_t, std::unique_ptr<Batch>> judged_;
};

}  // namespace

std::size_t default_jobs() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : cores;
}

void run_pipeline(std::size_t jobs, const Producer& producer, const Judge& judge, const Consumer& consumer) {
  if (jobs <= 1) {
    FastReader reader;
    while (true) {
      Batch batch;
      if (!producer(batch)) break;
      judge_batch(batch, judge, reader);
      consumer(batch);
    }
    return;
  }
  // Each worker plans the next batch itself (one at a time, in order), then
  // reads, judges and reports it: no thread of its own for reading or for
  // reporting, so `jobs` threads keep `jobs` cores busy, as that many
  // separate processes would. Two batches per worker in flight keep every
  // worker busy while the oldest is still being judged, and bound memory.
  Exchange exchange(2 * jobs + 1);
  std::mutex reading;
  bool input_done = false;       // guarded by `reading`
  std::size_t batches_read = 0;  // guarded by `reading`
  // The error of the earliest batch in reading order, whichever worker met
  // it first: the same input fails with the same message for any --jobs.
  std::mutex error_mutex;
  std::exception_ptr first_error;
  std::size_t first_error_batch = 0;
  const auto record_error = [&](std::size_t batch, std::exception_ptr error) {
    const std::lock_guard lock(error_mutex);
    if (!first_error || batch < first_error_batch) {
      first_error = std::move(error);
      first_error_batch = batch;
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t index = 0; index < jobs; ++index) {
    workers.emplace_back([&] {
      std::size_t sequence = 0;
      bool holding = false;  // a batch that is planned and not yet handed on
      try {
        FastReader reader;
        while (exchange.reserve()) {
          auto batch = std::make_unique<Batch>();
          {
            const std::lock_guard lock(reading);
            bool more = false;
            sequence = batches_read;
            if (!input_done) {
              try {
                more = producer(*batch);
              } catch (...) {
                record_error(sequence, std::current_exception());
              }
            }
            if (!more) {
              input_done = true;
              exchange.release();
              break;
            }
            ++batches_read;
            holding = true;
          }
          judge_batch(*batch, judge, reader);
          holding = false;
          exchange.judged(sequence, std::move(batch), consumer);
        }
      } catch (...) {
        record_error(sequence, std::current_exception());
        if (holding) {
          // Reading or judging this batch failed: no batch is planned
          // after it, and those before it are still reported.
          {
            const std::lock_guard lock(reading);
            input_done = true;
          }
          exchange.end_at(sequence);
        } else {
          exchange.stop();
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  // Output that failed (a closed pipe) failed at a batch before any whose
  // reading failed: the batches after a failed one are never reported. So
  // it is what one job would have met first.
  if (const std::exception_ptr consumer_error = exchange.consumer_error()) std::rethrow_exception(consumer_error);
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace portcheck::scan
