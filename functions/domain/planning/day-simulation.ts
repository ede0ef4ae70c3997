import type { CategoryCode } from '#domain/categories';
import {
  dayTypeOf,
  type HoursSource,
  holidaysFromHours,
  type IsHoliday,
  openingHoursOn,
} from '#domain/planning/calendar';
import { type DayInterval, dayIntervals, type SampledCall, sampleDay } from '#domain/planning/calls';
import type { DayModel, DayType } from '#domain/planning/day-model';
import {
  type Assignment,
  type CounselorSchedule,
  DEFAULT_QUEUE_PRIORITY,
  QueueEngine,
  type QueueSnapshot,
  type StateSpan,
} from '#domain/planning/queue-engine';
import { chance, createRng, type Rng } from '#domain/planning/random';

/**
 * A day of calls through the counselor queue: the life of every call once it reaches the queue —
 * answered, hung up after its patience (and perhaps calling again later), or replaced by a queued
 * callback that keeps its place and dials the customer when a counselor is free — on the queue
 * engine (queue-engine.ts). Pure and browser-safe.
 *
 * How a call gets to the queue, and what it does while waiting, is the adapter's:
 * - the model adapter ({@link modelAdapter}, the desk's 계획 view in AWS) joins the queue a fixed
 *   time after arrival (the phone menu) and takes the callback offer on a timer;
 * - the day simulation (tools/day-sim) runs every call through the real contact flows: the inbound
 *   flow decides whether and when it joins the queue, and the customer queue flow, driven through
 *   the simulator's live queue, reports each span of queue time ({@link DaySimulation.waitSpan}) and
 *   when the caller takes the callback offer.
 *
 * Queued callbacks as Amazon Connect runs them: "customers … keep their position in queue without
 * having to remain on the call … and get a callback from an available agent when it's their turn"
 * (https://docs.aws.amazon.com/connect/latest/adminguide/setup-queued-cb.html); the callback is
 * routed after its initial delay ("the amount of time … to wait at a minimum before routing the
 * callback contact", CreateCallbackContact) and, in the default agent-first mode, "offered to an
 * agent to accept or reject before the call is dialed to a customer"
 * (https://docs.aws.amazon.com/connect/latest/adminguide/customer-first-cb.html): the counselor is
 * busy while it rings. An unanswered callback is tried again after RetryDelaySeconds, up to
 * MaximumConnectionAttempts in all. The docs do not say how likely a customer is to answer or how
 * long it rings: those are {@link CallbackBehaviour} assumptions.
 */

/** How queued callbacks behave (the flow's CreateCallbackContact parameters and the customer's answer). */
export interface CallbackBehaviour {
  /** InitialCallDelaySeconds. */
  initialDelaySeconds: number;
  /** MaximumConnectionAttempts. */
  maxAttempts: number;
  /** RetryDelaySeconds. */
  retryDelaySeconds: number;
  /** Seconds the counselor waits while the customer's phone rings (answered or not). */
  ringSeconds: number;
  /** Share of attempts the customer answers (assumption). */
  answerShare: number;
}

export const DEFAULT_CALLBACK_BEHAVIOUR: CallbackBehaviour = {
  initialDelaySeconds: 60,
  maxAttempts: 2,
  retryDelaySeconds: 300,
  ringSeconds: 20,
  answerShare: 0.85,
};

/** One call attempt: a sampled call, or the same caller calling again later. */
export interface CallAttempt {
  /** `c0001` for the day's first call, `c0001-r2` for its caller's second attempt. */
  key: string;
  call: SampledCall;
  attempt: number;
  /** Seconds since local midnight. */
  arrival: number;
}

/** What the adapter says happened before the queue. */
export type Arrival =
  | {
      kind: 'queued';
      /** When the call joined the counselor queue. */
      at: number;
      /** Routing priority the flow set (1 highest); null for the queue default. */
      priority: number | null;
      /** The flows' entry check, answered once the engine has routed at that instant. */
      entry?: PendingSpan;
    }
  | {
      kind: 'ended';
      at: number;
      /** `self-service`: the IVR answered the caller; `not-queued`: closed, or the flows ended the call. */
      outcome: 'self-service' | 'not-queued';
    };

