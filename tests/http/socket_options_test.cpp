// The listening socket's options, and that Linux hands TCP_NODELAY on to accepted connections —
// without it every keep-alive response waited 40 ms for a delayed ACK (issue 8).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "http/socket_options.hpp"

namespace ks::http {
namespace {

int option(int sock, int level, int name) {
  int value = -1;
  socklen_t size = sizeof value;
  EXPECT_EQ(getsockopt(sock, level, name, &value, &size), 0);
  return value;
}

TEST(SocketOptions, AcceptedConnectionsSendWithoutNagleDelay) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  ASSERT_TRUE(configure_listening_socket(listener));
  EXPECT_NE(option(listener, SOL_SOCKET, SO_REUSEADDR), 0);
  EXPECT_EQ(option(listener, SOL_SOCKET, SO_REUSEPORT), 0); // A second `ks serve` on the port must fail.

  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);

  const int client = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const int accepted = accept(listener, nullptr, nullptr);
  ASSERT_GE(accepted, 0);
  EXPECT_NE(option(accepted, IPPROTO_TCP, TCP_NODELAY), 0);
  close(accepted);
  close(client);
  close(listener);
}

} // namespace
} // namespace ks::http
