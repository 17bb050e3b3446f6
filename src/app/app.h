// The composition root (DESIGN.md §3): the only place that names concrete implementations. App
// owns every long-lived object — storage, caches, services, the router and the HTTP server — and
// builds them in dependency order; members are destroyed in reverse, so the server stops before
// the services it calls and the database closes (committing its last group) last.
#pragma once

#include <memory>
#include <string>

#include "app/config.h"
#include "core/result.h"

namespace magpie::app {

class App {
 public:
  // Opens (and migrates) the database under config.data_dir and wires the services.
  static core::Result<std::unique_ptr<App>> Open(const Config& config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Listens and serves until SIGTERM/SIGINT; in-flight requests finish first.
  core::Status Serve();
  // Fills an empty database with demo accounts and posts; does nothing when accounts exist.
  core::Status SeedDemoContent();

  core::Status CreateAccount(const std::string& username, const std::string& email,
                             const std::string& password, bool admin);
  core::Status ResetPassword(const std::string& username, const std::string& password);

  struct Parts;

 private:
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

// Applies pending migrations to the database under data_dir; returns how many ran.
core::Result<int> MigrateDatabase(const Config& config);

}  // namespace magpie::app
