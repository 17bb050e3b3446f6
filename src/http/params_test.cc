#include "http/params.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace magpie::http {
namespace {

namespace json = boost::json;

Request Body(std::string content_type, std::string body, Fields query = {}) {
  Request r;
  r.method = Method::kPost;
  if (!content_type.empty()) r.headers.emplace_back("content-type", std::move(content_type));
  r.body = std::move(body);
  r.query = std::move(query);
  return r;
}

// Parses and compares with the expected JSON text.
void ExpectValues(const Request& req, std::string_view expected_json) {
  auto p = ParseParams(req);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(json::value(p->values), json::parse(expected_json)) << json::serialize(p->values);
}

std::string BadRequestMessage(const Request& req) {
  auto p = ParseParams(req);
  if (p.ok()) return "<ok: " + json::serialize(p->values) + ">";
  EXPECT_EQ(p.error().code, core::ErrorCode::kBadRequest);
  return p.error().message;
}

// ---- ParseUrlEncoded / PercentDecode --------------------------------------------------------

TEST(ParseUrlEncodedTest, DecodesPairsInOrder) {
  auto f = ParseUrlEncoded("a=1&b=%20x+y&ids%5B%5D=3&ids[]=4&flag&&=skipped&e=");
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(
      *f,
      (Fields{{"a", "1"}, {"b", " x y"}, {"ids[]", "3"}, {"ids[]", "4"}, {"flag", ""}, {"e", ""}}));
}

TEST(ParseUrlEncodedTest, DecodesUtf8) {
  auto f = ParseUrlEncoded("q=%E6%98%A5%E8%8A%82&tag=caf%C3%A9");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(*f, (Fields{{"q", "春节"}, {"tag", "café"}}));
}

TEST(ParseUrlEncodedTest, RejectsBadEscapesInvalidUtf8AndNul) {
  for (std::string_view bad :
       {"a=%zz", "a=%4", "a=%", "%g0=1", "a=%C3%28", "a=%FF", "a=%00", "a=%ED%A0%80"}) {
    auto f = ParseUrlEncoded(bad);
    ASSERT_FALSE(f.ok()) << bad;
    EXPECT_EQ(f.error().code, core::ErrorCode::kBadRequest);
  }
}

TEST(ParseUrlEncodedTest, LimitsThePairCount) {
  std::string many;
  for (int i = 0; i < 1001; ++i) many += "k" + std::to_string(i) + "=v&";
  auto f = ParseUrlEncoded(many);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("Too many"), std::string::npos);
  many.resize(many.rfind("k1000"));
  EXPECT_TRUE(ParseUrlEncoded(many).ok());
}

TEST(PercentDecodeTest, PlusIsASpaceOnlyInForms) {
  EXPECT_EQ(*PercentDecode("/tags/a+b%2Bc", false), "/tags/a+b+c");
  EXPECT_EQ(*PercentDecode("a+b", true), "a b");
  EXPECT_FALSE(PercentDecode("/x%2", false).ok());
}

// ---- JSON bodies ----------------------------------------------------------------------------

TEST(ParseParamsTest, JsonBodyIsCopiedAndOverridesQuery) {
  ExpectValues(Body("application/json", R"({"status":"hi","media_ids":["1","2"],
                    "poll":{"options":["a","b"],"expires_in":3600},"sensitive":true})",
                    {{"status", "from query"}, {"limit", "20"}}),
               R"({"status":"hi","media_ids":["1","2"],"poll":{"options":["a","b"],
                   "expires_in":3600},"sensitive":true,"limit":"20"})");
}

TEST(ParseParamsTest, JsonContentTypeVariants) {
  ExpectValues(Body("application/json; charset=utf-8", R"({"a":1})"), R"({"a":1})");
  ExpectValues(Body("Application/JSON", R"({"a":1})"), R"({"a":1})");
  ExpectValues(Body("application/activity+json", R"({"a":1})"), R"({"a":1})");
  // No Content-Type but a body that looks like an object: clients do this.
  ExpectValues(Body("", "  {\"a\":\"b\"}"), R"({"a":"b"})");
  // An empty JSON body means "no parameters".
  ExpectValues(Body("application/json", "", {{"q", "x"}}), R"({"q":"x"})");
  ExpectValues(Body("application/json", " \r\n", {{"q", "x"}}), R"({"q":"x"})");
}

