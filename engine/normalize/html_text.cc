// Copyright 2026 The Harrier Authors.
#include "engine/normalize/html_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "engine/normalize/ascii.h"

namespace harrier {
namespace {

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

struct NamedEntity {
  std::string_view name;
  std::string_view utf8;
};

constexpr NamedEntity kNamedEntities[] = {
    {"amp", "&"},         {"lt", "<"},          {"gt", ">"},
    {"quot", "\""},       {"apos", "'"},        {"nbsp", " "},
    {"hellip", "\u2026"}, {"mdash", "\u2014"},  {"ndash", "\u2013"},
    {"lsquo", "\u2018"},  {"rsquo", "\u2019"},  {"ldquo", "\u201C"},
    {"rdquo", "\u201D"},  {"laquo", "\u00AB"},  {"raquo", "\u00BB"},
    {"copy", "\u00A9"},   {"reg", "\u00AE"},    {"trade", "\u2122"},
    {"middot", "\u00B7"}, {"bull", "\u2022"},   {"euro", "\u20AC"},
    {"pound", "\u00A3"},  {"yen", "\u00A5"},    {"cent", "\u00A2"},
    {"deg", "\u00B0"},    {"times", "\u00D7"},  {"divide", "\u00F7"},
    {"shy", "\u00AD"},    {"zwj", "\u200D"},    {"zwnj", "\u200C"},
    {"sect", "\u00A7"},   {"para", "\u00B6"},   {"iexcl", "\u00A1"},
    {"iquest", "\u00BF"}, {"auml", "\u00E4"},   {"ouml", "\u00F6"},
    {"uuml", "\u00FC"},   {"Auml", "\u00C4"},   {"Ouml", "\u00D6"},
    {"Uuml", "\u00DC"},   {"szlig", "\u00DF"},  {"eacute", "\u00E9"},
    {"egrave", "\u00E8"}, {"agrave", "\u00E0"}, {"ccedil", "\u00E7"},
    {"larr", "\u2190"},   {"rarr", "\u2192"},   {"uarr", "\u2191"},
    {"darr", "\u2193"},   {"hearts", "\u2665"}, {"plusmn", "\u00B1"},
};

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    out->append(kReplacementChar);
  } else if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the entity starting at html[pos] == '&'. On success appends the
// decoded text to `out` and returns the number of input bytes consumed; else
// returns 0 and appends nothing.
size_t DecodeEntity(std::string_view html, size_t pos, std::string* out) {
  constexpr size_t kMaxEntityLength = 12;
  size_t i = pos + 1;
  if (i < html.size() && html[i] == '#') {
    ++i;
    bool hex = false;
    if (i < html.size() && (html[i] == 'x' || html[i] == 'X')) {
      hex = true;
      ++i;
    }
    const size_t digits_begin = i;
    uint32_t cp = 0;
    bool overflow = false;
    while (i < html.size()) {
      const char c = html[i];
      int digit;
      if (ascii::IsDigit(c)) {
        digit = c - '0';
      } else if (hex && ascii::IsXDigit(c)) {
        digit = ascii::ToLower(c) - 'a' + 10;
      } else {
        break;
      }
      if (cp > 0x10FFFF) {
        overflow = true;
      } else {
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
      }
      ++i;
    }
    if (i == digits_begin) return 0;
    if (i < html.size() && html[i] == ';') ++i;
    AppendUtf8(overflow ? 0 : cp, out);
    return i - pos;
  }
  const size_t name_begin = i;
  while (i < html.size() && i - name_begin <= kMaxEntityLength &&
         ascii::IsAlnum(html[i])) {
    ++i;
  }
  if (i >= html.size() || html[i] != ';' || i == name_begin) return 0;
  const std::string_view name = html.substr(name_begin, i - name_begin);
  for (const NamedEntity& entity : kNamedEntities) {
    if (entity.name == name) {
      out->append(entity.utf8);
      return i + 1 - pos;
    }
  }
  return 0;
}

std::string DecodeAttribute(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size();) {
    if (value[i] == '&') {
      if (const size_t used = DecodeEntity(value, i, &out); used > 0) {
        i += used;
        continue;
      }
    }
    out.push_back(value[i++]);
  }
  return out;
}

bool IsHtmlSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Characters that end a run of plain text: markup, entities, whitespace.
bool IsTextSpecial(char c) {
  static constexpr auto kTable = [] {
    std::array<bool, 256> table{};
    for (unsigned char special : {'<', '&', ' ', '\t', '\n', '\r', '\f'}) {
      table[special] = true;
    }
    return table;
  }();
  return kTable[static_cast<unsigned char>(c)];
}

// Accumulates text, collapsing whitespace and line breaks.
class TextWriter {
 public:
  explicit TextWriter(std::string* out) : out_(out) {}

