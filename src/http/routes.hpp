// Every group of routes, registered by register_all_routes (ks serve and the HTTP tests).
#pragma once

#include "http/server.hpp"

namespace ks::http {

void register_home_routes(Server& server);
void register_followup_routes(Server& server); // routes_followup.cpp
void register_structure_routes(Server& server); // routes_structure.cpp
void register_process_map_routes(Server& server); // routes_process_map.cpp
void register_task_pages(Server& server);          // routes_task_pages.cpp
void register_case_pages(Server& server);          // routes_case_pages.cpp
void register_ks_pages(Server& server);            // routes_ks_pages.cpp
void register_case_routes(Server& server);        // routes_cases.cpp

// Registers every route group and the hooks (authentication, CSRF) on the server.
void register_all_routes(Server& server);

} // namespace ks::http
