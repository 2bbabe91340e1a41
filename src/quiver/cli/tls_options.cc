#include <quiver/cli/text_file.h>
#include <quiver/cli/tls_options.h>

namespace quiver::cli {

arrow::Result<ChannelOptions> ReadTlsOptions(const OptionParser& opts) {
  if (opts.has("--tls-cert") != opts.has("--tls-key")) {
    return arrow::Status::Invalid("--tls-cert and --tls-key go together");
  }
  ChannelOptions out;
  if (opts.has("--tls-ca")) {
    ARROW_ASSIGN_OR_RAISE(out.tls_root_certs, ReadTextFile(opts.get("--tls-ca")));
  }
  if (opts.has("--tls-cert")) {
    ARROW_ASSIGN_OR_RAISE(out.cert_chain, ReadTextFile(opts.get("--tls-cert")));
    ARROW_ASSIGN_OR_RAISE(out.private_key, ReadTextFile(opts.get("--tls-key")));
  }
  return out;
}

}  // namespace quiver::cli
