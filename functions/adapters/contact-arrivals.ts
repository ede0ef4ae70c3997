import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { BY_DAY_INDEX } from '#adapters/contact-records';

/**
 * When each call of a city day began: the `initiatedAt` of every record of the Contacts table's
 * `byDay` index for that day (docs/contracts.md, "Contact records"), for the arrival-profile refit
 * (functions/use-cases/arrival-refit.ts). Only the index's sort key is read (ProjectionExpression),
 * page after page with the SDK's paginator (`paginateQuery`,
 * https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-lib-dynamodb/Function/paginateQuery/),
 * as a day of Cheongju's calls is well over one 1 MB Query page
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html) at
 * ten times the volume.
 */
export interface ContactArrivals {
  /** `initiatedAt` (ISO 8601 with offset) of every contact of the city day `YYYY-MM-DD`. */
  initiatedOn(day: string): Promise<string[]>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const createContactArrivals = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Items per Query page (`Limit`); default DynamoDB's 1 MB pages. */
  pageSize?: number;
}): ContactArrivals => ({
  async initiatedOn(day) {
    if (!DAY.test(day)) throw new RangeError('day must be YYYY-MM-DD');
    const pages = paginateQuery(
      { client: options.client },
      {
        TableName: options.tableName,
        IndexName: BY_DAY_INDEX,
        KeyConditionExpression: '#day = :day',
        ProjectionExpression: '#initiatedAt',
        ExpressionAttributeNames: { '#day': 'day', '#initiatedAt': 'initiatedAt' },
        ExpressionAttributeValues: { ':day': day },
        ...(options.pageSize !== undefined && { Limit: options.pageSize }),
      },
    );
    const instants: string[] = [];
    for await (const page of pages)
      for (const item of page.Items ?? [])
        if (typeof item.initiatedAt === 'string') instants.push(item.initiatedAt);
    return instants;
  },
});
