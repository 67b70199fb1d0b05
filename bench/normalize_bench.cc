// Copyright 2026 The Harrier Authors.
//
// normalize_bench: throughput of NormalizeActivity on a typical Mastodon
// Create(Note) of about 2 KB (mentions, hashtags, a link, an image).
//
//   bazel run -c opt //bench:normalize_bench
//
// Reports activities/s (items_per_second) and bytes/s on one thread.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <string>

#include "engine/normalize/normalizer.h"

namespace {

constexpr char kMastodonCreateNote[] = R"json({
  "@context": ["https://www.w3.org/ns/activitystreams", {"sensitive": "as:sensitive", "toot": "http://joinmastodon.org/ns#", "Hashtag": "as:Hashtag"}],
  "id": "https://mastodon.example/users/alice/statuses/113456789012345678/activity",
  "type": "Create",
  "actor": "https://mastodon.example/users/alice",
  "published": "2025-02-03T10:20:30Z",
  "to": ["https://www.w3.org/ns/activitystreams#Public"],
  "cc": ["https://mastodon.example/users/alice/followers", "https://other.example/users/bob"],
  "object": {
    "id": "https://mastodon.example/users/alice/statuses/113456789012345678",
    "type": "Note",
    "summary": null,
    "published": "2025-02-03T10:20:30Z",
    "url": "https://mastodon.example/@alice/113456789012345678",
    "attributedTo": "https://mastodon.example/users/alice",
    "to": ["https://www.w3.org/ns/activitystreams#Public"],
    "cc": ["https://mastodon.example/users/alice/followers", "https://other.example/users/bob"],
    "sensitive": false,
    "content": "<p><span class=\"h-card\"><a href=\"https://other.example/users/bob\" class=\"u-url mention\">@<span>bob</span></a></span> Finally finished the sourdough experiment &amp; wrote it up!</p><p>Full write-up: <a href=\"https://blog.example/2025/02/sourdough-cold-proof\" rel=\"nofollow noopener noreferrer\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">blog.example/2025/02/sourdough</span><span class=\"invisible\">-cold-proof</span></a></p><p><a href=\"https://mastodon.example/tags/Sourdough\" class=\"mention hashtag\" rel=\"tag\">#<span>Sourdough</span></a> <a href=\"https://mastodon.example/tags/Baking\" class=\"mention hashtag\" rel=\"tag\">#<span>Baking</span></a></p>",
    "contentMap": {"en": "<p>Finally finished!</p>"},
    "attachment": [{
      "type": "Document",
      "mediaType": "image/jpeg",
      "url": "https://files.mastodon.example/media_attachments/files/113/456/789/original/abcdef0123456789.jpg",
      "name": "A loaf of sourdough bread cut in half, showing an open, glossy crumb.",
      "blurhash": "UKHLh|~q9F%M-;WBM{of00IU-;Rj%MWBRjof"
    }],
    "tag": [
      {"type": "Mention", "href": "https://other.example/users/bob", "name": "@bob@other.example"},
      {"type": "Hashtag", "href": "https://mastodon.example/tags/sourdough", "name": "#Sourdough"},
      {"type": "Hashtag", "href": "https://mastodon.example/tags/baking", "name": "#Baking"}
    ]
  }
})json";

// A Lemmy community Announce(Create(Page)), unwrapped by the normaliser.
constexpr char kLemmyAnnounceCreatePage[] = R"json({
  "@context": ["https://join-lemmy.org/context.json", "https://www.w3.org/ns/activitystreams"],
  "actor": "https://lemmy.example/c/cooking",
  "to": ["https://www.w3.org/ns/activitystreams#Public"],
  "object": {
    "actor": "https://feddit.example/u/chef",
    "to": ["https://www.w3.org/ns/activitystreams#Public"],
    "object": {
      "type": "Page", "id": "https://feddit.example/post/12345",
      "attributedTo": "https://feddit.example/u/chef",
      "to": ["https://lemmy.example/c/cooking", "https://www.w3.org/ns/activitystreams#Public"],
      "name": "What is your favourite bread recipe?",
      "cc": [], "mediaType": "text/html",
      "content": "<p>Looking for something <strong>simple</strong> for weekends.</p>",
      "source": {"content": "Looking for something **simple** for weekends.", "mediaType": "text/markdown"},
      "attachment": [{"href": "https://blog.example/bread", "type": "Link"}],
      "sensitive": false, "published": "2025-02-03T10:20:30.123456Z",
      "language": {"identifier": "en", "name": "English"},
      "audience": "https://lemmy.example/c/cooking"
    },
    "cc": ["https://lemmy.example/c/cooking"], "type": "Create",
    "id": "https://feddit.example/activities/create/0b6f1a2e-8a3b-4f61-9d0e-6c1b2a3d4e5f",
    "audience": "https://lemmy.example/c/cooking"
  },
  "cc": ["https://lemmy.example/c/cooking/followers"],
  "type": "Announce",
  "id": "https://lemmy.example/activities/announce/create/5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"
})json";

// A Mastodon Like: the smallest common activity.
constexpr char kMastodonLike[] =
    R"json({"@context":"https://www.w3.org/ns/activitystreams","id":"https://mastodon.example/users/alice#likes/123456","type":"Like","actor":"https://mastodon.example/users/alice","object":"https://other.example/users/bob/statuses/113456789012345678"})json";

void Normalize(benchmark::State& state, const std::string& json) {
  for (auto _ : state) {
    auto result = harrier::NormalizeActivity(json);
    if (!result.ok()) {
      state.SkipWithError("normalisation failed");
      break;
    }
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(json.size()));
  state.counters["doc_bytes"] = static_cast<double>(json.size());
}

void BM_NormalizeLemmyAnnounceCreatePage(benchmark::State& state) {
  Normalize(state, kLemmyAnnounceCreatePage);
}
BENCHMARK(BM_NormalizeLemmyAnnounceCreatePage);

void BM_NormalizeMastodonLike(benchmark::State& state) {
  Normalize(state, kMastodonLike);
}
BENCHMARK(BM_NormalizeMastodonLike);

// The headline figure: a ~2.4 KB Mastodon Create(Note).
void BM_NormalizeMastodonCreateNote(benchmark::State& state) {
  Normalize(state, kMastodonCreateNote);
}
BENCHMARK(BM_NormalizeMastodonCreateNote);

// Baseline in the same run: only simdjson's DOM parse of the same document
// (what any simdjson-based reader pays). Normalisation / parse = the cost of
// everything Harrier adds (HTML to text, hosts, addressing, tags ...).
void BM_BaselineSimdjsonParseMastodonCreateNote(benchmark::State& state) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded{std::string_view(kMastodonCreateNote)};
  for (auto _ : state) {
    simdjson::dom::element root;
    benchmark::DoNotOptimize(parser.parse(padded).get(root));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(padded.size()));
}
BENCHMARK(BM_BaselineSimdjsonParseMastodonCreateNote);

}  // namespace
