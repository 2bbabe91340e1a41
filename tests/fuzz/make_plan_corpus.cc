// Writes the plan fuzzer's seed corpus: for every TPC-H query, its single-node physical plan,
// each stage of its distributed plan (over four made-up worker URLs, nothing is contacted),
// that stage's registration and a ticket for it; each file is plan_fuzzer.cc's selector byte
// then the bytes a worker would receive. Run once, output committed (tests/fuzz/corpus/plan):
//   build/make_plan_corpus data/tpch-sf0.01 queries/tpch tests/fuzz/corpus/plan
#include <arrow/compute/initialize.h>
#include <quiver/distributed/distributed_codec.h>
#include <quiver/distributed/distributed_exec.h>
#include <quiver/distributed/stage_registration.h>
#include <quiver/distributed/task_ticket.h>
#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_context.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/execution/tpch_tables.h>
#include <quiver/proto/physical_plan_codec.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

void Write(const std::filesystem::path& path, char selector, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.put(selector);
  out << bytes;
}

arrow::Status Run(const std::string& tpch, const std::filesystem::path& queries,
                  const std::filesystem::path& out) {
  ARROW_RETURN_NOT_OK(arrow::compute::Initialize());
  std::filesystem::create_directories(out);
  std::vector<std::string> urls;
  for (int i = 0; i < 4; ++i) urls.push_back("grpc+tcp://127.0.0.1:" + std::to_string(9001 + i));
  quiver::SessionConfig config;
  config.distributed_bytes_per_task = 1;  // a task on every worker
  ARROW_ASSIGN_OR_RAISE(auto single_state, quiver::SessionStateBuilder().with_config(config).build());
  ARROW_ASSIGN_OR_RAISE(
      auto dist_state,
      quiver::SessionStateBuilder()
          .with_config(config)
          .with_distributed_planner()
          .with_distributed_worker_resolver(std::make_shared<quiver::StaticWorkerResolver>(urls))
          .build());
  quiver::SessionContext single(single_state), distributed(dist_state);
  ARROW_RETURN_NOT_OK(quiver::RegisterTpchTables(&single, tpch));
  ARROW_RETURN_NOT_OK(quiver::RegisterTpchTables(&distributed, tpch));
  quiver::DistributedCodec codec;
  int files = 0;
  for (int q = 1; q <= 22; ++q) {
    std::ifstream in(queries / ("q" + std::to_string(q) + ".sql"));
    std::stringstream text;
    text << in.rdbuf();
    std::string sql = text.str();
    if (q == 15) continue;  // create view; select; drop view: not one plan
    const std::string name = "q" + std::to_string(q);
    ARROW_ASSIGN_OR_RAISE(auto df, single.sql(sql));
    ARROW_ASSIGN_OR_RAISE(auto physical, df.create_physical_plan());
    ARROW_ASSIGN_OR_RAISE(auto bytes, quiver::SerializePlan(physical, &codec));
    Write(out / (name + "-plan"), 0, bytes);
    ++files;
    ARROW_ASSIGN_OR_RAISE(auto ddf, distributed.sql(sql));
    ARROW_ASSIGN_OR_RAISE(auto dplan, ddf.create_physical_plan());
    auto exec = std::dynamic_pointer_cast<quiver::DistributedExec>(dplan);
    if (!exec) continue;
    for (const auto& stage : exec->stages()) {
      const std::string stem = name + "-stage" + std::to_string(stage.stage_id);
      Write(out / (stem + "-plan"), 0, *stage.bytes);
      ++files;
      if (q > 3) continue;  // registrations repeat the stage plan: a few are enough
      quiver::StageRegistration registration;
      registration.query_id = exec->query_id();
      registration.stage_id = stage.stage_id;
      registration.task_count = static_cast<int>(stage.task_urls.size());
      registration.plan = stage.bytes;
      registration.config = config;
      ARROW_ASSIGN_OR_RAISE(auto reg, registration.serialize());
      Write(out / (stem + "-registration"), 2, reg);
      quiver::TaskTicket ticket;
      ticket.query_id = exec->query_id();
      ticket.stage_id = stage.stage_id;
      ARROW_ASSIGN_OR_RAISE(auto tick, ticket.serialize());
      Write(out / (stem + "-ticket"), 1, tick);
      files += 2;
    }
  }
  std::cout << "wrote " << files << " files to " << out.string() << "\n";
  return arrow::Status::OK();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: make_plan_corpus TPCH_DIR QUERIES_DIR OUT_DIR\n";
    return 2;
  }
  auto st = Run(argv[1], argv[2], argv[3]);
  if (!st.ok()) {
    std::cerr << st.ToString() << "\n";
    return 1;
  }
  return 0;
}
