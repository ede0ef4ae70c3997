import type { KbEditorialStore, KbPage, KbVersionRecord } from '#kb/editorial-store';
import { KB_LEXICON_ID } from '#kb/entry';
import { DEFAULT_LEXICON_DATA, type LexiconData } from '#kb/lexicon';
import type { KbState } from '#kb/lifecycle';
import {
  type KbActor,
  KbForbiddenError,
  KbIllegalTransitionError,
  KbVersionNotFoundError,
} from './kb-editing';

/**
 * The synonyms and colloquial expressions (the lexicon), edited by administrators the same way as
 * entries (docs/contracts.md, "상담DB lifecycle"): versioned in the KbEntries table under
 * `id = "__lexicon__"`, saved as a draft, published (the published data goes to the
 * KnowledgeBase table's `__lexicon__` item and the marker's `lexiconVersion`, which every
 * container's search service picks up at its next check), history readable and restorable.
 * Until the first publish the built-in functions/kb/lexicon.json is in force (version 0).
 */

export interface KbLexiconView {
  state: KbState;
  version: number;
  publishedVersion: number | null;
  lexicon: LexiconData;
  changedAt: string | null;
  changedBy: string | null;
}

const seed = (): LexiconData => ({
  expansions: DEFAULT_LEXICON_DATA.expansions,
  synonyms: DEFAULT_LEXICON_DATA.synonyms ?? [],
});

export const createKbLexicon = (options: { store: KbEditorialStore; now?: () => Date }) => {
  const { store } = options;
  const now = options.now ?? (() => new Date());

  const requireAdmin = (actor: KbActor) => {
    if (!actor.isAdmin) throw new KbForbiddenError('admins only');
  };

  const current = async (): Promise<KbLexiconView> => {
    const head = await store.getLexiconHead();
    if (!head) {
      return {
        state: 'published',
        version: 0,
        publishedVersion: 0,
        lexicon: seed(),
        changedAt: null,
        changedBy: null,
      };
    }
    return {
      state: head.state,
      version: head.version,
      publishedVersion: head.publishedVersion ?? null,
      lexicon: head.lexicon,
      changedAt: head.changedAt,
      changedBy: head.changedBy,
    };
  };

  const write = async (
    actor: KbActor,
    expectedVersion: number,
    action: 'edit' | 'publish' | 'restore',
    lexicon: LexiconData,
    extra: { restoredFrom?: number } = {},
  ): Promise<KbLexiconView> => {
    const before = await store.getLexiconHead();
    const state: KbState = action === 'publish' ? 'published' : 'draft';
    if (action === 'publish' && before?.state !== 'draft') {
      throw new KbIllegalTransitionError('publish', before?.state ?? 'published');
    }
    const at = now().toISOString();
    const version = (before?.version ?? 0) + 1;
    const publishedVersion = action === 'publish' ? version : before?.publishedVersion;
    const head = {
      id: KB_LEXICON_ID,
      state,
      version,
      ...(publishedVersion !== undefined && { publishedVersion }),
      lexicon,
      createdAt: before?.createdAt ?? at,
      createdBy: before?.createdBy ?? actor.username,
      changedAt: at,
      changedBy: actor.username,
    };
    await store.commit({
      head,
      expectedVersion: before === undefined ? undefined : expectedVersion,
      record: {
        id: KB_LEXICON_ID,
        version,
        action,
        state,
        by: actor.username,
        at,
        lexicon,
        ...(extra.restoredFrom !== undefined && { restoredFrom: extra.restoredFrom }),
      },
      ...(action === 'publish' && { corpus: { kind: 'lexicon' as const, data: lexicon, version } }),
    });
    return {
      state,
      version,
      publishedVersion: publishedVersion ?? null,
      lexicon,
      changedAt: at,
      changedBy: actor.username,
    };
  };

  return {
    get: (_actor: KbActor) => current(),

    async save(actor: KbActor, version: number, lexicon: LexiconData): Promise<KbLexiconView> {
      requireAdmin(actor);
      return write(actor, version, 'edit', lexicon);
    },

    async publish(actor: KbActor, version: number): Promise<KbLexiconView> {
      requireAdmin(actor);
      const head = await store.getLexiconHead();
      if (!head) throw new KbIllegalTransitionError('publish', 'published');
      return write(actor, version, 'publish', head.lexicon);
    },

    async history(
      actor: KbActor,
      page: { limit: number; cursor?: string },
    ): Promise<KbPage<KbVersionRecord>> {
      requireAdmin(actor);
      return store.history(KB_LEXICON_ID, page);
    },

    async restore(actor: KbActor, version: number, from: number): Promise<KbLexiconView> {
      requireAdmin(actor);
      const old = (await store.getVersion(KB_LEXICON_ID, from)) as
        | (KbVersionRecord & { lexicon?: LexiconData })
        | undefined;
      if (!old?.lexicon) throw new KbVersionNotFoundError(`lexicon v${from}`);
      return write(actor, version, 'restore', old.lexicon, { restoredFrom: from });
    },
  };
};

export type KbLexicon = ReturnType<typeof createKbLexicon>;
