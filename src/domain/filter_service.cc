#include "domain/filter_service.h"

#include <algorithm>

#include "core/utf8.h"

namespace magpie::domain {

using core::Error;
using core::Result;

bool IsFilterContext(std::string_view context) {
  return std::find(std::begin(kFilterContexts), std::end(kFilterContexts), context) !=
         std::end(kFilterContexts);
}

namespace {

struct Decoded {
  char32_t cp;
  size_t len;
};

// Lenient decoder: text was validated on the way in; a bad byte decodes as itself, length 1.
Decoded DecodeAt(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  size_t len = (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 1;
  if (len == 1 || len > s.size() - i) return {b0, 1};
  char32_t cp = b0 & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {b0, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, len};
}

char32_t DecodeBefore(std::string_view s, size_t i) {
  size_t j = i - 1;
  while (j > 0 && i - j < 4 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  Decoded d = DecodeAt(s, j);
  return j + d.len == i ? d.cp : static_cast<unsigned char>(s[i - 1]);
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

char32_t Fold(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0xC0) return c;
  if (c <= 0xDE && c != 0xD7) return c + 32;  // Latin-1
  if (c >= 0x100 && c <= 0x17F) {             // Latin Extended-A
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x178) return 0xFF;
    if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;  // Greek
  if (c >= 0x410 && c <= 0x42F) return c + 32;                // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0xFF21 && c <= 0xFF3A) return c + 32;  // full-width Latin
  return c;
}

// Scripts written without spaces between words.
bool IsUnspaced(char32_t c) {
  return (c >= 0x2E80 && c <= 0x2FDF) ||  // CJK radicals
         (c >= 0x3040 && c <= 0x30FF) ||  // Hiragana, Katakana
         (c >= 0x3100 && c <= 0x31FF) ||  // Bopomofo, Katakana extensions
         (c >= 0x3400 && c <= 0x4DBF) ||  // CJK extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||  // CJK unified ideographs
         (c >= 0xF900 && c <= 0xFAFF) ||  // CJK compatibility ideographs
         (c >= 0xFF66 && c <= 0xFF9F) ||  // half-width Katakana
         (c >= 0x20000 && c <= 0x3FFFF);  // CJK extensions B..
}

// A character that glues to its neighbours in a word, for scripts that separate words by spaces.
bool IsSpacedWordChar(char32_t c) {
  if (c < 0x80) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
  if (IsUnspaced(c)) return false;
  if (c == 0xA0 || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
      (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0x1F000 && c <= 0x1FAFF) ||
      (c >= 0x2190 && c <= 0x2BFF) || c == 0xFE0F || c == 0x200D) {
    return false;  // spaces, punctuation, symbols, emoji
  }
  if (c >= 0xA1 && c <= 0xBF) return c == 0xAA || c == 0xB5 || c == 0xBA;
  return true;
}

}  // namespace

std::string FoldCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    Decoded d = DecodeAt(text, i);
    if (d.cp < 0x80) {
      out += static_cast<char>(Fold(d.cp));
    } else if (d.len == 1) {
      out += text[i];
    } else {
      AppendUtf8(out, Fold(d.cp));
    }
    i += d.len;
  }
  return out;
}

namespace {

// Both arguments already folded.
bool FindFolded(std::string_view text, std::string_view kw, bool boundary_before,
                bool boundary_after) {
  if (kw.empty()) return false;
  for (size_t pos = text.find(kw); pos != std::string_view::npos; pos = text.find(kw, pos + 1)) {
    bool ok = true;
    if (boundary_before && pos > 0 && IsSpacedWordChar(DecodeBefore(text, pos))) ok = false;
    size_t end = pos + kw.size();
    if (ok && boundary_after && end < text.size() && IsSpacedWordChar(DecodeAt(text, end).cp)) {
      ok = false;
    }
    if (ok) return true;
  }
  return false;
}

}  // namespace

bool KeywordMatches(std::string_view text, std::string_view keyword, bool whole_word) {
  std::string t = FoldCase(text);
  std::string k = FoldCase(keyword);
  if (k.empty()) return false;
  bool before = whole_word && IsSpacedWordChar(DecodeAt(k, 0).cp);
  bool after = whole_word && IsSpacedWordChar(DecodeBefore(k, k.size()));
  return FindFolded(t, k, before, after);
}

FilterSet::FilterSet(std::vector<Filter> filters, int64_t now) : filters_(std::move(filters)) {
  (void)now;
  compiled_.reserve(filters_.size());
  for (const auto& f : filters_) {
    std::vector<Compiled> keys;
    for (const auto& k : f.keywords) {
      Compiled c;
      c.folded = FoldCase(k.keyword);
      c.whole_word = k.whole_word;
      if (!c.folded.empty() && k.whole_word) {
        c.boundary_before = IsSpacedWordChar(DecodeAt(c.folded, 0).cp);
        c.boundary_after = IsSpacedWordChar(DecodeBefore(c.folded, c.folded.size()));
      }
      keys.push_back(std::move(c));
    }
    compiled_.push_back(std::move(keys));
  }
}

std::vector<FilterMatch> FilterSet::Match(const Status& status, std::string_view context,
                                          int64_t now) const {
  std::vector<FilterMatch> out;
  std::string folded;  // the status text, folded once and only if some keyword needs it
  bool folded_ready = false;
  for (size_t i = 0; i < filters_.size(); ++i) {
    const Filter& f = filters_[i];
    if (f.expires_at != 0 && f.expires_at <= now) continue;
    if (std::find(f.contexts.begin(), f.contexts.end(), context) == f.contexts.end()) continue;
    FilterMatch m;
    m.filter = &f;
    for (size_t k = 0; k < f.keywords.size(); ++k) {
      if (!folded_ready) {
        folded = FoldCase(status.spoiler_text);
        folded += '\n';
        folded += FoldCase(status.text);
        folded_ready = true;
      }
      const Compiled& c = compiled_[i][k];
      if (FindFolded(folded, c.folded, c.boundary_before, c.boundary_after)) {
        m.keyword_matches.push_back(f.keywords[k].keyword);
      }
    }
    for (const auto& fs : f.statuses) {
      if (fs.status_id == status.id) m.status_matches.push_back(fs.status_id);
    }
    if (!m.keyword_matches.empty() || !m.status_matches.empty()) out.push_back(std::move(m));
  }
  return out;
}

FilterService::FilterService(FilterStore& store, const core::Clock& clock, core::IdGenerator& ids)
    : store_(store), clock_(clock), ids_(ids) {}

std::vector<Filter> FilterService::List(Id owner) { return store_.FiltersOf(owner); }

Result<Filter> FilterService::Get(Id owner, Id filter_id) { return store_.Get(owner, filter_id); }

core::Status FilterService::Validate(const Filter& f) const {
  if (f.title.find_first_not_of(" \t\r\n") == std::string::npos) {
    Error e = Error::Invalid("Validation failed: Title can't be blank");
    e.details.push_back({"title", "ERR_BLANK", "can't be blank"});
    return e;
  }
  if (f.title.size() > 256) return Error::Invalid("Validation failed: Title is too long");
  if (f.contexts.empty()) {
    Error e = Error::Invalid("Validation failed: Context can't be blank");
    e.details.push_back({"context", "ERR_BLANK", "can't be blank"});
    return e;
  }
  for (const auto& c : f.contexts) {
    if (!IsFilterContext(c)) {
      return Error::Invalid("Validation failed: Context None or invalid context supplied");
    }
  }
  if (f.keywords.size() > 100) return Error::Invalid("Validation failed: Too many keywords");
  for (const auto& k : f.keywords) {
    if (k.keyword.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Error::Invalid("Validation failed: Keywords keyword can't be blank");
    }
    if (k.keyword.size() > 512) {
      return Error::Invalid("Validation failed: Keywords keyword is too long");
    }
    if (!core::IsValidUtf8(k.keyword)) return Error::Invalid("Validation failed: invalid keyword");
  }
  if (!core::IsValidUtf8(f.title)) return Error::Invalid("Validation failed: invalid title");
  return core::Ok();
}

Result<Filter> FilterService::Save(Filter filter) {
  MAGPIE_RETURN_IF_ERROR(Validate(filter));
  MAGPIE_RETURN_IF_ERROR(store_.Save(filter));
  Forget(filter.account_id);
  return filter;
}

namespace {
// Applies the keyword part of a change; kNotFound for a keyword id the filter does not have.
core::Status ApplyKeywords(Filter& f, const std::vector<KeywordChange>& changes,
                           core::IdGenerator& ids) {
  for (const auto& kc : changes) {
    if (kc.id != 0) {
      auto it = std::find_if(f.keywords.begin(), f.keywords.end(),
                             [&](const FilterKeyword& k) { return k.id == kc.id; });
      if (it == f.keywords.end()) return Error::NotFound();
      if (kc.destroy) {
        f.keywords.erase(it);
        continue;
      }
      if (kc.keyword) it->keyword = *kc.keyword;
      if (kc.whole_word) it->whole_word = *kc.whole_word;
    } else if (!kc.destroy) {
      FilterKeyword k;
      k.id = ids.Next();
      k.keyword = kc.keyword.value_or("");
      k.whole_word = kc.whole_word.value_or(true);
      f.keywords.push_back(std::move(k));
    }
  }
  return core::Ok();
}
}  // namespace

Result<Filter> FilterService::Create(Id owner, const FilterChange& change) {
  Filter f;
  f.id = ids_.Next();
  f.account_id = owner;
  f.title = change.title.value_or("");
  f.contexts = change.contexts.value_or(std::vector<std::string>{});
  f.action = change.action.value_or(FilterAction::kWarn);
  if (change.expires_in && *change.expires_in > 0) {
    f.expires_at =
        clock_.NowMillis() + std::min<int64_t>(*change.expires_in, 10LL * 365 * 86400) * 1000;
  }
  MAGPIE_RETURN_IF_ERROR(ApplyKeywords(f, change.keywords, ids_));
  return Save(std::move(f));
}

Result<Filter> FilterService::Update(Id owner, Id filter_id, const FilterChange& change) {
  MAGPIE_ASSIGN_OR_RETURN(Filter f, store_.Get(owner, filter_id));
  if (change.title) f.title = *change.title;
  if (change.contexts) f.contexts = *change.contexts;
  if (change.action) f.action = *change.action;
  if (change.expires_in) {
    f.expires_at =
        *change.expires_in > 0
            ? clock_.NowMillis() + std::min<int64_t>(*change.expires_in, 10LL * 365 * 86400) * 1000
            : 0;
  }
  MAGPIE_RETURN_IF_ERROR(ApplyKeywords(f, change.keywords, ids_));
  return Save(std::move(f));
}

Result<bool> FilterService::Delete(Id owner, Id filter_id) {
  MAGPIE_ASSIGN_OR_RETURN(bool removed, store_.Delete(owner, filter_id));
  Forget(owner);
  return removed;
}

Result<Filter> FilterService::AddKeyword(Id owner, Id filter_id, std::string keyword,
                                         bool whole_word) {
  MAGPIE_ASSIGN_OR_RETURN(Filter f, store_.Get(owner, filter_id));
  FilterKeyword k;
  k.id = ids_.Next();
  k.keyword = std::move(keyword);
  k.whole_word = whole_word;
  f.keywords.push_back(k);
  MAGPIE_ASSIGN_OR_RETURN(Filter saved, Save(std::move(f)));
  return saved;
}

Result<std::pair<Filter, FilterKeyword>> FilterService::GetKeyword(Id owner, Id keyword_id) {
  for (auto& f : store_.FiltersOf(owner)) {
    for (const auto& k : f.keywords) {
      if (k.id == keyword_id) {
        FilterKeyword copy = k;
        return std::make_pair(std::move(f), std::move(copy));
      }
    }
  }
  return Error::NotFound();
}

Result<FilterKeyword> FilterService::UpdateKeyword(Id owner, Id keyword_id,
                                                   std::optional<std::string> keyword,
                                                   std::optional<bool> whole_word) {
  MAGPIE_ASSIGN_OR_RETURN(auto found, GetKeyword(owner, keyword_id));
  Filter f = std::move(found.first);
  FilterKeyword updated;
  for (auto& k : f.keywords) {
    if (k.id != keyword_id) continue;
    if (keyword) k.keyword = *keyword;
    if (whole_word) k.whole_word = *whole_word;
    updated = k;
  }
  MAGPIE_RETURN_IF_ERROR(Save(std::move(f)));
  return updated;
}

Result<bool> FilterService::DeleteKeyword(Id owner, Id keyword_id) {
  MAGPIE_ASSIGN_OR_RETURN(auto found, GetKeyword(owner, keyword_id));
  Filter f = std::move(found.first);
  std::erase_if(f.keywords, [&](const FilterKeyword& k) { return k.id == keyword_id; });
  // A filter may be left without keywords (it can still hold statuses), so skip Validate's
  // keyword checks by saving directly.
  MAGPIE_RETURN_IF_ERROR(store_.Save(f));
  Forget(owner);
  return true;
}

Result<FilterStatus> FilterService::AddStatus(Id owner, Id filter_id, Id status_id) {
  MAGPIE_ASSIGN_OR_RETURN(Filter f, store_.Get(owner, filter_id));
  for (const auto& s : f.statuses) {
    if (s.status_id == status_id) {
      return Error::Invalid("Validation failed: Status has already been taken");
    }
  }
  FilterStatus fs;
  fs.id = ids_.Next();
  fs.status_id = status_id;
  f.statuses.push_back(fs);
  auto saved = store_.Save(f);
  if (!saved.ok()) {
    if (saved.error().code == core::ErrorCode::kConflict) {
      return Error::Invalid("Validation failed: Status has already been taken");
    }
    return std::move(saved).error();
  }
  Forget(owner);
  return fs;
}

Result<std::pair<Filter, FilterStatus>> FilterService::GetStatus(Id owner, Id filter_status_id) {
  for (auto& f : store_.FiltersOf(owner)) {
    for (const auto& s : f.statuses) {
      if (s.id == filter_status_id) {
        FilterStatus copy = s;
        return std::make_pair(std::move(f), copy);
      }
    }
  }
  return Error::NotFound();
}

Result<bool> FilterService::DeleteStatus(Id owner, Id filter_status_id) {
  MAGPIE_ASSIGN_OR_RETURN(auto found, GetStatus(owner, filter_status_id));
  Filter f = std::move(found.first);
  std::erase_if(f.statuses, [&](const FilterStatus& s) { return s.id == filter_status_id; });
  MAGPIE_RETURN_IF_ERROR(store_.Save(f));
  Forget(owner);
  return true;
}

std::shared_ptr<const FilterSet> FilterService::ForAccount(Id owner) {
  uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(owner);
    if (it != cache_.end()) return it->second;
    generation = generation_;
  }
  auto set = std::make_shared<const FilterSet>(store_.FiltersOf(owner), clock_.NowMillis());
  std::lock_guard lock(mu_);
  // A write that committed while we read may have been missed by the read: keep the snapshot
  // for this call only unless no write happened meanwhile.
  if (generation_ == generation) cache_.emplace(owner, set);
  return set;
}

void FilterService::Forget(Id owner) {
  std::lock_guard lock(mu_);
  ++generation_;
  cache_.erase(owner);
}

}  // namespace magpie::domain
