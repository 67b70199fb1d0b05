// Copyright 2026 The Harrier Authors.
//
// Implementation notes (the contract is in normalizer.h):
//
// - Parsing uses simdjson's DOM API with error codes. Each thread keeps one
//   parser for documents up to kThreadParserMaxBytes, so steady-state
//   normalisation allocates only the result; larger documents get a parser of
//   their own that is freed afterwards. The input is copied once into the
//   parser's reusable padded buffer (what simdjson::padded_string would do,
//   without a fresh allocation per call).
// - simdjson validates UTF-8 while parsing; any ill-formed byte sequence
//   anywhere in the document rejects it ("activity_json: invalid UTF-8").
// - Nesting is bounded by the parser's max_depth (NormalizeOptions.max_depth);
//   when simdjson rejects a document for another reason (e.g. 10,000 unclosed
//   '['), an explicit bracket count decides whether to report the depth. The
//   code below never recurses on the input (an Announce is unwrapped at most
//   once).
#include "engine/normalize/normalizer.h"

#include <simdjson.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "engine/normalize/activity_types.h"
#include "engine/normalize/actor.h"
#include "engine/normalize/addressing.h"
#include "engine/normalize/html_text.h"
#include "engine/normalize/json_fields.h"
#include "engine/normalize/object.h"
#include "engine/status_macros.h"

namespace harrier {
namespace {

using json::Element;

// Documents up to this size reuse the thread's parser, whose buffers (several
// bytes per input byte) then stay allocated; larger ones use a parser of
// their own.
constexpr size_t kThreadParserMaxBytes = 64 << 10;
constexpr size_t kMinParserCapacity = 16 << 10;

absl::Status InvalidArgument(std::string message) {
  return absl::InvalidArgumentError(message);
}

absl::Status ParseError(simdjson::error_code error, int max_depth) {
  switch (error) {
    case simdjson::UTF8_ERROR:
      return InvalidArgument("activity_json: invalid UTF-8");
    case simdjson::DEPTH_ERROR:
      return InvalidArgument(absl::StrCat(
          "activity_json: nesting deeper than max_depth ", max_depth));
    case simdjson::EMPTY:
      return InvalidArgument("activity_json: empty body");
    case simdjson::CAPACITY:
    case simdjson::MEMALLOC:
      return InvalidArgument("activity_json: document too large to parse");
    default:
      return InvalidArgument(absl::StrCat("activity_json: malformed JSON (",
                                          simdjson::error_message(error), ")"));
  }
}

// The deepest nesting of arrays and objects in `json`, counting brackets
// outside strings; stops counting once past `limit`. Used to name the error
// when simdjson rejects a document whose brackets never close (simdjson
// itself enforces max_depth on well-formed ones).
int NestingDepth(std::string_view json, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  });
}

// The followers collection of an embedded actor, else "".
std::string_view FollowersUrl(Element activity) {
  return json::IdOf(json::Field(json::Field(activity, "actor"), "followers"));
}

// Object by reference: id, and type when embedded; addressing from the
// activity.
void FillObjectReference(Element activity, Element object,
                         v1::NormalizedActivity* out) {
  v1::Object* target = out->mutable_object();
  target->set_id(std::string(json::IdOf(object)));
  if (object.type() == simdjson::dom::element_type::OBJECT) {
    target->set_type(std::string(json::TypeOf(object)));
  }
  target->set_community(
      std::string(CommunityFromAudience(json::Field(activity, "audience"))));
  FillAddressing(activity, FollowersUrl(activity), target);
}

// An embedded actor profile (Update/Delete of a Person ...): the object gets
// the profile's id, type, name, bio as text and url; when the profile is the
// activity's own actor, the actor gains its type, handle and bot flag.
void FillProfileObject(Element activity, Element profile,
                       v1::NormalizedActivity* out) {
  v1::Object* object = out->mutable_object();
  const std::string_view id = json::StringField(profile, "id");
  object->set_id(std::string(id));
  object->set_type(std::string(json::TypeOf(profile)));
  object->set_name(std::string(json::StringField(profile, "name")));
  object->set_text(HtmlToText(json::StringField(profile, "summary")));
  const std::string_view url = json::IdOf(json::Field(profile, "url"));
  if (url != id) object->set_url(std::string(url));
  v1::Actor author;
  FillActor(profile, &author);
  if (!author.id().empty()) {
    if (out->actor().id().empty() || out->actor().id() == id) {
      *out->mutable_actor() = author;
    }
    *object->mutable_author() = std::move(author);
  }
  FillAddressing(activity, FollowersUrl(activity), object);
}

