#include <arrow/array/concatenate.h>
#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/dynamic_filter_expr.h>
#include <quiver/physical/expressions/expr_util.h>
#include <quiver/physical/expressions/in_list_expr.h>
#include <quiver/physical/expressions/literal_expr.h>

#include <mutex>
#include <optional>
#include <utility>

namespace quiver {

/// Shared by every DynamicFilterExpr derived from one another through with_new_children.
struct DynamicFilterExpr::State {
  /// Merged bounds of one key over the contributors so far.
  struct Merged {
    std::shared_ptr<arrow::Scalar> min;
    std::shared_ptr<arrow::Scalar> max;
    std::vector<std::shared_ptr<arrow::Array>> value_parts;
    bool any_unbounded_min = false;
    bool any_unbounded_max = false;
    bool any_without_values = false;
  };
  /// One key's final predicate pieces.
  struct Final {
    std::shared_ptr<arrow::Scalar> min;
    std::shared_ptr<arrow::Scalar> max;
    std::optional<std::vector<std::shared_ptr<arrow::Scalar>>> values;
  };

  explicit State(size_t num_keys) : merged(num_keys) {}

  mutable std::mutex mutex;
  int expected = 1;
  int contributions = 0;
  int nonempty = 0;
  std::vector<Merged> merged;
  bool complete = false;
  std::vector<Final> final_bounds;  // set on completion when nonempty > 0

  // Called with the mutex held after each contribution.
  arrow::Status MaybeFinish() {
    if (complete || contributions < expected) return arrow::Status::OK();
    complete = true;
    if (nonempty == 0) return arrow::Status::OK();
    final_bounds.resize(merged.size());
    for (size_t k = 0; k < merged.size(); ++k) {
      Merged& m = merged[k];
      Final& f = final_bounds[k];
      if (!m.any_unbounded_min) f.min = m.min;
      if (!m.any_unbounded_max) f.max = m.max;
      if (!m.any_without_values && !m.value_parts.empty()) {
        ARROW_ASSIGN_OR_RAISE(auto all, arrow::Concatenate(m.value_parts));
        ARROW_ASSIGN_OR_RAISE(auto unique, arrow::compute::Unique(all));
        std::vector<std::shared_ptr<arrow::Scalar>> scalars;
        scalars.reserve(unique->length());
        for (int64_t i = 0; i < unique->length(); ++i) {
          if (unique->IsNull(i)) continue;
          ARROW_ASSIGN_OR_RAISE(auto s, unique->GetScalar(i));
          scalars.push_back(std::move(s));
        }
        f.values = std::move(scalars);
      }
      m = Merged{};
    }
    return arrow::Status::OK();
  }
};

namespace {

arrow::Result<bool> Less(const std::shared_ptr<arrow::Scalar>& a,
                         const std::shared_ptr<arrow::Scalar>& b) {
  ARROW_ASSIGN_OR_RAISE(auto r, arrow::compute::CallFunction("less", {a, b}));
  const auto& s = static_cast<const arrow::BooleanScalar&>(*r.scalar());
  return s.is_valid && s.value;
}

arrow::Status CheckType(const std::shared_ptr<arrow::DataType>& seen,
                        const std::shared_ptr<arrow::DataType>& type, size_t key) {
  if (seen && type && !seen->Equals(*type)) {
    return arrow::Status::Invalid("DynamicFilterExpr: key ", key, " bounds of type ",
                                  type->ToString(), " after ", seen->ToString());
  }
  return arrow::Status::OK();
}

PhysicalExprPtr And(PhysicalExprPtr a, PhysicalExprPtr b) {
  if (!a) return b;
  return std::make_shared<BinaryExpr>(BinaryOperator::kAnd, std::move(a), std::move(b));
}

}  // namespace

DynamicFilterExpr::DynamicFilterExpr(std::vector<PhysicalExprPtr> keys)
    : keys_(std::move(keys)), state_(std::make_shared<State>(keys_.size())) {}

DynamicFilterExpr::DynamicFilterExpr(std::vector<PhysicalExprPtr> keys,
                                     std::shared_ptr<State> state)
    : keys_(std::move(keys)), state_(std::move(state)) {}

void DynamicFilterExpr::set_expected_contributors(int n) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->expected = n < 1 ? 1 : n;
  (void)state_->MaybeFinish();
}

int DynamicFilterExpr::expected_contributors() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->expected;
}