export interface QueueEvent {
  kind: 'answered' | 'abandoned';
  at: number;
}

/** A caller's wait inside a span of queue time, as the flows report it. */
export interface PendingSpan {
  resolve: (event: QueueEvent | null) => void;
}

/** The adapter: how calls reach the queue, and what happens around the queue. */
export interface CallAdapter {
  /** A call arrives: run it to the counselor queue (or to its end). */
  arrive(attempt: CallAttempt): Arrival | Promise<Arrival>;
  /** The call joined the queue (the model adapter starts its callback-offer timer). */
  queued?(attempt: CallAttempt, at: number, simulation: DaySimulation): void;
  /** A counselor took a contact: an inbound call, or a callback the customer answered. */
  answered?(contact: ContactOutcome): void;
  /** A contact left the queue unanswered, or a callback ended without reaching the customer. */
  unanswered?(contact: ContactOutcome): void;
}

/** One contact of the day, as the queue saw it (queue view, before any contact-record rules). */
export interface ContactOutcome {
  /** The attempt's key; a callback's is `<key>-cb`. */
  key: string;
  attempt: CallAttempt;
  kind: 'inbound' | 'callback';
  /** Seconds since local midnight. */
  arrival: number;
  queuedAt: number | null;
  answeredAt: number | null;
  /** When the caller left the queue unanswered (hung up, or left with a queued callback). */
  leftAt: number | null;
  outcome:
    | 'self-service'
    | 'not-queued'
    | 'answered'
    | 'abandoned'
    | 'callback-requested'
    | 'unreached'
    | 'waiting';
  counselor: string | null;
  /** Seconds the counselor spent on it (ringing, talk, after-call work). */
  handleSeconds: number;
  /** Callback dial attempts. */
  dialAttempts: number;
  priority: number;
}

export interface DaySimulationOptions {
  calls: readonly SampledCall[];
  counselors: readonly CounselorSchedule[];
  adapter: CallAdapter;
  callbacks?: CallbackBehaviour;
  /** Draws for callback answers (the sampled calls carry everything else). */
  seed?: number;
  /** Callers who hung up call again (`redialAfterSeconds`); default true. */
  redials?: boolean;
  /** Passed to the engine: called after every event (QueueEngineOptions.pace). */
  pace?: () => void | Promise<void>;
}

interface Waiting {
  outcome: ContactOutcome;
  pending: PendingSpan | null;
  /** Resolved when the flows report the next span (or the call is gone). */
  suspended: (() => void) | null;
  callbackRequested: boolean;
}

export class DaySimulation {
  readonly engine: QueueEngine<ContactOutcome>;
  readonly contacts: ContactOutcome[] = [];
  private readonly waiting = new Map<string, Waiting>();
  private readonly gone = new Map<string, () => void>();
  private readonly callbacks: CallbackBehaviour;
  private readonly rng: Rng;

  constructor(private readonly options: DaySimulationOptions) {
    this.callbacks = options.callbacks ?? DEFAULT_CALLBACK_BEHAVIOUR;
    this.rng = createRng(options.seed ?? 1);
    this.engine = new QueueEngine<ContactOutcome>({
      counselors: options.counselors,
      onAssign: (assignment) => this.assign(assignment),
      ...(options.pace ? { pace: options.pace } : {}),
    });
    options.calls.forEach((call) => {
      const attempt: CallAttempt = { key: callKey(call), call, attempt: 1, arrival: call.arrivalSeconds };
      this.engine.at(call.arrivalSeconds, () => this.arrive(attempt));
    });
  }

  /** Runs the whole day; contacts still waiting at the end stay `waiting`. */
  async run(): Promise<ContactOutcome[]> {
    await this.engine.run();
    return this.contacts;
  }