  void Space() {
    if (!out_->empty()) pending_space_ = true;
  }
  // A <br>: consecutive ones add up, to at most one blank line.
  void LineBreak() {
    if (!out_->empty()) pending_newlines_ = std::min(pending_newlines_ + 1, 2);
  }
  void Break(int newlines) {
    if (!out_->empty())
      pending_newlines_ = std::max(pending_newlines_, newlines);
  }
  // Appends text that contains no HTML whitespace.
  void Word(std::string_view text) {
    if (text.empty()) return;
    Flush();
    out_->append(text);
  }
  void Char(char c) {
    if (IsHtmlSpace(c)) {
      Space();
    } else {
      Flush();
      out_->push_back(c);
    }
  }
  // Appends decoded entity text, which may hold a space.
  void Decoded(std::string_view text) {
    for (char c : text) Char(c);
  }

 private:
  void Flush() {
    if (pending_newlines_ > 0) {
      out_->append(static_cast<size_t>(pending_newlines_), '\n');
    } else if (pending_space_) {
      out_->push_back(' ');
    }
    pending_newlines_ = 0;
    pending_space_ = false;
  }

  std::string* out_;
  int pending_newlines_ = 0;
  bool pending_space_ = false;
};

enum class TagKind { kOther, kLineBreak, kBlock, kAnchor, kRawText };

// `name` is lower-case. Dispatches on length first: this runs for every tag.
TagKind Classify(std::string_view name) {
  auto any_of = [name](std::initializer_list<std::string_view> names) {
    for (std::string_view candidate : names) {
      if (name == candidate) return true;
    }
    return false;
  };
  switch (name.size()) {
    case 1:
      if (name[0] == 'a') return TagKind::kAnchor;
      if (name[0] == 'p') return TagKind::kBlock;
      return TagKind::kOther;
    case 2:
      if (any_of({"br", "li", "tr", "dd", "dt"})) return TagKind::kLineBreak;
      if ((name[0] == 'h' && name[1] >= '1' && name[1] <= '6') ||
          any_of({"ul", "ol", "hr", "dl"})) {
        return TagKind::kBlock;
      }
      return TagKind::kOther;
    case 3:
      if (any_of({"div", "nav"})) return TagKind::kLineBreak;
      if (name == "pre") return TagKind::kBlock;
      return TagKind::kOther;
    case 4:
      return name == "main" ? TagKind::kLineBreak : TagKind::kOther;
    case 5:
      if (name == "aside") return TagKind::kLineBreak;
      if (name == "table") return TagKind::kBlock;
      if (name == "style") return TagKind::kRawText;
      return TagKind::kOther;
    case 6:
      if (any_of({"header", "footer"})) return TagKind::kLineBreak;
      if (name == "figure") return TagKind::kBlock;
      if (name == "script") return TagKind::kRawText;
      return TagKind::kOther;
    case 7:
      if (any_of({"section", "article", "details", "summary", "caption",
                  "address"})) {
        return TagKind::kLineBreak;
      }
      return TagKind::kOther;
    case 10:
      if (name == "figcaption") return TagKind::kLineBreak;
      if (name == "blockquote") return TagKind::kBlock;
      return TagKind::kOther;
    default:
      return TagKind::kOther;
  }
}

bool HasRelTag(std::string_view rel) {
  size_t i = 0;
  while (i < rel.size()) {
    while (i < rel.size() && IsHtmlSpace(rel[i])) ++i;
    const size_t begin = i;
    while (i < rel.size() && !IsHtmlSpace(rel[i])) ++i;
    if (ascii::EqualsIgnoreCase(rel.substr(begin, i - begin), "tag"))
      return true;
  }
  return false;
}

class HtmlScanner {
 public:
  HtmlScanner(std::string_view html, const HtmlOptions& options,
              HtmlContent* result)
      : html_(html),
        options_(options),
        result_(result),
        writer_(&result->text) {}

  void Run() {
    result_->text.reserve(html_.size());
    while (pos_ < html_.size()) {
      const char c = html_[pos_];
      if (c == '<') {
        Tag();
      } else if (c == '&') {
        std::string decoded;
        if (const size_t used = DecodeEntity(html_, pos_, &decoded); used > 0) {
          writer_.Decoded(decoded);
          pos_ += used;
        } else {
          writer_.Char('&');
          ++pos_;
        }
      } else {
        // Copy a run of plain text at once.
        size_t stop = pos_;
        while (stop < html_.size() && !IsTextSpecial(html_[stop])) ++stop;
        if (stop == pos_) {
          writer_.Space();
          ++pos_;
        } else {
          writer_.Word(html_.substr(pos_, stop - pos_));
          pos_ = stop;
        }
      }
    }
  }

 private:
  // Skips to just past `terminator`, or to the end.
  void SkipPast(std::string_view terminator) {
    const size_t end = html_.find(terminator, pos_);
    pos_ =
        end == std::string_view::npos ? html_.size() : end + terminator.size();
  }

