#include <arrow/flight/types.h>
#include <quiver/distributed/worker_loss.h>

#include <regex>

namespace quiver {

bool IsUnreachable(const arrow::Status& status) {
  if (status.ok()) return false;
  auto detail = arrow::flight::FlightStatusDetail::UnwrapStatus(status);
  if (!detail) return false;
  return detail->code() == arrow::flight::FlightStatusCode::Unavailable ||
         detail->code() == arrow::flight::FlightStatusCode::TimedOut;
}

std::optional<std::string> LostWorker(const arrow::Status& status) {
  if (status.ok()) return std::nullopt;
  // Matched once per failed query, on its message: not a hot path.
  static const std::regex kPattern(
      "worker (\\S+) failed stage [0-9]+(?: task [0-9]+)?: (?:cannot register the stage: )?" +
      std::string(kWorkerLost));
  const std::string& message = status.message();
  std::optional<std::string> lost;
  for (std::sregex_iterator it(message.begin(), message.end(), kPattern), end; it != end; ++it) {
    lost = (*it)[1].str();
  }
  return lost;
}

}  // namespace quiver
