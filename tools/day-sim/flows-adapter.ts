import { randomUUID } from 'node:crypto';
import type { RuntimeConfig } from '#commons/runtime-config';
import type {
  Arrival,
  CallAdapter,
  CallAttempt,
  ContactOutcome,
  QueueEvent as DayQueueEvent,
  DaySimulation,
} from '#domain/planning/day-simulation';
import { chance, createRng, pickIndex, type Rng } from '#domain/planning/random';
import { invokeApi } from '#tools/sandbox/api-adapter';
import type { OpenContact } from '#tools/sandbox/contact-trace';
import type { ApiHandler } from '#tools/sandbox/runtime';
import type { Simulator } from '#tools/simulator/index';
import type { Call } from '#tools/simulator/interpreter';
import type { CallEnd, CounselorStep, InputRequest, LiveQueue, QueueMetrics } from '#tools/simulator/types';
import { atSimulatedTime } from './clock';
import type { KnownCall } from './connect-stand-in';
import type { CtrSink } from './contact-records';
import type { Telemetry } from './telemetry';

/**
 * The day simulation's calls through the real contact flows (tools/simulator) and handlers:
 * the DaySimulation's adapter (functions/domain/planning/day-simulation.ts).
 *
 * - Each call attempt runs as one simulated call (`startCall` with a live queue) at its own clock;
 *   the caller presses the sampled menu keys (`{ticket}#`: the number of the ticket seeded for
 *   them), answers the callback offer as sampled, and the post-call survey from the run's seed.
 *   Its IVR part (the inbound flow, up to the counselor queue) does not depend on the other calls —
 *   the inbound flow reads no queue metrics and each caller's own tickets are seeded before the day —
 *   so IVR parts run ahead of the event queue, several at a time (`concurrency`).
 * - In the queue the customer queue flow runs span by span against the event queue
 *   (DaySimulation.waitSpan), and "Get queue metrics" reads the simulated queue.
 * - A counselor who answers does what the sampled disposition says: `transferred` — the desk's
 *   escalation (POST /api/escalations) and the department's quick connect in the call (the
 *   transfer-to-department flow, warm, then the counselor leaves); `ticket` — files a report
 *   through the desk (POST /api/tickets); then, after the talk, the disposition
 *   (POST /api/contacts/{id}/disposition): the desk API's own handler, in-process, as the counselor.
 *   Desk requests that fail (a fault) are made again after the fault, as a counselor would.
 * - When a contact ends, its contact record goes to the real ctr-consumer (contact-records.ts).
 *   A queued callback's contact (initiation CALLBACK) runs no flow: the simulator has no outbound
 *   whisper to run and starts no contact of that kind; the desk and its contact record are as for
 *   a call.
 */

export interface FlowsAdapterDeps {
  simulator: Simulator;
  config: RuntimeConfig;
  api: ApiHandler;
  /** What Connect knows of each answered call, for the desk API's ownership check. */
  connect: { calls: Map<string, KnownCall> };
  ctr: CtrSink;
  telemetry: Telemetry;
  /** Midnight of the simulated day, local time (epoch ms). */
  midnight: number;
  seed: number;
  /** IVR parts and desk work in flight at once. */
  concurrency: number;
  /** Ticket numbers seeded for callers who key one in (by sampled call seq). */
  tickets: ReadonlyMap<number, string>;
  /** Mean handle time, for the flows' estimated wait. */
  averageHandleSeconds: number;
  /** When a desk request that failed is made again (seconds since midnight): after the faults. */
  retryAt: (failedAtSeconds: number) => number;
}

interface Run {
  attempt: CallAttempt;
  call: Call | null;
  contactId: string;
  from: string;
  dialed: string;
  arrival: Promise<Arrival>;
  resolveArrival: (arrival: Arrival) => void;
  arrived: boolean;
  /** The flows are over for this call. */
  done: Promise<CallEnd | null>;
  inputs: string[];
  rng: Rng;
  outcome: ContactOutcome | null;
}

