import TinyQueue from 'tinyqueue';

/**
 * The counselor queue of a simulated day: a discrete-event engine (an event list ordered by time)
 * with counselors who work shifts and breaks, and one queue routed as Amazon Connect routes it.
 * Pure and browser-safe: the day simulation (tools/day-sim) drives it with calls that run through
 * the real contact flows, and the desk's 계획 view with the model alone (queue-day.ts).
 *
 * Routing (https://docs.aws.amazon.com/connect/latest/adminguide/about-routing.html): "Contacts in
 * a queue are automatically prioritized and forwarded to the next available agent (that is, the
 * agent who has been idle longest)"; waiting contacts are served "by their time in queue, on a
 * first-come, first-served basis". The routing priority set by the flow ("Change routing priority /
 * age": "The default priority for new contacts is 5 … 1 (highest)",
 * https://docs.aws.amazon.com/connect/latest/adminguide/change-routing-priority.html) comes first,
 * then the time in queue. A queued callback keeps the place of the call it replaces (`since`) and is
 * not routed before its initial delay (`routableAt`; CreateCallbackContact's
 * InitialCallDelaySeconds, "the amount of time … to wait at a minimum before routing the callback
 * contact", https://docs.aws.amazon.com/connect/latest/APIReference/interactions-createcallbackcontact.html).
 *
 * Counselors: each has a shift (start, end) and unpaid breaks inside it. At the shift start they
 * become available; a break that starts while they are on a contact starts when the contact's work
 * ends and still ends on time; at the shift end they finish the contact in hand and go. Handle time
 * (talk + after-call work) is what `onAssign` answers; the counselor is busy for that long.
 *
 * Time is seconds since the day's local midnight. Events at the same instant run in the order
 * they were scheduled; after each event, idle counselors take routable contacts.
 */

export const DEFAULT_QUEUE_PRIORITY = 5;

/** One counselor's working day (seconds since local midnight). */
export interface CounselorSchedule {
  id: string;
  start: number;
  end: number;
  breaks: readonly { start: number; end: number }[];
}

export interface QueueEntry<T> {
  id: string;
  /** Routing priority, 1 highest (Connect's default 5). */
  priority: number;
  /** Routing order within a priority: when the contact joined the queue (a callback keeps its call's). */
  since: number;
  /** Not offered to a counselor before this instant. */
  routableAt: number;
  data: T;
}

export interface Assignment<T> {
  entry: QueueEntry<T>;
  counselor: string;
  /** When the counselor took the contact. */
  at: number;
}

export type CounselorState = 'off' | 'available' | 'busy' | 'break';

/** A stretch of one counselor's day in one state (for occupancy per interval). */
export interface StateSpan {
  counselor: string;
  state: CounselorState;
  start: number;
  end: number;
}

/** What the flows' "Get queue metrics" sees at an instant (Connect's real-time metric names). */
export interface QueueSnapshot {
  /** Contacts waiting (callbacks included). */
  size: number;
  /** Seconds the oldest waiting contact has been queued. */
  oldestContactAgeSeconds: number;
  /** Counselors logged in: on shift, breaks included. */
  agentsOnline: number;
  /** Counselors on shift and not on a break (available or on a contact). */
  agentsStaffed: number;
  /** Counselors waiting for a contact. */
  agentsAvailable: number;
}

interface Counselor {
  schedule: CounselorSchedule;
  state: CounselorState;
  /** Since when the counselor has been in `state` (idle longest = smallest when available). */
  since: number;
  /** A break that began while busy: taken when the contact's work ends, until this instant. */
  breakUntil: number | null;
  /** The shift ended while busy: goes when the contact's work ends. */
  leaving: boolean;
}

interface Scheduled {
  at: number;
  seq: number;
  run: () => void | Promise<void>;
}

export interface QueueEngineOptions<T> {
  counselors: readonly CounselorSchedule[];
  /**
   * A counselor takes a contact: answer the seconds they are busy with it (talk + after-call work).
   * May be async (the day simulation resumes the call's flows first).
   */
  onAssign: (assignment: Assignment<T>) => number | Promise<number>;
  /**
   * Called after every event (before routing): a driver with work of its own running beside the
   * engine (the day simulation's handlers) lets it progress here.
   */
  pace?: () => void | Promise<void>;
}

export class QueueEngine<T> {
  /** The simulated instant (seconds since local midnight). */
  now = 0;
  private readonly events = new TinyQueue<Scheduled>([], (a, b) => a.at - b.at || a.seq - b.seq);
  private seq = 0;
  private readonly waiting: (QueueEntry<T> & { order: number })[] = [];
  private order = 0;
  private readonly counselors: Counselor[];
  private readonly spans: StateSpan[] = [];
  private readonly onAssign: QueueEngineOptions<T>['onAssign'];
  private readonly pace: QueueEngineOptions<T>['pace'];

  constructor(options: QueueEngineOptions<T>) {
    this.onAssign = options.onAssign;
    this.pace = options.pace;
    this.counselors = options.counselors.map((schedule) => ({
      schedule,
      state: 'off',
      since: 0,
      breakUntil: null,
      leaving: false,
    }));
    for (const counselor of this.counselors) {
      const { start, end, breaks } = counselor.schedule;
      if (!(end > start))
        throw new RangeError(`counselor ${counselor.schedule.id}: the shift must end after it starts`);
      this.at(start, () => this.transition(counselor, 'available'));
      for (const b of breaks) {
        this.at(b.start, () => this.startBreak(counselor, b.end));
        this.at(b.end, () => this.endBreak(counselor));
      }
      this.at(end, () => this.endShift(counselor));
    }
  }

