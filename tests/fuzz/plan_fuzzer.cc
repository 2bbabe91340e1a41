// libFuzzer target: bytes a worker receives from the network. The first byte picks the
// decoder: a physical plan (with the distributed codec, as a worker decodes a stage), a task
// ticket, or a stage registration. Each must decode or fail with an error, never crash, and a
// decoded plan must describe itself.
#include <arrow/compute/initialize.h>
#include <quiver/distributed/distributed_codec.h>
#include <quiver/distributed/stage_registration.h>
#include <quiver/distributed/task_ticket.h>
#include <quiver/functions/function_registry.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/proto/physical_plan_codec.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool initialized = arrow::compute::Initialize().ok();
  static const auto functions = quiver::FunctionRegistry::MakeDefault();
  if (!initialized || size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      quiver::DistributedCodec codec;
      auto plan = quiver::DeserializePlan(bytes, *functions, &codec);
      if (plan.ok()) (void)quiver::DisplayPlan(**plan);
      break;
    }
    case 1:
      (void)quiver::TaskTicket::Deserialize(bytes);
      break;
    default: {
      auto registration = quiver::StageRegistration::Deserialize(bytes);
      if (registration.ok() && registration->plan) {
        quiver::DistributedCodec codec;
        (void)quiver::DeserializePlan(*registration->plan, *functions, &codec);
      }
      break;
    }
  }
  return 0;
}
