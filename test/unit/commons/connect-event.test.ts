import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConnectEvent } from '#commons/connect-event';
import { callerFromEvent, dialedNumberFromEvent } from '#commons/flow-response';

/** AWS's documented example event (see the $comment inside the fixture for the source page). */
const awsExample: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('./fixtures/connect-event-aws-doc.json', import.meta.url), 'utf8'),
);

const clone = () =>
  structuredClone(awsExample) as { Details: { ContactData: Record<string, unknown> } } & Record<
    string,
    unknown
  >;

describe('parseConnectEvent on the AWS documentation example', () => {
  it('accepts it and exposes the fields handlers use', () => {
    const result = parseConnectEvent(awsExample);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const data = result.event.Details.ContactData;
    expect(result.event.Name).toBe('ContactFlowEvent');
    expect(data.ContactId).toBe('4a573372-1f28-4e26-b97b-XXXXXXXXXXX');
    expect(data.InitialContactId).toBe('4a573372-1f28-4e26-b97b-XXXXXXXXXXX');
    expect(data.PreviousContactId).toBe('4a573372-1f28-4e26-b97b-XXXXXXXXXXX');
    expect(data.Channel).toBe('VOICE');
    expect(data.CustomerEndpoint).toEqual({ Address: '+1234567890', Type: 'TELEPHONE_NUMBER' });
    expect(data.SystemEndpoint?.Address).toBe('+1234567890');
    expect(data.Queue?.Name).toBe('PasswordReset');
    expect(data.Attributes).toEqual({});
    expect(result.event.Details.Parameters).toEqual({ sentAttributeKey: 'sentAttributeValue' });
  });

  it('keeps unknown fields (passthrough) at every level', () => {
    const event = clone();
    event.Details.ContactData.SegmentAttributes = { 'connect:Subtype': { ValueString: 'connect:Telephony' } };
    event.Details.ContactData.LanguageCode = 'ko-KR';
    event.Extra = 1;
    const result = parseConnectEvent(event);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event.Details.ContactData.SegmentAttributes).toEqual({
      'connect:Subtype': { ValueString: 'connect:Telephony' },
    });
    expect(result.event.Details.ContactData.LanguageCode).toBe('ko-KR');
    expect((result.event as Record<string, unknown>).Extra).toBe(1);
  });

  it('accepts null or missing endpoints and queue, and defaults missing Attributes/Parameters to {}', () => {
    const event = clone();
    event.Details.ContactData.CustomerEndpoint = null;
    event.Details.ContactData.Queue = null;
    delete event.Details.ContactData.SystemEndpoint;
    delete event.Details.ContactData.Attributes;
    delete (event.Details as Record<string, unknown>).Parameters;
    const result = parseConnectEvent(event);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event.Details.Parameters).toEqual({});
    expect(result.event.Details.ContactData.Attributes).toEqual({});
  });
});

describe('parseConnectEvent refuses', () => {
  const mutate = (change: (event: ReturnType<typeof clone>) => void) => {
    const event = clone();
    change(event);
    return event;
  };

  it.each([
    ['null', null],
    ['a string', 'ContactFlowEvent'],
    ['an empty object', {}],
    ['another event name', mutate((e) => Object.assign(e, { Name: 'ContactFlowExecution' }))],
    ['no Details', mutate((e) => Object.assign(e, { Details: undefined }))],
    ['no ContactId', mutate((e) => delete e.Details.ContactData.ContactId)],
    ['an empty ContactId', mutate((e) => Object.assign(e.Details.ContactData, { ContactId: '' }))],
    [
      'a 10 KB ContactId',
      mutate((e) => Object.assign(e.Details.ContactData, { ContactId: 'x'.repeat(10_240) })),
    ],
    ['a numeric ContactId', mutate((e) => Object.assign(e.Details.ContactData, { ContactId: 42 }))],
    ['no InstanceARN', mutate((e) => delete e.Details.ContactData.InstanceARN)],
    ['a nested Parameter', mutate((e) => Object.assign(e.Details, { Parameters: { action: { x: 1 } } }))],
    ['a numeric Parameter', mutate((e) => Object.assign(e.Details, { Parameters: { top: 3 } }))],
    ['Parameters as an array', mutate((e) => Object.assign(e.Details, { Parameters: ['a'] }))],
    [
      'a non-string Attribute',
      mutate((e) => Object.assign(e.Details.ContactData, { Attributes: { a: true } })),
    ],
    [
      'an endpoint without Address',
      mutate((e) => Object.assign(e.Details.ContactData, { CustomerEndpoint: {} })),
    ],
    [
      'too many Parameters',
      mutate((e) =>
        Object.assign(e.Details, {
          Parameters: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v'])),
        }),
      ),
    ],
  ])('%s, with path-and-message issues', (_label, input) => {
    const result = parseConnectEvent(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) expect(issue).toMatch(/^[^:]+: .+/);
  });

  it('does not echo input values in issues', () => {
    const result = parseConnectEvent(
      mutate((e) =>
        Object.assign(e.Details.ContactData, { ContactId: 42, CustomerEndpoint: { Address: 821012345678 } }),
      ),
    );
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('821012345678');
  });
});

describe('callerFromEvent', () => {
  const withEndpoint = (endpoint: unknown) => {
    const event = clone();
    if (endpoint === 'absent') delete event.Details.ContactData.CustomerEndpoint;
    else event.Details.ContactData.CustomerEndpoint = endpoint;
    return event;
  };

  it('returns the E.164 number of a normal caller', () => {
    expect(callerFromEvent(withEndpoint({ Address: '+821012345678', Type: 'TELEPHONE_NUMBER' }))).toEqual({
      withheld: false,
      number: '+821012345678',
    });
  });

  it('trims whitespace around an E.164 address', () => {
    expect(callerFromEvent(withEndpoint({ Address: ' +821012345678 ', Type: 'TELEPHONE_NUMBER' }))).toEqual({
      withheld: false,
      number: '+821012345678',
    });
  });

  it.each([
    ['anonymous', { Address: 'anonymous', Type: 'TELEPHONE_NUMBER' }],
    ['Anonymous', { Address: 'Anonymous', Type: 'TELEPHONE_NUMBER' }],
    ['restricted', { Address: 'Restricted', Type: 'TELEPHONE_NUMBER' }],
    ['empty', { Address: '', Type: 'TELEPHONE_NUMBER' }],
    ['national format', { Address: '01012345678', Type: 'TELEPHONE_NUMBER' }],
    ['garbage', { Address: '+82-10-abc', Type: 'TELEPHONE_NUMBER' }],
    ['non-telephone endpoint', { Address: '+821012345678', Type: 'CONTACT_FLOW' }],
    ['null endpoint', null],
    ['missing endpoint', 'absent'],
  ])('treats %s as withheld', (_label, endpoint) => {
    expect(callerFromEvent(withEndpoint(endpoint))).toEqual({ withheld: true });
  });

  it('treats an event without Details as withheld', () => {
    expect(callerFromEvent({})).toEqual({ withheld: true });
  });
});

describe('dialedNumberFromEvent', () => {
  it('returns the system endpoint as E.164, or undefined when absent', () => {
    const event = clone();
    event.Details.ContactData.SystemEndpoint = { Address: '+82432010001', Type: 'TELEPHONE_NUMBER' };
    expect(dialedNumberFromEvent(event)).toBe('+82432010001');
    event.Details.ContactData.SystemEndpoint = null;
    expect(dialedNumberFromEvent(event)).toBeUndefined();
  });
});
