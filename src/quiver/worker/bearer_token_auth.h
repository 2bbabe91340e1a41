#pragma once

#include <arrow/flight/server.h>
#include <arrow/result.h>

#include <string>
#include <vector>

namespace quiver {

/// \brief Token authentication for a worker's Flight server: every call (DoGet, DoAction,
/// ListActions, ...) must carry `authorization: Bearer <token>` with one of the accepted
/// tokens, or it is refused with UNAUTHENTICATED before the worker sees it.
///
/// Coordinators send the token they were built with (SessionStateBuilder::
/// with_distributed_auth_token), and a worker forwards the header of the query to the workers
/// it reads upstream stages from, so one token covers a whole cluster. Without this, a worker
/// serves anyone who can reach its port (docs/worker.md).
///
/// \code
/// arrow::flight::FlightServerOptions options(location);
/// ARROW_RETURN_NOT_OK(quiver::RequireBearerTokens(&options, {token}));
/// ARROW_RETURN_NOT_OK(server->Init(options));
/// \endcode
arrow::Status RequireBearerTokens(arrow::flight::FlightServerOptions* options,
                                  std::vector<std::string> tokens);

/// A fresh random token: 64 hex digits (256 bits) from std::random_device.
std::string RandomToken();

/// The tokens in `path`: one per line; blank lines and lines starting with '#' are skipped.
/// Invalid when the file cannot be read or holds none.
arrow::Result<std::vector<std::string>> ReadTokenFile(const std::string& path);

}  // namespace quiver
