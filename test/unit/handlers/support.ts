import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { installTicketStoreFake } from '#test/fake-ticket-store';

/**
 * Shared by the handler unit tests: the environment a handler reads at cold start (set before the
 * handler module is imported), Connect events, a Lambda context, and an in-memory emulation of
 * the tables behind aws-sdk-client-mock (tickets, counters, KB, the ticket-request records),
 * so tests assert behaviour (what is stored, what is answered) rather than call sequences.
 */

export const TEST_CONFIG = {
  city: { ko: '청주시', en: 'Cheongju' },
  timezone: 'Asia/Seoul',
  entryPoints: [
    { id: 'unified', number: '+82432010001', nameKo: '통합민원콜센터' },
    { id: 'barocall', number: '+82432010120', nameKo: '바로콜 생활불편신고' },
  ],
  categories: [
    { code: 'living-complaints', nameKo: '생활민원' },
    { code: 'water', nameKo: '수도사업' },
    { code: 'tax', nameKo: '세무' },
    { code: 'civil-general', nameKo: '일반민원' },
  ],
  departments: [
    {
      id: 'roads',
      nameKo: '도로과',
      categories: ['living-complaints'],
      slaHours: 48,
      transfer: { type: 'queue' },
    },
    {
      id: 'waterworks',
      nameKo: '상수도사업본부',
      categories: ['water'],
      slaHours: 24,
      transfer: { type: 'phone', number: '+82432013300' },
    },
    { id: 'tax', nameKo: '세정과', categories: ['tax'], slaHours: 72, transfer: { type: 'queue' } },
    {
      id: 'civil',
      nameKo: '민원지적과',
      categories: ['civil-general'],
      slaHours: 72,
      transfer: { type: 'queue' },
    },
    { id: 'parking', nameKo: '차량등록·주차관리', categories: [], slaHours: 72, transfer: { type: 'queue' } },
  ],
};

export const CALLER = '+821012345678';
export const ROADS_QUEUE_URL = 'http://localhost:9324/000000000000/dept-roads';

export const HANDLER_ENV: Record<string, string> = {
  AWS_REGION: 'ap-northeast-2',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  CITY_CONFIG: JSON.stringify(TEST_CONFIG),
  TICKETS_TABLE: 'Tickets',
  COUNTERS_TABLE: 'Counters',
  KB_TABLE: 'KnowledgeBase',
  IDEMPOTENCY_TABLE: 'Idempotency',
  CALLER_HASH_KEY: 'unit-test-caller-hash-key-0123456789abcdef',
  CONNECT_INSTANCE_ID: '11111111-2222-3333-4444-555555555555',
  CONNECT_DEPARTMENT_QUEUES: JSON.stringify({ roads: 'queue-roads', tax: 'queue-tax' }),
  DEPARTMENT_QUEUES: JSON.stringify({
    roads: ROADS_QUEUE_URL,
    waterworks: 'http://localhost:9324/000000000000/dept-waterworks',
    tax: 'http://localhost:9324/000000000000/dept-tax',
    civil: 'http://localhost:9324/000000000000/dept-civil',
  }),
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
};

export const setHandlerEnvironment = (overrides: Record<string, string> = {}): void => {
  Object.assign(process.env, HANDLER_ENV, overrides);
};

export const lambdaContext = (functionName = 'test'): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:ap-northeast-2:000000000000:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId: `req-${Math.random().toString(36).slice(2)}`,
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 3_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export interface EventOptions {
  contactId?: string;
  /** `null` removes CustomerEndpoint. */
  from?: string | null;
  dialed?: string;
  queueName?: string;
}

/** A contact-flow event shaped like the AWS documentation's example. */
export const flowEvent = (parameters: Record<string, string>, options: EventOptions = {}) => ({
  Name: 'ContactFlowEvent',
  Details: {
    ContactData: {
      Attributes: {},
      Channel: 'VOICE',
      ContactId: options.contactId ?? 'c0ffee00-0000-4000-8000-000000000001',
      InitialContactId: options.contactId ?? 'c0ffee00-0000-4000-8000-000000000001',
      InitiationMethod: 'INBOUND',
      InstanceARN:
        'arn:aws:connect:ap-northeast-2:000000000000:instance/11111111-2222-3333-4444-555555555555',
      ...(options.from !== null && {
        CustomerEndpoint: { Address: options.from ?? CALLER, Type: 'TELEPHONE_NUMBER' },
      }),
      SystemEndpoint: { Address: options.dialed ?? '+82432010001', Type: 'TELEPHONE_NUMBER' },
      ...(options.queueName !== undefined && {
        Queue: {
          ARN: 'arn:aws:connect:ap-northeast-2:000000000000:instance/x/queue/y',
          Name: options.queueName,
        },
      }),
    },
    Parameters: parameters,
  },
});

