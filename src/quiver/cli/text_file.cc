#include <quiver/cli/text_file.h>

#include <fstream>
#include <sstream>

namespace quiver::cli {

arrow::Result<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return arrow::Status::IOError("cannot read ", path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace quiver::cli
