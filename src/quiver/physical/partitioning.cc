#include <quiver/physical/partitioning.h>

namespace quiver {

std::string Partitioning::to_string() const {
  switch (kind) {
    case Kind::kUnknown:
      return "UnknownPartitioning(" + std::to_string(partition_count) + ")";
    case Kind::kRoundRobin:
      return "RoundRobinBatch(" + std::to_string(partition_count) + ")";
    case Kind::kHash: {
      std::string out = "Hash([";
      for (size_t i = 0; i < exprs.size(); ++i) {
        if (i > 0) out += ", ";
        out += exprs[i] ? exprs[i]->to_string() : "<null>";
      }
      return out + "], " + std::to_string(partition_count) + ")";
    }
  }
  return "?";
}

}  // namespace quiver
