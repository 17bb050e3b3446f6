#include "app/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/cli.h"

namespace magpie::app {
namespace {

TEST(ConfigTest, DefaultsRunWithoutAnyFile) {
  Config c;
  EXPECT_EQ(c.BaseUrl(), "http://127.0.0.1:8080");
  EXPECT_EQ(c.Domain(), "127.0.0.1:8080");
  EXPECT_TRUE(ValidateConfig(c).ok());
}

TEST(ConfigTest, ListenAcceptsHostPortAndRejectsNonsense) {
  Config c;
  ASSERT_TRUE(SetConfigValue(c, "server.listen", "0.0.0.0:9000").ok());
  EXPECT_EQ(c.listen_host, "0.0.0.0");
  EXPECT_EQ(c.listen_port, 9000);
  EXPECT_EQ(c.BaseUrl(), "http://localhost:9000");
  ASSERT_TRUE(SetConfigValue(c, "server.listen", "[::1]:0").ok());
  EXPECT_EQ(c.listen_host, "::1");
  auto bad = SetConfigValue(c, "server.listen", "nonsense");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("HOST:PORT"), std::string::npos);
  EXPECT_FALSE(SetConfigValue(c, "server.listen", "host:99999").ok());
}

TEST(ConfigTest, TypedValuesAreChecked) {
  Config c;
  EXPECT_TRUE(SetConfigValue(c, "instance.max_status_chars", "500").ok());
  EXPECT_EQ(c.max_status_chars, 500);
  auto e = SetConfigValue(c, "instance.max_status_chars", "lots");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("instance.max_status_chars"), std::string::npos);
  EXPECT_FALSE(SetConfigValue(c, "log.level", "chatty").ok());
  EXPECT_FALSE(SetConfigValue(c, "no.such_key", "1").ok());
  EXPECT_TRUE(SetConfigValue(c, "instance.registrations_open", "false").ok());
  EXPECT_FALSE(c.registrations_open);
}

TEST(ConfigTest, TomlFileThenEnvironment) {
  auto path = std::filesystem::temp_directory_path() / "magpie_config_test.toml";
  {
    std::ofstream f(path);
    f << "[server]\nlisten = \"127.0.0.1:7000\"\n[instance]\ntitle = \"喜鹊\"\n"
         "max_status_chars = 3000\n[rate_limits]\nposts_per_account = 0\n";
  }
  Config c;
  ASSERT_TRUE(LoadConfigFile(c, path.string()).ok());
  EXPECT_EQ(c.listen_port, 7000);
  EXPECT_EQ(c.title, "喜鹊");
  EXPECT_EQ(c.max_status_chars, 3000);
  EXPECT_EQ(c.posts_per_account, 0);
  std::string listen = "MAGPIE_LISTEN=127.0.0.1:7100";
  std::string title = "MAGPIE_INSTANCE_TITLE=Magpie Test";
  std::string other = "PATH=/usr/bin";
  char* env[] = {listen.data(), title.data(), other.data(), nullptr};
  ASSERT_TRUE(LoadConfigEnv(c, env).ok());
  EXPECT_EQ(c.listen_port, 7100);
  EXPECT_EQ(c.title, "Magpie Test");
  {
    std::ofstream f(path);
    f << "[server]\nlistne = \"x\"\n";
  }
  auto typo = LoadConfigFile(c, path.string());
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().message.find("server.listne"), std::string::npos);
  {
    std::ofstream f(path);
    f << "[server\nlisten = \n";
  }
  EXPECT_FALSE(LoadConfigFile(c, path.string()).ok());
  std::filesystem::remove(path);
}

TEST(CliTest, ParsesFlagsAndRejectsUnknownOnes) {
  std::vector<FlagSpec> specs = {{"listen", true, ""}, {"demo", false, ""}, {"set", true, ""}};
  auto args =
      ParseArgs({"magpie", "serve", "--listen", "1.2.3.4:5", "--demo", "--set=a=b", "--set", "c=d"},
                2, specs);
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(*args->Get("listen"), "1.2.3.4:5");
  EXPECT_TRUE(args->Has("demo"));
  EXPECT_EQ(args->All("set"), (std::vector<std::string>{"a=b", "c=d"}));
  EXPECT_FALSE(ParseArgs({"magpie", "serve", "--nope"}, 2, specs).ok());
  EXPECT_FALSE(ParseArgs({"magpie", "serve", "--listen"}, 2, specs).ok());
}

}  // namespace
}  // namespace magpie::app
