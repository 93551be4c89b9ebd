// Options of the listening socket of `ks serve` (Linux gives accepted connections the listening
// socket's TCP_NODELAY).
#pragma once

namespace ks::http {

// SO_REUSEADDR, not SO_REUSEPORT (httplib's default): a second `ks serve` on a port in use must
// fail, not share it. TCP_NODELAY: httplib sends a response's headers and its body in separate
// writes, and with Nagle's algorithm the body waits for the client's delayed ACK of the headers —
// 40 ms on Linux for every keep-alive request after the first (issue 8: ≈350 requests/s on every
// endpoint, whatever its work, before; 5,000–8,000 after). Returns false when an option failed.
bool configure_listening_socket(int sock);

// Lets connections wait to be accepted in a queue as long as the kernel allows (SOMAXCONN), on a
// socket already listening. cpp-httplib (Debian's, compiled) listens with a backlog of 5: when a
// burst of clients reconnects — as each does after its keep-alive connection's 100 requests — the
// sixth and later handshakes are dropped and retried by the client a second later (issue 8: a
// case page's p99 of 264 ms under 32 connections, with a p90 of 12 ms). Returns false on failure.
bool widen_listen_backlog(int sock);

} // namespace ks::http
