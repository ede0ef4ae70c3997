import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdkLikeTemplates } from '#test/fixtures/cdk-like-templates';
import { localAws, localClients } from '#test/local';
import { resolveFunctionEnvironment } from '#tools/local-aws/function-environment';
import { findDepartmentDeadLetterQueue, findDepartmentQueue, findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import { type LocalResources, UnresolvedReferenceError } from '#tools/local-aws/resources';

const { dynamo, sqs } = localClients();
let local: LocalResources;

beforeAll(async () => {
  ({ resources: local } = await provisionFromTemplates(cdkLikeTemplates, localAws(), {
    prefix: `fx${Date.now()}-`,
  }));
});

describe('provisioning a CDK-shaped template', () => {
  it('creates the table with its keys, an INCLUDE-projection index, the stream and TTL', async () => {
    const orders = findTable(local, 'Orders');
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: orders.tableName }));
    const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: orders.tableName }));

    expect(Table?.KeySchema).toEqual([{ AttributeName: 'orderId', KeyType: 'HASH' }]);
    expect(Table?.GlobalSecondaryIndexes?.[0]?.Projection).toEqual({
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: ['total'],
    });
    expect(Table?.StreamSpecification?.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
    expect(orders.streamArn).toBe(Table?.LatestStreamArn);
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED');
  });

  it('creates a global table (TableV2) as a plain local table with its composite key', async () => {
    const ledger = local.get('LedgerC0FFEE00');
    const { Table } = await dynamo.send(
      new DescribeTableCommand({ TableName: ledger.type === 'table' ? ledger.tableName : '' }),
    );

    expect(Table?.KeySchema?.map((key) => key.AttributeName)).toEqual(['account', 'entry']);
    expect(Table?.StreamSpecification).toBeUndefined();
  });

  it('creates a dead-letter queue before the queue whose redrive policy names it', async () => {
    const parks = findDepartmentQueue(local, 'parks');
    const parksDlq = findDepartmentDeadLetterQueue(local, 'parks');
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: parks.queueUrl, AttributeNames: ['All'] }),
    );

    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: parksDlq.queueArn,
      maxReceiveCount: 5,
    });
    expect(Attributes?.VisibilityTimeout).toBe('60');
    expect(Attributes?.MessageRetentionPeriod).toBe('604800');
    expect(parks.maxReceiveCount).toBe(5);
  });

  it('tells work queues from dead-letter queues by their redrive policies', () => {
    expect(findDepartmentQueue(local, 'library').logicalId).toBe('DepartmentlibraryQueue9F8E7D6C');
    expect(findDepartmentDeadLetterQueue(local, 'library').logicalId).toBe(
      'DepartmentlibraryDeadLetterQueueABCDEF12',
    );
    expect(() => findDepartmentQueue(local, 'museum')).toThrow(/No queue of department "museum"/);
  });

  it('skips tables that already exist when run again with the same names', async () => {
    const prefix = `again${Date.now()}-`;
    const first = await provisionFromTemplates(cdkLikeTemplates, localAws(), { prefix });
    const second = await provisionFromTemplates(cdkLikeTemplates, localAws(), { prefix });

    expect(first.resources.tables().map((table) => table.created)).toEqual([true, true]);
    expect(second.resources.tables().map((table) => table.created)).toEqual([false, false]);
    expect(findTable(second.resources, 'Orders').streamArn).toBe(
      findTable(first.resources, 'Orders').streamArn,
    );
  });
});

describe('resolving template values to local values', () => {
  it('resolves Ref, Fn::GetAtt, Fn::Sub and Fn::ImportValue to local names, URLs and ARNs', () => {
    const orders = findTable(local, 'Orders');
    const parks = findDepartmentQueue(local, 'parks');

    expect(local.resolveRef('Fixture-Data', { Ref: 'OrdersTableE1F2A3B4' })).toBe(orders.tableName);
    expect(local.resolveRef('Fixture-Data', { 'Fn::GetAtt': ['OrdersTableE1F2A3B4', 'StreamArn'] })).toBe(
      orders.streamArn,
    );
    expect(
      local.resolveRef('Fixture-Messaging', { 'Fn::GetAtt': ['DepartmentparksQueue5E6F7A8B', 'Arn'] }),
    ).toBe(parks.queueArn);
    expect(
      local.resolveRef('Fixture-Messaging', { 'Fn::Sub': '${DepartmentparksQueue5E6F7A8B.QueueName}' }),
    ).toBe(parks.queueName);
    expect(
      local.resolveRef('Fixture-Functions', {
        'Fn::ImportValue': 'Fixture-Messaging:ExportsOutputRefDepartmentparksQueue5E6F7A8B11111111',
      }),
    ).toBe(parks.queueUrl);
  });

  it('refuses a reference with no local counterpart with an UnresolvedReferenceError', () => {
    expect(() => local.resolveRef('Fixture-Data', { 'Fn::GetAtt': ['FixtureKey1A2B3C4D', 'Arn'] })).toThrow(
      UnresolvedReferenceError,
    );
  });

  it("builds a function's environment from its template, listing what has no local value", () => {
    const environment = resolveFunctionEnvironment(cdkLikeTemplates, local, 'Intake');

    expect(environment.variables).toEqual({
      ORDERS_TABLE: findTable(local, 'Orders').tableName,
      DEPARTMENT_QUEUES: JSON.stringify({
        parks: findDepartmentQueue(local, 'parks').queueUrl,
        library: findDepartmentQueue(local, 'library').queueUrl,
      }),
      SERVICE_LABEL: `minwon365-${localAws().region}`,
      POWERTOOLS_SERVICE_NAME: 'minwon365',
    });
    expect(environment.unresolved).toEqual(['KEY_ID']);
  });
});
