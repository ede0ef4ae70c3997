import { ConnectClient } from '@aws-sdk/client-connect';
import { AssociationEvent, handleAssociationEvent } from './associate';

const connect = new ConnectClient({});

/**
 * Custom resource (CDK Provider framework onEvent): keeps a Connect phone number associated with
 * the inbound flow. A malformed event is a deployment bug, so it fails the deployment loudly.
 */
export const handler = async (event: unknown) =>
  handleAssociationEvent(connect, AssociationEvent.parse(event));
