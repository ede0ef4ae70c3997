import {
  ConnectClient,
  DescribeContactCommand,
  DescribeUserCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-connect';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { applyContactUpdate, transactWriteFake } from '#test/fake-contacts';
import { installTicketStoreFake } from '#test/fake-ticket-store';
import { matchRoute } from '#tools/sandbox/api-adapter';
import { HANDLER_ENV } from '../handlers/support';

/**
 * Shared by the desk API's unit tests: API Gateway HTTP API events with JWT claims, and in-memory
 * tables behind aws-sdk-client-mock (Tickets with both GSIs, Counters with the day's stats items,
 * KnowledgeBase, Contacts, ticket-request records, the filing transaction and the counted updates),
 * so tests assert what is stored and answered rather than call sequences.
 */

export const API_ENV: Record<string, string> = {
  ...HANDLER_ENV,
  CONTACTS_TABLE: 'Contacts',
  INBOX_TABLE: 'Inbox',
  KB_ENTRIES_TABLE: 'KbEntries',
  KB_SEARCH_LOG_TABLE: 'KbSearchLog',
  AGENT_AVAILABILITY: 'never',
};

export const setApiEnvironment = (overrides: Record<string, string> = {}): void => {
  Object.assign(process.env, API_ENV, overrides);
};

export interface Who {
  username?: string;
  /** Any shape API Gateway might produce: `"[a b]"`, an array. */
  groups?: string | string[];
}

export const COUNSELOR: Who = { username: 'counselor1', groups: '[counselors]' };
export const ADMIN: Who = { username: 'admin1', groups: ['admins'] };
export const ROADS_STAFF: Who = { username: 'roads1', groups: '[dept-roads]' };
export const TAX_STAFF: Who = { username: 'tax1', groups: ['dept-tax'] };

/**
 * An HTTP API (payload 2.0) event as API Gateway passes it: `routeKey` and `pathParameters` from
 * matching the path against the route table (the sandbox's matcher, which stands in for API
 * Gateway), `$default` when no route matches; `who: null` has no authorizer context at all.
 */
export const apiEvent = (
  method: string,
  path: string,
  options: { who?: Who | null; body?: unknown; rawBody?: string; query?: Record<string, string> } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const who = options.who === undefined ? COUNSELOR : options.who;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const match = matchRoute(method, path);
  const routeKey = 'routeKey' in match ? match.routeKey : '$default';
  const pathParameters = 'routeKey' in match ? match.pathParameters : {};
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { 'content-type': 'application/json' },
    ...(options.query !== undefined && { queryStringParameters: options.query }),
    ...(Object.keys(pathParameters).length > 0 && { pathParameters }),
    ...(body !== undefined && { body }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req',
      routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      ...(who !== null && {
        authorizer: {
          principalId: '',
          integrationLatency: 0,
          jwt: {
            claims: {
              sub: '00000000-0000-4000-8000-000000000000',
              ...(who.username !== undefined && { 'cognito:username': who.username }),
              ...(who.groups !== undefined && { 'cognito:groups': who.groups as string }),
            },
            scopes: [],
          },
        },
      }),
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
};

type Item = Record<string, unknown>;

const beginsWith = (value: unknown, prefix: unknown) => String(value ?? '').startsWith(String(prefix));

/** In-memory tables behind the document client. */
export const createApiFakes = () => {
  const doc = mockClient(DynamoDBDocumentClient);
  const sqs = mockClient(SQSClient);
  const connect = mockClient(ConnectClient);
  /** Amazon Connect's contacts: contactId → the agent's username (absent: nobody answered), the number dialed. */
  const calls = new Map<string, { agent?: string; dialed?: string; initiatedAt?: Date }>();
  const tickets = new Map<string, Item>();
  const counters = new Map<string, number>();
  const kb = new Map<string, Item>();
  const contacts = new Map<string, Item>();
  const idempotency = new Map<string, Item>();
  /** The Counters table's `stats#<day>` items. */
  const stats = new Map<string, Item>();

  const inbox = new Map<string, Item>();

  /** GSI byDepartmentStatusDue: ascending dueAt then ticketNumber, `dueAt <= :dueBy`, paged. */
  const queryDue = (input: Record<string, unknown>) => {
    const values = input.ExpressionAttributeValues as Item;
    let items = [...tickets.values()].filter((i) => i.departmentStatus === values[':departmentStatus']);
    if (':dueBy' in values) items = items.filter((i) => String(i.dueAt) <= String(values[':dueBy']));
    items.sort((a, b) =>
      a.dueAt === b.dueAt
        ? String(a.ticketNumber).localeCompare(String(b.ticketNumber))
        : String(a.dueAt).localeCompare(String(b.dueAt)),
    );
    const start = input.ExclusiveStartKey as Item | undefined;
    if (start !== undefined) {
      const after = (i: Item) =>
        String(i.dueAt) > String(start.dueAt) ||
        (i.dueAt === start.dueAt && String(i.ticketNumber) > String(start.ticketNumber));
      items = items.filter(after);
    }
    if (input.Select === 'COUNT') return { Count: items.length };
    const limit = Number(input.Limit ?? 1000);
    const page = items.slice(0, limit);
    const matched = ':assignee' in values ? page.filter((i) => i.assignee === values[':assignee']) : page;
    const last = page.at(-1);
    return {
      Items: structuredClone(matched),
      ...(items.length > limit &&
        last !== undefined && {
          LastEvaluatedKey: {
            ticketNumber: last.ticketNumber,
            departmentStatus: last.departmentStatus,
            dueAt: last.dueAt,
          },
        }),
    };
  };

  /** The ticket repository's UpdateItems: SET (list_append), REMOVE, ADD/DELETE of a set, conditions. */
  const updateTicket = (input: Record<string, unknown>) => {
    const key = String((input.Key as Item).ticketNumber);
    const stored = tickets.get(key);
    const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const values = (input.ExpressionAttributeValues ?? {}) as Item;
    const condition = String(input.ConditionExpression ?? '');
    const fail = () => {
      throw new ConditionalCheckFailedException({
        message: 'condition',
        $metadata: {},
        ...(stored !== undefined && { Item: { version: { N: String(stored.version) } } }),
      });
    };
    if (condition.includes('attribute_exists') && stored === undefined) fail();
    if (condition.includes('#version = :expectedVersion') && stored?.version !== values[':expectedVersion'])
      fail();
    if (condition.includes('#dueAt = :dueAt') && stored?.dueAt !== values[':dueAt']) fail();
    if (
      condition.includes('NOT contains(#alerts, :markValue)') &&
      ((stored?.slaAlerts as Set<string> | undefined)?.has(String(values[':markValue'])) ?? false)
    )
      fail();
    const item: Item = structuredClone(stored ?? { ticketNumber: key });
    const expression = String(input.UpdateExpression);
    const [, setPart] = /SET (.*?)(?: REMOVE | ADD | DELETE |$)/.exec(expression) ?? [];
    for (const assignment of setPart?.split(/, (?=#)/) ?? []) {
      const append = /^(#\w+) = list_append\(#\w+, (:\w+)\)$/.exec(assignment);
      const plain = /^(#\w+) = (:\w+)$/.exec(assignment);
      if (append?.[1] && append[2]) {
        const field = names[append[1]] ?? '';
        item[field] = [...((item[field] as unknown[]) ?? []), ...(values[append[2]] as unknown[])];
      } else if (plain?.[1] && plain[2]) item[names[plain[1]] ?? ''] = values[plain[2]];
    }
    const remove = / REMOVE (.*)$/.exec(expression)?.[1];
    for (const name of remove?.split(', ') ?? []) delete item[names[name] ?? ''];
    const add = /ADD (#\w+) (:\w+)/.exec(expression);
    if (add?.[1] && add[2]) {
      const field = names[add[1]] ?? '';
      item[field] = new Set([...((item[field] as Set<string>) ?? []), ...(values[add[2]] as Set<string>)]);
    }
    const del = /DELETE (#\w+) (:\w+)/.exec(expression);
    if (del?.[1] && del[2]) {
      const field = names[del[1]] ?? '';
      const next = new Set(item[field] as Set<string>);
      for (const v of values[del[2]] as Set<string>) next.delete(v);
      item[field] = next;
    }
    tickets.set(key, item);
    return {};
  };

  const inboxKey = (departmentId: unknown, entryKey: unknown) => `${departmentId}|${entryKey}`;
  const queryInbox = (input: Record<string, unknown>) => {
    const values = input.ExpressionAttributeValues as Item;
    let items = [...inbox.values()]
      .filter((i) => i.departmentId === values[':departmentId'])
      .sort((a, b) => String(b.entryKey).localeCompare(String(a.entryKey)));
    const start = input.ExclusiveStartKey as Item | undefined;
    if (start !== undefined) items = items.filter((i) => String(i.entryKey) < String(start.entryKey));
    const limit = Number(input.Limit ?? 1000);
    const page = items.slice(0, limit);
    const unread = (i: Item) => !((i.readBy as Set<string> | undefined)?.has(String(values[':me'])) ?? false);
    const matched = ':me' in values ? page.filter(unread) : page;
    if (input.Select === 'COUNT') return { Count: items.filter(unread).length };
    const last = page.at(-1);
    return {
      Items: structuredClone(matched),
      ...(items.length > limit &&
        last !== undefined && {
          LastEvaluatedKey: { departmentId: last.departmentId, entryKey: last.entryKey },
        }),
    };
  };

  const queryTickets = (input: Record<string, unknown>) => {
    if (input.IndexName === 'byDepartmentStatusDue') return queryDue(input);
    const values = input.ExpressionAttributeValues as Item;
    const key = String(input.KeyConditionExpression);
    const filter = String(input.FilterExpression ?? '');
    let items = [...tickets.values()];
    if (':callerHash' in values) items = items.filter((i) => i.callerHash === values[':callerHash']);
    if (':departmentStatus' in values)
      items = items.filter((i) => i.departmentStatus === values[':departmentStatus']);
    if (':ds' in values) items = items.filter((i) => i.departmentStatus === values[':ds']);
    if (key.includes('begins_with(createdAt'))
      items = items.filter((i) => beginsWith(i.createdAt, values[':day']));
    if (key.includes('createdAt >= :since'))
      items = items.filter((i) => String(i.createdAt) >= String(values[':since']));
    if (filter.includes(':report')) items = items.filter((i) => i.kind === 'report');
    if (filter.includes('begins_with(updatedAt'))
      items = items.filter((i) => beginsWith(i.updatedAt, values[':day']));
    if (filter.includes('#status IN')) {
      const open = Object.entries(values)
        .filter(([k]) => k.startsWith(':open'))
        .map(([, v]) => v);
      items = items.filter((i) => open.includes(i.status));
    }
    items.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    if (input.Select === 'COUNT') return { Count: items.length };
    return { Items: structuredClone(items.slice(0, Number(input.Limit ?? 1000))) };
  };

  const updateContact = (input: Record<string, unknown>) => applyContactUpdate(contacts, input);

  const install = () => {
    doc.reset();
    sqs.reset();
    connect.reset();
    connect.on(DescribeContactCommand).callsFake((input) => {
      const known = calls.get(String(input.ContactId));
      if (known === undefined)
        throw new ResourceNotFoundException({ message: 'Contact not found', $metadata: {} });
      return {
        Contact: {
          Id: input.ContactId,
          ...(known.agent !== undefined && { AgentInfo: { Id: `user-${known.agent}` } }),
          ...(known.dialed !== undefined && {
            SystemEndpoint: { Address: known.dialed, Type: 'TELEPHONE_NUMBER' },
          }),
          ...(known.initiatedAt !== undefined && { InitiationTimestamp: known.initiatedAt }),
        },
      };
    });
    connect.on(DescribeUserCommand).callsFake((input) => ({
      User: { Id: input.UserId, Username: String(input.UserId).replace(/^user-/, '') },
    }));
    doc.on(PutCommand, { TableName: 'Tickets' }).callsFake((input) => {
      const item = input.Item as Item;
      const key = String(item.ticketNumber);
      const condition = String(input.ConditionExpression ?? '');
      if (condition.startsWith('attribute_not_exists') && tickets.has(key)) {
        throw new ConditionalCheckFailedException({ message: 'exists', $metadata: {} });
      }
      if (condition.includes('#version = :expectedVersion')) {
        const stored = tickets.get(key);
        const expected = (input.ExpressionAttributeValues as Item)[':expectedVersion'];
        if (stored === undefined || stored.version !== expected) {
          throw new ConditionalCheckFailedException({
            message: 'version',
            $metadata: {},
            ...(stored !== undefined && { Item: { version: { N: String(stored.version) } } }),
          });
        }
      }
      tickets.set(key, structuredClone(item));
      return {};
    });
    doc.on(GetCommand, { TableName: 'Tickets' }).callsFake((input) => {
      const item = tickets.get(String((input.Key as Item).ticketNumber));
      return { Item: item === undefined ? undefined : structuredClone(item) };
    });
    doc.on(QueryCommand, { TableName: 'Tickets' }).callsFake(queryTickets);
    doc.on(UpdateCommand, { TableName: 'Tickets' }).callsFake(updateTicket);
    doc.on(PutCommand, { TableName: 'Inbox' }).callsFake((input) => {
      const item = input.Item as Item;
      const key = inboxKey(item.departmentId, item.entryKey);
      if (inbox.has(key)) throw new ConditionalCheckFailedException({ message: 'exists', $metadata: {} });
      inbox.set(key, structuredClone(item));
      return {};
    });
    doc.on(QueryCommand, { TableName: 'Inbox' }).callsFake(queryInbox);
    doc.on(UpdateCommand, { TableName: 'Inbox' }).callsFake((input) => {
      const { departmentId, entryKey } = input.Key as Item;
      const item = inbox.get(inboxKey(departmentId, entryKey));
      if (item === undefined)
        throw new ConditionalCheckFailedException({ message: 'missing', $metadata: {} });
      const me = (input.ExpressionAttributeValues as Item)[':me'] as Set<string>;
      item.readBy = new Set([...((item.readBy as Set<string>) ?? []), ...me]);
      return {};
    });
    doc.on(UpdateCommand, { TableName: 'Counters' }).callsFake((input) => {
      const key = String((input.Key as Item).counter);
      const value = (counters.get(key) ?? 0) + 1;
      counters.set(key, value);
      return { Attributes: { value } };
    });
    doc.on(GetCommand, { TableName: 'Counters' }).callsFake((input) => ({
      Item: structuredClone(stats.get(String((input.Key as Item).counter))),
    }));
    doc.on(GetCommand, { TableName: 'KnowledgeBase' }).callsFake((input) => ({
      Item: kb.get(String((input.Key as Item).id)),
    }));
    doc
      .on(ScanCommand, { TableName: 'KnowledgeBase' })
      .callsFake(() => ({ Items: [...kb.values()].filter((i) => i.id !== '__meta__') }));
    doc.on(PutCommand, { TableName: 'Contacts' }).callsFake((input) => {
      const item = input.Item as Item;
      contacts.set(String(item.contactId), structuredClone(item));
      return {};
    });
    doc.on(UpdateCommand, { TableName: 'Contacts' }).callsFake(updateContact);
    doc.on(GetCommand, { TableName: 'Contacts' }).callsFake((input) => ({
      Item: structuredClone(contacts.get(String((input.Key as Item).contactId))),
    }));
    doc.on(QueryCommand, { TableName: 'Contacts' }).callsFake((input) => {
      const day = (input.ExpressionAttributeValues as Item)[':day'];
      const items = [...contacts.values()]
        .filter((i) => i.day === day)
        .sort((a, b) => String(a.initiatedAt).localeCompare(String(b.initiatedAt)));
      return { Items: structuredClone(items) };
    });

    installTicketStoreFake(doc, { tickets, counters, requests: idempotency, stats }, undefined, (input) =>
      transactWriteFake(
        {
          Tickets: { key: 'ticketNumber', items: tickets, update: updateTicket },
          Contacts: { key: 'contactId', items: contacts },
          Counters: { key: 'counter', items: stats },
        },
        TransactionCanceledException,
      )(input as never),
    );
  };

  install();
  return {
    doc,
    sqs,
    connect,
    calls,
    /** A call Connect knows, taken by `agent` (a username), dialed to `dialed`. */
    callTakenBy(contactId: string, agent: string, dialed?: string) {
      calls.set(contactId, { agent, ...(dialed !== undefined && { dialed }) });
    },
    tickets,
    counters,
    kb,
    contacts,
    idempotency,
    stats,
    inbox,
    reset() {
      tickets.clear();
      inbox.clear();
      counters.clear();
      kb.clear();
      contacts.clear();
      idempotency.clear();
      calls.clear();
      stats.clear();
      install();
    },
  };
};

/** Parses a handler result's JSON body. */
export const bodyOf = (result: unknown): Record<string, unknown> => {
  const body = (result as { body?: string }).body;
  return body === undefined ? {} : (JSON.parse(body) as Record<string, unknown>);
};

export const statusOf = (result: unknown): number => (result as { statusCode: number }).statusCode;
