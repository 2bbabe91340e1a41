#include <quiver/common/join_type.h>

namespace quiver {

std::string_view JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner:
      return "Inner";
    case JoinType::kLeft:
      return "Left";
    case JoinType::kRight:
      return "Right";
    case JoinType::kFull:
      return "Full";
    case JoinType::kLeftSemi:
      return "LeftSemi";
    case JoinType::kLeftAnti:
      return "LeftAnti";
    case JoinType::kRightSemi:
      return "RightSemi";
    case JoinType::kRightAnti:
      return "RightAnti";
    case JoinType::kLeftMark:
      return "LeftMark";
    case JoinType::kRightMark:
      return "RightMark";
  }
  return "?";
}

bool JoinOutputsLeft(JoinType type) {
  return type != JoinType::kRightSemi && type != JoinType::kRightAnti &&
         type != JoinType::kRightMark;
}

bool JoinOutputsRight(JoinType type) {
  return type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kRight ||
         type == JoinType::kFull || type == JoinType::kRightSemi || type == JoinType::kRightAnti ||
         type == JoinType::kRightMark;
}

JoinType SwapJoinType(JoinType type) {
  switch (type) {
    case JoinType::kLeft:
      return JoinType::kRight;
    case JoinType::kRight:
      return JoinType::kLeft;
    case JoinType::kLeftSemi:
      return JoinType::kRightSemi;
    case JoinType::kRightSemi:
      return JoinType::kLeftSemi;
    case JoinType::kLeftAnti:
      return JoinType::kRightAnti;
    case JoinType::kRightAnti:
      return JoinType::kLeftAnti;
    case JoinType::kLeftMark:
      return JoinType::kRightMark;
    case JoinType::kRightMark:
      return JoinType::kLeftMark;
    default:
      return type;
  }
}

}  // namespace quiver