  /** Counselors' states over the day (occupancy). */
  stateSpans(): StateSpan[] {
    return this.engine.stateSpans();
  }

  /** The queue now, with the caller's position: what the flows' "Get queue metrics" reads. */
  metrics(key?: string): QueueSnapshot & { positionInQueue: number } {
    return { ...this.engine.snapshot(), positionInQueue: key ? this.engine.positionOf(key) : 0 };
  }

  isWaiting(key: string): boolean {
    return this.engine.isWaiting(key);
  }

  /**
   * The flows report a span of queue time of a waiting call (`until` null: open, the caller hears
   * hold music): answered with what happened in it — a counselor answered, or the caller hung up —
   * or null when the call reaches `until` first. A span after the caller took a queued callback
   * answers null at once (the call is only finishing its flow).
   */
  waitSpan(
    key: string,
    span: { until: number | null; callbackRequested: boolean },
  ): Promise<QueueEvent | null> {
    const waiting = this.waiting.get(key);
    const wake = waiting?.suspended;
    if (waiting) waiting.suspended = null;
    try {
      if (!waiting || waiting.callbackRequested) return Promise.resolve(null);
      if (span.callbackRequested) {
        this.requestCallback(key, this.engine.now);
        return Promise.resolve(null);
      }
      return new Promise((resolve) => {
        const pending: PendingSpan = { resolve };
        waiting.pending = pending;
        if (span.until !== null) this.engine.at(span.until, () => this.resume(waiting, pending, null));
      });
    } finally {
      wake?.();
    }
  }

  /** The adapter's call ended (its flows are over): a resumed wait does not wait for it any more. */
  callEnded(key: string): void {
    this.gone.get(key)?.();
    this.gone.delete(key);
  }

  /** The caller takes the queued callback: the call leaves the queue, a callback takes its place. */
  requestCallback(key: string, at: number): void {
    const waiting = this.waiting.get(key);
    if (!waiting || waiting.callbackRequested || !this.engine.withdraw(key)) return;
    waiting.callbackRequested = true;
    const original = waiting.outcome;
    original.outcome = 'callback-requested';
    original.leftAt = at;
    this.options.adapter.unanswered?.(original);
    const callback: ContactOutcome = {
      ...blankOutcome(original.attempt, 'callback'),
      key: `${key}-cb`,
      arrival: at,
      queuedAt: at + this.callbacks.initialDelaySeconds,
      priority: original.priority,
    };
    this.contacts.push(callback);
    this.engine.enqueue({
      id: callback.key,
      priority: callback.priority,
      since: original.queuedAt ?? at,
      routableAt: at + this.callbacks.initialDelaySeconds,
      data: callback,
    });
  }

  private async arrive(attempt: CallAttempt): Promise<void> {
    const arrival = await this.options.adapter.arrive(attempt);
    const outcome = blankOutcome(attempt, 'inbound');
    this.contacts.push(outcome);
    if (arrival.kind === 'ended') {
      outcome.outcome = arrival.outcome;
      outcome.leftAt = arrival.at;
      return;
    }
    this.engine.at(arrival.at, () => this.join(attempt, outcome, arrival));
  }

  private join(
    attempt: CallAttempt,
    outcome: ContactOutcome,
    arrival: Extract<Arrival, { kind: 'queued' }>,
  ): void {
    const at = this.engine.now;
    outcome.queuedAt = at;
    outcome.priority = arrival.priority ?? DEFAULT_QUEUE_PRIORITY;
    const waiting: Waiting = {
      outcome,
      pending: arrival.entry ?? null,
      suspended: null,
      callbackRequested: false,
    };
    this.waiting.set(attempt.key, waiting);
    this.engine.enqueue({
      id: attempt.key,
      priority: outcome.priority,
      since: at,
      routableAt: at,
      data: outcome,
    });
    // After the engine has routed at this instant: the flows learn the entry check's answer.
    if (waiting.pending) {
      const entry = waiting.pending;
      this.engine.at(at, () => this.resume(waiting, entry, null));
    }
    this.engine.at(at + attempt.call.patienceSeconds, () => this.abandon(attempt, waiting));
    this.options.adapter.queued?.(attempt, at, this);
  }

