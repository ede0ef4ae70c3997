/**
 * Call-handling Lambdas: against DynamoDB Local (started here, tables as in docs/contracts.md),
 * 1,000 in-process invocations each of lookup callerContext, lookup ticketStatus and intake
 * (p50/p99/max): warm invocations in one process. Bundle sizes and first (cold) calls of the
 * deployed bundles: first-call.bench.ts.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { contactFlowEvent } from '#test/flow-event';
import { localAwsEnvironment, startLocalAws } from '#tools/local-aws/services';

const INVOCATIONS = 1_000;

const CONFIG = {
  city: { ko: '청주시', en: 'Cheongju' },
  timezone: 'Asia/Seoul',
  entryPoints: [{ id: 'unified', number: '+82432010001', nameKo: '통합민원콜센터' }],
  categories: [
    { code: 'living-complaints', nameKo: '생활민원' },
    { code: 'tax', nameKo: '세무' },
  ],
  departments: [
    {
      id: 'living',
      nameKo: '도로과(생활불편)',
      categories: ['living-complaints'],
      slaHours: 48,
      transfer: { type: 'queue' },
    },
    { id: 'tax', nameKo: '세정과', categories: ['tax'], slaHours: 72, transfer: { type: 'queue' } },
  ],
};

const TABLES = {
  TICKETS_TABLE: 'bench-tickets',
  COUNTERS_TABLE: 'bench-counters',
  KB_TABLE: 'bench-kb',
  IDEMPOTENCY_TABLE: 'bench-idempotency',
};

const handlerEnvironment = (): Record<string, string> => ({
  ...TABLES,
  CITY_CONFIG: JSON.stringify(CONFIG),
  CALLER_HASH_KEY: 'bench-caller-hash-key-0123456789abcdef0123',
  DEPARTMENT_QUEUES: JSON.stringify({
    living: 'http://127.0.0.1:1/q/living',
    tax: 'http://127.0.0.1:1/q/tax',
  }),
  CONNECT_INSTANCE_ID: '',
  CONTACTS_TABLE: 'bench-contacts',
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
});

const createTables = async (client: DynamoDBClient): Promise<void> => {
  const string = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  const hash = (name: string) => ({ AttributeName: name, KeyType: 'HASH' as const });
  const range = (name: string) => ({ AttributeName: name, KeyType: 'RANGE' as const });
  await client.send(
    new CreateTableCommand({
      TableName: TABLES.TICKETS_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        string('ticketNumber'),
        string('callerHash'),
        string('createdAt'),
        string('departmentStatus'),
      ],
      KeySchema: [hash('ticketNumber')],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byCaller',
          KeySchema: [hash('callerHash'), range('createdAt')],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'byDepartmentStatus',
          KeySchema: [hash('departmentStatus'), range('createdAt')],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  for (const [table, key] of [
    [TABLES.COUNTERS_TABLE, 'counter'],
    [TABLES.KB_TABLE, 'id'],
    [TABLES.IDEMPOTENCY_TABLE, 'id'],
  ] as const) {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [string(key)],
        KeySchema: [hash(key)],
      }),
    );
  }
};

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(2)} ms`;

const measure = async (name: string, run: (i: number) => Promise<unknown>): Promise<void> => {
  for (let i = 0; i < 20; i++) await run(-1 - i); // warm-up: connections, JIT
  const times: number[] = [];
  for (let i = 0; i < INVOCATIONS; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `  ${name.padEnd(22)} p50 ${ms(percentile(times, 50))}  p99 ${ms(percentile(times, 99))}  max ${ms(times.at(-1) ?? 0)}  (${INVOCATIONS} invocations)`,
  );
};

const context = (functionName: string) => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:ap-northeast-2:000000000000:function:${functionName}`,
  memoryLimitInMB: '1024',
  awsRequestId: 'bench',
  logGroupName: 'bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 4_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

const flowEvent = (parameters: Record<string, string>, contactId: string, from = '+821012345678') =>
  contactFlowEvent(parameters, contactId, { from });

type Handler = (event: unknown, context: unknown) => Promise<Record<string, string>>;

const latencies = async (): Promise<void> => {
  const aws = await startLocalAws();
  const previous = { ...process.env };
  try {
    Object.assign(process.env, localAwsEnvironment(aws), handlerEnvironment());
    const client = new DynamoDBClient({
      region: aws.region,
      credentials: aws.credentials,
      endpoint: aws.dynamoEndpoint,
    });
    await createTables(client);
    const intake = (await import('#functions/intake/handler')).handler as unknown as Handler;
    const lookup = (await import('#functions/lookup/handler')).handler as unknown as Handler;
    const report = {
      kind: 'report',
      category: 'living-complaints',
      description: '가로등이 꺼져 있어요',
      location: '상당로 155',
    };
    // The known caller has five tickets; a ticket number to look up.
    let known = '';
    for (let i = 0; i < 5; i++)
      known = (await intake(flowEvent(report, `seed-${i}`), context('intake'))).ticketNumber ?? '';
    console.log(`  DynamoDB Local ${aws.dynamoEndpoint}, in-process handlers (Node ${process.version})`);
    await measure('lookup callerContext', () =>
      lookup(flowEvent({ action: 'callerContext' }, 'bench-cc'), context('lookup')),
    );
    await measure('lookup ticketStatus', () =>
      lookup(flowEvent({ action: 'ticketStatus', ticketNumber: `${known}#` }, 'bench-ts'), context('lookup')),
    );
    await measure('intake (new ticket)', (i) =>
      intake(
        flowEvent(report, `bench-intake-${i}`, `+8210${String(10_000_000 + (i + 100)).slice(-8)}`),
        context('intake'),
      ),
    );
    client.destroy();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in previous)) delete process.env[key];
    Object.assign(process.env, previous);
    await aws.stop();
  }
};

export default async function handlersBench(): Promise<void> {
  await latencies();
}
