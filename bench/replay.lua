-- wrk script: replays raw HTTP requests that bench/signing.py prepared, in rotation.
--   wrk ... -s bench/replay.lua http://127.0.0.1:PORT -- REQUEST_FILE
-- The file holds records "<length>\n<bytes>". wrk signs nothing itself: every server gets
-- byte-identical requests (up to the Host header), and the client's work is the same for all.
-- At the end it prints one line, "BENCH_RESULT key=value ...", that bench.py parses.

local requests = {}
local next_index = 1

function init(args)
   local f = assert(io.open(args[1], "rb"))
   local data = f:read("*a")
   f:close()
   local pos = 1
   while pos <= #data do
      local nl = data:find("\n", pos, true)
      local len = tonumber(data:sub(pos, nl - 1))
      requests[#requests + 1] = data:sub(nl + 1, nl + len)
      pos = nl + len + 1
   end
   assert(#requests > 0, "no requests in " .. args[1])
end

function request()
   local r = requests[next_index]
   next_index = next_index % #requests + 1
   return r
end

function done(summary, latency, _)
   local e = summary.errors
   io.write(string.format(
      "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d " ..
      "connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
      e.connect, e.read, e.write, e.status, e.timeout))
end