void FillFromEmbeddedObject(Element activity, Element object,
                            bool author_fallback, v1::NormalizedActivity* out) {
  if (object.type() != simdjson::dom::element_type::OBJECT) {
    FillObjectReference(activity, object, out);
    return;
  }
  if (IsActorType(json::TypeOf(object))) {
    FillProfileObject(activity, object, out);
    return;
  }
  ObjectContext context;
  context.activity = activity;
  context.fallback_author = author_fallback ? &out->actor() : nullptr;
  context.followers_url = FollowersUrl(activity);
  FillObject(object, context, out->mutable_object());
}

// The reaction of a Like (Misskey) or EmojiReact: `_misskey_reaction`, else
// `content`; custom emoji from the activity's tags go to object.emojis.
void FillReaction(Element activity, v1::NormalizedActivity* out) {
  std::string_view reaction = json::StringField(activity, "_misskey_reaction");
  if (reaction.empty()) reaction = json::StringField(activity, "content");
  out->set_reaction(std::string(reaction));
  FillTags(json::Field(activity, "tag"), out->mutable_object());
}

absl::Status FillActivity(Element activity, bool may_unwrap,
                          v1::NormalizedActivity* out);

void FillImplicitCreate(Element object, v1::NormalizedActivity* out);

// True when `object` (a post) belongs to the community `announcer`: its
// audience or one of its addressees is the announcer. Lemmy announces a
// community's posts this way (Announce(Page)) for microblog servers.
bool IsCommunityPost(std::string_view announcer, Element object) {
  if (announcer.empty()) return false;
  if (CommunityFromAudience(json::Field(object, "audience")) == announcer) {
    return true;
  }
  bool addressed = false;
  for (const char* key : {"to", "cc"}) {
    json::ForEach(json::Field(object, key), [&](Element member) {
      addressed = json::IdOf(member) == announcer;
      return !addressed;
    });
    if (addressed) return true;
  }
  return false;
}

absl::Status FillAnnounce(Element activity, Element object, bool may_unwrap,
                          v1::NormalizedActivity* out) {
  const bool embedded = object.type() == simdjson::dom::element_type::OBJECT;
  const std::string_view object_type = json::TypeOf(object);
  const bool wraps_activity = embedded && IsActivityType(object_type);
  if (may_unwrap && embedded &&
      ClassifyType(object_type) == TypeKind::kContentObject &&
      IsCommunityPost(out->actor().id(), object) &&
      !json::StringField(object, "id").empty()) {
    // A community announcing one of its posts directly: the post, as an
    // implicit Create by its author.
    const std::string announcer(json::StringField(activity, "id"));
    const std::string community = out->actor().id();
    const bool had_published = out->has_published();
    const google::protobuf::Timestamp outer_published = out->published();
    out->Clear();
    FillImplicitCreate(object, out);
    out->set_announced_by(announcer);
    if (!out->has_published() && had_published) {
      *out->mutable_published() = outer_published;
    }
    if (out->object().community().empty()) {
      out->mutable_object()->set_community(community);
    }
    return absl::OkStatus();
  }
  if (!wraps_activity || !may_unwrap) {
    // A boost: the announced post, by reference or embedded.
    FillFromEmbeddedObject(activity, object, /*author_fallback=*/false, out);
    return absl::OkStatus();
  }
  // A Lemmy/Mbin community announcing a member's activity: normalise the
  // inner activity; the community is the announcer.
  const std::string announcer(json::StringField(activity, "id"));
  const v1::Actor community = out->actor();
  const bool had_published = out->has_published();
  const google::protobuf::Timestamp outer_published = out->published();
  out->Clear();
  if (json::StringField(object, "id").empty()) {
    return InvalidArgument("activity_json.object.id: missing");
  }
  RETURN_IF_ERROR(FillActivity(object, /*may_unwrap=*/false, out));
  out->set_announced_by(announcer);
  if (!out->has_published() && had_published) {
    *out->mutable_published() = outer_published;
  }
  if (out->object().community().empty() && !community.id().empty()) {
    out->mutable_object()->set_community(community.id());
  }
  return absl::OkStatus();
}

