#include "local_hub.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <fstream>
#include <stdexcept>

#include "kiosk/client/hub_client.hpp"
#include "kiosk/service/service.hpp"
#include "kiosk/store/centre_store.hpp"

namespace kiosk::app {

std::string read_token(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return {};
  std::string token;
  std::getline(in, token);
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) return {};
  if (token.size() != 64 || token.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw std::runtime_error("device token file " + file.string() + " is malformed (expected 64 hex characters)");
  return token;
}

void write_token(const std::filesystem::path& file, const std::string& token) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  const auto temp = file.string() + ".part";
  {
    std::ofstream out(temp, std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + temp);
    out << token << "\n";
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + temp);
  }
  ::chmod(temp.c_str(), 0600);
  std::filesystem::rename(temp, file);
}

std::string pair_with_hub(const std::string& url, const std::string& code, const std::string& name) {
  client::HubClient hub(std::chrono::seconds(10));
  hub.connect(url);
  const auto reply = hub.call("pair", {{"code", code}, {"name", name}});
  if (!reply.ok) throw std::runtime_error(reply.error.message_vi + " | " + reply.error.message);
  return reply.result.value("token", "");
}

LocalHub::LocalHub(const std::filesystem::path& hub_config) : config_(hub::HubConfig::load(hub_config)) {
  hub_ = std::make_unique<hub::Hub>(config_);
  port_ = hub_->start();
  spdlog::info("hub running in this process on port {} ({})", port_, config_.database.string());
}

LocalHub::~LocalHub() {
  if (hub_) hub_->stop();
}

std::string LocalHub::url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/ws"; }

std::string LocalHub::ensure_token(const std::filesystem::path& token_file, const std::string& role, std::optional<int> counter,
                                   const std::string& name) {
  if (auto token = read_token(token_file); !token.empty()) return token;
  // The operator at the database file may create pairing codes (as kioskctl --db does).
  auto store = store::CentreStore::open(config_.database);
  service::Service service(store, service::Options{});
  const service::Caller caller{"local", service::Role::manager, std::nullopt, "kiosk", /*local_operator=*/true};
  nlohmann::json args = {{"role", role}};
  if (counter) args["counter"] = *counter;
  const auto reply = service.handle_now(caller, protocol::Request{1, "pairing.create", args});
  if (!reply.ok) throw std::runtime_error("cannot create a pairing code: " + reply.error.message);
  const std::string token = pair_with_hub(url(), reply.result.value("code", ""), name);
  write_token(token_file, token);
  spdlog::info("paired with the local hub as {} (token in {})", role, token_file.string());
  return token;
}

}  // namespace kiosk::app
