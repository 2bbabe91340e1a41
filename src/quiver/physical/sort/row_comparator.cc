#include <arrow/type.h>
#include <quiver/physical/sort/row_comparator.h>

namespace quiver {

arrow::Result<KeyColumn> KeyColumn::Make(std::shared_ptr<arrow::Array> array) {
  KeyColumn col;
  const arrow::ArrayData& d = *array->data();
  col.offset = d.offset;
  if (d.GetNullCount() > 0 && d.buffers[0]) col.validity = d.buffers[0]->data();
  auto fixed = [&](Kind kind) {
    col.kind = kind;
    col.values = d.buffers[1]->data();
  };
  switch (array->type_id()) {
    case arrow::Type::NA:
      col.kind = Kind::kNull;
      break;
    case arrow::Type::BOOL:
      fixed(Kind::kBool);
      break;
    case arrow::Type::INT8:
      fixed(Kind::kI8);
      break;
    case arrow::Type::INT16:
      fixed(Kind::kI16);
      break;
    case arrow::Type::INT32:
    case arrow::Type::DATE32:
    case arrow::Type::TIME32:
      fixed(Kind::kI32);
      break;
    case arrow::Type::INT64:
    case arrow::Type::DATE64:
    case arrow::Type::TIME64:
    case arrow::Type::TIMESTAMP:
    case arrow::Type::DURATION:
      fixed(Kind::kI64);
      break;
    case arrow::Type::UINT8:
      fixed(Kind::kU8);
      break;
    case arrow::Type::UINT16:
      fixed(Kind::kU16);
      break;
    case arrow::Type::UINT32:
      fixed(Kind::kU32);
      break;
    case arrow::Type::UINT64:
      fixed(Kind::kU64);
      break;
    case arrow::Type::FLOAT:
      fixed(Kind::kF32);
      break;
    case arrow::Type::DOUBLE:
      fixed(Kind::kF64);
      break;
    case arrow::Type::DECIMAL128:
      fixed(Kind::kDecimal128);
      break;
    case arrow::Type::STRING:
    case arrow::Type::BINARY:
      col.kind = Kind::kString;
      col.offsets32 = reinterpret_cast<const int32_t*>(d.buffers[1]->data());
      col.values = d.buffers[2] ? d.buffers[2]->data() : nullptr;
      break;
    case arrow::Type::LARGE_STRING:
    case arrow::Type::LARGE_BINARY:
      col.kind = Kind::kLargeString;
      col.offsets64 = reinterpret_cast<const int64_t*>(d.buffers[1]->data());
      col.values = d.buffers[2] ? d.buffers[2]->data() : nullptr;
      break;
    default:
      return arrow::Status::NotImplemented("merge on sort key of type ", array->type()->ToString());
  }
  col.owner = std::move(array);
  return col;
}

}  // namespace quiver
