// Built-in aggregate functions: count, sum, avg, min, max (each with a typed
// GroupsAccumulator; DISTINCT through DistinctAccumulator in single-step aggregation).

#include <arrow/type.h>
#include <quiver/functions/count_accumulator.h>
#include <quiver/functions/distinct_accumulator.h>
#include <quiver/functions/function_registry.h>
#include <quiver/functions/min_max_accumulator.h>
#include <quiver/functions/single_value_accumulator.h>
#include <quiver/functions/sum_accumulator.h>

#include <memory>
#include <string>

namespace quiver {
namespace {

using internal::AvgAccumulator;
using internal::CountAccumulator;
using internal::DistinctAccumulator;
using internal::MinMaxAccumulator;
using internal::MinMaxStringAccumulator;
using internal::SingleValueAccumulator;
using internal::SumAccumulator;
using AccumulatorPtr = std::unique_ptr<GroupsAccumulator>;

class BuiltinAggregate : public AggregateFunction {
 public:
  explicit BuiltinAggregate(std::string name) : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }

  arrow::Result<DataTypeVector> state_types(const DataTypeVector& arg_types,
                                            bool distinct) const override {
    if (distinct) {
      return arrow::Status::NotImplemented(name_,
                                           "(DISTINCT) has no partial state; aggregate it in "
                                           "single mode");
    }
    return plain_state_types(arg_types);
  }

  arrow::Result<AccumulatorPtr> create_accumulator(const DataTypeVector& arg_types,
                                                   bool distinct) const override {
    ARROW_ASSIGN_OR_RAISE(auto acc, plain_accumulator(arg_types));
    if (!distinct) return acc;
    if (arg_types.size() != 1) {
      return arrow::Status::NotImplemented(name_, "(DISTINCT) needs exactly one argument");
    }
    return DistinctAccumulator::Make(arg_types[0], std::move(acc));
  }

 protected:
  virtual arrow::Result<DataTypeVector> plain_state_types(
      const DataTypeVector& arg_types) const = 0;
  virtual arrow::Result<AccumulatorPtr> plain_accumulator(
      const DataTypeVector& arg_types) const = 0;

  arrow::Status ExpectOneArg(const DataTypeVector& arg_types) const {
    if (arg_types.size() != 1 || !arg_types[0]) {
      return arrow::Status::TypeError(name_, " expects one argument, got ", arg_types.size());
    }
    return arrow::Status::OK();
  }
  arrow::Status Unsupported(const std::shared_ptr<arrow::DataType>& type) const {
    return arrow::Status::TypeError(name_, " does not support ", type->ToString());
  }

 private:
  std::string name_;
};

class CountFunction : public BuiltinAggregate {
 public:
  CountFunction() : BuiltinAggregate("count") {}
  arrow::Result<std::shared_ptr<arrow::DataType>> return_type(
      const DataTypeVector&) const override {
    return arrow::int64();
  }

