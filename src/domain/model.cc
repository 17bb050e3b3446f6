#include "domain/model.h"

#include "domain/names.h"

namespace magpie::domain {

namespace {
template <typename E, size_t N>
std::optional<E> FindByName(const std::pair<E, std::string_view> (&table)[N], std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}
template <typename E, size_t N>
std::string_view NameOf(const std::pair<E, std::string_view> (&table)[N], E e) {
  for (const auto& [value, name] : table) {
    if (value == e) return name;
  }
  return table[0].second;
}

constexpr std::pair<Visibility, std::string_view> kVisibilities[] = {
    {Visibility::kPublic, "public"},
    {Visibility::kUnlisted, "unlisted"},
    {Visibility::kPrivate, "private"},
    {Visibility::kDirect, "direct"},
};
constexpr std::pair<QuotePolicy, std::string_view> kQuotePolicies[] = {
    {QuotePolicy::kPublic, "public"},
    {QuotePolicy::kFollowers, "followers"},
    {QuotePolicy::kNobody, "nobody"},
};
constexpr std::pair<NotificationType, std::string_view> kNotificationTypes[] = {
    {NotificationType::kMention, "mention"},
    {NotificationType::kStatus, "status"},
    {NotificationType::kReblog, "reblog"},
    {NotificationType::kFollow, "follow"},
    {NotificationType::kFollowRequest, "follow_request"},
    {NotificationType::kFavourite, "favourite"},
    {NotificationType::kUpdate, "update"},
    {NotificationType::kQuote, "quote"},
};
constexpr std::pair<RepliesPolicy, std::string_view> kRepliesPolicies[] = {
    {RepliesPolicy::kList, "list"},
    {RepliesPolicy::kFollowed, "followed"},
    {RepliesPolicy::kNone, "none"},
};
constexpr std::pair<FilterAction, std::string_view> kFilterActions[] = {
    {FilterAction::kWarn, "warn"},
    {FilterAction::kHide, "hide"},
};
}  // namespace

std::string_view VisibilityName(Visibility v) { return NameOf(kVisibilities, v); }
std::optional<Visibility> ParseVisibility(std::string_view s) {
  return FindByName(kVisibilities, s);
}
std::string_view QuotePolicyName(QuotePolicy p) { return NameOf(kQuotePolicies, p); }
std::optional<QuotePolicy> ParseQuotePolicy(std::string_view s) {
  return FindByName(kQuotePolicies, s);
}
std::string_view NotificationTypeName(NotificationType t) { return NameOf(kNotificationTypes, t); }
std::optional<NotificationType> ParseNotificationType(std::string_view s) {
  return FindByName(kNotificationTypes, s);
}
std::string_view RepliesPolicyName(RepliesPolicy p) { return NameOf(kRepliesPolicies, p); }
std::optional<RepliesPolicy> ParseRepliesPolicy(std::string_view s) {
  return FindByName(kRepliesPolicies, s);
}
std::string_view FilterActionName(FilterAction a) { return NameOf(kFilterActions, a); }
std::optional<FilterAction> ParseFilterAction(std::string_view s) {
  return FindByName(kFilterActions, s);
}

}  // namespace magpie::domain
