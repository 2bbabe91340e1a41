#pragma once

#include <arrow/datum.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace quiver {

using DataTypeVector = std::vector<std::shared_ptr<arrow::DataType>>;

/// \brief A scalar function callable from SQL: built-in (e.g. `date_part`, `upper`) or a user's
/// UDF registered with SessionStateBuilder::with_scalar_functions.
///
/// Vectorized: `invoke` receives whole columns (arrays) or scalars and returns one value per row
/// (an array of `num_rows`) or a scalar. Plans refer to functions by name, so a distributed
/// query needs the same function registered on the coordinator and on every worker.
class ScalarFunction {
 public:
  virtual ~ScalarFunction() = default;
  virtual const std::string& name() const = 0;
  /// The result type for these argument types, or TypeError/Invalid naming the function.
  virtual arrow::Result<std::shared_ptr<arrow::DataType>> return_type(
      const DataTypeVector& arg_types) const = 0;
  virtual arrow::Result<arrow::Datum> invoke(const std::vector<arrow::Datum>& args,
                                             int64_t num_rows) const = 0;
};

/// \brief A ScalarFunction made from two callables: the common way to write a UDF.
class ScalarUDF : public ScalarFunction {
 public:
  using ReturnTypeFn =
      std::function<arrow::Result<std::shared_ptr<arrow::DataType>>(const DataTypeVector&)>;
  using InvokeFn =
      std::function<arrow::Result<arrow::Datum>(const std::vector<arrow::Datum>&, int64_t)>;

  ScalarUDF(std::string name, ReturnTypeFn return_type, InvokeFn invoke)
      : name_(std::move(name)), return_type_(std::move(return_type)), invoke_(std::move(invoke)) {}

  /// A UDF with a fixed result type.
  static std::shared_ptr<ScalarUDF> Make(std::string name,
                                         std::shared_ptr<arrow::DataType> result_type,
                                         InvokeFn invoke);

  const std::string& name() const override { return name_; }
  arrow::Result<std::shared_ptr<arrow::DataType>> return_type(
      const DataTypeVector& arg_types) const override {
    return return_type_(arg_types);
  }
  arrow::Result<arrow::Datum> invoke(const std::vector<arrow::Datum>& args,
                                     int64_t num_rows) const override {
    return invoke_(args, num_rows);
  }

 private:
  std::string name_;
  ReturnTypeFn return_type_;
  InvokeFn invoke_;
};

}  // namespace quiver
