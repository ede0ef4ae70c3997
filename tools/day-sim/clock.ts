import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The simulated clock the handlers read. The day simulation runs many calls at once, each at its
 * own simulated instant, through handlers that take the time from `new Date()` / `Date.now()`
 * (ticket `createdAt`, a contact record's day, idempotency expiry …). While a simulation runs,
 * `Date` is replaced by a subclass whose "now" is the simulated instant of the async context it is
 * called from ({@link atSimulatedTime}: a call's flows run at the call's clock, a desk request at
 * the moment the counselor makes it), and the real clock outside any such context. Nothing waits:
 * timers (`setTimeout`) keep real time, so SDK time-outs and retries behave as usual.
 * `instanceof Date` holds for dates made before and after the switch.
 */

const storage = new AsyncLocalStorage<() => number>();
const RealDate = globalThis.Date;

const now = (): number => {
  const clock = storage.getStore();
  return clock ? clock() : RealDate.now();
};

class SimulatedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(now());
    else super(...(args as [number]));
  }

  static override now(): number {
    return now();
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof RealDate;
  }
}

let installs = 0;

/** Switches `Date` to the simulated clock; returns the function that switches it back. */
export const installSimulatedClock = (): (() => void) => {
  installs += 1;
  globalThis.Date = SimulatedDate as DateConstructor;
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    installs -= 1;
    if (installs === 0) globalThis.Date = RealDate;
  };
};

/** Runs `work` (and everything it starts) with "now" = `clock()` (an instant or epoch ms). */
export const atSimulatedTime = <T>(clock: () => Date | number, work: () => T): T =>
  storage.run(() => {
    const value = clock();
    return typeof value === 'number' ? value : value.getTime();
  }, work);

/** The real wall clock, whatever the simulation says (for timing the simulation itself). */
export const realNow = (): number => RealDate.now();
