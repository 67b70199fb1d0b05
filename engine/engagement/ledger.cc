// Copyright 2026 The Harrier Authors.
#include "engine/engagement/ledger.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/engagement/engagement_counts.h"
#include "engine/engagement/ledger_keys.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "harrier/storage/records.pb.h"

namespace harrier {
namespace {

using engagement_counts::AddToCounts;
using engagement_counts::IsZero;
using engagement_counts::ParseSharedCounts;

using storage::EdgeRecord;
using storage::EngagementRecord;
using storage::ObjectRecord;

using engagement_counts::kBoost;
using engagement_counts::kDislike;
using engagement_counts::kLike;
using engagement_counts::kQuote;
using engagement_counts::kReactPrefix;
using engagement_counts::kReply;

bool IsActorType(absl::string_view type) {
  return type == "Person" || type == "Service" || type == "Application" ||
         type == "Group" || type == "Organization";
}

// Edge kinds that an activity of `type` creates for its actor.
std::vector<std::string> EdgeKinds(absl::string_view type, absl::string_view reaction) {
  std::vector<std::string> kinds;
  if (type == "Like") kinds.emplace_back(kLike);
  if (type == "Announce") kinds.emplace_back(kBoost);
  if (type == "Dislike") kinds.emplace_back(kDislike);
  if ((type == "Like" || type == "EmojiReact") && !reaction.empty()) {
    kinds.push_back(absl::StrCat(kReactPrefix, reaction));
  }
  return kinds;
}

// The edges `activity` creates when applied (those it finds already there
// stay another activity's): a reply or quote for a Create/Update of an
// object, else one per kind of EdgeKinds on its object by its actor.
std::vector<std::string> EdgeKeysOf(absl::string_view instance,
                                    const v1::NormalizedActivity& activity) {
  std::vector<std::string> keys;
  const v1::Object& object = activity.object();
  if (activity.type() == "Create" || activity.type() == "Update") {
    if (object.id().empty()) return keys;
    if (!object.in_reply_to().empty()) {
      keys.push_back(ledger_keys::Edge(instance, object.in_reply_to(), kReply, object.id()));
    }
    if (!object.quote_of().empty()) {
      keys.push_back(ledger_keys::Edge(instance, object.quote_of(), kQuote, object.id()));
    }
    return keys;
  }
  if (object.id().empty() || activity.actor().id().empty()) return keys;
  for (const std::string& kind : EdgeKinds(activity.type(), activity.reaction())) {
    keys.push_back(ledger_keys::Edge(instance, object.id(), kind, activity.actor().id()));
  }
  return keys;
}

}  // namespace

// Reads through and stages the writes of one Apply, so that repeated updates
// of one record within an activity see each other.
class Ledger::Transaction {
 public:
  Transaction(Store* store, MarkerIndex* markers, const CountsCache* cache,
              absl::string_view instance, int64_t now_micros, bool hidden,
              Prefetched* prefetched)
      : store_(store),
        markers_(markers),
        cache_(cache),
        instance_(instance),
        counts_prefix_(ledger_keys::Counts(instance, "")),
        now_micros_(now_micros),
        hidden_(hidden) {
    if (prefetched != nullptr) read_ = std::move(*prefetched);
  }

  absl::StatusOr<std::optional<std::string>> Read(Family family,
                                                  const std::string& key) {
    std::pair<int, std::string> id(static_cast<int>(family), key);
    auto it = staged_.find(id);
    if (it != staged_.end()) return it->second;
    auto read = read_.find(id);
    if (read != read_.end()) return read->second;
    absl::StatusOr<std::string> value = store_->Get(family, key);
    std::optional<std::string> result;
    if (value.ok()) {
      result = *std::move(value);
    } else if (!absl::IsNotFound(value.status())) {
      return value.status();
    }
    read_.emplace(std::move(id), result);
    return result;
  }

  template <typename Message>
  absl::StatusOr<std::optional<Message>> ReadMessage(Family family,
                                                     const std::string& key) {
    ASSIGN_OR_RETURN(std::optional<std::string> bytes, Read(family, key));
    if (!bytes.has_value()) return std::optional<Message>();
    Message message;
    if (!message.ParseFromString(*bytes)) {
      return absl::DataLossError(absl::StrCat("corrupt record in ",
                                              std::string(FamilyName(family))));
    }
    return std::optional<Message>(std::move(message));
  }

