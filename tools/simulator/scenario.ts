import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { SimulationError } from './errors';
import type { Simulator } from './index';
import type { Call } from './interpreter';
import type { CallEnd, CallOutcome, LambdaCallRecord, TranscriptEntry } from './types';

/**
 * Scenario files (JSON) — a stable interface, documented in tools/simulator/README.md:
 *
 *     { "name": "…",
 *       "call": { "dialed": "+82432010001" | "barocall", "from": "+821012345678" | null, "at": "2027-03-02T10:15:00+09:00" },
 *       "given": { "tickets": [ { "kind": "report", "category": "living-complaints", "description": "…", "from": "+82…" } ] },
 *       "faults": { "lookup": "throw" | "slow" },
 *       "inputs": ["1", "{ticket:0}#", "timeout"],
 *       "strict": false,
 *       "expect": { "outcome": "queued", "queue": "counselors", "attributes": {…}, "promptsInclude": [], "promptsExclude": [], "ticketsCreated": 0 } }
 *
 * Simulator extensions of `call` (all optional): `externalTransfer` (answered | no-answer | busy |
 * failed), `agentAnswersAfterSeconds` (number, or null for nobody), `transferAnswersAfterSeconds`,
 * `quickConnect` ({ flow, queue? }: a cold transfer, kept for older scenarios), `queuesAtCapacity`
 * (queue ids), `queueMetrics` (what GetMetricData / CheckMetricData see). `counselor`: what the counselor does after answering, in order:
 * `{ "quickConnect": "<name>" | { flow, queue?, type?, user?, phoneNumber? }, "cold"?: true }`,
 * `{ "do": "conference" | "leave" | "cancel" | "hold" | "resume" | "hangUp" }`. Of `expect`:
 * `whisperIncludes`, `counselorHears`, `counselorDoesNotHear`, `thirdPartyHears`, `promptsInOrder`.
 */

const E164 = /^\+[1-9]\d{6,14}$/;
const OUTCOMES = ['queued', 'disconnected', 'transferred'] as const;

const quickConnectSchema = z.strictObject({
  type: z.enum(['USER', 'QUEUE', 'PHONE_NUMBER']).optional(),
  flow: z.string().min(1).optional(),
  queue: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  phoneNumber: z.string().regex(E164, 'must be an E.164 number').optional(),
});

const counselorStepSchema = z.union([
  z.strictObject({
    quickConnect: z.union([z.string().min(1), quickConnectSchema]),
    cold: z.boolean().optional(),
  }),
  z.strictObject({ do: z.enum(['conference', 'leave', 'cancel', 'hold', 'resume', 'hangUp']) }),
]);

