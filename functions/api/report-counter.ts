import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { BY_DEPARTMENT_STATUS_INDEX } from '#adapters/ticket-repository';
import { TICKET_STATUSES } from '#domain/ticket';
import type { ReportCounts } from '#functions/use-cases/today-stats';

/**
 * Today's report counts from the Tickets table's `byDepartmentStatus` index (PK
 * `<departmentId>#<status>`, SK `createdAt`, ISO 8601 in city time, so a day is a key prefix):
 *
 * - opened on `day`: per department and status, `begins_with(createdAt, day)`, kind `report`;
 * - resolved on `day`: per department, status RESOLVED, created within the last
 *   {@link RESOLVED_LOOKBACK_DAYS} days (bounded read), `updatedAt` on `day`, kind `report`. A
 *   report resolved today that was opened longer ago than that is not counted.
 *
 * `Select: COUNT` queries (no items are returned), at most {@link CONCURRENCY} at a time: with 12
 * departments that is 84 small queries per call, fine for a dashboard refreshed every few seconds.
 */

export const RESOLVED_LOOKBACK_DAYS = 90;
const CONCURRENCY = 8;

const dayMinus = (day: string, days: number): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
};

export const createTicketReportCounts = (deps: {
  client: DynamoDBDocumentClient;
  tableName: string;
  departmentIds: readonly string[];
}): ReportCounts => {
  const count = async (input: Omit<QueryCommandInput, 'TableName' | 'IndexName' | 'Select'>) => {
    let total = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await deps.client.send(
        new QueryCommand({
          ...input,
          TableName: deps.tableName,
          IndexName: BY_DEPARTMENT_STATUS_INDEX,
          Select: 'COUNT',
          ...(startKey !== undefined && { ExclusiveStartKey: startKey }),
        }),
      );
      total += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return total;
  };

  const limited = async (jobs: (() => Promise<number>)[]): Promise<number> => {
    let next = 0;
    let sum = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        if (job === undefined) continue;
        const counted = await job(); // not `sum += await …`: that reads `sum` before awaiting
        sum += counted;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker));
    return sum;
  };

  return {
    async count(day) {
      const opened = deps.departmentIds.flatMap((departmentId) =>
        TICKET_STATUSES.map(
          (status) => () =>
            count({
              KeyConditionExpression: 'departmentStatus = :ds AND begins_with(createdAt, :day)',
              FilterExpression: '#kind = :report',
              ExpressionAttributeNames: { '#kind': 'kind' },
              ExpressionAttributeValues: {
                ':ds': `${departmentId}#${status}`,
                ':day': day,
                ':report': 'report',
              },
            }),
        ),
      );
      const resolved = deps.departmentIds.map(
        (departmentId) => () =>
          count({
            KeyConditionExpression: 'departmentStatus = :ds AND createdAt >= :since',
            FilterExpression: '#kind = :report AND begins_with(updatedAt, :day)',
            ExpressionAttributeNames: { '#kind': 'kind' },
            ExpressionAttributeValues: {
              ':ds': `${departmentId}#RESOLVED`,
              ':since': dayMinus(day, RESOLVED_LOOKBACK_DAYS),
              ':day': day,
              ':report': 'report',
            },
          }),
      );
      const [o, r] = await Promise.all([limited(opened), limited(resolved)]);
      return { opened: o, resolved: r };
    },
  };
};
