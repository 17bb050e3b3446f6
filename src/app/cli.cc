#include "app/cli.h"

#include <algorithm>

namespace magpie::app {

core::Result<ParsedArgs> ParseArgs(const std::vector<std::string>& args, size_t begin,
                                   const std::vector<FlagSpec>& specs) {
  ParsedArgs out;
  for (size_t i = begin; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      out.help = true;
      continue;
    }
    if (a.rfind("--", 0) != 0) {
      out.positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    auto spec =
        std::find_if(specs.begin(), specs.end(), [&](const FlagSpec& s) { return s.name == name; });
    if (spec == specs.end()) {
      return core::Error::Invalid("unknown flag --" + name + " (see --help)");
    }
    if (spec->takes_value && !inline_value) {
      if (i + 1 >= args.size()) return core::Error::Invalid("--" + name + " needs a value");
      value = args[++i];
    } else if (!spec->takes_value && !inline_value) {
      value = "true";
    }
    out.flags[name] = value;
    out.occurrences.emplace_back(name, value);
  }
  return out;
}

std::string FlagHelp(const std::vector<FlagSpec>& specs) {
  std::string out;
  for (const auto& s : specs) {
    std::string left = "  --" + s.name + (s.takes_value ? " VALUE" : "");
    if (left.size() < 28) left.resize(28, ' ');
    out += left + " " + s.help + "\n";
  }
  return out;
}

}  // namespace magpie::app
