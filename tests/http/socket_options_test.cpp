// The listening socket's options, and that Linux hands TCP_NODELAY on to accepted connections —
// without it every keep-alive response waited 40 ms for a delayed ACK (issue 8).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

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

// A listener bound on loopback with `backlog`, its port in `addr`.
int listener_on_loopback(sockaddr_in& addr, int backlog) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_TRUE(configure_listening_socket(listener));
  addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(listen(listener, backlog), 0);
  socklen_t len = sizeof addr;
  EXPECT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  return listener;
}

// How many of `n` clients connecting at once have finished their handshake after 300 ms while
// nobody accepts (a dropped handshake is retried by the client only after a second).
int handshakes_done(const sockaddr_in& addr, int n) {
  std::vector<int> clients;
  for (int i = 0; i < n; ++i) {
    const int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    const int r = connect(c, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    EXPECT_TRUE(r == 0 || errno == EINPROGRESS);
    clients.push_back(c);
  }
  usleep(300'000);
  int done = 0;
  for (const int c : clients) {
    sockaddr_in peer{};
    socklen_t size = sizeof peer;
    if (getpeername(c, reinterpret_cast<sockaddr*>(&peer), &size) == 0) ++done;
    close(c);
  }
  return done;
}

// cpp-httplib listens with a backlog of 5; ks serve widens it, so that 32 clients reconnecting at
// once (each after its keep-alive connection's 100 requests) are all let in at once.
TEST(SocketOptions, AWidenedBacklogLetsABurstOfClientsIn) {
  sockaddr_in addr{};
  const int narrow = listener_on_loopback(addr, 5);
  EXPECT_LT(handshakes_done(addr, 32), 32) << "httplib's backlog of 5 drops some of a burst";
  close(narrow);
  const int listener = listener_on_loopback(addr, 5);
  ASSERT_TRUE(widen_listen_backlog(listener));
  EXPECT_EQ(handshakes_done(addr, 32), 32);
  close(listener);
}

} // namespace
} // namespace ks::http
