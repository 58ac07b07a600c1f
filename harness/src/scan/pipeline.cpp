#include "scan/pipeline.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

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
  batch.judgements.clear();
  batch.judgements.reserve(batch.records.size());
  for (const Record& record : batch.records) {
    if (record.unreadable > 0) {
      Judgement judgement;
      judgement.passed = judgement.valid = judgement.readable = judgement.fast = false;
      judgement.problems.push_back({compare::Rule::unreadable_input, "", "", batch.unreadable[record.unreadable - 1]});
      batch.judgements.push_back(std::move(judgement));
    } else if (judge.accepts_fast(batch.view(record), reader)) {
      batch.judgements.emplace_back();
    } else {
      batch.judgements.push_back(judge.judge_exactly(batch.view(record), record_name(batch, record)));
    }
  }
}

/// Batches waiting for a worker, and judged batches waiting for their turn.
class Exchange {
 public:
  explicit Exchange(std::size_t capacity) : capacity_(capacity) {}

  /// Blocks while `capacity` batches are between reading and reporting.
  bool put(std::unique_ptr<Batch> batch) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return in_flight_ < capacity_ || stopped_; });
    if (stopped_) return false;
    ++in_flight_;
    waiting_.emplace_back(next_sequence_++, std::move(batch));
    work_.notify_one();
    return true;
  }

  void finish_input() {
    std::lock_guard lock(mutex_);
    input_done_ = true;
    work_.notify_all();
    done_.notify_all();
  }

  /// The next batch to judge, or nothing when input is over.
  std::pair<std::size_t, std::unique_ptr<Batch>> take() {
    std::unique_lock lock(mutex_);
    work_.wait(lock, [&] { return !waiting_.empty() || input_done_ || stopped_; });
    if (waiting_.empty() || stopped_) return {0, nullptr};
    auto item = std::move(waiting_.front());
    waiting_.pop_front();
    return item;
  }

  void judged(std::size_t sequence, std::unique_ptr<Batch> batch) {
    std::lock_guard lock(mutex_);
    judged_.emplace(sequence, std::move(batch));
    done_.notify_all();
  }

  /// The next batch in reading order, or nothing when all are reported.
  std::unique_ptr<Batch> next_in_order() {
    std::unique_lock lock(mutex_);
    done_.wait(lock,
               [&] { return judged_.contains(reported_) || (input_done_ && reported_ == next_sequence_) || stopped_; });
    const auto found = judged_.find(reported_);
    if (found == judged_.end()) return nullptr;
    std::unique_ptr<Batch> batch = std::move(found->second);
    judged_.erase(found);
    ++reported_;
    --in_flight_;
    space_.notify_one();
    return batch;
  }

  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    space_.notify_all();
    work_.notify_all();
    done_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable space_, work_, done_;
  std::size_t capacity_;
  std::size_t in_flight_ = 0;
  std::size_t next_sequence_ = 0;
  std::size_t reported_ = 0;
  bool input_done_ = false;
  bool stopped_ = false;
  std::deque<std::pair<std::size_t, std::unique_ptr<Batch>>> waiting_;
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
  // Two batches per worker in flight keeps every worker busy while the
  // reporter waits for the oldest, and bounds memory.
  Exchange exchange(2 * jobs + 1);
  std::exception_ptr producer_error;
  std::thread reading([&] {
    try {
      while (true) {
        auto batch = std::make_unique<Batch>();
        if (!producer(*batch)) break;
        if (!exchange.put(std::move(batch))) break;
      }
    } catch (...) {
      producer_error = std::current_exception();
    }
    exchange.finish_input();
  });
  std::mutex worker_error_mutex;
  std::exception_ptr worker_error;
  std::vector<std::thread> workers;
  for (std::size_t index = 0; index < jobs; ++index) {
    workers.emplace_back([&] {
      try {
        FastReader reader;
        while (true) {
          auto [sequence, batch] = exchange.take();
          if (!batch) break;
          judge_batch(*batch, judge, reader);
          exchange.judged(sequence, std::move(batch));
        }
      } catch (...) {
        const std::lock_guard lock(worker_error_mutex);
        if (!worker_error) worker_error = std::current_exception();
        exchange.stop();
      }
    });
  }
  std::exception_ptr consumer_error;
  try {
    while (auto batch = exchange.next_in_order()) consumer(*batch);
  } catch (...) {
    consumer_error = std::current_exception();
  }
  exchange.stop();
  reading.join();
  for (std::thread& worker : workers) worker.join();
  if (worker_error) std::rethrow_exception(worker_error);
  if (producer_error) std::rethrow_exception(producer_error);
  if (consumer_error) std::rethrow_exception(consumer_error);
}

}  // namespace portcheck::scan