TEST(ParseParamsTest, MalformedJsonIsABadRequest) {
  EXPECT_NE(BadRequestMessage(Body("application/json", "{\"a\":")).find("Invalid JSON body"),
            std::string::npos);
  EXPECT_NE(BadRequestMessage(Body("application/json", "{a:1}")).find("Invalid JSON body"),
            std::string::npos);
  EXPECT_NE(BadRequestMessage(Body("application/json", "{} trailing")).find("Invalid JSON"),
            std::string::npos);
  EXPECT_EQ(BadRequestMessage(Body("application/json", "[1,2]")), "JSON body must be an object");
  EXPECT_EQ(BadRequestMessage(Body("application/json", "\"s\"")), "JSON body must be an object");
}

TEST(ParseParamsTest, JsonInvalidUtf8AndNulAreRejected) {
  EXPECT_NE(BadRequestMessage(Body("application/json", "{\"a\":\"\xff\"}")).find("JSON"),
            std::string::npos);
  EXPECT_NE(BadRequestMessage(Body("application/json", R"({"a":"x\u0000y"})")).find("UTF-8"),
            std::string::npos);
  EXPECT_NE(BadRequestMessage(Body("application/json", R"({"\u0000":1})")).find("UTF-8"),
            std::string::npos);
}

TEST(ParseParamsTest, JsonNestingAndKeyLimits) {
  // 8 levels are fine, 9 are not.
  std::string ok = "{\"a\":[[[[[[[1]]]]]]]}";
  ExpectValues(Body("application/json", ok), ok);
  std::string deep = "{\"a\":[[[[[[[[1]]]]]]]]}";
  EXPECT_NE(BadRequestMessage(Body("application/json", deep)).find("nested too deeply"),
            std::string::npos);

  std::string many = "{";
  for (int i = 0; i < 1001; ++i) many += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  many += "}";
  EXPECT_NE(BadRequestMessage(Body("application/json", many)).find("Too many parameters"),
            std::string::npos);
}

// ---- Forms ----------------------------------------------------------------------------------

TEST(ParseParamsTest, FormWithRailsArraysAndNestedKeys) {
  ExpectValues(Body("application/x-www-form-urlencoded",
                    "status=Hello+%E4%B8%96%E7%95%8C&media_ids[]=1&media_ids%5B%5D=2"
                    "&poll[options][]=yes&poll[options][]=no&poll[expires_in]=300"
                    "&fields_attributes[0][name]=x&fields_attributes[0][value]=y"
                    "&fields_attributes[1][name]=z&sensitive=true"),
               R"({"status":"Hello 世界","media_ids":["1","2"],
          "poll":{"options":["yes","no"],"expires_in":"300"},
          "fields_attributes":{"0":{"name":"x","value":"y"},"1":{"name":"z"}},
          "sensitive":"true"})");
}

TEST(ParseParamsTest, FormArraysOfObjects) {
  // Mastodon's v2 filters send keywords_attributes[][keyword]=...
  ExpectValues(Body("application/x-www-form-urlencoded",
                    "k[][keyword]=a&k[][whole_word]=true&k[][keyword]=b"),
               R"({"k":[{"keyword":"a","whole_word":"true"},{"keyword":"b"}]})");
}

TEST(ParseParamsTest, QueryUsesTheSameConventionsAndBodyWins) {
  ExpectValues(Body("application/x-www-form-urlencoded", "limit=5&only_media=1",
                    {{"limit", "40"}, {"types[]", "mention"}, {"types[]", "follow"}}),
               R"({"limit":"5","only_media":"1","types":["mention","follow"]})");
  // A GET without a body.
  Request get;
  get.query = {{"id[]", "1"}, {"id[]", "2"}};
  ExpectValues(get, R"({"id":["1","2"]})");
}

