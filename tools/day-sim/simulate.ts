import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createContactRecords } from '#adapters/contact-records';
import { createDayStats } from '#adapters/day-stats';
import { type DayFigures, dayFigures, type IntervalFigures, percentile } from '#domain/planning/day-figures';
import { INTERVAL_MINUTES, toMinutes } from '#domain/planning/day-model';
import {
  callKey,
  counselorsAllDay,
  counselorsFromShifts,
  DaySimulation,
  DEFAULT_CALLBACK_BEHAVIOUR,
  setUpDay,
} from '#domain/planning/day-simulation';
import type { StaffingPlan } from '#domain/planning/plan-file';
import { createTicketReportCounts } from '#functions/api/report-counter';
import {
  createTodayStats,
  createTodayStatsFromRecords,
  type TodayStats,
} from '#functions/use-cases/today-stats';
import { loadCityConfig } from '#infra/config/load';
import type { CfnTemplates } from '#tools/local-aws/cfn';
import type { CtrConsumer } from '#tools/sandbox/contact-trace';
import type { ApiHandler } from '#tools/sandbox/runtime';
import { simulatorSettingsFromCity } from '#tools/simulator/city';
import { parseLocalDateTime } from '#tools/simulator/hours';
import { createSimulator } from '#tools/simulator/index';
import type { FlowFunction } from '#tools/simulator/types';
import { startDaySimBackend } from './backend';
import { atSimulatedTime, installSimulatedClock, realNow } from './clock';
import { CtrSink } from './contact-records';
import { type Fault, FaultPlan, type FunctionTarget, throttlingError, withFaults } from './faults';
import { callerNumber, FlowsAdapter } from './flows-adapter';
import { type HandlerFigures, Telemetry } from './telemetry';

/**
 * `npm run simulate:day`: a whole day of calls through the real contact flows and handlers on
 * DynamoDB Local and local SQS, the counselor queue driven by a discrete-event engine with the
 * clock at each event (no real waiting). README "Day simulation" describes the model and its
 * defaults; this module puts the pieces together and measures the run:
 *
 * 1. the day (date → day type, opening hours, sampled calls; functions/domain/planning) and the
 *    counselors (a staffing plan's shifts, or K counselors all day);
 * 2. the back end (backend.ts), the simulated clock (clock.ts) and the faults (faults.ts);
 * 3. tickets for the callers who key one in, filed the day before through the intake function;
 * 4. the day: DaySimulation (queue engine, patience, callbacks, redials) with the flows adapter
 *    (flows-adapter.ts); contact records to the ctr-consumer (contact-records.ts);
 * 5. the figures: today's figures by the real use case (the day's counters) and recomputed from
 *    every record the old way (they must agree), the queue's figures (service level, waits,
 *    occupancy, per interval), and the system's (handler latencies, DynamoDB items and requests,
 *    department queue depths, today's-figures latency both ways).
 */

export interface DaySimRequest {
  rootDir: string;
  /** City config id (default `cheongju`). */
  city?: string;
  date: string;
  /** Calls in the day (default: the day type's figure in the day model). */
  calls?: number;
  seed?: number;
  /** K counselors all day, or a staffing plan's shifts. */
  counselors?: number;
  staffing?: StaffingPlan;
  faults?: Fault[];
  /** Running DynamoDB Local and SQS (the run provisions its own prefixed tables there). */
  endpoints?: { dynamo: string; sqs: string };
  templates?: CfnTemplates;
  /** IVR parts and desk work in flight at once (default 8). */
  concurrency?: number;
  log?: (line: string) => void;
}

export interface IntervalReport extends IntervalFigures {
  /** Counselors at work in the plan (when simulating a plan). */
  scheduled: number | null;
  /** The plan's predicted answer rate for the interval. */
  plannedAnswerRate: number | null;
  /** Handler failures in the interval (faults). */
  failures: Record<string, number>;
}

