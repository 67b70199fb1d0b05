// Copyright 2026 The Harrier Authors.
//
// http_get.h: test helpers for plain-HTTP endpoints on loopback (the
// metrics server): a GET returning the raw response, and a free port.
#ifndef HARRIER_SERVICE_TESTING_HTTP_GET_H_
#define HARRIER_SERVICE_TESTING_HTTP_GET_H_

#include <string>

namespace harrier::testing {

// "HTTP/1.0 200 OK\r\n...\r\n\r\nbody", or "" when nothing listens.
std::string HttpGet(int port, const std::string& path);

// A port that was free a moment ago on 127.0.0.1.
int FreePort();

}  // namespace harrier::testing

#endif  // HARRIER_SERVICE_TESTING_HTTP_GET_H_
