#include "http/socket_options.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace ks::http {

bool configure_listening_socket(int sock) {
  int yes = 1;
  bool ok = setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) == 0;
  ok = setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes) == 0 && ok;
  return ok;
}

bool widen_listen_backlog(int sock) { return ::listen(sock, SOMAXCONN) == 0; }

} // namespace ks::http
