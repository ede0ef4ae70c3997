import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { cdkLikeTemplates } from '#test/fixtures/cdk-like-templates';
import { findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import { startLocalAws } from '#tools/local-aws/services';

const persistDir = await mkdtemp(join(tmpdir(), 'minwon365-local-aws-'));

afterAll(async () => {
  await rm(persistDir, { recursive: true, force: true });
});

function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startLocalAws', () => {
  it('keeps tables in persistDir across restarts, and provisioning the same app again succeeds', async () => {
    const first = await startLocalAws({ persistDir });
    const created = await provisionFromTemplates(cdkLikeTemplates, first);
    await first.stop();

    const second = await startLocalAws({ persistDir });
    try {
      const again = await provisionFromTemplates(cdkLikeTemplates, second);
      const client = new DynamoDBClient({
        endpoint: second.dynamoEndpoint,
        region: second.region,
        credentials: second.credentials,
      });
      const { TableNames = [] } = await client.send(new ListTablesCommand({}));

      expect(TableNames).toContain(findTable(created.resources, 'Orders').tableName);
      expect(findTable(again.resources, 'Orders').created).toBe(false);
      expect(second.dynamoEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      client.destroy();
    } finally {
      await second.stop();
    }
  });

  it('leaves no DynamoDB Local process behind after stop()', async () => {
    const aws = await startLocalAws();
    const pid = aws.dynamoPid;
    await aws.stop();

    expect(pid).toBeTypeOf('number');
    expect(isRunning(pid)).toBe(false);
  });

  it('explains that Java is missing instead of timing out', async () => {
    const previous = process.env.JAVA_HOME;
    process.env.JAVA_HOME = join(persistDir, 'no-such-jdk');
    try {
      await expect(startLocalAws()).rejects.toThrow(/needs Java 17 or later/);
    } finally {
      if (previous === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = previous;
    }
  });
});
