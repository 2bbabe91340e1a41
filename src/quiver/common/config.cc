#include <quiver/common/byte_size.h>
#include <quiver/common/config.h>

#include <charconv>

#include <arrow/result.h>

namespace quiver {
namespace {

arrow::Result<int64_t> ParseInt(const std::string& key, const std::string& value) {
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc() || ptr != value.data() + value.size()) {
    return arrow::Status::Invalid("setting '", key, "' expects an integer, got '", value, "'");
  }
  return out;
}

arrow::Result<bool> ParseBool(const std::string& key, const std::string& value) {
  if (value == "true" || value == "TRUE" || value == "1") return true;
  if (value == "false" || value == "FALSE" || value == "0") return false;
  return arrow::Status::Invalid("setting '", key, "' expects true or false, got '", value, "'");
}

}  // namespace

arrow::Result<int64_t> SessionConfig::extension_count(const std::string& key,
                                                      int64_t fallback) const {
  auto it = extensions.find(key);
  if (it == extensions.end()) return fallback;
  const std::string& text = it->second;
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < 0) {
    return arrow::Status::Invalid(key, " must be a non-negative integer, got '", text, "'");
  }
  return v;
}

arrow::Result<double> SessionConfig::extension_fraction(const std::string& key,
                                                        double fallback) const {
  auto it = extensions.find(key);
  if (it == extensions.end()) return fallback;
  const std::string& text = it->second;
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !(v >= 0 && v <= 1)) {
    return arrow::Status::Invalid(key, " must be a number from 0 to 1, got '", text, "'");
  }
  return v;
}

arrow::Status SessionConfig::set(const std::string& key, const std::string& value) {
  if (key == "target_partitions") {
    ARROW_ASSIGN_OR_RAISE(auto v, ParseInt(key, value));
    if (v < 1 || v > 1024) return arrow::Status::Invalid("target_partitions must be in [1, 1024]");
    target_partitions = static_cast<int>(v);
  } else if (key == "batch_size") {
    ARROW_ASSIGN_OR_RAISE(auto v, ParseInt(key, value));
    if (v < 1) return arrow::Status::Invalid("batch_size must be positive");
    batch_size = v;
  } else if (key == "parquet_pruning") {
    ARROW_ASSIGN_OR_RAISE(parquet_pruning, ParseBool(key, value));
  } else if (key == "worker_task_ttl_seconds") {
    ARROW_ASSIGN_OR_RAISE(auto v, ParseInt(key, value));
    if (v < 1) return arrow::Status::Invalid("worker_task_ttl_seconds must be positive");
    worker_task_ttl_seconds = v;
  } else if (key == "distributed.worker_timeout_ms") {
    ARROW_ASSIGN_OR_RAISE(auto v, ParseInt(key, value));
    if (v < 100 || v > 86400000) {
      return arrow::Status::Invalid(key, " must be in [100, 86400000] (0.1 s to one day)");
    }
    distributed_worker_timeout_ms = v;
  } else if (key == "distributed.max_attempts") {
    ARROW_ASSIGN_OR_RAISE(auto v, ParseInt(key, value));
    if (v < 1 || v > 100) return arrow::Status::Invalid(key, " must be in [1, 100]");
    distributed_max_attempts = v;
  } else if (key == "distributed.require_distribution") {
    ARROW_ASSIGN_OR_RAISE(distributed_require_distribution, ParseBool(key, value));
  } else if (key == "distributed.bytes_per_task") {
    ARROW_ASSIGN_OR_RAISE(auto v, ParseInt(key, value));
    if (v < 1) return arrow::Status::Invalid("distributed.bytes_per_task must be positive");
    distributed_bytes_per_task = v;
  } else if (key == "distributed.broadcast_joins") {
    ARROW_ASSIGN_OR_RAISE(distributed_broadcast_joins, ParseBool(key, value));
  } else if (key == "optimizer.hash_join_single_partition_threshold") {
    ARROW_ASSIGN_OR_RAISE(auto v, ParseInt(key, value));
    if (v < 0) return arrow::Status::Invalid(key, " must not be negative");
    hash_join_single_partition_threshold = v;
  } else if (key == "optimizer.hash_join_single_partition_threshold_rows") {
    ARROW_ASSIGN_OR_RAISE(auto v, ParseInt(key, value));
    if (v < 0) return arrow::Status::Invalid(key, " must not be negative");
    hash_join_single_partition_threshold_rows = v;
  } else if (key == "memory_limit") {
    auto v = ParseByteSize(value);
    if (!v.ok()) return arrow::Status::Invalid("setting 'memory_limit': ", v.status().message());
    memory_limit = *v;
  } else if (key.find('.') != std::string::npos) {
    extensions[key] = value;
  } else {
    return arrow::Status::Invalid("unknown setting '", key, "'");
  }
  return arrow::Status::OK();
}

arrow::Result<std::string> SessionConfig::get(const std::string& key) const {
  auto all = to_map();
  auto it = all.find(key);
  if (it == all.end()) return arrow::Status::KeyError("unknown setting '", key, "'");
  return it->second;
}

std::map<std::string, std::string> SessionConfig::to_map() const {
  std::map<std::string, std::string> out = extensions;
  out["target_partitions"] = std::to_string(target_partitions);
  out["batch_size"] = std::to_string(batch_size);
  out["memory_limit"] = std::to_string(memory_limit);
  out["parquet_pruning"] = parquet_pruning ? "true" : "false";
  out["worker_task_ttl_seconds"] = std::to_string(worker_task_ttl_seconds);
  out["distributed.worker_timeout_ms"] = std::to_string(distributed_worker_timeout_ms);
  out["distributed.max_attempts"] = std::to_string(distributed_max_attempts);
  out["distributed.require_distribution"] = distributed_require_distribution ? "true" : "false";
  out["distributed.bytes_per_task"] = std::to_string(distributed_bytes_per_task);
  out["distributed.broadcast_joins"] = distributed_broadcast_joins ? "true" : "false";
  out["optimizer.hash_join_single_partition_threshold"] =
      std::to_string(hash_join_single_partition_threshold);
  out["optimizer.hash_join_single_partition_threshold_rows"] =
      std::to_string(hash_join_single_partition_threshold_rows);
  return out;
}

}  // namespace quiver
