// libFuzzer target: a corrupt data file. The input is written to a file (Parquet when it
// starts with the Parquet magic "PAR1", CSV otherwise) and scanned the way a query scans a
// table: registered, then `select *` and `select count(*)` collected. Each must answer or fail
// with an error naming the file, never crash.
#include <arrow/compute/initialize.h>
#include <quiver/execution/session_context.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool initialized = arrow::compute::Initialize().ok();
  if (!initialized) return 0;
  const bool parquet = size >= 4 && std::memcmp(data, "PAR1", 4) == 0;
  static const std::string stem = "/tmp/quiver-fuzz-" + std::to_string(::getpid());
  const std::string path = stem + (parquet ? ".parquet" : ".csv");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  quiver::SessionContext ctx;
  auto registered = parquet ? ctx.register_parquet("f", path) : ctx.register_csv("f", path);
  if (registered.ok()) {
    for (const char* sql : {"select * from f", "select count(*) from f"}) {
      auto df = ctx.sql(sql);
      if (df.ok()) (void)df->collect();
    }
  }
  std::remove(path.c_str());
  return 0;
}
