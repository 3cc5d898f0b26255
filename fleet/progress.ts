/**
 * Progress of long work on stderr, for people at a terminal: done/total, rate, time left, one line
 * rewritten in place. Off (a no-op) when stderr is not a terminal, so CI logs and piped JSON stay clean.
 */
export interface Progress {
  /** `done` of `total` finished. */
  update(done: number): void;
  /** Clears the line. */
  end(): void;
}

export interface ProgressOptions {
  /** What is counted, e.g. `fleet drift: tenants`. */
  readonly label: string;
  readonly total: number;
  readonly write: (text: string) => void;
  /** Whether stderr is a terminal: otherwise nothing is written. */
  readonly isTTY: boolean;
  /** Milliseconds; a test's clock. */
  readonly now?: () => number;
  /**
   * Least time between two lines, so a fast loop does not flood the terminal.
   * @default 200
   */
  readonly intervalMs?: number;
}

const NONE: Progress = { update: () => undefined, end: () => undefined };

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The progress line for `done` of `total` after `elapsedMs`. */
export function progressLine(label: string, done: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = rate > 0 ? (total - done) / rate : Infinity;
  const rateText = rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
  return `${label} ${done}/${total}, ${rateText}/s, ${done >= total ? "done" : `about ${duration(left)} left`}`;
}

export function progress(options: ProgressOptions): Progress {
  if (!options.isTTY || options.total <= 0) return NONE;
  const now = options.now ?? Date.now;
  const started = now();
  const interval = options.intervalMs ?? 200;
  let last = -Infinity;
  let shown = false;
  return {
    update(done) {
      const t = now();
      if (done < options.total && t - last < interval) return;
      last = t;
      shown = true;
      options.write(`\r\u001b[2K${progressLine(options.label, done, options.total, t - started)}`);
    },
    end() {
      if (shown) options.write("\r\u001b[2K");
    },
  };
}
