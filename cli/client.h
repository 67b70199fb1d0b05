// Copyright 2026 The Harrier Authors.
//
// client.h: what every client subcommand shares: the channel to harrierd
// (--server, default $HARRIER_SERVER or 127.0.0.1:50051; bearer token from
// --token or $HARRIER_TOKEN), proto -> JSON
// printing, and file reading.
#ifndef HARRIER_CLI_CLIENT_H_
#define HARRIER_CLI_CLIENT_H_

#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "cli/args.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace harrier::cli {

// Flags every client command accepts.
inline const std::set<std::string> kClientFlags = {"server", "instance", "token", "tls_ca"};

// The server address from --server, $HARRIER_SERVER, or the default.
std::string ServerAddress(const Args& args);
// The instance from --instance or $HARRIER_INSTANCE ("" when neither).
std::string InstanceName(const Args& args);

// A channel to ServerAddress(args) whose calls carry
// "authorization: Bearer <token>" from --token or $HARRIER_TOKEN (none when
// both are empty).
std::shared_ptr<grpc::Channel> Connect(const Args& args);

// A channel to `target` whose calls carry `token` as a bearer token (no
// metadata when `token` is empty). With `tls_ca_pem` the channel uses TLS and
// trusts those CAs (plus a client certificate chain and key for mutual TLS,
// when given); without, plaintext.
std::shared_ptr<grpc::Channel> ChannelWithToken(const std::string& target,
                                                const std::string& token,
                                                const std::string& tls_ca_pem = "",
                                                const std::string& client_cert_pem = "",
                                                const std::string& client_key_pem = "");

// One line of JSON with proto field names.
std::string ToJson(const google::protobuf::Message& message);

// {"file":...,"error":{"code":"INVALID_ARGUMENT","message":...}}; no "file"
// key when `file` is empty.
std::string ErrorJson(const grpc::Status& status, const std::string& file = "");

// Whole file, or stdin for "-".
absl::StatusOr<std::string> ReadInput(const std::string& path);

}  // namespace harrier::cli

#endif  // HARRIER_CLI_CLIENT_H_
