-- wrk script for Magpie's load benchmarks (driven by bench/run; see docs/BENCHMARKS.md).
--
-- One script, every workload, chosen by environment variables so that all of them (the ceiling
-- included) pay the same driver cost: each request picks a random account's token and is built
-- with wrk.format.
--
--   BENCH_WORKLOAD   health | home | account | create | mixed | warm
--                      health  GET /health (the ceiling: the server's cheapest endpoint)
--                      home    GET /api/v1/timelines/home?limit=20
--                      account GET /api/v1/accounts/:id/statuses?limit=20 (random account)
--                      create  POST /api/v1/statuses (multilingual text with hashtags)
--                      mixed   60% home, 30% account, 10% create (DeathStarBench's mix)
--                      warm    one home read per token, in order; then the thread stops and
--                              appends a line to BENCH_DONE_FILE (bench/run then ends wrk early
--                              with SIGINT, which makes wrk report at once)
--   BENCH_TOKENS     file of "account_id<TAB>token" lines (the accounts requests are spread over)
--   BENCH_THREADS    wrk's -t (each thread takes every BENCH_THREADS-th line)
--   BENCH_DELAY_MS   optional: each connection waits about this long (uniformly 0..2x) before
--                    each request (pacing)
--   BENCH_DEBUG      optional: count status codes and print the first error bodies to stderr
--
-- done() prints one line "BENCH_JSON {...}" with requests/s, latency percentiles (microseconds)
-- and errors. wrk measures closed-loop latency (a slow response delays the next request on its
-- connection), so high percentiles under overload are understated; BENCHMARKS.md says so.

local workload = os.getenv("BENCH_WORKLOAD") or "home"
local tokens_file = os.getenv("BENCH_TOKENS") or "tokens.tsv"
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "")
local debug = os.getenv("BENCH_DEBUG") ~= nil
local done_file = os.getenv("BENCH_DONE_FILE")

local threads = {}
local next_index = 0

function setup(thread)
  thread:set("thread_index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

local ids = {}
local auth = {}
local count = 0
local cursor = 0
local statuses = {}
local errors_shown = 0

-- Post texts: the five languages of the generated network, Weibo topics and #tags.
local texts = {
  "#今天吃什么#刚下班，去吃了一碗牛肉面，真香！ #美食",
  "周末在杭州看了展览，很治愈。 #旅行",
  "Hot take: the night train is underrated. #travel",
  "Finally tried the new coffee place in Dublin and it is worth it. #coffee #Magpie",
  "今日は東京でラーメン、最高でした！ #ラーメン",
  "桜がすごく綺麗。また行きたい。 #写真",
  "Hoy en Madrid: el partido estuvo increíble. #fútbol",
  "¿Soy el único que piensa que las tapas son lo mejor? #recetas",
  "اليوم في القاهرة، القهوة كانت رائعة! #قهوة",
  "هل يتفق معي أحد أن البحر جميل جدا؟ #سفر",
}

function init(args)
  local i = 0
  for line in io.lines(tokens_file) do
    if i % thread_count == thread_index then
      local tab = line:find("\t", 1, true)
      if tab then
        count = count + 1
        ids[count] = line:sub(1, tab - 1)
        auth[count] = "Bearer " .. line:sub(tab + 1)
      end
    end
    i = i + 1
  end
  if count == 0 then
    io.stderr:write("magpie.lua: no tokens for thread " .. thread_index .. " in " .. tokens_file .. "\n")
    os.exit(2)
  end
  math.randomseed(12345 + thread_index)
end

local function pick()
  return math.random(count)
end

local function home(k)
  return wrk.format("GET", "/api/v1/timelines/home?limit=20", { ["Authorization"] = auth[k] })
end

local function account(k)
  local target = ids[math.random(count)]
  return wrk.format("GET", "/api/v1/accounts/" .. target .. "/statuses?limit=20",
                    { ["Authorization"] = auth[k] })
end

local posted = 0
local function create(k)
  posted = posted + 1
  local text = texts[math.random(#texts)] .. " " .. thread_index .. "-" .. posted
  local body = '{"status":"' .. text .. '","visibility":"public"}'
  return wrk.format("POST", "/api/v1/statuses",
                    { ["Authorization"] = auth[k], ["Content-Type"] = "application/json" }, body)
end

function request()
  local k = pick()
  if workload == "home" then
    return home(k)
  elseif workload == "account" then
    return account(k)
  elseif workload == "create" then
    return create(k)
  elseif workload == "mixed" then
    local r = math.random(100)
    if r <= 60 then
      return home(k)
    elseif r <= 90 then
      return account(k)
    end
    return create(k)
  elseif workload == "warm" then
    cursor = cursor + 1
    if cursor == count + 1 and done_file then
      local f = io.open(done_file, "a")
      f:write(thread_index .. "\n")
      f:close()
    end
    if cursor > count then
      wrk.thread:stop()
      cursor = count
    end
    return home(cursor)
  end
  return wrk.format("GET", "/health", { ["Authorization"] = auth[k] })
end

if delay_ms then
  -- Uniform in [0, 2 * BENCH_DELAY_MS]: the same mean, but connections drift apart instead of
  -- firing in synchronized bursts.
  function delay()
    return math.random(0, 2 * delay_ms)
  end
end

if debug then
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status >= 400 and errors_shown < 3 then
      errors_shown = errors_shown + 1
      io.stderr:write("magpie.lua: HTTP " .. status .. ": " .. tostring(body):sub(1, 300) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local codes = {}
  if debug then
    local merged = {}
    for _, t in ipairs(threads) do
      local s = t:get("statuses")
      if s then
        for code, n in pairs(s) do merged[code] = (merged[code] or 0) + n end
      end
    end
    for code, n in pairs(merged) do table.insert(codes, '"' .. code .. '":' .. n) end
  end
  local fields = {
    '"workload":"' .. workload .. '"',
    '"requests":' .. summary.requests,
    '"seconds":' .. string.format("%.3f", seconds),
    '"rps":' .. string.format("%.1f", summary.requests / seconds),
    '"p50_us":' .. latency:percentile(50),
    '"p90_us":' .. latency:percentile(90),
    '"p99_us":' .. latency:percentile(99),
    '"p999_us":' .. latency:percentile(99.9),
    '"max_us":' .. latency.max,
    '"mean_us":' .. string.format("%.1f", latency.mean),
    '"errors":{"connect":' .. e.connect .. ',"read":' .. e.read .. ',"write":' .. e.write ..
        ',"status":' .. e.status .. ',"timeout":' .. e.timeout .. '}',
    '"status_codes":{' .. table.concat(codes, ",") .. '}',
  }
  io.write("BENCH_JSON {" .. table.concat(fields, ",") .. "}\n")
end
