#include <quiver/cli/option_parser.h>

#include <charconv>
#include <sstream>

namespace quiver::cli {

arrow::Result<OptionParser> OptionParser::Parse(const std::vector<std::string>& args,
                                                const std::set<std::string>& known) {
  OptionParser parser;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::string value;
    bool inline_value = false;
    if (auto eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    if (!known.count(name)) return arrow::Status::Invalid("unknown option '", name, "'");
    if (!inline_value) {
      if (i + 1 >= args.size()) return arrow::Status::Invalid("option '", name, "' needs a value");
      value = args[++i];
    }
    parser.values_[name].push_back(value);
  }
  return parser;
}

std::string OptionParser::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second.back();
}

std::vector<std::string> OptionParser::all(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

namespace {

void AppendItems(const std::string& list, std::vector<std::string>* out) {
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out->push_back(item);
  }
}

}  // namespace

std::vector<std::string> OptionParser::get_list(const std::string& name,
                                                const std::string& fallback) const {
  std::vector<std::string> out;
  AppendItems(get(name, fallback), &out);
  return out;
}

std::vector<std::string> OptionParser::all_items(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& value : all(name)) AppendItems(value, &out);
  return out;
}

arrow::Result<int64_t> OptionParser::get_int(const std::string& name, int64_t fallback) const {
  if (!has(name)) return fallback;
  std::string text = get(name);
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return arrow::Status::Invalid("option '", name, "' expects an integer, got '", text, "'");
  }
  return out;
}

}  // namespace quiver::cli