  void Put(Family family, const std::string& key, std::string value) {
    Stage(family, key, std::move(value));
  }
  void Delete(Family family, const std::string& key) {
    Stage(family, key, std::nullopt);
  }

  const std::vector<std::string>& counted() const { return counted_; }

  // With `cached`, counts records go there (a deleted object's also into
  // `batch`: no recount could restore the deletion); without, into `batch`,
  // serialised. The transaction's last use: the staged values move out.
  void FlushInto(Store::Batch* batch, CountsToCache* cached) {
    for (const std::string& key : counts_order_) {
      CountsCache::Value& value = counts_.find(key)->second.value;
      if (cached == nullptr || durable_.contains(key)) {
        if (value != nullptr) {
          batch->Put(Family::kEngagement, key, value->SerializeAsString());
        } else {
          batch->Delete(Family::kEngagement, key);
        }
      }
      if (cached != nullptr) {
        cached->push_back({key.substr(counts_prefix_.size()), key, std::move(value)});
      }
    }
    for (const std::pair<int, std::string>& id : order_) {
      const auto& [family, key] = id;
      std::optional<std::string>& value = staged_.find(id)->second;
      if (value.has_value()) {
        batch->Put(static_cast<Family>(family), key, std::move(*value));
      } else {
        batch->Delete(static_cast<Family>(family), key);
      }
    }
  }

  // --- The ledger's operations. ---

  absl::Status UpsertObject(const v1::NormalizedActivity& activity, bool is_create,
                            bool* new_object) {
    const v1::Object& object = activity.object();
    const std::string key = ledger_keys::Object(instance_, object.id());
    ASSIGN_OR_RETURN(std::optional<ObjectRecord> existing,
                     ReadMessage<ObjectRecord>(Family::kObjects, key));
    *new_object = !existing.has_value();
    if (existing.has_value() && existing->deleted()) return absl::OkStatus();
    // What the ledger reads of the object; the whole object is in the
    // activity's record (GetObject).
    ObjectRecord record;
    v1::Object* kept = record.mutable_object();
    kept->set_id(object.id());
    kept->set_type(object.type());
    *kept->mutable_author() = object.author().id().empty() ? activity.actor() : object.author();
    kept->set_in_reply_to(object.in_reply_to());
    kept->set_quote_of(object.quote_of());
    record.set_object_in_activity(true);
    record.set_activity_id(activity.id());
    record.set_ingest_time_unix_micros(existing.has_value()
                                           ? existing->ingest_time_unix_micros()
                                           : now_micros_);
    record.set_hidden(existing.has_value() ? existing->hidden() : hidden_);
    const v1::Actor& author = record.object().author();
    Put(Family::kObjects, key, record.SerializeAsString());
    if (!author.id().empty()) {
      Put(Family::kObjects, ledger_keys::AuthorIndex(instance_, author.id(), object.id()), "");
    }
    (void)is_create;  // Replies and quotes count once whichever arrives first.
    if (!object.in_reply_to().empty()) {
      RETURN_IF_ERROR(AddEdge(activity.id(), object.in_reply_to(), kReply, object.id(),
                              author.host()));
    }
    if (!object.quote_of().empty()) {
      RETURN_IF_ERROR(AddEdge(activity.id(), object.quote_of(), kQuote, object.id(),
                              author.host()));
    }
    return absl::OkStatus();
  }

  absl::Status AddEdge(absl::string_view activity_id, absl::string_view object_id,
                       absl::string_view kind, absl::string_view who,
                       absl::string_view host) {
    if (object_id.empty() || who.empty()) return absl::OkStatus();
    ASSIGN_OR_RETURN(bool undone, UndoneBeforeArrival(activity_id));
    if (undone) return absl::OkStatus();
    // Deleted: the counts record says so; an object without counts may
    // carry an older database's marker.
    ASSIGN_OR_RETURN(CountsCache::Value counts,
                     Counts(ledger_keys::Counts(instance_, object_id)));
    if (counts != nullptr && counts->deleted()) return absl::OkStatus();
    if (counts == nullptr) {
      ASSIGN_OR_RETURN(bool deleted, DeletedInOlderDatabase(object_id));
      if (deleted) return absl::OkStatus();
    }

    const std::string edge_key = ledger_keys::Edge(instance_, object_id, kind, who);
    ASSIGN_OR_RETURN(std::optional<std::string> existing,
                     Read(Family::kEngagement, edge_key));
    if (existing.has_value()) return absl::OkStatus();  // Counted already.
    EdgeRecord edge;
    edge.set_host(std::string(host));
    edge.set_activity_id(std::string(activity_id));
    Put(Family::kEngagement, edge_key, edge.SerializeAsString());
    RETURN_IF_ERROR(Count(object_id, kind, host, +1));

    return absl::OkStatus();
  }

