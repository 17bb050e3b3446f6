// Demo content for `magpie serve --demo` (what `make run` starts): a handful of accounts that
// follow each other and talk in Simplified and Traditional Chinese, English, Japanese, Spanish
// and Arabic, so the first look at a new server is alive. Everything goes through the same
// services as the API, so the demo also exercises the real write path.
#include <string>
#include <vector>

#include "app/app.h"
#include "app/parts.h"
#include "core/log.h"
#include "domain/account_service.h"
#include "domain/auth_service.h"
#include "domain/status_service.h"

namespace magpie::app {

namespace {

struct DemoAccount {
  const char* username;
  const char* display_name;
  const char* note;
  const char* locale;
};

constexpr DemoAccount kAccounts[] = {
    {"xiaoming", "小明", "北京的程序员，喜欢爬山和拍照。", "zh-CN"},
    {"ahtai", "阿台", "住在台北，每天一杯珍珠奶茶。", "zh-TW"},
    {"emma", "Emma", "Coffee, code and birdwatching in Toronto.", "en"},
    {"yuki", "ゆき", "東京で写真を撮っています。", "ja"},
    {"sofia", "Sofía", "Periodista en Madrid. Me encantan los libros.", "es"},
    {"layla", "ليلى", "مهندسة من عمّان، أحب القراءة والسفر.", "ar"},
};

struct DemoPost {
  int author;  // index into kAccounts
  const char* text;
  const char* language;
  int reply_to = -1;  // index into the posts made so far
  int quote_of = -1;
};

constexpr DemoPost kPosts[] = {
    {2, "Hello Magpie! Trying out a server that speaks every language. #hello", "en"},
    {0, "大家好！今天北京天气很好，去香山看红叶了。#秋天的北京#", "zh"},
    {1, "台北今天下雨，在咖啡店裡寫程式。#台北 #雨天", "zh-Hant"},
    {3, "今日は新宿で夕焼けを撮りました。とてもきれい！ #写真", "ja"},
    {4, "¡Hola a todos! Acabo de terminar un libro precioso. #libros", "es"},
    {5, "مرحباً بالجميع! أول منشور لي هنا. #مرحبا", "ar"},
    {2, "@xiaoming the autumn leaves sound lovely. Photos please!", "en", 1},
    {0, "@emma 当然！明天发照片 📷", "zh", 6},
    {1, "轉發：北京的秋天真的很美", "zh-Hant", -1, 1},
    {3, "@sofia どんな本ですか？", "ja", 4},
    {4, "@yuki Una novela de Murakami, ¡claro! 📚", "es", 9},
    {5, "@emma Welcome! شكراً على الترحيب 😊", "ar", 0},
    {0, "周末有人一起去长城吗？#周末计划#", "zh"},
    {2, "Good morning from Toronto ☀️ What is everyone reading this week? #books", "en"},
};

constexpr const char* kPassword = "magpie-demo";

}  // namespace

core::Status App::SeedDemoContent() {
  Parts& p = *parts_;
  if (p.stores.accounts->CountLocalUsers() > 0) return core::Ok();
  core::log::Info("adding demo content", {core::log::Str("password", kPassword)});

  std::vector<core::Id> ids;
  for (const DemoAccount& a : kAccounts) {
    domain::SignUpRequest request;
    request.username = a.username;
    request.email = std::string(a.username) + "@demo.magpie";
    request.password = kPassword;
    request.agreement = true;
    request.locale = a.locale;
    MAGPIE_ASSIGN_OR_RETURN(core::Id id, p.auth->CreateAccount(request, /*admin=*/false));
    domain::ProfileUpdate update;
    update.display_name = a.display_name;
    update.note = a.note;
    MAGPIE_RETURN_IF_ERROR(p.accounts->UpdateCredentials(id, update));
    ids.push_back(id);
  }
  for (core::Id follower : ids) {
    for (core::Id followed : ids) {
      if (follower != followed) {
        MAGPIE_RETURN_IF_ERROR(p.accounts->Follow(follower, followed, {}));
      }
    }
  }
  std::vector<core::Id> posts;
  for (const DemoPost& post : kPosts) {
    domain::PostRequest request;
    request.text = post.text;
    request.language = post.language;
    if (post.reply_to >= 0) request.in_reply_to_id = posts[post.reply_to];
    if (post.quote_of >= 0) request.quoted_status_id = posts[post.quote_of];
    MAGPIE_ASSIGN_OR_RETURN(auto status, p.statuses->Create(ids[post.author], request));
    posts.push_back(status->id);
  }
  // A few likes and a reblog so counters and notifications are not all zero.
  MAGPIE_RETURN_IF_ERROR(p.statuses->Favourite(ids[0], posts[0]));
  MAGPIE_RETURN_IF_ERROR(p.statuses->Favourite(ids[3], posts[1]));
  MAGPIE_RETURN_IF_ERROR(p.statuses->Favourite(ids[2], posts[3]));
  MAGPIE_RETURN_IF_ERROR(p.statuses->Reblog(ids[4], posts[3], std::nullopt));
  core::log::Info("demo content ready",
                  {core::log::Num("accounts", static_cast<long long>(ids.size())),
                   core::log::Num("posts", static_cast<long long>(posts.size()))});
  return core::Ok();
}

}  // namespace magpie::app
