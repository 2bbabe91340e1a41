#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <arrow/result.h>

namespace quiver::cli {

/// \brief `--name value` / `--name=value` / `-c value` options; repeated options keep every
/// value. Unknown options are an error naming them.
class OptionParser {
 public:
  /// `known` lists accepted names with their dashes, e.g. {"--table", "-c"}.
  static arrow::Result<OptionParser> Parse(const std::vector<std::string>& args,
                                           const std::set<std::string>& known);

  bool has(const std::string& name) const { return values_.count(name) > 0; }
  /// The last value given for `name`, or `fallback`.
  std::string get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> all(const std::string& name) const;
  /// The last value of `name` split at commas (empty items dropped), or `fallback` split so.
  std::vector<std::string> get_list(const std::string& name,
                                    const std::string& fallback = "") const;
  /// Every value of `name` split at commas (empty items dropped), in order: for options that
  /// may be repeated or hold lists (`--allow-upstream a,b --allow-upstream c`).
  std::vector<std::string> all_items(const std::string& name) const;
  arrow::Result<int64_t> get_int(const std::string& name, int64_t fallback) const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
};

}  // namespace quiver::cli
