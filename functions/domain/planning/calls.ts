import type { CategoryCode } from '#domain/categories';
import {
  type CallMix,
  callMix,
  type DayModel,
  type DayTypeProfile,
  dispositionsOf,
  handlingOf,
  INTERVAL_MINUTES,
  toHhmm,
  toMinutes,
} from '#domain/planning/day-model';
import { chance, createRng, pickIndex, type Rng, sampleDistribution } from '#domain/planning/random';

/**
 * The day sampler: a day's calls drawn from the day model, reproducibly from a seed. Pure and
 * browser-safe. A later discrete-event day simulation feeds each call through the real flows (its
 * `menu.inputs` are in the simulator's scenario vocabulary) and the counselor pool.
 *
 * Arrivals: given the day's total N, each call's interval is drawn from the interval shares and its
 * time uniformly inside the interval; that is exactly a Poisson process with the piecewise-constant
 * rate of the profile, conditioned on N calls (so `--calls 1100` gives 1,100 calls, not 1,100 ± 33).
 *
 * For the day simulation: `dayTypeOf` + `openingHoursOn` (calendar.ts) and `dayIntervals` give the
 * day's intervals; each sampled call dials `entryPoint` (an entry-point id the simulator accepts as
 * `call.dialed`) and presses `menu.inputs` (`{ticket}#` needs one of the caller's tickets seeded
 * first); calls that are not `menu.selfService` join the counselor queue, where the event queue
 * takes over: a counselor from the plan's shifts (`counselorsAt`, plan-file.ts) talks for
 * `talkSeconds`, works `afterCallWorkSeconds` more, then files `disposition` through the desk API;
 * a caller still waiting after `patienceSeconds` hangs up, and calls again `redialAfterSeconds` later
 * as a new contact; `acceptsCallback` answers the queued call-back offer. Caller numbers are the
 * simulation's to make up.
 */

export interface DayInterval {
  /** Minutes since local midnight when the interval starts. */
  startMinute: number;
  /** Share of the day's calls in this interval (the kept intervals add up to 1). */
  share: number;
}

export interface DayIntervals {
  intervals: DayInterval[];
  /** Share of the profile that fell outside the opening hours and was spread over the rest. */
  clippedShare: number;
}

/**
 * The profile's 30-minute intervals inside the opening hours, their shares renormalized to 1 (on a
 * holiday with shorter hours the callers come while it is open). Throws when nothing overlaps.
 */
export const dayIntervals = (profile: DayTypeProfile, open: { start: string; end: string }): DayIntervals => {
  const openStart = toMinutes(open.start);
  const openEnd = toMinutes(open.end);
  const from = toMinutes(profile.from);
  const kept: DayInterval[] = [];
  let total = 0;
  let keptTotal = 0;
  profile.profile.forEach((percent, i) => {
    const startMinute = from + i * INTERVAL_MINUTES;
    total += percent;
    if (startMinute >= openStart && startMinute + INTERVAL_MINUTES <= openEnd) {
      kept.push({ startMinute, share: percent });
      keptTotal += percent;
    }
  });
  if (kept.length === 0 || !(keptTotal > 0))
    throw new RangeError(
      `the day profile (${profile.from}, ${profile.profile.length} intervals) does not overlap the opening hours ${open.start}–${open.end}`,
    );
  return {
    intervals: kept.map((interval) => ({ ...interval, share: interval.share / keptTotal })),
    clippedShare: total > 0 ? 1 - keptTotal / total : 0,
  };
};

/** How the call went through the inbound menu (docs/flows/README.md, "The phone menu"). */
export type MenuRoute =
  | 'category-key' // pressed the key of their category
  | 'counselor-key' // pressed 0
  | 'timeout' // pressed nothing (the flow then queues with the default category)
  | 'ticket-status' // pressed 1 and keyed a ticket number
  | 'no-menu'; // an entry point whose flow skips the menu (바로콜)

export interface SampledCall {
  /** 1-based position in the day, in arrival order. */
  seq: number;
  /** Seconds after local midnight (millisecond precision). */
  arrivalSeconds: number;
  /** `HH:MM:SS`, local time. */
  arrival: string;
  /** Index of the interval in {@link DayIntervals.intervals}. */
  interval: number;
  entryPoint: string;
  /** What the call is really about (the counselor's classification). */
  category: CategoryCode;
  menu: {
    route: MenuRoute;
    /**
     * Keys in the simulator's scenario vocabulary (tools/simulator/README.md): digits, `timeout`,
     * and `{ticket}#` for "the number of one of the caller's tickets, then #".
     */
    inputs: string[];
    /** The category the flow records before the counselor answers. */
    flowCategory: CategoryCode;
    /** Heard the ticket status and hung up: never reaches the counselor queue. */
    selfService: boolean;
  };
  /** Talk time if answered (seconds). */
  talkSeconds: number;
  /** After-call work if answered (seconds). */
  afterCallWorkSeconds: number;
  /** How long the caller waits in the counselor queue before hanging up (seconds). */
  patienceSeconds: number;
  /** The counselor's wrap-up if answered. */
  disposition: 'answered' | 'transferred' | 'ticket';
  /** Accepts the queued call-back when it is offered. */
  acceptsCallback: boolean;
  /** If the caller hangs up in queue, they call again this many seconds later (null: they do not). */
  redialAfterSeconds: number | null;
}

