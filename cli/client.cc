// Copyright 2026 The Harrier Authors.
#include "cli/client.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/support/client_interceptor.h"
#include "grpcpp/security/credentials.h"
#include "service/json_log.h"

namespace harrier::cli {
namespace {

const char* CodeName(grpc::StatusCode code) {
  static const char* kNames[] = {
      "OK",           "CANCELLED",        "UNKNOWN",           "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND",   "ALREADY_EXISTS",    "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",        "UNAVAILABLE",       "DATA_LOSS",
      "UNAUTHENTICATED"};
  int index = static_cast<int>(code);
  return index >= 0 && index <= 16 ? kNames[index] : "UNKNOWN";
}

}  // namespace

std::string ServerAddress(const Args& args) {
  const char* env = std::getenv("HARRIER_SERVER");
  return args.Get("server", env != nullptr ? env : "127.0.0.1:50051");
}

std::string InstanceName(const Args& args) {
  const char* env = std::getenv("HARRIER_INSTANCE");
  return args.Get("instance", env != nullptr ? env : "");
}

namespace {

// Adds the bearer token to every call's initial metadata.
class BearerInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit BearerInterceptor(std::string header) : header_(std::move(header)) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", header_});
    }
    methods->Proceed();
  }

 private:
  std::string header_;
};

class BearerInterceptorFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerInterceptorFactory(std::string token) : header_("Bearer " + token) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* /*info*/) override {
    return new BearerInterceptor(header_);
  }

 private:
  std::string header_;
};

}  // namespace

std::shared_ptr<grpc::Channel> ChannelWithToken(const std::string& target,
                                                const std::string& token,
                                                const std::string& tls_ca_pem,
                                                const std::string& client_cert_pem,
                                                const std::string& client_key_pem) {
  grpc::ChannelArguments channel_args;
  channel_args.SetMaxReceiveMessageSize(64 << 20);
  channel_args.SetMaxSendMessageSize(64 << 20);
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  if (!token.empty()) interceptors.push_back(std::make_unique<BearerInterceptorFactory>(token));
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!tls_ca_pem.empty()) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = tls_ca_pem;
    ssl.pem_cert_chain = client_cert_pem;
    ssl.pem_private_key = client_key_pem;
    credentials = grpc::SslCredentials(ssl);
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, credentials, channel_args, std::move(interceptors));
}

std::shared_ptr<grpc::Channel> Connect(const Args& args) {
  const char* env = std::getenv("HARRIER_TOKEN");
  const char* ca_env = std::getenv("HARRIER_TLS_CA");
  std::string ca_pem;
  std::string ca_file = args.Get("tls_ca", ca_env != nullptr ? ca_env : "");
  if (!ca_file.empty()) {
    absl::StatusOr<std::string> pem = ReadInput(ca_file);
    if (!pem.ok()) std::cerr << "error: --tls_ca: " << pem.status().message() << "\n";
    if (pem.ok()) ca_pem = *pem;
  }
  return ChannelWithToken(ServerAddress(args), args.Get("token", env != nullptr ? env : ""),
                          ca_pem);
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

std::string ErrorJson(const grpc::Status& status, const std::string& file) {
  std::string json = "{";
  if (!file.empty()) absl::StrAppend(&json, "\"file\":", JsonQuote(file), ",");
  absl::StrAppend(&json, "\"error\":{\"code\":\"", CodeName(status.error_code()),
                  "\",\"message\":", JsonQuote(status.error_message()), "}}");
  return json;
}

absl::StatusOr<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin),
                       std::istreambuf_iterator<char>());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace harrier::cli