  /** Ends the flows' pending span with `event` and waits until they report the next one (or end). */
  private async resume(waiting: Waiting, pending: PendingSpan, event: QueueEvent | null): Promise<void> {
    if (waiting.pending !== pending) return; // already answered, hung up or moved on
    waiting.pending = null;
    const key = waiting.outcome.key;
    const next = new Promise<void>((resolve) => {
      waiting.suspended = resolve;
      this.gone.set(key, resolve);
    });
    pending.resolve(event);
    if (event?.kind === 'answered') return; // the call runs on with its counselor, in the background
    await next;
  }

  private async abandon(attempt: CallAttempt, waiting: Waiting): Promise<void> {
    if (waiting.callbackRequested || !this.engine.withdraw(attempt.key)) return;
    const at = this.engine.now;
    waiting.outcome.outcome = 'abandoned';
    waiting.outcome.leftAt = at;
    this.waiting.delete(attempt.key);
    this.options.adapter.unanswered?.(waiting.outcome);
    const redial = attempt.call.redialAfterSeconds;
    if ((this.options.redials ?? true) && redial !== null && attempt.attempt === 1) {
      const again: CallAttempt = {
        key: `${attempt.key}-r2`,
        call: attempt.call,
        attempt: 2,
        arrival: at + redial,
      };
      this.engine.at(again.arrival, () => this.arrive(again));
    }
    if (waiting.pending) await this.resume(waiting, waiting.pending, { kind: 'abandoned', at });
  }

  private assign({ entry, counselor, at }: Assignment<ContactOutcome>): number {
    const contact = entry.data;
    contact.counselor = counselor;
    const { talkSeconds, afterCallWorkSeconds } = contact.attempt.call;
    if (contact.kind === 'inbound') {
      contact.answeredAt = at;
      contact.outcome = 'answered';
      contact.handleSeconds = talkSeconds + afterCallWorkSeconds;
      const waiting = this.waiting.get(contact.key);
      this.waiting.delete(contact.key);
      if (waiting?.pending) {
        const pending = waiting.pending;
        waiting.pending = null;
        pending.resolve({ kind: 'answered', at });
      }
      this.options.adapter.answered?.(contact);
      return contact.handleSeconds;
    }
    // A callback: the counselor accepts it and the customer's phone rings.
    contact.dialAttempts += 1;
    const ring = this.callbacks.ringSeconds;
    if (chance(this.rng, this.callbacks.answerShare)) {
      contact.answeredAt = at + ring;
      contact.outcome = 'answered';
      contact.handleSeconds += ring + talkSeconds + afterCallWorkSeconds;
      this.options.adapter.answered?.(contact);
      return ring + talkSeconds + afterCallWorkSeconds;
    }
    contact.handleSeconds += ring;
    if (contact.dialAttempts < this.callbacks.maxAttempts) {
      this.engine.enqueue({ ...entry, routableAt: at + ring + this.callbacks.retryDelaySeconds });
    } else {
      contact.outcome = 'unreached';
      contact.leftAt = at + ring;
      this.options.adapter.unanswered?.(contact);
    }
    return ring;
  }
}

/** `c0001` for the day's first sampled call. */
export const callKey = (call: SampledCall): string => `c${String(call.seq).padStart(4, '0')}`;

const blankOutcome = (attempt: CallAttempt, kind: ContactOutcome['kind']): ContactOutcome => ({
  key: attempt.key,
  attempt,
  kind,
  arrival: attempt.arrival,
  queuedAt: null,
  answeredAt: null,
  leftAt: null,
  outcome: 'waiting',
  counselor: null,
  handleSeconds: 0,
  dialAttempts: 0,
  priority: DEFAULT_QUEUE_PRIORITY,
});

