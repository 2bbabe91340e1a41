#include <arrow/status.h>
#include <quiver/sql/lexer.h>

#include <cctype>

namespace quiver::sql {
namespace {

bool IsIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;  // UTF-8 letters in names
}

bool IsIdentPart(char c) {
  return IsIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool Token::is_keyword(std::string_view keyword) const {
  if (kind != TokenKind::kIdentifier || quoted || text.size() != keyword.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != keyword[i]) return false;
  }
  return true;
}

std::string Token::describe() const {
  switch (kind) {
    case TokenKind::kEof:
      return "end of input";
    case TokenKind::kString:
      return "string '" + text + "'";
    case TokenKind::kIdentifier:
      return quoted ? "'\"" + text + "\"'" : "'" + text + "'";
    default:
      return "'" + text + "'";
  }
}

arrow::Status SyntaxError(Location loc, std::string_view message) {
  return arrow::Status::Invalid("SQL error at line ", loc.line, ", column ", loc.column, ": ",
                                message);
}

arrow::Status NotSupported(Location loc, std::string_view construct) {
  return arrow::Status::NotImplemented("SQL error at line ", loc.line, ", column ", loc.column,
                                       ": ", construct, " is not supported yet");
}

void Lexer::advance(size_t n) {
  for (size_t i = 0; i < n && pos_ < sql_.size(); ++i) {
    if (sql_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }
}

arrow::Status Lexer::skip_space_and_comments() {
  while (pos_ < sql_.size()) {
    char c = peek();
    if (std::isspace(static_cast<unsigned char>(c))) {
      advance();
    } else if (c == '-' && peek(1) == '-') {
      while (pos_ < sql_.size() && peek() != '\n') advance();
    } else if (c == '/' && peek(1) == '*') {
      Location start{line_, column_};
      advance(2);
      while (pos_ < sql_.size() && !(peek() == '*' && peek(1) == '/')) advance();
      if (pos_ >= sql_.size()) return SyntaxError(start, "unterminated /* comment");
      advance(2);
    } else {
      break;
    }
  }
  return arrow::Status::OK();
}

arrow::Result<std::string> Lexer::read_quoted(char quote, Location loc, std::string_view what) {
  advance();  // the opening quote
  std::string value;
  while (true) {
    if (pos_ >= sql_.size()) return SyntaxError(loc, "unterminated " + std::string(what));
    if (peek() == quote) {
      if (peek(1) != quote) break;
      value.push_back(quote);
      advance(2);
      continue;
    }
    value.push_back(peek());
    advance();
  }
  advance();  // the closing quote
  return value;
}

arrow::Result<Token> Lexer::next_token() {
  Token tok;
  tok.loc = Location{line_, column_};
  if (pos_ >= sql_.size()) {
    tok.kind = TokenKind::kEof;
    return tok;
  }
  char c = peek();
  size_t start = pos_;
  if (IsIdentStart(c)) {
    while (pos_ < sql_.size() && IsIdentPart(peek())) advance();
    tok.kind = TokenKind::kIdentifier;
    tok.text = std::string(sql_.substr(start, pos_ - start));
    return tok;
  }
  if (c == '"') {
    ARROW_ASSIGN_OR_RAISE(std::string value, read_quoted('"', tok.loc, "quoted identifier"));
    if (value.empty()) return SyntaxError(tok.loc, "empty quoted identifier");
    tok.kind = TokenKind::kIdentifier;
    tok.quoted = true;
    tok.text = std::move(value);
    return tok;
  }
  if (c == '\'') {
    ARROW_ASSIGN_OR_RAISE(std::string value, read_quoted('\'', tok.loc, "string literal"));
    tok.kind = TokenKind::kString;
    tok.text = std::move(value);
    return tok;
  }
  if (IsDigit(c) || (c == '.' && IsDigit(peek(1)))) {
    while (IsDigit(peek())) advance();
    if (peek() == '.' && peek(1) != '.') {
      advance();
      while (IsDigit(peek())) advance();
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (IsDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && IsDigit(peek(2))))) {
      advance(2);
      while (IsDigit(peek())) advance();
    }
    if (IsIdentStart(peek())) {
      Location loc{line_, column_};
      return SyntaxError(loc, "unexpected character '" + std::string(1, peek()) + "' after number");
    }
    tok.kind = TokenKind::kNumber;
    tok.text = std::string(sql_.substr(start, pos_ - start));
    return tok;
  }
  auto two = [&](char a, char b) { return c == a && peek(1) == b; };
  auto emit = [&](TokenKind kind, size_t len) -> Token {
    tok.kind = kind;
    tok.text = std::string(sql_.substr(pos_, len));
    advance(len);
    return tok;
  };
  if (two('<', '>') || two('!', '=')) return emit(TokenKind::kNotEq, 2);
  if (two('<', '=')) return emit(TokenKind::kLtEq, 2);
  if (two('>', '=')) return emit(TokenKind::kGtEq, 2);
  if (two(':', ':')) return emit(TokenKind::kDoubleColon, 2);
  if (two('|', '|')) return emit(TokenKind::kConcat, 2);
  switch (c) {
    case ',':
      return emit(TokenKind::kComma, 1);
    case '.':
      return emit(TokenKind::kDot, 1);
    case ';':
      return emit(TokenKind::kSemicolon, 1);
    case '(':
      return emit(TokenKind::kLParen, 1);
    case ')':
      return emit(TokenKind::kRParen, 1);
    case '+':
      return emit(TokenKind::kPlus, 1);
    case '-':
      return emit(TokenKind::kMinus, 1);
    case '*':
      return emit(TokenKind::kStar, 1);
    case '/':
      return emit(TokenKind::kSlash, 1);
    case '%':
      return emit(TokenKind::kPercent, 1);
    case '=':
      return emit(TokenKind::kEq, 1);
    case '<':
      return emit(TokenKind::kLt, 1);
    case '>':
      return emit(TokenKind::kGt, 1);
    default:
      break;
  }
  return SyntaxError(tok.loc, "unexpected character '" + std::string(1, c) + "'");
}

arrow::Result<std::vector<Token>> Lexer::tokenize() {
  std::vector<Token> tokens;
  while (true) {
    ARROW_RETURN_NOT_OK(skip_space_and_comments());
    ARROW_ASSIGN_OR_RAISE(Token tok, next_token());
    bool eof = tok.kind == TokenKind::kEof;
    tokens.push_back(std::move(tok));
    if (eof) break;
  }
  return tokens;
}

}  // namespace quiver::sql
