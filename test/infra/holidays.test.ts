import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { addDays, GAZETTE_CONFIRMED_TILL, GAZETTE_YEARS } from '#domain/holidays';
import cheongju from '#infra/config/cheongju';
import { parseCityConfig } from '#infra/config/load';
import type { CityConfig, ManualOverride } from '#infra/config/schema';
import { ContactCenterStack } from '#infra/stacks/contact-center-stack';
import { existingCenterProps } from '#test/contact-center';

/** The Contact center stack alone, synthesized "on" `today`, with the Cheongju hours. */
const centerOn = (today: string, overrides?: ManualOverride[]) => {
  const config: CityConfig = parseCityConfig(cheongju, 'cheongju');
  const app = new App({ context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
  return new ContactCenterStack(
    app,
    'Center',
    existingCenterProps(config, {
      hours: overrides ? { ...config.hours, overrides } : config.hours,
      today,
      alarmTopic: new Topic(new Stack(app, 'Messaging'), 'Alarms'),
    }),
  );
};

type Override = {
  OverrideName: string;
  EffectiveFrom: string;
  EffectiveTill: string;
  OverrideConfig: { Day: string; StartTime: { Hours: number; Minutes: number } }[];
};
const overridesOf = (stack: ContactCenterStack): Override[] => {
  const hours = Template.fromStack(stack).findResources('AWS::Connect::HoursOfOperation');
  const [resource] = Object.values(hours);
  return (resource?.Properties?.HoursOfOperationOverrides ?? []) as Override[];
};

describe('holiday overrides deployed with the hours of operation', () => {
  it('cover 2026-12-25 to 2027-12-31 when synthesized on 2026-11-30, 노동절 substitute and 설날 included', () => {
    const stack = centerOn('2026-11-30');
    const overrides = overridesOf(stack);
    expect(stack.hoursOverrides.window).toEqual({ from: '2026-11-30', till: '2027-12-31' });
    expect(overrides[0]).toMatchObject({
      EffectiveFrom: '2026-12-25',
      EffectiveTill: '2026-12-25',
      OverrideConfig: [
        { Day: 'FRIDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 18, Minutes: 0 } },
      ],
    });
    expect(overrides).toContainEqual(
      expect.objectContaining({ EffectiveFrom: '2027-05-03', EffectiveTill: '2027-05-03' }),
    );
    // 설날 다음 날 (Mon) and its substitute (Tue) are one override of two days.
    expect(overrides).toContainEqual(
      expect.objectContaining({
        EffectiveFrom: '2027-02-08',
        EffectiveTill: '2027-02-09',
        OverrideConfig: [
          { Day: 'MONDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 18, Minutes: 0 } },
          { Day: 'TUESDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 18, Minutes: 0 } },
        ],
      }),
    );
    expect(overrides.length).toBeLessThanOrEqual(50);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('[Hh]oliday'));
  });

  it('move with the synth date: a 2027-06-01 synth covers 설날 2028 (computed) and the 2028 election', () => {
    const overrides = overridesOf(centerOn('2027-06-01'));
    const froms = overrides.map((o) => o.EffectiveFrom);
    expect(froms).toContain('2028-01-26');
    expect(froms).toContain('2028-04-12');
    expect(froms.every((d) => d >= '2027-06-01')).toBe(true);
  });

  it('warn at synth when the gazette list ends within 90 days', () => {
    const stack = centerOn(`${GAZETTE_YEARS.at(-1)}-10-15`);
    Annotations.fromStack(stack).hasWarning(
      '/Center/Hours',
      Match.stringLikeRegexp(`gazette holiday list ends on ${GAZETTE_CONFIRMED_TILL} \\(77 days`),
    );
  });

  it('warn at synth when the window ends within 90 days (manual overrides pushed it past Connect’s 50)', () => {
    // 60 consecutive days alternating closed / short hours: each its own Connect override.
    const manual: ManualOverride[] = Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0
        ? { date: addDays('2026-12-01', i), nameKo: `점검 ${i}`, closed: true }
        : { date: addDays('2026-12-01', i), nameKo: `점검 ${i}`, start: '10:00', end: '12:00' },
    );
    const stack = centerOn('2026-11-30', manual);
    expect(overridesOf(stack)).toHaveLength(50);
    expect(stack.hoursOverrides.window.till).toBe('2027-01-19');
    Annotations.fromStack(stack).hasWarning(
      '/Center/Hours',
      Match.stringLikeRegexp('Holiday overrides end on 2027-01-19 \\(50 days'),
    );
    // A closed day is an override with no hours.
    expect(overridesOf(stack)[0]).toMatchObject({ EffectiveFrom: '2026-12-01', OverrideConfig: [] });
  });

  it('deploy the daily holiday check: schedule at 09:00 Seoul, the window’s end in its environment, an alarm under 90 days', () => {
    const template = Template.fromStack(centerOn('2026-11-30'));
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Seoul',
      Target: Match.objectLike({ DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }) }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          HOLIDAY_OVERRIDES_TILL: '2027-12-31',
          HOLIDAY_CONFIRMED_TILL: GAZETTE_CONFIRMED_TILL,
          CITY_TIMEZONE: 'Asia/Seoul',
        }),
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'HolidayCoverageDaysLeft',
      Namespace: 'Minwon365',
      Threshold: 90,
      ComparisonOperator: 'LessThanThreshold',
      AlarmActions: Match.anyValue(),
    });
  });
});
