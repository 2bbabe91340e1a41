#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/runtime/disk_manager.h>

#include <filesystem>

namespace quiver {
namespace {

std::shared_ptr<arrow::RecordBatch> Batch(int64_t start, int64_t n) {
  arrow::Int64Builder b;
  for (int64_t i = 0; i < n; ++i) EXPECT_TRUE(b.Append(start + i).ok());
  auto schema = arrow::schema({arrow::field("x", arrow::int64())});
  return arrow::RecordBatch::Make(schema, n, {b.Finish().ValueOrDie()});
}

TEST(DiskManagerTest, SpillFilesRoundTripAndAreRemovedWithTheirOwner) {
  auto root = std::filesystem::temp_directory_path() / "quiver-disk-manager-test";
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root);
  std::string directory;
  {
    DiskManager disk(root.string());
    EXPECT_EQ(disk.directory(), "");  // nothing made before the first spill
    auto schema = Batch(0, 1)->schema();
    auto file = disk.CreateSpillFile("SortExec partition 0", schema).ValueOrDie();
    directory = disk.directory();
    EXPECT_EQ(std::filesystem::path(directory).parent_path(), root);
    ASSERT_TRUE(file->Write(Batch(0, 1000)).ok());
    ASSERT_TRUE(file->Write(Batch(1000, 24)).ok());
    ASSERT_TRUE(file->FinishWriting().ok());
    EXPECT_EQ(file->rows(), 1024);
    EXPECT_GT(file->bytes(), 0);
    EXPECT_TRUE(std::filesystem::exists(file->path()));
    EXPECT_EQ(std::filesystem::path(file->path()).filename().string().rfind("SortExec_", 0), 0u);
    EXPECT_EQ(disk.live_files(), 1);

    auto reader = file->OpenReader().ValueOrDie();
    auto table = reader->ToTable().ValueOrDie();
    ASSERT_EQ(table->num_rows(), 1024);
    auto column = std::static_pointer_cast<arrow::Int64Array>(
        table->CombineChunksToBatch().ValueOrDie()->column(0));
    for (int64_t i = 0; i < 1024; ++i) ASSERT_EQ(column->Value(i), i);

    const std::string path = file->path();
    reader.reset();
    file.reset();
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_EQ(disk.live_files(), 0);
    EXPECT_EQ(disk.files_created(), 1);
    EXPECT_TRUE(std::filesystem::exists(directory));
  }
  EXPECT_FALSE(std::filesystem::exists(directory));  // the process's directory goes too
  std::filesystem::remove_all(root);
}

TEST(DiskManagerTest, AnUnusableRootIsAClearError) {
  DiskManager disk("/nonexistent/quiver/spill");
  auto file = disk.CreateSpillFile("sort", Batch(0, 1)->schema());
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("cannot create a spill directory in "
                                         "'/nonexistent/quiver/spill'"),
            std::string::npos)
      << file.status().ToString();
}

}  // namespace
}  // namespace quiver
