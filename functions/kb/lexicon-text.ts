import * as z from 'zod';
import type { LexiconData } from './lexicon';

/**
 * The lexicon as administrators edit it in the 상담DB tab: one rule a line, the same data as
 * lexicon.json. Pure (the web app and the API share it).
 *
 *   딱지, 딱지떼, 스티커붙 => 과태료, 주정차위반        (colloquial phrases => official terms)
 *   딱지 => 과태료 @0.8                               (an expansion weight, 0 < w ≤ 1)
 *   = 과태료, 벌금, 범칙금                             (synonyms: each expands to the others)
 *   # a comment                                         (blank lines and comments are ignored)
 */

const term = z.string().trim().min(1).max(50);

/** The lexicon data an administrator may publish (sizes bounded: it is expanded on every query). */
export const LexiconDataSchema = z.object({
  expansions: z
    .array(
      z.object({
        match: z.array(term).min(1).max(50),
        expand: z.array(term).min(1).max(20),
        weight: z.number().gt(0).max(1).optional(),
      }),
    )
    .max(3000),
  synonyms: z.array(z.array(term).min(2).max(20)).max(1000).optional(),
});

export interface LexiconLineError {
  line: number;
  message: string;
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** Parses the line format; every bad line is reported (1-based), nothing is guessed. */
export const parseLexiconText = (text: string): { data: LexiconData; errors: LexiconLineError[] } => {
  const data: Required<LexiconData> = { expansions: [], synonyms: [] };
  const errors: LexiconLineError[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const at = index + 1;
    if (line.startsWith('=')) {
      const group = list(line.slice(1));
      if (group.length < 2) errors.push({ line: at, message: '동의어는 둘 이상이어야 합니다.' });
      else data.synonyms.push(group);
      return;
    }
    const arrow = line.indexOf('=>');
    if (arrow < 0) {
      errors.push({ line: at, message: '"표현 => 용어" 또는 "= 동의어, 동의어" 형식이 아닙니다.' });
      return;
    }
    let right = line.slice(arrow + 2);
    let weight: number | undefined;
    const weighted = /@\s*([0-9.]+)\s*$/.exec(right);
    if (weighted) {
      weight = Number(weighted[1]);
      right = right.slice(0, weighted.index);
      if (!(weight > 0 && weight <= 1)) {
        errors.push({ line: at, message: '가중치는 0보다 크고 1 이하여야 합니다.' });
        return;
      }
    }
    const match = list(line.slice(0, arrow));
    const expand = list(right);
    if (match.length === 0 || expand.length === 0) {
      errors.push({ line: at, message: '화살표(=>) 양쪽에 단어가 있어야 합니다.' });
      return;
    }
    data.expansions.push({ match, expand, ...(weight !== undefined && { weight }) });
  });
  const checked = LexiconDataSchema.safeParse(data);
  if (errors.length === 0 && !checked.success) {
    errors.push({ line: 0, message: checked.error.issues[0]?.message ?? 'invalid' });
  }
  return { data, errors };
};

/** The line format of lexicon data (parseLexiconText(formatLexiconText(d)) gives d back). */
export const formatLexiconText = (data: LexiconData): string =>
  [
    ...data.expansions.map(
      (rule) =>
        `${rule.match.join(', ')} => ${rule.expand.join(', ')}${rule.weight !== undefined ? ` @${rule.weight}` : ''}`,
    ),
    ...(data.synonyms ?? []).map((group) => `= ${group.join(', ')}`),
  ].join('\n');
