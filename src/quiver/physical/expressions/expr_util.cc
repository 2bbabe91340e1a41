#include <arrow/array/util.h>
#include <arrow/status.h>
#include <quiver/physical/expressions/expr_util.h>

namespace quiver::internal {

arrow::Result<std::shared_ptr<arrow::DataType>> ComputeResultType(
    const std::string& fn, const std::vector<std::shared_ptr<arrow::DataType>>& types,
    const arrow::compute::FunctionOptions* options) {
  std::vector<arrow::Datum> args;
  args.reserve(types.size());
  for (const auto& type : types) {
    ARROW_ASSIGN_OR_RAISE(auto empty, arrow::MakeEmptyArray(type));
    args.emplace_back(std::move(empty));
  }
  ARROW_ASSIGN_OR_RAISE(auto out, arrow::compute::CallFunction(fn, args, options));
  return out.type();
}

arrow::Status CheckChildCount(const char* expr_name, const std::vector<PhysicalExprPtr>& children,
                              size_t n) {
  if (children.size() != n) {
    return arrow::Status::Invalid(expr_name, " expects ", n, " children, got ", children.size());
  }
  return arrow::Status::OK();
}

std::string JoinExprs(const std::vector<PhysicalExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) out += ", ";
    out += exprs[i] ? exprs[i]->to_string() : "<null>";
  }
  return out;
}

}  // namespace quiver::internal
