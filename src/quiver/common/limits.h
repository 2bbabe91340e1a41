#pragma once

// Depth limits shared by every layer that recurses over a tree, so that the SQL front end, the
// planner, the plan codec on the coordinator and the plan codec on a worker agree: a plan that
// binds also serializes, and one that serializes also decodes.

namespace quiver {

/// Deepest expression the binder builds (DuckDB's max_expression_depth). Flat AND / OR chains
/// of any length stay far below it: they are bound as balanced trees.
constexpr int kMaxExpressionDepth = 1000;

/// Deepest expression a serialized plan may hold: twice the binder's limit, since type coercion
/// may wrap every level in a cast (decimal sums widen at each `+`), plus room for rewrites.
constexpr int kMaxSerializedExpressionDepth = 2 * kMaxExpressionDepth + 100;

/// Deepest operator tree a serialized plan may hold.
constexpr int kMaxPlanDepth = 1000;

/// \brief One more level of a recursion whose depth `*depth` counts, for as long as it lives:
/// the binder and the plan codec check their counter against the limits above.
class DepthScope {
 public:
  explicit DepthScope(int* depth) : depth_(depth) { ++*depth_; }
  ~DepthScope() { --*depth_; }
  DepthScope(const DepthScope&) = delete;
  DepthScope& operator=(const DepthScope&) = delete;

 private:
  int* depth_;
};

}  // namespace quiver
