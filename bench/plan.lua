-- wrk script for the benchmarks (bench/run.mjs writes the plan and reads the result).
--
-- WRK_PLAN names a file of requests, one a line, fields separated by tabs:
--   METHOD  PATH  COOKIE  CSRF  BODY
-- (COOKIE, CSRF and BODY may be empty). Each wrk thread sends the plan's
-- requests in turn, starting at its own place, over its keep-alive
-- connections. "{n}" in a body becomes a number unique to the request, so
-- no two writes carry the same text.
--
-- At the end it prints one line:
--   WRK_RESULT requests=N duration_us=N p50_us=N p99_us=N status_errors=N other_errors=N

local user_agent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do fields[#fields + 1] = field end
  return fields
end

local function load_plan()
  local plan = {}
  local f = assert(io.open(assert(os.getenv("WRK_PLAN"), "WRK_PLAN is not set"), "r"))
  for line in f:lines() do
    if line ~= "" then
      local f = split(line)
      local headers = { ["User-Agent"] = user_agent, ["Accept"] = "application/json" }
      if f[3] ~= "" then headers["Cookie"] = "roer=" .. f[3] end
      if f[4] ~= "" then headers["X-CSRF-Token"] = f[4] end
      local body = f[5] ~= "" and f[5] or nil
      if body then headers["Content-Type"] = "application/json" end
      local entry = { method = f[1], path = f[2], headers = headers, body = body }
      if not (body and body:find("{n}", 1, true)) then
        entry.raw = wrk.format(entry.method, entry.path, headers, body)
      end
      plan[#plan + 1] = entry
    end
  end
  f:close()
  return plan
end

local threads = 0
function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

local plan, next_entry, counter
function init(args)
  plan = load_plan()
  next_entry = (thread_index or 0) % #plan
  counter = (thread_index or 0) * 1000000000
end

function request()
  local e = plan[next_entry + 1]
  next_entry = (next_entry + 1) % #plan
  if e.raw then return e.raw end
  counter = counter + 1
  local body = e.body:gsub("{n}", tostring(counter))
  return wrk.format(e.method, e.path, e.headers, body)
end

function done(summary, latency, requests)
  local err = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d status_errors=%d other_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), err.status,
    err.connect + err.read + err.write + err.timeout))
end