type Item = Record<string, unknown>;

/** In-memory tables behind the document client. */
export const createFakeTables = () => {
  const doc = mockClient(DynamoDBDocumentClient);
  const tickets = new Map<string, Item>();
  const counters = new Map<string, number>();
  /** The Counters table's `stats#<day>` items (field → count). */
  const stats = new Map<string, Item>();
  const kb = new Map<string, Item>();
  const idempotency = new Map<string, Item>();

  const install = () => {
    doc.reset();
    doc.on(PutCommand, { TableName: 'Tickets' }).callsFake((input) => {
      const item = input.Item as Item;
      const key = String(item.ticketNumber);
      if (String(input.ConditionExpression).startsWith('attribute_not_exists') && tickets.has(key)) {
        throw new ConditionalCheckFailedException({ message: 'exists', $metadata: {} });
      }
      tickets.set(key, structuredClone(item));
      return {};
    });
    doc.on(GetCommand, { TableName: 'Tickets' }).callsFake((input) => {
      const item = tickets.get(String((input.Key as Item).ticketNumber));
      return { Item: item === undefined ? undefined : structuredClone(item) };
    });
    doc.on(QueryCommand, { TableName: 'Tickets' }).callsFake((input) => {
      const hash = (input.ExpressionAttributeValues as Item)[':callerHash'];
      const items = [...tickets.values()]
        .filter((item) => item.callerHash === hash)
        .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))
        .slice(0, Number(input.Limit ?? 50));
      return { Items: structuredClone(items) };
    });
    doc.on(GetCommand, { TableName: 'KnowledgeBase' }).callsFake((input) => ({
      Item: kb.get(String((input.Key as Item).id)),
    }));
    doc.on(ScanCommand, { TableName: 'KnowledgeBase' }).callsFake(() => ({ Items: [...kb.values()] }));

    installTicketStoreFake(doc, { tickets, counters, requests: idempotency, stats });
  };

  install();
  return {
    doc,
    tickets,
    counters,
    stats,
    kb,
    idempotency,
    /** Empties the tables and re-installs the fakes (after a test replaced a behaviour). */
    reset() {
      tickets.clear();
      counters.clear();
      stats.clear();
      kb.clear();
      idempotency.clear();
      install();
    },
  };
};

/** 22+ malformed inputs every flow handler must answer with a status, never an exception. */
export const MALFORMED_EVENTS: readonly [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['a string', 'ContactFlowEvent'],
  ['an array', [{ Name: 'ContactFlowEvent' }]],
  ['an empty object', {}],
  ['no Details', { Name: 'ContactFlowEvent' }],
  ['Details null', { Name: 'ContactFlowEvent', Details: null }],
  ['wrong Name', { ...flowEvent({}), Name: 'SomethingElse' }],
  ['Details an array', { Name: 'ContactFlowEvent', Details: [] }],
  ['no ContactData', { Name: 'ContactFlowEvent', Details: { Parameters: {} } }],
  [
    'ContactId a number',
    (() => {
      const event = flowEvent({});
      (event.Details.ContactData as Record<string, unknown>).ContactId = 12345;
      return event;
    })(),
  ],
  ['Parameters an array', { ...flowEvent({}), Details: { ...flowEvent({}).Details, Parameters: ['x'] } }],
  [
    'a Parameter value that is a number',
    { ...flowEvent({}), Details: { ...flowEvent({}).Details, Parameters: { action: 1 } } },
  ],
  [
    'a Parameter value that is an object',
    { ...flowEvent({}), Details: { ...flowEvent({}).Details, Parameters: { action: { $ne: null } } } },
  ],
  ['Parameters with a 40 KB value', flowEvent({ action: 'x'.repeat(40_000) })],
  ['no action', flowEvent({})],
  ['unknown action', flowEvent({ action: 'deleteEverything' })],
  ['action with injection', flowEvent({ action: "callerContext'; DROP TABLE tickets;--" })],
  ['action with a control character', flowEvent({ action: 'callerContext\u0000' })],
  ['action with emoji', flowEvent({ action: '😀' })],
  ['action in the wrong case', flowEvent({ action: 'CALLERCONTEXT' })],
];
