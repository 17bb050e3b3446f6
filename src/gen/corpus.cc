// Word lists and templates for the generator's five languages (see corpus.h). Written for this
// project; the sentences are ordinary small talk so that timelines look like a real service's.
#include "gen/corpus.h"

#include <span>
#include <stdexcept>
#include <unordered_map>

#include "text/text.h"

namespace magpie::gen {
namespace {

using Words = std::span<const std::string_view>;

struct LanguageData {
  std::string_view code;
  Words family;        // display names, native script
  Words given;         //
  Words roman_family;  // username stems, parallel to family/given
  Words roman_given;
  bool family_first;        // 王伟 / 佐藤太郎 versus Emma Smith
  std::string_view joiner;  // between the two name parts
  Words templates;          // {t} time, {p} place, {n} thing, {a} verdict
  Words times;
  Words places;
  Words nouns;
  Words verdicts;
  Words notes;  // bios; {p} is a place
  Words celebrities;
  Words twitter_tags;
  Words weibo_topics;
};

// ---- Chinese ----------------------------------------------------------------------------------
constexpr std::string_view kZhFamily[] = {"王", "李", "张", "刘", "陈",
                                          "杨", "黄", "赵", "吴", "周"};
constexpr std::string_view kZhGiven[] = {"伟",   "芳",   "娜",   "敏",   "静",   "磊",
                                         "小红", "浩然", "子涵", "欣怡", "宇轩", "梓萱"};
constexpr std::string_view kZhRomanFamily[] = {"wang", "li",    "zhang", "liu", "chen",
                                               "yang", "huang", "zhao",  "wu",  "zhou"};
constexpr std::string_view kZhRomanGiven[] = {"wei",   "fang",  "na",       "min",
                                              "jing",  "lei",   "xiaohong", "haoran",
                                              "zihan", "xinyi", "yuxuan",   "zixuan"};
constexpr std::string_view kZhTemplates[] = {
    "{t}在{p}吃了{n}，{a}！",
    "{t}和朋友去看了{n}，{a}。",
    "有没有人和我一样觉得{n}{a}？",
    "{p}的{n}{a}，强烈推荐。",
    "终于搞定了{n}，{a}。",
    "分享一下{t}拍的{n}，{a}",
    "{t}{p}下雨了，适合在家研究{n}。",
    "说真的，{n}{a}，不接受反驳。",
    "第一次在{p}体验{n}，{a}。",
    "{t}的{n}{a}，明天继续。",
};
constexpr std::string_view kZhTimes[] = {"今天", "昨晚",   "刚刚", "这个周末",
                                         "早上", "下班后", "中午", "周五晚上"};
constexpr std::string_view kZhPlaces[] = {"北京", "上海", "广州",   "深圳",   "成都",   "杭州",
                                          "台北", "香港", "新加坡", "吉隆坡", "温哥华", "伦敦"};
constexpr std::string_view kZhNouns[] = {
    "火锅", "咖啡", "地铁",   "新电影", "新歌", "猫咖",   "晚霞", "演唱会", "奶茶", "樱花",
    "高铁", "月饼", "篮球赛", "小说",   "代码", "新手机", "夜市", "早餐",   "烤鸭", "展览"};
constexpr std::string_view kZhVerdicts[] = {"太好看了", "有点累",    "超级开心", "真香",
                                            "绝了",     "很治愈",    "让人感动", "有点贵",
                                            "值得一试", "比想象中好"};
constexpr std::string_view kZhNotes[] = {"坐标{p}，喜欢美食和摄影。", "在{p}写代码的打工人。",
                                         "爱猫，爱旅行，偶尔更新。", "{p}人，记录生活的小确幸。"};
constexpr std::string_view kZhCelebrities[] = {"每日新闻速递", "星光娱乐", "科技前沿观察",
                                               "美食地图", "旅行日记官方"};
constexpr std::string_view kZhTwitterTags[] = {"摄影", "美食", "编程", "读书", "旅行", "猫"};
constexpr std::string_view kZhWeiboTopics[] = {
    "春节快乐", "今天吃什么", "打工人日常", "追剧日记", "中秋节",    "高考加油",  "读书打卡",
    "我的城市", "周末去哪儿", "猫咪日常",   "美食分享", "旅行 日记", "早安 打卡", "考研加油"};

// ---- English ----------------------------------------------------------------------------------
constexpr std::string_view kEnFamily[] = {"Smith",  "Walker", "Brown", "Taylor", "Clark",
                                          "Hughes", "Wright", "Evans", "Green",  "Baker"};
constexpr std::string_view kEnGiven[] = {"Emma", "Liam",  "Olivia", "Noah",  "Ava",   "James",
                                         "Mia",  "Lucas", "Grace",  "Henry", "Chloe", "Oscar"};
constexpr std::string_view kEnRomanFamily[] = {"smith",  "walker", "brown", "taylor", "clark",
                                               "hughes", "wright", "evans", "green",  "baker"};
constexpr std::string_view kEnRomanGiven[] = {"emma", "liam",  "olivia", "noah",  "ava",   "james",
                                              "mia",  "lucas", "grace",  "henry", "chloe", "oscar"};
constexpr std::string_view kEnTemplates[] = {
    "{t} {n} {a}.",
    "Hot take: {n} {a}.",
    "Anyone else in {p} think {n} {a}?",
    "{t} in {p}: {n} {a}!",
    "Can't stop thinking about how {n} {a}.",
    "Reminder that {n} {a}. That's it, that's the post.",
    "Tried {n} in {p} and honestly it {a}.",
    "{t} I learned that {n} {a}.",
};
constexpr std::string_view kEnTimes[] = {"Today",    "Last night", "This morning", "This weekend",
                                         "Finally,", "Just now",   "Yesterday"};
constexpr std::string_view kEnPlaces[] = {"London",   "New York", "Toronto",   "Sydney",
                                          "Dublin",   "Chicago",  "Seattle",   "Cape Town",
                                          "Auckland", "Austin",   "Edinburgh", "Vancouver"};
constexpr std::string_view kEnNouns[] = {
    "coffee",          "the new album", "my morning run", "this book",    "the sunset",
    "the game",        "my garden",     "the new phone",  "pizza",        "the keynote",
    "the night train", "the museum",    "sourdough",      "the concert",  "rainy weather",
    "open source",     "the playoffs",  "my cat",         "that podcast", "street tacos"};
constexpr std::string_view kEnVerdicts[] = {
    "is amazing", "was so much fun", "is overrated", "made my day",     "is perfect",
    "was a mess", "is worth it",     "blew my mind", "needs more salt", "is underrated"};
constexpr std::string_view kEnNotes[] = {
    "Coffee, code and cats. Based in {p}.", "Runner, reader, occasional baker. {p}.",
    "Photos of {p} and whatever else I find.", "Opinions are my own. Mostly about food."};
constexpr std::string_view kEnCelebrities[] = {"Daily Planet News", "Pop Culture Hub",
                                               "Tech Frontier", "World Football Live",
                                               "Science Every Day"};
constexpr std::string_view kEnTwitterTags[] = {
    "Magpie", "photography", "coffee",        "booklover", "opensource", "running",
    "music",  "travel",      "FridayFeeling", "gardening", "caturday",   "SundayVibes"};

// ---- Japanese ---------------------------------------------------------------------------------
constexpr std::string_view kJaFamily[] = {"佐藤", "鈴木", "高橋", "田中",
                                          "伊藤", "渡辺", "山本", "中村"};
constexpr std::string_view kJaGiven[] = {"太郎", "花子", "翔", "陽菜", "蓮", "結衣", "大翔", "葵"};
constexpr std::string_view kJaRomanFamily[] = {"sato", "suzuki",   "takahashi", "tanaka",
                                               "ito",  "watanabe", "yamamoto",  "nakamura"};
constexpr std::string_view kJaRomanGiven[] = {"taro", "hanako", "sho",    "hina",
                                              "ren",  "yui",    "hiroto", "aoi"};
constexpr std::string_view kJaTemplates[] = {
    "{t}は{p}で{n}、{a}！",     "{n}が{a}。また行きたい。", "{t}の{p}、{n}が{a}です。",
    "やっと{n}を体験した。{a}", "{p}の{n}、本当に{a}。",    "{t}、{n}のことばかり考えてる。{a}",
};
constexpr std::string_view kJaTimes[] = {"今日", "昨日", "さっき", "今週末", "朝から", "夜"};
constexpr std::string_view kJaPlaces[] = {"東京", "大阪",   "京都", "札幌",
                                          "福岡", "名古屋", "横浜", "沖縄"};
constexpr std::string_view kJaNouns[] = {"ラーメン", "桜",     "新しいゲーム", "映画",
                                         "猫カフェ", "温泉",   "花火",         "漫画",
                                         "紅葉",     "お弁当", "ライブ",       "抹茶"};
constexpr std::string_view kJaVerdicts[] = {"最高でした", "ちょっと疲れた", "美味しかった",
                                            "楽しみ",     "感動した",       "すごく綺麗"};
constexpr std::string_view kJaNotes[] = {"{p}在住。写真とラーメンが好き。", "猫と暮らしています。",
                                         "{p}でエンジニアをしています。", "旅行と読書の記録。"};
constexpr std::string_view kJaCelebrities[] = {"毎日ニュース速報", "エンタメ情報局", "テック最前線",
                                               "グルメ案内", "旅の窓口"};
constexpr std::string_view kJaTwitterTags[] = {"写真",       "ラーメン", "猫",   "桜",
                                               "今日の一枚", "ゲーム",   "旅行", "朝ごはん"};

// ---- Spanish ----------------------------------------------------------------------------------
constexpr std::string_view kEsFamily[] = {"García", "Martínez", "López",     "Sánchez",
                                          "Pérez",  "Gómez",    "Fernández", "Díaz"};
constexpr std::string_view kEsGiven[] = {"Lucía",     "Mateo", "Sofía",  "Santiago",
                                         "Valentina", "Diego", "Camila", "Javier"};
constexpr std::string_view kEsRomanFamily[] = {"garcia", "martinez", "lopez",     "sanchez",
                                               "perez",  "gomez",    "fernandez", "diaz"};
constexpr std::string_view kEsRomanGiven[] = {"lucia",     "mateo", "sofia",  "santiago",
                                              "valentina", "diego", "camila", "javier"};
constexpr std::string_view kEsTemplates[] = {
    "{t} en {p}: {n} {a}.",    "¿Soy el único que piensa que {n} {a}?",
    "{t} {n} {a}, de verdad.", "Probé {n} en {p} y {a}.",
    "Recordatorio: {n} {a}.",
};
constexpr std::string_view kEsTimes[] = {"Hoy", "Anoche", "Esta mañana", "Este finde", "Por fin"};
constexpr std::string_view kEsPlaces[] = {
    "Madrid", "Barcelona", "Ciudad de México", "Buenos Aires", "Bogotá",
    "Lima",   "Sevilla",   "Santiago",         "Valencia",     "Montevideo"};
constexpr std::string_view kEsNouns[] = {
    "el café",   "el partido", "la playa", "la nueva serie", "el concierto", "mi perro",
    "la paella", "el metro",   "el libro", "las tapas",      "la montaña",   "el mercado"};
constexpr std::string_view kEsVerdicts[] = {"estuvo increíble", "me encantó",  "fue un desastre",
                                            "vale la pena",     "es lo mejor", "me sorprendió"};
constexpr std::string_view kEsNotes[] = {
    "Desde {p}. Café, libros y fútbol.", "Fotografía y viajes. Vivo en {p}.",
    "Programadora de día, cocinera de noche.", "Hablo de música y de todo lo demás."};
constexpr std::string_view kEsCelebrities[] = {"Noticias al Día", "Mundo Fútbol", "Cine y Series",
                                               "Viajes y Sabores", "Ciencia Hoy"};
constexpr std::string_view kEsTwitterTags[] = {"fútbol",     "café",    "viajes", "música",
                                               "fotografía", "domingo", "libros", "recetas"};

// ---- Arabic -----------------------------------------------------------------------------------
constexpr std::string_view kArFamily[] = {"العلي", "حسن", "الخطيب", "منصور", "سالم", "الحداد"};
constexpr std::string_view kArGiven[] = {"محمد", "أحمد", "فاطمة", "ليلى",
                                         "يوسف", "مريم", "عمر",   "نور"};
constexpr std::string_view kArRomanFamily[] = {"alali",   "hassan", "khatib",
                                               "mansour", "salem",  "haddad"};
constexpr std::string_view kArRomanGiven[] = {"mohamed", "ahmed",  "fatima", "layla",
                                              "youssef", "maryam", "omar",   "nour"};
constexpr std::string_view kArTemplates[] = {
    "{t} في {p}، {n} {a}!",
    "{n} {a}.",
    "{t} جربت {n} في {p}، {a}.",
    "هل يتفق معي أحد أن {n} {a}؟",
};
constexpr std::string_view kArTimes[] = {"اليوم", "أمس", "هذا الصباح", "في نهاية الأسبوع"};
constexpr std::string_view kArPlaces[] = {"القاهرة", "دبي",  "الرياض", "عمّان",
                                          "بيروت",   "تونس", "الدوحة", "الدار البيضاء"};
constexpr std::string_view kArNouns[] = {"القهوة", "المباراة", "البحر", "الكتاب الجديد",
                                         "الحفلة", "المطر",    "السوق", "الفطور",
                                         "الرحلة", "المسلسل"};
constexpr std::string_view kArVerdicts[] = {"كانت رائعة", "جميل جدا", "ممتع للغاية", "أنصح به",
                                            "لا يصدق"};
constexpr std::string_view kArNotes[] = {"من {p}. أحب القراءة والسفر.", "مصور هاوٍ في {p}.",
                                         "مهندس برمجيات وعاشق للقهوة.", "أكتب عن الطعام والرياضة."};
constexpr std::string_view kArCelebrities[] = {"أخبار اليوم", "عالم الرياضة", "تقنية المستقبل",
                                               "مطبخ العرب", "رحلات وسفر"};
constexpr std::string_view kArTwitterTags[] = {"رمضان", "قهوة", "كرة_القدم", "سفر", "كتب", "تصوير"};

constexpr std::string_view kEmoji[] = {"😂", "🎉", "🌸", "🔥", "🙏", "❤️",
                                       "😭", "👍", "✨", "🍜", "☕", "👨‍👩‍👧"};
constexpr std::string_view kLinkHosts[] = {
    "https://example.com/posts/", "https://news.example.org/a/", "https://blog.example.net/"};

const LanguageData kLanguages[kLangCount] = {
    {"zh", kZhFamily, kZhGiven, kZhRomanFamily, kZhRomanGiven, true, "", kZhTemplates, kZhTimes,
     kZhPlaces, kZhNouns, kZhVerdicts, kZhNotes, kZhCelebrities, kZhTwitterTags, kZhWeiboTopics},
    {"en",
     kEnFamily,
     kEnGiven,
     kEnRomanFamily,
     kEnRomanGiven,
     false,
     " ",
     kEnTemplates,
     kEnTimes,
     kEnPlaces,
     kEnNouns,
     kEnVerdicts,
     kEnNotes,
     kEnCelebrities,
     kEnTwitterTags,
     {}},
    {"ja",
     kJaFamily,
     kJaGiven,
     kJaRomanFamily,
     kJaRomanGiven,
     true,
     "",
     kJaTemplates,
     kJaTimes,
     kJaPlaces,
     kJaNouns,
     kJaVerdicts,
     kJaNotes,
     kJaCelebrities,
     kJaTwitterTags,
     {}},
    {"es",
     kEsFamily,
     kEsGiven,
     kEsRomanFamily,
     kEsRomanGiven,
     false,
     " ",
     kEsTemplates,
     kEsTimes,
     kEsPlaces,
     kEsNouns,
     kEsVerdicts,
     kEsNotes,
     kEsCelebrities,
     kEsTwitterTags,
     {}},
    {"ar",
     kArFamily,
     kArGiven,
     kArRomanFamily,
     kArRomanGiven,
     false,
     " ",
     kArTemplates,
     kArTimes,
     kArPlaces,
     kArNouns,
     kArVerdicts,
     kArNotes,
     kArCelebrities,
     kArTwitterTags,
     {}},
};

const LanguageData& Data(Lang lang) { return kLanguages[static_cast<int>(lang)]; }

std::string_view PickWord(Words words, uint64_t bits) {
  return words[BelowFromBits(bits, words.size())];
}

// Fills a template: {t} {p} {n} {a} are replaced by a random word of that kind.
void Fill(const LanguageData& d, std::string_view tmpl, Rng& rng, std::string& out) {
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{' && i + 2 < tmpl.size() && tmpl[i + 2] == '}') {
      Words words;
      switch (tmpl[i + 1]) {
        case 't':
          words = d.times;
          break;
        case 'p':
          words = d.places;
          break;
        case 'n':
          words = d.nouns;
          break;
        default:
          words = d.verdicts;
          break;
      }
      out += PickWord(words, rng.Next());
      i += 2;
    } else {
      out += tmpl[i];
    }
  }
}

}  // namespace

