#include <quiver/cli/result_printer.h>

#include <algorithm>

#include <arrow/array.h>
#include <arrow/compute/cast.h>
#include <arrow/result.h>
#include <arrow/type.h>

namespace quiver::cli {
namespace {

// One column rendered as text, column-at-a-time through Arrow's cast kernels.
struct TextColumn {
  std::shared_ptr<arrow::StringArray> values;
  bool numeric = false;
  bool boolean = false;
};

arrow::Result<TextColumn> RenderColumn(const std::shared_ptr<arrow::Array>& array) {
  TextColumn col;
  const auto& type = *array->type();
  col.numeric =
      arrow::is_integer(type.id()) || arrow::is_floating(type.id()) || arrow::is_decimal(type.id());
  col.boolean = type.id() == arrow::Type::BOOL;
  ARROW_ASSIGN_OR_RAISE(auto text, arrow::compute::Cast(*array, arrow::utf8()));
  col.values = std::static_pointer_cast<arrow::StringArray>(text);
  return col;
}

std::string CsvField(std::string_view v) {
  if (v.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string JsonString(std::string_view v) {
  std::string out = "\"";
  for (char c : v) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

arrow::Result<OutputFormat> ParseOutputFormat(const std::string& text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "csv") return OutputFormat::kCsv;
  if (text == "json") return OutputFormat::kJson;
  return arrow::Status::Invalid("unknown format '", text, "' (expected table, csv or json)");
}

arrow::Status PrintBatches(const std::shared_ptr<arrow::Schema>& schema,
                           const std::vector<std::shared_ptr<arrow::RecordBatch>>& batches,
                           OutputFormat format, std::ostream& out) {
  const int ncols = schema->num_fields();
  std::vector<std::vector<TextColumn>> rendered;
  for (const auto& batch : batches) {
    std::vector<TextColumn> cols;
    for (int c = 0; c < ncols; ++c) {
      ARROW_ASSIGN_OR_RAISE(auto col, RenderColumn(batch->column(c)));
      cols.push_back(std::move(col));
    }
    rendered.push_back(std::move(cols));
  }

  if (format == OutputFormat::kCsv) {
    for (int c = 0; c < ncols; ++c) out << (c ? "," : "") << CsvField(schema->field(c)->name());
    out << "\n";
    for (const auto& cols : rendered) {
      const int64_t rows = ncols ? cols[0].values->length() : 0;
      for (int64_t r = 0; r < rows; ++r) {
        for (int c = 0; c < ncols; ++c) {
          if (c) out << ",";
          if (cols[c].values->IsValid(r)) out << CsvField(cols[c].values->GetView(r));
        }
        out << "\n";
      }
    }
    return arrow::Status::OK();
  }

  if (format == OutputFormat::kJson) {
    out << "[";
    bool first = true;
    for (const auto& cols : rendered) {
      const int64_t rows = ncols ? cols[0].values->length() : 0;
      for (int64_t r = 0; r < rows; ++r) {
        out << (first ? "\n  {" : ",\n  {");
        first = false;
        for (int c = 0; c < ncols; ++c) {
          out << (c ? ", " : "") << JsonString(schema->field(c)->name()) << ": ";
          if (!cols[c].values->IsValid(r)) {
            out << "null";
          } else if (cols[c].numeric || cols[c].boolean) {
            // JSON has no NaN or infinities: they are written as the strings JavaScript and
            // pandas read back ("NaN", "Infinity", "-Infinity").
            const std::string_view v = cols[c].values->GetView(r);
            if (v == "nan" || v == "-nan" || v == "NaN") {
              out << "\"NaN\"";
            } else if (v == "inf" || v == "Infinity") {
              out << "\"Infinity\"";
            } else if (v == "-inf" || v == "-Infinity") {
              out << "\"-Infinity\"";
            } else {
              out << v;
            }
          } else {
            out << JsonString(cols[c].values->GetView(r));
          }
        }
        out << "}";
      }
    }
    out << (first ? "]\n" : "\n]\n");
    return arrow::Status::OK();
  }

  // EXPLAIN output (plan_type, plan) reads best as the plans themselves, one after another.
  if (ncols == 2 && schema->field(0)->name() == "plan_type" && schema->field(1)->name() == "plan") {
    for (const auto& cols : rendered) {
      for (int64_t r = 0; r < cols[0].values->length(); ++r) {
        out << cols[0].values->GetView(r) << ":\n" << cols[1].values->GetView(r);
        if (!cols[1].values->GetView(r).ends_with("\n")) out << "\n";
        out << "\n";
      }
    }
    return arrow::Status::OK();
  }

  // Table: a cell may hold several lines (EXPLAIN plans); widths from the longest line.
  auto lines_of = [](std::string_view v) {
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (true) {
      size_t nl = v.find('\n', start);
      lines.push_back(v.substr(start, nl == std::string_view::npos ? nl : nl - start));
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
    if (lines.size() > 1 && lines.back().empty()) lines.pop_back();
    return lines;
  };
  auto display_width = [](std::string_view v) {
    // Count code points, not bytes, so box-drawing characters line up.
    size_t n = 0;
    for (unsigned char c : v) n += (c & 0xC0) != 0x80;
    return n;
  };
  std::vector<size_t> width(ncols);
  for (int c = 0; c < ncols; ++c) width[c] = display_width(schema->field(c)->name());
  for (const auto& cols : rendered) {
    for (int c = 0; c < ncols; ++c) {
      for (int64_t r = 0; r < cols[c].values->length(); ++r) {
        if (!cols[c].values->IsValid(r)) {
          width[c] = std::max(width[c], size_t{4});
          continue;
        }
        for (auto line : lines_of(cols[c].values->GetView(r))) {
          width[c] = std::max(width[c], display_width(line));
        }
      }
    }
  }
  auto rule = [&] {
    out << "+";
    for (int c = 0; c < ncols; ++c) out << std::string(width[c] + 2, '-') << "+";
    out << "\n";
  };
  auto cell = [&](std::string_view v, int c, bool right) {
    std::string pad(width[c] - display_width(v), ' ');
    out << " " << (right ? pad : "") << v << (right ? "" : pad) << " |";
  };
  rule();
  out << "|";
  for (int c = 0; c < ncols; ++c) cell(schema->field(c)->name(), c, false);
  out << "\n";
  rule();
  for (const auto& cols : rendered) {
    const int64_t rows = ncols ? cols[0].values->length() : 0;
    for (int64_t r = 0; r < rows; ++r) {
      std::vector<std::vector<std::string_view>> cell_lines(ncols);
      size_t height = 1;
      for (int c = 0; c < ncols; ++c) {
        cell_lines[c] = cols[c].values->IsValid(r) ? lines_of(cols[c].values->GetView(r))
                                                   : std::vector<std::string_view>{"NULL"};
        height = std::max(height, cell_lines[c].size());
      }
      for (size_t l = 0; l < height; ++l) {
        out << "|";
        for (int c = 0; c < ncols; ++c) {
          cell(l < cell_lines[c].size() ? cell_lines[c][l] : "", c, cols[c].numeric);
        }
        out << "\n";
      }
    }
  }
  rule();
  return arrow::Status::OK();
}

}  // namespace quiver::cli
