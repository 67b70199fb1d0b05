// Copyright 2026 The Harrier Authors.
//
// TEMPORARY, replaced by the real normaliser on merge.
//
// A minimal NormalizeActivity for the rule language's embedded tests, written
// on the `rules` branch while the real normaliser is built on another branch.
// It handles only: id, type, actor (string or object with id), object
// (string, or object with id, type, content (tags stripped naively, a few
// entities decoded), summary, name, sensitive, published, inReplyTo,
// attributedTo, tag Hashtag/Mention, attachment, to/cc public visibility,
// <a href> links that are not mentions or hashtags).
#include "engine/normalize/normalizer.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "simdjson.h"

namespace harrier {
namespace {

using simdjson::dom::element;

constexpr std::string_view kPublic = "https://www.w3.org/ns/activitystreams#Public";

std::string HostOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  return absl::AsciiStrToLower(absl::string_view(url.data(), url.size()));
}

std::string GetString(element e, const char* key) {
  std::string_view s;
  if (e[key].get_string().get(s) == simdjson::SUCCESS) return std::string(s);
  return "";
}

std::string IdOf(element e) {
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
  return GetString(e, "id");
}

std::string StripTags(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (c == '<') {
      in_tag = true;
      std::string_view rest = html.substr(i);
      if (rest.rfind("<br", 0) == 0 || rest.rfind("</p", 0) == 0) out += "\n";
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return absl::StrReplaceAll(out, {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                                   {"&quot;", "\""}, {"&#39;", "'"}});
}

void SetTime(const std::string& text, google::protobuf::Timestamp* ts) {
  absl::Time t;
  std::string err;
  if (absl::ParseTime(absl::RFC3339_full, text, &t, &err)) {
    ts->set_seconds(absl::ToUnixSeconds(t));
  }
}

bool Addressed(element obj, const char* key, std::string_view what) {
  element v;
  if (obj[key].get(v) != simdjson::SUCCESS) return false;
  std::string_view s;
  if (v.get_string().get(s) == simdjson::SUCCESS) {
    return s == what || s == "as:Public" || s == "Public";
  }
  simdjson::dom::array arr;
  if (v.get_array().get(arr) != simdjson::SUCCESS) return false;
  for (element item : arr) {
    if (item.get_string().get(s) == simdjson::SUCCESS &&
        (s == what || s == "as:Public" || s == "Public")) {
      return true;
    }
  }
  return false;
}

void FillObject(element obj, v1::Object* out) {
  out->set_id(GetString(obj, "id"));
  out->set_type(GetString(obj, "type"));
  std::string content = GetString(obj, "content");
  out->set_text(StripTags(content));
  // Links: <a href> that are not mentions or hashtags.
  for (size_t a = content.find("<a "); a != std::string::npos;
       a = content.find("<a ", a + 1)) {
    size_t end = content.find('>', a);
    if (end == std::string::npos) break;
    std::string tag = content.substr(a, end - a);
    if (tag.find("mention") != std::string::npos ||
        tag.find("hashtag") != std::string::npos) {
      continue;
    }
    size_t href = tag.find("href=\"");
    if (href == std::string::npos) continue;
    size_t q = tag.find('"', href + 6);
    if (q == std::string::npos) continue;
    v1::Link* link = out->add_links();
    link->set_url(tag.substr(href + 6, q - href - 6));
    link->set_host(HostOf(link->url()));
  }
  out->set_summary(GetString(obj, "summary"));
  out->set_name(GetString(obj, "name"));
  if (out->text().empty() && out->type() != "Note") out->set_text(out->name());
  bool sensitive = false;
  if (obj["sensitive"].get_bool().get(sensitive) == simdjson::SUCCESS) {
    out->set_sensitive(sensitive);
  }
  out->set_in_reply_to(GetString(obj, "inReplyTo"));
  SetTime(GetString(obj, "published"), out->mutable_published());
  element attributed;
  if (obj["attributedTo"].get(attributed) == simdjson::SUCCESS) {
    std::string id = IdOf(attributed);
    out->mutable_author()->set_id(id);
    out->mutable_author()->set_host(HostOf(id));
  }
  simdjson::dom::array tags;
  if (obj["tag"].get_array().get(tags) == simdjson::SUCCESS) {
    for (element tag : tags) {
      std::string type = GetString(tag, "type");
      std::string name = GetString(tag, "name");
      if (type == "Hashtag") {
        if (!name.empty() && name[0] == '#') name.erase(0, 1);
        out->add_hashtags(absl::AsciiStrToLower(name));
      } else if (type == "Mention") {
        v1::Mention* m = out->add_mentions();
        m->set_actor_id(GetString(tag, "href"));
        m->set_host(HostOf(m->actor_id()));
        m->set_name(name);
      }
    }
  }
  simdjson::dom::array atts;
  if (obj["attachment"].get_array().get(atts) == simdjson::SUCCESS) {
    for (element att : atts) {
      v1::Attachment* a = out->add_attachments();
      a->set_type(GetString(att, "type"));
      a->set_media_type(GetString(att, "mediaType"));
      a->set_url(GetString(att, "url"));
      a->set_alt_text(GetString(att, "name"));
    }
  }
  if (Addressed(obj, "to", kPublic)) {
    out->set_visibility(v1::VISIBILITY_PUBLIC);
  } else if (Addressed(obj, "cc", kPublic)) {
    out->set_visibility(v1::VISIBILITY_UNLISTED);
  } else if (obj["to"].error() == simdjson::SUCCESS) {
    out->set_visibility(v1::VISIBILITY_DIRECT);
    simdjson::dom::array to;
    if (obj["to"].get_array().get(to) == simdjson::SUCCESS) {
      for (element item : to) {
        std::string_view s;
        if (item.get_string().get(s) == simdjson::SUCCESS &&
            s.size() >= 10 && s.substr(s.size() - 10) == "/followers") {
          out->set_visibility(v1::VISIBILITY_FOLLOWERS);
        }
      }
    }
  }
}

}  // namespace

absl::StatusOr<v1::NormalizedActivity> NormalizeActivity(
    std::string_view json, const NormalizeOptions& options) {
  if (json.empty()) {
    return absl::InvalidArgumentError("activity_json: empty body");
  }
  if (json.size() > options.max_bytes) {
    return absl::InvalidArgumentError("activity_json: body too large");
  }
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json.data(), json.size());
  element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS ||
      !root.is_object()) {
    return absl::InvalidArgumentError("activity_json: malformed JSON");
  }
  v1::NormalizedActivity out;
  std::string_view s;
  if (root["id"].get_string().get(s) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError("activity_json.id: missing or not a string");
  }
  out.set_id(std::string(s));
  if (root["type"].get_string().get(s) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError("activity_json.type: missing or not a string");
  }
  out.set_type(std::string(s));
  element actor;
  if (root["actor"].get(actor) == simdjson::SUCCESS) {
    std::string id = IdOf(actor);
    out.mutable_actor()->set_id(id);
    out.mutable_actor()->set_host(HostOf(id));
    size_t slash = id.find_last_of('/');
    if (slash != std::string::npos && !HostOf(id).empty()) {
      out.mutable_actor()->set_handle(
          absl::StrCat(id.substr(slash + 1), "@", HostOf(id)));
    }
    if (actor.is_object()) {
      std::string type = GetString(actor, "type");
      out.mutable_actor()->set_type(type);
      out.mutable_actor()->set_bot(type == "Service" || type == "Application");
    }
  }
  element object;
  if (root["object"].get(object) == simdjson::SUCCESS) {
    if (object.is_string()) {
      out.mutable_object()->set_id(IdOf(object));
      if (out.type() == "Follow" || out.type() == "Block") out.set_target(IdOf(object));
    } else if (object.is_object()) {
      FillObject(object, out.mutable_object());
    }
  }
  SetTime(GetString(root, "published"), out.mutable_published());
  if (!out.has_published() && out.object().has_published()) {
    *out.mutable_published() = out.object().published();
  }
  return out;
}

}  // namespace harrier
