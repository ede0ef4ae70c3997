import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { descriptionSchema, locationSchema } from '#domain/text';
import { MAX_BODY_BYTES } from '#functions/api/http';
import { FIELD_LABELS_KO, fieldIssues, issuesSummaryKo } from '#functions/api/messages';
import { lambdaContext } from '../handlers/support';
import { apiEvent, bodyOf, createApiFakes, setApiEnvironment, statusOf } from './support';

/**
 * Every refusal names the field and the reason in Korean (functions/api/messages.ts), so the desk
 * can show it next to the field; oversized bodies are 413.
 */

setApiEnvironment();
const fakes = createApiFakes();
const { handler } = await import('#functions/api/handler');

const post = async (path: string, body: unknown, rawBody?: string) => {
  const result = await handler(
    apiEvent('POST', path, rawBody === undefined ? { body } : { rawBody }),
    lambdaContext('api'),
  );
  return { status: statusOf(result), body: bodyOf(result) };
};

const report = (overrides: Record<string, unknown>) => ({
  requestId: '00000000-0000-4000-8000-000000000001',
  kind: 'report',
  category: 'living-complaints',
  description: '가로등이 꺼져 있어요',
  ...overrides,
});

describe('zod issues in Korean', () => {
  const schema = z.object({
    requestId: z.uuid(),
    category: z.enum(['tax', 'water']),
    description: descriptionSchema,
    location: locationSchema,
    count: z.number().int().min(0).max(20),
  });
  const issuesOf = (input: Record<string, unknown>) => {
    const result = schema.safeParse(input);
    if (result.success) throw new Error('expected a refusal');
    return fieldIssues(result.error, input, 'body');
  };

  it('names each field in Korean with a reason code and a Korean reason', () => {
    const issues = issuesOf({
      requestId: 'x',
      category: 'weather',
      description: '가'.repeat(1001),
      location: '상당로 💡',
      count: 21,
    });
    expect(issues).toEqual([
      {
        in: 'body',
        field: 'requestId',
        labelKo: '요청 번호',
        reason: 'INVALID_FORMAT',
        messageKo: '형식이 올바르지 않습니다.',
      },
      {
        in: 'body',
        field: 'category',
        labelKo: '분야',
        reason: 'INVALID_VALUE',
        messageKo: '허용된 값 중에서 골라 주세요.',
      },
      {
        in: 'body',
        field: 'description',
        labelKo: '내용',
        reason: 'TOO_LONG',
        messageKo: '1,000자 이하로 입력해 주세요.',
      },
      {
        in: 'body',
        field: 'location',
        labelKo: '위치',
        reason: 'EMOJI',
        messageKo: '이모지(그림 문자)는 입력할 수 없습니다. 글로 적어 주세요.',
      },
      {
        in: 'body',
        field: 'count',
        labelKo: '경고 횟수',
        reason: 'TOO_BIG',
        messageKo: '20 이하로 입력해 주세요.',
      },
    ]);
  });

  it('says a missing field is required, and summarises the first issue with the count of the rest', () => {
    const issues = issuesOf({ category: 'tax', count: 1 });
    expect(issues.map((issue) => [issue.field, issue.reason])).toEqual([
      ['requestId', 'REQUIRED'],
      ['description', 'NOT_STRING'],
    ]);
    expect(issuesSummaryKo(issues)).toBe(
      '요청 번호: 필수 항목입니다. 입력해 주세요. (그 밖에 1개 항목도 확인해 주세요.)',
    );
  });

  it('has a Korean label for every field of the desk’s forms', () => {
    for (const field of ['description', 'location', 'note', 'category', 'contactId', 'callerNumber'])
      expect(FIELD_LABELS_KO[field]).toMatch(/\p{Script=Hangul}/u);
  });
});

describe('the desk API’s refusals', () => {
  it('answers a 1,001-character report with the field, the reason and the limit', async () => {
    const response = await post('/api/tickets', report({ description: '가'.repeat(1001) }));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'invalid-request',
      message: '내용: 1,000자 이하로 입력해 주세요.',
      fields: ['body.description'],
      issues: [{ in: 'body', field: 'description', labelKo: '내용', reason: 'TOO_LONG' }],
    });
    expect(fakes.tickets.size).toBe(0);
  });

  it('answers an emoji with its own reason', async () => {
    const response = await post('/api/tickets', report({ description: '가로등 고장 💡' }));
    expect(response.body.message).toBe('내용: 이모지(그림 문자)는 입력할 수 없습니다. 글로 적어 주세요.');
  });

  it('files a report written on several lines, keeping the lines', async () => {
    const response = await post(
      '/api/tickets',
      report({ description: '가로등 두 개가\r\n모두 꺼져 있어요' }),
    );
    expect(response.status).toBe(201);
    expect(fakes.tickets.get(String(response.body.ticketNumber))).toMatchObject({
      description: '가로등 두 개가\n모두 꺼져 있어요',
    });
  });

  it('answers 413 with a Korean message and the limit to a body over the limit', async () => {
    const response = await post(
      '/api/tickets',
      undefined,
      JSON.stringify(report({ description: 'x'.repeat(MAX_BODY_BYTES) })),
    );
    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      error: 'payload-too-large',
      message: '요청 내용이 너무 큽니다. 입력한 글을 줄여서 다시 보내 주세요.',
      maxBytes: MAX_BODY_BYTES,
    });
  });

  it('answers 409 with the ticket number to a requestId reused with another payload', async () => {
    const first = await post('/api/tickets', report({}));
    const second = await post('/api/tickets', report({ description: '다른 내용입니다' }));
    expect(second.status).toBe(409);
    expect(second.body).toEqual({
      error: 'request-conflict',
      message: `이 접수 요청은 이미 다른 내용으로 접수되었습니다(접수번호 ${first.body.ticketNumber}). 새로 접수하려면 접수 버튼을 다시 눌러 주세요.`,
      ticketNumber: first.body.ticketNumber,
      fields: ['body.requestId'],
    });
    expect(fakes.tickets.size).toBe(1);
  });
});
