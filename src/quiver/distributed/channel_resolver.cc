#include <arrow/flight/types.h>
#include <quiver/distributed/channel_resolver.h>

namespace quiver {

arrow::Result<std::shared_ptr<arrow::flight::FlightClient>>
DefaultChannelResolver::get_flight_client(const std::string& url) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = clients_.find(url);
  if (it != clients_.end()) return it->second;
  auto location = arrow::flight::Location::Parse(url);
  if (!location.ok()) {
    return arrow::Status::Invalid("bad worker URL '", url, "': ", location.status().message());
  }
  // gRPC connects lazily: an unreachable worker surfaces as UNAVAILABLE on the first call.
  auto client_options = arrow::flight::FlightClientOptions::Defaults();
  client_options.tls_root_certs = options_.tls_root_certs;
  client_options.cert_chain = options_.cert_chain;
  client_options.private_key = options_.private_key;
  auto client = arrow::flight::FlightClient::Connect(*location, client_options);
  if (!client.ok()) {
    return client.status().WithMessage("cannot connect to worker ", url, ": ",
                                       client.status().message());
  }
  std::shared_ptr<arrow::flight::FlightClient> shared = std::move(*client);
  clients_.emplace(url, shared);
  return shared;
}

AllowListChannelResolver::AllowListChannelResolver(std::shared_ptr<ChannelResolver> inner,
                                                   std::vector<std::string> allowed)
    : inner_(std::move(inner)), allowed_(allowed.begin(), allowed.end()) {}

arrow::Result<std::shared_ptr<arrow::flight::FlightClient>>
AllowListChannelResolver::get_flight_client(const std::string& url) const {
  if (!allowed_.count(url)) {
    return arrow::flight::MakeFlightError(
        arrow::flight::FlightStatusCode::Unauthorized,
        "this worker connects only to the upstream workers it allows (--allow-upstream); the "
        "plan names " + url);
  }
  return inner_->get_flight_client(url);
}

std::shared_ptr<DefaultChannelResolver> DefaultChannelResolver::Shared() {
  static auto instance = std::make_shared<DefaultChannelResolver>();
  return instance;
}

}  // namespace quiver
