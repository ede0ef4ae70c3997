import {
  ConnectClient,
  DescribeContactCommand,
  DescribeUserCommand,
  InvalidParameterException,
  ResourceNotFoundException,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createConnectContactDirectory, noContactCenter, sameUsername } from '#adapters/connect-contacts';

const connect = mockClient(ConnectClient);
const INSTANCE = '11111111-2222-3333-4444-555555555555';
let clock = 0;
const directory = () =>
  createConnectContactDirectory({
    client: new ConnectClient({ region: 'ap-northeast-2' }),
    instanceId: INSTANCE,
    userCacheMs: 60_000,
    now: () => clock,
  });
const notFound = () => new ResourceNotFoundException({ message: 'not found', $metadata: {} });

beforeEach(() => {
  connect.reset();
  clock = 0;
});

describe('Connect contact directory', () => {
  it('names the agent of a contact: DescribeContact’s AgentInfo.Id, then DescribeUser’s Username', async () => {
    const initiated = new Date('2027-03-05T01:00:00Z');
    connect.on(DescribeContactCommand).resolves({
      Contact: {
        Id: 'c-1',
        AgentInfo: { Id: 'user-uuid-1' },
        SystemEndpoint: { Address: '+82432010120', Type: 'TELEPHONE_NUMBER' },
        InitiationTimestamp: initiated,
      },
    });
    connect.on(DescribeUserCommand).resolves({ User: { Id: 'user-uuid-1', Username: 'kim.counselor' } });

    await expect(directory().ownerOf('c-1')).resolves.toEqual({
      found: true,
      agentUsername: 'kim.counselor',
      dialed: '+82432010120',
      initiatedAt: initiated,
    });
    expect(connect.commandCalls(DescribeContactCommand)[0]?.args[0].input).toEqual({
      InstanceId: INSTANCE,
      ContactId: 'c-1',
    });
    expect(connect.commandCalls(DescribeUserCommand)[0]?.args[0].input).toEqual({
      InstanceId: INSTANCE,
      UserId: 'user-uuid-1',
    });
  });

  it('caches the user id → username for the cache period, never the contact', async () => {
    connect.on(DescribeContactCommand).resolves({ Contact: { Id: 'c', AgentInfo: { Id: 'u-1' } } });
    connect.on(DescribeUserCommand).resolves({ User: { Id: 'u-1', Username: 'kim' } });
    const contacts = directory();
    await contacts.ownerOf('c-1');
    await contacts.ownerOf('c-2');
    expect(connect.commandCalls(DescribeUserCommand)).toHaveLength(1);
    expect(connect.commandCalls(DescribeContactCommand)).toHaveLength(2);
    clock = 60_001;
    await contacts.ownerOf('c-3');
    expect(connect.commandCalls(DescribeUserCommand)).toHaveLength(2);
  });

  it('reports a contact Connect does not know (or a malformed id) as not found', async () => {
    connect
      .on(DescribeContactCommand)
      .rejectsOnce(notFound())
      .rejectsOnce(new InvalidParameterException({ message: 'bad id', $metadata: {} }));
    await expect(directory().ownerOf('made-up')).resolves.toEqual({ found: false });
    await expect(directory().ownerOf('%%%')).resolves.toEqual({ found: false });
  });

  it('reports a contact no agent took, or whose agent was deleted since, without a username', async () => {
    connect
      .on(DescribeContactCommand)
      .resolvesOnce({ Contact: { Id: 'queued' } })
      .resolvesOnce({ Contact: { Id: 'gone', AgentInfo: { Id: 'deleted-user' } } });
    connect.on(DescribeUserCommand).rejects(notFound());
    await expect(directory().ownerOf('queued')).resolves.toEqual({ found: true });
    await expect(directory().ownerOf('gone')).resolves.toEqual({ found: true });
  });

  it('passes other failures through (the API answers 500 rather than guess)', async () => {
    connect.on(DescribeContactCommand).rejects(new Error('ThrottlingException'));
    await expect(directory().ownerOf('c-1')).rejects.toThrow('ThrottlingException');
  });

  it('knows no contact without a contact center', async () => {
    await expect(noContactCenter.ownerOf('c-1')).resolves.toEqual({ found: false });
  });

  it('matches usernames without regard to case or Unicode normal form', () => {
    expect(sameUsername('Kim.Counselor', 'kim.counselor')).toBe(true);
    expect(sameUsername('상담사'.normalize('NFD'), '상담사')).toBe(true);
    expect(sameUsername('kim', 'kim2')).toBe(false);
  });
});
