#pragma once

#include <string_view>

namespace quiver {

/// \brief Join types shared by logical and physical joins (DataFusion's set).
///
/// Output columns: kInner / kLeft / kRight / kFull give left columns then right columns
/// (the outer side's opposite columns become nullable); kLeftSemi / kLeftAnti give the left
/// columns only, kRightSemi / kRightAnti the right columns only; kLeftMark gives the left
/// columns plus one boolean "mark" column (kRightMark: the right columns plus it): true when the
/// row has a match, false when it has none, NULL when it has none but a NULL comparison left the
/// answer unknown (SQL's IN).
enum class JoinType {
  kInner,
  kLeft,
  kRight,
  kFull,
  kLeftSemi,
  kLeftAnti,
  kRightSemi,
  kRightAnti,
  kLeftMark,
  kRightMark,
};

/// "Inner", "Left", "LeftSemi", ...
std::string_view JoinTypeName(JoinType type);
/// True when the output has left columns / right columns.
bool JoinOutputsLeft(JoinType type);
bool JoinOutputsRight(JoinType type);
/// The same join with its inputs swapped (kLeft ↔ kRight, kLeftSemi ↔ kRightSemi, ...);
/// kLeftMark ↔ kRightMark.
JoinType SwapJoinType(JoinType type);

}  // namespace quiver
