import { INTERVAL_MINUTES, toHhmm } from '#domain/planning/day-model';
import type { ContactOutcome } from '#domain/planning/day-simulation';
import type { StateSpan } from '#domain/planning/queue-engine';

/**
 * The queue's figures of a simulated day (day-simulation.ts), for the day simulation's report and
 * the desk's 계획 view. Pure and browser-safe. These are the queue's own counts (what Connect's
 * queue metrics would show); the day simulation also reports today's figures exactly as
 * `GET /api/stats/today` computes them from the contact records, which count differently (a call
 * that left the queue for a queued callback is `abandoned` there, and its callback is a call of its
 * own: functions/ctr-consumer/contact-trace-record.ts).
 *
 * - `answerRate` = answered / (answered + abandoned + callbacks never reached): of the callers who
 *   wanted a counselor, the share who got one (a callback that reached them counts as answered);
 * - `serviceLevel` = inbound calls answered within `serviceLevelSeconds` of joining the queue /
 *   inbound calls that joined it (answered, hung up, or left for a callback);
 * - waits are the queue times of answered inbound calls (Connect's "average queue answer time");
 * - `occupancy` = time on contacts / (time on contacts + time available), breaks excluded.
 * Per interval: calls by arrival, queue figures by the time the contact joined the queue, counselors
 * by the time they spent in each state inside it.
 */

export interface IntervalFigures {
  /** `HH:MM` local time the 30-minute interval starts. */
  start: string;
  /** Calls arriving (all entry points, redials included). */
  arrivals: number;
  /** Inbound calls joining the counselor queue. */
  offered: number;
  answered: number;
  abandoned: number;
  answerRate: number;
  serviceLevel: number;
  averageWaitSeconds: number;
  /** Counselors on the phones on average (available or on a contact). */
  staffed: number;
  occupancy: number;
}

export interface DayFigures {
  /** Inbound contacts (the sampled calls and the redials). */
  calls: number;
  selfService: number;
  /** Calls the flows ended before the counselor queue (closed, or a flow's own end). */
  notQueued: number;
  /** Inbound calls that joined the counselor queue. */
  offered: number;
  /** Contacts answered by a counselor: inbound calls and callbacks that reached the customer. */
  answered: number;
  /** Inbound calls that hung up while queued. */
  abandoned: number;
  redials: number;
  callbacksRequested: number;
  callbacksAnswered: number;
  callbacksUnreached: number;
  /** Contacts still waiting when the day's events ran out (no counselor left). */
  stillWaiting: number;
  answerRate: number;
  serviceLevel: number;
  serviceLevelSeconds: number;
  averageWaitSeconds: number;
  p90WaitSeconds: number;
  maxWaitSeconds: number;
  occupancy: number;
  /** Counselors who worked, and their hours on the phones (available or on a contact). */
  counselors: number;
  staffedHours: number;
  intervals: IntervalFigures[];
}

const ratio = (part: number, whole: number): number =>
  whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
const round1 = (value: number): number => Math.round(value * 10) / 10;
const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;

/** Nearest-rank percentile (p in 0–1) of unsorted values; 0 when empty. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
};

const waitOf = (c: ContactOutcome): number => (c.answeredAt ?? 0) - (c.queuedAt ?? 0);

export const dayFigures = (input: {
  contacts: readonly ContactOutcome[];
  spans: readonly StateSpan[];
  /** Minutes since midnight each interval starts (the day's open intervals). */
  intervalStarts: readonly number[];
  serviceLevelSeconds?: number;
}): DayFigures => {
  const threshold = input.serviceLevelSeconds ?? 20;
  const inbound = input.contacts.filter((c) => c.kind === 'inbound');
  const callbacks = input.contacts.filter((c) => c.kind === 'callback');
  const queued = inbound.filter((c) => c.queuedAt !== null);
  const answeredInbound = queued.filter((c) => c.outcome === 'answered');
  const count = (list: readonly ContactOutcome[], outcome: ContactOutcome['outcome']) =>
    list.filter((c) => c.outcome === outcome).length;
  const answered = answeredInbound.length + count(callbacks, 'answered');
  const abandoned = count(inbound, 'abandoned');
  const unreached = count(callbacks, 'unreached');
  const waits = answeredInbound.map(waitOf);
  const within = (list: readonly ContactOutcome[]) =>
    list.filter((c) => c.outcome === 'answered' && waitOf(c) <= threshold).length;

  const busy = (spans: readonly StateSpan[]) => spans.filter((s) => s.state === 'busy');
  const onPhones = (spans: readonly StateSpan[]) =>
    spans.filter((s) => s.state === 'busy' || s.state === 'available');
  const seconds = (spans: readonly StateSpan[], from = -Infinity, to = Infinity) =>
    spans.reduce((total, s) => total + Math.max(0, Math.min(s.end, to) - Math.max(s.start, from)), 0);

  const starts = input.intervalStarts;
  const slot = (secondsOfDay: number): number => {
    const minute = secondsOfDay / 60;
    let index = -1;
    for (let i = 0; i < starts.length; i++) if (minute >= (starts[i] ?? 0)) index = i;
    return index;
  };
  const intervals: IntervalFigures[] = starts.map((startMinute, i) => {
    const from = startMinute * 60;
    const to = from + INTERVAL_MINUTES * 60;
    const lastOne = i === starts.length - 1;
    const inSlot = (t: number | null) => t !== null && slot(t) === i;
    const offered = queued.filter((c) => inSlot(c.queuedAt));
    const slotAnswered = offered.filter((c) => c.outcome === 'answered');
    const slotAbandoned = offered.filter((c) => c.outcome === 'abandoned').length;
    // Calls after the last interval (a redial after closing) count in the last one.
    const arrivals = inbound.filter((c) => inSlot(c.arrival) || (lastOne && c.arrival >= to)).length;
    const phones = seconds(onPhones(input.spans), from, to);
    return {
      start: toHhmm(startMinute),
      arrivals,
      offered: offered.length,
      answered: slotAnswered.length,
      abandoned: slotAbandoned,
      answerRate: ratio(slotAnswered.length, slotAnswered.length + slotAbandoned),
      serviceLevel: ratio(within(offered), offered.length),
      averageWaitSeconds: round1(mean(slotAnswered.map(waitOf))),
      staffed: round1(phones / (to - from)),
      occupancy: ratio(seconds(busy(input.spans), from, to), phones),
    };
  });

  const phones = seconds(onPhones(input.spans));
  return {
    calls: inbound.length,
    selfService: count(inbound, 'self-service'),
    notQueued: count(inbound, 'not-queued'),
    offered: queued.length,
    answered,
    abandoned,
    redials: inbound.filter((c) => c.attempt.attempt > 1).length,
    callbacksRequested: count(inbound, 'callback-requested'),
    callbacksAnswered: count(callbacks, 'answered'),
    callbacksUnreached: unreached,
    stillWaiting: count(input.contacts, 'waiting'),
    answerRate: ratio(answered, answered + abandoned + unreached),
    serviceLevel: ratio(within(queued), queued.length),
    serviceLevelSeconds: threshold,
    averageWaitSeconds: round1(mean(waits)),
    p90WaitSeconds: round1(percentile(waits, 0.9)),
    maxWaitSeconds: round1(waits.reduce((a, b) => Math.max(a, b), 0)),
    occupancy: ratio(seconds(busy(input.spans)), phones),
    counselors: new Set(input.spans.map((s) => s.counselor)).size,
    staffedHours: round1(phones / 3600),
    intervals,
  };
};