// Undo/Accept/Reject: the wrapped activity, by reference or embedded.
void FillWrapped(Element activity, Element object,
                 v1::NormalizedActivity* out) {
  FillAddressing(activity, FollowersUrl(activity), out->mutable_object());
  if (object.type() != simdjson::dom::element_type::OBJECT) {
    out->set_inner_id(std::string(json::IdOf(object)));
    return;
  }
  const std::string_view inner_type = json::TypeOf(object);
  out->set_inner_type(std::string(inner_type));
  out->set_inner_id(std::string(json::StringField(object, "id")));
  const Element inner_object = json::Field(object, "object");
  out->mutable_object()->set_id(std::string(json::IdOf(inner_object)));
  if (inner_object.type() == simdjson::dom::element_type::OBJECT) {
    out->mutable_object()->set_type(std::string(json::TypeOf(inner_object)));
  }
  if (inner_type == "Follow" || inner_type == "Block") {
    out->set_target(out->object().id());
  } else if (inner_type == "EmojiReact" || inner_type == "Like") {
    std::string_view reaction = json::StringField(object, "_misskey_reaction");
    if (reaction.empty()) reaction = json::StringField(object, "content");
    out->set_reaction(std::string(reaction));
  }
}

void FillFlag(Element activity, Element object, v1::NormalizedActivity* out) {
  json::ForEach(object, [&](Element member) {
    if (static_cast<size_t>(out->reported_ids_size()) >= kMaxListEntries) {
      return false;
    }
    const std::string_view id = json::IdOf(member);
    if (!id.empty()) out->add_reported_ids(std::string(id));
    return true;
  });
  v1::Object* comment = out->mutable_object();
  comment->set_text(HtmlToText(json::StringField(activity, "content")));
  FillAddressing(activity, FollowersUrl(activity), comment);
}

absl::Status FillActivity(Element activity, bool may_unwrap,
                          v1::NormalizedActivity* out) {
  const std::string_view type = json::TypeOf(activity);
  out->set_id(std::string(json::StringField(activity, "id")));
  out->set_type(std::string(type));
  v1::Actor actor;
  FillActor(json::Field(activity, "actor"), &actor);
  if (!actor.id().empty()) *out->mutable_actor() = std::move(actor);
  google::protobuf::Timestamp published;
  if (json::ParseTimestamp(json::StringField(activity, "published"),
                           &published)) {
    *out->mutable_published() = published;
  }

  const Element object = json::Field(activity, "object");
  if (type == "Create" || type == "Update") {
    FillFromEmbeddedObject(activity, object, /*author_fallback=*/true, out);
  } else if (type == "Delete") {
    FillFromEmbeddedObject(activity, object, /*author_fallback=*/false, out);
    if (out->object().type().empty())
      out->mutable_object()->set_type("Tombstone");
  } else if (type == "Announce") {
    RETURN_IF_ERROR(FillAnnounce(activity, object, may_unwrap, out));
  } else if (type == "Like" || type == "EmojiReact" ||
             type == "EmojiReaction") {
    FillObjectReference(activity, object, out);
    FillReaction(activity, out);
  } else if (type == "Follow" || type == "Block") {
    FillObjectReference(activity, object, out);
    out->set_target(out->object().id());
  } else if (type == "Move") {
    FillObjectReference(activity, object, out);
    out->set_target(std::string(json::IdOf(json::Field(activity, "target"))));
  } else if (type == "Undo" || type == "Accept" || type == "Reject") {
    FillWrapped(activity, object, out);
  } else if (type == "Flag") {
    FillFlag(activity, object, out);
  } else {
    // Dislike and any other type: the object by reference, plus `target`.
    FillObjectReference(activity, object, out);
    out->set_target(std::string(json::IdOf(json::Field(activity, "target"))));
  }

  if (!out->has_published() && out->object().has_published()) {
    *out->mutable_published() = out->object().published();
  }
  return absl::OkStatus();
}

