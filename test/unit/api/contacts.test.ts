import { DescribeContactCommand, ThrottlingException } from '@aws-sdk/client-connect';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatInstant } from '#domain/time';
import { lambdaContext } from '../handlers/support';
import {
  ADMIN,
  apiEvent,
  bodyOf,
  COUNSELOR,
  createApiFakes,
  setApiEnvironment,
  statusOf,
  type Who,
} from './support';

/**
 * The desk's writes to a call (disposition, abuse warnings) trust nothing the desk says about the
 * call: Amazon Connect (DescribeContact + DescribeUser, mocked) decides whether the contact exists
 * and whose it is, and today's figures only ever see real calls.
 */

setApiEnvironment();
const fakes = createApiFakes();
const { handler } = await import('#functions/api/handler');

const call = async (method: string, path: string, options: { who?: Who; body?: unknown } = {}) => {
  const result = await handler(apiEvent(method, path, options), lambdaContext('api'));
  return { status: statusOf(result), body: bodyOf(result) };
};

const SECOND: Who = { username: 'counselor2', groups: '[counselors]' };
const BAROCALL = '+82432010120';

beforeEach(() => fakes.reset());

describe('a contact the desk writes to', () => {
  it('must exist: a made-up contact is 404, writes nothing and leaves today’s figures as they were', async () => {
    const day = formatInstant(new Date(), 'Asia/Seoul').slice(0, 10);
    fakes.contacts.set('real', {
      contactId: 'real',
      day,
      initiatedAt: `${day}T10:00:00.000+09:00`,
      entryPoint: 'barocall',
      dialedUnified: false,
      outcome: 'answered',
    });
    const before = await call('GET', '/api/stats/today');

    const disposition = await call('POST', '/api/contacts/made-up-1/disposition', {
      body: { disposition: 'answered', entryPoint: 'unified' },
    });
    const warning = await call('POST', '/api/contacts/made-up-2/abuse-warning', { body: { count: 1 } });

    expect(disposition.status).toBe(404);
    expect(disposition.body).toMatchObject({
      error: 'contact-not-found',
      message: '해당 통화를 찾을 수 없습니다. 진행 중이거나 끝난 내 통화만 기록할 수 있습니다.',
      fields: ['path.contactId'],
      issues: [{ in: 'path', field: 'contactId', labelKo: '통화', reason: 'NOT_FOUND' }],
    });
    expect(warning.status).toBe(404);
    expect(fakes.doc.commandCalls(UpdateCommand)).toHaveLength(0);
    expect((await call('GET', '/api/stats/today')).body).toEqual(before.body);
  });

  it('must be the caller’s: another counselor’s call is 403 and stays untouched', async () => {
    fakes.callTakenBy('c-first', 'counselor1', BAROCALL);

    const disposition = await call('POST', '/api/contacts/c-first/disposition', {
      who: SECOND,
      body: { disposition: 'answered' },
    });
    const warning = await call('POST', '/api/contacts/c-first/abuse-warning', {
      who: SECOND,
      body: { count: 3 },
    });

    expect(disposition.status).toBe(403);
    expect(disposition.body).toMatchObject({
      error: 'contact-not-yours',
      message: '다른 상담사가 받은 통화입니다. 내가 받은 통화만 기록할 수 있습니다.',
      issues: [expect.objectContaining({ field: 'contactId', reason: 'NOT_YOURS' })],
    });
    expect(warning.status).toBe(403);
    expect(fakes.contacts.has('c-first')).toBe(false);
  });

  it('refuses admins too for a call they did not take (nobody writes another person’s wrap-up)', async () => {
    fakes.callTakenBy('c-admin', 'counselor1');
    const response = await call('POST', '/api/contacts/c-admin/disposition', {
      who: ADMIN,
      body: { disposition: 'answered' },
    });
    expect(response.status).toBe(403);
  });

  it('must have been answered: a call no counselor took is 403', async () => {
    fakes.calls.set('c-queued', { dialed: BAROCALL });
    const response = await call('POST', '/api/contacts/c-queued/disposition', {
      body: { disposition: 'answered' },
    });
    expect(response.status).toBe(403);
    expect(response.body.error).toBe('contact-not-answered');
  });

  it('matches the desk user to the Connect user by username, ignoring case', async () => {
    fakes.callTakenBy('c-case', 'Counselor1', BAROCALL);
    const response = await call('POST', '/api/contacts/c-case/abuse-warning', { body: { count: 1 } });
    expect(response.status).toBe(204);
    expect(fakes.contacts.get('c-case')).toMatchObject({ abuseWarnings: 1 });
  });

  it('takes the entry point from the number Connect says was dialed, not from the desk’s claim', async () => {
    fakes.callTakenBy('c-claim', COUNSELOR.username ?? '', BAROCALL);
    const response = await call('POST', '/api/contacts/c-claim/disposition', {
      body: { disposition: 'answered', entryPoint: 'unified' },
    });
    expect(response.status).toBe(204);
    expect(fakes.contacts.get('c-claim')).toMatchObject({ entryPoint: 'barocall', dialedUnified: false });
  });

  it('asks Connect about the instance the API is configured with', async () => {
    fakes.callTakenBy('c-instance', 'counselor1');
    await call('POST', '/api/contacts/c-instance/abuse-warning', { body: { count: 1 } });
    expect(fakes.connect.commandCalls(DescribeContactCommand)[0]?.args[0].input).toEqual({
      InstanceId: '11111111-2222-3333-4444-555555555555',
      ContactId: 'c-instance',
    });
  });

  it('answers 500 and writes nothing when Connect cannot answer (never guesses)', async () => {
    fakes.connect
      .on(DescribeContactCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    const response = await call('POST', '/api/contacts/c-any/disposition', {
      body: { disposition: 'answered' },
    });
    expect(response.status).toBe(500);
    expect(fakes.doc.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});