export interface SampleDayInput {
  model: DayModel;
  categories: readonly { code: CategoryCode; seedShare: number }[];
  intervals: readonly DayInterval[];
  /** Calls in the day (all entry points, before the menu). */
  calls: number;
  seed: number;
}

const round = (value: number, digits: number): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

const clock = (seconds: number): string => {
  const whole = Math.floor(seconds);
  return `${toHhmm(Math.floor(whole / 60))}:${String(whole % 60).padStart(2, '0')}`;
};

/** The keyed category of each category (inverse of `menu.keys`). */
const keyOf = (model: DayModel): Map<CategoryCode, string> =>
  new Map(Object.entries(model.menu.keys).map(([key, category]) => [category, key]));

const menuPath = (
  rng: Rng,
  model: DayModel,
  keys: Map<CategoryCode, string>,
  category: CategoryCode,
  cell: CallMix['cells'][number],
): SampledCall['menu'] => {
  const menu = model.menu;
  if (!cell.hearsMenu) return { route: 'no-menu', inputs: [], flowCategory: category, selfService: false };
  const prefix = chance(rng, menu.wrongKeyShare) ? ['9'] : [];
  if (chance(rng, menu.ticketStatusShare)) {
    const selfService = chance(rng, menu.ticketStatusSelfServedShare);
    return {
      route: 'ticket-status',
      inputs: [...prefix, menu.ticketStatusKey, '{ticket}#', selfService ? '1' : menu.counselorKey],
      flowCategory: menu.defaultCategory,
      selfService,
    };
  }
  const key = keys.get(category);
  if (key !== undefined && chance(rng, menu.categoryKeyShare))
    return { route: 'category-key', inputs: [...prefix, key], flowCategory: category, selfService: false };
  if (chance(rng, menu.counselorKeyShare))
    return {
      route: 'counselor-key',
      inputs: [...prefix, menu.counselorKey],
      flowCategory: menu.defaultCategory,
      selfService: false,
    };
  return {
    route: 'timeout',
    inputs: [...prefix, 'timeout'],
    flowCategory: menu.defaultCategory,
    selfService: false,
  };
};

/** Draws the day's calls, in arrival order. Same input and seed → the same calls. */
export const sampleDay = (input: SampleDayInput): SampledCall[] => {
  const { model, intervals } = input;
  if (!Number.isInteger(input.calls) || input.calls < 0)
    throw new RangeError(`calls must be an integer ≥ 0, got ${input.calls}`);
  if (intervals.length === 0) throw new RangeError('no open interval to place calls in');
  const root = createRng(input.seed);
  // One stream per aspect, forked in a fixed order: changing how one aspect is drawn leaves the others alone.
  const arrivalRng = root.fork();
  const mixRng = root.fork();
  const menuRng = root.fork();
  const handlingRng = root.fork();
  const patienceRng = root.fork();
  const outcomeRng = root.fork();
  const callbackRng = root.fork();

  const shares = intervals.map((i) => i.share);
  const arrivals: { seconds: number; interval: number }[] = [];
  for (let i = 0; i < input.calls; i++) {
    const interval = pickIndex(arrivalRng, shares);
    const start = (intervals[interval]?.startMinute ?? 0) * 60;
    arrivals.push({ seconds: round(start + arrivalRng.next() * INTERVAL_MINUTES * 60, 3), interval });
  }
  arrivals.sort((a, b) => a.seconds - b.seconds);

  const mix = callMix(model, input.categories);
  const cellWeights = mix.cells.map((c) => c.share);
  const keys = keyOf(model);
  return arrivals.map(({ seconds, interval }, i) => {
    const cell = mix.cells[pickIndex(mixRng, cellWeights)];
    if (!cell) throw new Error('call mix is empty');
    const category = cell.category;
    const handling = handlingOf(model, category);
    const d = dispositionsOf(model, category);
    const disposition = (['answered', 'transferred', 'ticket'] as const)[
      pickIndex(outcomeRng, [d.answered, d.transferred, d.ticket])
    ];
    const redials = chance(callbackRng, model.callbacks.redialShare);
    return {
      seq: i + 1,
      arrivalSeconds: seconds,
      arrival: clock(seconds),
      interval,
      entryPoint: cell.entryPoint,
      category,
      menu: menuPath(menuRng, model, keys, category, cell),
      talkSeconds: round(sampleDistribution(handlingRng, handling.talk), 1),
      afterCallWorkSeconds: round(sampleDistribution(handlingRng, handling.afterCallWork), 1),
      patienceSeconds: round(sampleDistribution(patienceRng, model.patience), 1),
      disposition: disposition ?? 'answered',
      acceptsCallback: chance(callbackRng, model.callbacks.acceptOfferShare),
      redialAfterSeconds: redials
        ? round(sampleDistribution(callbackRng, model.callbacks.redialDelay), 1)
        : null,
    };
  });
};
