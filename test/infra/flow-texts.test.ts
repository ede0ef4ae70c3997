import { describe, expect, it } from 'vitest';
import { synthCached } from '#infra/build-app';
import config from '#infra/config/cheongju';
import { flowCityTexts } from '#infra/config/flow-texts';
import { parseCityConfig } from '#infra/config/load';

const cheongju = parseCityConfig(config);

describe('city texts for the ${city:…} flow placeholders', () => {
  it('speaks the weekday and weekend hours of the config', () => {
    expect(flowCityTexts(cheongju).hoursKo).toBe(
      '평일 오전 8시부터 오후 8시까지, 주말과 공휴일은 오전 9시부터 오후 6시까지',
    );
  });

  it('names the holiday hours apart when the city closes or keeps other hours on holidays', () => {
    const on = (hours: typeof cheongju.hours.holidays.hours) =>
      flowCityTexts({
        ...cheongju,
        hours: { ...cheongju.hours, holidays: { ...cheongju.hours.holidays, hours } },
      }).hoursKo;
    expect(on('closed')).toBe(
      '평일 오전 8시부터 오후 8시까지, 주말 오전 9시부터 오후 6시까지, 공휴일은 휴무',
    );
    expect(on({ start: '10:00', end: '16:00' })).toBe(
      '평일 오전 8시부터 오후 8시까지, 주말 오전 9시부터 오후 6시까지, 공휴일은 오전 10시부터 오후 4시까지',
    );
    expect(on('SATURDAY')).toBe('평일 오전 8시부터 오후 8시까지, 주말과 공휴일은 오전 9시부터 오후 6시까지');
  });

  it('turns the call-back offer wait into hold-message rounds of 30 s', () => {
    const at = (seconds: number) =>
      flowCityTexts({ ...cheongju, connect: { ...cheongju.connect, callbackOfferAfterSeconds: seconds } })
        .callbackOfferLoops;
    expect(at(30)).toBe('0');
    expect(at(120)).toBe('3');
    expect(at(600)).toBe('19');
  });

  it('rejects a call-back wait that is not a multiple of the hold interval, naming the field', () => {
    const bad = structuredClone(config) as { connect: { callbackOfferAfterSeconds: number } };
    bad.connect.callbackOfferAfterSeconds = 100;
    expect(() => parseCityConfig(bad)).toThrow(
      /connect\.callbackOfferAfterSeconds: must be a multiple of 30/,
    );
  });

  it('fills the configured wait into the synthesized customer-queue flow', async () => {
    const { templates } = await synthCached({ stage: 'dev' });
    const flows = Object.values(templates['Minwon365-cheongju-dev-ContactFlows']?.Resources ?? {}).filter(
      (r) => r.Type === 'AWS::Connect::ContactFlow' && r.Properties?.Type === 'CUSTOMER_QUEUE',
    );
    expect(flows).toHaveLength(1);
    const content = flows[0]?.Properties?.Content;
    expect(typeof content).toBe('string');
    const flow = JSON.parse(content as string) as {
      Actions: { Type: string; Parameters: { LoopCount?: string } }[];
    };
    expect(flow.Actions.find((a) => a.Type === 'Loop')?.Parameters.LoopCount).toBe('3');
    expect(content).not.toContain('${city:');
  });
});
