import {
  AssociatePhoneNumberContactFlowCommand,
  ConnectClient,
  DisassociatePhoneNumberContactFlowCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AssociationEvent,
  contactFlowIdOf,
  handleAssociationEvent,
  instanceIdOf,
  phoneNumberIdOf,
} from '#functions/connect-phone-association/associate';

const connectMock = mockClient(ConnectClient);
const connect = new ConnectClient({ region: 'ap-northeast-2' });

const INSTANCE_ARN = 'arn:aws:connect:ap-northeast-2:111122223333:instance/inst-1';
const props = {
  ServiceToken: 'arn:aws:lambda:ap-northeast-2:111122223333:function:provider',
  InstanceId: INSTANCE_ARN,
  PhoneNumberId: 'arn:aws:connect:ap-northeast-2:111122223333:phone-number/pn-1',
  ContactFlowId: `${INSTANCE_ARN}/contact-flow/flow-1`,
};
const base = { RequestId: 'req-1', LogicalResourceId: 'UnifiedAssociation' };

describe('phone number ↔ inbound flow association custom resource', () => {
  beforeEach(() => connectMock.reset());

  it('extracts ids from ARNs and passes bare ids through', () => {
    expect(instanceIdOf(INSTANCE_ARN)).toBe('inst-1');
    expect(instanceIdOf(`${INSTANCE_ARN}/contact-flow/x`)).toBe('inst-1');
    expect(instanceIdOf('inst-2')).toBe('inst-2');
    expect(phoneNumberIdOf(props.PhoneNumberId)).toBe('pn-1');
    expect(contactFlowIdOf(props.ContactFlowId)).toBe('flow-1');
  });

  it('associates on create and names the number and instance in the physical id', async () => {
    connectMock.on(AssociatePhoneNumberContactFlowCommand).resolves({});
    const result = await handleAssociationEvent(
      connect,
      AssociationEvent.parse({ ...base, RequestType: 'Create', ResourceProperties: props }),
    );
    expect(result.PhysicalResourceId).toBe('inst-1/pn-1');
    expect(connectMock.commandCalls(AssociatePhoneNumberContactFlowCommand)[0]?.args[0].input).toEqual({
      InstanceId: 'inst-1',
      PhoneNumberId: 'pn-1',
      ContactFlowId: 'flow-1',
    });
  });

  it('re-associates on update with a new flow and keeps the physical id', async () => {
    connectMock.on(AssociatePhoneNumberContactFlowCommand).resolves({});
    const result = await handleAssociationEvent(
      connect,
      AssociationEvent.parse({
        ...base,
        RequestType: 'Update',
        PhysicalResourceId: 'inst-1/pn-1',
        ResourceProperties: { ...props, ContactFlowId: `${INSTANCE_ARN}/contact-flow/flow-2` },
        OldResourceProperties: props,
      }),
    );
    expect(result.PhysicalResourceId).toBe('inst-1/pn-1');
    expect(
      connectMock.commandCalls(AssociatePhoneNumberContactFlowCommand)[0]?.args[0].input.ContactFlowId,
    ).toBe('flow-2');
    expect(connectMock.commandCalls(DisassociatePhoneNumberContactFlowCommand)).toHaveLength(0);
  });

  it('returns a new physical id when the number changes so CloudFormation deletes the old association', async () => {
    connectMock.on(AssociatePhoneNumberContactFlowCommand).resolves({});
    const result = await handleAssociationEvent(
      connect,
      AssociationEvent.parse({
        ...base,
        RequestType: 'Update',
        PhysicalResourceId: 'inst-1/pn-1',
        ResourceProperties: { ...props, PhoneNumberId: 'pn-9' },
        OldResourceProperties: props,
      }),
    );
    expect(result.PhysicalResourceId).toBe('inst-1/pn-9');
  });

  it('disassociates on delete', async () => {
    connectMock.on(DisassociatePhoneNumberContactFlowCommand).resolves({});
    await handleAssociationEvent(
      connect,
      AssociationEvent.parse({
        ...base,
        RequestType: 'Delete',
        PhysicalResourceId: 'inst-1/pn-1',
        ResourceProperties: props,
      }),
    );
    expect(connectMock.commandCalls(DisassociatePhoneNumberContactFlowCommand)[0]?.args[0].input).toEqual({
      InstanceId: 'inst-1',
      PhoneNumberId: 'pn-1',
    });
  });

  it('treats delete of an association that is already gone as success', async () => {
    connectMock
      .on(DisassociatePhoneNumberContactFlowCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    const result = await handleAssociationEvent(
      connect,
      AssociationEvent.parse({
        ...base,
        RequestType: 'Delete',
        PhysicalResourceId: 'inst-1/pn-1',
        ResourceProperties: props,
      }),
    );
    expect(result.PhysicalResourceId).toBe('inst-1/pn-1');
  });

  it('does not call Connect on delete after a create that never associated', async () => {
    await handleAssociationEvent(
      connect,
      AssociationEvent.parse({
        ...base,
        RequestType: 'Delete',
        PhysicalResourceId: 'req-0',
        ResourceProperties: props,
      }),
    );
    expect(connectMock.calls()).toHaveLength(0);
  });

  it('fails the deployment on other Connect errors during delete', async () => {
    connectMock.on(DisassociatePhoneNumberContactFlowCommand).rejects(new Error('throttled'));
    await expect(
      handleAssociationEvent(
        connect,
        AssociationEvent.parse({
          ...base,
          RequestType: 'Delete',
          PhysicalResourceId: 'inst-1/pn-1',
          ResourceProperties: props,
        }),
      ),
    ).rejects.toThrow('throttled');
  });

  it('rejects an event without the phone number', () => {
    expect(() =>
      AssociationEvent.parse({
        ...base,
        RequestType: 'Create',
        ResourceProperties: { InstanceId: 'i', ContactFlowId: 'f' },
      }),
    ).toThrow(/PhoneNumberId/);
  });
});