std::string_view LangCode(Lang lang) { return Data(lang).code; }

Lang LangFromHash(uint64_t h) {
  const uint64_t p = h % 100;
  if (p < 35) return Lang::kZh;
  if (p < 60) return Lang::kEn;
  if (p < 75) return Lang::kJa;
  if (p < 90) return Lang::kEs;
  return Lang::kAr;
}

Corpus::Corpus() {
  // A tag shared by two languages (猫 is Chinese and Japanese) is one tag, listed for both.
  std::unordered_map<std::string, int> by_normalized;
  for (int l = 0; l < kLangCount; ++l) {
    const LanguageData& d = kLanguages[l];
    auto add = [&](std::string_view name, bool weibo) {
      std::string normalized = text::NormalizeTag(name);
      if (normalized.empty()) throw std::logic_error("gen corpus: tag without a name");
      auto [it, added] = by_normalized.emplace(normalized, static_cast<int>(tags_.size()));
      if (added) {
        TagWord t;
        t.name = std::string(name);
        t.normalized = std::move(normalized);
        t.weibo_style = weibo;
        t.lang = static_cast<Lang>(l);
        tags_.push_back(std::move(t));
      }
      (weibo ? weibo_topics_ : twitter_tags_)[l].push_back(it->second);
    };
    for (std::string_view name : d.twitter_tags) add(name, false);
    for (std::string_view name : d.weibo_topics) add(name, true);
  }
}

