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
    if (url.empty()) {
      url = json::StringField(member, "href");
      if (url.empty()) url = json::String(json::Field(member, "url"));
      if (url.empty()) {
        // Image objects may nest a Link array in `url`: one level only.
        const json::Element nested = json::Field(member, "url");
        if (!json::IsNull(nested)) url = json::IdOf(nested);
      }
    }
    if (url.empty()) return true;
    if (first.empty()) first = url;
    if (prefer_html &&
        json::StringField(member, "mediaType") == "text/html") {
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

void FillText(json::Element object, std::string_view type, v1::Object* out) {
  std::string_view html = json::StringField(object, "content");
  std::string_view language;
  json::Element map_value = json::Null();
  const bool has_map =
      FirstMember(json::Field(object, "contentMap"), &language, &map_value);
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
    out->set_text(HtmlToText(json::StringField(object, "name")));
  }
  if (language.empty()) {
    const json::Element value = json::Field(object, "language");
    language = json::String(value);
    if (language.empty()) language = json::StringField(value, "identifier");
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

void FillPollOptions(json::Element object, v1::Object* out) {
  json::Element options = json::Field(object, "oneOf");
  if (json::IsNull(options)) options = json::Field(object, "anyOf");
  json::ForEach(options, [&](json::Element member) {
    if (Full(out->poll_options())) return false;
    const std::string_view name = json::StringField(member, "name");
    if (!name.empty()) out->add_poll_options(std::string(name));
    return true;
  });
}

void FillQuote(json::Element object, v1::Object* out) {
  for (const char* key :
       {"quote", "quoteUri", "quoteUrl", "quoteURL", "_misskey_quote"}) {
    const std::string_view id = json::IdOf(json::Field(object, key));
    if (!id.empty()) {
      out->set_quote_of(std::string(id));
      return;
    }
  }
}

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
  const std::string_view id = json::StringField(object, "id");
  const std::string_view type = json::TypeOf(object);
  out->set_id(std::string(id));
  out->set_type(std::string(type));

  json::Element author = json::Field(object, "attributedTo");
  if (json::IdOf(author).empty()) author = json::Field(object, "actor");
  v1::Actor author_actor;
  FillActor(author, &author_actor);
  if (!author_actor.id().empty()) {
    *out->mutable_author() = std::move(author_actor);
  } else if (context.fallback_author != nullptr &&
             !context.fallback_author->id().empty()) {
    *out->mutable_author() = *context.fallback_author;
  }

  FillText(object, type, out);
  const std::string_view summary = json::StringField(object, "summary");
  if (!summary.empty()) out->set_summary(HtmlToText(summary));
  out->set_name(std::string(json::StringField(object, "name")));
  out->set_sensitive(json::IsTrue(json::Field(object, "sensitive")));

  FillQuote(object, out);
  FillTags(json::Field(object, "tag"), out);
  if (out->author().handle().empty()) {
    // The author's handle, when the author mentions themself.
    for (const v1::Mention& mention : out->mentions()) {
      if (mention.actor_id() == out->author().id() && !mention.name().empty()) {
        out->mutable_author()->set_handle(StripLeading(mention.name(), '@'));
        break;
      }
    }
  }
  FillAttachments(json::Field(object, "attachment"), out);
  FillPollOptions(object, out);

  out->set_in_reply_to(std::string(json::IdOf(json::Field(object, "inReplyTo"))));
  out->set_community(
      std::string(CommunityFromAudience(json::Field(object, "audience"))));

  google::protobuf::Timestamp time;
  if (json::ParseTimestamp(json::StringField(object, "published"), &time)) {
    *out->mutable_published() = time;
  }
  if (json::ParseTimestamp(json::StringField(object, "updated"), &time)) {
    *out->mutable_updated() = time;
  }

  const std::string_view url = UrlOf(json::Field(object, "url"), true);
  if (url != id) out->set_url(std::string(url));

  const json::Element addressing_source =
      HasAddressing(object) || json::IsNull(context.activity) ? object
                                                              : context.activity;
  FillAddressing(addressing_source, context.followers_url, out);
}

}  // namespace harrier
