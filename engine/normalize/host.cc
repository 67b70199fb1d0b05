// Copyright 2026 The Harrier Authors.
#include "engine/normalize/host.h"

#include <unicode/uidna.h>
#include <unicode/utypes.h>

#include <string>
#include <string_view>

#include "engine/normalize/ascii.h"

namespace harrier {
namespace {

const UIDNA* Uts46() {
  static const UIDNA* const idna = [] {
    UErrorCode error = U_ZERO_ERROR;
    UIDNA* created = uidna_openUTS46(
        UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_NONTRANSITIONAL_TO_UNICODE,
        &error);
    return U_SUCCESS(error) ? created : nullptr;
  }();
  return idna;
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string ToAsciiHost(std::string_view host) {
  // Fast path: letters, digits, '-' and '.' only, and no "xn--" label (which
  // IDNA validates) need nothing but lower-casing.
  std::string lower;
  lower.reserve(host.size());
  bool simple = true;
  for (char c : host) {
    if (!ascii::IsAlnum(c) && c != '-' && c != '.') {
      simple = false;
      break;
    }
    lower.push_back(ascii::ToLower(c));
  }
  if (simple && lower.find("xn--") == std::string::npos) return lower;
  const UIDNA* idna = Uts46();
  if (idna != nullptr) {
    char buffer[512];
    UIDNAInfo info = UIDNA_INFO_INITIALIZER;
    UErrorCode error = U_ZERO_ERROR;
    const int32_t length = uidna_nameToASCII_UTF8(
        idna, host.data(), static_cast<int32_t>(host.size()), buffer,
        sizeof(buffer), &info, &error);
    if (U_SUCCESS(error) && info.errors == 0 && length > 0 &&
        static_cast<size_t>(length) <= sizeof(buffer)) {
      return std::string(buffer, static_cast<size_t>(length));
    }
  }
  if (IsAscii(host)) return ascii::Lower(host);
  return "";
}

}  // namespace

std::string NormalizeHost(std::string_view input) {
  if (input.size() > kMaxHostInputBytes) return "";
  input = ascii::StripWhitespace(input);
  std::string_view scheme;
  std::string_view authority;
  if (const size_t sep = input.find("://"); sep != std::string_view::npos) {
    scheme = input.substr(0, sep);
    authority = input.substr(sep + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    // Drop userinfo.
    if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
      authority = authority.substr(at + 1);
    }
  } else {
    authority = input;
    if (ascii::StartsWithIgnoreCase(authority, "acct:")) {
      authority.remove_prefix(5);
    }
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
      authority = authority.substr(at + 1);
    }
  }

  std::string_view host = authority;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    if (close == std::string_view::npos) return "";
    port = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!port.empty()) {
      if (port.front() != ':') return "";
      port.remove_prefix(1);
    }
  } else if (const size_t colon = host.rfind(':');
             colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty()) return "";
  for (char c : port) {
    if (!ascii::IsDigit(c)) return "";
  }

  std::string result =
      host.front() == '[' ? ascii::Lower(host) : ToAsciiHost(host);
  if (result.empty()) return result;

  bool default_port = port.empty();
  if (!default_port) {
    if (ascii::EqualsIgnoreCase(scheme, "https") ||
        ascii::EqualsIgnoreCase(scheme, "wss")) {
      default_port = port == "443";
    } else if (ascii::EqualsIgnoreCase(scheme, "http") ||
               ascii::EqualsIgnoreCase(scheme, "ws")) {
      default_port = port == "80";
    } else if (scheme.empty()) {
      default_port = port == "443" || port == "80";
    }
  }
  if (!default_port) {
    result.push_back(':');
    result.append(port);
  }
  return result;
}

}  // namespace harrier
