// Copyright 2026 The Harrier Authors.
//
// Fuzz target: resource-name parsing sees untrusted request fields.
#include <cstddef>
#include <cstdint>
#include <string>

#include "service/resource_names.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string name(reinterpret_cast<const char*>(data), size);
  (void)harrier::ParseInstanceName("parent", name);
  (void)harrier::ParseChildName("name", name, "feeds");
  return 0;
}
