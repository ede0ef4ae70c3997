/**
 * Content checker for the sample Cheongju consultation DB (상담DB) and its evaluation set.
 *
 *   npx tsx tools/kb-content/check.ts [--kb data/kb/cheongju.jsonl] [--eval data/kb/cheongju-eval.jsonl]
 *
 * Checks every line parses, required fields and types, id format and uniqueness, category codes,
 * department ids, keyword/question counts, answer length, no phone numbers or URLs other than the
 * call-center number, no near-duplicate entries (title or answer bigram similarity, a question shared
 * by two entries), and that every expected id of the evaluation set exists and no query copies
 * an entry's title or one of its questions. Prints per-category counts. Exit code 1 on any error.
 */
import { readFileSync } from 'node:fs';

const CATEGORY_SHARES: Record<string, { ko: string; share: number; prefix: string }> = {
  'vehicle-traffic': { ko: '차량교통', share: 19.9, prefix: 'vt' },
  tax: { ko: '세무', share: 16.9, prefix: 'tax' },
  'urban-realestate': { ko: '도시부동산', share: 12.3, prefix: 'ur' },
  'health-environment': { ko: '보건환경', share: 11.9, prefix: 'he' },
  'civil-general': { ko: '일반민원', share: 8.8, prefix: 'cg' },
  'city-admin': { ko: '시정일반', share: 8.0, prefix: 'ca' },
  'welfare-culture': { ko: '복지문화', share: 7.1, prefix: 'wc' },
  water: { ko: '수도사업', share: 5.6, prefix: 'wa' },
  agriculture: { ko: '농업', share: 4.0, prefix: 'ag' },
  'living-complaints': { ko: '생활민원', share: 3.6, prefix: 'lc' },
  'economy-investment': { ko: '경제투자', share: 1.9, prefix: 'ei' },
};

const DEPARTMENTS = new Set([
  'traffic',
  'parking',
  'tax',
  'urban',
  'health',
  'civil',
  'admin',
  'welfare',
  'water',
  'agriculture',
  'living',
  'economy',
]);

// Real, public numbers that may appear in answers: the call center itself and national short codes.
const ALLOWED_NUMBERS = ['043-201-0001', '201-0001'];

interface Entry {
  id: string;
  category: string;
  title: string;
  answer: string;
  keywords?: string[];
  questions?: string[];
  department?: string;
  updatedAt?: string;
}

function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  return v ?? fallback;
}

const kbPath = argValue('--kb', 'data/kb/cheongju.jsonl');
const evalPath = argValue('--eval', 'data/kb/cheongju-eval.jsonl');

const errors: string[] = [];
const warnings: string[] = [];

function readLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string' && x.trim().length > 0);
}

const norm = (s: string): string => s.replace(/\s+/g, '').replace(/[?？.!~]/g, '');

// ---- knowledge base -------------------------------------------------------------------------
const entries = new Map<string, Entry>();
readLines(kbPath).forEach((line, idx) => {
  const n = idx + 1;
  if (line.trim() === '') return;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    errors.push(`${kbPath}:${n}: invalid JSON (${(e as Error).message})`);
    return;
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    errors.push(`${kbPath}:${n}: not a JSON object`);
    return;
  }
  const o = obj as Record<string, unknown>;
  for (const f of ['id', 'category', 'title', 'answer'] as const) {
    if (typeof o[f] !== 'string' || (o[f] as string).trim() === '') {
      errors.push(`${kbPath}:${n}: missing or empty required field "${f}"`);
    }
  }
  const e = o as unknown as Entry;
  if (typeof e.id !== 'string') return;
  if (entries.has(e.id)) errors.push(`${kbPath}:${n}: duplicate id ${e.id}`);
  const cat = CATEGORY_SHARES[e.category];
  if (!cat) errors.push(`${kbPath}:${n}: unknown category "${e.category}"`);
  else if (!new RegExp(`^${cat.prefix}-\\d{3}$`).test(e.id)) {
    errors.push(`${kbPath}:${n}: id ${e.id} does not match ${cat.prefix}-NNN for ${e.category}`);
  }
  if (e.department !== undefined && !DEPARTMENTS.has(e.department)) {
    errors.push(`${kbPath}:${n}: unknown department "${e.department}"`);
  }
  if (e.updatedAt !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(e.updatedAt)) {
    errors.push(`${kbPath}:${n}: updatedAt must be YYYY-MM-DD`);
  }
  if (e.keywords !== undefined) {
    if (!isStringArray(e.keywords)) errors.push(`${kbPath}:${n}: keywords must be non-empty strings`);
    else if (e.keywords.length < 3 || e.keywords.length > 8) {
      errors.push(`${kbPath}:${n}: ${e.id} has ${e.keywords.length} keywords (want 3–8)`);
    }
  }
  if (e.questions !== undefined) {
    if (!isStringArray(e.questions)) errors.push(`${kbPath}:${n}: questions must be non-empty strings`);
    else if (e.questions.length < 1 || e.questions.length > 3) {
      errors.push(`${kbPath}:${n}: ${e.id} has ${e.questions.length} questions (want 1–3)`);
    }
  }
  if (typeof e.answer === 'string') {
    const sentences = e.answer.split(/(?<=[.!?])\s+/).filter((s) => s.trim() !== '').length;
    if (sentences < 2 || sentences > 4) {
      warnings.push(`${kbPath}:${n}: ${e.id} answer has ${sentences} sentences (want 2–4)`);
    }
    let scrubbed = e.answer;
    for (const a of ALLOWED_NUMBERS) scrubbed = scrubbed.split(a).join('');
    if (/\d{2,4}-\d{3,4}-\d{4}/.test(scrubbed) || /\b\d{3,4}-\d{4}\b/.test(scrubbed)) {
      errors.push(`${kbPath}:${n}: ${e.id} answer contains a phone number`);
    }
    if (/https?:\/\/|www\.|\.go\.kr|\.or\.kr|\.com\b/i.test(e.answer)) {
      errors.push(`${kbPath}:${n}: ${e.id} answer contains a URL`);
    }
  }
  entries.set(e.id, e);
});