  void Tag() {
    const size_t start = pos_;
    size_t i = pos_ + 1;
    if (i >= html_.size()) {
      writer_.Char('<');
      pos_ = i;
      return;
    }
    if (html_[i] == '!') {
      pos_ = i;
      if (html_.substr(i, 3) == "!--") {
        pos_ = i + 3;
        SkipPast("-->");
      } else {
        SkipPast(">");
      }
      return;
    }
    if (html_[i] == '?') {
      pos_ = i;
      SkipPast(">");
      return;
    }
    const bool closing = html_[i] == '/';
    if (closing) ++i;
    const size_t name_begin = i;
    while (i < html_.size() && ascii::IsAlnum(html_[i])) {
      ++i;
    }
    if (i == name_begin || !ascii::IsAlpha(html_[name_begin])) {
      // Not a tag: a literal '<' (e.g. "a <3 b").
      writer_.Char('<');
      pos_ = start + 1;
      return;
    }
    const std::string name =
        ascii::Lower(html_.substr(name_begin, i - name_begin));
    const TagKind kind = Classify(name);

    std::string_view href, cls, rel;
    bool terminated = false;
    while (i < html_.size()) {
      const char c = html_[i];
      if (c == '>') {
        terminated = true;
        ++i;
        break;
      }
      if (IsHtmlSpace(c) || c == '/') {
        ++i;
        continue;
      }
      const size_t attr_begin = i;
      while (i < html_.size() && !IsHtmlSpace(html_[i]) && html_[i] != '=' &&
             html_[i] != '>' && html_[i] != '/') {
        ++i;
      }
      const std::string_view attr = html_.substr(attr_begin, i - attr_begin);
      while (i < html_.size() && IsHtmlSpace(html_[i])) ++i;
      std::string_view value;
      if (i < html_.size() && html_[i] == '=') {
        ++i;
        while (i < html_.size() && IsHtmlSpace(html_[i])) ++i;
        if (i < html_.size() && (html_[i] == '"' || html_[i] == '\'')) {
          const char quote = html_[i++];
          const size_t value_begin = i;
          const size_t value_end = html_.find(quote, i);
          if (value_end == std::string_view::npos) {
            i = html_.size();
            break;
          }
          value = html_.substr(value_begin, value_end - value_begin);
          i = value_end + 1;
        } else {
          const size_t value_begin = i;
          while (i < html_.size() && !IsHtmlSpace(html_[i]) &&
                 html_[i] != '>') {
            ++i;
          }
          value = html_.substr(value_begin, i - value_begin);
        }
      }
      if (kind == TagKind::kAnchor && !closing) {
        if (ascii::EqualsIgnoreCase(attr, "href")) href = value;
        if (ascii::EqualsIgnoreCase(attr, "class")) cls = value;
        if (ascii::EqualsIgnoreCase(attr, "rel")) rel = value;
      }
    }
    pos_ = i;
    if (!terminated) return;  // Unterminated tag at the end: dropped.

    switch (kind) {
      case TagKind::kLineBreak:
        if (name == "br") {
          writer_.LineBreak();
        } else {
          writer_.Break(1);
        }
        break;
      case TagKind::kBlock:
        writer_.Break(2);
        break;
      case TagKind::kAnchor:
        if (!closing) AddLink(href, cls, rel);
        break;
      case TagKind::kRawText:
        if (!closing) SkipRawText(name);
        break;
      case TagKind::kOther:
        break;
    }
  }

  // Skips the body of <script>/<style> up to and including its end tag.
  void SkipRawText(std::string_view name) {
    while (pos_ < html_.size()) {
      const size_t lt = html_.find("</", pos_);
      if (lt == std::string_view::npos) {
        pos_ = html_.size();
        return;
      }
      pos_ = lt + 2;
      if (ascii::StartsWithIgnoreCase(html_.substr(pos_), name)) {
        SkipPast(">");
        return;
      }
    }
  }

  void AddLink(std::string_view href, std::string_view cls,
               std::string_view rel) {
    if (!options_.extract_links || href.empty()) return;
    if (result_->links.size() >= options_.max_links) return;
    if (ascii::ContainsIgnoreCase(cls, "mention") ||
        ascii::ContainsIgnoreCase(cls, "hashtag") || HasRelTag(rel)) {
      return;
    }
    std::string url = DecodeAttribute(ascii::StripWhitespace(href));
    if (!ascii::StartsWithIgnoreCase(url, "http://") &&
        !ascii::StartsWithIgnoreCase(url, "https://")) {
      return;
    }
    if (std::find(result_->links.begin(), result_->links.end(), url) !=
        result_->links.end()) {
      return;
    }
    result_->links.push_back(std::move(url));
  }

  std::string_view html_;
  const HtmlOptions& options_;
  HtmlContent* result_;
  TextWriter writer_;
  size_t pos_ = 0;
};

}  // namespace

HtmlContent ParseHtmlContent(std::string_view html,
                             const HtmlOptions& options) {
  HtmlContent result;
  HtmlScanner(html, options, &result).Run();
  return result;
}

std::string HtmlToText(std::string_view html) {
  HtmlOptions options;
  options.extract_links = false;
  return ParseHtmlContent(html, options).text;
}

}  // namespace harrier
