#include <quiver/physical/distribution.h>

namespace quiver {

bool PhysicalExprEquals(const PhysicalExpr& a, const PhysicalExpr& b) {
  return &a == &b || a.to_string() == b.to_string();
}

bool PhysicalExprListEquals(const std::vector<PhysicalExprPtr>& a,
                            const std::vector<PhysicalExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i] || !b[i] || !PhysicalExprEquals(*a[i], *b[i])) return false;
  }
  return true;
}

bool Distribution::satisfied_by(const Partitioning& partitioning) const {
  switch (kind) {
    case Kind::kUnspecified:
      return true;
    case Kind::kSinglePartition:
    case Kind::kBroadcast:
      return partitioning.partition_count == 1;
    case Kind::kHashPartitioned:
      // One partition holds every key together; otherwise the same keys, in the same order
      // (the hash of (a, b) differs from that of (b, a)).
      return partitioning.partition_count == 1 ||
             (partitioning.kind == Partitioning::Kind::kHash &&
              PhysicalExprListEquals(partitioning.exprs, exprs));
  }
  return false;
}

std::string Distribution::to_string() const {
  switch (kind) {
    case Kind::kUnspecified:
      return "Unspecified";
    case Kind::kSinglePartition:
      return "SinglePartition";
    case Kind::kBroadcast:
      return "Broadcast";
    case Kind::kHashPartitioned: {
      std::string out = "HashPartitioned([";
      for (size_t i = 0; i < exprs.size(); ++i) {
        if (i > 0) out += ", ";
        out += exprs[i] ? exprs[i]->to_string() : "<null>";
      }
      return out + "])";
    }
  }
  return "?";
}

}  // namespace quiver
