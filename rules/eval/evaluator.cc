// Copyright 2026 The Harrier Authors.
#include "rules/eval/evaluator.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/repeated_field.h"
#include "rules/checker/schema.h"

namespace harrier::rules {

EvalScratch::EvalScratch(const Program& p) : program(&p) {
  texts.resize(p.databases.size());
  matches.resize(p.databases.size());
  hs.resize(p.databases.size(), nullptr);
  for (size_t i = 0; i < p.databases.size(); ++i) {
    if (p.databases[i].db != nullptr) hs[i] = p.databases[i].db->AllocScratch();
  }
  pred_stamp.assign(p.predicates.size(), 0);
  pred_hit.resize(p.predicates.size());
}

EvalScratch::~EvalScratch() {
  for (hs_scratch* s : hs) PatternDatabase::FreeScratch(s);
}

namespace {

using google::protobuf::RepeatedPtrField;

struct Value {
  enum class Kind : uint8_t { kNull, kBool, kNumber, kInt, kString, kList, kElem };
  Kind kind = Kind::kNull;
  bool b = false;
  int64_t i = 0;
  double f = 0;  // numbers, durations and timestamps (seconds)
  std::string_view s;
  const void* ptr = nullptr;  // kList: repeated field; kElem: message
  Type type = Type::kError;   // list / element type
  const Expr* list_lit = nullptr;

  static Value Bool(bool v) {
    Value x;
    x.kind = Kind::kBool;
    x.b = v;
    return x;
  }
  static Value Int(int64_t v) {
    Value x;
    x.kind = Kind::kInt;
    x.i = v;
    x.f = static_cast<double>(v);
    return x;
  }
  static Value Num(double v) {
    Value x;
    x.kind = Kind::kNumber;
    x.f = v;
    return x;
  }
  static Value Str(std::string_view v) {
    Value x;
    x.kind = Kind::kString;
    x.s = v;
    return x;
  }
  static Value List(const void* p, Type t) {
    Value x;
    x.kind = Kind::kList;
    x.ptr = p;
    x.type = t;
    return x;
  }
  bool null() const { return kind == Kind::kNull; }
  double num() const { return kind == Kind::kInt ? static_cast<double>(i) : f; }
};

std::string_view HostOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  size_t at = url.find('@');
  size_t end = url.find_first_of("/?#");
  if (at != std::string_view::npos && at < end) {
    url.remove_prefix(at + 1);
    end = url.find_first_of("/?#");
  }
  url = url.substr(0, end);
  size_t colon = url.find(':');
  return url.substr(0, colon);
}

double ToSeconds(const google::protobuf::Timestamp& t) {
  return static_cast<double>(t.seconds()) + t.nanos() * 1e-9;
}

bool EqualFold(std::string_view a, std::string_view b) {
  return absl::EqualsIgnoreCase(absl::string_view(a.data(), a.size()),
                                absl::string_view(b.data(), b.size()));
}

bool DomainCovers(std::string_view host, std::string_view entry) {
  std::string h = CanonicalDomain(host), e = CanonicalDomain(entry);
  bool wildcard = absl::StartsWith(e, "*.");
  if (wildcard) e = e.substr(2);
  if (h == e) return !wildcard;
  return absl::EndsWith(h, absl::StrCat(".", e));
}

// What made a rule match: filled while evaluating, turned into the
// Explanation proto only for rules that match.
struct MatchInfo {
  bool set = false;
  std::string entry;
  const std::string* reason = nullptr;
  std::string_view field;
  int64_t start = 0;
  int64_t end = 0;

  void Fill(v1::Explanation* e) const {
    if (!set) return;
    e->set_matched_entry(entry);
    if (reason != nullptr) e->set_matched_reason(*reason);
    e->set_field(std::string(field));
    e->set_span_start(start);
    e->set_span_end(end);
  }
};

class Run {
 public:
  Run(const Program& p, const v1::NormalizedActivity& a, absl::Time now,
      const EvalOptions& o, EvalScratch& s)
      : p_(p), a_(a), now_(absl::ToDoubleSeconds(now - absl::UnixEpoch())),
        opts_(o), s_(s) {
    object_host_ = HostOf(a.object().id());
    in_reply_to_host_ = HostOf(a.object().in_reply_to());
    quote_of_host_ = HostOf(a.object().quote_of());
  }