export interface DaySimReport extends TodayStats {
  kind: 'minwon365/day-simulation';
  version: 1;
  city: string;
  date: string;
  dayType: string;
  holiday: boolean;
  open: { start: string; end: string };
  seed: number;
  staffing: { source: 'plan' | 'counselors'; counselors: number; paidHours: number | null };
  /** Answered within `serviceLevelSeconds` of joining the queue, of the inbound calls that joined it. */
  serviceLevel: number;
  serviceLevelSeconds: number;
  averageWaitSeconds: number;
  p90WaitSeconds: number;
  occupancy: number;
  /** The queue's own counts (README "Day simulation": how they differ from today's figures). */
  queue: Omit<DayFigures, 'intervals'>;
  intervals: IntervalReport[];
  /** Today's figures recomputed from every contact record and ticket (the old computation). */
  recomputed: TodayStats;
  /** Whether the counters and the recomputation agree on every figure. */
  figuresAgree: boolean;
  planned: { answerRate: number; serviceLevel: number; averageWaitSeconds: number } | null;
  faults: Fault[];
  system: {
    /** From the command's start to the day's end and its last contact record (start-up included). */
    wallSeconds: number;
    /** The day itself: tickets seeded, every call simulated, every record delivered (no start-up). */
    daySeconds: number;
    /** Seconds per phase: setUp (synth, emulators, tables, handlers), seedTickets, day, drain. */
    phases: Record<string, number>;
    /** Simulated calls per second of the day's wall time. */
    callsPerSecond: number;
    /** CPU seconds the day took in this process and in DynamoDB Local (when this run started it). */
    cpuSeconds: { node: number; dynamoDbLocal: number | null };
    handlers: Record<string, HandlerFigures>;
    dynamo: { requests: number; throttled: number; byOperation: Record<string, number> };
    items: Record<string, number>;
    departmentQueueDepths: Record<string, number>;
    todayFiguresMs: { counters: { p50: number; max: number }; recomputed: { p50: number; max: number } };
    contactRecords: number;
    contactRecordRedeliveries: number;
    deskRetries: number;
  };
  notes: string[];
}

const TODAY_RUNS = 7;

/** Drops the handlers' per-invocation warnings from stderr while the day runs, counting them. */
const quietStderr = () => {
  const write = process.stderr.write.bind(process.stderr);
  const counts = { emptyMetrics: 0, slowRequests: 0 };
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text =
      typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString() : '';
    if (text.startsWith('No application metrics to publish')) {
      counts.emptyMetrics += 1;
      return true;
    }
    if (text.includes('exceeded the configured') && text.includes('requestTimeout')) {
      counts.slowRequests += 1;
      return true;
    }
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  // In dev mode Powertools writes through the global console, which a test runner may replace.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('No application metrics to publish')) {
      counts.emptyMetrics += 1;
      return;
    }
    warn(...args);
  };
  return {
    counts,
    restore: () => {
      process.stderr.write = write;
      console.warn = warn;
    },
  };
};

/** CPU seconds a process has used (Linux /proc; null elsewhere or when it is gone). */
const processCpuSeconds = (pid: number | undefined): number | null => {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
};
const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

const timeRuns = async (work: () => Promise<unknown>): Promise<{ p50: number; max: number }> => {
  const ms: number[] = [];
  await work(); // warm-up
  for (let i = 0; i < TODAY_RUNS; i++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  const round = (value: number) => Math.round(value * 10) / 10;
  return { p50: round(percentile(ms, 0.5)), max: round(Math.max(...ms)) };
};

const sameFigures = (a: TodayStats, b: TodayStats): boolean =>
  JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
const sortKeys = (value: unknown): unknown =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .sort(([x], [y]) => x.localeCompare(y))
          .map(([k, v]) => [k, sortKeys(v)]),
      )
    : value;

