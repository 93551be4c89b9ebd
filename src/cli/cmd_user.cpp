// `ks user add|disable|enable|reset-password|list` and `ks token create|revoke|list`: account
// administration from the server's shell. Passwords are read from standard input (without echo on a
// terminal) or from --password-file, never from an argument (arguments are visible to every user of
// the machine and end up in shell history). Every change is audited as done by "ks-cli".
#include <cstdio>
#include <fstream>
#include <iostream>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.hpp"
#include "service/accounts.hpp"

namespace ks::cli {

namespace {

struct UserFlags {
  std::string username;
  std::string person;
  bool admin = false;
  std::string password_file;
  std::string label;
  std::int64_t token_id = 0;
};

std::string strip_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// The new password: the first line of --password-file, else of standard input.
Result<std::string> read_password(const std::string& file) {
  std::string line;
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) return fail(Error::invalid("cannot read the password file " + file, "--password-file"));
    std::getline(in, line);
    return strip_newline(line);
  }
  const bool tty = isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::fprintf(stderr, "Password: ");
    std::fflush(stderr);
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  return strip_newline(line);
}

// Runs fn with a context on the configured database; returns the exit code.
template <class F>
int with_context(GlobalOptions& options, F&& fn) {
  auto config = resolve_config(options);
  if (!config) return kExitInvalid;
  SystemClock clock;
  auto db = open_database(*config, clock);
  if (!db) return report(db.error());
  service::Context ctx{**db, clock, *config};
  return fn(ctx);
}

int done(const Status& s, const std::string& message) {
  if (!s) return report(s.error());
  std::printf("%s\n", message.c_str());
  return 0;
}

void run(CLI::App* cmd, std::function<int()> fn) {
  cmd->callback([fn = std::move(fn)] {
    if (int rc = fn(); rc != 0) throw CLI::RuntimeError(rc);
  });
}

} // namespace

void add_user_commands(CLI::App& app, GlobalOptions& options) {
  auto f = std::make_shared<UserFlags>();
  auto* user = app.add_subcommand("user", "Manage accounts (sign-in for people of the structure)");
  user->require_subcommand(1);

  auto* add = user->add_subcommand("add", "Create an account for a person; the password is read from standard input");
  add->add_option("USERNAME", f->username, "Login name (a-z, 0-9, - _ .)")->required();
  add->add_option("--person", f->person, "Id of the person in the structure")->required();
  add->add_flag("--admin", f->admin, "Administrator: manages structure, accounts and routines");
  add->add_option("--password-file", f->password_file, "Read the password from this file's first line instead");
  run(add, [&options, f] {
    return with_context(options, [&](service::Context& ctx) {
      auto password = read_password(f->password_file);
      if (!password) return report(password.error());
      auto id = service::add_user(ctx, service::command_line_actor(), f->username, f->person, *password, f->admin);
      if (!id) return report(id.error());
      std::printf("account %s created for person %s%s\n", f->username.c_str(), f->person.c_str(),
                  f->admin ? " (administrator)" : "");
      return 0;
    });
  });

  auto* disable = user->add_subcommand("disable", "Disable an account: ends its sessions and revokes its API tokens");
  disable->add_option("USERNAME", f->username, "Login name")->required();
  run(disable, [&options, f] {
    return with_context(options, [&](service::Context& ctx) {
      return done(service::set_user_disabled(ctx, service::command_line_actor(), f->username, true),
                  "account " + f->username + " disabled");
    });
  });

  auto* enable = user->add_subcommand("enable", "Enable a disabled account again");
  enable->add_option("USERNAME", f->username, "Login name")->required();
  run(enable, [&options, f] {
    return with_context(options, [&](service::Context& ctx) {
      return done(service::set_user_disabled(ctx, service::command_line_actor(), f->username, false),
                  "account " + f->username + " enabled");
    });
  });

  auto* reset = user->add_subcommand("reset-password", "Set a new password (read from standard input); ends the account's sessions");
  reset->add_option("USERNAME", f->username, "Login name")->required();
  reset->add_option("--password-file", f->password_file, "Read the password from this file's first line instead");
  run(reset, [&options, f] {
    return with_context(options, [&](service::Context& ctx) {
      auto password = read_password(f->password_file);
      if (!password) return report(password.error());
      return done(service::reset_password(ctx, service::command_line_actor(), f->username, *password),
                  "password of " + f->username + " changed");
    });
  });

  auto* list = user->add_subcommand("list", "List accounts");
  run(list, [&options] {
    return with_context(options, [&](service::Context& ctx) {
      auto users = service::list_users(ctx);
      if (!users) return report(users.error());
      for (const auto& u : *users)
        std::printf("%s\t%s\t%s%s\n", u.username.c_str(), u.person_id.c_str(), u.admin ? "admin" : "-",
                    u.disabled ? "\tdisabled" : "");
      return 0;
    });
  });

  auto* token = app.add_subcommand("token", "Manage API tokens for integrations (Authorization: Bearer)");
  token->require_subcommand(1);
  auto* create = token->add_subcommand("create", "Create an API token for an account; prints it once");
  create->add_option("USERNAME", f->username, "The account the token acts as")->required();
  create->add_option("--label", f->label, "What the token is for (e.g. the diary system)");
  run(create, [&options, f] {
    return with_context(options, [&](service::Context& ctx) {
      auto t = service::create_token(ctx, service::command_line_actor(), f->username, f->label);
      if (!t) return report(t.error());
      std::fprintf(stderr, "token %lld for %s (shown once; store it safely; revoke with `ks token revoke %lld`):\n",
                   static_cast<long long>(t->id), f->username.c_str(), static_cast<long long>(t->id));
      std::printf("%s\n", t->token.c_str());
      return 0;
    });
  });
  auto* revoke = token->add_subcommand("revoke", "Revoke an API token by its id");
  revoke->add_option("ID", f->token_id, "Token id (printed by create and list)")->required();
  run(revoke, [&options, f] {
    return with_context(options, [&](service::Context& ctx) {
      return done(service::revoke_token(ctx, service::command_line_actor(), f->token_id),
                  "token " + std::to_string(f->token_id) + " revoked");
    });
  });
}

} // namespace ks::cli
