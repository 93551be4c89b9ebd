-- wrk script: each request completes a different open task. Reads TASKS_FILE (lines of
-- "task_id<TAB>bearer token<TAB>JSON body", written by `ks bench open-tasks`); each wrk thread
-- takes every n-th line so no task is completed twice. When a thread runs out of tasks it asks for
-- /healthz instead; done() prints how many such spare requests there were, and bench/http/run.sh
-- counts only the completions.
local tasks = {}
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  local file = os.getenv("TASKS_FILE")
  local n = tonumber(os.getenv("WRK_THREADS") or "1")
  local i = 0
  for line in io.lines(file) do
    if i % n == id - 1 then
      local tid, token, body = line:match("^(%d+)\t([^\t]+)\t(.*)$")
      if tid then table.insert(tasks, { id = tid, token = token, body = body }) end
    end
    i = i + 1
  end
  next_task = 1
  spare = 0
end

function request()
  local t = tasks[next_task]
  if t == nil then
    spare = spare + 1
    return wrk.format("GET", "/healthz")
  end
  next_task = next_task + 1
  return wrk.format("POST", "/api/v1/tasks/" .. t.id .. "/complete",
    { ["Authorization"] = "Bearer " .. t.token, ["Content-Type"] = "application/json" }, t.body)
end

function done(summary, latency, requests)
  local n = 0
  for _, thread in ipairs(threads) do n = n + (thread:get("spare") or 0) end
  io.write(string.format("spare requests: %d\n", n))
end