std::string Corpus::Username(Lang lang, uint64_t h, uint32_t index) const {
  const LanguageData& d = Data(lang);
  std::string out(PickWord(d.roman_given, h));
  out += '_';
  out += PickWord(d.roman_family, Mix64(h));
  out += std::to_string(index);
  return out;
}

std::string Corpus::CelebrityUsername(Lang lang, uint32_t k) const {
  return "star" + std::to_string(k) + "_" + std::string(LangCode(lang));
}

std::string Corpus::CelebrityDisplayName(Lang lang, uint32_t k) const {
  const LanguageData& d = Data(lang);
  std::string out(d.celebrities[k % d.celebrities.size()]);
  if (k >= d.celebrities.size()) out += " " + std::to_string(k / d.celebrities.size() + 1);
  return out;
}

std::string Corpus::DisplayName(Lang lang, uint64_t h) const {
  const LanguageData& d = Data(lang);
  const std::string_view family = PickWord(d.family, Mix64(h));
  const std::string_view given = PickWord(d.given, h);
  std::string out(d.family_first ? family : given);
  out += d.joiner;
  out += d.family_first ? given : family;
  return out;
}

std::string Corpus::Note(Lang lang, uint64_t h) const {
  const LanguageData& d = Data(lang);
  std::string out;
  Rng rng(h);
  Fill(d, PickWord(d.notes, h), rng, out);
  return out;
}

