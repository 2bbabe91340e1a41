#include <arrow/flight/types.h>
#include <gtest/gtest.h>
#include <quiver/distributed/worker_loss.h>

namespace quiver {
namespace {

TEST(WorkerLossTest, UnreachableMeansFlightUnavailableOrADeadline) {
  using arrow::flight::FlightStatusCode;
  EXPECT_TRUE(IsUnreachable(arrow::flight::MakeFlightError(FlightStatusCode::Unavailable, "x")));
  EXPECT_TRUE(IsUnreachable(arrow::flight::MakeFlightError(FlightStatusCode::TimedOut, "x")));
  EXPECT_FALSE(IsUnreachable(arrow::flight::MakeFlightError(FlightStatusCode::Failed, "x")));
  EXPECT_FALSE(IsUnreachable(arrow::Status::IOError("unavailable")));
  EXPECT_FALSE(IsUnreachable(arrow::Status::OK()));
}

TEST(WorkerLossTest, TheLostWorkerIsTheInnermostOneMarkedLost) {
  // Relayed by the worker that read from it, then by the coordinator's reader.
  auto relayed = arrow::Status::UnknownError(
      "worker grpc+tcp://127.0.0.1:1001 failed stage 1 task 0: worker grpc+tcp://127.0.0.1:1002 "
      "failed stage 2 task 1: worker lost: Socket closed");
  EXPECT_EQ(LostWorker(relayed), "grpc+tcp://127.0.0.1:1002");
  auto registration = arrow::Status::IOError(
      "worker grpc+tcp://127.0.0.1:1003 failed stage 4: cannot register the stage: worker lost: "
      "connection refused");
  EXPECT_EQ(LostWorker(registration), "grpc+tcp://127.0.0.1:1003");
  // A task's own failure names a worker but loses none.
  auto failed = arrow::Status::Invalid(
      "worker grpc+tcp://127.0.0.1:1001 failed stage 1 task 0: unknown function times_two");
  EXPECT_EQ(LostWorker(failed), std::nullopt);
  EXPECT_EQ(LostWorker(arrow::Status::OK()), std::nullopt);
}

}  // namespace
}  // namespace quiver
