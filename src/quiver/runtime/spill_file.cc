#include <arrow/util/compression.h>
#include <quiver/runtime/spill_file.h>

#include <cstdio>

namespace quiver {

SpillFile::~SpillFile() {
  if (writer_) (void)writer_->Close();
  if (out_ && !out_->closed()) (void)out_->Close();
  std::remove(path_.c_str());
  live_files_->fetch_sub(1);
}

arrow::Status SpillFile::Write(const std::shared_ptr<arrow::RecordBatch>& batch) {
  if (!writer_) {
    ARROW_ASSIGN_OR_RAISE(out_, arrow::io::FileOutputStream::Open(path_));
    auto options = arrow::ipc::IpcWriteOptions::Defaults();
    // Spilled data is read once, soon: LZ4 trades little CPU for much less disk traffic.
    if (arrow::util::Codec::IsAvailable(arrow::Compression::LZ4_FRAME)) {
      ARROW_ASSIGN_OR_RAISE(options.codec,
                            arrow::util::Codec::Create(arrow::Compression::LZ4_FRAME));
    }
    ARROW_ASSIGN_OR_RAISE(writer_, arrow::ipc::MakeStreamWriter(out_, schema_, options));
  }
  rows_ += batch->num_rows();
  return writer_->WriteRecordBatch(*batch);
}

arrow::Status SpillFile::FinishWriting() {
  if (!writer_) {
    // No batch written: still leave a readable (empty) stream.
    ARROW_ASSIGN_OR_RAISE(out_, arrow::io::FileOutputStream::Open(path_));
    ARROW_ASSIGN_OR_RAISE(writer_, arrow::ipc::MakeStreamWriter(out_, schema_));
  }
  ARROW_RETURN_NOT_OK(writer_->Close());
  ARROW_ASSIGN_OR_RAISE(bytes_, out_->Tell());
  ARROW_RETURN_NOT_OK(out_->Close());
  writer_.reset();
  out_.reset();
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> SpillFile::OpenReader() const {
  if (writer_) return arrow::Status::Invalid("spill file ", path_, " is still being written");
  ARROW_ASSIGN_OR_RAISE(auto in, arrow::io::ReadableFile::Open(path_));
  ARROW_ASSIGN_OR_RAISE(auto reader, arrow::ipc::RecordBatchStreamReader::Open(in));
  return reader;
}

}  // namespace quiver
