-- RedisLimiter's one script: admission, feedback and the monthly count, atomically.
--
-- Every time comes from the server (TIME), in microseconds, so clients whose clocks disagree
-- still share one timeline. Rates are requests per second.
--
-- KEYS[1]  hash: the bucket and the gate (tokens, ts, rate, ..., gate_until, probe)
-- KEYS[2]  hash: requests counted per calendar month (UTC), field "YYYY-MM"
-- KEYS[3]  sorted set: clients seen recently, scored by their last admission
--
-- ARGV[1]  mode: "admit", "settle" or "usage"
-- ARGV[2]  ceiling rate          ARGV[3]  burst (bucket size)   ARGV[4]  floor rate
-- ARGV[5]  adaptive (1 or 0)     ARGV[6]  decrease factor       ARGV[7]  successes per increase
-- ARGV[8]  increase step (rate)  ARGV[9]  client id
-- ARGV[10] outcomes this client saw since it last called: "s" a success, "t" a 429, in order
-- ARGV[11] monthly budget (-1: none)
-- ARGV[12] requests to add to this month's count (made while Redis was unreachable)
-- ARGV[13] cooldown to start, microseconds (settle)
-- ARGV[14] how long a probe may stay unanswered, microseconds
-- ARGV[15] how long a client counts as active after its last admission, microseconds
-- ARGV[16] how long idle state is kept, milliseconds
-- ARGV[17] month to read (usage; "" for the current one)
-- ARGV[18] how often to look again while a probe is out, microseconds

local EPSILON = 1e-9
local FIELDS = {
  'tokens', 'ts', 'rate', 'successes', 'granted', 'succeeded',
  'gate_until', 'probe', 'probe_owner', 'probe_until', 'decreases', 'increases',
}
local USAGE_TTL_MS = 400 * 86400 * 1000

local function now_us()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end

-- "YYYY-MM" of a Unix time in seconds (UTC); days-to-civil after Howard Hinnant.
local function month_of(seconds)
  local z = math.floor(seconds / 86400) + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor(
    (doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local month = mp < 10 and mp + 3 or mp - 9
  local year = yoe + era * 400
  if month <= 2 then year = year + 1 end
  return string.format('%04d-%02d', year, month)
end

local function num(x)
  return string.format('%.17g', x)
end

local function config()
  return {
    ceiling = tonumber(ARGV[2]),
    burst = tonumber(ARGV[3]),
    floor = tonumber(ARGV[4]),
    adaptive = ARGV[5] == '1',
    decrease = tonumber(ARGV[6]),
    increase_after = tonumber(ARGV[7]),
    step = tonumber(ARGV[8]),
    client = ARGV[9],
  }
end

local function load(cfg, now)
  local v = redis.call('HMGET', KEYS[1], unpack(FIELDS))
  local rate = tonumber(v[3]) or cfg.ceiling
  return {
    tokens = tonumber(v[1]) or cfg.burst,
    ts = tonumber(v[2]) or now,
    rate = math.min(cfg.ceiling, math.max(cfg.floor, rate)),
    successes = tonumber(v[4]) or 0,
    granted = tonumber(v[5]) or 1,
    succeeded = tonumber(v[6]) or 1,
    gate_until = tonumber(v[7]) or 0,
    probe = v[8] or '',
    probe_owner = v[9] or '',
    probe_until = tonumber(v[10]) or 0,
    decreases = tonumber(v[11]) or 0,
    increases = tonumber(v[12]) or 0,
  }
end

local function save(s)
  redis.call('HSET', KEYS[1],
    'tokens', num(s.tokens), 'ts', num(s.ts), 'rate', num(s.rate),
    'successes', s.successes, 'granted', s.granted, 'succeeded', s.succeeded,
    'gate_until', num(s.gate_until), 'probe', s.probe, 'probe_owner', s.probe_owner,
    'probe_until', num(s.probe_until), 'decreases', s.decreases, 'increases', s.increases)
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[16]))
end

local function refill(s, cfg, now)
  if now > s.ts then
    s.tokens = math.min(cfg.burst, s.tokens + (now - s.ts) / 1000000 * s.rate)
    s.ts = now
  end
  s.tokens = math.min(cfg.burst, s.tokens)
end

