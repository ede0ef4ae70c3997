import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Verifies the claim in functions/commons/aws/dynamodb.ts: SDK v3 honours AWS_ENDPOINT_URL_DYNAMODB by
 * itself, so local runs need no endpoint code. A throwaway HTTP server on localhost plays DynamoDB.
 */
let server: Server;
const targets: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    targets.push(String(request.headers['x-amz-target']));
    response.setHeader('content-type', 'application/x-amz-json-1.0');
    response.end('{"TableNames":["Tickets"]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((resolve) => server.close(resolve));
});

describe('clients', () => {
  it('send DynamoDB requests to AWS_ENDPOINT_URL_DYNAMODB when it is set', async () => {
    const { port } = server.address() as AddressInfo;
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', `http://127.0.0.1:${port}`);
    vi.stubEnv('AWS_REGION', 'ap-northeast-2');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.resetModules();
    const { dynamoDbClient, documentClient } = await import('#commons/aws/dynamodb');
    const output = await dynamoDbClient.send(new ListTablesCommand({}));
    expect(output.TableNames).toEqual(['Tickets']);
    expect(targets).toEqual(['DynamoDB_20120810.ListTables']);
    expect(documentClient.config).toBe(dynamoDbClient.config);
  });
});
