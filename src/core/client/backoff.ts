// How long to wait before asking GitHub again. The rules are GitHub's own ("Best practices for
// using the REST API", rate limits): after `retry-after`, wait that many seconds; when
// `x-ratelimit-remaining` is 0, wait until `x-ratelimit-reset`; otherwise after a secondary
// limit, wait at least a minute, exponentially longer while it persists. Failures that may pass
// (5xx, timeouts) back off exponentially from a few seconds. Between polls, the interval grows
// so that the remaining budget lasts until the limit resets. Pure: time is passed in.

export interface PollPolicy {
  /** The usual interval between two polls. */
  readonly intervalMs: number;
  /** The first wait after a passing failure; doubled per consecutive failure. */
  readonly retryBaseMs: number;
  /** No single wait longer than this (except to a known rate-limit reset). */
  readonly maxWaitMs: number;
  /** Give up after this many consecutive passing failures. */
  readonly maxFailures: number;
}

export const DEFAULT_POLICY: PollPolicy = {
  intervalMs: 10_000,
  retryBaseMs: 2_000,
  maxWaitMs: 5 * 60_000,
  maxFailures: 8,
};

export type Refusal =
  | {
      readonly kind: 'rate-limit';
      readonly retryAfterS: number | undefined;
      readonly remaining: number | undefined;
      readonly resetAtS: number | undefined;
    }
  | { readonly kind: 'unavailable' };

/** The wait before retry number `attempt` (1 for the first) after `refusal`. */
export function waitAfter(
  refusal: Refusal,
  attempt: number,
  nowMs: number,
  policy: PollPolicy,
): number {
  const doubling = 2 ** Math.min(Math.max(attempt - 1, 0), 20);
  if (refusal.kind === 'unavailable')
    return Math.min(policy.retryBaseMs * doubling, policy.maxWaitMs);
  if (refusal.retryAfterS !== undefined) return Math.max(0, refusal.retryAfterS * 1000);
  if (refusal.remaining === 0 && refusal.resetAtS !== undefined)
    return Math.max(1000, refusal.resetAtS * 1000 - nowMs + 1000);
  return Math.min(60_000 * doubling, Math.max(policy.maxWaitMs, 60_000));
}

export interface RateBudget {
  readonly remaining: number | undefined;
  readonly resetAtS: number | undefined;
}

/**
 * The wait before the next poll of `requestsPerPoll` requests: the usual interval, or longer
 * when the remaining requests would not last until the limit resets.
 */
export function waitBetweenPolls(
  rate: RateBudget,
  requestsPerPoll: number,
  nowMs: number,
  policy: PollPolicy,
): number {
  if (rate.remaining === undefined || rate.resetAtS === undefined) return policy.intervalMs;
  const untilReset = Math.max(0, rate.resetAtS * 1000 - nowMs) + 1000;
  if (rate.remaining < requestsPerPoll) return Math.max(policy.intervalMs, untilReset);
  const polls = Math.floor(rate.remaining / requestsPerPoll);
  return Math.max(policy.intervalMs, Math.min(untilReset, Math.ceil(untilReset / polls)));
}
