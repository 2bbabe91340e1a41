#pragma once

#include <arrow/result.h>
#include <quiver/cli/option_parser.h>
#include <quiver/distributed/channel_resolver.h>

namespace quiver::cli {

/// The TLS files both commands take, read: `--tls-ca` (the CA that signed the workers'
/// certificates) and `--tls-cert` / `--tls-key` (this node's certificate and key, which only go
/// together), as the ChannelOptions this node connects to workers with. Empty fields for the
/// options not given.
arrow::Result<ChannelOptions> ReadTlsOptions(const OptionParser& opts);

}  // namespace quiver::cli