/** The model's stand-ins for the flows (the desk's in-browser simulation). */
export interface ModelAdapterOptions {
  /** Seconds from arrival to the counselor queue (greeting, notices, menu). */
  ivrSeconds: number;
  /** When the customer queue flow first offers the callback, and every this many seconds after. */
  callbackOfferAfterSeconds: number;
  /** Categories whose menu key raises the queue priority, and to what (the inbound flow's report key). */
  priorityByCategory?: Partial<Record<CategoryCode, number>>;
}

/**
 * The queue model without the flows: the caller joins the queue `ivrSeconds` after arriving (unless
 * the menu served them), and is offered the callback every `callbackOfferAfterSeconds` while
 * waiting (taking it if the sampled caller does).
 */
export const modelAdapter = (options: ModelAdapterOptions): CallAdapter => ({
  arrive: ({ call, arrival }) =>
    call.menu.selfService
      ? { kind: 'ended', at: arrival + options.ivrSeconds, outcome: 'self-service' }
      : {
          kind: 'queued',
          at: arrival + options.ivrSeconds,
          priority: options.priorityByCategory?.[call.menu.flowCategory] ?? null,
        },
  queued(attempt, at, simulation) {
    if (!attempt.call.acceptsCallback || !(options.callbackOfferAfterSeconds > 0)) return;
    simulation.engine.at(at + options.callbackOfferAfterSeconds, () => {
      if (simulation.isWaiting(attempt.key)) simulation.requestCallback(attempt.key, simulation.engine.now);
    });
  },
});

const secondsOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;

/** The counselors of a staffing plan's shifts (plan-file.ts), one per shift. */
export const counselorsFromShifts = (
  shifts: readonly {
    id: string;
    start: string;
    end: string;
    breaks: readonly { start: string; end: string }[];
  }[],
): CounselorSchedule[] =>
  shifts.map((shift) => ({
    id: shift.id,
    start: secondsOf(shift.start),
    end: secondsOf(shift.end),
    breaks: shift.breaks.map((b) => ({ start: secondsOf(b.start), end: secondsOf(b.end) })),
  }));

/** `count` counselors on the phones from opening to closing, without breaks. */
export const counselorsAllDay = (
  count: number,
  open: { start: string; end: string },
): CounselorSchedule[] => {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`counselors must be an integer ≥ 0, got ${count}`);
  return Array.from({ length: count }, (_, i) => ({
    id: `k${String(i + 1).padStart(2, '0')}`,
    start: secondsOf(open.start),
    end: secondsOf(open.end),
    breaks: [],
  }));
};

/** A day to simulate: its type, opening hours, 30-minute intervals and sampled calls. */
export interface SimulatedDaySetup {
  date: string;
  dayType: DayType;
  holiday: boolean;
  open: { start: string; end: string };
  intervals: DayInterval[];
  calls: SampledCall[];
}

/**
 * The day's calls from the day model, as the staffing planner sees the day (planDay): the date's
 * type and opening hours, `calls` (default: the day type's figure) drawn over the open intervals.
 * Throws a RangeError when the center is closed that day.
 */
export const setUpDay = (input: {
  date: string;
  calls?: number;
  seed: number;
  city: {
    hours: HoursSource;
    dayModel: DayModel;
    categories: readonly { code: CategoryCode; seedShare: number }[];
  };
  isHoliday?: IsHoliday;
}): SimulatedDaySetup => {
  const model = input.city.dayModel;
  const verdict = dayTypeOf(
    input.date,
    input.isHoliday ?? holidaysFromHours(input.city.hours),
    model.longHolidayMinDays,
  );
  const open = openingHoursOn(input.date, input.city.hours);
  if (!open) throw new RangeError(`the center is closed on ${input.date}: no day to simulate`);
  const profile = model.dayTypes[verdict.dayType];
  const { intervals } = dayIntervals(profile, open);
  const calls = sampleDay({
    model,
    categories: input.city.categories,
    intervals,
    calls: input.calls ?? profile.calls,
    seed: input.seed,
  });
  return { date: input.date, dayType: verdict.dayType, holiday: verdict.holiday, open, intervals, calls };
};
