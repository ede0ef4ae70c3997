import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiHandler } from '#functions/api/router';
import { loadCityConfig } from '#infra/config/load';
import { handlerEnvironment, startDispatcher } from '#test/handlers-on-local';
import { localAws, localClients, useLocalAwsEnvironment } from '#test/local';
import { capturedOutput, rawPhoneNumbersIn } from '#test/log-guard';
import { findDepartmentQueue } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import type { LocalResources } from '#tools/local-aws/resources';
import type { StreamPoller } from '#tools/local-aws/stream-poller';
import { apiEvent, type Who } from '../unit/api/support';
import { lambdaContext } from '../unit/handlers/support';

/**
 * The worst case for the logs: the desk API and the dispatcher, on the local services, with DEBUG
 * logs and Powertools' event logging on (every request is logged whole, its JSON body with the
 * description included), file a report whose description, location, note and caller number hold
 * every spelling of issue 11. The log guard (test/support/log-guard.ts, installed for the whole
 * integration project) then finds no raw number in anything this file wrote, and the department's
 * message (read from its queue) carries only masked numbers.
 */

const SPELLINGS = [
  '+82 10 1234 5678',
  '%2B821012345678',
  '(010) 1234-5678',
  '+82-10-1234-5678',
  '010 - 1234 - 5678',
  '０１０-１２３４-５６７８',
  '+82 (0)10 1234 5678',
  '010.1234.5678',
  '02-123-4567',
];

/** A generous time budget: this file checks the logs, not the latency (which is measured elsewhere). */
const context = () => ({ ...lambdaContext('api'), getRemainingTimeInMillis: () => 30_000 });

const COUNSELOR: Who = { username: 'counselor-log', groups: '[counselors]' };
let poller: StreamPoller;
let restoreEnvironment: () => void;
let api: ApiHandler;
let living = '';
let resources: LocalResources;

beforeAll(async () => {
  const templates = inject('cfnTemplates') as never;
  ({ resources } = await provisionFromTemplates(templates, localAws(), {
    prefix: `log${Date.now().toString(36)}-`,
  }));
  const city = await loadCityConfig('cheongju');
  living =
    city.departments.find((d) => (d.categories as readonly string[]).includes('living-complaints'))?.id ?? '';
  restoreEnvironment = useLocalAwsEnvironment(
    handlerEnvironment(templates, resources, ['Api', 'Dispatcher'], {
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      POWERTOOLS_LOGGER_LOG_EVENT: 'true',
    }),
  );
  api = (await import('#functions/api/handler')).handler as unknown as ApiHandler;
  poller = await startDispatcher(resources);
});

afterAll(async () => {
  await poller?.stop();
  restoreEnvironment?.();
});

describe('logs of the real handlers with every request logged whole', () => {
  it('hold no raw phone number, and the department message only masked ones', async () => {
    const before = capturedOutput().length;
    const created = (await api(
      apiEvent('POST', '/api/tickets', {
        who: COUNSELOR,
        body: {
          requestId: '21111111-2222-4333-8444-555555555555',
          kind: 'report',
          category: 'living-complaints',
          description: `연락처 ${SPELLINGS.slice(0, 5).join(', ')}`,
          location: `서원구 사직대로 100 (관리실 ${SPELLINGS[5]})`,
          note: `야간 ${SPELLINGS.slice(6).join(' / ')}`,
          contactId: 'int-log-contact-1',
          callerNumber: '010 1234 5678',
        },
      }),
      context(),
    )) as { statusCode: number };
    expect(created.statusCode).toBe(201);
    await poller.drain();

    // The department's message as its own system reads it from the queue (docs/contracts.md).
    const { Messages = [] } = await localClients().sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: findDepartmentQueue(resources, living).queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    const summary = Messages.map((m) => JSON.parse(m.Body ?? '{}') as { summary?: string }).find(
      (m) => m.summary !== undefined,
    )?.summary;
    expect(summary).toContain('010-****-5678');
    expect(rawPhoneNumbersIn(summary ?? '')).toEqual([]);

    const written = capturedOutput().slice(before).join('\n');
    // The request was logged whole (event logging), so the spellings went through the logger.
    expect(written).toContain('/api/tickets');
    expect(written).toContain('010-****-5678');
    expect(rawPhoneNumbersIn(written)).toEqual([]);
  });
});