-- A 429 empties the bucket; it lowers the rate once per congestion event: only when a permit
-- was granted and a success seen since the last decrease (as the in-memory TokenBucket does).
local function throttled(s, cfg)
  s.successes = 0
  s.tokens = 0
  if s.probe == 'out' and s.probe_owner == cfg.client then
    s.probe = 'needed'
  end
  if cfg.adaptive and s.granted == 1 and s.succeeded == 1 then
    s.granted = 0
    s.succeeded = 0
    s.rate = math.max(cfg.floor, s.rate * cfg.decrease)
    s.decreases = s.decreases + 1
  end
end

local function succeeded(s, cfg)
  s.succeeded = 1
  if s.probe == 'out' and s.probe_owner == cfg.client then
    s.probe = ''
  end
  if not cfg.adaptive or s.rate >= cfg.ceiling then
    s.successes = 0
    return
  end
  s.successes = s.successes + 1
  if s.successes >= cfg.increase_after then
    s.successes = 0
    s.rate = math.min(cfg.ceiling, s.rate + cfg.step)
    s.increases = s.increases + 1
  end
end

local function apply_outcomes(s, cfg, outcomes)
  for i = 1, #outcomes do
    local c = string.sub(outcomes, i, i)
    if c == 's' then
      succeeded(s, cfg)
    elseif c == 't' then
      throttled(s, cfg)
    end
  end
end

local function count_month(month)
  local add = tonumber(ARGV[12])
  if add > 0 then
    local used = redis.call('HINCRBY', KEYS[2], month, add)
    redis.call('PEXPIRE', KEYS[2], USAGE_TTL_MS)
    return used
  end
  return tonumber(redis.call('HGET', KEYS[2], month) or 0)
end

local function admit(cfg, now)
  local s = load(cfg, now)
  refill(s, cfg, now)
  apply_outcomes(s, cfg, ARGV[10])
  local month = month_of(math.floor(now / 1000000))
  local used = count_month(month)
  local client_ttl = tonumber(ARGV[15])
  redis.call('ZADD', KEYS[3], now, cfg.client)
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - client_ttl)
  redis.call('PEXPIRE', KEYS[3], math.ceil(client_ttl / 1000))
  local active = redis.call('ZCARD', KEYS[3])
  local budget = tonumber(ARGV[11])
  if budget >= 0 and used >= budget then
    save(s)
    return {'quota', used, budget, month}
  end
  if now < s.gate_until then
    save(s)
    return {'closed', math.ceil(s.gate_until - now), active}
  end
  if s.probe == 'out' and now < s.probe_until then
    save(s)
    return {'probe', math.ceil(math.min(s.probe_until - now, tonumber(ARGV[18]))), active}
  end
  if s.tokens < 1 - EPSILON then
    save(s)
    return {'wait', math.ceil((1 - s.tokens) / s.rate * 1000000), active}
  end
  s.tokens = math.max(0, s.tokens - 1)
  s.granted = 1
  local is_probe = 0
  if s.probe ~= '' then
    s.probe = 'out'
    s.probe_owner = cfg.client
    s.probe_until = now + tonumber(ARGV[14])
    is_probe = 1
  end
  save(s)
  used = redis.call('HINCRBY', KEYS[2], month, 1)
  redis.call('PEXPIRE', KEYS[2], USAGE_TTL_MS)
  return {'granted', num(s.rate), used, active, is_probe, month}
end

local function settle(cfg, now)
  local s = load(cfg, now)
  refill(s, cfg, now)
  apply_outcomes(s, cfg, ARGV[10])
  local cooldown = tonumber(ARGV[13])
  if cooldown > 0 and now + cooldown > s.gate_until then
    s.gate_until = now + cooldown
    s.probe = 'needed'
  end
  save(s)
  return {'settled', num(s.rate), math.ceil(math.max(0, s.gate_until - now))}
end

local function usage(now)
  local month = ARGV[17]
  if month == '' then
    month = month_of(math.floor(now / 1000000))
  end
  return {'usage', month, count_month(month)}
end

-- entry point
local now = now_us()
local mode = ARGV[1]
if mode == 'admit' then
  return admit(config(), now)
elseif mode == 'settle' then
  return settle(config(), now)
elseif mode == 'usage' then
  return usage(now)
end
return redis.error_reply('unknown mode ' .. tostring(mode))