/** A made-up mobile number per sampled caller (the same for their redial). */
export const callerNumber = (seq: number): string => `+8210${String(20_000_000 + seq).padStart(8, '0')}`;

class Semaphore {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

const SURVEY_KEYS = ['5', '4', '3', '2', '1'];
const SURVEY_WEIGHTS = [0.4, 0.35, 0.15, 0.06, 0.04];
/** Share of callers who answer the post-call survey (assumption). */
const SURVEY_ANSWER_SHARE = 0.65;

export class FlowsAdapter implements CallAdapter {
  private simulation: DaySimulation | null = null;
  private readonly runs = new Map<string, Run>();
  private readonly ivr: Semaphore;
  private readonly work: Semaphore;
  /** Desk work and contact records in flight (bounded by backpressure). */
  readonly tasks = new Set<Promise<unknown>>();
  /** Calls whose flows are still running (waiting in the queue, or with a counselor). */
  private readonly flowing = new Set<Promise<unknown>>();
  private readonly deferred: { at: number; job: (at: number) => Promise<void> }[] = [];
  /** Calls whose flows failed loudly (a simulator error): they end there. */
  readonly errors: string[] = [];
  deskRetries = 0;

  constructor(private readonly deps: FlowsAdapterDeps) {
    this.ivr = new Semaphore(deps.concurrency);
    this.work = new Semaphore(deps.concurrency);
  }

  /** Starts the IVR part of every first attempt, in arrival order, a few at a time. */
  start(simulation: DaySimulation, attempts: readonly CallAttempt[]): void {
    this.simulation = simulation;
    for (const attempt of attempts) this.begin(attempt);
  }

  arrive(attempt: CallAttempt): Promise<Arrival> {
    return (this.runs.get(attempt.key) ?? this.begin(attempt)).arrival;
  }

  unanswered(contact: ContactOutcome): void {
    if (contact.kind === 'callback') this.track(this.callbackRecord(contact));
  }

  answered(contact: ContactOutcome): void {
    this.track(contact.kind === 'callback' ? this.afterCallback(contact) : this.afterAnswer(contact));
  }

  /** Desk work deferred by faults, done again; then what is still running. */
  async finish(): Promise<void> {
    await Promise.all([...this.flowing]);
    for (;;) {
      while (this.tasks.size > 0) await Promise.all([...this.tasks]);
      const jobs = this.deferred.splice(0);
      if (jobs.length === 0) return;
      for (const { at, job } of jobs) this.track(this.withWork(() => job(at)));
    }
  }

  /** Waits while too much work is in flight (the event queue's pace). */
  async backpressure(limit: number): Promise<void> {
    while (this.tasks.size > limit) await Promise.race([...this.tasks]);
  }

  private track(task: Promise<unknown>, into: Set<Promise<unknown>> = this.tasks): void {
    const tracked = task.catch((error: unknown) => {
      this.errors.push(error instanceof Error ? error.message : String(error));
    });
    into.add(tracked);
    void tracked.finally(() => into.delete(tracked));
  }

  private async withWork<T>(work: () => Promise<T>): Promise<T> {
    await this.work.acquire();
    try {
      return await work();
    } finally {
      this.work.release();
    }
  }

  private instant(seconds: number): Date {
    return new Date(this.deps.midnight + seconds * 1000);
  }

  private seconds(at: Date): number {
    return (at.getTime() - this.deps.midnight) / 1000;
  }

  private departmentOf(category: string): string | undefined {
    return this.deps.config.departments.find((d) => (d.categories as readonly string[]).includes(category))
      ?.id;
  }

