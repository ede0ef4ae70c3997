import { randomBytes, randomUUID } from 'node:crypto';
import { maskPhoneNumbersInText } from '#commons/masking';
import { departmentById, departmentForCategory, type RuntimeConfig } from '#commons/runtime-config';
import {
  feedbackCounts,
  type KbCorpusWrite,
  type KbEditorialStore,
  KbEntryNotFoundError,
  type KbFeedbackKind,
  type KbFeedbackRecord,
  type KbHead,
  type KbPage,
  type KbVersionRecord,
} from '#kb/editorial-store';
import { addMonths, changedKbFields, cityDay, type KbAction, type KbState, nextKbState } from '#kb/lifecycle';
import type { KbEntry } from '#kb/schema';

/**
 * The 상담DB's editing rules (docs/contracts.md, "상담DB lifecycle"): who may change which entry,
 * which state changes are allowed, what a version records, and what publishing makes searchable.
 * Storage is KbEditorialStore; the desk API's routes (functions/api/routes/kb-entries.ts) map the
 * errors below to 403 / 404 / 409.
 */

/** Who is acting (the API's principal, reduced to what the rules need). */
export interface KbActor {
  username: string;
  isAdmin: boolean;
  isCounselor: boolean;
  departmentIds: readonly string[];
}

export class KbForbiddenError extends Error {
  override readonly name = 'KbForbiddenError';
}

export class KbIllegalTransitionError extends Error {
  override readonly name = 'KbIllegalTransitionError';
  constructor(
    readonly action: KbAction,
    readonly from: KbState,
  ) {
    super(`KB entry cannot ${action} from ${from}`);
  }
}

export class KbUnknownDepartmentError extends Error {
  override readonly name = 'KbUnknownDepartmentError';
}

export class KbVersionNotFoundError extends Error {
  override readonly name = 'KbVersionNotFoundError';
}

/** The editable content of an entry (the JSON Lines fields other than `id`; unknown fields kept). */
export interface KbContentInput {
  category: KbEntry['category'];
  title: string;
  answer: string;
  keywords?: string[] | undefined;
  questions?: string[] | undefined;
  department?: string | undefined;
  reviewBy?: string | undefined;
  [field: string]: unknown;
}

export interface KbEditingOptions {
  store: KbEditorialStore;
  config: RuntimeConfig;
  /** Months until an answer is due for review when the editor sets no `reviewBy` (city config). */
  reviewMonths: number;
  /** Days a feedback item is kept (TTL). */
  feedbackRetentionDays: number;
  now?: () => Date;
}

/** An entry as the API answers it. */
export interface KbEntryView {
  id: string;
  state: KbState;
  version: number;
  publishedVersion: number | null;
  departmentId: string;
  content: KbEntry;
  reviewBy: string | null;
  reviewOverdue: boolean;
  createdAt: string;
  createdBy: string;
  changedAt: string;
  changedBy: string;
  feedback: Record<KbFeedbackKind, number>;
  feedbackTotal: number;
}

