// Copyright 2026 The Harrier Authors.
//
// host.h: canonical host names, so that every spelling of one server compares
// equal.
//
//   NormalizeHost("https://Bücher.Example:443/a") -> "xn--bcher-kva.example"
//   NormalizeHost("xn--bcher-kva.example")         -> "xn--bcher-kva.example"
//   NormalizeHost("@alice@Mastodon.Social")        -> "mastodon.social"
//   NormalizeHost("http://example.com:8080/x")     -> "example.com:8080"
//
// Accepted inputs: an absolute URL (`scheme://[userinfo@]host[:port]/...`), a
// bare host (optionally with `:port` and a path), a handle `user@host` or
// `@user@host`, or `acct:user@host`.
//
// The result is lower-cased and converted to ASCII with IDNA UTS #46
// (non-transitional), a trailing dot is dropped, and the port is kept only
// when it is not the scheme's default (80 for http, 443 for https; with no
// scheme both are treated as default). IPv6 literals keep their brackets.
//
// Errors: there are none to handle. An input with no recognisable host, or a
// host that IDNA rejects and that is not plain ASCII, yields "". Hosts that
// IDNA rejects but are plain ASCII (e.g. with '_') are returned lower-cased.
//
// Thread safety: thread-safe; uses one immutable ICU UIDNA instance.
#ifndef HARRIER_ENGINE_NORMALIZE_HOST_H_
#define HARRIER_ENGINE_NORMALIZE_HOST_H_

#include <string>
#include <string_view>

namespace harrier {

// Longest input considered; longer inputs yield "" (a DNS name is at most 253
// bytes; URLs may be longer but their authority is what matters).
inline constexpr size_t kMaxHostInputBytes = 8192;

std::string NormalizeHost(std::string_view url_or_host);

}  // namespace harrier

#endif  // HARRIER_ENGINE_NORMALIZE_HOST_H_