  private begin(attempt: CallAttempt): Run {
    let resolveArrival: (arrival: Arrival) => void = () => undefined;
    const arrival = new Promise<Arrival>((resolve) => {
      resolveArrival = resolve;
    });
    const ticket = this.deps.tickets.get(attempt.call.seq);
    const run: Run = {
      attempt,
      call: null,
      contactId: '',
      from: callerNumber(attempt.call.seq),
      dialed: attempt.call.entryPoint,
      arrival,
      resolveArrival: (value) => {
        if (run.arrived) return;
        run.arrived = true;
        resolveArrival(value);
      },
      arrived: false,
      done: Promise.resolve(null),
      inputs: attempt.call.menu.inputs.map((key) => (key === '{ticket}#' ? `${ticket ?? ''}#` : key)),
      rng: createRng(this.deps.seed * 7919 + attempt.call.seq * 31 + attempt.attempt),
      outcome: null,
    };
    this.runs.set(attempt.key, run);
    run.done = this.drive(run);
    this.track(run.done, this.flowing);
    return run;
  }

  private live(run: Run): LiveQueue {
    const simulation = this.simulation as DaySimulation;
    const toEvent = (event: DayQueueEvent | null) =>
      event && { kind: event.kind, at: this.instant(event.at) };
    let entered = false;
    return {
      wait: (span) => {
        if (!entered) {
          entered = true;
          return new Promise((resolve) => {
            run.resolveArrival({
              kind: 'queued',
              at: this.seconds(span.queuedAt),
              priority: span.priority,
              entry: { resolve: (event) => resolve(toEvent(event)) },
            });
          });
        }
        return simulation
          .waitSpan(run.attempt.key, {
            until: span.until === null ? null : this.seconds(span.until),
            callbackRequested: span.callbackRequested,
          })
          .then(toEvent);
      },
      metrics: (queue): Partial<QueueMetrics> => {
        if (queue !== 'counselors') return {};
        const m = simulation.metrics(run.attempt.key);
        return {
          size: m.size,
          oldestContactAgeSeconds: Math.round(m.oldestContactAgeSeconds),
          agentsOnline: m.agentsOnline,
          agentsAvailable: m.agentsAvailable,
          agentsStaffed: m.agentsStaffed,
          positionInQueue: m.positionInQueue,
          estimatedWaitSeconds: Math.round(
            (m.positionInQueue * this.deps.averageHandleSeconds) / Math.max(1, m.agentsStaffed),
          ),
        };
      },
    };
  }

  private answer(run: Run, request: InputRequest): string {
    const call = run.attempt.call;
    if (request.flow === 'customer-queue') return call.acceptsCallback ? '1' : '2';
    if (request.flow === 'post-call-survey')
      return chance(run.rng, SURVEY_ANSWER_SHARE)
        ? (SURVEY_KEYS[pickIndex(run.rng, SURVEY_WEIGHTS)] ?? 'timeout')
        : 'timeout';
    if (request.flow === 'inbound') return run.inputs.shift() ?? 'timeout';
    return 'timeout';
  }

