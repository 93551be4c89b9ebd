#include "http/routes.hpp"

namespace ks::http {

void register_all_routes(Server& server) {
  register_operational_routes(server);
  register_home_routes(server);
  register_structure_routes(server);
}

} // namespace ks::http
