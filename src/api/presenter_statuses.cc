// The status half of the Presenter (presenter.h, status_presenter.h): Status entities as
// docs.joinmastodon.org "Entities/Status" describes them (Mastodon 4.5 quotes included),
// hydrated per page in a constant number of calls, plus StatusEdit, Conversation, Tag and Filter.
//
// Each status's JSON is built in two parts: the viewer-independent base (content HTML, mentions,
// tags, counts, urls), cached in the StatusRenderCache keyed by snapshot; and the viewer's part
// (author account, reblog, quote, application, flags, filters) added to a copy on every read.
#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cctype>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "api/account_render_cache.h"
#include "api/presenter.h"
#include "api/status_presenter.h"
#include "api/status_render_cache.h"
#include "core/clock.h"
#include "core/log.h"
#include "domain/account_service.h"
#include "domain/filter_service.h"
#include "domain/names.h"
#include "domain/status_service.h"
#include "domain/visibility.h"
#include "text/text.h"

namespace magpie::api {

namespace json = boost::json;
using domain::StatusPtr;

namespace {

json::value OptionalIso(int64_t millis) {
  if (millis <= 0) return nullptr;
  return json::string(core::FormatIso8601(millis));
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Acct(const domain::Account& a) {
  return a.domain.empty() ? a.username : a.username + "@" + a.domain;
}

std::string TagUrl(const ApiConfig& config, std::string_view name) {
  return config.base_url + "/tags/" + boost::urls::encode(name, boost::urls::unreserved_chars);
}

// Content HTML with @-mentions linked to the accounts the status mentions (matched by username;
// a name that is no mentioned account stays plain text).
std::string RenderContent(const ApiConfig& config, std::string_view text,
                          const std::vector<const domain::Account*>& mentioned) {
  if (text.empty()) return "";
  text::RenderOptions options;
  options.base_url = config.base_url;
  options.resolve_mention = [&](const text::Mention& m) -> std::optional<text::MentionTarget> {
    if (!m.domain.empty() && !IEquals(m.domain, config.domain)) return std::nullopt;
    for (const auto* a : mentioned) {
      if (a->domain.empty() && IEquals(a->username, m.username)) {
        return text::MentionTarget{config.base_url + "/@" + Acct(*a), a->username};
      }
    }
    return std::nullopt;
  };
  return text::RenderHtml(text, text::Parse(text), options);
}

// A page holds a few dozen statuses and accounts at most, so its lookups are sorted vectors
// searched by halving: no node allocation per entry and no hashing, which on a hot timeline read
// cost more than the searches themselves.
struct StatusEntry {
  Id id = 0;
  StatusPtr status;
  StatusRenderCache::JsonPtr base;  // the viewer-independent bytes, once known
};

struct AccountEntry {
  Id id = 0;
  std::shared_ptr<const domain::Account> account;
  AccountRenderCache::JsonPtr json;  // the Account entity without counters, left open
};

template <class Entry>
Entry* FindEntry(std::vector<Entry>& entries, Id id) {
  auto it = std::lower_bound(entries.begin(), entries.end(), id,
                             [](const Entry& e, Id key) { return e.id < key; });
  return it != entries.end() && it->id == id ? &*it : nullptr;
}

template <class Entry>
void SortById(std::vector<Entry>& entries) {
  auto by_id = [](const Entry& a, const Entry& b) { return a.id < b.id; };
  if (!std::is_sorted(entries.begin(), entries.end(), by_id)) {
    std::sort(entries.begin(), entries.end(), by_id);
  }
  entries.erase(std::unique(entries.begin(), entries.end(),
                            [](const Entry& a, const Entry& b) { return a.id == b.id; }),
                entries.end());
}

void SortUnique(std::vector<Id>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

// Everything one page needs, loaded in a constant number of calls.
struct Batch {
  domain::ViewerContext viewer;
  std::vector<StatusEntry> statuses;   // sorted by id, unique
  std::vector<AccountEntry> accounts;  // sorted by id, unique
  std::unordered_map<Id, domain::InteractionFlags> flags;
  std::shared_ptr<const domain::FilterSet> filters;
  int64_t now = 0;

  StatusEntry* FindStatus(Id id) { return FindEntry(statuses, id); }
  AccountEntry* FindAccount(Id id) { return FindEntry(accounts, id); }
};

// Where a page is written: copied bytes, and the cached fragments referenced (http::SharedBody).
class Out {
 public:
  explicit Out(http::SharedBody& body) : body_(body) {}
  Out& operator+=(std::string_view bytes) {
    body_.Append(bytes);
    return *this;
  }
  Out& operator+=(char c) { return *this += std::string_view(&c, 1); }
  // The bytes stay alive in the batch, which hands them to the body when the page is done.
  void Share(const StatusRenderCache::JsonPtr& bytes) { body_.AppendRef(*bytes); }
  http::SharedBody::Mark mark() const { return body_.mark(); }
  void Truncate(const http::SharedBody::Mark& mark) { body_.Truncate(mark); }

 private:
  http::SharedBody& body_;
};

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  core::log::AppendJsonEscaped(out, s);
  out += '"';
}

void AppendOptionalId(std::string& out, Id id) {
  if (id == 0) {
    out += "null";
    return;
  }
  out += '"';
  out += core::IdToString(id);
  out += '"';
}

void AppendString(Out& out, std::string_view s) {
  std::string quoted;
  AppendJsonString(quoted, s);
  out += quoted;
}

class Renderer {
 public:
  Renderer(const ApiContext& ctx, Batch& batch) : ctx_(ctx), batch_(batch) {}

  // The viewer-independent members, serialized: from the render cache (looked up once per page
  // when the batch was loaded), else built now and cached. The author must be in the batch.
  const StatusRenderCache::JsonPtr& Base(StatusEntry& entry) {
    if (entry.base) return entry.base;
    const domain::Status& s = *entry.status;
    const ApiConfig& config = ctx_.config;
    const domain::Account& author = *batch_.FindAccount(s.account_id)->account;
    const std::string id = core::IdToString(s.id);
    const bool reblog = s.reblog_of_id != 0;
    // Written out member by member: building a json::object and serializing it was a tenth of
    // the CPU of a post and of a page of statuses not seen before.
    std::string o;
    o.reserve(1024 + s.text.size() * 2);
    o += "\"id\":";
    AppendJsonString(o, id);
    o += ",\"created_at\":\"";
    o += core::FormatIso8601(s.created_at);
    o += "\",\"in_reply_to_id\":";
    AppendOptionalId(o, s.in_reply_to_id);
    o += ",\"in_reply_to_account_id\":";
    AppendOptionalId(o, s.in_reply_to_account_id);
    o += s.sensitive ? ",\"sensitive\":true" : ",\"sensitive\":false";
    o += ",\"spoiler_text\":";
    AppendJsonString(o, s.spoiler_text);
    o += ",\"visibility\":\"";
    o += domain::VisibilityName(s.visibility);
    o += "\",\"language\":";
    if (s.language.empty()) {
      o += "null";
    } else {
      AppendJsonString(o, s.language);
    }
    o += ",\"uri\":";
    AppendJsonString(o, config.base_url + "/users/" + author.username + "/statuses/" + id +
                            (reblog ? "/activity" : ""));
    o += ",\"url\":";
    AppendJsonString(o, config.base_url + "/@" + Acct(author) + "/" + id);
    for (const auto& [name, count] : {std::pair{",\"replies_count\":", s.replies_count},
                                      std::pair{",\"reblogs_count\":", s.reblogs_count},
                                      std::pair{",\"favourites_count\":", s.favourites_count},
                                      std::pair{",\"quotes_count\":", s.quotes_count}}) {
      o += name;
      o += std::to_string(count);
    }
    o += ",\"edited_at\":";
    if (s.edited_at > 0) {
      o += '"';
      o += core::FormatIso8601(s.edited_at);
      o += '"';
    } else {
      o += "null";
    }
    std::vector<const domain::Account*> mentioned;
    std::string mentions = "[";
    for (Id m : s.mentioned_account_ids) {
      const AccountEntry* a = batch_.FindAccount(m);
      if (a == nullptr) continue;
      mentioned.push_back(a->account.get());
      if (mentions.size() > 1) mentions += ',';
      mentions += "{\"id\":\"";
      mentions += core::IdToString(m);
      mentions += "\",\"username\":";
      AppendJsonString(mentions, a->account->username);
      mentions += ",\"url\":";
      AppendJsonString(mentions, config.base_url + "/@" + Acct(*a->account));
      mentions += ",\"acct\":";
      AppendJsonString(mentions, Acct(*a->account));
      mentions += '}';
    }
    mentions += ']';
    o += ",\"content\":";
    AppendJsonString(o, reblog ? std::string() : RenderContent(config, s.text, mentioned));
    o += ",\"mentions\":";
    o += mentions;
    o += ",\"tags\":[";
    for (size_t i = 0; i < s.tags.size(); ++i) {
      if (i > 0) o += ',';
      o += "{\"name\":";
      AppendJsonString(o, s.tags[i]);
      o += ",\"url\":";
      AppendJsonString(o, TagUrl(config, s.tags[i]));
      o += '}';
    }
    o += "],\"emojis\":[],\"media_attachments\":[],\"card\":null,\"poll\":null";
    // The members only, without braces: the reader splices the viewer's part after them.
    entry.base = std::make_shared<const std::string>(std::move(o));
    if (ctx_.status_render_cache != nullptr) {
      ctx_.status_render_cache->Put(entry.status, entry.base);
    }
    return entry.base;
  }

  // Appends the full entity to `out`; false (and `out` unchanged) when it is not to be shown.
  // `depth` 0 is a page item; 1 a reblogged or quoted status, whose own quote is shallow (Mastodon
  // nests one level). `inherited_filtered` is the page item's filter result, repeated on the
  // status it reblogs.
  bool Full(StatusEntry& entry, int depth, std::string_view context, bool check_visibility,
            bool with_source, const std::string* inherited_filtered, Out& out) {
    const domain::Status& s = *entry.status;
    const AccountEntry* author = batch_.FindAccount(s.account_id);
    if (author == nullptr) return false;  // author gone
    StatusEntry* original_entry = nullptr;
    const domain::Status* original = nullptr;
    if (s.reblog_of_id != 0) {
      original_entry = batch_.FindStatus(s.reblog_of_id);
      if (original_entry == nullptr) return false;
      original = original_entry->status.get();
      if (!batch_.FindAccount(original->account_id)) return false;
      if (check_visibility && !domain::CanView(batch_.viewer, *original)) return false;
    }
    // Filters look at what is shown: the reblogged status for a reblog.
    std::string filtered = inherited_filtered ? *inherited_filtered : "[]";
    const domain::Status& shown = original ? *original : s;
    if (batch_.filters && !batch_.filters->empty() && !context.empty() &&
        shown.account_id != batch_.viewer.id) {
      json::array results;
      for (const auto& m : batch_.filters->Match(shown, context, batch_.now)) {
        if (m.filter->action == domain::FilterAction::kHide) return false;
        json::array keywords;
        for (const auto& k : m.keyword_matches) keywords.push_back(json::string(k));
        json::array statuses;
        for (Id id : m.status_matches) statuses.push_back(json::string(core::IdToString(id)));
        results.push_back(json::object{
            {"filter", StatusPresenter::Filter(*m.filter)},
            {"keyword_matches", keywords.empty() ? json::value(nullptr) : json::value(keywords)},
            {"status_matches", statuses.empty() ? json::value(nullptr) : json::value(statuses)}});
      }
      if (!results.empty()) filtered = json::serialize(results);
    }

    const auto mark = out.mark();
    out += '{';
    out.Share(Base(entry));
    out += ",\"account\":";
    out.Share(author->json);
    counters_.clear();
    Presenter::AppendAccountCounters(*author->account, counters_);
    out += counters_;
    out += ",\"reblog\":";
    if (original_entry) {
      if (!Full(*original_entry, depth + 1, "", false, false, &filtered, out)) {
        out.Truncate(mark);
        return false;
      }
    } else {
      out += "null";
    }
    out += ",\"quote\":";
    Quote(s, depth, out);
    out += ",\"quote_approval\":{\"automatic\":";
    if (s.reblog_of_id != 0 || s.quote_policy == domain::QuotePolicy::kNobody) {
      out += "[]";
    } else {
      out += s.quote_policy == domain::QuotePolicy::kPublic ? "[\"public\"]" : "[\"followers\"]";
    }
    out += ",\"manual\":[],\"current_user\":";
    out += batch_.viewer.anonymous()
               ? "\"unknown\""
               : (ctx_.statuses->CanQuote(batch_.viewer, s) ? "\"automatic\"" : "\"denied\"");
    out += "},\"application\":";
    std::optional<domain::ApplicationInfo> app;
    if (s.application_id != 0 && batch_.viewer.id == s.account_id) {
      app = ctx_.statuses->Application(s.application_id);
    }
    if (app) {
      out += "{\"name\":";
      AppendString(out, app->name);
      out += ",\"website\":";
      if (app->website.empty()) {
        out += "null";
      } else {
        AppendString(out, app->website);
      }
      out += '}';
    } else {
      out += "null";
    }
    if (!batch_.viewer.anonymous()) {
      // A reblog carries the flags of the status it shares: acting on it acts on that one.
      const domain::Status& target = original ? *original : s;
      domain::InteractionFlags f;
      if (auto it = batch_.flags.find(target.id); it != batch_.flags.end()) f = it->second;
      out += f.favourited ? ",\"favourited\":true" : ",\"favourited\":false";
      out += f.reblogged ? ",\"reblogged\":true" : ",\"reblogged\":false";
      out += f.muted ? ",\"muted\":true" : ",\"muted\":false";
      out += f.bookmarked ? ",\"bookmarked\":true" : ",\"bookmarked\":false";
      if (s.account_id == batch_.viewer.id && s.reblog_of_id == 0 &&
          s.visibility != domain::Visibility::kDirect) {
        out += f.pinned ? ",\"pinned\":true" : ",\"pinned\":false";
      }
      out += ",\"filtered\":";
      out += filtered;
    }
    if (with_source) {
      out += ",\"text\":";
      AppendString(out, s.text);
    }
    out += '}';
    return true;
  }

 private:
  void Quote(const domain::Status& s, int depth, Out& out) {
    if (s.quote_of_id == 0) {
      out += "null";
      return;
    }
    StatusEntry* quoted_entry = batch_.FindStatus(s.quote_of_id);
    const domain::Status* quoted = quoted_entry ? quoted_entry->status.get() : nullptr;
    std::string_view state = "accepted";
    if (s.quote_state == domain::QuoteState::kRevoked) {
      state = "revoked";  // for everyone, the quoted author included
    } else if (!quoted || !batch_.FindAccount(quoted->account_id)) {
      state = "deleted";
    } else if (batch_.viewer.id != quoted->account_id &&
               batch_.viewer.Blocked(quoted->account_id)) {
      state = "blocked_account";
    } else if (!domain::CanView(batch_.viewer, *quoted)) {
      state = "unauthorized";
    } else if (batch_.viewer.id != quoted->account_id && batch_.viewer.Mutes(quoted->account_id)) {
      state = "muted_account";
    }
    if (depth > 0) {
      const bool shows_id =
          state == "accepted" || state == "blocked_account" || state == "muted_account";
      out += "{\"state\":\"";
      out += state;
      out += "\",\"quoted_status_id\":";
      if (shows_id) {
        out += '"';
        out += core::IdToString(quoted->id);
        out += '"';
      } else {
        out += "null";
      }
      out += '}';
      return;
    }
    const auto mark = out.mark();
    out += "{\"state\":\"accepted\",\"quoted_status\":";
    if (state == "accepted" && Full(*quoted_entry, depth + 1, "", false, false, nullptr, out)) {
      out += '}';
      return;
    }
    if (state == "accepted") state = "unauthorized";
    out.Truncate(mark);
    out += "{\"state\":\"";
    out += state;
    out += "\",\"quoted_status\":null}";
  }

  const ApiContext& ctx_;
  Batch& batch_;
  std::string counters_;  // reused for each author's counters
};

}  // namespace

http::SharedBody StatusPresenter::StatusesPieces(Id viewer, std::span<const Id> ids,
                                                 std::string_view filter_context) const {
  if (ids.empty() || ctx_.statuses == nullptr) {
    http::SharedBody empty;
    empty.Append("[]");
    return empty;
  }
  return Render(viewer, ctx_.statuses->GetMany(ids), filter_context, true, false);
}

http::SharedBody StatusPresenter::StatusesPieces(Id viewer, const std::vector<StatusPtr>& statuses,
                                                 std::span<const StatusPtr> known,
                                                 std::string_view filter_context) const {
  if (statuses.empty() || ctx_.statuses == nullptr) {
    http::SharedBody empty;
    empty.Append("[]");
    return empty;
  }
  return Render(viewer, statuses, filter_context, true, false, known);
}

std::string StatusPresenter::StatusesBody(Id viewer, std::span<const Id> ids,
                                          std::string_view filter_context) const {
  return StatusesPieces(viewer, ids, filter_context).Flatten();
}

json::array StatusPresenter::Statuses(Id viewer, std::span<const Id> ids,
                                      std::string_view filter_context) const {
  std::string body = StatusesBody(viewer, ids, filter_context);
  return json::parse(body).as_array();
}

json::object StatusPresenter::Deleted(Id viewer, const StatusPtr& status) const {
  json::array out = json::parse(Render(viewer, {status}, "", false, true).Flatten()).as_array();
  if (out.empty() || !out[0].is_object()) return json::object{};
  return std::move(out[0].as_object());
}

http::SharedBody StatusPresenter::Render(Id viewer, const std::vector<StatusPtr>& top,
                                         std::string_view filter_context, bool check_visibility,
                                         bool with_source, std::span<const StatusPtr> known) const {
  domain::StatusService& svc = *ctx_.statuses;
  Batch batch;
  batch.viewer = svc.Viewer(viewer);
  batch.now = ctx_.clock != nullptr ? ctx_.clock->NowMillis() : 0;

  // 1. The page's statuses, visible ones only, then what they reblog and quote in one batch.
  std::vector<StatusEntry*> page_entries;
  {
    std::vector<StatusPtr> page;
    page.reserve(top.size());
    batch.statuses.reserve(top.size() * 2);
    for (const auto& s : top) {
      if (!s) continue;
      if (check_visibility && !domain::CanView(batch.viewer, *s)) continue;
      page.push_back(s);
      batch.statuses.push_back({s->id, s, nullptr});
    }
    if (page.empty()) {
      http::SharedBody empty;
      empty.Append("[]");
      return empty;
    }
    for (const auto& s : known) {
      if (s) batch.statuses.push_back({s->id, s, nullptr});
    }
    SortById(batch.statuses);
    // Adds the statuses that `wanted` names and the batch lacks, in one call.
    auto load = [&](std::vector<Id>& wanted) {
      std::erase_if(wanted, [&](Id id) { return batch.FindStatus(id) != nullptr; });
      if (wanted.empty()) return;
      SortUnique(wanted);
      for (auto& s : svc.GetMany(wanted)) {
        if (s) batch.statuses.push_back({s->id, std::move(s), nullptr});
      }
      SortById(batch.statuses);
    };
    std::vector<Id> wanted;
    for (const auto& s : page) {
      if (s->reblog_of_id != 0) wanted.push_back(s->reblog_of_id);
      if (s->quote_of_id != 0 && s->quote_state == domain::QuoteState::kAccepted) {
        wanted.push_back(s->quote_of_id);
      }
    }
    if (!wanted.empty()) {
      load(wanted);
      // What those quote in turn: a reblogged quote shows its quoted status, and a quoted quote
      // shows the state of its own (shallow) quote.
      wanted.clear();
      for (const auto& e : batch.statuses) {
        if (e.status->quote_of_id != 0 && e.status->quote_state == domain::QuoteState::kAccepted) {
          wanted.push_back(e.status->quote_of_id);
        }
      }
      load(wanted);
    }
    // The vector no longer moves: the page can point into it.
    page_entries.reserve(page.size());
    for (const auto& s : page) page_entries.push_back(batch.FindStatus(s->id));
  }

  // 2. Accounts: every author, and the mentioned accounts of statuses whose base is not cached
  // (the only use of mentioned accounts is building that base).
  std::vector<Id> account_ids;
  account_ids.reserve(batch.statuses.size());
  if (ctx_.status_render_cache != nullptr) {
    for (const auto& e : batch.statuses) ctx_.status_render_cache->Prefetch(e.id);
  }
  for (auto& e : batch.statuses) {
    account_ids.push_back(e.status->account_id);
    if (ctx_.status_render_cache != nullptr) e.base = ctx_.status_render_cache->Get(e.status);
    if (!e.base) {
      account_ids.insert(account_ids.end(), e.status->mentioned_account_ids.begin(),
                         e.status->mentioned_account_ids.end());
    }
  }
  SortUnique(account_ids);
  if (ctx_.accounts != nullptr) {
    Presenter presenter(ctx_);
    batch.accounts.reserve(account_ids.size());
    if (ctx_.account_render_cache != nullptr) {
      for (Id id : account_ids) ctx_.account_render_cache->Prefetch(id);
    }
    for (auto& a : ctx_.accounts->GetManyShared(account_ids)) {
      auto head = presenter.AccountJsonHead(*a);
      const Id id = a->id;
      batch.accounts.push_back({id, std::move(a), std::move(head)});
    }
    SortById(batch.accounts);
  }

  // 3. The viewer's flags and filters.
  if (!batch.viewer.anonymous()) {
    std::vector<Id> flag_ids;
    flag_ids.reserve(batch.statuses.size());
    for (const auto& e : batch.statuses) flag_ids.push_back(e.id);
    batch.flags = svc.Interactions(viewer, flag_ids);
    if (ctx_.filters != nullptr && !filter_context.empty()) {
      batch.filters = ctx_.filters->ForAccount(viewer);
    }
  }

  http::SharedBody body;
  // Per status about a dozen pieces (copied bytes between the cached ones) and ~300 copied bytes.
  body.Reserve(page_entries.size() * 12 + 4, page_entries.size() * 400 + 64);
  Out out(body);
  out += '[';
  Renderer renderer(ctx_, batch);
  bool first = true;
  for (StatusEntry* e : page_entries) {
    const auto mark = out.mark();
    if (!first) out += ',';
    if (renderer.Full(*e, 0, filter_context, check_visibility, with_source, nullptr, out)) {
      first = false;
    } else {
      out.Truncate(mark);
    }
  }
  out += ']';
  // Every fragment referenced above belongs to an entry of the batch; the body keeps them.
  for (auto& e : batch.statuses) body.Keep(std::move(e.base));
  for (auto& a : batch.accounts) body.Keep(std::move(a.json));
  return body;
}

json::array StatusPresenter::History(const std::vector<domain::StatusVersion>& versions) const {
  json::array out;
  if (versions.empty()) return out;
  std::vector<Id> ids{versions.front().account_id};
  for (const auto& v : versions) {
    ids.insert(ids.end(), v.mentioned_account_ids.begin(), v.mentioned_account_ids.end());
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::unordered_map<Id, domain::Account> accounts;
  Presenter presenter(ctx_);
  json::value author = nullptr;
  for (auto& a : ctx_.accounts->GetMany(ids)) {
    if (a.id == versions.front().account_id) author = presenter.Account(a);
    accounts.emplace(a.id, std::move(a));
  }
  for (const auto& v : versions) {
    std::vector<const domain::Account*> mentioned;
    for (Id m : v.mentioned_account_ids) {
      if (auto it = accounts.find(m); it != accounts.end()) mentioned.push_back(&it->second);
    }
    out.push_back(json::object{{"content", RenderContent(ctx_.config, v.text, mentioned)},
                               {"spoiler_text", v.spoiler_text},
                               {"sensitive", v.sensitive},
                               {"created_at", core::FormatIso8601(v.created_at)},
                               {"account", author},
                               {"poll", nullptr},
                               {"media_attachments", json::array()},
                               {"emojis", json::array()}});
  }
  return out;
}

json::array StatusPresenter::Conversations(Id viewer,
                                           const std::vector<domain::Conversation>& items) const {
  json::array out;
  if (items.empty()) return out;
  std::vector<Id> status_ids;
  std::vector<Id> account_ids;
  for (const auto& c : items) {
    if (c.last_status_id != 0) status_ids.push_back(c.last_status_id);
    account_ids.insert(account_ids.end(), c.participant_ids.begin(), c.participant_ids.end());
  }
  account_ids.push_back(viewer);
  std::sort(account_ids.begin(), account_ids.end());
  account_ids.erase(std::unique(account_ids.begin(), account_ids.end()), account_ids.end());
  Presenter presenter(ctx_);
  std::unordered_map<Id, json::object> accounts;
  for (const auto& a : ctx_.accounts->GetMany(account_ids))
    accounts.emplace(a.id, presenter.Account(a));
  std::unordered_map<std::string, json::object> statuses;
  for (auto& s : Statuses(viewer, status_ids, "")) {
    if (!s.is_object()) continue;
    std::string id(s.as_object().at("id").as_string());
    statuses.emplace(std::move(id), std::move(s.as_object()));
  }
  for (const auto& c : items) {
    json::array participants;
    for (Id p : c.participant_ids) {
      if (p == viewer) continue;
      if (auto it = accounts.find(p); it != accounts.end()) participants.push_back(it->second);
    }
    if (participants.empty()) {
      // A note to self: Mastodon lists the viewer.
      if (auto it = accounts.find(viewer); it != accounts.end()) participants.push_back(it->second);
    }
    json::value last = nullptr;
    if (auto it = statuses.find(core::IdToString(c.last_status_id)); it != statuses.end()) {
      last = it->second;
    }
    out.push_back(json::object{{"id", core::IdToString(c.id)},
                               {"unread", c.unread},
                               {"accounts", std::move(participants)},
                               {"last_status", std::move(last)}});
  }
  return out;
}

json::object StatusPresenter::Tag(std::string_view name, bool following) const {
  return json::object{{"name", name},
                      {"url", TagUrl(ctx_.config, name)},
                      {"history", json::array()},
                      {"following", following}};
}

json::object StatusPresenter::FilterKeyword(const domain::FilterKeyword& k) {
  return json::object{
      {"id", core::IdToString(k.id)}, {"keyword", k.keyword}, {"whole_word", k.whole_word}};
}

json::object StatusPresenter::FilterStatus(const domain::FilterStatus& s) {
  return json::object{{"id", core::IdToString(s.id)}, {"status_id", core::IdToString(s.status_id)}};
}

json::object StatusPresenter::Filter(const domain::Filter& f) {
  json::array contexts;
  for (const auto& c : f.contexts) contexts.push_back(json::string(c));
  json::array keywords;
  for (const auto& k : f.keywords) keywords.push_back(FilterKeyword(k));
  json::array statuses;
  for (const auto& s : f.statuses) statuses.push_back(FilterStatus(s));
  return json::object{{"id", core::IdToString(f.id)},
                      {"title", f.title},
                      {"context", std::move(contexts)},
                      {"expires_at", OptionalIso(f.expires_at)},
                      {"filter_action", std::string(domain::FilterActionName(f.action))},
                      {"keywords", std::move(keywords)},
                      {"statuses", std::move(statuses)}};
}

json::object StatusPresenter::FilterV1(const domain::Filter& f, const domain::FilterKeyword& k) {
  json::array contexts;
  for (const auto& c : f.contexts) contexts.push_back(json::string(c));
  return json::object{{"id", core::IdToString(k.id)},
                      {"phrase", k.keyword},
                      {"context", std::move(contexts)},
                      {"whole_word", k.whole_word},
                      {"expires_at", OptionalIso(f.expires_at)},
                      {"irreversible", f.action == domain::FilterAction::kHide}};
}

json::array StatusPresenter::FiltersV1(const std::vector<domain::Filter>& filters) {
  json::array out;
  for (const auto& f : filters) {
    for (const auto& k : f.keywords) out.push_back(FilterV1(f, k));
  }
  return out;
}

// --- Presenter (presenter.h) ---

json::array Presenter::Statuses(Id viewer, std::span<const Id> ids,
                                std::string_view filter_context) const {
  return StatusPresenter(ctx_).Statuses(viewer, ids, filter_context);
}

std::optional<json::object> Presenter::Status(Id viewer, Id id,
                                              std::string_view filter_context) const {
  Id ids[1] = {id};
  json::array out = StatusPresenter(ctx_).Statuses(viewer, ids, filter_context);
  if (out.empty() || !out[0].is_object()) return std::nullopt;
  return std::move(out[0].as_object());
}

}  // namespace magpie::api
