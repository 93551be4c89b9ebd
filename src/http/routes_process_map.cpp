// Routines as process maps: GET /processes (the list), /processes/{id} (the drawing and its text
// version) and /processes/{id}/bpmn (the BPMN XML the drawing is made from). Public, like the
// structure: a routine is how the region works, not case data.
#include "engine/library.hpp"
#include "http/page.hpp"
#include "http/routes.hpp"
#include "web/process_map.hpp"

namespace ks::http {

namespace {

using nlohmann::json;

// The routines compiled into the binary (the ones `ks serve` deploys), loaded once.
Result<const engine::ProcessLibrary*> shipped() {
  static const Result<engine::ProcessLibrary> library = engine::load_shipped_library();
  if (!library) return fail(library.error());
  return &*library;
}

Result<std::string_view> process_xml(const std::string& id) {
  const auto* lib = KS_TRY(shipped());
  auto xml = lib->process_xml(id);
  if (!xml) return fail(Error::not_found("Det finns ingen rutin med id " + id));
  return *xml;
}

} // namespace

void register_process_map_routes(Server& server) {
  auto& r = server.router();

  r.add(Method::get, "/processes", [](Request& req) -> Result<Response> {
    const auto* lib = KS_TRY(shipped());
    json routines = json::array();
    for (const auto& id : lib->definitions.process_ids()) {
      auto map = KS_TRY(web::read_process_map(*lib->process_xml(id), id));
      routines.push_back({{"id", id}, {"name", map.name}, {"title", map.title}, {"steps", map.steps.size()}});
    }
    return page(req, "process_index", web::t(req.lang, "map_routines"), {{"routines", routines}});
  });

  r.add(Method::get, "/processes/{id}", [](Request& req) -> Result<Response> {
    const auto& id = req.path_param("id");
    auto map = KS_TRY(web::read_process_map(KS_TRY(process_xml(id)), id));
    json context = {{"map", web::process_map_context(map, req.lang, "/processes/" + id + "/bpmn")}};
    return page(req, "process_detail", map.name, context);
  });

  r.add(Method::get, "/processes/{id}/bpmn", [](Request& req) -> Result<Response> {
    return Response::text(std::string(KS_TRY(process_xml(req.path_param("id")))), "application/xml; charset=utf-8");
  });
}

} // namespace ks::http
