import {
  type ConnectClient,
  DescribeContactCommand,
  type DescribeContactCommandOutput,
  DescribeUserCommand,
  InvalidParameterException,
  InvalidRequestException,
  ResourceNotFoundException,
} from '@aws-sdk/client-connect';

/**
 * Who took a call, as Amazon Connect knows it — the desk API checks it before it writes a
 * contact's disposition or abuse warnings (functions/api/routes/contacts.ts), so a counselor can
 * write only to their own calls and a made-up contact id never reaches the figures.
 *
 * - DescribeContact (`GET /contacts/{InstanceId}/{ContactId}`,
 *   https://docs.aws.amazon.com/connect/latest/APIReference/API_DescribeContact.html): the contact
 *   exists, `AgentInfo.Id` is the Connect user who was connected to it (absent when no agent took
 *   it), `SystemEndpoint` the number dialed ("not populated for contacts with initiation method of
 *   MONITOR, QUEUE_TRANSFER, or CALLBACK") and `InitiationTimestamp` when it began. "Contact
 *   information remains available … for 24 months from the InitiationTimestamp": older contacts
 *   are unknown, as are ids Connect never issued (`ResourceNotFoundException`; a malformed id may
 *   come back as `InvalidParameterException`/`InvalidRequestException`, treated alike).
 * - DescribeUser (`GET /users/{InstanceId}/{UserId}`,
 *   https://docs.aws.amazon.com/connect/latest/APIReference/API_DescribeUser.html) turns the agent's
 *   user id into the Connect `Username`.
 *
 * Desk user ↔ Connect user: by username. A counselor's Cognito username must equal their Connect
 * username (README, "After the first deploy"); compared without regard to case, because the user
 * pool signs in case-insensitively. Connect user ids do not change for a user, so id → username is
 * cached for the container's life (bounded by `userCacheMs`, default one hour, in case a user is
 * renamed); contacts are never cached (ownership is checked on every write).
 */

export type ContactOwner =
  | { found: false }
  | {
      found: true;
      /** The Connect username of the agent who took the call; absent when none did. */
      agentUsername?: string;
      /** The number dialed (E.164), when Connect gives it. */
      dialed?: string;
      initiatedAt?: Date;
    };

export interface ContactDirectory {
  ownerOf(contactId: string): Promise<ContactOwner>;
}

export interface ConnectContactDirectoryOptions {
  client: ConnectClient;
  instanceId: string;
  userCacheMs?: number;
  now?: () => number;
}

const NOT_FOUND = [ResourceNotFoundException, InvalidParameterException, InvalidRequestException];

export const createConnectContactDirectory = (options: ConnectContactDirectoryOptions): ContactDirectory => {
  const { client, instanceId } = options;
  const userCacheMs = options.userCacheMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  const usernames = new Map<string, { username: string; at: number }>();

  const usernameOf = async (userId: string): Promise<string | undefined> => {
    const cached = usernames.get(userId);
    if (cached !== undefined && now() - cached.at < userCacheMs) return cached.username;
    try {
      const { User } = await client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }));
      if (User?.Username === undefined) return undefined;
      usernames.set(userId, { username: User.Username, at: now() });
      return User.Username;
    } catch (error) {
      // A user deleted since the call: nobody can claim the call by name.
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };

  return {
    async ownerOf(contactId) {
      let output: DescribeContactCommandOutput;
      try {
        output = await client.send(
          new DescribeContactCommand({ InstanceId: instanceId, ContactId: contactId }),
        );
      } catch (error) {
        if (NOT_FOUND.some((type) => error instanceof type)) return { found: false };
        throw error;
      }
      const described = output.Contact;
      if (described === undefined) return { found: false };
      const agentId = described.AgentInfo?.Id;
      const agentUsername = agentId === undefined ? undefined : await usernameOf(agentId);
      return {
        found: true,
        ...(agentUsername !== undefined && { agentUsername }),
        ...(described.SystemEndpoint?.Address !== undefined && { dialed: described.SystemEndpoint.Address }),
        ...(described.InitiationTimestamp !== undefined && { initiatedAt: described.InitiationTimestamp }),
      };
    },
  };
};

/** Without a contact center (a stage deployed without Connect) no contact exists. */
export const noContactCenter: ContactDirectory = { ownerOf: async () => ({ found: false }) };

/** Whether a Connect username and a desk (Cognito) username name the same person. */
export const sameUsername = (a: string, b: string): boolean =>
  a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();
