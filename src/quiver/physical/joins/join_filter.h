#pragma once

#include <arrow/record_batch.h>
#include <arrow/status.h>
#include <quiver/physical/joins/join_on.h>

#include <cstdint>
#include <vector>

namespace quiver {

/// Keeps the pairs (build_rows[i], probe_rows[i]) for which `filter` is true (NULL counts as
/// false), compacting both vectors in place and keeping their order: the filter's intermediate
/// batch is taken from both sides at the pairs' rows and the expression evaluated once over it.
/// The build side is the join's left input, the probe side its right input.
arrow::Status ApplyJoinFilter(const JoinFilter& filter, const arrow::RecordBatch& build,
                              const arrow::RecordBatch& probe, std::vector<uint32_t>* build_rows,
                              std::vector<uint32_t>* probe_rows);

}  // namespace quiver