TEST(ParseParamsTest, FormWithoutContentTypeIsReadAsAForm) {
  ExpectValues(Body("", "a=1&b[]=2"), R"({"a":"1","b":["2"]})");
}

TEST(ParseParamsTest, OddKeysAreTakenLiterally) {
  ExpectValues(Body("application/x-www-form-urlencoded", "a[b=1&[x]=2&c[d]e=3&f]=4"),
               R"({"a[b":"1","[x]":"2","c[d]e":"3","f]":"4"})");
}

TEST(ParseParamsTest, FormConflictsDepthAndEncodingAreBadRequests) {
  EXPECT_NE(
      BadRequestMessage(Body("application/x-www-form-urlencoded", "a=1&a[b]=2")).find("\"a\""),
      std::string::npos);
  EXPECT_NE(
      BadRequestMessage(Body("application/x-www-form-urlencoded", "a[]=1&a[b]=2")).find("both"),
      std::string::npos);
  // 8 levels are fine (name + 7 subscripts), 9 are not.
  ExpectValues(Body("application/x-www-form-urlencoded", "a[b][c][d][e][f][g][h]=1"),
               R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":"1"}}}}}}}})");
  EXPECT_NE(
      BadRequestMessage(Body("application/x-www-form-urlencoded", "a[b][c][d][e][f][g][h][i]=1"))
          .find("nested too deeply"),
      std::string::npos);
  EXPECT_NE(BadRequestMessage(Body("application/x-www-form-urlencoded", "a=%zz"))
                .find("percent-encoding"),
            std::string::npos);
  EXPECT_NE(BadRequestMessage(Body("application/x-www-form-urlencoded", "a=%C0%AF")).find("UTF-8"),
            std::string::npos);
  // Invalid UTF-8 in a query value handed in directly (not through ParseUrlEncoded).
  Request get;
  get.query = {{"q", "\xc3"}};
  EXPECT_NE(BadRequestMessage(get).find("UTF-8"), std::string::npos);
}

TEST(ParseParamsTest, KeyLimitCountsQueryAndBody) {
  Fields query;
  for (int i = 0; i < 600; ++i) query.emplace_back("q" + std::to_string(i), "1");
  std::string body;
  for (int i = 0; i < 401; ++i) body += "b" + std::to_string(i) + "=1&";
  EXPECT_NE(BadRequestMessage(Body("application/x-www-form-urlencoded", body, query))
                .find("Too many parameters"),
            std::string::npos);
}

TEST(ParseParamsTest, OtherContentTypesLeaveTheBodyToTheHandler) {
  ExpectValues(Body("image/png", "\x89PNG\r\n\x1a\n\xff", {{"a", "1"}}), R"({"a":"1"})");
}

// ---- Multipart ------------------------------------------------------------------------------

// File data that contains NUL, invalid UTF-8 and a line that looks like a boundary.
constexpr char kJpegBytes[] = "\xff\xd8\xff\xe0\0\x10JFIF\r\n--not-the-boundary\r\n";
const std::string kJpeg(kJpegBytes, sizeof(kJpegBytes) - 1);

std::string Multipart(std::string_view boundary) {
  std::string b(boundary);
  std::string body;
  body += "--" + b + "\r\n";
  body += "Content-Disposition: form-data; name=\"description\"\r\n\r\n";
  body += "A magpie on a bridge 🌉\r\n";
  body += "--" + b + "\r\n";
  body += "content-disposition: form-data; name=\"media_ids[]\"\r\n\r\n1\r\n";
  body += "--" + b + "\r\n";
  body += "Content-Disposition: form-data; name=\"media_ids[]\"\r\n\r\n2\r\n";
  body += "--" + b + "\r\n";
  body += "Content-Disposition: form-data; name=\"focus\"\r\n\r\n\r\n";  // empty value
  body += "--" + b + "\r\n";
  body += "Content-Disposition: form-data; name=\"file\"; filename=\"magpie \\\"1\\\".jpg\"\r\n";
  body += "Content-Type: image/jpeg\r\n\r\n";
  body += kJpeg;
  body += "\r\n--" + b + "--\r\n";
  return body;
}