  // Removes the edge (and its count); with `created_by`, only if that
  // activity created it. True when it removed one.
  absl::StatusOr<bool> RemoveEdge(const std::string& edge_key,
                                  absl::string_view created_by = {}) {
    ASSIGN_OR_RETURN(std::optional<EdgeRecord> edge,
                     ReadMessage<EdgeRecord>(Family::kEngagement, edge_key));
    if (!edge.has_value()) return false;
    if (!created_by.empty() && edge->activity_id() != created_by) return false;
    // <instance> 0 e 0 <object> 0 <kind> 0 <who>
    std::vector<absl::string_view> parts = absl::StrSplit(edge_key, keys::kSeparator);
    if (parts.size() < 5) return absl::DataLossError("malformed edge key");
    Delete(Family::kEngagement, edge_key);
    RETURN_IF_ERROR(Count(parts[2], parts[3], edge->host(), -1));
    return true;
  }

  absl::Status Undo(const v1::NormalizedActivity& activity,
                    const v1::NormalizedActivity* undone) {
    const std::string& inner_id = activity.inner_id();
    bool removed = false;
    if (!inner_id.empty() && undone != nullptr) {
      // The undone activity as stored: the edges it would have created,
      // removed where it did create them.
      for (const std::string& edge_key : EdgeKeysOf(instance_, *undone)) {
        ASSIGN_OR_RETURN(bool gone, RemoveEdge(edge_key, inner_id));
        removed = removed || gone;
      }
    }
    if (!removed && !activity.object().id().empty()) {
      // The undone activity is unknown by id (or counted nothing: a second
      // Like of the same post), but the Undo says what it was: "unlike".
      for (const std::string& kind : EdgeKinds(activity.inner_type(), activity.reaction())) {
        RETURN_IF_ERROR(
            RemoveEdge(ledger_keys::Edge(instance_, activity.object().id(), kind, activity.actor().id()))
                .status());
      }
    }
    if (!removed && !inner_id.empty() && undone == nullptr) {
      // Undo before the activity: remember, so it never counts.
      RETURN_IF_ERROR(markers_->AddUndone(instance_, inner_id));
      Put(Family::kEngagement, ledger_keys::Undone(instance_, inner_id), activity.id());
    }
    return absl::OkStatus();
  }

  absl::Status DeleteObject(absl::string_view object_id) {
    const std::string key = ledger_keys::Object(instance_, object_id);
    ASSIGN_OR_RETURN(std::optional<ObjectRecord> existing,
                     ReadMessage<ObjectRecord>(Family::kObjects, key));
    if (existing.has_value() && existing->deleted()) return absl::OkStatus();
    if (existing.has_value()) {
      const v1::Object& object = existing->object();
      if (!object.in_reply_to().empty()) {
        RETURN_IF_ERROR(
            RemoveEdge(ledger_keys::Edge(instance_, object.in_reply_to(), kReply, object_id)).status());
      }
      if (!object.quote_of().empty()) {
        RETURN_IF_ERROR(
            RemoveEdge(ledger_keys::Edge(instance_, object.quote_of(), kQuote, object_id)).status());
      }
      if (!object.author().id().empty()) {
        Delete(Family::kObjects, ledger_keys::AuthorIndex(instance_, object.author().id(), object_id));
      }
    }
    // Engagement on the object goes with it.
    const std::string prefix = ledger_keys::EdgePrefix(instance_, object_id);
    std::unique_ptr<rocksdb::Iterator> it = store_->NewIterator(Family::kEngagement, prefix);
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      Delete(Family::kEngagement, it->key().ToString());
    }
    RETURN_IF_ERROR(FromRocksDb(it->status()));
    auto gone = std::make_shared<EngagementRecord>();
    gone->set_deleted(true);
    const std::string counts_key = ledger_keys::Counts(instance_, object_id);
    StageCounts(counts_key, std::move(gone));
    durable_.insert(counts_key);
    ObjectRecord tombstone;
    tombstone.set_deleted(true);
    tombstone.set_ingest_time_unix_micros(now_micros_);
    Put(Family::kObjects, key, tombstone.SerializeAsString());
    return absl::OkStatus();
  }