arrow::Status DynamicFilterExpr::update(std::vector<KeyBounds> bounds) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->complete) return arrow::Status::OK();
  if (bounds.size() != state_->merged.size()) {
    return arrow::Status::Invalid("DynamicFilterExpr: ", bounds.size(), " key bounds for ",
                                  state_->merged.size(), " keys");
  }
  // Check every key before changing anything, so a bad update leaves the state as it was.
  for (size_t k = 0; k < bounds.size(); ++k) {
    const KeyBounds& b = bounds[k];
    const State::Merged& m = state_->merged[k];
    std::shared_ptr<arrow::DataType> seen = m.min ? m.min->type : m.max ? m.max->type : nullptr;
    if (!seen && !m.value_parts.empty()) seen = m.value_parts[0]->type();
    std::shared_ptr<arrow::DataType> own = b.min ? b.min->type : b.max ? b.max->type : nullptr;
    ARROW_RETURN_NOT_OK(CheckType(own, b.max ? b.max->type : nullptr, k));
    ARROW_RETURN_NOT_OK(CheckType(own, b.values ? b.values->type() : nullptr, k));
    ARROW_RETURN_NOT_OK(CheckType(seen, own, k));
    ARROW_RETURN_NOT_OK(CheckType(seen, b.values ? b.values->type() : nullptr, k));
    if ((b.min && !b.min->is_valid) || (b.max && !b.max->is_valid)) {
      return arrow::Status::Invalid("DynamicFilterExpr: NULL bound for key ", k);
    }
  }
  const bool first = state_->nonempty == 0;
  for (size_t k = 0; k < bounds.size(); ++k) {
    KeyBounds& b = bounds[k];
    State::Merged& m = state_->merged[k];
    if (!b.min) {
      m.any_unbounded_min = true;
    } else if (first || !m.min) {
      m.min = b.min;
    } else {
      ARROW_ASSIGN_OR_RAISE(bool less, Less(b.min, m.min));
      if (less) m.min = b.min;
    }
    if (!b.max) {
      m.any_unbounded_max = true;
    } else if (first || !m.max) {
      m.max = b.max;
    } else {
      ARROW_ASSIGN_OR_RAISE(bool less, Less(m.max, b.max));
      if (less) m.max = b.max;
    }
    if (!b.values) {
      m.any_without_values = true;
      m.value_parts.clear();
    } else if (!m.any_without_values) {
      m.value_parts.push_back(std::move(b.values));
    }
  }
  ++state_->nonempty;
  ++state_->contributions;
  return state_->MaybeFinish();
}

void DynamicFilterExpr::mark_empty() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->complete) return;
  ++state_->contributions;
  (void)state_->MaybeFinish();
}

bool DynamicFilterExpr::complete() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->complete;
}

PhysicalExprPtr DynamicFilterExpr::current() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (!state_->complete) return std::make_shared<LiteralExpr>(arrow::MakeScalar(true));
  if (state_->nonempty == 0) return std::make_shared<LiteralExpr>(arrow::MakeScalar(false));
  PhysicalExprPtr out;
  for (size_t k = 0; k < keys_.size() && k < state_->final_bounds.size(); ++k) {
    const State::Final& f = state_->final_bounds[k];
    if (f.min) {
      out = And(out, std::make_shared<BinaryExpr>(BinaryOperator::kGtEq, keys_[k],
                                                  std::make_shared<LiteralExpr>(f.min)));
    }
    if (f.max) {
      out = And(out, std::make_shared<BinaryExpr>(BinaryOperator::kLtEq, keys_[k],
                                                  std::make_shared<LiteralExpr>(f.max)));
    }
    if (f.values) out = And(out, std::make_shared<InListExpr>(keys_[k], *f.values, false));
  }
  if (!out) return std::make_shared<LiteralExpr>(arrow::MakeScalar(true));
  return out;
}

arrow::Result<std::shared_ptr<arrow::DataType>> DynamicFilterExpr::data_type(
    const arrow::Schema& input_schema) const {
  for (const auto& key : keys_) {
    if (!key) return arrow::Status::Invalid("DynamicFilterExpr: null key");
    ARROW_RETURN_NOT_OK(key->data_type(input_schema).status());
  }
  return arrow::boolean();
}

arrow::Result<arrow::Datum> DynamicFilterExpr::evaluate(const arrow::RecordBatch& batch) const {
  return current()->evaluate(batch);
}

arrow::Result<PhysicalExprPtr> DynamicFilterExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("DynamicFilterExpr", children, keys_.size()));
  return PhysicalExprPtr(new DynamicFilterExpr(std::move(children), state_));
}

std::string DynamicFilterExpr::to_string() const {
  return "DynamicFilter [ " + current()->to_string() + " ]";
}

}  // namespace quiver