  void ScanTexts() {
    s_.hit_predicates.clear();
    ++s_.gen;
    if (s_.gen == 0) {
      std::fill(s_.pred_stamp.begin(), s_.pred_stamp.end(), 0);
      s_.gen = 1;
    }
    for (size_t d = 0; d < p_.databases.size(); ++d) {
      const TextDatabase& db = p_.databases[d];
      Value v = FieldValue(db.field);
      NormalizedText& text = s_.texts[d];
      NormalizeText(v.s, db.mode, &text, /*with_offsets=*/false);
      MatchSet& m = s_.matches[d];
      m.Reset(db.db->size());
      if (opts_.naive_matching) {
        db.db->ScanNaive(text.text, &m);
      } else {
        db.db->Scan(text.text, s_.hs[d], &m);
      }
      for (int id : m.matched_ids()) {
        for (const PatternUse& use : db.uses[id]) {
          const TextPredicate& pred = p_.predicates[use.predicate];
          if (pred.word && !m.matched_word(id)) continue;
          if (s_.pred_stamp[use.predicate] == s_.gen) continue;
          s_.pred_stamp[use.predicate] = s_.gen;
          s_.hit_predicates.push_back(use.predicate);
          s_.pred_hit[use.predicate] = {
              static_cast<int>(d), use.entry,
              pred.word ? m.word_span(id) : m.span(id)};
        }
      }
    }
  }

  // False when a text predicate the rule requires found nothing: the rule
  // cannot match (most rules of a large set, most of the time).
  bool MayMatch(const CompiledRule& r) const {
    for (int pred : r.required_predicates) {
      if (s_.pred_stamp[pred] != s_.gen) return false;
    }
    return true;
  }

  bool RuleMatches(const CompiledRule& r, MatchInfo* info,
                   std::vector<v1::Action>* actions) {
    expl_ = info;
    if (r.blocklist >= 0) {
      int entry = p_.lists[r.blocklist]->MatchDomain(a_.actor().host());
      if (entry < 0) return false;
      const ListEntry& le = p_.checked.lists[r.blocklist].entries()[entry];
      Explain(le, "actor.host");
      *actions = r.entry_actions[entry];
      return true;
    }
    for (int pred : r.required_predicates) {
      if (s_.pred_stamp[pred] != s_.gen) return false;
    }
    Value v = Eval(*r.when);
    if (v.kind != Value::Kind::kBool || !v.b) return false;
    *actions = r.actions;
    return true;
  }

  std::string Describe(const CompiledRule& r) {
    if (r.description == nullptr || r.description->empty()) {
      return r.description_text;
    }
    MatchInfo ignored;
    expl_ = &ignored;
    std::string out;
    for (const TemplatePart& part : *r.description) {
      if (part.expr == nullptr) {
        out += part.literal;
        continue;
      }
      Value v = Eval(*part.expr);
      out += Format(v, part.expr->type);
    }
    return out;
  }

 private:
  static std::string Format(const Value& v, Type t) {
    switch (v.kind) {
      case Value::Kind::kNull: return "unknown";
      case Value::Kind::kBool: return v.b ? "true" : "false";
      case Value::Kind::kInt: return absl::StrCat(v.i);
      case Value::Kind::kString: return std::string(v.s);
      case Value::Kind::kNumber:
        if (t == Type::kDuration) {
          return absl::FormatDuration(absl::Seconds(std::floor(v.f)));
        }
        if (t == Type::kTimestamp) {
          return absl::FormatTime(absl::RFC3339_sec,
                                  absl::FromUnixSeconds(static_cast<int64_t>(v.f)),
                                  absl::UTCTimeZone());
        }
        return absl::StrFormat("%g", v.f);
      default: return "";
    }
  }

