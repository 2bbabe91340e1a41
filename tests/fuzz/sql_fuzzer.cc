// libFuzzer target: any text through the SQL front end (lexer, parser, binder, optimizer) and
// the physical planner, against two small in-memory tables of the common types. Planning must
// end in a plan or an error, never a crash; nothing is executed (a fuzzed cross join of many
// tables would only measure time).
#include <arrow/api.h>
#include <arrow/compute/initialize.h>
#include <quiver/execution/session_context.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

std::shared_ptr<arrow::RecordBatch> Table() {
  auto schema = arrow::schema({arrow::field("a", arrow::int64()), arrow::field("b", arrow::utf8()),
                               arrow::field("c", arrow::float64()),
                               arrow::field("d", arrow::date32()),
                               arrow::field("e", arrow::decimal128(12, 2))});
  arrow::Int64Builder a;
  arrow::StringBuilder b;
  arrow::DoubleBuilder c;
  arrow::Date32Builder d;
  arrow::Decimal128Builder e(arrow::decimal128(12, 2));
  for (int i = 0; i < 3; ++i) {
    (void)a.Append(i - 1);
    (void)b.Append(std::string(i, 'x'));
    (void)c.Append(i * 0.5);
    (void)d.Append(10000 + i);
    (void)e.Append(arrow::Decimal128(i * 125));
  }
  (void)a.AppendNull();
  (void)b.AppendNull();
  (void)c.AppendNull();
  (void)d.AppendNull();
  (void)e.AppendNull();
  return arrow::RecordBatch::Make(schema, 4,
                                  {a.Finish().ValueOrDie(), b.Finish().ValueOrDie(),
                                   c.Finish().ValueOrDie(), d.Finish().ValueOrDie(),
                                   e.Finish().ValueOrDie()});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool initialized = arrow::compute::Initialize().ok();
  static const auto batch = Table();
  if (!initialized) return 0;
  quiver::SessionContext ctx;  // fresh per input: a fuzzed SET must not leak into the next
  if (!ctx.register_batches("t", {batch}).ok() || !ctx.register_batches("u", {batch}).ok()) {
    return 0;
  }
  auto df = ctx.sql(std::string(reinterpret_cast<const char*>(data), size));
  if (df.ok()) (void)df->create_physical_plan();
  return 0;
}
