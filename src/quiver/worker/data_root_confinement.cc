#include <arrow/flight/types.h>
#include <quiver/datasource/file_scan.h>
#include <quiver/worker/data_root_confinement.h>

#include <filesystem>
#include <set>

namespace quiver {
namespace {

namespace fs = std::filesystem;

// `path` made absolute and canonical as far as it exists (a missing file is judged by where it
// would be).
fs::path Canonical(const std::string& path) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::path(path).lexically_normal() : out;
}

bool Under(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

// Every FileScan under `plan` names only files under one of `roots` (canonical already).
arrow::Status CheckFiles(const ExecutionPlan& plan, const std::vector<fs::path>& roots) {
  if (const auto* scan = dynamic_cast<const FileScan*>(&plan)) {
    // A scan names a file once per row group it reads: resolve each file once.
    std::set<std::string> files;
    for (auto& file : scan->file_paths()) files.insert(std::move(file));
    for (const auto& file : files) {
      const fs::path canonical = Canonical(file);
      bool allowed = false;
      for (const auto& root : roots) allowed = allowed || Under(canonical, root);
      if (!allowed) {
        return arrow::flight::MakeFlightError(
            arrow::flight::FlightStatusCode::Unauthorized,
            "this worker reads only under its data roots (--data-root); the plan's " +
                std::string(plan.name()) + " reads " + file);
      }
    }
  }
  for (const auto& child : plan.children()) ARROW_RETURN_NOT_OK(CheckFiles(*child, roots));
  return arrow::Status::OK();
}

}  // namespace

arrow::Status CheckDataRoots(const ExecutionPlan& plan, const std::vector<std::string>& roots) {
  if (roots.empty()) return arrow::Status::OK();
  std::vector<fs::path> canonical;
  for (const auto& root : roots) canonical.push_back(Canonical(root));
  return CheckFiles(plan, canonical);
}

}  // namespace quiver