TEST(ParseParamsTest, MultipartWithAFilePart) {
  const std::string boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  for (std::string content_type : {"multipart/form-data; boundary=" + boundary,
                                   "multipart/form-data; boundary=\"" + boundary + "\"",
                                   "Multipart/Form-Data;charset=utf-8;BOUNDARY=" + boundary}) {
    auto p = ParseParams(Body(content_type, Multipart(boundary), {{"q", "1"}}));
    ASSERT_TRUE(p.ok()) << content_type << ": " << p.error().message;
    EXPECT_EQ(json::value(p->values),
              json::parse(R"({"q":"1","description":"A magpie on a bridge 🌉",
                               "media_ids":["1","2"],"focus":""})"))
        << json::serialize(p->values);
    ASSERT_EQ(p->files.size(), 1u);
    EXPECT_EQ(p->files[0].field, "file");
    EXPECT_EQ(p->files[0].filename, "magpie \"1\".jpg");
    EXPECT_EQ(p->files[0].content_type, "image/jpeg");
    EXPECT_EQ(p->files[0].data, kJpeg);
  }
}

TEST(ParseParamsTest, MultipartPreambleEpilogueAndNamelessParts) {
  std::string body =
      "preamble to ignore\r\n--XyZ\r\n"
      "Content-Disposition: form-data\r\n\r\nno name\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n"
      "--XyZ--\r\nepilogue";
  ExpectValues(Body("multipart/form-data; boundary=XyZ", body), R"({"a":"b"})");
}

TEST(ParseParamsTest, MalformedMultipartIsABadRequest) {
  const std::string ct = "multipart/form-data; boundary=XyZ";
  const std::string part = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n";
  EXPECT_NE(BadRequestMessage(Body("multipart/form-data", part + "--XyZ--")).find("boundary"),
            std::string::npos);
  EXPECT_NE(BadRequestMessage(Body("multipart/form-data; boundary=\"\"", part)).find("boundary"),
            std::string::npos);
  EXPECT_NE(BadRequestMessage(Body(ct, part)).find("Unterminated"), std::string::npos);
  EXPECT_NE(BadRequestMessage(Body(ct, part + "--XyZ")).find("Unterminated"), std::string::npos);
  EXPECT_NE(BadRequestMessage(Body(ct, "--XyZ\r\nContent-Disposition: form-data; name=\"a\""))
                .find("Unterminated"),
            std::string::npos);
  EXPECT_NE(BadRequestMessage(Body(ct, "no boundary here")).find("boundary"), std::string::npos);
  EXPECT_NE(BadRequestMessage(Body(ct, "--XyZgarbage\r\n")).find("Malformed"), std::string::npos);
  // Invalid UTF-8 in a text part, in a field name and in a filename; file data may be anything.
  EXPECT_NE(BadRequestMessage(Body(ct,
                                   "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n"
                                   "\r\n\xc3\x28\r\n--XyZ--"))
                .find("UTF-8"),
            std::string::npos);
  EXPECT_NE(BadRequestMessage(Body(ct,
                                   "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
                                   "filename=\"\xff.jpg\"\r\n\r\nx\r\n--XyZ--"))
                .find("UTF-8"),
            std::string::npos);
}

TEST(ParseParamsTest, MultipartFileFieldWithEmptyBoundaryLineBeforeClose) {
  // A part whose body is empty, directly followed by the closing delimiter.
  std::string body =
      "--B\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"\"\r\n\r\n\r\n--B--";
  auto p = ParseParams(Body("multipart/form-data; boundary=B", body));
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->files.size(), 1u);
  EXPECT_EQ(p->files[0].filename, "");
  EXPECT_EQ(p->files[0].data, "");
  EXPECT_EQ(p->files[0].content_type, "application/octet-stream");
}

}  // namespace
}  // namespace magpie::http
