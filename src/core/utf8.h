// UTF-8 validation: every text from a client is checked before it is stored or parsed.
#pragma once

#include <string_view>

namespace magpie::core {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF)
// and has no NUL byte.
bool IsValidUtf8(std::string_view s);

}  // namespace magpie::core
