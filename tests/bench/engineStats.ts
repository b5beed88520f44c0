import { loadavg } from 'node:os';

/** Small helpers shared by the engine benchmarks: a seeded generator, shuffling, percentiles, timing. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(a: T[], random: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export function percentile(xs: ArrayLike<number>, p: number): number {
  if (!xs.length) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const median = (xs: number[]) => percentile(xs, 50);

/**
 * Per-call timings of a click loop: wall clock (what the consumer waits, inflated when the
 * shared machine deschedules the process) and process CPU time (user + system, all threads,
 * so garbage collection counts; a click that waited for a core does not). Both in ms.
 */
export class ClickTimer {
  wall: number[] = [];
  cpu: number[] = [];
  #t0 = 0;
  #c0 = { user: 0, system: 0 };
  start(): void {
    this.#c0 = process.cpuUsage();
    this.#t0 = performance.now();
  }
  stop(): void {
    const t = performance.now() - this.#t0;
    const c = process.cpuUsage(this.#c0);
    this.wall.push(t);
    this.cpu.push((c.user + c.system) / 1000);
  }
  summary(): { n: number; p50: number; p99: number; cpuP50: number; cpuP99: number; max: number } {
    return {
      n: this.wall.length,
      p50: percentile(this.wall, 50),
      p99: percentile(this.wall, 99),
      cpuP50: percentile(this.cpu, 50),
      cpuP99: percentile(this.cpu, 99),
      max: Math.max(...this.wall),
    };
  }
}

/** The machine's 1-minute load average, as `uptime` shows it. */
export const load1 = () => loadavg()[0]!.toFixed(1);

export const fmtMs = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(3));
