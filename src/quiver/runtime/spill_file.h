#pragma once

#include <arrow/io/file.h>
#include <arrow/ipc/reader.h>
#include <arrow/ipc/writer.h>
#include <arrow/record_batch.h>
#include <arrow/result.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace quiver {

/// \brief One temporary file of record batches in the Arrow IPC stream format (LZ4 frames when
/// the build has the codec), written once then read back in order. The file is removed when the
/// SpillFile goes away, so an operator's spills end with its stream: on success, error and
/// cancellation alike. Made by DiskManager::CreateSpillFile.
class SpillFile {
 public:
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  /// Appends a batch (opening the file on the first one).
  arrow::Status Write(const std::shared_ptr<arrow::RecordBatch>& batch);
  /// Closes the writer; the file may then be read.
  arrow::Status FinishWriting();
  /// A reader over the written batches (FinishWriting first).
  arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> OpenReader() const;

  const std::string& path() const { return path_; }
  int64_t rows() const { return rows_; }
  /// Bytes on disk, known after FinishWriting.
  int64_t bytes() const { return bytes_; }

 private:
  friend class DiskManager;
  SpillFile(std::string path, std::shared_ptr<arrow::Schema> schema,
            std::shared_ptr<std::atomic<int64_t>> live_files)
      : path_(std::move(path)), schema_(std::move(schema)), live_files_(std::move(live_files)) {}

  std::string path_;
  std::shared_ptr<arrow::Schema> schema_;
  std::shared_ptr<std::atomic<int64_t>> live_files_;
  std::shared_ptr<arrow::io::FileOutputStream> out_;
  std::shared_ptr<arrow::ipc::RecordBatchWriter> writer_;
  int64_t rows_ = 0;
  int64_t bytes_ = 0;
};

}  // namespace quiver
