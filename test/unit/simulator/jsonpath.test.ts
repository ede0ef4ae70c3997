import { describe, expect, it } from 'vitest';
import {
  interpolate,
  isReference,
  JsonPathError,
  resolvePath,
  resolveValue,
} from '#tools/simulator/jsonpath';

const data = {
  Attributes: { entryPoint: 'barocall' },
  External: { message: '처리 중입니다', count: '2' },
  StoredCustomerInput: '20270000017',
  CustomerEndpoint: null,
  SystemEndpoint: { Address: '+82432010001', Type: 'TELEPHONE_NUMBER' },
  Queue: { Name: 'counselors', ARN: 'arn:queue' },
};

describe('JSONPath references', () => {
  it('resolves a whole reference to the value', () => {
    expect(resolveValue(data, '$.External.count')).toBe('2');
    expect(resolveValue(data, '$.SystemEndpoint.Address')).toBe('+82432010001');
    expect(resolveValue(data, '$.Queue.Name')).toBe('counselors');
    expect(resolveValue(data, '$.StoredCustomerInput')).toBe('20270000017');
  });

  it('yields nothing for absent values, including a withheld caller endpoint', () => {
    expect(resolveValue(data, '$.CustomerEndpoint.Address')).toBeUndefined();
    expect(resolveValue(data, '$.Attributes.missing')).toBeUndefined();
  });

  it('replaces references inside prompt text, Korean particles attached', () => {
    expect(interpolate(data, '$.External.message. 분류 $.Attributes.entryPoint번').text).toBe(
      '처리 중입니다. 분류 barocall번',
    );
    expect(interpolate(data, '없음: $.Attributes.nope').missing).toEqual(['$.Attributes.nope']);
  });

  it('fails loudly on an unknown root', () => {
    expect(() => resolvePath(data, '$.Atributes.x')).toThrow(JsonPathError);
    expect(isReference('text $.External.x')).toBe(false);
  });
});
