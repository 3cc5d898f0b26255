/**
 * Progress of long work on stderr, for people at a terminal: done/total, rate, time left, one line
 * rewritten in place. Off (a no-op) when stderr is not a terminal, so CI logs and piped JSON stay clean.
 * Layer 0 so the Graph readers, the live reads, the fleet and the CLIs share one meter.
 */
export interface Progress {
  /** `done` of `total` finished; `total` may arrive late (after a count is known). */
  update(done: number, total?: number): void;
  /** Clears the line. */
  end(): void;
}

export interface ProgressOptions {
  /** What is counted, e.g. `fleet drift: tenants`. */
  readonly label: string;
  /**
   * How many there are; without it (Graph pages without a count) the line shows done and rate, no time left.
   * @default unknown
   */
  readonly total?: number;
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

/**
 * Hears the progress of long work: `done` items so far, of `total` when it is known (Graph's paged
 * reports give none). Readers take one optionally and call it as items finish; without it they work the same.
 */
export type OnProgress = (done: number, total?: number) => void;

/** The progress line for `done` of `total` (when known) after `elapsedMs`. */
export function progressLine(label: string, done: number, total: number | undefined, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const rateText = rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
  if (total === undefined) return `${label} ${done}, ${rateText}/s`;
  const left = rate > 0 ? (total - done) / rate : Infinity;
  return `${label} ${done}/${total}, ${rateText}/s, ${done >= total ? "done" : `about ${duration(left)} left`}`;
}

export function progress(options: ProgressOptions): Progress {
  if (!options.isTTY || options.total === 0) return NONE;
  const now = options.now ?? Date.now;
  const started = now();
  const interval = options.intervalMs ?? 200;
  let last = -Infinity;
  let shown = false;
  let total = options.total;
  return {
    update(done, known) {
      total = known ?? total;
      const t = now();
      if ((total === undefined || done < total) && t - last < interval) return;
      last = t;
      shown = true;
      options.write(`\r\u001b[2K${progressLine(options.label, done, total, t - started)}`);
    },
    end() {
      if (shown) options.write("\r\u001b[2K");
    },
  };
}
