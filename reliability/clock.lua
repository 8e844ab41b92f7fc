-- wrk script: requests rotate over all 720 mirror times; WRK_DELAY_MS (optional) makes every
-- connection pause that long between requests, which paces the load (wrk has no rate option);
-- done() prints one line of figures for the calling script to parse.
local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "0")
local requests = {}
local next_index = 1

function init(args)
  for hour = 1, 12 do
    for minute = 0, 59 do
      requests[#requests + 1] =
        wrk.format("GET", string.format("/clock?mirror_time=%02d:%02d", hour, minute))
    end
  end
  next_index = math.random(#requests)
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d seconds=%.1f rate=%.0f non2xx=%d connect=%d read=%d write=%d timeout=%d"
      .. " p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f\n",
    summary.requests, seconds, summary.requests / seconds, e.status, e.connect, e.read,
    e.write, e.timeout, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
end
