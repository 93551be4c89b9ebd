// The one place where errors become HTTP statuses and bodies. Handlers return Result<Response>;
// on error the server calls error_response, so no handler chooses a status code for an error.
#pragma once

#include "core/result.hpp"
#include "http/request.hpp"

namespace ks::http {

int status_for(ErrorCode code);

// JSON {"error":{"code","message","field"}} for API requests; for browser requests, the HTML
// page rendered by the web layer's error template.
Response error_response(const Request& request, const Error& error);

} // namespace ks::http
