#include <quiver/functions/scalar_function.h>

namespace quiver {

std::shared_ptr<ScalarUDF> ScalarUDF::Make(std::string name,
                                           std::shared_ptr<arrow::DataType> result_type,
                                           InvokeFn invoke) {
  return std::make_shared<ScalarUDF>(
      std::move(name),
      [result_type](const DataTypeVector&) -> arrow::Result<std::shared_ptr<arrow::DataType>> {
        return result_type;
      },
      std::move(invoke));
}

}  // namespace quiver
