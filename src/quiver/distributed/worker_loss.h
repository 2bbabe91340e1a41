#pragma once

#include <arrow/status.h>

#include <optional>
#include <string>

namespace quiver {

/// \brief Telling a lost worker from a failed task.
///
/// A worker is *lost* when it cannot be reached, drops the connection, or stays silent past
/// `distributed.worker_timeout_ms`; a query that lost one can run again on the others. A task
/// that fails on a healthy worker (bad data, a memory limit, a UDF error) fails the same way
/// again, so it is not retried. Errors cross workers as text (Flight carries a message, not a
/// status detail), so the mark is in the message: "worker <url> failed stage S task T: worker
/// lost: <cause>", kept when a downstream worker relays it.

/// How the message of a lost worker's failure continues after "...failed stage S task T: ".
inline constexpr const char* kWorkerLost = "worker lost: ";

/// True when `status`, from a call to a worker, says that the worker is unreachable or gone
/// (Flight UNAVAILABLE or a deadline), as opposed to an error the worker reported.
bool IsUnreachable(const arrow::Status& status);

/// The URL of the worker whose loss `status` reports (the innermost one when relayed), or
/// nullopt when it reports no lost worker.
std::optional<std::string> LostWorker(const arrow::Status& status);

}  // namespace quiver
