// Copyright 2026 The Harrier Authors.
#include "engine/normalize/html_text.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace harrier {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(HtmlToTextTest, MastodonParagraphsAndBreaks) {
  EXPECT_EQ(HtmlToText("<p>Hello<br>world</p><p>Second <b>para</b></p>"),
            "Hello\nworld\n\nSecond para");
}

TEST(HtmlToTextTest, CollapsesWhitespaceAndBlankLines) {
  EXPECT_EQ(HtmlToText("  <p>a \n\t b</p>\n\n<p></p><p></p><div>c</div>  "),
            "a b\n\nc");
  EXPECT_EQ(HtmlToText("<br><br><br>x<br><br><br><br>y"), "x\n\ny");
}

TEST(HtmlToTextTest, BlockElements) {
  EXPECT_EQ(HtmlToText("<h1>T</h1><ul><li>one</li><li>two</li></ul>"
                       "<blockquote>q</blockquote><pre>code</pre>"),
            "T\n\none\ntwo\n\nq\n\ncode");
}

TEST(HtmlToTextTest, DecodesEntities) {
  EXPECT_EQ(HtmlToText("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;"),
            "a & b <c> \"d\" 'e'");
  EXPECT_EQ(HtmlToText("&#65;&#x42;&#X43;&#100 &hellip;&nbsp;x"),
            "ABCd \u2026 x");
  EXPECT_EQ(HtmlToText("&#0;&#xD800;&#99999999999;"), "\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(HtmlToText("&unknown; & &#; &amp"), "&unknown; & &#; &amp");
}

TEST(HtmlToTextTest, DropsScriptsStylesAndComments) {
  EXPECT_EQ(HtmlToText("a<script>alert('<p>')</script>b<STYLE>p{}</STYLE>c"
                       "<!-- <p>hidden</p> -->d<!DOCTYPE html>e"),
            "abcde");
}

TEST(HtmlToTextTest, LiteralLessThanAndBrokenMarkup) {
  EXPECT_EQ(HtmlToText("I <3 you, 1 < 2"), "I <3 you, 1 < 2");
  EXPECT_EQ(HtmlToText("text <a href=\"unterminated"), "text");
  EXPECT_EQ(HtmlToText("<"), "<");
  EXPECT_EQ(HtmlToText("x<script>never closed"), "x");
  EXPECT_EQ(HtmlToText(""), "");
}

TEST(HtmlToTextTest, NonAsciiPassesThrough) {
  EXPECT_EQ(HtmlToText("<p>Grüße, 世界 👋</p>"), "Grüße, 世界 👋");
}

TEST(ParseHtmlContentTest, ExtractsLinksButNotMentionsOrHashtags) {
  const HtmlContent html = ParseHtmlContent(
      "<p><span class=\"h-card\"><a href=\"https://a.example/@bob\" "
      "class=\"u-url mention\">@<span>bob</span></a></span> "
      "<a href=\"https://a.example/tags/Cats\" class=\"mention hashtag\" "
      "rel=\"tag\">#<span>Cats</span></a> "
      "<a href=\"https://b.example/tag/x\" rel=\"nofollow tag\">#x</a> "
      "<a href='https://news.example/a?x=1&amp;y=2' rel=\"nofollow\">news</a> "
      "<a href=https://unquoted.example/>u</a> "
      "<a href=\"mailto:x@y\">mail</a> <a href=\"/relative\">rel</a> "
      "<A HREF=\"https://news.example/a?x=1&y=2\">dup</A></p>");
  EXPECT_EQ(html.text, "@bob #Cats #x news u mail rel dup");
  EXPECT_THAT(html.links, ElementsAre("https://news.example/a?x=1&y=2",
                                      "https://unquoted.example/"));
}

TEST(ParseHtmlContentTest, LinkLimitAndDisabled) {
  std::string html;
  for (int i = 0; i < 10; ++i) {
    html += "<a href=\"https://e.example/" + std::to_string(i) + "\">l</a>";
  }
  HtmlOptions options;
  options.max_links = 3;
  EXPECT_EQ(ParseHtmlContent(html, options).links.size(), 3u);
  options.extract_links = false;
  EXPECT_THAT(ParseHtmlContent(html, options).links, IsEmpty());
}

TEST(ParseHtmlContentTest, DeepNestingIsLinearAndSafe) {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div><span>";
  html += "deep";
  const HtmlContent result = ParseHtmlContent(html);
  EXPECT_EQ(result.text, "deep");
  EXPECT_LE(result.text.size(), html.size());
}

}  // namespace
}  // namespace harrier