/** Content fields the editor sends whole (absent ones are removed); the others are kept. */
const EDITED_FIELDS = new Set([
  'id',
  'category',
  'title',
  'answer',
  'keywords',
  'questions',
  'department',
  'reviewBy',
]);

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A new entry id: `kb-` and 10 characters (time-ordered prefix, random tail). */
export const newKbEntryId = (now: Date): string => {
  const time = now.getTime().toString(36).slice(-6);
  const tail = [...randomBytes(4)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
  return `kb-${time}${tail}`;
};

export const createKbEditing = (options: KbEditingOptions) => {
  const { store, config } = options;
  const now = options.now ?? (() => new Date());
  const today = () => cityDay(now(), config.timezone);

  const view = (head: KbHead): KbEntryView => ({
    id: head.id,
    state: head.state,
    version: head.version,
    publishedVersion: head.publishedVersion ?? null,
    departmentId: head.departmentId,
    content: head.content,
    reviewBy: head.content.reviewBy ?? null,
    reviewOverdue: head.state === 'published' && (head.content.reviewBy ?? '9999') < today(),
    createdAt: head.createdAt,
    createdBy: head.createdBy,
    changedAt: head.changedAt,
    changedBy: head.changedBy,
    feedback: feedbackCounts(head),
    feedbackTotal: head.feedbackTotal ?? 0,
  });

  const mayEdit = (actor: KbActor, departmentId: string): boolean =>
    actor.isAdmin || actor.departmentIds.includes(departmentId);

  const requireEditor = (actor: KbActor, departmentId: string): void => {
    if (!mayEdit(actor, departmentId)) throw new KbForbiddenError(`not staff of ${departmentId}`);
  };

  const mayRead = (actor: KbActor): boolean =>
    actor.isAdmin || actor.isCounselor || actor.departmentIds.length > 0;

  const requireReader = (actor: KbActor): void => {
    if (!mayRead(actor)) throw new KbForbiddenError('no 상담DB role');
  };

  const headOf = async (id: string): Promise<KbHead> => {
    const head = await store.getHead(id);
    if (!head) throw new KbEntryNotFoundError(id);
    return head;
  };

  /** The department owning new content: the one named, else the category's owner. */
  const departmentOf = (content: { department?: string | undefined; category: string }): string => {
    const named = content.department;
    if (named !== undefined) {
      if (!departmentById(config, named)) throw new KbUnknownDepartmentError(named);
      return named;
    }
    const owner = departmentForCategory(config, content.category);
    if (!owner) throw new KbUnknownDepartmentError(content.category);
    return owner.id;
  };

  /** The content as stored: the id, the owner in `department`, the fields given. */
  const contentOf = (id: string, input: KbContentInput, departmentId: string): KbEntry =>
    ({ ...input, id, department: departmentId }) as KbEntry;

  /**
   * Applies an action: the next state (409 when not allowed), the new head and version item, and
   * for publish / retire the change to the published side.
   */
  const change = async (input: {
    actor: KbActor;
    head: KbHead;
    action: KbAction;
    expectedVersion: number;
    content?: KbEntry;
    note?: string;
    restoredFrom?: number;
  }): Promise<KbEntryView> => {
    const { actor, head, action } = input;
    const state = nextKbState(action, head.state);
    if (state === undefined) throw new KbIllegalTransitionError(action, head.state);
    const at = now().toISOString();
    let content = input.content ?? head.content;
    let corpus: KbCorpusWrite | undefined;
    let publishedVersion = head.publishedVersion;
    const version = head.version + 1;
    let feedback = head.feedback;
    if (action === 'publish') {
      // Published today; due for review after the city's period unless the editor set a date.
      const day = today();
      content = {
        ...content,
        updatedAt: day,
        reviewBy:
          content.reviewBy !== undefined && content.reviewBy > day
            ? content.reviewBy
            : addMonths(day, options.reviewMonths),
      };
      corpus = { kind: 'publish', entry: content };
      publishedVersion = version;
      feedback = { wrong: 0, outdated: 0, unclear: 0 };
    } else if (action === 'retire') {
      corpus = { kind: 'retire' };
      publishedVersion = undefined;
    }
    const departmentId = content.department ?? head.departmentId;
    const next: KbHead = {
      ...head,
      state,
      version,
      departmentId,
      content,
      changedAt: at,
      changedBy: actor.username,
      ...(feedback !== undefined && { feedback }),
    };
    if (publishedVersion === undefined) delete next.publishedVersion;
    else next.publishedVersion = publishedVersion;
    const record: KbVersionRecord = {
      id: head.id,
      version,
      action,
      state,
      by: actor.username,
      at,
      changed: changedKbFields(head.content, content),
      content,
      ...(input.note !== undefined && { note: input.note }),
      ...(input.restoredFrom !== undefined && { restoredFrom: input.restoredFrom }),
    };
    await store.commit({
      head: next,
      expectedVersion: input.expectedVersion,
      record,
      ...(corpus !== undefined && { corpus }),
    });
    return view(next);
  };

  return {
    view,

    async list(
      actor: KbActor,
      query: { department?: string; state?: KbState; limit: number; cursor?: string; overdue?: boolean },
    ): Promise<KbPage<KbEntryView>> {
      requireReader(actor);
      let page: KbPage<KbHead>;
      if (query.department !== undefined) {
        page = await store.listByDepartment(query.department, {
          ...(query.state !== undefined && { state: query.state }),
          limit: query.limit,
          ...(query.cursor !== undefined && { cursor: query.cursor }),
          ...(query.overdue && { reviewBefore: today() }),
        });
      } else {
        page = await store.listByState(query.state ?? 'review', {
          limit: query.limit,
          ...(query.cursor !== undefined && { cursor: query.cursor }),
        });
      }
      return {
        items: page.items.map(view),
        ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
      };
    },

    async get(actor: KbActor, id: string): Promise<KbEntryView & { recentFeedback: KbFeedbackRecord[] }> {
      requireReader(actor);
      const head = await headOf(id);
      return { ...view(head), recentFeedback: await store.feedback(id, 20) };
    },

    async create(actor: KbActor, input: KbContentInput): Promise<KbEntryView> {
      const departmentId = departmentOf(input);
      requireEditor(actor, departmentId);
      const at = now().toISOString();
      const id = newKbEntryId(now());
      const content = contentOf(id, input, departmentId);
      const head: KbHead = {
        id,
        state: 'draft',
        version: 1,
        departmentId,
        content,
        createdAt: at,
        createdBy: actor.username,
        changedAt: at,
        changedBy: actor.username,
      };
      await store.commit({
        head,
        expectedVersion: undefined,
        record: {
          id,
          version: 1,
          action: 'create',
          state: 'draft',
          by: actor.username,
          at,
          changed: changedKbFields(undefined, content),
          content,
        },
      });
      return view(head);
    },

    async update(actor: KbActor, id: string, version: number, input: KbContentInput): Promise<KbEntryView> {
      const head = await headOf(id);
      requireEditor(actor, head.departmentId);
      const departmentId = input.department === undefined ? head.departmentId : departmentOf(input);
      // Moving an entry to another department is the admins' call.
      if (departmentId !== head.departmentId && !actor.isAdmin)
        throw new KbForbiddenError('department change');
      // Fields the form does not edit stay: unknown JSON Lines fields and the publish date.
      const kept = Object.fromEntries(
        Object.entries(head.content).filter(([field]) => !EDITED_FIELDS.has(field)),
      );
      return change({
        actor,
        head,
        action: 'edit',
        expectedVersion: version,
        content: contentOf(id, { ...kept, ...input }, departmentId),
      });
    },

    async transition(
      actor: KbActor,
      id: string,
      action: 'submit' | 'reject' | 'publish' | 'retire',
      version: number,
      note?: string,
    ): Promise<KbEntryView> {
      const head = await headOf(id);
      requireEditor(actor, head.departmentId);
      return change({ actor, head, action, expectedVersion: version, ...(note !== undefined && { note }) });
    },

    async restore(actor: KbActor, id: string, version: number, from: number): Promise<KbEntryView> {
      const head = await headOf(id);
      requireEditor(actor, head.departmentId);
      const old = await store.getVersion(id, from);
      if (!old) throw new KbVersionNotFoundError(`${id} v${from}`);
      return change({
        actor,
        head,
        action: 'restore',
        expectedVersion: version,
        content: { ...old.content, department: head.departmentId },
        restoredFrom: from,
      });
    },

    async history(
      actor: KbActor,
      id: string,
      page: { limit: number; cursor?: string },
    ): Promise<KbPage<KbVersionRecord>> {
      requireReader(actor);
      await headOf(id);
      return store.history(id, page);
    },

    /** A counselor's one-click feedback on a search result (the note's phone numbers masked). */
    async feedback(
      actor: KbActor,
      id: string,
      input: { kind: KbFeedbackKind; note?: string; searchId?: string },
    ): Promise<KbFeedbackRecord> {
      if (!actor.isAdmin && !actor.isCounselor) throw new KbForbiddenError('desk users only');
      const head = await headOf(id);
      const at = now();
      const record: KbFeedbackRecord = {
        id,
        kind: input.kind,
        by: actor.username,
        at: at.toISOString(),
        ...(head.publishedVersion !== undefined && { version: head.publishedVersion }),
        ...(input.note !== undefined && { note: maskPhoneNumbersInText(input.note) }),
        ...(input.searchId !== undefined && { searchId: input.searchId }),
      };
      const expiresAt = Math.floor(at.getTime() / 1000) + options.feedbackRetentionDays * 86_400;
      await store.addFeedback(record, expiresAt, randomUUID());
      return record;
    },
  };
};

export type KbEditing = ReturnType<typeof createKbEditing>;
