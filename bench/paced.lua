-- Paced load for wrk (Debian packages no wrk2). Every connection waits PACED_DELAY_MS after each
-- answer before it sends its next request, so C connections offer a little under
-- C * 1000 / PACED_DELAY_MS requests/s (less the answers' own time; the report prints the rate
-- achieved). wrk delays in whole milliseconds, so a fractional delay is rounded up or down at
-- random in the right proportion. Latency counts from each send, as in plain wrk: a request the
-- client could not send on time is not counted as late (no coordinated-omission correction), so
-- when the server stalls this p99 is a lower bound.
local delay_ms = tonumber(os.getenv("PACED_DELAY_MS")) or 1
local whole = math.floor(delay_ms)
local fraction = delay_ms - whole

function delay()
  if math.random() < fraction then
    return whole + 1
  end
  return whole
end
