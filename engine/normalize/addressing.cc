// Copyright 2026 The Harrier Authors.
#include "engine/normalize/addressing.h"

#include <string>
#include <string_view>

#include "engine/normalize/ascii.h"
#include "engine/normalize/json_fields.h"

namespace harrier {

bool IsPublicCollection(std::string_view id) {
  return id == "https://www.w3.org/ns/activitystreams#Public" ||
         id == "as:Public" || id == "Public";
}

bool HasAddressing(json::Element source) {
  return !json::IsNull(json::Field(source, "to")) ||
         !json::IsNull(json::Field(source, "cc"));
}

std::string_view CommunityFromAudience(json::Element audience) {
  const std::string_view id = json::IdOf(audience);
  if (IsPublicCollection(id) || ascii::EndsWithIgnoreCase(id, "/followers")) {
    return {};
  }
  return id;
}

bool LooksLikeCommunityUrl(std::string_view id) {
  const size_t scheme = id.find("://");
  if (scheme == std::string_view::npos) return false;
  const size_t path = id.find('/', scheme + 3);
  if (path == std::string_view::npos) return false;
  std::string_view rest = id.substr(path);
  if (rest.size() < 4 || rest[0] != '/' || (rest[1] != 'c' && rest[1] != 'm') ||
      rest[2] != '/') {
    return false;
  }
  rest.remove_prefix(3);
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  return !rest.empty() && rest.find_first_of("/?#") == std::string_view::npos;
}

void FillAddressing(json::Element source, std::string_view followers_url,
                    v1::Object* out) {
  bool public_to = false;
  bool public_cc = false;
  bool followers = false;
  bool any = false;
  std::string_view group;
  std::string_view community_url;
  for (const char* key : {"to", "cc"}) {
    const bool is_to = key[0] == 't';
    json::ForEach(json::Field(source, key), [&](json::Element member) {
      const std::string_view id = json::IdOf(member);
      if (id.empty()) return true;
      any = true;
      if (IsPublicCollection(id)) {
        (is_to ? public_to : public_cc) = true;
      } else if (followers_url.empty()
                     ? ascii::EndsWithIgnoreCase(id, "/followers")
                     : id == followers_url) {
        followers = true;
      }
      if (group.empty() && json::TypeOf(member) == "Group") group = id;
      if (community_url.empty() && LooksLikeCommunityUrl(id)) {
        community_url = id;
      }
      if (static_cast<size_t>(out->recipients_size()) < kMaxRecipients) {
        out->add_recipients(std::string(id));
      }
      return true;
    });
  }
  v1::Visibility visibility = v1::VISIBILITY_UNSPECIFIED;
  if (public_to) {
    visibility = v1::VISIBILITY_PUBLIC;
  } else if (public_cc) {
    visibility = v1::VISIBILITY_UNLISTED;
  } else if (followers) {
    visibility = v1::VISIBILITY_FOLLOWERS;
  } else if (any) {
    visibility = v1::VISIBILITY_DIRECT;
  }
  out->set_visibility(visibility);
  if (out->community().empty()) {
    if (!group.empty()) {
      out->set_community(std::string(group));
    } else if (!community_url.empty()) {
      out->set_community(std::string(community_url));
    }
  }
}

}  // namespace harrier