  /** Runs `run` at `at` (never before now). */
  at(at: number, run: () => void | Promise<void>): void {
    this.events.push({ at: Math.max(at, this.now), seq: this.seq++, run });
  }

  /** Puts a contact in the queue now; it is offered as soon as a counselor is free and it is routable. */
  enqueue(entry: QueueEntry<T>): void {
    this.waiting.push({ ...entry, order: this.order++ });
    if (entry.routableAt > this.now) this.at(entry.routableAt, () => undefined);
  }

  /** Takes a waiting contact out of the queue (the caller hung up, or a callback replaced it). */
  withdraw(id: string): QueueEntry<T> | undefined {
    const index = this.waiting.findIndex((e) => e.id === id);
    if (index < 0) return undefined;
    const [entry] = this.waiting.splice(index, 1);
    return entry;
  }

  isWaiting(id: string): boolean {
    return this.waiting.some((e) => e.id === id);
  }

  /** 1-based position of a waiting contact in routing order (0 when not waiting). */
  positionOf(id: string): number {
    const entry = this.waiting.find((e) => e.id === id);
    if (!entry) return 0;
    return this.waiting.filter((e) => this.before(e, entry) || e === entry).length;
  }

  snapshot(): QueueSnapshot {
    const online = this.counselors.filter((c) => c.state !== 'off').length;
    const onBreak = this.counselors.filter((c) => c.state === 'break').length;
    const oldest = this.waiting.reduce((min, e) => Math.min(min, e.since), Number.POSITIVE_INFINITY);
    return {
      size: this.waiting.length,
      oldestContactAgeSeconds: this.waiting.length === 0 ? 0 : Math.max(0, this.now - oldest),
      agentsOnline: online,
      agentsStaffed: online - onBreak,
      agentsAvailable: this.counselors.filter((c) => c.state === 'available').length,
    };
  }

  /** Each counselor's day in states, up to now (closed at `now` for the state they are in). */
  stateSpans(): StateSpan[] {
    const open = this.counselors
      .filter((c) => c.state !== 'off' && this.now > c.since)
      .map((c) => ({ counselor: c.schedule.id, state: c.state, start: c.since, end: this.now }));
    return [...this.spans, ...open];
  }

  /** Processes events in time order until none is left (or the next is after `until`). */
  async run(until = Number.POSITIVE_INFINITY): Promise<void> {
    for (;;) {
      const next = this.events.peek();
      if (!next || next.at > until) return;
      this.events.pop();
      this.now = next.at;
      const done = next.run();
      if (done) await done;
      const paced = this.pace?.();
      if (paced) await paced;
      await this.dispatch();
    }
  }

  /** Whether `a` is routed before `b`. */
  private before(a: QueueEntry<T> & { order: number }, b: QueueEntry<T> & { order: number }): boolean {
    return a.priority !== b.priority
      ? a.priority < b.priority
      : a.since !== b.since
        ? a.since < b.since
        : a.order < b.order;
  }

  private async dispatch(): Promise<void> {
    for (;;) {
      let counselor: Counselor | undefined;
      for (const c of this.counselors) {
        if (c.state === 'available' && (!counselor || c.since < counselor.since)) counselor = c;
      }
      if (!counselor) return;
      let entry: (QueueEntry<T> & { order: number }) | undefined;
      for (const e of this.waiting) {
        if (e.routableAt <= this.now && (!entry || this.before(e, entry))) entry = e;
      }
      if (!entry) return;
      this.waiting.splice(this.waiting.indexOf(entry), 1);
      const taken = counselor;
      this.transition(taken, 'busy');
      const { order: _order, ...plain } = entry;
      const busy = await this.onAssign({ entry: plain, counselor: taken.schedule.id, at: this.now });
      if (!(busy >= 0)) throw new RangeError(`onAssign must answer a busy time ≥ 0, got ${busy}`);
      this.at(this.now + busy, () => this.free(taken));
    }
  }

  private transition(counselor: Counselor, state: CounselorState): void {
    if (counselor.state === state) return;
    if (counselor.state !== 'off' && this.now > counselor.since) {
      this.spans.push({
        counselor: counselor.schedule.id,
        state: counselor.state,
        start: counselor.since,
        end: this.now,
      });
    }
    counselor.state = state;
    counselor.since = this.now;
  }

  private startBreak(counselor: Counselor, until: number): void {
    if (counselor.state === 'available') this.transition(counselor, 'break');
    else if (counselor.state === 'busy') counselor.breakUntil = until;
  }

  private endBreak(counselor: Counselor): void {
    counselor.breakUntil = null;
    if (counselor.state === 'break') this.transition(counselor, 'available');
  }

  private endShift(counselor: Counselor): void {
    if (counselor.state === 'busy') counselor.leaving = true;
    else this.transition(counselor, 'off');
  }

  private free(counselor: Counselor): void {
    if (counselor.leaving) {
      counselor.leaving = false;
      this.transition(counselor, 'off');
    } else if (counselor.breakUntil !== null && this.now < counselor.breakUntil) {
      this.transition(counselor, 'break');
    } else {
      counselor.breakUntil = null;
      this.transition(counselor, 'available');
    }
  }
}
