// Copyright 2026 The Harrier Authors.
//
// normalize_dump: prints the normalised form of ActivityPub JSON files, for
// eyeballing the normaliser against real documents.
//
//   bazel run //engine/normalize:normalize_dump -- /abs/path/a.json ...
//
// Prints, per file, its path then either the NormalizedActivity in text
// format or the error status. Exit code 0 always (it is a viewer).
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "engine/normalize/normalizer.h"
#include "google/protobuf/text_format.h"

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::ifstream file(argv[i], std::ios::binary);
    std::stringstream buffer;
    buffer << file.rdbuf();
    std::cout << "== " << argv[i] << "\n";
    const auto result = harrier::NormalizeActivity(buffer.str());
    if (!result.ok()) {
      std::cout << result.status().ToString() << "\n";
      continue;
    }
    std::string text;
    google::protobuf::TextFormat::PrintToString(*result, &text);
    std::cout << text;
  }
  return 0;
}
