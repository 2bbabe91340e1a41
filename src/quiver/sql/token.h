#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace quiver::sql {

/// \brief A position in SQL text; line and column are 1-based (columns count bytes).
struct Location {
  int line = 0;
  int column = 0;
};

enum class TokenKind {
  kIdentifier,  ///< bare word (keywords included) or "quoted identifier"
  kNumber,      ///< 42, 0.06, .5, 1e3 (text kept verbatim)
  kString,      ///< 'text' (text holds the unescaped value)
  kComma,
  kDot,
  kSemicolon,
  kLParen,
  kRParen,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kEq,
  kNotEq,  ///< <> or !=
  kLt,
  kLtEq,
  kGt,
  kGtEq,
  kDoubleColon,  ///< ::
  kConcat,       ///< ||
  kEof,
};

/// \brief One lexical token with its source position.
struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string text;
  Location loc;
  /// Identifier written in double quotes: case kept, never a keyword.
  bool quoted = false;

  /// True for a bare identifier equal (case-insensitively) to `keyword` (upper case).
  bool is_keyword(std::string_view keyword) const;
  /// How the token reads in an error message: 'FORM', end of input, ...
  std::string describe() const;
};

}  // namespace quiver::sql
