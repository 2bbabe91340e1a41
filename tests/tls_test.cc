// TLS between every pair of nodes, with certificates this test makes (openssl): a coordinator
// trusting the test CA runs a shuffle join over two grpc+tls:// workers that also reach each
// other over TLS; without the CA, or without a client certificate where workers demand one
// (mutual TLS), the query fails naming the worker.
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <arrow/compute/initialize.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <quiver/distributed/channel_resolver.h>
#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/execution/tpch_tables.h>
#include <quiver/worker/worker.h>

#include "test_util.h"

namespace quiver::testing {
namespace {

namespace fs = std::filesystem;

struct Pem {
  std::string ca, cert, key;
};

// A CA and a certificate it signed for 127.0.0.1 / localhost, usable by servers and clients.
Pem MakeCertificates(const fs::path& dir) {
  fs::create_directories(dir);
  const std::string d = dir.string();
  const std::string script =
      "set -e; cd '" + d + "'; "
      "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 "
      "-subj /CN=quiver-test-ca 2>/dev/null; "
      "openssl req -newkey rsa:2048 -nodes -keyout node.key -out node.csr "
      "-subj /CN=localhost 2>/dev/null; "
      "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n"
      "extendedKeyUsage=serverAuth,clientAuth\\n' > ext.cnf; "
      "openssl x509 -req -in node.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out node.pem "
      "-days 2 -extfile ext.cnf 2>/dev/null";
  if (std::system(("bash -c \"" + script + "\"").c_str()) != 0) return {};
  return {ReadText(d + "/ca.pem"), ReadText(d + "/node.pem"), ReadText(d + "/node.key")};
}

// A worker serving grpc+tls:// on 127.0.0.1, reaching other workers with `pem`'s CA and
// certificate; with `verify_clients`, only clients holding a certificate the CA signed get in.
struct TlsWorker {
  std::unique_ptr<arrow::flight::FlightServerBase> server;
  std::thread thread;
  std::string url;

  TlsWorker(const Pem& pem, bool verify_clients) {
    WorkerOptions options;
    options.upstream_channels =
        std::make_shared<DefaultChannelResolver>(ChannelOptions{pem.ca, pem.cert, pem.key});
    server = Worker().with_options(options).into_flight_server();
    auto location = arrow::flight::Location::ForGrpcTls("127.0.0.1", 0).ValueOrDie();
    arrow::flight::FlightServerOptions server_options(location);
    server_options.tls_certificates.push_back({pem.cert, pem.key});
    if (verify_clients) {
      server_options.verify_client = true;
      server_options.root_certificates = pem.ca;
    }
    auto st = server->Init(server_options);
    EXPECT_TRUE(st.ok()) << st.ToString();
    url = "grpc+tls://127.0.0.1:" + std::to_string(server->port());
    thread = std::thread([this] { (void)server->Serve(); });
  }
  ~TlsWorker() {
    (void)server->Shutdown();
    thread.join();
  }
};

constexpr const char* kShuffleJoin =
    "select count(*) as n from lineitem join orders on l_orderkey = o_orderkey";

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(arrow::compute::Initialize().ok());
    // One directory per process: ctest runs the TLS tests in parallel, each in its own process.
    pem_ = MakeCertificates(CertificateDir());
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(CertificateDir(), ignored);
  }
  static fs::path CertificateDir() {
    return fs::path(::testing::TempDir()) / ("quiver_tls_test-" + std::to_string(::getpid()));
  }
  void SetUp() override {
    ASSERT_FALSE(TpchDir().empty()) << "QUIVER_TPCH_DIR is not set: run the suite with make test";
    ASSERT_FALSE(pem_.ca.empty() || pem_.cert.empty() || pem_.key.empty())
        << "openssl could not make the test certificates";
  }

  // Runs the shuffle join on `urls` with `channel` options; the answer or the error.
  static arrow::Result<std::string> Run(const std::vector<std::string>& urls,
                                        ChannelOptions channel) {
    SessionStateBuilder builder;
    builder.with_config(SpreadOverWorkers())
        .with_setting("optimizer.hash_join_single_partition_threshold", "0")
        .with_distributed_planner()
        .with_distributed_worker_resolver(std::make_shared<StaticWorkerResolver>(urls))
        .with_distributed_channel_resolver(
            std::make_shared<DefaultChannelResolver>(std::move(channel)));
    ARROW_ASSIGN_OR_RAISE(auto state, builder.build());
    SessionContext ctx(std::move(state));
    ARROW_RETURN_NOT_OK(RegisterTpchTables(&ctx, TpchDir()));
    ARROW_ASSIGN_OR_RAISE(auto plan, ctx.sql(std::string("explain ") + kShuffleJoin));
    ARROW_ASSIGN_OR_RAISE(auto plan_text, ToCsv(plan));
    if (plan_text.find("NetworkShuffleExec") == std::string::npos) {
      return arrow::Status::Invalid("not a shuffle join:\n", plan_text);
    }
    ARROW_ASSIGN_OR_RAISE(auto df, ctx.sql(kShuffleJoin));
    return ToCsv(df);
  }

  static inline Pem pem_;
};

TEST_F(TlsTest, ShuffleJoinOverTlsWorkers) {
  TlsWorker a(pem_, false), b(pem_, false);
  auto answer = Run({a.url, b.url}, ChannelOptions{pem_.ca, "", ""});
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_NE(answer->find("60175"), std::string::npos) << *answer;  // every lineitem row joins

  // Not trusting the CA: the TLS handshake fails and the query names the worker.
  auto untrusted = Run({a.url, b.url}, ChannelOptions{});
  ASSERT_FALSE(untrusted.ok());
  EXPECT_NE(untrusted.status().message().find("127.0.0.1:"), std::string::npos)
      << untrusted.status().ToString();
}

TEST_F(TlsTest, MutualTlsRefusesClientsWithoutACertificate) {
  TlsWorker a(pem_, true), b(pem_, true);
  auto anonymous = Run({a.url, b.url}, ChannelOptions{pem_.ca, "", ""});
  ASSERT_FALSE(anonymous.ok()) << "a worker demanding client certificates served a client without";
  auto answer = Run({a.url, b.url}, ChannelOptions{pem_.ca, pem_.cert, pem_.key});
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_NE(answer->find("60175"), std::string::npos) << *answer;
}

}  // namespace
}  // namespace quiver::testing
