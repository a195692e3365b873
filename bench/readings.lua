-- wrk script for the reading uploads of issue 10 (bench/run.mjs writes the
-- plan and reads the result): devices sending glucose sensor readings.
--
-- WRK_PLAN names a file of devices, one a line, fields separated by tabs:
--   PATH  HEADER  VALUE
-- the route to post to and the header that carries the device's secret
-- ("Authorization" with "Bearer <token>", or Nightscout's "api-secret" with
-- the SHA-1 of the token in hex). Each wrk thread sends to the devices in
-- turn, starting at its own place, over its keep-alive connections.
--
-- WRK_BODY says what each request carries:
--   batch   {"readings": [WRK_BATCH readings]} (POST .../measurements)
--   single  one reading {"kind", "taken_at", "value"} (POST .../measurements)
--   entries a Nightscout uploader's array of sgv entries, 1, 2, ... 12 of
--           them in turn (POST /nightscout/api/v1/entries)
--
-- Every reading is new: a device's readings are one minute apart (a
-- Libre 3's interval), each thread's from its own stretch of WRK_SPAN
-- minutes starting at WRK_FIRST_MS (milliseconds), so no request is an
-- upsert of a reading already stored. A thread that runs past its stretch
-- counts it (overflow=N): bench/run.mjs then refuses the run.
--
-- At the end it prints one line:
--   WRK_RESULT requests=N duration_us=N p50_us=N p99_us=N status_errors=N other_errors=N
--     sent=N readings=N overflow=N not_created=N
-- sent and readings: the requests built and the readings in them (readings
-- per request = readings / sent); not_created: replies other than 201 from
-- the measurements route (200 would mean nothing new was stored).

local user_agent = "xDrip+ 2024.08 (bench)"

local mode = os.getenv("WRK_BODY") or "batch"
local batch = tonumber(os.getenv("WRK_BATCH") or "1000")
local first_ms = tonumber((assert(os.getenv("WRK_FIRST_MS"), "WRK_FIRST_MS is not set")))
local span = tonumber(os.getenv("WRK_SPAN") or "1000000")
local MINUTE = 60000

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
      local p = split(line)
      local headers = { ["User-Agent"] = user_agent, ["Accept"] = "application/json",
        ["Content-Type"] = "application/json", [p[2]] = p[3] }
      plan[#plan + 1] = { path = p[1], headers = headers, used = 0 }
    end
  end
  f:close()
  return plan
end

local threads = {}
function setup(thread)
  thread:set("thread_index", #threads)
  threads[#threads + 1] = thread
end

local plan, next_entry, base, next_size
sent, readings, overflow, not_created = 0, 0, 0, 0
function init(args)
  plan = load_plan()
  next_entry = (thread_index or 0) % #plan
  base = first_ms + (thread_index or 0) * span * MINUTE
  next_size = 0
end

-- A sensor's trace: a slow wave between about 4 and 11 mmol/L (72 to 198 mg/dL).
local function mmol(minute)
  return 4.0 + ((minute * 7919) % 700) / 100.0
end

local directions = { "Flat", "FortyFiveUp", "Flat", "FortyFiveDown", "Flat", "SingleUp", "Flat", "SingleDown" }

-- The next `n` minutes of device e's stretch, as the minute numbers from base.
local function take(e, n)
  local from = e.used
  e.used = e.used + n
  if e.used > span then overflow = overflow + 1 end
  readings = readings + n
  return from
end

local function iso(ms)
  return os.date("!%Y-%m-%dT%H:%M:%S", math.floor(ms / 1000)) .. "Z"
end

local function reading(minute)
  return string.format('{"kind":"cgm","taken_at":"%s","value":%.1f}', iso(base + minute * MINUTE), mmol(minute))
end

local function entry(minute)
  local ms = base + minute * MINUTE
  return string.format('{"type":"sgv","sgv":%d,"date":%d,"dateString":"%s","direction":"%s",' ..
    '"device":"xDrip-LibreReceiver","noise":1,"filtered":%d,"unfiltered":%d,"rssi":100,"utcOffset":60}',
    math.floor(mmol(minute) * 18 + 0.5), ms, iso(ms), directions[minute % #directions + 1],
    math.floor(mmol(minute) * 18000), math.floor(mmol(minute) * 18000))
end

function request()
  local e = plan[next_entry + 1]
  next_entry = (next_entry + 1) % #plan
  sent = sent + 1
  local body
  if mode == "single" then
    body = reading(take(e, 1))
  elseif mode == "entries" then
    local n = next_size + 1
    next_size = (next_size + 1) % 12
    local from = take(e, n)
    local parts = {}
    for i = 0, n - 1 do parts[#parts + 1] = entry(from + i) end
    body = "[" .. table.concat(parts, ",") .. "]"
  else
    local from = take(e, batch)
    local parts = {}
    for i = 0, batch - 1 do parts[#parts + 1] = reading(from + i) end
    body = '{"readings":[' .. table.concat(parts, ",") .. "]}"
  end
  return wrk.format("POST", e.path, e.headers, body)
end

function response(status, headers, body)
  if mode ~= "entries" and status ~= 201 then not_created = not_created + 1 end
end

function done(summary, latency, requests)
  local err = summary.errors
  local s, r, o, n = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("sent")
    r = r + t:get("readings")
    o = o + t:get("overflow")
    n = n + t:get("not_created")
  end
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d status_errors=%d other_errors=%d " ..
    "sent=%d readings=%d overflow=%d not_created=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), err.status,
    err.connect + err.read + err.write + err.timeout, s, r, o, n))
end
