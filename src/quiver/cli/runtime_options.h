#pragma once

#include <arrow/result.h>
#include <quiver/cli/option_parser.h>
#include <quiver/runtime/runtime_env.h>

#include <memory>

namespace quiver::cli {

/// The process's RuntimeEnv from `--memory-limit SIZE` (e.g. 256MB), `--spill-dir DIR` and
/// `--threads N` (the process executor's size),
/// shared by `quiver query` (coordinator and embedded workers) and `quiver worker`.
arrow::Result<std::shared_ptr<RuntimeEnv>> ReadRuntimeOptions(const OptionParser& opts);

}  // namespace quiver::cli
