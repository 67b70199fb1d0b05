// Copyright 2026 The Harrier Authors.
//
// operations_service.h: the harrier.v1.Operations gRPC service: consistent
// RocksDB checkpoints (backups) of the whole store. Needs an operator token
// (instance "*", scope admin; see auth.h).
//
// Restore (docs/OPERATIONS.md): stop harrierd, then start it with
// --data_dir pointing at the checkpoint directory (or a copy of it).
//
// Thread safety: shared by all gRPC threads; Store::Checkpoint is thread-safe.
#ifndef HARRIER_SERVICE_OPERATIONS_SERVICE_H_
#define HARRIER_SERVICE_OPERATIONS_SERVICE_H_

#include "engine/engine.h"
#include "harrier/v1/operations.grpc.pb.h"
#include "service/auth.h"

namespace harrier {

class OperationsService final : public v1::Operations::CallbackService {
 public:
  OperationsService(Engine* engine, const Authenticator* auth)
      : engine_(engine), auth_(auth) {}

  grpc::ServerUnaryReactor* CreateCheckpoint(grpc::CallbackServerContext* context,
                                             const v1::CreateCheckpointRequest* request,
                                             v1::CreateCheckpointResponse* response) override;

 private:
  Engine* const engine_;
  const Authenticator* const auth_;
};

}  // namespace harrier

#endif  // HARRIER_SERVICE_OPERATIONS_SERVICE_H_