const ticketSchema = z.strictObject({
  kind: z.enum(['report', 'callback', 'inquiry']),
  category: z.string().min(1),
  description: z.string().min(1),
  location: z.string().optional(),
  departmentId: z.string().optional(),
  from: z.string().regex(E164, 'must be an E.164 number').nullable().optional(),
});

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  call: z.strictObject({
    dialed: z.string().min(1),
    from: z
      .string()
      .regex(E164, 'must be an E.164 number such as +821012345678, or null (withheld)')
      .nullable(),
    at: z.string().optional(),
    externalTransfer: z.enum(['answered', 'no-answer', 'busy', 'failed']).optional(),
    agentAnswersAfterSeconds: z.number().int().min(0).nullable().optional(),
    transferAnswersAfterSeconds: z.number().int().min(0).nullable().optional(),
    quickConnect: z.strictObject({ flow: z.string().min(1), queue: z.string().min(1).optional() }).optional(),
    queuesAtCapacity: z.array(z.string()).optional(),
    queueMetrics: z
      .strictObject({
        size: z.number().int().min(0).optional(),
        oldestContactAgeSeconds: z.number().int().min(0).optional(),
        agentsOnline: z.number().int().min(0).optional(),
        agentsAvailable: z.number().int().min(0).optional(),
        agentsStaffed: z.number().int().min(0).optional(),
        positionInQueue: z.number().int().min(0).optional(),
        estimatedWaitSeconds: z.number().int().min(0).optional(),
      })
      .optional(),
  }),
  counselor: z.array(counselorStepSchema).optional(),
  given: z.strictObject({ tickets: z.array(ticketSchema).default([]) }).optional(),
  faults: z.record(z.string(), z.enum(['throw', 'slow'])).optional(),
  inputs: z
    .array(
      z
        .string()
        .regex(
          /^(?:timeout|(?:[0-9*#]|\{ticket:\d+(?::typo)?\})+)$/,
          'must be DTMF keys (0-9 * #), {ticket:N}, {ticket:N:typo}, or "timeout"',
        ),
    )
    .default([]),
  strict: z.boolean().default(false),
  expect: z
    .strictObject({
      outcome: z.union([z.enum(OUTCOMES), z.array(z.enum(OUTCOMES)).min(1)]).optional(),
      queue: z.string().optional(),
      attributes: z.record(z.string(), z.string()).optional(),
      promptsInclude: z.array(z.string()).optional(),
      promptsExclude: z.array(z.string()).optional(),
      ticketsCreated: z.number().int().min(0).optional(),
      whisperIncludes: z.array(z.string()).optional(),
      counselorHears: z.array(z.string()).optional(),
      counselorDoesNotHear: z.array(z.string()).optional(),
      thirdPartyHears: z.array(z.string()).optional(),
      promptsInOrder: z.array(z.string()).optional(),
    })
    .default({}),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

export class ScenarioFormatError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`${source}: invalid scenario\n  ${issues.join('\n  ')}`);
    this.name = 'ScenarioFormatError';
  }
}

export const parseScenario = (input: unknown, source = 'scenario'): Scenario => {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    throw new ScenarioFormatError(
      source,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
};

export const loadScenarioFile = (file: string): Scenario => {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ScenarioFormatError(file, [`not readable JSON: ${(error as Error).message}`]);
  }
  return parseScenario(json, file);
};

