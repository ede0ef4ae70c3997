import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FLOW_NAMES } from '#infra/connect/flow-catalog';
import { humanize, parseFlowForDocs, renderFlowPage, renderMermaid } from '#tools/flows/diagram';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const readFlow = (name: string) =>
  parseFlowForDocs(`${name}.json`, readFileSync(join(root, 'contact-flows', `${name}.json`), 'utf8'));

describe('flow diagrams', () => {
  it.each(FLOW_NAMES)('docs/flows/%s.md is up to date (run npm run flows:diagram)', (name) => {
    const page = readFileSync(join(root, 'docs', 'flows', `${name}.md`), 'utf8');
    expect(page).toBe(renderFlowPage(name, readFlow(name)));
  });

  it.each(FLOW_NAMES)('%s: one node per action and every edge resolved', (name) => {
    const flow = readFlow(name);
    const chart = renderMermaid(flow);
    flow.Actions.forEach((action, index) => {
      expect(chart).toContain(`  n${index}`);
      expect(chart).toContain(`‹${action.Identifier}›`);
    });
    expect(chart).not.toContain('missing');
  });

  it('labels menu branches for managers', () => {
    const chart = renderMermaid(readFlow('inbound'));
    for (const label of [
      '1 누름',
      '0 누름 / 오류',
      '시간초과',
      '잘못 누름',
      '상담 시간 외',
      '민원 찾음 (FOUND)',
      '횟수 초과',
    ]) {
      expect(chart).toContain(label);
    }
    expect(chart.replace(/<br\/>/g, ' ')).toContain('안내: 안녕하십니까. «시 이름» 365 민원콜센터입니다.');
  });

  it('shows the entry point of each dialed number, generated from the city config', () => {
    const chart = renderMermaid(readFlow('inbound'));
    expect(chart).toContain('+82432010001');
    expect(chart).toContain('‹entry-point-barocall›');
  });

  it('names dynamic text readably', () => {
    expect(humanize('접수번호는 $.External.ticketNumberSpoken 번입니다.')).toBe(
      '접수번호는 «접수번호» 번입니다.',
    );
    expect(humanize('${city:hoursKo}')).toBe('«상담 시간»');
  });
});
