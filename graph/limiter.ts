/**
 * At most `max` tasks running at once; the rest wait in arrival order. One per Graph client, so
 * every reader of a tenant (policies, groups, roles, users, registration details) shares it.
 * Waiting tasks hold no slot: a request sleeping before its retry lets another go.
 */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly running: number;
  /** The most tasks that ran at once so far (what `npm run bench` reports). */
  readonly mostRunning: number;
}

export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`a limit of requests in flight must be a whole number ≥ 1, not ${max}`);
  // Arrays, not a Set or Map: this runs inside the serialized Security Defaults provider too.
  const waiting: (() => void)[] = [];
  let running = 0;
  let mostRunning = 0;
  // A finished task hands its slot straight to the next waiting one, so no newcomer slips in between.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    get running() {
      return running;
    },
    get mostRunning() {
      return mostRunning;
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
      else running++;
      mostRunning = Math.max(mostRunning, running);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
