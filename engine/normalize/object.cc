// Copyright 2026 The Harrier Authors.
#include "engine/normalize/object.h"

#include <simdjson.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "engine/normalize/actor.h"
#include "engine/normalize/addressing.h"
#include "engine/normalize/ascii.h"
#include "engine/normalize/case_fold.h"
#include "engine/normalize/host.h"
#include "engine/normalize/html_text.h"
#include "engine/normalize/json_fields.h"

namespace harrier {
namespace {

template <typename Repeated>
bool Full(const Repeated& repeated) {
  return static_cast<size_t>(repeated.size()) >= kMaxListEntries;
}

// The first member of a JSON object, if `e` is a non-empty object.
bool FirstMember(json::Element e, std::string_view* key, json::Element* value) {
  simdjson::dom::object object;
  if (e.get_object().get(object) != simdjson::SUCCESS) return false;
  for (simdjson::dom::key_value_pair member : object) {
    *key = member.key;
    *value = member.value;
    return true;
  }
  return false;
}

// The URL of a `url` or `icon` value: a string, a Link/Image object (its
// `href`, or its own `url`), or an array of these, preferring a text/html
// Link when `prefer_html` (PeerTube lists the page and the media files).
std::string_view UrlOf(json::Element value, bool prefer_html) {
  std::string_view first;
  std::string_view html;
  json::ForEach(value, [&](json::Element member) {
    std::string_view url = json::String(member);
    if (url.empty()) url = json::StringField(member, "href");
    if (url.empty()) {
      // An Image object nests its own `url` (a string, Link or array of
      // them): read one level only.
      url = json::IdOf(json::Field(member, "url"));
    }
    if (url.empty()) return true;
    if (first.empty()) first = url;
    if (prefer_html && json::StringField(member, "mediaType") == "text/html") {
      html = url;
      return false;
    }
    return prefer_html;
  });
  return html.empty() ? first : html;
}

std::string StripLeading(std::string_view s, char c) {
  while (!s.empty() && s.front() == c) s.remove_prefix(1);
  return std::string(s);
}

bool IsActivityJsonMediaType(std::string_view media_type) {
  return ascii::ContainsIgnoreCase(media_type, "activity+json") ||
         (ascii::ContainsIgnoreCase(media_type, "ld+json") &&
          ascii::ContainsIgnoreCase(media_type, "activitystreams"));
}

void FillText(json::Element content_value, json::Element content_map,
              json::Element name, json::Element language_value,
              std::string_view type, v1::Object* out) {
  std::string_view html = json::String(content_value);
  std::string_view language;
  json::Element map_value = json::Null();
  const bool has_map = FirstMember(content_map, &language, &map_value);
  if (html.empty() && has_map) html = json::String(map_value);
  if (!html.empty()) {
    HtmlContent content = ParseHtmlContent(html);
    out->set_text(std::move(content.text));
    for (std::string& url : content.links) {
      if (Full(out->links())) break;
      v1::Link* link = out->add_links();
      link->set_host(NormalizeHost(url));
      link->set_url(std::move(url));
    }
  } else if (type != "Note") {
    out->set_text(HtmlToText(json::String(name)));
  }
  if (language.empty()) {
    language = json::String(language_value);
    if (language.empty()) {
      language = json::StringField(language_value, "identifier");
    }
  }
  if (!language.empty()) out->set_language(ascii::Lower(language));
}

void FillAttachments(json::Element attachments, v1::Object* out) {
  json::ForEach(attachments, [&](json::Element member) {
    if (Full(out->attachments())) return false;
    v1::Attachment attachment;
    const std::string_view bare = json::String(member);
    if (!bare.empty()) {
      attachment.set_url(std::string(bare));
    } else if (member.type() == simdjson::dom::element_type::OBJECT) {
      attachment.set_type(std::string(json::TypeOf(member)));
      attachment.set_media_type(
          std::string(json::StringField(member, "mediaType")));
      std::string_view url = UrlOf(json::Field(member, "url"), false);
      if (url.empty()) url = json::StringField(member, "href");
      attachment.set_url(std::string(url));
      attachment.set_alt_text(std::string(json::StringField(member, "name")));
      attachment.set_sensitive(json::IsTrue(json::Field(member, "sensitive")));
    } else {
      return true;
    }
    *out->add_attachments() = std::move(attachment);
    return true;
  });
}

void FillPollOptions(json::Element one_of, json::Element any_of,
                     v1::Object* out) {
  json::ForEach(
      json::IsNull(one_of) ? any_of : one_of, [&](json::Element member) {
        if (Full(out->poll_options())) return false;
        const std::string_view name = json::StringField(member, "name");
        if (!name.empty()) out->add_poll_options(std::string(name));
        return true;
      });
}

// The members FillObject reads, looked up in one pass.
enum Member {
  kId,
  kType,
  kAttributedTo,
  kActor,
  kContent,
  kContentMap,
  kName,
  kLanguage,
  kSummary,
  kSensitive,
  kQuote,
  kQuoteUri,
  kQuoteUrl,
  kQuoteURL,
  kMisskeyQuote,
  kTag,
  kAttachment,
  kOneOf,
  kAnyOf,
  kInReplyTo,
  kAudience,
  kPublished,
  kUpdated,
  kUrl,
  kTo,
  kCc,
  kMemberCount
};
constexpr std::string_view kMemberNames[kMemberCount] = {
    "id",         "type",       "attributedTo", "actor",    "content",
    "contentMap", "name",       "language",     "summary",  "sensitive",
    "quote",      "quoteUri",   "quoteUrl",     "quoteURL", "_misskey_quote",
    "tag",        "attachment", "oneOf",        "anyOf",    "inReplyTo",
    "audience",   "published",  "updated",      "url",      "to",
    "cc",
};
static_assert(kMemberCount <= json::kMaxMembers);

}  // namespace

void FillTags(json::Element tags, v1::Object* out) {
  json::ForEach(tags, [&](json::Element tag) {
    const std::string_view type = json::TypeOf(tag);
    const std::string_view name = json::StringField(tag, "name");
    if (type == "Hashtag") {
      if (Full(out->hashtags())) return true;
      std::string folded = FoldCase(StripLeading(name, '#'));
      if (!folded.empty() &&
          std::find(out->hashtags().begin(), out->hashtags().end(), folded) ==
              out->hashtags().end()) {
        out->add_hashtags(std::move(folded));
      }
    } else if (type == "Mention") {
      if (Full(out->mentions())) return true;
      const std::string_view href = json::StringField(tag, "href");
      if (href.empty() && name.empty()) return true;
      for (const v1::Mention& seen : out->mentions()) {
        if (seen.actor_id() == href && seen.name() == name) return true;
      }
      v1::Mention* mention = out->add_mentions();
      mention->set_actor_id(std::string(href));
      mention->set_host(NormalizeHost(href.empty() ? name : href));
      mention->set_name(std::string(name));
    } else if (type == "Emoji") {
      if (Full(out->emojis()) || name.empty()) return true;
      v1::CustomEmoji* emoji = out->add_emojis();
      std::string shortcode(name);
      if (shortcode.front() != ':') shortcode.insert(shortcode.begin(), ':');
      if (shortcode.size() < 2 || shortcode.back() != ':') {
        shortcode.push_back(':');
      }
      emoji->set_shortcode(std::move(shortcode));
      emoji->set_icon_url(std::string(UrlOf(json::Field(tag, "icon"), false)));
    } else if (type == "Link" && out->quote_of().empty() &&
               IsActivityJsonMediaType(json::StringField(tag, "mediaType"))) {
      // FEP-e232 object link.
      out->set_quote_of(std::string(json::StringField(tag, "href")));
    }
    return true;
  });
}

void FillObject(json::Element object, const ObjectContext& context,
                v1::Object* out) {
  json::Element m[kMemberCount];
  json::Members(object, kMemberNames, kMemberCount, m);
  const std::string_view id = json::String(m[kId]);
  const std::string_view type = json::FirstString(m[kType]);
  out->set_id(std::string(id));
  out->set_type(std::string(type));

  json::Element author = m[kAttributedTo];
  if (json::IdOf(author).empty()) author = m[kActor];
  v1::Actor author_actor;
  FillActor(author, &author_actor);
  if (!author_actor.id().empty()) {
    *out->mutable_author() = std::move(author_actor);
  } else if (context.fallback_author != nullptr &&
             !context.fallback_author->id().empty()) {
    *out->mutable_author() = *context.fallback_author;
  }

  FillText(m[kContent], m[kContentMap], m[kName], m[kLanguage], type, out);
  const std::string_view summary = json::String(m[kSummary]);
  if (!summary.empty()) out->set_summary(HtmlToText(summary));
  out->set_name(std::string(json::String(m[kName])));
  out->set_sensitive(json::IsTrue(m[kSensitive]));

  for (Member key : {kQuote, kQuoteUri, kQuoteUrl, kQuoteURL, kMisskeyQuote}) {
    const std::string_view quote = json::IdOf(m[key]);
    if (!quote.empty()) {
      out->set_quote_of(std::string(quote));
      break;
    }
  }
  FillTags(m[kTag], out);
  if (out->author().handle().empty()) {
    // The author's handle, when the author mentions themself.
    for (const v1::Mention& mention : out->mentions()) {
      if (mention.actor_id() == out->author().id() && !mention.name().empty()) {
        out->mutable_author()->set_handle(StripLeading(mention.name(), '@'));
        break;
      }
    }
  }
  FillAttachments(m[kAttachment], out);
  FillPollOptions(m[kOneOf], m[kAnyOf], out);

  out->set_in_reply_to(std::string(json::IdOf(m[kInReplyTo])));
  out->set_community(std::string(CommunityFromAudience(m[kAudience])));

  google::protobuf::Timestamp time;
  if (json::ParseTimestamp(json::String(m[kPublished]), &time)) {
    *out->mutable_published() = time;
  }
  if (json::ParseTimestamp(json::String(m[kUpdated]), &time)) {
    *out->mutable_updated() = time;
  }

  const std::string_view url = UrlOf(m[kUrl], true);
  if (url != id) out->set_url(std::string(url));

  const bool has_addressing = !json::IsNull(m[kTo]) || !json::IsNull(m[kCc]);
  const json::Element addressing_source =
      has_addressing || json::IsNull(context.activity) ? object
                                                       : context.activity;
  FillAddressing(addressing_source, context.followers_url, out);
}

}  // namespace harrier
