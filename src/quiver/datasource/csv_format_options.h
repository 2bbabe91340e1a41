#pragma once

#include <arrow/type_fwd.h>

#include <memory>
#include <string>

namespace quiver {

/// \brief How CSV files are laid out. The session's CsvReadOptions maps onto this.
struct CsvFormatOptions {
  /// First line holds column names. Without a header, columns are named column_1, column_2...
  /// (as DataFusion does) unless `schema` names them.
  bool has_header = true;
  char delimiter = ',';
  /// Explicit schema (names and types, in file column order); inferred from the first file
  /// when null.
  std::shared_ptr<arrow::Schema> schema;
  /// File name suffix selected when the table path is a directory.
  std::string file_extension = ".csv";
};

}  // namespace quiver
