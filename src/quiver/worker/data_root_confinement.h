#pragma once

#include <arrow/status.h>
#include <quiver/physical/execution_plan.h>

#include <string>
#include <vector>

namespace quiver {

/// \brief Refuses a plan that reads files outside `roots` (Worker::with_data_roots).
///
/// Every FileScan in `plan` must name only files under one of the roots once both are made
/// canonical (`..` resolved, symbolic links followed), so neither `root/../etc/passwd` nor a
/// link inside a root pointing out of it passes. A plan that fails gets an Unauthorized
/// Flight error (gRPC PERMISSION_DENIED) naming the file. With no roots, everything passes.
arrow::Status CheckDataRoots(const ExecutionPlan& plan, const std::vector<std::string>& roots);

}  // namespace quiver
