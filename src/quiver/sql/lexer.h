#pragma once

#include <arrow/result.h>
#include <quiver/sql/token.h>

#include <string_view>
#include <vector>

namespace quiver::sql {

/// \brief Splits SQL text into tokens, skipping whitespace and `--` / `/* */` comments.
/// The last token is always kEof. Errors are Invalid "SQL error at line L, column C: ...".
class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  arrow::Result<std::vector<Token>> tokenize();

 private:
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < sql_.size() ? sql_[pos_ + ahead] : '\0';
  }
  void advance(size_t n = 1);
  arrow::Status skip_space_and_comments();
  arrow::Result<Token> next_token();
  /// Reads a token enclosed in `quote` (at pos_), where a doubled quote stands for one;
  /// `what` names it in the error when the closing quote is missing.
  arrow::Result<std::string> read_quoted(char quote, Location loc, std::string_view what);

  std::string_view sql_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

/// The error every SQL syntax problem uses: Invalid("SQL error at line L, column C: message").
arrow::Status SyntaxError(Location loc, std::string_view message);

/// The error for valid SQL that quiver does not handle yet:
/// NotImplemented("SQL error at line L, column C: <construct> is not supported yet").
arrow::Status NotSupported(Location loc, std::string_view construct);

}  // namespace quiver::sql
