import { type RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ProjectKey } from '#infra/constructs/project-key';
import { ProjectTable } from '#infra/constructs/project-table';

export interface DataStackProps extends StackProps {
  readonly removalPolicy: RemovalPolicy;
}

/** Tickets, counters, knowledge base, idempotency, contacts and inbox tables, their CMK and the caller-hash key. */
export class DataStack extends Stack {
  readonly key: ProjectKey;
  readonly tickets: ProjectTable;
  readonly counters: ProjectTable;
  readonly knowledgeBase: ProjectTable;
  /**
   * The 상담DB's editorial side (docs/contracts.md, "KbEntries"): per entry a head, its versions and
   * counselors' feedback (TTL `expiresAt`); GSIs byDepartment (departmentId, stateKey) and byState
   * (state, departmentKey) over the heads.
   */
  readonly kbEntries: ProjectTable;
  /** The desk's 상담DB search log (masked queries; TTL `expiresAt`); GSI byDepartmentDay (departmentDay, at). */
  readonly kbSearchLog: ProjectTable;
  readonly idempotency: ProjectTable;
  /** Department inboxes (docs/contracts.md, "Department inbox"): PK departmentId, SK entryKey. */
  readonly inbox: ProjectTable;
  /** One item per call (docs/contracts.md, "Contact records"): PK contactId, GSI byDay (day, initiatedAt). */
  readonly contacts: ProjectTable;
  /** HMAC-SHA256 key for `callerHash` (CALLER_HASH_SECRET_ARN). */
  readonly callerHashSecret: Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { removalPolicy } = props;
    this.key = new ProjectKey(this, 'DataKey', {
      description: 'minwon365 data: tables, streams and the caller-hash secret',
      removalPolicy,
    });
    const encryptionKey = this.key;

    this.tickets = new ProjectTable(this, 'Tickets', {
      partitionKey: 'ticketNumber',
      timeToLiveAttribute: 'expiresAt',
      stream: true,
      encryptionKey,
      removalPolicy,
    });
    this.tickets.addStringIndex('byCaller', 'callerHash', 'createdAt');
    this.tickets.addStringIndex('byDepartmentStatus', 'departmentStatus', 'createdAt');
    // A department's work, earliest due first (desk list, SLA job).
    this.tickets.addStringIndex('byDepartmentStatusDue', 'departmentStatus', 'dueAt');

    // Every department queue message, kept for the desk's 부서 inbox with each staff member's read
    // marks (inbox-consumer function); entries expire through `expiresAt`.
    this.inbox = new ProjectTable(this, 'DepartmentInbox', {
      partitionKey: 'departmentId',
      sortKey: 'entryKey',
      timeToLiveAttribute: 'expiresAt',
      encryptionKey,
      removalPolicy,
    });

    this.counters = new ProjectTable(this, 'Counters', {
      partitionKey: 'counter',
      encryptionKey,
      removalPolicy,
    });
    this.knowledgeBase = new ProjectTable(this, 'KnowledgeBase', {
      partitionKey: 'id',
      encryptionKey,
      removalPolicy,
    });
    this.kbEntries = new ProjectTable(this, 'KbEntries', {
      partitionKey: 'id',
      sortKey: 'sk',
      timeToLiveAttribute: 'expiresAt',
      encryptionKey,
      removalPolicy,
    });
    this.kbEntries.addStringIndex('byDepartment', 'departmentId', 'stateKey');
    this.kbEntries.addStringIndex('byState', 'state', 'departmentKey');
    this.kbSearchLog = new ProjectTable(this, 'KbSearchLog', {
      partitionKey: 'searchId',
      timeToLiveAttribute: 'expiresAt',
      encryptionKey,
      removalPolicy,
    });
    this.kbSearchLog.addStringIndex('byDepartmentDay', 'departmentDay', 'at');
    this.idempotency = new ProjectTable(this, 'Idempotency', {
      partitionKey: 'id',
      timeToLiveAttribute: 'expiration',
      encryptionKey,
      removalPolicy,
    });

    // Contact records hold no caller number; they expire with the stage's ticket retention (the
    // API function writes `expiresAt` from CONTACT_RETENTION_DAYS).
    this.contacts = new ProjectTable(this, 'Contacts', {
      partitionKey: 'contactId',
      timeToLiveAttribute: 'expiresAt',
      encryptionKey,
      removalPolicy,
    });
    this.contacts.addStringIndex('byDay', 'day', 'initiatedAt');

    this.callerHashSecret = new Secret(this, 'CallerHashKey', {
      description: 'minwon365 HMAC-SHA256 key for caller-number hashes',
      encryptionKey,
      removalPolicy,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(this.callerHashSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the HMAC key would orphan every stored callerHash (byCaller lookups); it is rotated by a ' +
        'planned re-hash of open tickets, not by automatic rotation.',
    });
  }
}
