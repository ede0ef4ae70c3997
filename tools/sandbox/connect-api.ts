import type { ServerResponse } from 'node:http';
import type { PhoneExchange } from './phone';

/**
 * The sandbox's stand-in for the two Amazon Connect API calls the desk API makes before it writes
 * to a call (functions/adapters/connect-contacts.ts), answered from the simulated calls, so the
 * sandbox checks ownership exactly as AWS does: the API's Connect client reaches it through
 * `AWS_ENDPOINT_URL_CONNECT` (tools/sandbox/runtime.ts).
 *
 * - DescribeContact, `GET /contacts/{InstanceId}/{ContactId}`
 *   (https://docs.aws.amazon.com/connect/latest/APIReference/API_DescribeContact.html):
 *   `Contact.Id`, `AgentInfo.Id` (the counselor who took the call; the sandbox's user id is the
 *   username), `InitiationTimestamp` (epoch seconds, as the REST-JSON protocol sends timestamps)
 *   and `SystemEndpoint` (the number dialed); an unknown contact is 404 `ResourceNotFoundException`.
 * - DescribeUser, `GET /users/{InstanceId}/{UserId}`
 *   (https://docs.aws.amazon.com/connect/latest/APIReference/API_DescribeUser.html):
 *   `User.Id` and `User.Username`.
 */

const send = (
  response: ServerResponse,
  status: number,
  body: unknown,
  errorType?: string,
): ServerResponse => {
  response.writeHead(status, {
    'content-type': 'application/json',
    ...(errorType !== undefined && { 'x-amzn-errortype': errorType }),
  });
  return response.end(JSON.stringify(body));
};

/** `parts`: the path after `/sandbox/aws/connect/`, e.g. `['contacts', '<instance>', '<contact>']`. */
export function connectApi(
  phone: Pick<PhoneExchange, 'describe'>,
  response: ServerResponse,
  parts: string[],
): ServerResponse {
  const [kind, , rawId] = parts;
  let id: string;
  try {
    id = decodeURIComponent(rawId ?? '');
  } catch {
    return send(response, 400, { Message: 'Invalid id' }, 'InvalidParameterException');
  }
  if (kind === 'contacts') {
    const call = phone.describe(id);
    if (call === undefined)
      return send(response, 404, { Message: 'Contact not found' }, 'ResourceNotFoundException');
    return send(response, 200, {
      Contact: {
        Id: id,
        ...(call.answeredBy !== null && { AgentInfo: { Id: call.answeredBy } }),
        InitiationTimestamp: call.startedAt.getTime() / 1000,
        SystemEndpoint: { Type: 'TELEPHONE_NUMBER', Address: call.dialed },
      },
    });
  }
  if (kind === 'users' && id !== '') return send(response, 200, { User: { Id: id, Username: id } });
  return send(response, 404, { Message: 'Not found' }, 'ResourceNotFoundException');
}