// ---- near-duplicates ------------------------------------------------------------------------
// Two entries that say the same thing split the votes of the search and confuse counselors. Titles
// and answers are compared as sets of syllable bigrams (spacing and punctuation ignored); Jaccard
// similarity at or above the limits is an error, and a pair that is close on both is listed.
const bigrams = (text: string): Set<string> => {
  const s = text.toLowerCase().replace(/[^\uac00-\ud7a3a-z0-9]/g, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
};
const jaccard = (a: Set<string>, b: Set<string>): number => {
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  const union = a.size + b.size - common;
  return union === 0 ? 0 : common / union;
};
const TITLE_LIMIT = 0.9;
const ANSWER_LIMIT = 0.5;
const list = [...entries.values()].filter((e) => typeof e.title === 'string' && typeof e.answer === 'string');
const titleSets = list.map((e) => bigrams(e.title));
const answerSets = list.map((e) => bigrams(e.answer));
const questionOwner = new Map<string, string>();
for (const e of list) {
  for (const q of e.questions ?? []) {
    const key = norm(q);
    const other = questionOwner.get(key);
    if (other && other !== e.id) errors.push(`${e.id} and ${other} share the question "${q}"`);
    questionOwner.set(key, e.id);
  }
}
for (let i = 0; i < list.length; i++) {
  for (let j = i + 1; j < list.length; j++) {
    const t = jaccard(titleSets[i] as Set<string>, titleSets[j] as Set<string>);
    const a = jaccard(answerSets[i] as Set<string>, answerSets[j] as Set<string>);
    const x = list[i] as Entry;
    const y = list[j] as Entry;
    if (t >= TITLE_LIMIT || a >= ANSWER_LIMIT) {
      errors.push(
        `near-duplicate entries ${x.id} "${x.title}" and ${y.id} "${y.title}" (title ${t.toFixed(2)}, answer ${a.toFixed(2)})`,
      );
    } else if (t >= 0.6 && a >= 0.25) {
      warnings.push(
        `similar entries ${x.id} "${x.title}" / ${y.id} "${y.title}" (title ${t.toFixed(2)}, answer ${a.toFixed(2)}): check they differ in meaning`,
      );
    }
  }
}

// ---- evaluation set -------------------------------------------------------------------------
const verbatim = new Map<string, string>();
for (const e of entries.values()) {
  verbatim.set(norm(e.title), e.id);
  for (const q of e.questions ?? []) verbatim.set(norm(q), e.id);
}
const evalPerCategory: Record<string, number> = {};
const seenQueries = new Set<string>();
let evalCount = 0;
readLines(evalPath).forEach((line, idx) => {
  const n = idx + 1;
  if (line.trim() === '') return;
  let o: { query?: unknown; expected?: unknown };
  try {
    o = JSON.parse(line);
  } catch (e) {
    errors.push(`${evalPath}:${n}: invalid JSON (${(e as Error).message})`);
    return;
  }
  if (typeof o.query !== 'string' || o.query.trim() === '') {
    errors.push(`${evalPath}:${n}: missing query`);
    return;
  }
  if (!isStringArray(o.expected) || o.expected.length === 0) {
    errors.push(`${evalPath}:${n}: expected must be a non-empty array of ids`);
    return;
  }
  evalCount++;
  const key = norm(o.query);
  if (seenQueries.has(key)) warnings.push(`${evalPath}:${n}: duplicate query "${o.query}"`);
  seenQueries.add(key);
  const copied = verbatim.get(key);
  if (copied) errors.push(`${evalPath}:${n}: query copies the title/question of ${copied} verbatim`);
  for (const id of o.expected) {
    const entry = entries.get(id);
    if (!entry) errors.push(`${evalPath}:${n}: expected id ${id} does not exist`);
  }
  const first = entries.get(o.expected[0] ?? '');
  if (first) evalPerCategory[first.category] = (evalPerCategory[first.category] ?? 0) + 1;
});

// ---- report ---------------------------------------------------------------------------------
const kbPerCategory: Record<string, number> = {};
for (const e of entries.values()) kbPerCategory[e.category] = (kbPerCategory[e.category] ?? 0) + 1;
const total = entries.size;
console.log(`KB ${kbPath}: ${total} entries`);
console.log('category             name        entries  share  seed   eval');
for (const [code, c] of Object.entries(CATEGORY_SHARES)) {
  const k = kbPerCategory[code] ?? 0;
  if (k < 5) errors.push(`category ${code} has ${k} entries (want at least 5)`);
  const share = total ? ((100 * k) / total).toFixed(1) : '0.0';
  console.log(
    `${code.padEnd(20)} ${c.ko.padEnd(6)}\t${String(k).padStart(5)}  ${share.padStart(5)}% ${c.share
      .toFixed(1)
      .padStart(5)}% ${String(evalPerCategory[code] ?? 0).padStart(5)}`,
  );
}
console.log(`eval ${evalPath}: ${evalCount} queries`);
for (const w of warnings) console.warn(`warning: ${w}`);
for (const e of errors) console.error(`error: ${e}`);
if (errors.length > 0) {
  console.error(`${errors.length} error(s)`);
  process.exit(1);
}
console.log('OK');