 protected:
  arrow::Result<DataTypeVector> plain_state_types(const DataTypeVector& arg_types) const override {
    if (arg_types.size() > 1) {
      return arrow::Status::TypeError("count expects at most one argument");
    }
    return DataTypeVector{arrow::int64()};
  }
  arrow::Result<AccumulatorPtr> plain_accumulator(const DataTypeVector& arg_types) const override {
    if (arg_types.size() > 1) {
      return arrow::Status::TypeError("count expects at most one argument");
    }
    return AccumulatorPtr(new CountAccumulator());
  }
};

// The sum's type for an input type: int64 for integers, float64 for floats, decimal128(38, s)
// for decimals.
arrow::Result<std::shared_ptr<arrow::DataType>> SumType(const std::string& fn,
                                                        const std::shared_ptr<arrow::DataType>& t) {
  if (arrow::is_integer(t->id()) || t->id() == arrow::Type::NA) return arrow::int64();
  if (arrow::is_floating(t->id())) return arrow::float64();
  if (t->id() == arrow::Type::DECIMAL128) {
    return arrow::decimal128(38, static_cast<const arrow::Decimal128Type&>(*t).scale());
  }
  return arrow::Status::TypeError(fn, " does not support ", t->ToString());
}

// Instantiates Acc<InType, SumOutType> for the input's type.
template <template <typename, typename> class Acc, typename... CtorArgs>
arrow::Result<AccumulatorPtr> MakeSumLike(const std::shared_ptr<arrow::DataType>& t,
                                          CtorArgs&&... args) {
  switch (t->id()) {
#define QUIVER_SUM_CASE(ID, IN, OUT) \
  case arrow::Type::ID:              \
    return AccumulatorPtr(new Acc<arrow::IN, arrow::OUT>(std::forward<CtorArgs>(args)...));
    QUIVER_SUM_CASE(INT8, Int8Type, Int64Type)
    QUIVER_SUM_CASE(INT16, Int16Type, Int64Type)
    QUIVER_SUM_CASE(INT32, Int32Type, Int64Type)
    QUIVER_SUM_CASE(INT64, Int64Type, Int64Type)
    QUIVER_SUM_CASE(UINT8, UInt8Type, Int64Type)
    QUIVER_SUM_CASE(UINT16, UInt16Type, Int64Type)
    QUIVER_SUM_CASE(UINT32, UInt32Type, Int64Type)
    QUIVER_SUM_CASE(UINT64, UInt64Type, Int64Type)
    QUIVER_SUM_CASE(FLOAT, FloatType, DoubleType)
    QUIVER_SUM_CASE(DOUBLE, DoubleType, DoubleType)
    QUIVER_SUM_CASE(DECIMAL128, Decimal128Type, Decimal128Type)
    // A column of only nulls: reads nothing, so any fixed width will do.
    QUIVER_SUM_CASE(NA, Int64Type, Int64Type)
#undef QUIVER_SUM_CASE
    default:
      return arrow::Status::TypeError("cannot sum ", t->ToString());
  }
}

class SumFunction : public BuiltinAggregate {
 public:
  SumFunction() : BuiltinAggregate("sum") {}
  arrow::Result<std::shared_ptr<arrow::DataType>> return_type(
      const DataTypeVector& arg_types) const override {
    ARROW_RETURN_NOT_OK(ExpectOneArg(arg_types));
    return SumType(name(), arg_types[0]);
  }

 protected:
  arrow::Result<DataTypeVector> plain_state_types(const DataTypeVector& arg_types) const override {
    ARROW_ASSIGN_OR_RAISE(auto t, return_type(arg_types));
    return DataTypeVector{t};
  }
  arrow::Result<AccumulatorPtr> plain_accumulator(const DataTypeVector& arg_types) const override {
    ARROW_ASSIGN_OR_RAISE(auto out, return_type(arg_types));
    return MakeSumLike<SumAccumulator>(arg_types[0], out);
  }
};

class AvgFunction : public BuiltinAggregate {
 public:
  AvgFunction() : BuiltinAggregate("avg") {}
  arrow::Result<std::shared_ptr<arrow::DataType>> return_type(
      const DataTypeVector& arg_types) const override {
    ARROW_RETURN_NOT_OK(ExpectOneArg(arg_types));
    ARROW_RETURN_NOT_OK(SumType(name(), arg_types[0]).status());
    return arrow::float64();
  }

 protected:
  arrow::Result<DataTypeVector> plain_state_types(const DataTypeVector& arg_types) const override {
    ARROW_RETURN_NOT_OK(ExpectOneArg(arg_types));
    ARROW_ASSIGN_OR_RAISE(auto sum, SumType(name(), arg_types[0]));
    return DataTypeVector{sum, arrow::int64()};
  }
  arrow::Result<AccumulatorPtr> plain_accumulator(const DataTypeVector& arg_types) const override {
    ARROW_RETURN_NOT_OK(ExpectOneArg(arg_types));
    ARROW_ASSIGN_OR_RAISE(auto sum, SumType(name(), arg_types[0]));
    int32_t scale = 0;
    if (sum->id() == arrow::Type::DECIMAL128) {
      scale = static_cast<const arrow::Decimal128Type&>(*sum).scale();
    }
    return MakeSumLike<AvgAccumulator>(arg_types[0], sum, scale);
  }
};

template <bool kIsMax>
class MinMaxFunction : public BuiltinAggregate {
 public:
  MinMaxFunction() : BuiltinAggregate(kIsMax ? "max" : "min") {}
  arrow::Result<std::shared_ptr<arrow::DataType>> return_type(
      const DataTypeVector& arg_types) const override {
    ARROW_RETURN_NOT_OK(ExpectOneArg(arg_types));
    return arg_types[0];
  }

