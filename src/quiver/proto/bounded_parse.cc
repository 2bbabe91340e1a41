#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/message_lite.h>
#include <quiver/common/limits.h>
#include <quiver/proto/bounded_parse.h>

#include <limits>

namespace quiver {

namespace {
// Each operator and each expression node is two message levels (the oneof wrapper and the
// node), and a plan node's expressions nest inside it; the rest is slack for fixed wrappers.
constexpr int kRecursionLimit = 2 * (kMaxPlanDepth + kMaxSerializedExpressionDepth) + 64;
}  // namespace

bool ParseBoundedProto(std::string_view bytes, google::protobuf::MessageLite* msg) {
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) return false;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  in.SetRecursionLimit(kRecursionLimit);
  return msg->ParseFromCodedStream(&in) && in.ConsumedEntireMessage();
}

}  // namespace quiver
