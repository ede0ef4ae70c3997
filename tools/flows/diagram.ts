/**
 * `npm run flows:diagram` — renders every flow in contact-flows/ as a Mermaid flowchart in
 * docs/flows/<name>.md, written for call-center managers: prompts on the nodes (shortened; the full
 * text is in the table under the chart) and branch labels such as "1 누름", "시간초과", "오류".
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import cheongju from '#infra/config/cheongju';
import { entryPointGenerators } from '#infra/connect/entry-point-routing';
import { FLOW_TITLES, FLOW_TYPES, isFlowName } from '#infra/connect/flow-catalog';
import { expandGenerated } from '#infra/connect/flow-content';
import { ACTION_CATALOG } from './action-catalog';
import { spokenTexts } from './spoken-texts';
import { ssmlToText } from './ssml';
import { edgesOf, type FlowAction, type FlowDocument, type FlowEdge, parseFlow } from './types';

const NODE_TEXT_LIMIT = 64;
const LINE_WIDTH = 22;

const DYNAMIC_NAMES: Readonly<Record<string, string>> = {
  '$.External.message': '안내문',
  '$.External.ticketNumberSpoken': '접수번호',
  '$.External.departmentNameKo': '부서명',
  '$.External.phoneNumber': '부서 전화번호',
  '$.Metrics.Queue.Size': '대기 인원',
  '$.Attributes.openTickets': '처리 중 건수',
  '$.Attributes.category': '분야',
  '$.Attributes.entryPoint': '인입 번호',
  '$.StoredCustomerInput': '입력한 번호',
  '$.CustomerEndpoint.Address': '발신번호',
  '$.Queue.Name': '대기열 이름',
  '${city:ko}': '시 이름',
  '${city:hoursKo}': '상담 시간',
  '${city:callbackOfferLoops}': '콜백 안내 전 대기 횟수',
};

/** Replaces JSONPath references and placeholders with «readable names». */
export const humanize = (text: string): string =>
  text
    .replace(
      /\$\{[^}]*\}|\$\.[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*/g,
      (ref) => `«${DYNAMIC_NAMES[ref] ?? ref.replace(/^\$\.|^\$\{|\}$/g, '')}»`,
    )
    .replace(/\s+/g, ' ')
    .trim();

const truncate = (text: string, limit = NODE_TEXT_LIMIT): string =>
  [...text].length <= limit
    ? text
    : `${[...text]
        .slice(0, limit - 1)
        .join('')
        .trimEnd()}…`;

/** Wraps at spaces so nodes stay narrow. */
const wrap = (text: string): string => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && [...line].length + [...word].length + 1 > LINE_WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('<br/>');
};

