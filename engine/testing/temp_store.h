// Copyright 2026 The Harrier Authors.
//
// temp_store.h: a Store on a fresh temporary directory, for tests.
//
//   store_ = testing::NewTempStore("ledger");
//   ASSERT_NE(store_, nullptr);
#ifndef HARRIER_ENGINE_TESTING_TEMP_STORE_H_
#define HARRIER_ENGINE_TESTING_TEMP_STORE_H_

#include <memory>
#include <string>

#include "engine/storage/store.h"
#include "engine/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace harrier::testing {

// Opens a Store with default options in a new directory named after
// `name`; null (with a test failure naming the error) when it cannot.
inline std::unique_ptr<Store> NewTempStore(const std::string& name) {
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(NewTempDir(name), {});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

}  // namespace harrier::testing

#endif  // HARRIER_ENGINE_TESTING_TEMP_STORE_H_
