// SharedBody: pieces in order, copied bytes merged, shared bytes referenced, marks undone.
#include "http/message.h"

#include <gtest/gtest.h>

namespace magpie::http {
namespace {

TEST(SharedBodyTest, KeepsPiecesInOrderAndSharesWithoutCopying) {
  auto cached = std::make_shared<const std::string>("\"cached\"");
  SharedBody body;
  body.Append("[");
  body.Append("{");  // merged with the previous copied bytes
  body.Append(cached);
  body.Append("}]");
  EXPECT_EQ(body.size(), 12u);
  EXPECT_EQ(body.Flatten(), "[{\"cached\"}]");
  auto pieces = body.Pieces();
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[0], "[{");
  EXPECT_EQ(pieces[1].data(), cached->data());  // referenced, not copied
  EXPECT_EQ(pieces[2], "}]");
}

TEST(SharedBodyTest, TruncateDropsEverythingAfterTheMark) {
  auto a = std::make_shared<const std::string>("A");
  SharedBody body;
  body.Append("[x");
  SharedBody::Mark mark = body.mark();
  body.Append(",y");  // extends the piece the mark saw
  body.Append(a);
  body.Append("z");
  body.Truncate(mark);
  EXPECT_EQ(body.Flatten(), "[x");
  EXPECT_EQ(body.size(), 2u);
  body.Append("]");
  EXPECT_EQ(body.Flatten(), "[x]");
  EXPECT_EQ(body.Pieces().size(), 1u);

  SharedBody empty;
  EXPECT_TRUE(empty.empty());
  SharedBody::Mark start = empty.mark();
  empty.Append(a);
  empty.Truncate(start);
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.Flatten(), "");
}

TEST(SharedBodyTest, ReferencedBytesLiveAsLongAsTheirKeptOwner) {
  SharedBody body;
  {
    auto owner = std::make_shared<const std::string>("fragment");
    body.Reserve(8, 16);
    body.Append("<");
    body.AppendRef(*owner);
    body.AppendRef(*owner);  // the same fragment twice, one owner kept
    body.Append(">");
    body.Keep(std::move(owner));
  }
  EXPECT_EQ(body.Flatten(), "<fragmentfragment>");
  EXPECT_EQ(body.size(), 18u);
}

TEST(SharedBodyTest, ResponseBodyTextReadsEitherForm) {
  Response plain = Response::Json(200, "{}");
  EXPECT_EQ(plain.BodyText(), "{}");
  Response shared;
  shared.pieces.Append(std::make_shared<const std::string>("[1]"));
  EXPECT_EQ(shared.BodyText(), "[1]");
}

}  // namespace
}  // namespace magpie::http
