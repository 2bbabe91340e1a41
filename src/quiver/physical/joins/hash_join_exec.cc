#include <arrow/type.h>
#include <quiver/physical/coalesce_batches_stream.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/joins/grace_hash_join_stream.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/joins/hash_join_stream.h>
#include <quiver/physical/joins/join_keys.h>
#include <quiver/physical/joins/join_schema.h>
#include <quiver/physical/joins/join_shared_state.h>

#include <algorithm>
#include <climits>

namespace quiver {
namespace {

constexpr const char* kMaxValuesKey = "quiver.dynamic_filter_max_values";
constexpr int64_t kDefaultMaxValues = 64;

// Join types whose output never holds a probe row without a match, so dropping probe rows
// that cannot match changes nothing.
bool DropsUnmatchedProbeRows(JoinType t) {
  return t == JoinType::kInner || t == JoinType::kLeft || t == JoinType::kLeftSemi ||
         t == JoinType::kLeftAnti || t == JoinType::kLeftMark || t == JoinType::kRightSemi;
}

Partitioning HashOrUnknown(const Partitioning& p, int n) {
  if (p.kind == Partitioning::Kind::kHash && p.partition_count == n) return p;
  return Partitioning::Unknown(n);
}

arrow::Result<int64_t> MaxValues(const TaskContextPtr& ctx) {
  if (!ctx) return kDefaultMaxValues;
  return ctx->config().extension_count(kMaxValuesKey, kDefaultMaxValues);
}

arrow::Status ValidateKeys(const JoinOn& on, const arrow::Schema& left,
                           const arrow::Schema& right) {
  if (on.empty()) {
    return arrow::Status::Invalid("HashJoinExec needs at least one equi-join key");
  }
  for (size_t i = 0; i < on.size(); ++i) {
    const auto& [l, r] = on[i];
    if (!l || !r) return arrow::Status::Invalid("HashJoinExec: null key expression in pair ", i);
    ARROW_ASSIGN_OR_RAISE(auto lt, l->data_type(left));
    ARROW_ASSIGN_OR_RAISE(auto rt, r->data_type(right));
    if (!IsSupportedJoinKeyType(*lt) || !IsSupportedJoinKeyType(*rt)) {
      return arrow::Status::Invalid("HashJoinExec: join key (", l->to_string(), ", ",
                                    r->to_string(), ") of type ", lt->ToString(), " / ",
                                    rt->ToString(), " cannot be hashed");
    }
    if (!JoinKeyValueType(lt)->Equals(*JoinKeyValueType(rt))) {
      return arrow::Status::Invalid("HashJoinExec: join key types differ: ", l->to_string(), " is ",
                                    lt->ToString(), ", ", r->to_string(), " is ", rt->ToString());
    }
  }
  return arrow::Status::OK();
}

}  // namespace

HashJoinExec::HashJoinExec(ExecutionPlanPtr left, ExecutionPlanPtr right, JoinOn on,
                           std::optional<JoinFilter> filter, JoinType join_type, PartitionMode mode,
                           bool null_equals_null, bool null_aware,
                           std::shared_ptr<DynamicFilterExpr> dynamic_filter)
    : left_(std::move(left)),
      right_(std::move(right)),
      on_(std::move(on)),
      filter_(std::move(filter)),
      join_type_(join_type),
      mode_(mode),
      null_equals_null_(null_equals_null),
      null_aware_(null_aware),
      dynamic_filter_(std::move(dynamic_filter)),
      schema_(JoinOutputSchema(*left_->schema(), *right_->schema(), join_type_)),
      collect_state_(std::make_shared<JoinSharedState>(right_->output_partition_count())) {}

arrow::Result<std::shared_ptr<HashJoinExec>> HashJoinExec::Make(
    ExecutionPlanPtr left, ExecutionPlanPtr right, JoinOn on, std::optional<JoinFilter> filter,
    JoinType join_type, PartitionMode mode, bool null_equals_null, bool null_aware,
    std::shared_ptr<DynamicFilterExpr> dynamic_filter) {
  if (!left || !right) return arrow::Status::Invalid("HashJoinExec needs two inputs");
  ARROW_RETURN_NOT_OK(ValidateKeys(on, *left->schema(), *right->schema()));
  if (filter) ARROW_RETURN_NOT_OK(ValidateJoinFilter(*filter, *left->schema(), *right->schema()));
  if (null_aware) {
    if (on.size() != 1) {
      return arrow::Status::Invalid("null-aware hash join needs exactly one key, got ", on.size());
    }
    if (join_type != JoinType::kRightAnti && join_type != JoinType::kRightMark) {
      return arrow::Status::Invalid("null-aware hash join must be RightAnti or RightMark, not ",
                                    JoinTypeName(join_type));
    }
    if (mode != PartitionMode::kCollectLeft) {
      return arrow::Status::Invalid("null-aware hash join needs mode CollectLeft");
    }
    if (filter) {
      return arrow::Status::NotImplemented("null-aware hash join with a join filter");
    }
  }
  if (dynamic_filter) {
    if (!DropsUnmatchedProbeRows(join_type)) {
      return arrow::Status::Invalid("a dynamic filter would drop probe rows that a ",
                                    JoinTypeName(join_type), " join outputs");
    }
    if (dynamic_filter->children().size() != on.size()) {
      return arrow::Status::Invalid("dynamic filter over ", dynamic_filter->children().size(),
                                    " keys for a join on ", on.size());
    }
  }
  return std::shared_ptr<HashJoinExec>(
      new HashJoinExec(std::move(left), std::move(right), std::move(on), std::move(filter),
                       join_type, mode, null_equals_null, null_aware, std::move(dynamic_filter)));
}

std::vector<PhysicalExprPtr> HashJoinExec::left_keys() const {
  std::vector<PhysicalExprPtr> out;
  for (const auto& [l, r] : on_) out.push_back(l);
  return out;
}

std::vector<PhysicalExprPtr> HashJoinExec::right_keys() const {
  std::vector<PhysicalExprPtr> out;
  for (const auto& [l, r] : on_) out.push_back(r);
  return out;
}

Partitioning HashJoinExec::output_partitioning() const {
  // Each child is asked once: its answer is computed from its own children, so asking twice
  // per level makes a join chain's planning exponential in its length.
  const Partitioning right_in = right_->output_partitioning();
  const int n = right_in.partition_count;
  const int left_fields = left_->schema()->num_fields();
  const Partitioning right = HashOrUnknown(right_in, n);
  switch (join_type_) {
    case JoinType::kInner:
      if (mode_ == PartitionMode::kPartitioned) {
        return HashOrUnknown(left_->output_partitioning(), n);
      }
      return ShiftPartitioning(right, left_fields);
    case JoinType::kLeft:
    case JoinType::kLeftSemi:
    case JoinType::kLeftAnti:
    case JoinType::kLeftMark:
      // Build rows are emitted by the partition that built them: only partitioned builds
      // keep their rows apart.
      if (mode_ == PartitionMode::kPartitioned) {
        return HashOrUnknown(left_->output_partitioning(), n);
      }
      return Partitioning::Unknown(n);
    case JoinType::kRight:
      return ShiftPartitioning(right, left_fields);
    case JoinType::kRightSemi:
    case JoinType::kRightAnti:
    case JoinType::kRightMark:
      return right;
    case JoinType::kFull:
      return Partitioning::Unknown(n);
  }
  return Partitioning::Unknown(n);
}

std::vector<Distribution> HashJoinExec::required_input_distribution() const {
  if (mode_ == PartitionMode::kPartitioned) {
    return {Distribution::HashPartitioned(left_keys()),
            Distribution::HashPartitioned(right_keys())};
  }
  return {Distribution::Broadcast(), Distribution::Unspecified()};
}

// |L join R| = |L| * |R| / max(distinct(l key), distinct(r key)) per key pair (the textbook
// estimate, DataFusion's too), when every key is a column with a known range on both sides.
// A key joined against a unique one keeps about the other side's rows: orders (filtered to
// 57 000) joined with customer (150 000, c_custkey unique) estimates 57 000, not 150 000.
std::optional<int64_t> HashJoinExec::EquiJoinRows(const Statistics& l, const Statistics& r) const {
  if (on_.empty() || !l.num_rows || !r.num_rows) return std::nullopt;
  double rows = static_cast<double>(*l.num_rows) * static_cast<double>(*r.num_rows);
  for (const auto& [lk, rk] : on_) {
    auto* lc = dynamic_cast<const ColumnExpr*>(lk.get());
    auto* rc = dynamic_cast<const ColumnExpr*>(rk.get());
    if (!lc || !rc) return std::nullopt;
    auto ld = l.max_distinct(lc->index());
    auto rd = r.max_distinct(rc->index());
    if (!ld || !rd) return std::nullopt;
    rows /= static_cast<double>(std::max<int64_t>(std::max(*ld, *rd), 1));
  }
  return static_cast<int64_t>(std::clamp(rows, 1.0, static_cast<double>(INT64_MAX / 2)));
}

Statistics HashJoinExec::statistics() const {
  const Statistics l = left_->statistics();
  const Statistics r = right_->statistics();
  Statistics out;
  auto bytes_per_row = [](const Statistics& s) -> std::optional<double> {
    if (!s.num_rows || !s.total_byte_size || *s.num_rows == 0) return std::nullopt;
    return static_cast<double>(*s.total_byte_size) / static_cast<double>(*s.num_rows);
  };
  switch (join_type_) {
    case JoinType::kLeftSemi:
    case JoinType::kLeftAnti:
      out = l;
      break;
    case JoinType::kLeftMark:
      out = l;
      out.columns.clear();  // plus the mark column
      break;
    case JoinType::kRightSemi:
    case JoinType::kRightAnti:
      out = r;
      break;
    case JoinType::kRightMark:
      out = r;
      out.columns.clear();
      break;
    case JoinType::kInner:
    case JoinType::kLeft:
    case JoinType::kRight:
    case JoinType::kFull: {
      if (l.num_rows && r.num_rows) {
        if (auto rows = EquiJoinRows(l, r)) {
          out.num_rows = *rows;
          // An outer join keeps at least its preserved sides' rows.
          if (join_type_ == JoinType::kLeft || join_type_ == JoinType::kFull) {
            out.num_rows = std::max(*out.num_rows, *l.num_rows);
          }
          if (join_type_ == JoinType::kRight || join_type_ == JoinType::kFull) {
            out.num_rows = std::max(*out.num_rows, *r.num_rows);
          }
        } else {
          // Without distinct counts: an equi-join on a key unique on one side yields about as
          // many rows as the other side; the larger side is the usual (foreign key) case.
          out.num_rows = std::max(*l.num_rows, *r.num_rows);
        }
      }
      if (static_cast<int>(l.columns.size()) == left_->schema()->num_fields() &&
          static_cast<int>(r.columns.size()) == right_->schema()->num_fields()) {
        out.columns = l.columns;
        out.columns.insert(out.columns.end(), r.columns.begin(), r.columns.end());
      }
      auto lb = bytes_per_row(l);
      auto rb = bytes_per_row(r);
      if (out.num_rows && lb && rb) {
        out.total_byte_size = static_cast<int64_t>(*out.num_rows * (*lb + *rb));
      }
      break;
    }
  }
  out.exact = false;
  return out;
}

arrow::Result<ExecutionPlanPtr> HashJoinExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  if (children.size() != 2) {
    return arrow::Status::Invalid("HashJoinExec expects two children, got ", children.size());
  }
  return Make(children[0], children[1], on_, filter_, join_type_, mode_, null_equals_null_,
              null_aware_, dynamic_filter_);
}

