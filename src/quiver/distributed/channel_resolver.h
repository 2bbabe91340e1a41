#pragma once

#include <arrow/flight/client.h>
#include <arrow/result.h>

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace quiver {

/// \brief How a task reaches a worker: a Flight client for a worker URL.
///
/// Clients are shared by every stream of every query of the process and used from many
/// threads at once (Flight clients allow concurrent calls).
class ChannelResolver {
 public:
  virtual ~ChannelResolver() = default;
  virtual arrow::Result<std::shared_ptr<arrow::flight::FlightClient>> get_flight_client(
      const std::string& url) const = 0;
};

/// How a DefaultChannelResolver's clients connect (PEM text, not file names). Used for
/// `grpc+tls://` URLs; plain `grpc+tcp://` URLs ignore it.
struct ChannelOptions {
  /// Certificates of the CAs that signed the workers' certificates (empty: the system's).
  std::string tls_root_certs;
  /// This node's certificate and key, for workers that verify their clients (mutual TLS).
  std::string cert_chain;
  std::string private_key;
};

/// \brief The default ChannelResolver: connects on first use and keeps one client per URL.
class DefaultChannelResolver : public ChannelResolver {
 public:
  DefaultChannelResolver() = default;
  explicit DefaultChannelResolver(ChannelOptions options) : options_(std::move(options)) {}

  arrow::Result<std::shared_ptr<arrow::flight::FlightClient>> get_flight_client(
      const std::string& url) const override;

  /// A process-wide instance, used when a TaskContext carries no ChannelResolver.
  static std::shared_ptr<DefaultChannelResolver> Shared();

 private:
  ChannelOptions options_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<arrow::flight::FlightClient>> clients_;
};

/// \brief A ChannelResolver that reaches only the worker URLs it was given, refusing any other
/// URL a plan names (Unauthorized: gRPC PERMISSION_DENIED) before connecting; a worker started
/// with an upstream allow-list reads upstream stages through one.
class AllowListChannelResolver : public ChannelResolver {
 public:
  AllowListChannelResolver(std::shared_ptr<ChannelResolver> inner,
                           std::vector<std::string> allowed);
  arrow::Result<std::shared_ptr<arrow::flight::FlightClient>> get_flight_client(
      const std::string& url) const override;

 private:
  std::shared_ptr<ChannelResolver> inner_;
  std::set<std::string> allowed_;
};

}  // namespace quiver