  Value FieldValue(Field f) {
    const v1::Actor& actor = a_.actor();
    const v1::Object& obj = a_.object();
    const v1::ServerHints& h = a_.hints();
    switch (f) {
      case Field::kActivityType: return Value::Str(a_.type());
      case Field::kActivityId: return Value::Str(a_.id());
      case Field::kActivityReaction: return Value::Str(a_.reaction());
      case Field::kActivityInnerType: return Value::Str(a_.inner_type());
      case Field::kActivityTarget: return Value::Str(a_.target());
      case Field::kActorId: return Value::Str(actor.id());
      case Field::kActorHost: return Value::Str(actor.host());
      case Field::kActorHandle: return Value::Str(actor.handle());
      case Field::kActorType: return Value::Str(actor.type());
      case Field::kActorBot: return Value::Bool(actor.bot());
      case Field::kActorAge:
        if (!h.has_actor_created_at()) return Value();
        return Value::Num(now_ - ToSeconds(h.actor_created_at()));
      case Field::kActorFollowers:
        return h.has_actor_followers() ? Value::Int(h.actor_followers()) : Value();
      case Field::kActorFollowing:
        return h.has_actor_following() ? Value::Int(h.actor_following()) : Value();
      case Field::kActorPosts:
        return h.has_actor_posts() ? Value::Int(h.actor_posts()) : Value();
      case Field::kActorFollowedLocally: return Value::Bool(h.followed_locally());
      case Field::kActorLocal: return Value::Bool(h.actor_local());
      case Field::kObjectId: return Value::Str(obj.id());
      case Field::kObjectText: return Value::Str(obj.text());
      case Field::kObjectSummary: return Value::Str(obj.summary());
      case Field::kObjectName: return Value::Str(obj.name());
      case Field::kObjectType: return Value::Str(obj.type());
      case Field::kObjectLanguage: return Value::Str(obj.language());
      case Field::kObjectSensitive: return Value::Bool(obj.sensitive());
      case Field::kObjectVisibility:
        switch (obj.visibility()) {
          case v1::VISIBILITY_PUBLIC: return Value::Str("public");
          case v1::VISIBILITY_UNLISTED: return Value::Str("unlisted");
          case v1::VISIBILITY_FOLLOWERS: return Value::Str("followers");
          case v1::VISIBILITY_DIRECT: return Value::Str("direct");
          default: return Value::Str("");
        }
      case Field::kObjectHashtags:
        return Value::List(&obj.hashtags(), Type::kListString);
      case Field::kObjectMentions:
        return Value::List(&obj.mentions(), Type::kListMention);
      case Field::kObjectLinks: return Value::List(&obj.links(), Type::kListLink);
      case Field::kObjectAttachments:
        return Value::List(&obj.attachments(), Type::kListAttachment);
      case Field::kObjectRecipients:
        return Value::List(&obj.recipients(), Type::kListString);
      case Field::kObjectHasMedia: return Value::Bool(obj.attachments_size() > 0);
      case Field::kObjectAge:
        if (!obj.has_published()) return Value();
        return Value::Num(now_ - ToSeconds(obj.published()));
      case Field::kObjectInReplyTo: return Value::Str(obj.in_reply_to());
      case Field::kObjectQuoteOf: return Value::Str(obj.quote_of());
      case Field::kObjectCommunity: return Value::Str(obj.community());
      case Field::kObjectHost: return Value::Str(object_host_);
      case Field::kObjectInReplyToHost: return Value::Str(in_reply_to_host_);
      case Field::kObjectQuoteOfHost: return Value::Str(quote_of_host_);
      case Field::kObjectUrl: return Value::Str(obj.url());
      case Field::kObjectPublished:
        if (!obj.has_published()) return Value();
        return Value::Num(ToSeconds(obj.published()));
      case Field::kActivityPublished:
        if (!a_.has_published()) return Value();
        return Value::Num(ToSeconds(a_.published()));
      default: return Value();
    }
  }

  static Value ElemField(Field f, const void* elem) {
    switch (f) {
      case Field::kMentionHost: return Value::Str(static_cast<const v1::Mention*>(elem)->host());
      case Field::kMentionActorId: return Value::Str(static_cast<const v1::Mention*>(elem)->actor_id());
      case Field::kMentionName: return Value::Str(static_cast<const v1::Mention*>(elem)->name());
      case Field::kLinkUrl: return Value::Str(static_cast<const v1::Link*>(elem)->url());
      case Field::kLinkHost: return Value::Str(static_cast<const v1::Link*>(elem)->host());
      case Field::kAttachmentType: return Value::Str(static_cast<const v1::Attachment*>(elem)->type());
      case Field::kAttachmentMediaType: return Value::Str(static_cast<const v1::Attachment*>(elem)->media_type());
      case Field::kAttachmentUrl: return Value::Str(static_cast<const v1::Attachment*>(elem)->url());
      case Field::kAttachmentAltText: return Value::Str(static_cast<const v1::Attachment*>(elem)->alt_text());
      default: return Value();
    }
  }

