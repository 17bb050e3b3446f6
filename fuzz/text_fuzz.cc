// libFuzzer target for the text pipeline: Parse, RenderHtml, CountPostLength and
// HtmlToPlainText on arbitrary valid UTF-8 (the only input the server lets through). Checks the
// invariants callers rely on: entities lie inside the text, have positive length, come in order
// and never overlap, and their text matches what the entity says.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/utf8.h"
#include "text/text.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!magpie::core::IsValidUtf8(text)) return -1;  // -1: keep out of the corpus

  using namespace magpie::text;
  const ParsedText parsed = Parse(text);

  std::vector<std::pair<size_t, size_t>> spans;
  size_t previous_end = 0;
  for (const Mention& m : parsed.mentions) {
    Check(m.begin < m.end && m.end <= size, "mention in range");
    Check(m.begin >= previous_end, "mentions ordered");
    previous_end = m.end;
    Check(text[m.begin] == '@', "mention starts with @");
    Check(!m.username.empty() && m.username.size() <= 30, "username length");
    spans.emplace_back(m.begin, m.end);
  }
  previous_end = 0;
  for (const Hashtag& t : parsed.tags) {
    Check(t.begin < t.end && t.end <= size, "tag in range");
    Check(t.begin >= previous_end, "tags ordered");
    previous_end = t.end;
    Check(text[t.begin] == '#', "tag starts with #");
    Check(!t.name.empty(), "tag name non-empty");
    Check(!t.weibo_style || text[t.end - 1] == '#', "topic ends with #");
    spans.emplace_back(t.begin, t.end);
  }
  previous_end = 0;
  for (const Link& l : parsed.links) {
    Check(l.begin < l.end && l.end <= size, "link in range");
    Check(l.begin >= previous_end, "links ordered");
    previous_end = l.end;
    Check(text.substr(l.begin, l.end - l.begin) == l.url, "link text matches");
    Check(magpie::core::IsValidUtf8(l.url), "link is valid UTF-8");
    spans.emplace_back(l.begin, l.end);
  }
  std::sort(spans.begin(), spans.end());
  for (size_t i = 1; i < spans.size(); ++i) {
    Check(spans[i - 1].second <= spans[i].first, "entities do not overlap");
  }

  RenderOptions options;
  options.base_url = "https://magpie.example";
  options.resolve_mention = [](const Mention& m) -> std::optional<MentionTarget> {
    if (m.username.size() % 2 == 0) return std::nullopt;  // exercise both paths
    return MentionTarget{"https://magpie.example/@" + m.username, m.username};
  };
  const std::string html = RenderHtml(text, parsed, options);
  Check(magpie::core::IsValidUtf8(html), "rendered HTML is valid UTF-8");
  Check(html.find("<script") == std::string::npos, "no raw markup from the text");

  const size_t length = CountPostLength(text, parsed);
  Check(length <= CountGraphemes(text) + 23 * parsed.links.size(), "length bound");

  const std::string plain = HtmlToPlainText(html);
  Check(magpie::core::IsValidUtf8(plain), "plain text is valid UTF-8");

  for (const Hashtag& t : parsed.tags) {
    const std::string key = NormalizeTag(t.name);
    Check(key.empty() || magpie::core::IsValidUtf8(key), "tag key is valid UTF-8");
  }
  return 0;
}
