#pragma once

#include <string_view>

namespace google::protobuf {
class MessageLite;
}

namespace quiver {

/// Parses `bytes` into `msg` allowing messages nested as deeply as the plans quiver serializes
/// (common/limits.h), instead of protobuf's default of 100 levels, which a 60-term expression
/// already exceeds. False on malformed bytes, trailing garbage or deeper nesting.
bool ParseBoundedProto(std::string_view bytes, google::protobuf::MessageLite* msg);

}  // namespace quiver
