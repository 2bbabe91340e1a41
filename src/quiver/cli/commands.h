#pragma once

#include <string>
#include <vector>

#include <arrow/status.h>

namespace quiver::cli {

arrow::Status RunQueryCommand(const std::vector<std::string>& args);
arrow::Status RunWorkerCommand(const std::vector<std::string>& args);
arrow::Status RunTpchgenCommand(const std::vector<std::string>& args, const std::string& argv0);

}  // namespace quiver::cli
