/**
 * SSML for Amazon Connect prompts, the one module the linter, the simulator, the diagrams and the
 * sandbox use: `checkSsml` (a small, strict checker: one <speak> root, balanced tags, quoted
 * attributes, escaped ampersands, and only the tags Amazon Polly supports) and `ssmlToText` (what
 * the listener hears: tags removed, entities decoded, whitespace collapsed).
 *
 * The tag set is Amazon Polly's "Supported SSML tags"
 * (https://docs.aws.amazon.com/polly/latest/dg/supportedtags.html; breathing sounds:
 * https://docs.aws.amazon.com/polly/latest/dg/breath-tag.html). Polly fails on a tag it does not
 * support; Amazon Connect ignores tags it does not support
 * (https://docs.aws.amazon.com/connect/latest/adminguide/supported-ssml-tags.html) — either way the
 * prompt is not what was written, so an unknown tag is a finding. Per-voice availability (for
 * example <emphasis> is not available for neural voices) is not checked. No XML library: prompts
 * are short and the grammar needed is this small.
 */

/** Amazon Polly's supported SSML tags. */
export const POLLY_SSML_TAGS: ReadonlySet<string> = new Set([
  'speak',
  'break',
  'prosody',
  'say-as',
  'emphasis',
  'p',
  's',
  'sub',
  'phoneme',
  'lang',
  'mark',
  'w',
  'amazon:effect',
  'amazon:domain',
  'amazon:auto-breaths',
  'amazon:breath',
]);

const OPEN_TAG = /^<([A-Za-z][\w:-]*)((?:\s+[A-Za-z][\w:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>$/;
const CLOSE_TAG = /^<\/([A-Za-z][\w:-]*)\s*>$/;
const BAD_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

/** Returns a description of the first problem, or undefined when the SSML is well-formed. */
export const checkSsml = (ssml: string): string | undefined => {
  const text = ssml.trim();
  if (!text.startsWith('<speak')) return 'SSML must start with a <speak> root element';
  const stack: string[] = [];
  let rootClosed = false;
  let index = 0;
  while (index < text.length) {
    const lt = text.indexOf('<', index);
    const chunk = lt === -1 ? text.slice(index) : text.slice(index, lt);
    if (chunk.includes('>')) return `stray ">" in text "${chunk.trim().slice(0, 30)}"`;
    if (BAD_AMPERSAND.test(chunk)) return 'unescaped "&" (write &amp;)';
    if (chunk.trim() !== '' && (stack.length === 0 || rootClosed)) return 'text outside the <speak> root';
    if (lt === -1) break;
    const gt = text.indexOf('>', lt);
    const nextLt = text.indexOf('<', lt + 1);
    if (gt === -1 || (nextLt !== -1 && nextLt < gt))
      return `unterminated tag at "${text.slice(lt, lt + 20)}"`;
    const tag = text.slice(lt, gt + 1);
    const close = CLOSE_TAG.exec(tag);
    if (close) {
      const name = close[1] ?? '';
      const open = stack.pop();
      if (open !== name) return open ? `</${name}> closes <${open}>` : `</${name}> has no opening tag`;
      if (stack.length === 0) rootClosed = true;
    } else {
      const open = OPEN_TAG.exec(tag);
      if (!open) return `malformed tag ${tag}`;
      const name = open[1] ?? '';
      if (!POLLY_SSML_TAGS.has(name)) return `unknown SSML tag <${name}>`;
      if (rootClosed) return `<${name}> after the </speak> root closed`;
      if (stack.length === 0 && name !== 'speak') return `<${name}> outside the <speak> root`;
      if (stack.length > 0 && name === 'speak') return 'nested <speak>';
      if (open[3] !== '/') stack.push(name);
      else if (name === 'speak') return 'empty <speak/> root';
    }
    index = gt + 1;
  }
  if (stack.length > 0) return `<${stack[stack.length - 1]}> is never closed`;
  return undefined;
};

/** The SSML without its tags (entities decoded, whitespace collapsed): what the listener hears. */
export const ssmlToText = (ssml: string): string =>
  ssml
    .replace(/<break[^>]*>/g, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
