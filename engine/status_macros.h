// Copyright 2026 The Harrier Authors.
//
// status_macros.h: early-return helpers for absl::Status / absl::StatusOr.
//
// Debian's Abseil (20220623) ships no status macros, so Harrier defines the
// usual pair once, here:
//
//   absl::Status Load() {
//     RETURN_IF_ERROR(Check());
//     ASSIGN_OR_RETURN(Config config, Parse(text));
//     ...
//   }
#ifndef HARRIER_ENGINE_STATUS_MACROS_H_
#define HARRIER_ENGINE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define HARRIER_CONCAT_INNER_(a, b) a##b
#define HARRIER_CONCAT_(a, b) HARRIER_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status); returns it from the enclosing function
// when it is not OK.
#define RETURN_IF_ERROR(expr)                          \
  do {                                                 \
    ::absl::Status harrier_status_ = (expr);           \
    if (!harrier_status_.ok()) return harrier_status_; \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status, else
// moves the value into `lhs` (which may be a declaration).
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  HARRIER_ASSIGN_OR_RETURN_IMPL_(HARRIER_CONCAT_(harrier_statusor_, __LINE__), lhs, rexpr)

#define HARRIER_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();   \
  lhs = std::move(statusor).value()

#endif  // HARRIER_ENGINE_STATUS_MACROS_H_
