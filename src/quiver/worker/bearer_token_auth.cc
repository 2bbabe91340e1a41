#include <arrow/flight/server_middleware.h>
#include <arrow/flight/types.h>
#include <quiver/worker/bearer_token_auth.h>

#include <fstream>
#include <memory>
#include <random>

namespace quiver {
namespace {

constexpr std::string_view kBearer = "Bearer ";

// Equal without an early exit, so the time taken does not tell how much of a guess was right.
bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

class BearerTokenAuthFactory : public arrow::flight::ServerMiddlewareFactory {
 public:
  explicit BearerTokenAuthFactory(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {}

  arrow::Status StartCall(const arrow::flight::CallInfo& info,
                          const arrow::flight::ServerCallContext& context,
                          std::shared_ptr<arrow::flight::ServerMiddleware>* middleware) override {
    const auto& headers = context.incoming_headers();
    auto it = headers.find("authorization");
    if (it == headers.end()) {
      return arrow::flight::MakeFlightError(
          arrow::flight::FlightStatusCode::Unauthenticated,
          "this worker requires 'authorization: Bearer <token>' (the call carried no token)");
    }
    std::string_view value = it->second;
    bool accepted = false;
    if (value.substr(0, kBearer.size()) == kBearer) {
      value.remove_prefix(kBearer.size());
      for (const auto& token : tokens_) accepted |= ConstantTimeEqual(value, token);
    }
    if (!accepted) {
      return arrow::flight::MakeFlightError(arrow::flight::FlightStatusCode::Unauthenticated,
                                            "this worker does not accept the call's token");
    }
    return arrow::Status::OK();
  }

 private:
  std::vector<std::string> tokens_;
};

}  // namespace

arrow::Status RequireBearerTokens(arrow::flight::FlightServerOptions* options,
                                  std::vector<std::string> tokens) {
  if (tokens.empty()) return arrow::Status::Invalid("token authentication needs a token");
  for (const auto& token : tokens) {
    if (token.empty() || token.find_first_of(" \t\r\n") != std::string::npos) {
      return arrow::Status::Invalid("a token must be non-empty and hold no whitespace");
    }
  }
  options->middleware.emplace_back("quiver.bearer_token_auth",
                                   std::make_shared<BearerTokenAuthFactory>(std::move(tokens)));
  return arrow::Status::OK();
}

std::string RandomToken() {
  std::random_device device;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (int i = 0; i < 8; ++i) {
    uint32_t word = device();
    for (int j = 0; j < 4; ++j, word >>= 8) {
      token += kHex[(word >> 4) & 0xf];
      token += kHex[word & 0xf];
    }
  }
  return token;
}

arrow::Result<std::vector<std::string>> ReadTokenFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return arrow::Status::IOError("cannot read token file ", path);
  std::vector<std::string> tokens;
  std::string line;
  while (std::getline(in, line)) {
    const auto start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line[start] == '#') continue;
    const auto end = line.find_last_not_of(" \t\r");
    tokens.push_back(line.substr(start, end - start + 1));
  }
  if (tokens.empty()) return arrow::Status::Invalid("token file ", path, " holds no token");
  return tokens;
}

}  // namespace quiver