void Corpus::AppendSentence(Lang lang, Rng& rng, std::string& out) const {
  const LanguageData& d = Data(lang);
  Fill(d, PickWord(d.templates, rng.Next()), rng, out);
}

void Corpus::Compose(const PostPlan& plan, Rng& rng, std::string& out) const {
  out.clear();
  if (!plan.reply_to_username.empty()) {
    out += '@';
    out += plan.reply_to_username;
    out += ' ';
  }
  // A Weibo topic only at the very start: its closing '#' is then the next '#' in the text.
  if (plan.weibo_topic >= 0) {
    out += '#';
    out += tags_[plan.weibo_topic].name;
    out += '#';
  }
  const bool spaced = plan.lang != Lang::kZh && plan.lang != Lang::kJa;
  for (int i = 0; i < plan.sentences; ++i) {
    if (i > 0 && spaced) out += ' ';
    AppendSentence(plan.lang, rng, out);
  }
  for (std::string_view m : plan.mention_usernames) {
    out += " @";
    out += m;
  }
  for (int t : plan.tags) {
    out += " #";
    out += tags_[t].name;
  }
  if (plan.emoji) {
    out += ' ';
    out += kEmoji[rng.Below(std::size(kEmoji))];
  }
  if (plan.link) {
    out += ' ';
    out += kLinkHosts[rng.Below(std::size(kLinkHosts))];
    out += std::to_string(rng.Below(1'000'000));
  }
}

}  // namespace magpie::gen
