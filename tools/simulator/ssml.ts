/**
 * SSML as the caller hears it: tags removed, entities decoded, whitespace collapsed. The
 * simulator also rejects SSML that is not well-formed (Connect would fail the prompt).
 */

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
};

/** Returns a description of the first well-formedness problem, or null. */
export const ssmlProblem = (ssml: string): string | null => {
  const trimmed = ssml.trim();
  if (!trimmed.startsWith('<speak')) return 'SSML must start with <speak>';
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  let last = 0;
  for (let match = tag.exec(trimmed); match; match = tag.exec(trimmed)) {
    const between = trimmed.slice(last, match.index);
    if (between.includes('<')) return `unparsable markup near "${between.slice(between.indexOf('<'), 30)}"`;
    last = match.index + match[0].length;
    const [, closing, name, , selfClosing] = match;
    if (selfClosing) continue;
    if (closing) {
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open ?? 'nothing'}>`;
    } else {
      stack.push(name as string);
    }
  }
  if (trimmed.slice(last).includes('<')) return 'unparsable markup at the end';
  if (stack.length > 0) return `<${stack.join('>, <')}> not closed`;
  if (!trimmed.endsWith('</speak>')) return 'SSML must end with </speak>';
  return null;
};

export const ssmlToText = (ssml: string): string =>
  ssml
    .replace(/<break[^>]*\/>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