export const runDaySimulation = async (request: DaySimRequest): Promise<DaySimReport> => {
  const wallStarted = realNow();
  const log = request.log ?? (() => undefined);
  const cityId = request.city ?? 'cheongju';
  const seed = request.seed ?? 1;
  const config = await loadCityConfig(cityId);
  const dayModel = config.dayModel;
  if (!dayModel) throw new RangeError(`infra/config/${cityId}.ts has no dayModel (README "Day model")`);
  const day = setUpDay({
    date: request.date,
    ...(request.calls !== undefined && { calls: request.calls }),
    seed,
    city: { ...config, dayModel },
  });
  if (request.staffing && request.counselors !== undefined)
    throw new RangeError('give --counselors or --staffing, not both');
  const notes: string[] = [];
  if (request.staffing && request.staffing.date !== request.date)
    notes.push(`the staffing plan is for ${request.staffing.date}; its shifts are used on ${request.date}`);
  const counselors = request.staffing
    ? counselorsFromShifts(request.staffing.shifts)
    : counselorsAllDay(request.counselors ?? 0, day.open);
  if (counselors.length === 0)
    notes.push('no counselor works this day: every queued call waits until the caller hangs up');

  const openStart = toMinutes(day.open.start);
  const slots = Math.floor((toMinutes(day.open.end) - openStart) / INTERVAL_MINUTES);
  const intervalStarts = Array.from({ length: slots }, (_, i) => openStart + i * INTERVAL_MINUTES);
  const intervalOf = (secondsOfDay: number) => {
    const slot = Math.floor((secondsOfDay / 60 - openStart) / INTERVAL_MINUTES);
    return openStart + Math.min(slots - 1, Math.max(0, slot)) * INTERVAL_MINUTES;
  };
  const telemetry = new Telemetry(intervalOf);
  const faults = new FaultPlan(request.faults ?? [], seed);
  const settings = simulatorSettingsFromCity(config);
  const midnight = parseLocalDateTime(`${request.date}T00:00`, settings.hours.timezone).getTime();
  const secondsOfDay = () => (Date.now() - midnight) / 1000;
  const instant = (seconds: number) => new Date(midnight + seconds * 1000);
  const faultEnd = faults.lastEnd(['lookup', 'intake', 'escalation', 'api', 'ctr-consumer', 'dynamodb']);
  const retryAt = (failedAt: number) => Math.max(failedAt, faultEnd ?? failedAt) + 60;

  log(
    `day ${request.date} (${day.dayType}${day.holiday ? ', holiday' : ''}), open ${day.open.start}–${day.open.end}: ${day.calls.length} calls, ${counselors.length} counselors`,
  );
  const backend = await startDaySimBackend({
    rootDir: request.rootDir,
    city: config,
    cityId,
    ...(request.endpoints && { endpoints: request.endpoints }),
    ...(request.templates && { templates: request.templates }),
  });
  for (const note of backend.notes) log(note);
  const phases: Record<string, number> = { setUp: Math.round((realNow() - wallStarted) / 100) / 10 };
  const phase = (name: string, since: number) => {
    phases[name] = Math.round((realNow() - since) / 100) / 10;
    log(`${name}: ${phases[name]} s`);
    return realNow();
  };
  let mark = realNow();
  const cpuAtStart = { node: ownCpuSeconds(), dynamo: processCpuSeconds(backend.dynamoPid) };
  const restoreClock = installSimulatedClock();
  // Thousands of invocations: Powertools Metrics warns on every one that publishes no metric (the
  // handlers add metrics only on some paths), and the SDK warns on every DynamoDB request slower than
  // the handlers' requestTimeout (DynamoDB Local on a busy machine). Both go to stderr through
  // consoles made when the modules load: count those lines instead of printing them.
  const quiet = quietStderr();
  // Every DynamoDB request of the handlers goes through their one shared client: count it, and
  // throttle it in a fault window (faults.ts). Imported after the back end set the handlers'
  // environment (Powertools reads it when its module loads).
  const { dynamoDbClient } = await import('#commons/aws/dynamodb');
  const throttleName = `daySimulation${Date.now()}`;
  dynamoDbClient.middlewareStack.add(
    (next, context) => async (args) => {
      const throttled = faults.throttles(secondsOfDay());
      telemetry.countDynamo(String(context.commandName ?? '?').replace(/Command$/, ''), throttled);
      if (throttled) throw throttlingError();
      return next(args);
    },
    { step: 'initialize', name: throttleName },
  );
  try {
    const timed =
      (name: FunctionTarget, fn: FlowFunction): FlowFunction =>
      (event, context) => {
        const at = secondsOfDay();
        return telemetry.time(name, at, () => withFaults(name, fn, faults, secondsOfDay)(event, context));
      };
    const functions = Object.fromEntries(
      Object.entries(backend.flowFunctions).map(([name, fn]) => [name, timed(name as FunctionTarget, fn)]),
    );
    const api: ApiHandler = async (event, context) => {
      if (faults.functionFault('api', secondsOfDay()))
        return { statusCode: 500, body: '{"error":"internal"}' };
      return backend.api(event, context);
    };
    const ctrConsumer: CtrConsumer = async (event, context) => {
      if (faults.functionFault('ctr-consumer', secondsOfDay()))
        throw new Error('Simulated fault: ctr-consumer is down (day simulation faults)');
      return backend.ctrConsumer(event, context);
    };
    const simulator = createSimulator({
      flowsDir: join(request.rootDir, 'contact-flows'),
      functions,
      hours: settings.hours,
      entryPoints: settings.entryPoints,
      queues: settings.queues,
      city: settings.city,
      quickConnects: settings.quickConnects,
    });

    // Callers who key in a ticket number have one: filed the afternoon before, through intake.
    const tickets = new Map<number, string>();
    const ticketCallers = day.calls.filter((c) => c.menu.inputs.includes('{ticket}#'));
    const dayBefore = midnight - 9 * 3600 * 1000;
    // One at a time, each tried up to three times: the handlers' time-outs run in real time, and
    // DynamoDB Local on a busy machine can be slower than them. Every filing moves the year's ticket
    // counter, so filings at once only conflict on it and back off (90 tickets: 5.6 s four at a
    // time, 3.4 s one at a time).
    const fileTicket = async (call: (typeof ticketCallers)[number]) => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const result = (await atSimulatedTime(
          () => dayBefore,
          () =>
            simulator.invoke(
              'intake',
              {
                kind: 'report',
                category: call.category,
                description: '모의 시민이 어제 접수한 신고입니다.',
                location: '청주시 일원 (모의)',
              },
              callerNumber(call.seq),
              call.entryPoint,
            ),
        ).catch(() => undefined)) as Record<string, string> | undefined;
        if (result?.status === 'CREATED' && result.ticketNumber) {
          tickets.set(call.seq, result.ticketNumber);
          return;
        }
      }
    };
    for (const call of ticketCallers) await fileTicket(call);
    mark = phase('seedTickets', mark);
    if (tickets.size < ticketCallers.length)
      notes.push(
        `${ticketCallers.length - tickets.size} ticket(s) for ticket-status callers could not be filed`,
      );

    const ctr = new CtrSink(
      ctrConsumer,
      telemetry,
      (at) => (at.getTime() - midnight) / 1000,
      (at) => instant(retryAt((at.getTime() - midnight) / 1000)),
      Math.max(1, Math.floor((request.concurrency ?? 8) / 2)),
    );
    const averageHandleSeconds =
      day.calls.reduce((sum, c) => sum + c.talkSeconds + c.afterCallWorkSeconds, 0) /
      Math.max(1, day.calls.length);
    const adapter = new FlowsAdapter({
      simulator,
      config: backend.runtimeConfig,
      api,
      connect: backend.connect,
      ctr,
      telemetry,
      midnight,
      seed,
      concurrency: request.concurrency ?? 8,
      tickets,
      averageHandleSeconds,
      retryAt,
    });
    let events = 0;
    const simulation = new DaySimulation({
      calls: day.calls,
      counselors,
      adapter,
      seed,
      callbacks: { ...DEFAULT_CALLBACK_BEHAVIOUR, ...callbackParameters(simulator) },
      pace: async () => {
        events += 1;
        // Let the handlers' I/O run beside the event queue, and keep what is in flight bounded.
        if (events % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
        await adapter.backpressure(256);
      },
    });
    adapter.start(
      simulation,
      day.calls.map((call) => ({ key: callKey(call), call, attempt: 1, arrival: call.arrivalSeconds })),
    );
    const contacts = await simulation.run();
    mark = phase('day', mark);
    await adapter.finish();
    await ctr.drain();
    await backend.dispatcher.drain();
    mark = phase('drain', mark);
    const dynamoCpu = processCpuSeconds(backend.dynamoPid);
    const cpuSeconds = {
      node: Math.round((ownCpuSeconds() - cpuAtStart.node) * 10) / 10,
      dynamoDbLocal:
        dynamoCpu === null || cpuAtStart.dynamo === null
          ? null
          : Math.round((dynamoCpu - cpuAtStart.dynamo) * 10) / 10,
    };
    if (quiet.counts.slowRequests > 0)
      notes.push(
        `${quiet.counts.slowRequests} DynamoDB request(s) took longer than the handlers' 2 s requestTimeout (DynamoDB Local was slow; the SDK waited, no request failed for it)`,
      );
    if (adapter.errors.length > 0)
      notes.push(`${adapter.errors.length} call(s) failed in the simulator, e.g. ${adapter.errors[0] ?? ''}`);
    const wallSeconds = (realNow() - wallStarted) / 1000;
    const daySeconds = (phases.seedTickets ?? 0) + (phases.day ?? 0) + (phases.drain ?? 0);

    // ---- figures -------------------------------------------------------------------------
    const noon = () => instant(12 * 3600);
    const today = createTodayStats({
      dayStats: createDayStats({ client: backend.doc, tableName: backend.table('Counters') }),
      config: backend.runtimeConfig,
      now: noon,
    });
    const recompute = createTodayStatsFromRecords({
      contacts: createContactRecords({ client: backend.doc, tableName: backend.table('Contacts') }),
      reports: createTicketReportCounts({
        client: backend.doc,
        tableName: backend.table('Tickets'),
        departmentIds: backend.runtimeConfig.departments.map((d) => d.id),
      }),
      config: backend.runtimeConfig,
      now: noon,
    });
    const [stats, recomputed] = [await today(), await recompute()];
    const todayFiguresMs = { counters: await timeRuns(today), recomputed: await timeRuns(recompute) };
    const figures = dayFigures({ contacts, spans: simulation.stateSpans(), intervalStarts });
    const items: Record<string, number> = {};
    for (const purpose of ['Tickets', 'Contacts', 'Counters', 'Idempotency']) {
      let count = 0;
      let start: Record<string, never> | undefined;
      do {
        const page = await backend.dynamo.send(
          new ScanCommand({ TableName: backend.table(purpose), Select: 'COUNT', ExclusiveStartKey: start }),
        );
        count += page.Count ?? 0;
        start = page.LastEvaluatedKey as Record<string, never> | undefined;
      } while (start);
      items[purpose] = count;
    }
    const departmentQueueDepths: Record<string, number> = {};
    for (const [id, url] of Object.entries(backend.departmentQueueUrls)) {
      const attributes = await backend.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      departmentQueueDepths[id] = Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0);
    }
    const planned = request.staffing;
    const { intervals: figureIntervals, ...queue } = figures;
    return {
      kind: 'minwon365/day-simulation',
      version: 1,
      city: cityId,
      date: request.date,
      dayType: day.dayType,
      holiday: day.holiday,
      open: day.open,
      seed,
      staffing: {
        source: planned ? 'plan' : 'counselors',
        counselors: counselors.length,
        paidHours: planned ? planned.totals.counselorHours : null,
      },
      ...stats,
      serviceLevel: figures.serviceLevel,
      serviceLevelSeconds: figures.serviceLevelSeconds,
      averageWaitSeconds: figures.averageWaitSeconds,
      p90WaitSeconds: figures.p90WaitSeconds,
      occupancy: figures.occupancy,
      queue,
      intervals: figureIntervals.map((interval, i) => {
        const plannedInterval = planned?.intervals.find((p) => p.start === interval.start);
        return {
          ...interval,
          scheduled: plannedInterval?.scheduled ?? null,
          plannedAnswerRate: plannedInterval?.predicted.answerRate ?? null,
          failures: telemetry.failuresIn(intervalStarts[i] ?? 0),
        };
      }),
      recomputed,
      figuresAgree: sameFigures(stats, recomputed),
      planned: planned
        ? {
            answerRate: planned.totals.answerRate,
            serviceLevel: planned.totals.serviceLevel,
            averageWaitSeconds: planned.totals.averageWaitSeconds,
          }
        : null,
      faults: request.faults ?? [],
      system: {
        wallSeconds: Math.round(wallSeconds * 10) / 10,
        daySeconds: Math.round(daySeconds * 10) / 10,
        phases,
        callsPerSecond: Math.round((figures.calls / Math.max(daySeconds, 0.001)) * 10) / 10,
        cpuSeconds,
        handlers: telemetry.handlers(),
        dynamo: {
          requests: telemetry.dynamoRequests,
          throttled: telemetry.dynamoThrottled,
          byOperation: Object.fromEntries(telemetry.dynamoByOperation),
        },
        items,
        departmentQueueDepths,
        todayFiguresMs,
        contactRecords: ctr.records,
        contactRecordRedeliveries: ctr.redeliveries,
        deskRetries: adapter.deskRetries,
      },
      notes,
    };
  } finally {
    dynamoDbClient.middlewareStack.remove(throttleName);
    quiet.restore();
    restoreClock();
    await backend.stop();
  }
};

/** The customer queue flow's CreateCallbackContact parameters (initial delay, attempts, retry delay). */
const callbackParameters = (simulator: ReturnType<typeof createSimulator>) => {
  for (const flow of simulator.flows.values()) {
    for (const action of flow.actions.values()) {
      if (action.Type !== 'CreateCallbackContact') continue;
      const p = (action.Parameters ?? {}) as Record<string, unknown>;
      const number = (key: string) => (p[key] === undefined ? undefined : Number(p[key]));
      return {
        ...(number('InitialCallDelaySeconds') !== undefined && {
          initialDelaySeconds: number('InitialCallDelaySeconds') as number,
        }),
        ...(number('MaximumConnectionAttempts') !== undefined && {
          maxAttempts: number('MaximumConnectionAttempts') as number,
        }),
        ...(number('RetryDelaySeconds') !== undefined && {
          retryDelaySeconds: number('RetryDelaySeconds') as number,
        }),
      };
    }
  }
  return {};
};