  absl::Status DeleteActor(absl::string_view actor_id) {
    const std::string prefix = ledger_keys::AuthorPrefix(instance_, actor_id);
    std::vector<std::string> objects;
    std::unique_ptr<rocksdb::Iterator> it = store_->NewIterator(Family::kObjects, prefix);
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      objects.push_back(it->key().ToString().substr(prefix.size()));
    }
    RETURN_IF_ERROR(FromRocksDb(it->status()));
    for (const std::string& object_id : objects) {
      RETURN_IF_ERROR(DeleteObject(object_id));
    }
    return absl::OkStatus();
  }

 private:
  // Whether an Undo of `activity_id` came before it. The marker index knows
  // when there can be no marker (nearly always), sparing the read.
  absl::StatusOr<bool> UndoneBeforeArrival(absl::string_view activity_id) {
    ASSIGN_OR_RETURN(bool may_be, markers_->MayBeUndone(instance_, activity_id));
    if (!may_be) return false;
    ASSIGN_OR_RETURN(std::optional<std::string> marker,
                     Read(Family::kEngagement, ledger_keys::Undone(instance_, activity_id)));
    return marker.has_value();
  }

  // Whether an older database marked the object deleted with its own key
  // (read only in instances that hold such markers at all).
  absl::StatusOr<bool> DeletedInOlderDatabase(absl::string_view object_id) {
    ASSIGN_OR_RETURN(bool any, markers_->HasLegacyDeleted(instance_));
    if (!any) return false;
    ASSIGN_OR_RETURN(std::optional<std::string> marker,
                     Read(Family::kEngagement, ledger_keys::Deleted(instance_, object_id)));
    return marker.has_value();
  }

  void Stage(Family family, const std::string& key, std::optional<std::string> value) {
    std::pair<int, std::string> id(static_cast<int>(family), key);
    auto [it, inserted] = staged_.try_emplace(id, std::move(value));
    if (!inserted) {
      it->second = std::move(value);
    } else {
      order_.push_back(std::move(id));
    }
  }

  absl::Status Count(absl::string_view object_id, absl::string_view kind,
                     absl::string_view host, int64_t delta) {
    std::string id(object_id);
    if (std::find(counted_.begin(), counted_.end(), id) == counted_.end()) {
      counted_.push_back(id);
    }
    const std::string key = ledger_keys::Counts(instance_, object_id);
    ASSIGN_OR_RETURN(CountsCache::Value existing, Counts(key));
    if (existing != nullptr && existing->deleted()) return absl::OkStatus();
    // A new record: the one read may be shared with the cache and its
    // readers.
    auto record = existing != nullptr ? std::make_shared<EngagementRecord>(*existing)
                                      : std::make_shared<EngagementRecord>();
    AddToCounts(kind, delta, record->mutable_total());
    std::string host_key(host.empty() ? engagement_counts::kUnknownHost : host);
    v1::EngagementCounts& by_host = (*record->mutable_by_host())[host_key];
    AddToCounts(kind, delta, &by_host);
    if (IsZero(by_host)) record->mutable_by_host()->erase(host_key);
    if (IsZero(record->total()) && record->by_host().empty()) record.reset();
    StageCounts(key, std::move(record));
    return absl::OkStatus();
  }

  // An object's counts record (ledger_keys::Counts key) as this
  // transaction sees it: staged, else in memory (newer than the store's and
  // than anything read ahead), else read ahead, else stored. Null when
  // there is none.
  absl::StatusOr<CountsCache::Value> Counts(const std::string& key) {
    if (auto it = counts_.find(key); it != counts_.end()) return it->second.value;
    CountsCache::Value value;
    if (std::optional<CountsCache::Value> cached = cache_->Get(key); cached.has_value()) {
      value = *std::move(cached);
    } else {
      absl::StatusOr<std::string> bytes;
      if (auto read = read_.find({static_cast<int>(Family::kEngagement), key});
          read != read_.end()) {
        if (read->second.has_value()) {
          bytes = std::move(*read->second);
        } else {
          bytes = absl::NotFoundError("counts");
        }
        read_.erase(read);
      } else {
        bytes = store_->Get(Family::kEngagement, key);
      }
      ASSIGN_OR_RETURN(value, ParseSharedCounts(bytes));
    }
    counts_.emplace(key, CountsState{value, /*staged=*/false});
    return value;
  }

  void StageCounts(const std::string& key, CountsCache::Value value) {
    CountsState& state = counts_[key];
    if (!state.staged) counts_order_.push_back(key);
    state = {std::move(value), /*staged=*/true};
  }

  Store* const store_;
  MarkerIndex* const markers_;
  const CountsCache* const cache_;
  const std::string instance_;
  const std::string counts_prefix_;
  // Counts keys written to the store even when cached (deletions).
  absl::flat_hash_set<std::string> durable_;
  const int64_t now_micros_;
  const bool hidden_;
  // Objects whose counts this transaction changed, in order.
  std::vector<std::string> counted_;
  absl::flat_hash_map<std::pair<int, std::string>, std::optional<std::string>> staged_;
  // Counts records as read (staged: false) or written, parsed, by key; those
  // written in `counts_order_`.
  struct CountsState {
    CountsCache::Value value;
    bool staged = false;
  };
  absl::flat_hash_map<std::string, CountsState> counts_;
  std::vector<std::string> counts_order_;
  // What the store held when first read (absent: nullopt).
  Prefetched read_;
  std::vector<std::pair<int, std::string>> order_;
};

