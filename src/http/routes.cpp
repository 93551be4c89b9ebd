#include "http/routes.hpp"

#include "http/auth.hpp"

namespace ks::http {

void register_all_routes(Server& server) {
  register_operational_routes(server);
  register_home_routes(server);
  register_structure_routes(server);
  register_followup_routes(server);
  register_process_map_routes(server);
  register_task_pages(server);
  register_case_pages(server);
  register_ks_pages(server);
  register_case_routes(server);
  register_auth_routes(server);
  register_audit_routes(server);
  install_auth_hooks(server);
}

} // namespace ks::http
