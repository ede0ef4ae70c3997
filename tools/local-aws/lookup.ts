import { normalizeId, withoutCdkHash } from '#tools/local-aws/cfn';
import type { LocalQueue, LocalResource, LocalResources, LocalTable } from '#tools/local-aws/resources';

/**
 * Finds local resources by what they are for, so callers never spell CDK's hashed logical ids.
 * Matching is on the logical id without its hash, and on the construct ids of `aws:cdk:path`.
 */

/** The table for a purpose such as `Tickets`, `Counters`, `KnowledgeBase` or `Idempotency`. */
export function findTable(resources: LocalResources, purpose: string): LocalTable {
  const wanted = normalizeId(purpose);
  const tables = resources.tables();
  return pickOne(
    `table "${purpose}"`,
    tables,
    tables.filter((table) => pathSegments(table).some((segment) => normalizeId(segment) === wanted)),
    tables.filter((table) =>
      [wanted, `${wanted}table`].includes(normalizeId(withoutCdkHash(table.logicalId))),
    ),
    tables.filter((table) => normalizeId(withoutCdkHash(table.logicalId)).startsWith(wanted)),
  );
}

/** The queue a department's tickets are sent to (never its dead-letter queue). */
export function findDepartmentQueue(resources: LocalResources, departmentId: string): LocalQueue {
  const deadLetterKeys = new Set(resources.queues().map((queue) => queue.deadLetterQueueKey));
  const queues = resources.queues().filter((queue) => !deadLetterKeys.has(key(queue)));
  return findByDepartment(queues, departmentId, 'queue');
}

/** The dead-letter queue behind a department's queue. */
export function findDepartmentDeadLetterQueue(resources: LocalResources, departmentId: string): LocalQueue {
  const queue = findDepartmentQueue(resources, departmentId);
  if (!queue.deadLetterQueueKey) throw new Error(`Queue ${key(queue)} has no dead-letter queue`);
  const dlq = resources.get(queue.deadLetterQueueKey);
  if (dlq.type !== 'queue') throw new Error(`${queue.deadLetterQueueKey} is not a queue`);
  return dlq;
}

function findByDepartment(queues: LocalQueue[], departmentId: string, what: string): LocalQueue {
  const wanted = normalizeId(departmentId);
  const tagged = queues.filter((queue) =>
    Object.entries(queue.tags).some(([name, value]) => /department/i.test(name) && value === departmentId),
  );
  const byPath = queues.filter((queue) =>
    pathSegments(queue).some((segment) => segment === departmentId || segment.endsWith(`-${departmentId}`)),
  );
  // CDK's logical id for the construct `Department-<id>/Queue` is `Department<id>Queue<hash>`.
  const byConstructId = queues.filter((queue) =>
    [`department${wanted}queue`, `${wanted}queue`, wanted].includes(
      normalizeId(withoutCdkHash(queue.logicalId)),
    ),
  );
  const byName = queues.filter(
    (queue) =>
      queue.queueName.endsWith(`-${departmentId}`) || queue.queueName.endsWith(`-${departmentId}.fifo`),
  );
  const byLogicalId = queues.filter((queue) => normalizeId(withoutCdkHash(queue.logicalId)).includes(wanted));
  return pickOne(
    `${what} of department "${departmentId}"`,
    queues,
    tagged,
    byPath,
    byName,
    byConstructId,
    byLogicalId,
  );
}

/** The first rule that matches exactly one candidate wins; several matches are ambiguous. */
function pickOne<T extends LocalResource>(what: string, all: T[], ...rules: T[][]): T {
  for (const matches of rules) {
    if (matches.length === 1 && matches[0]) return matches[0];
    if (matches.length > 1) throw new Error(`Ambiguous ${what}: ${matches.map(key).join(', ')}`);
  }
  throw new Error(`No ${what} among ${all.map(key).join(', ') || 'no resources'}`);
}

function pathSegments(resource: LocalResource): string[] {
  return resource.cdkPath?.split('/') ?? [];
}

function key(resource: LocalResource): string {
  return `${resource.stackName}/${resource.logicalId}`;
}