// A bare post with no activity around it, read as an implicit Create.
void FillImplicitCreate(Element object, v1::NormalizedActivity* out) {
  out->set_id(std::string(json::StringField(object, "id")));
  out->set_type("Create");
  ObjectContext context;
  FillObject(object, context, out->mutable_object());
  if (out->object().has_author())
    *out->mutable_actor() = out->object().author();
  if (out->object().has_published()) {
    *out->mutable_published() = out->object().published();
  }
}

absl::Status CheckIsActivity(Element root, std::string_view type) {
  switch (ClassifyType(type)) {
    case TypeKind::kActivity:
    case TypeKind::kContentObject:
      return absl::OkStatus();
    case TypeKind::kActor:
      return InvalidArgument(absl::StrCat("not an activity: document is a ",
                                          std::string(type), " actor"));
    case TypeKind::kCollection:
      return InvalidArgument(absl::StrCat("not an activity: document is a ",
                                          std::string(type), " collection"));
    case TypeKind::kOther:
      break;
  }
  // Unknown types that name an actor are activities (passed through).
  if (!json::IdOf(json::Field(root, "actor")).empty()) return absl::OkStatus();
  return InvalidArgument(absl::StrCat("not an activity: document is a ",
                                      std::string(type), " object"));
}

absl::StatusOr<v1::NormalizedActivity> NormalizeParsed(Element root) {
  if (root.type() != simdjson::dom::element_type::OBJECT) {
    return InvalidArgument("activity_json: not a JSON object");
  }
  const std::string_view type = json::TypeOf(root);
  if (type.empty()) {
    return InvalidArgument(json::IsNull(json::Field(root, "type"))
                               ? "activity_json.type: missing"
                               : "activity_json.type: not a string");
  }
  RETURN_IF_ERROR(CheckIsActivity(root, type));
  const Element id = json::Field(root, "id");
  // GoToSocial serialises some Deletes without an id. A Delete is keyed by
  // what it deletes, so it gets "<object id>#delete": re-deliveries dedupe.
  const bool synthesize_id = json::IsNull(id) && type == "Delete";
  if (json::IsNull(id) && !synthesize_id) {
    return InvalidArgument("activity_json.id: missing");
  }
  if (!synthesize_id && json::String(id).empty()) {
    return InvalidArgument("activity_json.id: not a non-empty string");
  }

  v1::NormalizedActivity result;
  if (ClassifyType(type) == TypeKind::kContentObject) {
    FillImplicitCreate(root, &result);
  } else {
    RETURN_IF_ERROR(FillActivity(root, /*may_unwrap=*/true, &result));
  }
  if (synthesize_id) {
    if (result.object().id().empty()) return InvalidArgument("activity_json.id: missing");
    result.set_id(result.object().id() + "#delete");
  }
  return result;
}

}  // namespace

absl::StatusOr<v1::NormalizedActivity> NormalizeActivity(
    std::string_view json, const NormalizeOptions& options) {
  if (IsBlank(json)) return InvalidArgument("activity_json: empty body");
  if (json.size() > options.max_bytes) {
    return InvalidArgument(absl::StrCat("activity_json: ", json.size(),
                                        " bytes exceeds max_bytes ",
                                        options.max_bytes));
  }
  const int max_depth = std::max(options.max_depth, 1);

  thread_local simdjson::dom::parser thread_parser;
  std::unique_ptr<simdjson::dom::parser> own_parser;
  simdjson::dom::parser* parser = &thread_parser;
  if (json.size() > kThreadParserMaxBytes) {
    own_parser = std::make_unique<simdjson::dom::parser>();
    parser = own_parser.get();
  }
  if (parser->max_depth() != static_cast<size_t>(max_depth) ||
      parser->capacity() < json.size()) {
    const simdjson::error_code error =
        parser->allocate(std::max(json.size(), kMinParserCapacity),
                         static_cast<size_t>(max_depth));
    if (error != simdjson::SUCCESS) return ParseError(error, max_depth);
  }
  Element root;
  const simdjson::error_code error =
      parser->parse(json.data(), json.size()).get(root);
  if (error != simdjson::SUCCESS) {
    if (error != simdjson::UTF8_ERROR &&
        NestingDepth(json, max_depth) > max_depth) {
      return ParseError(simdjson::DEPTH_ERROR, max_depth);
    }
    return ParseError(error, max_depth);
  }
  return NormalizeParsed(root);
}

}  // namespace harrier
