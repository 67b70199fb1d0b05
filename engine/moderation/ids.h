// Copyright 2026 The Harrier Authors.
//
// ids.h: increasing 64-bit ids for review items and audit entries: the
// current time in microseconds, bumped past the last id handed out, so ids
// sort by creation time, stay unique within a process, and keep increasing
// across restarts as long as the clock does.
//
// Thread safety: thread-safe.
#ifndef HARRIER_ENGINE_MODERATION_IDS_H_
#define HARRIER_ENGINE_MODERATION_IDS_H_

#include <atomic>
#include <cstdint>

#include "absl/time/time.h"

namespace harrier {

class IdGenerator {
 public:
  uint64_t Next(absl::Time now) {
    uint64_t candidate = static_cast<uint64_t>(absl::ToUnixMicros(now));
    uint64_t last = last_.load(std::memory_order_relaxed);
    while (true) {
      uint64_t id = candidate > last ? candidate : last + 1;
      if (last_.compare_exchange_weak(last, id, std::memory_order_relaxed)) return id;
    }
  }

 private:
  std::atomic<uint64_t> last_{0};
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_MODERATION_IDS_H_
