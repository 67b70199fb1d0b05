// Copyright 2026 The Harrier Authors.
//
// html_text.h: the plain text and the links of an HTML fragment, as found in
// ActivityPub `content`, `summary` and `contentMap` values.
//
//   HtmlContent html = ParseHtmlContent(
//       "<p>Hi <a href=\"https://x.example/@a\" class=\"u-url mention\">@a</a>"
//       "</p><p>see <a href=\"https://news.example/1\">this</a> &amp; more"
//       "</p>");
//   // html.text  == "Hi @a\n\nsee this & more"
//   // html.links == {"https://news.example/1"}
//
// Text rules:
// - Tags are removed; the contents of <script>, <style> and comments are
//   dropped.
// - Entities are decoded: the common named ones (amp, lt, gt, quot, apos,
//   nbsp, hellip, mdash, ndash, quotes, copy, reg, ...) and numeric ones
//   (&#NNN; and &#xHHH;). Invalid code points become U+FFFD; unknown named
//   entities are left as written. &nbsp; becomes a plain space.
// - <br> and <li> end a line; p, div, blockquote, h1-h6, pre, ul, ol, table,
//   tr and similar blocks are separated by a blank line.
// - Whitespace in the source (spaces, tabs, newlines) collapses to one space;
//   at most one blank line in a row is kept; the result is trimmed.
//
// Link rules: the href of every <a> whose href starts with http:// or https://
// (after entity decoding), in document order, without duplicates, except
// mention and hashtag links: `class` containing "mention" or "hashtag", or a
// `rel` token "tag". At most `max_links` links are kept.
//
// Complexity: one pass, linear in the input, no recursion; the output is never
// longer than the input.
//
// Thread safety: pure functions, thread-safe.
#ifndef HARRIER_ENGINE_NORMALIZE_HTML_TEXT_H_
#define HARRIER_ENGINE_NORMALIZE_HTML_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace harrier {

struct HtmlContent {
  std::string text;
  std::vector<std::string> links;
};

struct HtmlOptions {
  // Collect links at all (false: only text).
  bool extract_links = true;
  // Most links kept; later ones are dropped.
  size_t max_links = 256;
};

HtmlContent ParseHtmlContent(std::string_view html,
                             const HtmlOptions& options = {});

// Shorthand for ParseHtmlContent(html, {.extract_links = false}).text.
std::string HtmlToText(std::string_view html);

}  // namespace harrier

#endif  // HARRIER_ENGINE_NORMALIZE_HTML_TEXT_H_
