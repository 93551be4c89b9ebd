-- wrk script: GET wrk.path with a bearer token from TOKEN (the API's authentication).
local token = os.getenv("TOKEN")
function request()
  local headers = {}
  if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", wrk.path, headers)
end