const escapeLabel = (text: string): string =>
  text
    .replace(/"/g, '#quot;')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/‹br\/›/g, '<br/>');

/** The prompt of an action, humanized (first message for iterative prompts). */
const promptOf = (action: FlowAction): string | undefined => {
  const texts = spokenTexts(action);
  if (texts.length === 0) return undefined;
  return texts.map(([, text, ssml]) => humanize(ssml ? ssmlToText(text) : text)).join(' / ');
};

const str = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const placeholderName = (value: unknown): string => humanize(str(value));

/** Korean description of an action for its node. */
export const describeAction = (action: FlowAction): string => {
  const p = action.Parameters ?? {};
  const prompt = promptOf(action);
  switch (action.Type) {
    case 'MessageParticipant':
      return `안내: ${truncate(prompt ?? '')}`;
    case 'GetParticipantInput':
      return `${String(p.StoreInput).toLowerCase() === 'true' ? '번호 입력' : '번호 선택'}: ${truncate(prompt ?? '')}`;
    case 'MessageParticipantIteratively':
      return `대기 안내 반복 (${str(p.InterruptFrequencySeconds ?? '-')}초마다 확인): ${truncate(prompt ?? '', 40)}`;
    case 'InvokeLambdaFunction': {
      const attrs = (p.LambdaInvocationAttributes ?? {}) as Record<string, unknown>;
      const fn = str(p.LambdaFunctionARN).replace(/^\$\{fn:|\}$/g, '');
      const what = attrs.action ?? attrs.kind;
      return `시스템 호출: ${fn}${what ? ` (${str(what)})` : ''}, 최대 ${str(p.InvocationTimeLimitSeconds)}초`;
    }
    case 'UpdateContactAttributes':
      return `기록: ${Object.entries((p.Attributes ?? {}) as Record<string, unknown>)
        .map(([key, value]) => `${key} = ${humanize(str(value))}`)
        .join(', ')}`;
    case 'Compare':
      return `확인: ${humanize(str(p.ComparisonValue))}`;
    case 'CheckHoursOfOperation':
      return `상담 시간인가? (${placeholderName(p.HoursOfOperationId)})`;
    case 'Loop':
      return `반복 횟수 확인 (최대 ${str(p.LoopCount)}회)`;
    case 'UpdateContactTargetQueue':
      return `대기열 지정: ${placeholderName(p.QueueId)}`;
    case 'TransferContactToQueue':
      return '대기열로 연결 (성공하면 상담 대기)';
    case 'TransferToFlow':
      return `다른 흐름으로 이동: ${placeholderName(p.ContactFlowId)}`;
    case 'TransferParticipantToThirdParty':
      return `외부 전화로 연결: ${humanize(str(p.ThirdPartyPhoneNumber))} (${str(p.ThirdPartyConnectionTimeLimitSeconds ?? '-')}초 대기)`;
    case 'UpdateContactEventHooks':
      return `흐름 지정: ${Object.entries((p.EventHooks ?? {}) as Record<string, unknown>)
        .map(([key, value]) => `${key} → ${placeholderName(value)}`)
        .join(', ')}`;
    case 'UpdateContactTextToSpeechVoice':
      return `음성 설정: ${str(p.TextToSpeechVoice)} ${p.TextToSpeechEngine ? `(${str(p.TextToSpeechEngine)})` : ''}`.trim();
    case 'UpdateFlowLoggingBehavior':
      return `흐름 로그: ${str(p.FlowLoggingBehavior)}`;
    case 'UpdateContactRecordingBehavior':
      return '통화 녹음·분석 켜기';
    case 'UpdateContactRoutingBehavior':
      return `연결 우선순위: ${str(p.QueuePriority ?? p.QueueTimeAdjustmentSeconds ?? '-')}`;
    case 'CreateCallbackContact':
      return '다시 전화 예약 (같은 대기열)';
    case 'UpdateContactCallbackNumber':
      return `회신 번호 = ${humanize(str(p.CallbackNumber))}`;
    case 'GetMetricData':
      return '대기 현황 조회';
    case 'CheckMetricData':
      return `대기 현황 확인: ${str(p.MetricType)}`;
    case 'DisconnectParticipant':
      return '통화 종료';
    case 'EndFlowExecution':
      return '흐름 끝';
    default:
      return action.Type;
  }
};

/** Manager-readable names of values the flows compare against. */
const VALUE_LABELS: Readonly<Record<string, string>> = {
  FOUND: '민원 찾음',
  NOT_FOUND: '민원 없음',
  INVALID_NUMBER: '번호 오류',
  INVALID_INPUT: '입력 오류',
  OK: '성공',
  CREATED: '접수됨',
  Timeout: '입력 없음',
  transfer: '연결',
  callback: '다시 전화',
  queue: '부서 대기열',
  phone: '부서 전화',
  barocall: '바로콜 번호',
};

const ERROR_LABELS: Readonly<Record<string, string>> = {
  InputTimeLimitExceeded: '시간초과',
  NoMatchingError: '오류',
  QueueAtCapacity: '대기열 가득',
  ConnectionTimeLimitExceeded: '응답 없음',
  CallFailed: '연결 실패·통화중',
  InvalidCallbackNumber: '번호 오류',
  CallbackNumberNotDialable: '걸 수 없는 번호',
  InvalidPhoneNumber: '번호 오류',
};

/** Branch label, in Korean, for one edge. */
export const edgeLabel = (action: FlowAction, edge: FlowEdge): string => {
  if (edge.kind === 'error') {
    if (edge.label === 'NoMatchingCondition')
      return action.Type === 'GetParticipantInput' ? '잘못 누름' : '그 밖';
    return ERROR_LABELS[edge.label] ?? edge.label;
  }
  if (edge.kind === 'next') {
    if (action.Type === 'TransferParticipantToThirdParty') return '통화 끝난 뒤';
    return '';
  }
  const operand = edge.operand ?? '';
  switch (action.Type) {
    case 'GetParticipantInput':
      return `${operand} 누름`;
    case 'CheckHoursOfOperation':
      return operand === 'True' ? '상담 시간' : '상담 시간 외';
    case 'Loop':
      return operand === 'ContinueLooping' ? '다시' : '횟수 초과';
    case 'MessageParticipantIteratively':
      return `${str(action.Parameters?.InterruptFrequencySeconds ?? '')}초 경과`;
    default:
      break;
  }
  switch (edge.operator) {
    case 'Equals':
      return VALUE_LABELS[operand] ? `${VALUE_LABELS[operand]} (${operand})` : `= ${operand}`;
    case 'NumberGreaterThan':
      return `${operand}보다 큼`;
    case 'NumberLessThan':
      return `${operand}보다 작음`;
    case 'NumberGreaterOrEqualTo':
      return `${operand} 이상`;
    case 'NumberLessOrEqualTo':
      return `${operand} 이하`;
    case 'TextStartsWith':
      return `'${operand}'로 시작`;
    case 'TextContains':
      return `'${operand}' 포함`;
    case 'TextEndsWith':
      return `'${operand}'로 끝남`;
    default:
      return edge.label;
  }
};

const shape = (action: FlowAction, label: string): string => {
  const text = `"${escapeLabel(label)}"`;
  switch (action.Type) {
    case 'GetParticipantInput':
      return `{{${text}}}`;
    case 'Compare':
    case 'CheckHoursOfOperation':
    case 'Loop':
      return `{${text}}`;
    case 'InvokeLambdaFunction':
      return `[/${text}/]`;
    case 'DisconnectParticipant':
    case 'EndFlowExecution':
      return `([${text}])`;
    case 'TransferContactToQueue':
    case 'TransferToFlow':
    case 'TransferParticipantToThirdParty':
      return `[[${text}]]`;
    default:
      return `[${text}]`;
  }
};

/** The Mermaid flowchart of one flow. */
export const renderMermaid = (flow: FlowDocument): string => {
  const ids = new Map(flow.Actions.map((action, index) => [action.Identifier, `n${index}`]));
  const lines = ['flowchart TD', `  start(("시작")) --> ${ids.get(flow.StartAction) ?? 'missing'}`];
  for (const action of flow.Actions) {
    const id = ids.get(action.Identifier) as string;
    lines.push(`  ${id}${shape(action, `${wrap(describeAction(action))}<br/>‹${action.Identifier}›`)}`);
  }
  for (const action of flow.Actions) {
    const from = ids.get(action.Identifier) as string;
    const kind = ACTION_CATALOG[action.Type]?.kind(action);
    const byTarget = new Map<string, FlowEdge[]>();
    for (const edge of edgesOf(action)) {
      // A transfer's NextAction is only a formality of the language: success leaves the flow.
      if (edge.kind === 'next' && kind === 'transfer') continue;
      byTarget.set(edge.target, [...(byTarget.get(edge.target) ?? []), edge]);
    }
    for (const [target, edges] of byTarget) {
      const to = ids.get(target) ?? 'missing';
      // Where the normal path and the generic error go to the same place, the arrow needs no label.
      const hasNext = edges.some((edge) => edge.kind === 'next');
      const labels = edges
        .filter((edge) => !(hasNext && edge.kind === 'error' && edge.label === 'NoMatchingError'))
        .map((edge) => edgeLabel(action, edge));
      const label = [...new Set(labels.filter((l) => l !== ''))].join(' / ');
      lines.push(label ? `  ${from} -->|"${escapeLabel(label)}"| ${to}` : `  ${from} --> ${to}`);
    }
  }
  lines.push(
    '  classDef say fill:#eef6ff,stroke:#4a7fc1;',
    '  classDef ask fill:#fff6e0,stroke:#c18a2a;',
    '  classDef done fill:#eaf7ea,stroke:#3c8c3c;',
    '  classDef system fill:#f3eefc,stroke:#7a5cc1;',
  );
  const classOf = (action: FlowAction): string | undefined => {
    if (action.Type === 'MessageParticipant' || action.Type === 'MessageParticipantIteratively') return 'say';
    if (action.Type === 'GetParticipantInput') return 'ask';
    const kind = ACTION_CATALOG[action.Type]?.kind(action);
    if (kind === 'end' || kind === 'transfer' || action.Type === 'TransferParticipantToThirdParty')
      return 'done';
    if (action.Type === 'InvokeLambdaFunction') return 'system';
    return undefined;
  };
  for (const cls of ['say', 'ask', 'done', 'system']) {
    const members = flow.Actions.filter((a) => classOf(a) === cls).map((a) => ids.get(a.Identifier));
    if (members.length > 0) lines.push(`  class ${members.join(',')} ${cls};`);
  }
  return lines.join('\n');
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The Markdown page for one flow: title, chart, and every prompt in full. */
export const renderFlowPage = (name: string, flow: FlowDocument): string => {
  const title = isFlowName(name) ? FLOW_TITLES[name] : { ko: name, en: name, purpose: '' };
  const type = isFlowName(name) ? FLOW_TYPES[name] : 'unknown';
  const prompts = flow.Actions.flatMap((action) =>
    spokenTexts(action).map(([path, text, ssml]) => {
      const where = path === 'Text' || path === 'SSML' ? '' : ` (${path.replace(/\.(Text|SSML)$/, '')})`;
      return `| \`${action.Identifier}\`${where} | ${cell(humanize(ssml ? ssmlToText(text) : text))} |`;
    }),
  );
  return [
    `# ${title.ko} — ${title.en}`,
    '',
    `<!-- Generated by \`npm run flows:diagram\` from contact-flows/${name}.json. Do not edit by hand. -->`,
    '',
    title.purpose,
    '',
    `Connect flow type \`${type}\` · ${flow.Actions.length} actions · source [\`contact-flows/${name}.json\`](../../contact-flows/${name}.json) · [all flows](README.md)`,
    '',
    "Reading the chart: blue boxes are announcements, yellow hexagons wait for the caller's keypad, diamonds are checks, purple boxes call our system (Lambda), green boxes end the call or hand it over. «…» marks text filled in during the call (for example «접수번호»).",
    '',
    '```mermaid',
    renderMermaid(flow),
    '```',
    '',
    '## 안내 문구 (prompts in full)',
    '',
    '| 단계 (action) | 문구 |',
    '|---|---|',
    ...prompts,
    '',
  ].join('\n');
};

/**
 * A flow as the diagrams show it: parts generated at synth from the city config (`${gen:…}`, e.g.
 * the entry point of each dialed number) expanded for the default city, Cheongju.
 */
export const parseFlowForDocs = (file: string, text: string) =>
  parseFlow(
    text.includes('${gen:') ? expandGenerated(file, text, entryPointGenerators(cheongju.entryPoints)) : text,
  );

export const renderAll = async (flowsDir: string, outDir: string): Promise<string[]> => {
  await mkdir(outDir, { recursive: true });
  const names = (await readdir(flowsDir)).filter((file) => file.endsWith('.json')).sort();
  const written: string[] = [];
  for (const file of names) {
    const name = file.replace(/\.json$/, '');
    const flow = parseFlowForDocs(file, await readFile(join(flowsDir, file), 'utf8'));
    const target = join(outDir, `${name}.md`);
    await writeFile(target, renderFlowPage(name, flow));
    written.push(target);
  }
  return written;
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const written = await renderAll(join(root, 'contact-flows'), join(root, 'docs', 'flows'));
  for (const file of written) console.log(`wrote ${file.slice(root.length)}`);
}
