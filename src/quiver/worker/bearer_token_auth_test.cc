#include <arrow/buffer.h>
#include <arrow/flight/client.h>
#include <arrow/flight/types.h>
#include <gtest/gtest.h>
#include <quiver/worker/bearer_token_auth.h>
#include <quiver/worker/worker.h>

#include <cstdio>
#include <fstream>

namespace quiver {
namespace {

// A worker requiring `tokens`, on 127.0.0.1 at a port the OS picked.
struct GuardedWorker {
  std::unique_ptr<arrow::flight::FlightServerBase> server = Worker().into_flight_server();
  std::unique_ptr<arrow::flight::FlightClient> client;

  explicit GuardedWorker(std::vector<std::string> tokens) {
    auto location = arrow::flight::Location::ForGrpcTcp("127.0.0.1", 0).ValueOrDie();
    arrow::flight::FlightServerOptions options(location);
    EXPECT_TRUE(RequireBearerTokens(&options, std::move(tokens)).ok());
    EXPECT_TRUE(server->Init(options).ok());
    auto url = arrow::flight::Location::ForGrpcTcp("127.0.0.1", server->port()).ValueOrDie();
    client = arrow::flight::FlightClient::Connect(url).ValueOrDie();
  }
  ~GuardedWorker() { (void)server->Shutdown(); }

  // The health action's status, sent with `authorization` (none when empty).
  arrow::Status Health(const std::string& authorization) {
    arrow::flight::FlightCallOptions options;
    if (!authorization.empty()) options.headers.emplace_back("authorization", authorization);
    auto results = client->DoAction(options, arrow::flight::Action{"health", nullptr});
    if (!results.ok()) return results.status();
    return (*results)->Drain();
  }
};

bool IsUnauthenticated(const arrow::Status& st) {
  auto detail = arrow::flight::FlightStatusDetail::UnwrapStatus(st);
  return detail && detail->code() == arrow::flight::FlightStatusCode::Unauthenticated;
}

TEST(BearerTokenAuthTest, CallsWithoutAnAcceptedTokenAreUnauthenticated) {
  GuardedWorker worker({"s3cret", "rotated-2"});
  auto none = worker.Health("");
  EXPECT_TRUE(IsUnauthenticated(none)) << none.ToString();
  EXPECT_NE(none.message().find("Bearer"), std::string::npos) << none.ToString();
  for (const char* wrong : {"Bearer wrong", "Bearer s3cre", "Bearer s3cret2", "s3cret",
                            "Basic s3cret", "Bearer "}) {
    SCOPED_TRACE(wrong);
    EXPECT_TRUE(IsUnauthenticated(worker.Health(wrong)));
  }
  // Either accepted token works, and the refusals left the worker serving.
  EXPECT_TRUE(worker.Health("Bearer s3cret").ok());
  EXPECT_TRUE(worker.Health("Bearer rotated-2").ok());
  // Every RPC is guarded, not only actions.
  arrow::flight::FlightCallOptions no_token;
  auto listed = worker.client->ListActions(no_token);
  EXPECT_TRUE(IsUnauthenticated(listed.status())) << listed.status().ToString();
  auto got = worker.client->DoGet(no_token, arrow::flight::Ticket{"anything"});
  EXPECT_TRUE(IsUnauthenticated(got.status())) << got.status().ToString();
}

TEST(BearerTokenAuthTest, TokensAndTokenFiles) {
  arrow::flight::FlightServerOptions options(
      arrow::flight::Location::ForGrpcTcp("127.0.0.1", 0).ValueOrDie());
  EXPECT_TRUE(RequireBearerTokens(&options, {}).IsInvalid());
  EXPECT_TRUE(RequireBearerTokens(&options, {"has space"}).IsInvalid());
  EXPECT_TRUE(RequireBearerTokens(&options, {""}).IsInvalid());

  const std::string a = RandomToken(), b = RandomToken();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);

  const std::string path = ::testing::TempDir() + "quiver_tokens.txt";
  std::ofstream(path) << "# cluster tokens\n\n  first-token  \nsecond\r\n";
  auto tokens = ReadTokenFile(path);
  ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
  EXPECT_EQ(*tokens, (std::vector<std::string>{"first-token", "second"}));
  std::ofstream(path) << "# nothing\n\n";
  EXPECT_TRUE(ReadTokenFile(path).status().IsInvalid());
  std::remove(path.c_str());
  EXPECT_FALSE(ReadTokenFile(path).ok());
}

}  // namespace
}  // namespace quiver
