// The wire names of the domain's enumerations ("public", "follow_request", ...). Used by the API
// (JSON) and by storage (text columns) so both spell them the same way.
#pragma once

#include <optional>
#include <string_view>

#include "domain/model.h"

namespace magpie::domain {

std::string_view VisibilityName(Visibility v);
std::optional<Visibility> ParseVisibility(std::string_view s);
std::string_view QuotePolicyName(QuotePolicy p);
std::optional<QuotePolicy> ParseQuotePolicy(std::string_view s);
std::string_view NotificationTypeName(NotificationType t);
std::optional<NotificationType> ParseNotificationType(std::string_view s);
std::string_view RepliesPolicyName(RepliesPolicy p);
std::optional<RepliesPolicy> ParseRepliesPolicy(std::string_view s);
std::string_view FilterActionName(FilterAction a);
std::optional<FilterAction> ParseFilterAction(std::string_view s);

}  // namespace magpie::domain