void Ledger::ReadAheadKeys(absl::string_view instance, const v1::NormalizedActivity& activity,
                           std::vector<ReadAhead>* out) {
  const std::string& type = activity.type();
  const v1::Object& object = activity.object();
  if (object.id().empty()) return;
  auto edge = [&](const std::string& object_id, absl::string_view kind, const std::string& who) {
    if (object_id.empty() || who.empty()) return;
    out->push_back({Family::kEngagement, ledger_keys::Counts(instance, object_id), object_id});
    out->push_back(
        {Family::kEngagement, ledger_keys::Edge(instance, object_id, kind, who), object_id});
  };
  if (type == "Create" || type == "Update") {
    if (object.type().empty() || IsActorType(object.type())) return;
    out->push_back({Family::kObjects, ledger_keys::Object(instance, object.id()), object.id()});
    edge(object.in_reply_to(), kReply, object.id());
    edge(object.quote_of(), kQuote, object.id());
    return;
  }
  if (type == "Delete") return;
  // An Undo that says what it undoes (Mastodon's embed the Like): the edge
  // it removes is the actor's of that kind on the object, as the undone
  // activity's own keys would name it.
  for (const std::string& kind :
       EdgeKinds(type == "Undo" ? activity.inner_type() : type, activity.reaction())) {
    edge(object.id(), kind, activity.actor().id());
  }
}

std::vector<std::string> Ledger::LockKeys(const v1::NormalizedActivity& activity) {
  std::vector<std::string> keys;
  auto add = [&keys](const std::string& id) {
    if (!id.empty()) keys.push_back(id);
  };
  add(activity.object().id());
  add(activity.object().in_reply_to());
  add(activity.object().quote_of());
  return keys;
}

bool Ledger::ChangesUnlistedObjects(const v1::NormalizedActivity& activity) {
  const v1::Object& object = activity.object();
  return activity.type() == "Delete" && !object.id().empty() &&
         (object.id() == activity.actor().id() || IsActorType(object.type()));
}

absl::StatusOr<std::vector<std::string>> Ledger::ObjectsTouched(
    absl::string_view instance, const v1::NormalizedActivity& activity,
    const v1::NormalizedActivity* undone) const {
  std::vector<std::string> ids = LockKeys(activity);
  auto add = [&ids](absl::string_view id) {
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      ids.emplace_back(id);
    }
  };
  if (activity.type() == "Undo" && undone != nullptr) {
    for (const std::string& edge_key : EdgeKeysOf(instance, *undone)) {
      // <instance> 0 e 0 <object> 0 <kind> 0 <who>
      std::vector<absl::string_view> parts = absl::StrSplit(edge_key, keys::kSeparator);
      if (parts.size() >= 5) add(parts[2]);
    }
  }
  if (activity.type() == "Delete" && !activity.object().id().empty()) {
    absl::StatusOr<std::string> bytes =
        store_->Get(Family::kObjects, ledger_keys::Object(instance, activity.object().id()));
    if (bytes.ok()) {
      ObjectRecord record;
      if (!record.ParseFromString(*bytes)) return absl::DataLossError("corrupt object record");
      add(record.object().in_reply_to());
      add(record.object().quote_of());
    } else if (!absl::IsNotFound(bytes.status())) {
      return bytes.status();
    }
  }
  return ids;
}

