// Command-line parsing for `magpie <command> [flags]`: flags as `--name value` or `--name=value`,
// booleans as `--name`. Deliberately small; every command documents its flags in its --help.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace magpie::app {

struct FlagSpec {
  std::string name;  // without dashes
  bool takes_value = true;
  std::string help;
};

struct ParsedArgs {
  std::map<std::string, std::string> flags;  // the last value of each flag; booleans "true"
  std::vector<std::pair<std::string, std::string>> occurrences;  // every flag, in order
  std::vector<std::string> positional;
  bool help = false;

  std::optional<std::string> Get(const std::string& name) const {
    auto it = flags.find(name);
    if (it == flags.end()) return std::nullopt;
    return it->second;
  }
  bool Has(const std::string& name) const { return flags.count(name) > 0; }
  std::vector<std::string> All(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : occurrences) {
      if (k == name) out.push_back(v);
    }
    return out;
  }
};

// Parses args[begin..]; an unknown flag or a missing value is an error that names it.
core::Result<ParsedArgs> ParseArgs(const std::vector<std::string>& args, size_t begin,
                                   const std::vector<FlagSpec>& specs);

// "  --name VALUE   help" lines for --help.
std::string FlagHelp(const std::vector<FlagSpec>& specs);

}  // namespace magpie::app
