#include "http/errors.hpp"

#include "service/field_errors.hpp"
#include "web/pages.hpp"

namespace ks::http {

int status_for(ErrorCode code) {
  switch (code) {
  case ErrorCode::invalid_input: return 422;
  case ErrorCode::not_found: return 404;
  case ErrorCode::conflict: return 409;
  case ErrorCode::unauthenticated: return 401;
  case ErrorCode::forbidden: return 403;
  case ErrorCode::rate_limited: return 429;
  case ErrorCode::too_large: return 413;
  case ErrorCode::unavailable: return 503;
  case ErrorCode::internal: return 500;
  }
  return 500;
}

Response error_response(const Request& request, const Error& error) {
  int status = status_for(error.code);
  // Internal details stay in the log; the caller gets a generic message.
  std::string message = error.code == ErrorCode::internal ? "internt fel (request " + request.request_id + ")"
                                                          : error.message;
  if (request.wants_json()) {
    nlohmann::json e = {{"code", to_string(error.code)}, {"message", message}};
    if (!error.field.empty()) e["field"] = error.field;
    // Every problem with a submitted form at once (service/field_errors.hpp).
    if (auto fields = service::field_errors_of(error); !fields.empty()) {
      message = "formuläret innehåller fel i " + std::to_string(fields.size()) + " fält";
      e["message"] = message;
      e["fields"] = nlohmann::json::array();
      for (const auto& f : fields) e["fields"].push_back({{"key", f.key}, {"message", f.message}});
    }
    return Response::json({{"error", e}}, status);
  }
  return Response::html(web::render_error_page(request.lang, status, message, error.field), status);
}

} // namespace ks::http
