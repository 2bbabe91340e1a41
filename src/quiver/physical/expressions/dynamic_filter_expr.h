#pragma once

#include <arrow/array.h>
#include <arrow/scalar.h>
#include <arrow/status.h>
#include <arrow/type_fwd.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver {

/// \brief A predicate over some key expressions that a join fills in at run time (DataFusion's
/// DynamicFilterPhysicalExpr): once the build side of a hash join is known, rows of the probe
/// side whose keys fall outside the build keys' range (or value set) cannot match, so a scan
/// below the probe side can skip them.
///
/// Several contributors (e.g. the build partitions of a partitioned hash join) each report
/// their keys' bounds; the filter stays the literal `true` until `expected_contributors()` of
/// them have reported, so it never removes a row that a later contributor could still match.
/// Then it is `key_i >= min_i AND key_i <= max_i [AND key_i IN (values_i)]` over all keys
/// (the union of the contributors' bounds), or `false` when every contributor was empty.
///
/// The bounds state is shared: `with_new_children` (used to rewrite the keys when the filter is
/// pushed through projections into a scan) returns a filter over the new keys that sees the
/// same updates. Contributions are counted per state object, i.e. per process: a contributor
/// that runs elsewhere never reports here, and the filter then simply stays `true`.
class DynamicFilterExpr : public PhysicalExpr {
 public:
  /// One key's bounds from one contributor. An unset `min`/`max`/`values` constrains nothing
  /// (e.g. a float key holding NaN, or a key whose NULLs match NULLs).
  struct KeyBounds {
    std::shared_ptr<arrow::Scalar> min;
    std::shared_ptr<arrow::Scalar> max;
    std::shared_ptr<arrow::Array> values;  ///< every distinct non-NULL value, if few
  };

  /// `keys` are the expressions the predicate tests (e.g. the probe side's key columns).
  explicit DynamicFilterExpr(std::vector<PhysicalExprPtr> keys);

  /// How many contributors make the filter complete (default 1). Call before the first
  /// contribution; setting the same value again is harmless.
  void set_expected_contributors(int n);
  int expected_contributors() const;

  /// One contributor's bounds, one entry per key, typed like the keys. Thread-safe. Invalid
  /// when the count or types do not fit; contributions after completion are ignored.
  arrow::Status update(std::vector<KeyBounds> bounds);
  /// One contributor had no rows that can match (its build side is empty). Thread-safe.
  void mark_empty();

  /// A snapshot of the predicate over `children()`: the literal `true` until complete, then
  /// built from BinaryExpr / InListExpr / LiteralExpr nodes (so scans can prune with it).
  PhysicalExprPtr current() const;
  bool complete() const;
  /// Identifies the shared bounds state: filters with the same id see the same updates (the
  /// plan codec keeps a join's filter and the scans' copies together with it).
  const void* state_id() const { return state_.get(); }

  arrow::Result<std::shared_ptr<arrow::DataType>> data_type(
      const arrow::Schema& input_schema) const override;
  arrow::Result<arrow::Datum> evaluate(const arrow::RecordBatch& batch) const override;
  std::vector<PhysicalExprPtr> children() const override { return keys_; }
  /// A filter over `children` sharing this one's bounds state.
  arrow::Result<PhysicalExprPtr> with_new_children(
      std::vector<PhysicalExprPtr> children) const override;
  /// `DynamicFilter [ true ]`, then e.g. `DynamicFilter [ k@0 >= 1 AND k@0 <= 9 ]`.
  std::string to_string() const override;

 private:
  struct State;
  DynamicFilterExpr(std::vector<PhysicalExprPtr> keys, std::shared_ptr<State> state);

  std::vector<PhysicalExprPtr> keys_;
  std::shared_ptr<State> state_;
};

}  // namespace quiver
