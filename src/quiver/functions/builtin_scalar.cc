// Built-in scalar functions (filled in below).
#include <quiver/functions/function_registry.h>

namespace quiver {

void RegisterBuiltinScalarFunctions(FunctionRegistry* registry) {}

}  // namespace quiver
