import {
  AssociatePhoneNumberContactFlowCommand,
  type ConnectClient,
  DisassociatePhoneNumberContactFlowCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-connect';
import * as z from 'zod';

/**
 * Associates a Connect phone number with an inbound contact flow. CloudFormation has no resource
 * for this, so the Connect stack runs it as a custom resource (Provider framework onEvent).
 * Every operation is idempotent: Associate replaces an existing association, and Disassociate of
 * an association that is already gone succeeds.
 */

const arnTail = (value: string, marker: string): string => {
  const at = value.lastIndexOf(marker);
  return at >= 0 ? value.slice(at + marker.length) : value;
};

/** `arn:aws:connect:…:instance/<id>` or a bare id → the id. */
export const instanceIdOf = (value: string): string => arnTail(value, 'instance/').split('/')[0] ?? value;
/** `arn:aws:connect:…:phone-number/<id>` or a bare id → the id. */
export const phoneNumberIdOf = (value: string): string => arnTail(value, 'phone-number/');
/** `arn:aws:connect:…:instance/<iid>/contact-flow/<id>` or a bare id → the id. */
export const contactFlowIdOf = (value: string): string => arnTail(value, 'contact-flow/');

export const AssociationProperties = z.object({
  InstanceId: z.string().min(1),
  PhoneNumberId: z.string().min(1),
  ContactFlowId: z.string().min(1),
});
export type AssociationProperties = z.infer<typeof AssociationProperties>;

const Base = z.object({ RequestId: z.string(), LogicalResourceId: z.string() });
export const AssociationEvent = z.discriminatedUnion('RequestType', [
  Base.extend({ RequestType: z.literal('Create'), ResourceProperties: AssociationProperties.loose() }),
  Base.extend({
    RequestType: z.literal('Update'),
    PhysicalResourceId: z.string(),
    ResourceProperties: AssociationProperties.loose(),
    OldResourceProperties: AssociationProperties.loose(),
  }),
  Base.extend({
    RequestType: z.literal('Delete'),
    PhysicalResourceId: z.string(),
    ResourceProperties: AssociationProperties.loose(),
  }),
]);
export type AssociationEvent = z.infer<typeof AssociationEvent>;

export interface AssociationResult {
  PhysicalResourceId: string;
  Data?: Record<string, string>;
}

/** The physical id names the number and instance: a new number or instance means a replacement. */
export const physicalIdOf = (props: AssociationProperties): string =>
  `${instanceIdOf(props.InstanceId)}/${phoneNumberIdOf(props.PhoneNumberId)}`;

const associate = async (
  connect: ConnectClient,
  props: AssociationProperties,
): Promise<AssociationResult> => {
  const instanceId = instanceIdOf(props.InstanceId);
  const phoneNumberId = phoneNumberIdOf(props.PhoneNumberId);
  const contactFlowId = contactFlowIdOf(props.ContactFlowId);
  await connect.send(
    new AssociatePhoneNumberContactFlowCommand({
      InstanceId: instanceId,
      PhoneNumberId: phoneNumberId,
      ContactFlowId: contactFlowId,
    }),
  );
  return {
    PhysicalResourceId: physicalIdOf(props),
    Data: { PhoneNumberId: phoneNumberId, ContactFlowId: contactFlowId },
  };
};

const disassociate = async (connect: ConnectClient, physicalResourceId: string): Promise<void> => {
  const [instanceId, phoneNumberId] = physicalResourceId.split('/');
  // A create that failed before associating leaves CloudFormation's own request id as the physical
  // id: there is nothing to undo.
  if (!instanceId || !phoneNumberId) return;
  try {
    await connect.send(
      new DisassociatePhoneNumberContactFlowCommand({ InstanceId: instanceId, PhoneNumberId: phoneNumberId }),
    );
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return;
    throw error;
  }
};

export const handleAssociationEvent = async (
  connect: ConnectClient,
  event: AssociationEvent,
): Promise<AssociationResult> => {
  switch (event.RequestType) {
    case 'Create':
      return associate(connect, event.ResourceProperties);
    case 'Update': {
      // Same number and instance: re-associating points the number at the (possibly new) flow.
      // Another number or instance: associate the new one; CloudFormation then sends Delete for
      // the old physical id, which disassociates the old number.
      return associate(connect, event.ResourceProperties);
    }
    case 'Delete':
      await disassociate(connect, event.PhysicalResourceId);
      return { PhysicalResourceId: event.PhysicalResourceId };
  }
};