 protected:
  arrow::Result<DataTypeVector> plain_state_types(const DataTypeVector& arg_types) const override {
    ARROW_RETURN_NOT_OK(ExpectOneArg(arg_types));
    return DataTypeVector{arg_types[0]};
  }
  arrow::Result<AccumulatorPtr> plain_accumulator(const DataTypeVector& arg_types) const override {
    ARROW_RETURN_NOT_OK(ExpectOneArg(arg_types));
    const auto& t = arg_types[0];
    switch (t->id()) {
#define QUIVER_MINMAX_CASE(ID, T) \
  case arrow::Type::ID:           \
    return AccumulatorPtr(new MinMaxAccumulator<arrow::T, kIsMax>(t));
      QUIVER_MINMAX_CASE(INT8, Int8Type)
      QUIVER_MINMAX_CASE(INT16, Int16Type)
      QUIVER_MINMAX_CASE(INT32, Int32Type)
      QUIVER_MINMAX_CASE(INT64, Int64Type)
      QUIVER_MINMAX_CASE(UINT8, UInt8Type)
      QUIVER_MINMAX_CASE(UINT16, UInt16Type)
      QUIVER_MINMAX_CASE(UINT32, UInt32Type)
      QUIVER_MINMAX_CASE(UINT64, UInt64Type)
      QUIVER_MINMAX_CASE(FLOAT, FloatType)
      QUIVER_MINMAX_CASE(DOUBLE, DoubleType)
      QUIVER_MINMAX_CASE(DECIMAL128, Decimal128Type)
      QUIVER_MINMAX_CASE(DATE32, Date32Type)
      QUIVER_MINMAX_CASE(DATE64, Date64Type)
      QUIVER_MINMAX_CASE(TIMESTAMP, TimestampType)
      QUIVER_MINMAX_CASE(TIME32, Time32Type)
      QUIVER_MINMAX_CASE(TIME64, Time64Type)
#undef QUIVER_MINMAX_CASE
      case arrow::Type::STRING:
        return AccumulatorPtr(new MinMaxStringAccumulator<arrow::StringType, kIsMax>(t));
      case arrow::Type::LARGE_STRING:
        return AccumulatorPtr(new MinMaxStringAccumulator<arrow::LargeStringType, kIsMax>(t));
      case arrow::Type::BINARY:
        return AccumulatorPtr(new MinMaxStringAccumulator<arrow::BinaryType, kIsMax>(t));
      default:
        return Unsupported(t);
    }
  }
};

// The value of a correlated scalar subquery (see SingleValueAccumulator): planned by the
// optimizer, not meant to be written in SQL.
class ScalarSubqueryValueFunction : public BuiltinAggregate {
 public:
  ScalarSubqueryValueFunction() : BuiltinAggregate(kScalarSubqueryValue) {}
  arrow::Result<std::shared_ptr<arrow::DataType>> return_type(
      const DataTypeVector& arg_types) const override {
    ARROW_RETURN_NOT_OK(ExpectOneArg(arg_types));
    return arg_types[0];
  }

 protected:
  arrow::Result<DataTypeVector> plain_state_types(const DataTypeVector& arg_types) const override {
    ARROW_RETURN_NOT_OK(ExpectOneArg(arg_types));
    return DataTypeVector{arrow::int64(), arg_types[0]};
  }
  arrow::Result<AccumulatorPtr> plain_accumulator(const DataTypeVector& arg_types) const override {
    ARROW_RETURN_NOT_OK(ExpectOneArg(arg_types));
    return AccumulatorPtr(new SingleValueAccumulator(arg_types[0]));
  }
};

}  // namespace

std::shared_ptr<AggregateFunction> MakeScalarSubqueryValueFunction() {
  return std::make_shared<ScalarSubqueryValueFunction>();
}

void RegisterBuiltinAggregateFunctions(FunctionRegistry* registry) {
  registry->register_aggregate(MakeScalarSubqueryValueFunction());
  registry->register_aggregate(std::make_shared<CountFunction>());
  registry->register_aggregate(std::make_shared<SumFunction>());
  registry->register_aggregate(std::make_shared<AvgFunction>());
  registry->register_aggregate(std::make_shared<MinMaxFunction<false>>());
  registry->register_aggregate(std::make_shared<MinMaxFunction<true>>());
}

}  // namespace quiver