arrow::Result<RecordBatchStreamPtr> HashJoinExec::execute(int partition,
                                                          const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  const int left_partitions = left_->output_partition_count();
  const int right_partitions = right_->output_partition_count();
  std::shared_ptr<JoinSharedState> state;
  int build_partition = 0;
  if (mode_ == PartitionMode::kPartitioned) {
    if (left_partitions != right_partitions) {
      return arrow::Status::Invalid("partitioned HashJoinExec needs equal partition counts, left ",
                                    left_partitions, " and right ", right_partitions);
    }
    state = std::make_shared<JoinSharedState>(1);
    build_partition = partition;
  } else {
    if (left_partitions != 1) {
      return arrow::Status::Invalid("CollectLeft HashJoinExec needs a single left partition, got ",
                                    left_partitions);
    }
    state = collect_state_;
  }
  ARROW_ASSIGN_OR_RAISE(int64_t max_values, MaxValues(ctx));
  if (dynamic_filter_) {
    dynamic_filter_->set_expected_contributors(
        mode_ == PartitionMode::kPartitioned ? left_partitions : 1);
  }
  ARROW_ASSIGN_OR_RAISE(auto probe, right_->execute(partition, ctx));
  auto self = std::static_pointer_cast<const HashJoinExec>(shared_from_this());
  if (GraceHashJoinStream::CanSpill(*this, ctx)) {
    return CoalesceBatches(std::make_shared<GraceHashJoinStream>(std::move(self), partition,
                                                                 max_values, std::move(probe), ctx),
                           ctx);
  }
  // A selective join emits a few rows per probe batch: gathered, the next operator (often
  // another join's probe) pays its per-batch cost once per batch_size rows.
  return CoalesceBatches(
      std::make_shared<HashJoinStream>(std::move(self), build_partition, max_values,
                                       std::move(probe), std::move(state), ctx),
      ctx);
}

std::string HashJoinExec::to_string() const {
  std::string out = "HashJoinExec: mode=";
  out += PartitionModeName(mode_);
  out += ", join_type=";
  out += JoinTypeName(join_type_);
  out += ", on=" + JoinOnToString(on_);
  if (filter_) out += ", filter=" + filter_->to_string();
  if (null_equals_null_) out += ", null_equals_null=true";
  if (null_aware_) out += ", null_aware=true";
  return out;
}

}  // namespace quiver
