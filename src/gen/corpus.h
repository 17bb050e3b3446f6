// The text side of the synthetic network: five languages (Chinese, English, Japanese, Spanish,
// Arabic) with names, bios, sentence templates and word lists, a hashtag vocabulary (Weibo-style
// #话题# topics and Twitter-style #tags), and the assembly of a post from a plan the generator
// chose (reply prefix, topic, mentions, tags, emoji, link).
//
// Assembly follows text::Parse's rules so that parsing the result gives back exactly the planned
// mentions and tags (gen_test checks this on thousands of posts): a Weibo topic only at the start,
// every mention and Twitter tag between spaces, no '#' or '@' anywhere else.
//
// Immutable after construction; safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gen/random.h"

namespace magpie::gen {

enum class Lang : uint8_t { kZh, kEn, kJa, kEs, kAr };
constexpr int kLangCount = 5;

// The BCP 47 code stored in statuses.language and users.locale.
std::string_view LangCode(Lang lang);
// The language of an account from its per-account hash: shares 35% zh, 25% en, 15% ja, 15% es,
// 10% ar.
Lang LangFromHash(uint64_t h);

struct TagWord {
  std::string name;        // as written, without the '#' marks
  std::string normalized;  // text::NormalizeTag(name): the key of the tags table
  bool weibo_style = false;
  Lang lang = Lang::kEn;
};

// What the generator decided a post contains; Corpus::Compose writes its text.
struct PostPlan {
  Lang lang = Lang::kEn;
  std::string_view reply_to_username;  // "@name " prefix when non-empty
  int weibo_topic = -1;                // index into tags(), a weibo_style entry, or -1
  std::vector<std::string_view> mention_usernames;
  std::vector<int> tags;  // indices into tags(), Twitter-style entries
  int sentences = 1;
  bool emoji = false;
  bool link = false;
};

class Corpus {
 public:
  Corpus();

  const std::vector<TagWord>& tags() const { return tags_; }
  // Indices into tags() of a language's Twitter-style tags and Weibo topics (zh only).
  const std::vector<int>& TwitterTags(Lang lang) const {
    return twitter_tags_[static_cast<int>(lang)];
  }
  const std::vector<int>& WeiboTopics(Lang lang) const {
    return weibo_topics_[static_cast<int>(lang)];
  }

  // A username (ASCII [a-z0-9_], at most 30 characters) unique through its `index` suffix.
  std::string Username(Lang lang, uint64_t h, uint32_t index) const;
  // A celebrity's username and display name (k-th celebrity).
  std::string CelebrityUsername(Lang lang, uint32_t k) const;
  std::string CelebrityDisplayName(Lang lang, uint32_t k) const;
  // A display name in the language's script.
  std::string DisplayName(Lang lang, uint64_t h) const;
  // A one-line bio.
  std::string Note(Lang lang, uint64_t h) const;

  // Appends the post's text to `out` (which is cleared first).
  void Compose(const PostPlan& plan, Rng& rng, std::string& out) const;
  // Appends one sentence in `lang`.
  void AppendSentence(Lang lang, Rng& rng, std::string& out) const;

 private:
  std::vector<TagWord> tags_;
  std::array<std::vector<int>, kLangCount> twitter_tags_;
  std::array<std::vector<int>, kLangCount> weibo_topics_;
};

}  // namespace magpie::gen