  /** The call's flows, from the dialled number to the end (the counselor part runs in the background). */
  private async drive(run: Run): Promise<CallEnd | null> {
    const { attempt } = run;
    const call = attempt.call;
    const department = this.departmentOf(call.category);
    const steps: CounselorStep[] =
      call.disposition === 'transferred' && department ? [{ quickConnect: department }, { do: 'leave' }] : [];
    await this.ivr.acquire();
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        this.ivr.release();
      }
    };
    void run.arrival.then(release);
    const simulation = this.simulation as DaySimulation;
    try {
      return await atSimulatedTime(
        () => run.call?.now ?? this.instant(attempt.arrival),
        async () => {
          const simulated = this.deps.simulator.startCall({
            dialed: run.dialed,
            from: run.from,
            at: this.instant(attempt.arrival),
            liveQueue: this.live(run),
            counselor: steps,
          });
          run.call = simulated;
          run.contactId = simulated.contactId;
          let step = await simulated.next();
          while (!step.ended && step.waitingForInput)
            step = await simulated.input(this.answer(run, step.waitingForInput));
          return step.ended;
        },
      );
    } catch (error) {
      this.errors.push(`${attempt.key}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    } finally {
      release();
      const endedAt = run.call ? this.seconds(run.call.now) : attempt.arrival;
      if (!run.arrived) {
        const afterHours = run.call?.transcript.some((e) => e.kind === 'flow' && e.flow === 'after-hours');
        run.resolveArrival({
          kind: 'ended',
          at: endedAt,
          outcome: afterHours ? 'not-queued' : 'self-service',
        });
      }
      simulation.callEnded(attempt.key);
      // Calls a counselor answered write their record after the desk work (afterAnswer).
      const outcome = simulation.contacts.find((c) => c.key === attempt.key && c.kind === 'inbound');
      if (outcome?.outcome !== 'answered') this.track(this.unansweredRecord(run, endedAt));
    }
  }

  /** The contact record of a call no counselor took (self-service, hung up, callback requested). */
  private async unansweredRecord(run: Run, endedAt: number): Promise<void> {
    await run.arrival; // the contact's queue times are known once it reached (or skipped) the queue
    const outcome = (this.simulation as DaySimulation).contacts.find(
      (c) => c.key === run.attempt.key && c.kind === 'inbound',
    );
    const open = this.openContact(run, outcome ?? null, null);
    this.deps.ctr.add(run.contactId, open, {
      at: this.instant(Math.max(endedAt, outcome?.leftAt ?? 0)),
      reason: 'CUSTOMER_DISCONNECT',
      attributes: run.call?.attributes ?? {},
    });
  }

  private openContact(run: Run, outcome: ContactOutcome | null, counselor: string | null): OpenContact {
    const queuedAt = outcome?.queuedAt ?? null;
    const dequeuedAt = outcome?.answeredAt ?? outcome?.leftAt ?? null;
    return {
      initiatedAt: this.instant(outcome?.arrival ?? run.attempt.arrival),
      dialed: this.deps.simulator.resolveDialed(run.dialed),
      from: run.from,
      queue:
        queuedAt === null
          ? null
          : {
              name: 'counselors',
              enqueuedAt: this.instant(queuedAt),
              dequeuedAt: dequeuedAt === null ? null : this.instant(dequeuedAt),
            },
      agent:
        counselor && outcome?.answeredAt != null
          ? { username: counselor, connectedAt: this.instant(outcome.answeredAt) }
          : null,
      agentDisconnectedAt: null,
    };
  }

  /** The counselor's desk work for an answered contact, at the moments of the talk it happens in. */
  private async deskWork(
    contact: ContactOutcome,
    contactId: string,
    from: string,
    entryPoint: string,
  ): Promise<void> {
    const call = contact.attempt.call;
    const answeredAt = contact.answeredAt ?? 0;
    const counselor = contact.counselor ?? 'counselor';
    const claims = { sub: counselor, username: counselor, groups: ['counselors'] };
    this.deps.connect.calls.set(contactId, {
      answeredBy: counselor,
      dialed: this.deps.simulator.resolveDialed(entryPoint),
      startedAt: this.instant(answeredAt),
    });
    const request = async (at: number, method: string, path: string, body: unknown) => {
      const response = await atSimulatedTime(
        () => this.instant(at),
        () =>
          this.deps.telemetry.time(
            'api',
            at,
            () => invokeApi(this.deps.api, { method, path, claims, body }),
            (r) => r.status >= 500,
          ),
      );
      if (response.status >= 500) throw new DeskUnavailable(at);
      return response.body;
    };
    let ticketNumber: string | undefined;
    const job = async (offset: number) => {
      if (call.disposition === 'transferred')
        await request(answeredAt + offset + call.talkSeconds * 0.5, 'POST', '/api/escalations', {
          requestId: randomUUID(),
          category: call.category,
          contactId,
          callerNumber: from,
        });
      if (call.disposition === 'ticket' && ticketNumber === undefined) {
        const created = await request(answeredAt + offset + call.talkSeconds * 0.8, 'POST', '/api/tickets', {
          requestId: randomUUID(),
          kind: 'report',
          category: call.category,
          description: '모의 통화 중 상담사가 접수한 신고입니다.',
          location: '청주시 일원 (모의)',
          contactId,
          callerNumber: from,
        });
        ticketNumber = typeof created.ticketNumber === 'string' ? created.ticketNumber : undefined;
      }
      await request(
        answeredAt + offset + call.talkSeconds + call.afterCallWorkSeconds * 0.5,
        'POST',
        `/api/contacts/${encodeURIComponent(contactId)}/disposition`,
        {
          disposition: call.disposition,
          category: call.category,
          entryPoint,
          ...(ticketNumber !== undefined && { ticketNumber }),
        },
      );
    };
    const attempt = async (offset: number): Promise<void> => {
      try {
        await job(offset);
      } catch (error) {
        if (!(error instanceof DeskUnavailable)) throw error;
        this.deskRetries += 1;
        const at = this.deps.retryAt(error.at);
        this.deferred.push({ at, job: () => attempt(at - answeredAt) });
      }
    };
    await attempt(0);
  }

  private async afterAnswer(contact: ContactOutcome): Promise<void> {
    const run = this.runs.get(contact.key);
    if (!run) return;
    const end = await run.done;
    await this.withWork(async () => {
      const call = contact.attempt.call;
      const answeredAt = contact.answeredAt ?? 0;
      const afterFlows = run.call ? this.seconds(run.call.now) - answeredAt : 0;
      await this.deskWork(contact, run.contactId, run.from, run.attempt.call.entryPoint);
      const open = this.openContact(run, contact, contact.counselor);
      open.agentDisconnectedAt = this.instant(answeredAt + call.talkSeconds);
      const transferred = end?.queue !== null && end?.queue !== undefined && end.queue !== 'counselors';
      this.deps.ctr.add(run.contactId, open, {
        at: this.instant(answeredAt + call.talkSeconds + Math.max(0, afterFlows)),
        reason: 'AGENT_DISCONNECT',
        attributes: run.call?.attributes ?? {},
        transferredTo: end?.transferredTo ?? null,
        nextContactId: transferred || end?.outcome === 'transferred' ? randomUUID() : null,
      });
    });
  }

  /** A queued callback the customer answered: the desk work and its contact record (CALLBACK). */
  private async afterCallback(contact: ContactOutcome): Promise<void> {
    const run = this.runs.get(contact.attempt.key);
    if (!run) return;
    await run.done;
    await this.withWork(async () => {
      const contactId = randomUUID();
      const call = contact.attempt.call;
      await this.deskWork(contact, contactId, run.from, call.entryPoint);
      const answeredAt = contact.answeredAt ?? 0;
      const open = {
        ...this.openContact(run, contact, contact.counselor),
        initiationMethod: 'CALLBACK' as const,
      };
      open.agentDisconnectedAt = this.instant(answeredAt + call.talkSeconds);
      this.deps.ctr.add(contactId, open, {
        at: this.instant(answeredAt + call.talkSeconds),
        reason: 'AGENT_DISCONNECT',
        attributes: run.call?.attributes ?? {},
      });
    });
  }

  /**
   * A callback that never reached the customer: its contact record has no agent (the docs do not
   * say what Connect records when the customer never answers an agent-first callback; modelled as
   * not answered, so it counts as abandoned in today's figures).
   */
  private async callbackRecord(contact: ContactOutcome): Promise<void> {
    const run = this.runs.get(contact.attempt.key);
    if (!run) return;
    await run.done;
    const open = { ...this.openContact(run, contact, null), initiationMethod: 'CALLBACK' as const };
    this.deps.ctr.add(randomUUID(), open, {
      at: this.instant(contact.leftAt ?? contact.queuedAt ?? contact.arrival),
      reason: 'CUSTOMER_DISCONNECT',
      attributes: run.call?.attributes ?? {},
    });
  }
}

/** A desk request failed (a fault): the counselor makes it again later. */
class DeskUnavailable extends Error {
  constructor(readonly at: number) {
    super('desk request failed');
  }
}
