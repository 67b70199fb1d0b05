// Copyright 2026 The Harrier Authors.
//
// version.h: Harrier's version, shared by harrierd and the harrier CLI.
#ifndef HARRIER_SERVICE_VERSION_H_
#define HARRIER_SERVICE_VERSION_H_

namespace harrier {

inline constexpr char kVersion[] = "0.1.0";

}  // namespace harrier

#endif  // HARRIER_SERVICE_VERSION_H_