  static int ListSize(const Value& v) {
    if (v.list_lit != nullptr) return static_cast<int>(v.list_lit->args.size());
    switch (v.type) {
      case Type::kListString: return static_cast<const RepeatedPtrField<std::string>*>(v.ptr)->size();
      case Type::kListMention: return static_cast<const RepeatedPtrField<v1::Mention>*>(v.ptr)->size();
      case Type::kListLink: return static_cast<const RepeatedPtrField<v1::Link>*>(v.ptr)->size();
      case Type::kListAttachment: return static_cast<const RepeatedPtrField<v1::Attachment>*>(v.ptr)->size();
      default: return 0;
    }
  }

  static Value ListElem(const Value& v, int i) {
    Value x;
    if (v.list_lit != nullptr) return Value::Str(v.list_lit->args[i]->text);
    switch (v.type) {
      case Type::kListString:
        return Value::Str(static_cast<const RepeatedPtrField<std::string>*>(v.ptr)->Get(i));
      case Type::kListMention:
        x.ptr = &static_cast<const RepeatedPtrField<v1::Mention>*>(v.ptr)->Get(i);
        break;
      case Type::kListLink:
        x.ptr = &static_cast<const RepeatedPtrField<v1::Link>*>(v.ptr)->Get(i);
        break;
      case Type::kListAttachment:
        x.ptr = &static_cast<const RepeatedPtrField<v1::Attachment>*>(v.ptr)->Get(i);
        break;
      default: return x;
    }
    x.kind = Value::Kind::kElem;
    return x;
  }

  void Explain(const ListEntry& e, std::string_view field) {
    if (expl_->set) return;
    expl_->set = true;
    expl_->entry = e.text;
    expl_->reason = &e.reason;
    expl_->field = field;
  }

  static std::string_view FieldName(const Expr& e) { return e.text; }

  bool IsHost(const Expr& e) const {
    return e.field >= 0 && GetFieldInfo(static_cast<Field>(e.field)).is_host;
  }

  // `lhs in rhs` / membership of one string.
  bool Member(const Expr& lhs_expr, std::string_view lhs, const Expr& rhs) {
    if (rhs.list_index >= 0) {
      const ListIndex& index = *p_.lists[rhs.list_index];
      int entry = IsHost(lhs_expr) ? index.MatchDomain(lhs) : index.MatchString(lhs);
      if (entry < 0) return false;
      Explain(p_.checked.lists[rhs.list_index].entries()[entry], FieldName(lhs_expr));
      return true;
    }
    if (rhs.kind == ExprKind::kListLit) {
      for (const auto& item : rhs.args) {
        bool hit = IsHost(lhs_expr) ? DomainCovers(lhs, item->text)
                                    : EqualFold(lhs, item->text);
        if (hit) {
          if (!expl_->set) {
            expl_->set = true;
            expl_->entry = item->text;
            expl_->field = FieldName(lhs_expr);
          }
          return true;
        }
      }
      return false;
    }
    Value list = Eval(rhs);
    if (list.kind != Value::Kind::kList) return false;
    int n = std::min(ListSize(list), kMaxIterations);
    for (int i = 0; i < n; ++i) {
      if (EqualFold(ListElem(list, i).s, lhs)) return true;
    }
    return false;
  }

  Value Eval(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kBoolLit: return Value::Bool(e.bool_value);
      case ExprKind::kIntLit: return Value::Int(e.int_value);
      case ExprKind::kFloatLit: return Value::Num(e.float_value);
      case ExprKind::kStringLit: return Value::Str(e.text);
      case ExprKind::kDurationLit:
      case ExprKind::kTimestampLit: return Value::Num(e.float_value);
      case ExprKind::kRegexLit: return Value::Str(e.text);
      case ExprKind::kListLit: {
        Value v = Value::List(nullptr, Type::kListString);
        v.list_lit = &e;
        return v;
      }
      case ExprKind::kPath: {
        if (e.var_slot >= 0) {
          const Value& var = vars_[e.var_slot];
          if (e.field < 0) return var;
          return ElemField(static_cast<Field>(e.field), var.ptr);
        }
        if (e.field >= 0) return FieldValue(static_cast<Field>(e.field));
        return Value();
      }
      case ExprKind::kUnary: {
        Value v = Eval(*e.args[0]);
        if (e.op == Op::kNot) return Value::Bool(!(v.kind == Value::Kind::kBool && v.b));
        if (v.null()) return v;
        if (v.kind == Value::Kind::kInt) return Value::Int(-v.i);
        return Value::Num(-v.f);
      }
      case ExprKind::kCall: return EvalCall(e);
      case ExprKind::kBinary: return EvalBinary(e);
    }
    return Value();
  }

