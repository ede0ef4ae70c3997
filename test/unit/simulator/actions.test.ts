import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTION_CATALOG, ACTION_TYPES } from '#tools/flows/action-catalog';
import { EXECUTORS } from '#tools/simulator/actions/index';

const actionsDir = fileURLToPath(new URL('../../../tools/simulator/actions/', import.meta.url));

describe('one action catalog for the linter and the simulator', () => {
  it('the simulator implements exactly the action types of the catalog', () => {
    expect(Object.keys(EXECUTORS).sort()).toEqual([...ACTION_TYPES].sort());
  });

  it('every catalog entry cites its Flow-language page and its block page', () => {
    for (const [type, spec] of Object.entries(ACTION_CATALOG)) {
      expect(spec.docs[0], type).toMatch(
        /^https:\/\/docs\.aws\.amazon\.com\/connect\/latest\/devguide\/.+\.html$/,
      );
      expect(spec.docs.length, type).toBeGreaterThanOrEqual(2);
    }
  });

  it('every action module is one type, with its documentation link in its header', () => {
    const modules = readdirSync(actionsDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    expect(modules.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...ACTION_TYPES].sort());
    for (const file of modules) {
      const text = readFileSync(`${actionsDir}${file}`, 'utf8');
      expect(text, file).toMatch(/https:\/\/docs\.aws\.amazon\.com\/connect\/latest\/devguide\//);
    }
  });
});