absl::Status Ledger::Apply(absl::string_view instance,
                           const v1::NormalizedActivity& activity,
                           int64_t now_micros, bool hidden, Store::Batch* batch,
                           std::vector<std::string>* changed,
                           const v1::NormalizedActivity* undone, bool* new_object,
                           Prefetched* prefetched, CountsToCache* cached) {
  Transaction txn(store_, &markers_, &cache_, instance, now_micros, hidden, prefetched);
  bool created = false;
  const std::string& type = activity.type();
  const v1::Object& object = activity.object();
  if (type == "Create" || type == "Update") {
    // Only objects (not Update of an actor profile) are stored.
    if (!object.id().empty() && !object.type().empty() && !IsActorType(object.type())) {
      RETURN_IF_ERROR(txn.UpsertObject(activity, type == "Create", &created));
    }
  } else if (type == "Undo") {
    RETURN_IF_ERROR(txn.Undo(activity, undone));
  } else if (type == "Delete") {
    if (!object.id().empty() &&
        (object.id() == activity.actor().id() || IsActorType(object.type()))) {
      RETURN_IF_ERROR(txn.DeleteActor(object.id()));
    } else if (!object.id().empty()) {
      RETURN_IF_ERROR(txn.DeleteObject(object.id()));
    }
  } else {
    for (const std::string& kind : EdgeKinds(type, activity.reaction())) {
      RETURN_IF_ERROR(txn.AddEdge(activity.id(), object.id(), kind,
                                  activity.actor().id(), activity.actor().host()));
    }
  }
  if (changed != nullptr) {
    // The activity's own objects, then any other object whose counts changed
    // (an Undo known only by the undone activity's id names no object).
    *changed = LockKeys(activity);
    for (const std::string& id : txn.counted()) {
      if (std::find(changed->begin(), changed->end(), id) == changed->end()) {
        changed->push_back(id);
      }
    }
  }
  txn.FlushInto(batch, cached);
  if (new_object != nullptr) *new_object = created;
  return absl::OkStatus();
}

absl::Status Ledger::SetHidden(absl::string_view instance, absl::string_view object_id,
                              bool hidden, Store::Batch* batch) {
  const std::string key = ledger_keys::Object(instance, object_id);
  absl::StatusOr<std::string> bytes = store_->Get(Family::kObjects, key);
  if (!bytes.ok()) return bytes.status();
  ObjectRecord record;
  if (!record.ParseFromString(*bytes)) return absl::DataLossError("corrupt object record");
  if (record.deleted()) return absl::NotFoundError("object_id: object was deleted");
  record.set_hidden(hidden);
  batch->Put(Family::kObjects, key, record.SerializeAsString());
  return absl::OkStatus();
}

absl::StatusOr<v1::StoredObject> Ledger::GetObject(absl::string_view instance,
                                                   absl::string_view object_id,
                                                   std::string* object_activity) const {
  if (object_activity != nullptr) object_activity->clear();
  absl::StatusOr<std::string> bytes =
      store_->Get(Family::kObjects, ledger_keys::Object(instance, object_id));
  ObjectRecord record;
  if (bytes.ok() && !record.ParseFromString(*bytes)) {
    return absl::DataLossError("corrupt object record");
  }
  if (absl::IsNotFound(bytes.status()) || (bytes.ok() && record.deleted())) {
    return absl::NotFoundError(absl::StrCat("object_id: no object '", object_id,
                                            "' in instance '", instance, "'"));
  }
  if (!bytes.ok()) return bytes.status();
  v1::StoredObject stored;
  if (record.object_in_activity() && object_activity != nullptr) {
    *object_activity = record.activity_id();
  }
  *stored.mutable_object() = std::move(*record.mutable_object());
  stored.set_hidden(record.hidden());
  ASSIGN_OR_RETURN(EngagementRecord engagement, GetEngagement(instance, object_id));
  if (engagement.has_total()) *stored.mutable_engagement() = engagement.total();
  for (const auto& [host, host_counts] : engagement.by_host()) {
    (*stored.mutable_engagement_by_host())[host] = host_counts;
  }
  return stored;
}

}  // namespace harrier