/** `{ticket:N}` → the N-th given ticket's number (keypad characters only); `:typo` changes one digit. */
export const substituteTickets = (input: string, ticketNumbers: readonly string[]): string =>
  input.replace(/\{ticket:(\d+)(:typo)?\}/g, (placeholder, index: string, typo: string | undefined) => {
    const number = ticketNumbers[Number(index)];
    if (number === undefined) {
      throw new SimulationError(
        `input ${placeholder}: there is no given ticket ${index} (${ticketNumbers.length} given)`,
      );
    }
    const keys = number.replace(/[^0-9*#]/g, '');
    if (!typo) return keys;
    // Change the digit before the check digit: a check digit that catches single-digit errors rejects it.
    const at = keys.length - 2;
    const digit = Number(keys[at]);
    return `${keys.slice(0, at)}${(digit + 1) % 10}${keys.slice(at + 1)}`;
  });

export interface ScenarioResult {
  name: string;
  source: string | null;
  passed: boolean;
  failures: string[];
  end: CallEnd | null;
  attributes: Record<string, string>;
  transcript: TranscriptEntry[];
  agentWhisper: string[];
  /** What each participant heard. */
  heard: { caller: string[]; counselor: string[]; thirdParty: string[] };
  lambdaCalls: LambdaCallRecord[];
  inputsUsed: number;
  ticketsCreated: number | null;
  givenTickets: string[];
  call: { dialed: string; from: string | null; at: string };
}

export interface RunScenarioOptions {
  /** File the scenario came from, for messages. */
  source?: string;
  /**
   * Counts tickets in the store (e.g. a DynamoDB scan); `ticketsCreated` is the difference over the
   * call. Without it, the count is the intake/escalation responses of the call that carry a new
   * ticket number (status CREATED, or outcome callback).
   */
  countTickets?: () => Promise<number>;
  /** Silent answers the runner gives after the inputs run out before it stops the call. */
  maxSilentAnswers?: number;
}

const createdByCall = (calls: readonly LambdaCallRecord[]): number =>
  calls.filter(
    (c) =>
      c.status === 'ok' &&
      typeof c.result?.ticketNumber === 'string' &&
      c.result.ticketNumber !== '' &&
      (c.result.status === 'CREATED' || c.result.outcome === 'callback'),
  ).length;

export const runScenario = async (
  simulator: Simulator,
  scenario: Scenario,
  options: RunScenarioOptions = {},
): Promise<ScenarioResult> => {
  const failures: string[] = [];
  const givenTickets: string[] = [];
  let call: Call | null = null;
  let inputsUsed = 0;
  let ticketsCreated: number | null = null;
  const at = scenario.call.at ?? new Date().toISOString();

  try {
    for (const name of Object.keys(scenario.faults ?? {})) {
      if (!simulator.functionNames.includes(name)) {
        throw new SimulationError(
          `faults.${name}: no such function (known: ${simulator.functionNames.join(', ')})`,
        );
      }
    }
    // Given tickets go through the intake function, like a counselor's intake before this call.
    for (const [i, ticket] of (scenario.given?.tickets ?? []).entries()) {
      const { from, ...fields } = ticket;
      const parameters = Object.fromEntries(
        Object.entries(fields).filter(([, v]) => v !== undefined),
      ) as Record<string, string>;
      const response = (await simulator.invoke('intake', parameters, from ?? null)) as Record<
        string,
        unknown
      > | null;
      if (response?.status !== 'CREATED' || typeof response.ticketNumber !== 'string') {
        throw new SimulationError(
          `given.tickets[${i}]: intake answered ${JSON.stringify(response)} instead of CREATED`,
        );
      }
      givenTickets.push(response.ticketNumber);
    }
    const inputs = scenario.inputs.map((input) => substituteTickets(input, givenTickets));
    const before = options.countTickets ? await options.countTickets() : null;

    call = simulator.startCall({
      dialed: scenario.call.dialed,
      from: scenario.call.from,
      at,
      ...(scenario.call.externalTransfer ? { externalTransfer: scenario.call.externalTransfer } : {}),
      ...(scenario.call.agentAnswersAfterSeconds !== undefined
        ? { agentAnswersAfterSeconds: scenario.call.agentAnswersAfterSeconds }
        : {}),
      ...(scenario.call.quickConnect ? { quickConnect: scenario.call.quickConnect } : {}),
      ...(scenario.counselor ? { counselor: scenario.counselor } : {}),
      ...(scenario.call.transferAnswersAfterSeconds !== undefined
        ? { transferAnswersAfterSeconds: scenario.call.transferAnswersAfterSeconds }
        : {}),
      ...(scenario.call.queuesAtCapacity ? { queuesAtCapacity: scenario.call.queuesAtCapacity } : {}),
      ...(scenario.call.queueMetrics ? { queueMetrics: scenario.call.queueMetrics } : {}),
      ...(scenario.faults ? { faults: scenario.faults } : {}),
    });

    let step = await call.next();
    let silent = 0;
    const maxSilent = options.maxSilentAnswers ?? 200;
    while (!step.ended && step.waitingForInput) {
      const request = step.waitingForInput;
      if (inputsUsed < inputs.length) {
        step = await call.input(inputs[inputsUsed++] as string);
        continue;
      }
      if (scenario.strict) {
        failures.push(
          `strict: flow "${request.flow}", action "${request.action}" asked for input after all ${inputs.length} inputs were used`,
        );
        break;
      }
      if (++silent > maxSilent) {
        failures.push(
          `the call still asked for input after ${maxSilent} silent answers (flow "${request.flow}", action "${request.action}")`,
        );
        break;
      }
      step = await call.input('timeout');
    }

    if (inputsUsed < inputs.length) {
      failures.push(
        `${inputs.length - inputsUsed} input(s) unused: ${JSON.stringify(inputs.slice(inputsUsed))} — the call ${
          step.ended ? `ended (${step.ended.reason})` : 'stopped'
        } after ${inputsUsed} of ${inputs.length}`,
      );
    }
    ticketsCreated =
      options.countTickets && before !== null
        ? (await options.countTickets()) - before
        : createdByCall(call.lambdaCalls);
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  }

  if (call) {
    failures.push(...call.violations);
    failures.push(...checkExpectations(scenario, call, ticketsCreated));
  }

  return {
    name: scenario.name,
    source: options.source ?? null,
    passed: failures.length === 0,
    failures,
    end: call?.ended ?? null,
    attributes: call?.attributes ?? {},
    transcript: call?.transcript ?? [],
    agentWhisper: call?.agentWhisper ?? [],
    heard: {
      caller: call?.heardBy('caller') ?? [],
      counselor: call?.heardBy('counselor') ?? [],
      thirdParty: call?.heardBy('third-party') ?? [],
    },
    lambdaCalls: call?.lambdaCalls ?? [],
    inputsUsed,
    ticketsCreated,
    givenTickets,
    call: { dialed: scenario.call.dialed, from: scenario.call.from, at },
  };
};

const checkExpectations = (scenario: Scenario, call: Call, ticketsCreated: number | null): string[] => {
  const failures: string[] = [];
  const expectation = scenario.expect;
  const end = call.ended;
  if (expectation.outcome !== undefined) {
    const allowed: CallOutcome[] = Array.isArray(expectation.outcome)
      ? expectation.outcome
      : [expectation.outcome];
    if (!end) failures.push(`expected outcome ${allowed.join(' or ')}, but the call did not end`);
    else if (!allowed.includes(end.outcome)) {
      failures.push(`expected outcome ${allowed.join(' or ')}, got ${end.outcome} (${end.reason})`);
    }
  }
  if (expectation.queue !== undefined && end?.queue !== expectation.queue) {
    failures.push(
      `expected the call to end in queue "${expectation.queue}", got ${end?.queue ? `"${end.queue}"` : 'no queue'}`,
    );
  }
  const attributes = call.attributes;
  for (const [key, value] of Object.entries(expectation.attributes ?? {})) {
    if (attributes[key] !== value) {
      failures.push(
        `expected attribute ${key}="${value}", got ${attributes[key] === undefined ? 'no such attribute' : `"${attributes[key]}"`}`,
      );
    }
  }
  const spoken = call.spoken.join('\n');
  for (const text of expectation.promptsInclude ?? []) {
    if (!spoken.includes(text)) failures.push(`expected the caller to hear "${text}"`);
  }
  for (const text of expectation.promptsExclude ?? []) {
    const line = call.spoken.find((s) => s.includes(text));
    if (line) failures.push(`the caller heard "${text}" in: ${line}`);
  }
  const whisper = call.agentWhisper.join('\n');
  for (const text of expectation.whisperIncludes ?? []) {
    if (!whisper.includes(text)) failures.push(`expected the counselor's whisper to include "${text}"`);
  }
  const counselor = call.heardBy('counselor');
  for (const text of expectation.counselorHears ?? []) {
    if (!counselor.some((line) => line.includes(text)))
      failures.push(`expected the counselor to hear "${text}"`);
  }
  for (const text of expectation.counselorDoesNotHear ?? []) {
    const line = counselor.find((l) => l.includes(text));
    if (line) failures.push(`the counselor heard "${text}" in: ${line}`);
  }
  const third = call.heardBy('third-party');
  for (const text of expectation.thirdPartyHears ?? []) {
    if (!third.some((line) => line.includes(text)))
      failures.push(`expected the transfer target to hear "${text}"`);
  }
  if (expectation.promptsInOrder) {
    let from = 0;
    for (const text of expectation.promptsInOrder) {
      const at = call.spoken.findIndex((line, i) => i >= from && line.includes(text));
      if (at < 0) {
        failures.push(
          `expected the caller to hear "${text}" after ${from === 0 ? 'the start' : `"${call.spoken[from - 1]}"`}`,
        );
        break;
      }
      from = at + 1;
    }
  }
  if (expectation.ticketsCreated !== undefined && ticketsCreated !== expectation.ticketsCreated) {
    failures.push(
      `expected ${expectation.ticketsCreated} ticket(s) created by the call, got ${ticketsCreated ?? 'unknown'}`,
    );
  }
  return failures;
};
