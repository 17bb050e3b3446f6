// Translations of the OAuth pages and the choice of language (contract in oauth_page_text.h).
// The terms follow the web app's own translations (web/src/i18n/locales/), so a reader meets
// the same words for "block", "mute" or "post" on the sign-in page as in the app.
#include "api/oauth_page_text.h"

#include <array>
#include <charconv>

#include "text/text.h"

namespace magpie::api {

namespace {

constexpr OAuthPageText kEn{
    .lang = "en",
    .rtl = false,
    .title_authorize = "Authorize {0}",
    .heading_sign_in = "Sign in to {0}",
    .asks_permission = "{0} asks for permission to use your account:",
    .scope_read = "Read all your account's data",
    .scope_write = "Change all your account's data",
    .scope_follow = "Follow, block and mute accounts, and see who you follow",
    .scope_push = "Receive your push notifications",
    .scope_profile = "Read only your profile's basic information",
    .scope_admin = "Administration: {0}",
    .scope_see = "See {0}",
    .scope_change = "Change {0}",
    .what_accounts = "your account information",
    .what_blocks = "your blocks",
    .what_bookmarks = "your bookmarks",
    .what_conversations = "your conversations",
    .what_favourites = "your favourites",
    .what_filters = "your filters",
    .what_follows = "your follows",
    .what_lists = "your lists",
    .what_media = "your media",
    .what_mutes = "your mutes",
    .what_notifications = "your notifications",
    .what_reports = "your reports",
    .what_search = "your searches",
    .what_statuses = "your posts",
    .login_label = "E-mail address or username",
    .password_label = "Password",
    .deny = "Deny",
    .authorize = "Authorize",
    .sent_back = "You will be sent back to {0}.",
    .the_app = "the app",
    .error_title = "Authorization error",
    .error_help = "Go back to the app and try signing in again.",
    .missing_client_id = "The client_id parameter is missing.",
    .unknown_app = "This application is not registered here.",
    .unknown_redirect = "The redirect URI is not one this application registered.",
    .form_expired =
        "This sign-in form has expired or was not sent from this site. Go back to the app and "
        "start again (cookies must be enabled).",
    .too_many_attempts = "Too many sign-in attempts. Wait a few minutes and try again.",
    .invalid_login = "Invalid email or password.",
    .login_disabled = "Your login is currently disabled.",
    .login_pending = "Your login is currently pending approval.",
    .account_suspended = "Your account has been suspended.",
    .access_denied = "You denied access. You can close this page.",
    .code_title = "Authorization code",
    .code_copy = "Copy this code and paste it into {0}:",
};

constexpr OAuthPageText kZhHans{
    .lang = "zh-Hans",
    .rtl = false,
    .title_authorize = "授权 {0}",
    .heading_sign_in = "登录 {0}",
    .asks_permission = "{0} 请求使用你的账号，权限如下：",
    .scope_read = "读取你账号的全部数据",
    .scope_write = "修改你账号的全部数据",
    .scope_follow = "关注、屏蔽和隐藏账号，并查看你关注了谁",
    .scope_push = "接收你的推送通知",
    .scope_profile = "只读取你个人资料的基本信息",
    .scope_admin = "管理：{0}",
    .scope_see = "查看{0}",
    .scope_change = "修改{0}",
    .what_accounts = "你的账号信息",
    .what_blocks = "你的屏蔽列表",
    .what_bookmarks = "你的书签",
    .what_conversations = "你的私信会话",
    .what_favourites = "你赞过的微博",
    .what_filters = "你的过滤器",
    .what_follows = "你的关注",
    .what_lists = "你的列表",
    .what_media = "你的媒体文件",
    .what_mutes = "你的隐藏列表",
    .what_notifications = "你的通知",
    .what_reports = "你的举报",
    .what_search = "你的搜索",
    .what_statuses = "你的微博",
    .login_label = "电子邮件地址或用户名",
    .password_label = "密码",
    .deny = "拒绝",
    .authorize = "授权",
    .sent_back = "完成后将返回{0}。",
    .the_app = "应用",
    .error_title = "授权出错",
    .error_help = "请返回应用，重新登录。",
    .missing_client_id = "缺少 client_id 参数。",
    .unknown_app = "此应用未在本服务器注册。",
    .unknown_redirect = "该重定向地址不是此应用注册过的地址。",
    .form_expired = "此登录表单已过期，或并非从本站提交。请返回应用重新开始（需要启用 Cookie）。",
    .too_many_attempts = "登录尝试次数过多。请等几分钟再试。",
    .invalid_login = "电子邮件地址、用户名或密码不正确。",
    .login_disabled = "你的账号目前已被停用。",
    .login_pending = "你的账号正在等待审核。",
    .account_suspended = "你的账号已被封禁。",
    .access_denied = "你已拒绝授权，可以关闭此页面了。",
    .code_title = "授权码",
    .code_copy = "复制此授权码，粘贴到 {0} 中：",
};

constexpr OAuthPageText kZhHant{
    .lang = "zh-Hant",
    .rtl = false,
    .title_authorize = "授權 {0}",
    .heading_sign_in = "登入 {0}",
    .asks_permission = "{0} 要求使用你的帳號，權限如下：",
    .scope_read = "讀取你帳號的所有資料",
    .scope_write = "修改你帳號的所有資料",
    .scope_follow = "追蹤、封鎖和靜音帳號，並查看你追蹤了誰",
    .scope_push = "接收你的推播通知",
    .scope_profile = "只讀取你個人檔案的基本資訊",
    .scope_admin = "管理：{0}",
    .scope_see = "查看{0}",
    .scope_change = "修改{0}",
    .what_accounts = "你的帳號資訊",
    .what_blocks = "你的封鎖名單",
    .what_bookmarks = "你的書籤",
    .what_conversations = "你的私訊對話",
    .what_favourites = "你按讚的貼文",
    .what_filters = "你的過濾器",
    .what_follows = "你的追蹤",
    .what_lists = "你的列表",
    .what_media = "你的媒體檔案",
    .what_mutes = "你的靜音名單",
    .what_notifications = "你的通知",
    .what_reports = "你的檢舉",
    .what_search = "你的搜尋",
    .what_statuses = "你的貼文",
    .login_label = "電子郵件地址或使用者名稱",
    .password_label = "密碼",
    .deny = "拒絕",
    .authorize = "授權",
    .sent_back = "完成後將返回{0}。",
    .the_app = "應用程式",
    .error_title = "授權錯誤",
    .error_help = "請返回應用程式，重新登入。",
    .missing_client_id = "缺少 client_id 參數。",
    .unknown_app = "此應用程式未在本伺服器註冊。",
    .unknown_redirect = "此重新導向網址不是這個應用程式註冊過的網址。",
    .form_expired = "此登入表單已過期，或並非從本站送出。請返回應用程式重新開始（須啟用 Cookie）。",
    .too_many_attempts = "登入嘗試次數過多。請稍候幾分鐘再試。",
    .invalid_login = "電子郵件地址、使用者名稱或密碼不正確。",
    .login_disabled = "你的帳號目前已停用。",
    .login_pending = "你的帳號正在等待審核。",
    .account_suspended = "你的帳號已被停權。",
    .access_denied = "你已拒絕授權，可以關閉此頁面了。",
    .code_title = "授權碼",
    .code_copy = "複製此授權碼，貼到 {0} 中：",
};

constexpr OAuthPageText kJa{
    .lang = "ja",
    .rtl = false,
    .title_authorize = "{0} を承認",
    .heading_sign_in = "{0} にログイン",
    .asks_permission = "{0} があなたのアカウントを使う許可を求めています：",
    .scope_read = "アカウントのすべてのデータの読み取り",
    .scope_write = "アカウントのすべてのデータの変更",
    .scope_follow = "アカウントのフォロー・ブロック・ミュートと、フォロー中の相手の確認",
    .scope_push = "プッシュ通知の受信",
    .scope_profile = "プロフィールの基本情報の読み取りのみ",
    .scope_admin = "管理：{0}",
    .scope_see = "{0}の閲覧",
    .scope_change = "{0}の変更",
    .what_accounts = "アカウント情報",
    .what_blocks = "ブロック",
    .what_bookmarks = "ブックマーク",
    .what_conversations = "ダイレクトメッセージの会話",
    .what_favourites = "いいね",
    .what_filters = "フィルター",
    .what_follows = "フォロー",
    .what_lists = "リスト",
    .what_media = "メディア",
    .what_mutes = "ミュート",
    .what_notifications = "通知",
    .what_reports = "通報",
    .what_search = "検索",
    .what_statuses = "投稿",
    .login_label = "メールアドレスまたはユーザー名",
    .password_label = "パスワード",
    .deny = "拒否",
    .authorize = "承認",
    .sent_back = "完了すると{0}に戻ります。",
    .the_app = "アプリ",
    .error_title = "認可エラー",
    .error_help = "アプリに戻って、もう一度ログインしてください。",
    .missing_client_id = "client_id パラメーターがありません。",
    .unknown_app = "このアプリはこのサーバーに登録されていません。",
    .unknown_redirect = "このリダイレクト先は、このアプリが登録したものではありません。",
    .form_expired =
        "このログインフォームは期限切れか、このサイトから送信されたものではありません。アプリに"
        "戻ってやり直してください（Cookie を有効にする必要があります）。",
    .too_many_attempts = "ログインの試行回数が多すぎます。数分待ってからもう一度お試しください。",
    .invalid_login = "メールアドレス、ユーザー名またはパスワードが正しくありません。",
    .login_disabled = "このアカウントは現在無効になっています。",
    .login_pending = "このアカウントは承認待ちです。",
    .account_suspended = "このアカウントは停止されています。",
    .access_denied = "アクセスを拒否しました。このページは閉じてかまいません。",
    .code_title = "認可コード",
    .code_copy = "このコードをコピーして、{0} に貼り付けてください：",
};

constexpr OAuthPageText kEs{
    .lang = "es",
    .rtl = false,
    .title_authorize = "Autorizar {0}",
    .heading_sign_in = "Inicia sesión en {0}",
    .asks_permission = "{0} pide permiso para usar tu cuenta:",
    .scope_read = "Leer todos los datos de tu cuenta",
    .scope_write = "Cambiar todos los datos de tu cuenta",
    .scope_follow = "Seguir, bloquear y silenciar cuentas, y ver a quién sigues",
    .scope_push = "Recibir tus notificaciones push",
    .scope_profile = "Leer solo la información básica de tu perfil",
    .scope_admin = "Administración: {0}",
    .scope_see = "Ver {0}",
    .scope_change = "Cambiar {0}",
    .what_accounts = "la información de tu cuenta",
    .what_blocks = "tus bloqueos",
    .what_bookmarks = "tus marcadores",
    .what_conversations = "tus conversaciones",
    .what_favourites = "tus me gusta",
    .what_filters = "tus filtros",
    .what_follows = "a quién sigues",
    .what_lists = "tus listas",
    .what_media = "tus archivos multimedia",
    .what_mutes = "tus silenciados",
    .what_notifications = "tus notificaciones",
    .what_reports = "tus denuncias",
    .what_search = "tus búsquedas",
    .what_statuses = "tus publicaciones",
    .login_label = "Correo electrónico o nombre de usuario",
    .password_label = "Contraseña",
    .deny = "Denegar",
    .authorize = "Autorizar",
    .sent_back = "Después volverás a {0}.",
    .the_app = "la aplicación",
    .error_title = "Error de autorización",
    .error_help = "Vuelve a la aplicación e intenta iniciar sesión de nuevo.",
    .missing_client_id = "Falta el parámetro client_id.",
    .unknown_app = "Esta aplicación no está registrada en este servidor.",
    .unknown_redirect = "La URI de redirección no es una de las que registró esta aplicación.",
    .form_expired =
        "Este formulario de inicio de sesión ha caducado o no se envió desde este sitio. Vuelve a "
        "la aplicación y empieza de nuevo (las cookies deben estar activadas).",
    .too_many_attempts =
        "Demasiados intentos de inicio de sesión. Espera unos minutos y vuelve a intentarlo.",
    .invalid_login = "Correo electrónico, nombre de usuario o contraseña incorrectos.",
    .login_disabled = "Tu acceso está desactivado por ahora.",
    .login_pending = "Tu cuenta está pendiente de aprobación.",
    .account_suspended = "Tu cuenta ha sido suspendida.",
    .access_denied = "Has denegado el acceso. Ya puedes cerrar esta página.",
    .code_title = "Código de autorización",
    .code_copy = "Copia este código y pégalo en {0}:",
};

constexpr OAuthPageText kAr{
    .lang = "ar",
    .rtl = true,
    .title_authorize = "تفويض {0}",
    .heading_sign_in = "تسجيل الدخول إلى {0}",
    .asks_permission = "يطلب {0} الإذن باستخدام حسابك:",
    .scope_read = "قراءة جميع بيانات حسابك",
    .scope_write = "تغيير جميع بيانات حسابك",
    .scope_follow = "متابعة الحسابات وحظرها وكتمها، ومعرفة من تتابع",
    .scope_push = "تلقي إشعاراتك الفورية",
    .scope_profile = "قراءة المعلومات الأساسية لملفك الشخصي فقط",
    .scope_admin = "الإدارة: {0}",
    .scope_see = "الاطلاع على {0}",
    .scope_change = "تغيير {0}",
    .what_accounts = "معلومات حسابك",
    .what_blocks = "قائمة المحظورين لديك",
    .what_bookmarks = "علاماتك المرجعية",
    .what_conversations = "محادثاتك",
    .what_favourites = "إعجاباتك",
    .what_filters = "عوامل التصفية لديك",
    .what_follows = "من تتابعهم",
    .what_lists = "قوائمك",
    .what_media = "وسائطك",
    .what_mutes = "قائمة المكتومين لديك",
    .what_notifications = "إشعاراتك",
    .what_reports = "بلاغاتك",
    .what_search = "عمليات البحث الخاصة بك",
    .what_statuses = "منشوراتك",
    .login_label = "البريد الإلكتروني أو اسم المستخدم",
    .password_label = "كلمة المرور",
    .deny = "رفض",
    .authorize = "تفويض",
    .sent_back = "ستعود بعد ذلك إلى {0}.",
    .the_app = "التطبيق",
    .error_title = "خطأ في التفويض",
    .error_help = "ارجع إلى التطبيق وحاول تسجيل الدخول مرة أخرى.",
    .missing_client_id = "المعامل client_id مفقود.",
    .unknown_app = "هذا التطبيق غير مسجَّل على هذا الخادم.",
    .unknown_redirect = "عنوان إعادة التوجيه ليس من العناوين التي سجّلها هذا التطبيق.",
    .form_expired =
        "انتهت صلاحية نموذج تسجيل الدخول هذا أو لم يُرسَل من هذا الموقع. ارجع إلى التطبيق وابدأ "
        "من جديد (يجب تفعيل ملفات تعريف الارتباط).",
    .too_many_attempts = "محاولات تسجيل دخول كثيرة جدًا. انتظر بضع دقائق ثم حاول مرة أخرى.",
    .invalid_login = "البريد الإلكتروني أو اسم المستخدم أو كلمة المرور غير صحيحة.",
    .login_disabled = "تسجيل دخولك معطَّل حاليًا.",
    .login_pending = "حسابك في انتظار الموافقة.",
    .account_suspended = "تم تعليق حسابك.",
    .access_denied = "لقد رفضت منح الإذن. يمكنك إغلاق هذه الصفحة الآن.",
    .code_title = "رمز التفويض",
    .code_copy = "انسخ هذا الرمز والصقه في {0}:",
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "q=0.8" → 800; malformed → -1 (the entry is skipped, as RFC 9110 lets a server do).
int ParseQuality(std::string_view param) {
  param = Trim(param);
  if (param.size() < 3 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') return -1;
  std::string_view v = param.substr(2);
  if (v == "1" || v.starts_with("1.")) return 1000;
  if (!v.starts_with("0")) return -1;
  int q = 0;
  int scale = 100;
  for (char c : v.substr(v.size() > 1 && v[1] == '.' ? 2 : 1)) {
    if (c < '0' || c > '9' || scale == 0) return -1;
    q += (c - '0') * scale;
    scale /= 10;
  }
  return q;
}

}  // namespace

const OAuthPageText* MatchOAuthPageLanguage(std::string_view tag) {
  tag = Trim(tag);
  const std::string_view primary = tag.substr(0, tag.find('-'));
  if (EqualsIgnoreCase(primary, "zh")) {
    // Traditional by script, or by the regions that write it; every other Chinese is Simplified.
    std::string_view rest = tag.substr(primary.size());
    while (!rest.empty()) {
      rest.remove_prefix(1);  // the '-'
      std::string_view sub = rest.substr(0, rest.find('-'));
      if (EqualsIgnoreCase(sub, "hant") || EqualsIgnoreCase(sub, "tw") ||
          EqualsIgnoreCase(sub, "hk") || EqualsIgnoreCase(sub, "mo")) {
        return &kZhHant;
      }
      if (EqualsIgnoreCase(sub, "hans")) return &kZhHans;
      rest.remove_prefix(sub.size());
    }
    return &kZhHans;
  }
  for (const OAuthPageText* t : {&kEn, &kJa, &kEs, &kAr}) {
    if (EqualsIgnoreCase(primary, t->lang)) return t;
  }
  return nullptr;
}

const OAuthPageText& PickOAuthPageText(std::string_view lang_param,
                                       std::string_view accept_language) {
  if (const OAuthPageText* t = MatchOAuthPageLanguage(lang_param)) return *t;
  const OAuthPageText* best = nullptr;
  int best_q = 0;
  // Enough entries for any real browser; the header's size is bounded by the HTTP layer anyway.
  for (int entries = 0; !accept_language.empty() && entries < 32; ++entries) {
    size_t comma = accept_language.find(',');
    std::string_view entry = accept_language.substr(0, comma);
    accept_language.remove_prefix(comma == std::string_view::npos ? accept_language.size()
                                                                  : comma + 1);
    size_t semi = entry.find(';');
    int q = semi == std::string_view::npos ? 1000 : ParseQuality(entry.substr(semi + 1));
    if (q <= best_q) continue;
    if (const OAuthPageText* t = MatchOAuthPageLanguage(entry.substr(0, semi))) {
      best = t;
      best_q = q;
    }
  }
  return best != nullptr ? *best : kEn;
}

std::string FillHtml(std::string_view text, std::initializer_list<std::string_view> html_args) {
  std::string out;
  while (!text.empty()) {
    size_t open = text.find('{');
    out += text::EscapeHtml(text.substr(0, open));
    if (open == std::string_view::npos) break;
    text.remove_prefix(open);
    size_t close = text.find('}');
    size_t index = 0;
    auto [end, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), index);
    if (close != std::string_view::npos && ec == std::errc() && end == text.data() + close &&
        index < html_args.size()) {
      out += *(html_args.begin() + index);
      text.remove_prefix(close + 1);
    } else {
      out += "{";
      text.remove_prefix(1);
    }
  }
  return out;
}

std::string DescribeScope(const OAuthPageText& t, std::string_view scope) {
  if (scope == "read") return std::string(t.scope_read);
  if (scope == "write") return std::string(t.scope_write);
  if (scope == "follow") return std::string(t.scope_follow);
  if (scope == "push") return std::string(t.scope_push);
  if (scope == "profile") return std::string(t.scope_profile);
  auto fill = [](std::string_view tmpl, std::string_view value) {
    std::string out(tmpl);
    if (size_t at = out.find("{0}"); at != std::string::npos) out.replace(at, 3, value);
    return out;
  };
  if (scope.starts_with("admin:")) return fill(t.scope_admin, scope.substr(6));
  const bool read = scope.starts_with("read:");
  if (!read && !scope.starts_with("write:")) return std::string(scope);
  const std::string_view what = scope.substr(scope.find(':') + 1);
  const std::array<std::pair<std::string_view, std::string_view>, 14> nouns = {{
      {"accounts", t.what_accounts},
      {"blocks", t.what_blocks},
      {"bookmarks", t.what_bookmarks},
      {"conversations", t.what_conversations},
      {"favourites", t.what_favourites},
      {"filters", t.what_filters},
      {"follows", t.what_follows},
      {"lists", t.what_lists},
      {"media", t.what_media},
      {"mutes", t.what_mutes},
      {"notifications", t.what_notifications},
      {"reports", t.what_reports},
      {"search", t.what_search},
      {"statuses", t.what_statuses},
  }};
  std::string_view noun = what;
  for (const auto& [name, words] : nouns) {
    if (name == what) noun = words;
  }
  return fill(read ? t.scope_see : t.scope_change, noun);
}

}  // namespace magpie::api