  Value EvalCall(const Expr& e) {
    if (e.text == "size") {
      Value v = Eval(*e.args[0]);
      if (v.kind != Value::Kind::kList) return Value::Int(0);
      return Value::Int(ListSize(v));
    }
    // exists / all
    bool is_all = e.text == "all";
    Value list = Eval(*e.args[1]);
    if (list.kind != Value::Kind::kList) return Value::Bool(is_all);
    int slot = e.args[0]->var_slot;
    if (slot < 0 || slot >= kSlots) return Value::Bool(false);
    int n = std::min(ListSize(list), kMaxIterations);
    for (int i = 0; i < n; ++i) {
      vars_[slot] = ListElem(list, i);
      Value r = Eval(*e.args[2]);
      bool t = r.kind == Value::Kind::kBool && r.b;
      if (is_all && !t) return Value::Bool(false);
      if (!is_all && t) return Value::Bool(true);
    }
    return Value::Bool(is_all);
  }

  Value EvalBinary(const Expr& e) {
    const Op op = e.op;
    if (op == Op::kAnd) {
      Value l = Eval(*e.args[0]);
      if (!(l.kind == Value::Kind::kBool && l.b)) return Value::Bool(false);
      Value r = Eval(*e.args[1]);
      return Value::Bool(r.kind == Value::Kind::kBool && r.b);
    }
    if (op == Op::kOr) {
      Value l = Eval(*e.args[0]);
      if (l.kind == Value::Kind::kBool && l.b) return Value::Bool(true);
      Value r = Eval(*e.args[1]);
      return Value::Bool(r.kind == Value::Kind::kBool && r.b);
    }
    if (e.predicate >= 0) {
      if (s_.pred_stamp[e.predicate] != s_.gen) return Value::Bool(false);
      if (!expl_->set) {
        const EvalScratch::PredicateHit& hit = s_.pred_hit[e.predicate];
        const TextPredicate& pred = p_.predicates[e.predicate];
        const PredicateEntry& entry = pred.entries[hit.entry];
        expl_->set = true;
        expl_->entry = entry.regex ? absl::StrCat("/", entry.text, "/")
                                   : entry.text;
        expl_->reason = &entry.reason;
        expl_->field = e.args[0]->text;
        expl_->start = hit.span.start;
        expl_->end = hit.span.end;
      }
      return Value::Bool(true);
    }
    const Expr& le = *e.args[0];
    const Expr& re = *e.args[1];
    if (op == Op::kIn) {
      Value l = Eval(le);
      if (l.kind != Value::Kind::kString) return Value::Bool(false);
      return Value::Bool(Member(le, l.s, re));
    }
    if (op == Op::kContainsAny) {  // list<string> contains_any list
      Value l = Eval(le);
      if (l.kind != Value::Kind::kList) return Value::Bool(false);
      int n = std::min(ListSize(l), kMaxIterations);
      for (int i = 0; i < n; ++i) {
        if (Member(le, ListElem(l, i).s, re)) return Value::Bool(true);
      }
      return Value::Bool(false);
    }
    Value l = Eval(le);
    Value r = Eval(re);
    if (l.null() || r.null()) {
      switch (op) {
        case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt:
        case Op::kGe:
          return Value::Bool(false);
        default:
          return Value();
      }
    }
    bool ints = l.kind == Value::Kind::kInt && r.kind == Value::Kind::kInt;
    switch (op) {
      case Op::kEq:
      case Op::kNe: {
        bool eq;
        if (l.kind == Value::Kind::kString) {
          eq = l.s == r.s;
        } else if (l.kind == Value::Kind::kBool) {
          eq = l.b == r.b;
        } else {
          eq = l.num() == r.num();
        }
        return Value::Bool(op == Op::kEq ? eq : !eq);
      }
      case Op::kLt: return Value::Bool(l.num() < r.num());
      case Op::kLe: return Value::Bool(l.num() <= r.num());
      case Op::kGt: return Value::Bool(l.num() > r.num());
      case Op::kGe: return Value::Bool(l.num() >= r.num());
      case Op::kAdd: return ints ? Value::Int(l.i + r.i) : Value::Num(l.num() + r.num());
      case Op::kSub: return ints ? Value::Int(l.i - r.i) : Value::Num(l.num() - r.num());
      case Op::kMul: return ints ? Value::Int(l.i * r.i) : Value::Num(l.num() * r.num());
      case Op::kDiv:
        if (r.num() == 0) return Value();
        return ints ? Value::Int(l.i / r.i) : Value::Num(l.num() / r.num());
      default:
        return Value();
    }
  }

