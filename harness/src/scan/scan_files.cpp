#include "scan/scan_files.hpp"

#include "scan/judge.hpp"
#include "scan/pipeline.hpp"

namespace portcheck::scan {

FileScanResult scan_files(const schema::SchemaSet& schemas, const FileScanRequest& request,
                          const std::function<void(std::size_t, std::size_t, std::optional<std::size_t>)>& progress,
                          const std::function<void(Totals&)>& after_batch) {
  const Judge judge(schemas, request.side, request.structure, Strictness::schema);
  DocumentSources sources(request.sources);
  FileScanResult result;
  const Producer producer = [&sources](Batch& batch) { return sources.next(batch); };
  run_pipeline(request.jobs == 0 ? default_jobs() : request.jobs, producer, judge, [&](Batch& batch) {
    result.totals.add(batch, request.show);
    if (after_batch) after_batch(result.totals);
    if (progress) progress(result.totals.documents, batch.progress, sources.total_bytes());
  });
  result.files = sources.file_count();
  result.skipped = sources.skipped();
  if (!judge.plan().available()) result.plan_unavailable = judge.plan().why_unavailable();
  return result;
}

}  // namespace portcheck::scan
