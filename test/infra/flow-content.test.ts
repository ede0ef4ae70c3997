import { describe, expect, it } from 'vitest';
import { entryPointGenerators } from '#infra/connect/entry-point-routing';
import { placeholdersIn, resolvePlaceholders, UnknownPlaceholderError } from '#infra/connect/flow-content';

const flow = JSON.stringify({
  Version: '2019-10-30',
  Actions: [
    { Identifier: 'a', Type: 'InvokeLambdaFunction', Parameters: { LambdaFunctionARN: '${fn:lookup}' } },
    { Identifier: 'b', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: '${queue:counselors}' } },
    { Identifier: 'c', Type: 'InvokeLambdaFunction', Parameters: { LambdaFunctionARN: '${fn:lookup}' } },
  ],
});

describe('contact flow placeholders', () => {
  it('lists each placeholder once in order of appearance', () => {
    expect(placeholdersIn(flow)).toEqual(['fn:lookup', 'queue:counselors']);
  });

  it('replaces every placeholder with its value', () => {
    const resolved = resolvePlaceholders('inbound.json', flow, {
      fn: { lookup: 'arn:aws:lambda:ap-northeast-2:1:function:lookup' },
      queue: { counselors: 'arn:q' },
    });
    const parsed = JSON.parse(resolved);
    expect(parsed.Actions[0].Parameters.LambdaFunctionARN).toBe(
      'arn:aws:lambda:ap-northeast-2:1:function:lookup',
    );
    expect(parsed.Actions[1].Parameters.QueueId).toBe('arn:q');
    expect(resolved).not.toContain('${');
  });

  it('fails naming the file and every unknown placeholder', () => {
    const attempt = () => resolvePlaceholders('inbound.json', flow, { fn: {} });
    expect(attempt).toThrow(UnknownPlaceholderError);
    expect(attempt).toThrow('inbound.json: unknown placeholders ${fn:lookup}, ${queue:counselors}');
  });

  it('escapes values so they cannot break the JSON document', () => {
    const resolved = resolvePlaceholders('x.json', flow, {
      fn: { lookup: 'a"b\\c' },
      queue: { counselors: 'q' },
    });
    expect(JSON.parse(resolved).Actions[0].Parameters.LambdaFunctionARN).toBe('a"b\\c');
  });
});

describe('generated flow parts (${gen:…})', () => {
  const routing = JSON.stringify({
    Version: '2019-10-30',
    StartAction: 'by-number',
    Actions: [
      {
        Identifier: 'by-number',
        Type: 'Compare',
        Parameters: { ComparisonValue: '$.SystemEndpoint.Address' },
        Transitions: {
          NextAction: 'next',
          Conditions: '${gen:entryPointConditions}',
          Errors: [{ NextAction: 'next', ErrorType: 'NoMatchingCondition' }],
        },
      },
      { Identifier: 'next', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      '${gen:entryPointActions}',
    ],
  });
  const entryPoints = [
    { id: 'unified', number: '+82432010001' },
    { id: 'barocall', number: '+82432010120' },
  ];

  it('generates one condition per entry number and splices in an action per entry point that continues where the Compare does', () => {
    const flow = JSON.parse(
      resolvePlaceholders('inbound.json', routing, {}, entryPointGenerators(entryPoints)),
    );
    expect(flow.Actions[0].Transitions.Conditions).toEqual([
      { NextAction: 'entry-point-unified', Condition: { Operator: 'Equals', Operands: ['+82432010001'] } },
      { NextAction: 'entry-point-barocall', Condition: { Operator: 'Equals', Operands: ['+82432010120'] } },
    ]);
    expect(flow.Actions).toHaveLength(4);
    expect(flow.Actions[3]).toEqual({
      Identifier: 'entry-point-barocall',
      Type: 'UpdateContactAttributes',
      Parameters: { TargetContact: 'Current', Attributes: { entryPoint: 'barocall' } },
      Transitions: { NextAction: 'next', Errors: [{ NextAction: 'next', ErrorType: 'NoMatchingError' }] },
    });
  });

  it('fails naming a generated part nobody generates', () => {
    expect(() => resolvePlaceholders('inbound.json', routing, {})).toThrow(
      'inbound.json: unknown placeholders ${gen:entryPointConditions}, ${gen:entryPointActions}',
    );
  });
});