  static constexpr int kSlots = 8;
  const Program& p_;
  const v1::NormalizedActivity& a_;
  double now_;
  const EvalOptions& opts_;
  EvalScratch& s_;
  std::string_view object_host_;
  std::string_view in_reply_to_host_;
  std::string_view quote_of_host_;
  MatchInfo* expl_ = nullptr;
  Value vars_[kSlots];
};

}  // namespace

v1::Decision Evaluate(const Program& program,
                      const v1::NormalizedActivity& activity, absl::Time now,
                      const EvalOptions& options, EvalScratch& scratch) {
  v1::Decision d;
  d.set_activity_id(activity.id());
  d.set_activity_type(activity.type());
  d.set_actor_host(activity.actor().host());
  d.set_rule_set_version(program.version);
  int64_t secs = absl::ToUnixSeconds(now);
  d.mutable_decide_time()->set_seconds(secs);
  d.mutable_decide_time()->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(now - absl::FromUnixSeconds(secs))));

  Run run(program, activity, now, options, scratch);
  run.ScanTexts();
  std::vector<v1::Action> collected, shadow;
  double score = 0;
  bool accepted = false;
  std::vector<v1::Action> actions;
  // The rules that may match, in rule order (see Program::rules_always).
  std::vector<int>& candidates = scratch.candidates;
  candidates.assign(program.rules_always.begin(), program.rules_always.end());
  for (int pred : scratch.hit_predicates) {
    const std::vector<int>& rules = program.rules_by_predicate[pred];
    candidates.insert(candidates.end(), rules.begin(), rules.end());
  }
  if (!program.rules_by_host.empty()) {
    auto host = program.rules_by_host.find(activity.actor().host());
    if (host != program.rules_by_host.end()) {
      candidates.insert(candidates.end(), host->second.begin(), host->second.end());
    }
  }
  if (candidates.size() > program.rules_always.size()) {
    std::sort(candidates.begin(), candidates.end());
  }
  for (int index : candidates) {
    const CompiledRule& r = program.rules[index];
    v1::RuleMode mode = &r == options.enforce_rule ? v1::ENFORCE : r.mode;
    if (mode == v1::OFF) continue;
    if (r.expires.has_value() && now >= *r.expires) continue;
    if (mode == v1::ENFORCE && accepted) continue;
    if (!run.MayMatch(r)) continue;
    MatchInfo info;
    actions.clear();
    if (!run.RuleMatches(r, &info, &actions)) continue;
    v1::Explanation expl;
    info.Fill(&expl);
    expl.set_rule_id(r.id);
    expl.set_rule_set_version(program.version);
    expl.set_mode(mode);
    expl.set_description(run.Describe(r));
    for (const v1::Action& a : actions) *expl.add_actions() = a;
    if (r.score.has_value()) expl.set_score(*r.score);
    if (mode == v1::SHADOW) {
      shadow.insert(shadow.end(), actions.begin(), actions.end());
      *d.add_shadow_explanations() = std::move(expl);
      continue;
    }
    collected.insert(collected.end(), actions.begin(), actions.end());
    if (r.score.has_value()) score += *r.score;
    *d.add_explanations() = std::move(expl);
    for (const v1::Action& a : actions) {
      if (a.type() == v1::ACCEPT) accepted = true;
    }
  }
  if (!accepted) {
    for (const CompiledThreshold& t : program.thresholds) {
      if (score >= t.score) {
        collected.insert(collected.end(), t.actions.begin(), t.actions.end());
      }
    }
  }
  std::vector<v1::Action> final_actions;
  CombineActions(collected, /*default_accept=*/true, &final_actions);
  for (v1::Action& a : final_actions) {
    if (a.type() == v1::LABEL) d.add_labels(a.argument());
    if (a.type() == v1::CONTENT_WARNING) d.set_content_warning(a.argument());
    *d.add_actions() = std::move(a);
  }
  std::vector<v1::Action> shadow_final;
  CombineActions(shadow, /*default_accept=*/false, &shadow_final);
  for (v1::Action& a : shadow_final) *d.add_shadow_actions() = std::move(a);
  d.set_score(score);
  return d;
}

}  // namespace harrier::rules
