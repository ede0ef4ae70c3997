import { Duration, type RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HOLIDAY_COVERAGE_METRIC } from '#domain/holidays-schedule';
import { ProjectFunction } from '#infra/constructs/project-function';
import { ScheduledInvoke } from '#infra/constructs/scheduled-invoke';

export interface HolidayCheckProps {
  /** Last date the deployed hours overrides cover (`YYYY-MM-DD`). */
  readonly overridesTill: string;
  /** Last date the bundled gazette confirms (`YYYY-MM-DD`). */
  readonly confirmedTill: string;
  readonly timeZone: string;
  /** Encrypts the schedule's dead-letter queue. */
  readonly key: IKey;
  /** The stage's alarm topic (e-mail to operators). */
  readonly alarmTopic: ITopic;
  readonly logRetentionDays: number;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The scheduled holiday check: every morning (09:00 in the city's time zone) the project's schedule
 * (infra/constructs/scheduled-invoke.ts) invokes functions/holiday-check, which publishes the days left before the deployed holiday
 * overrides or the gazette's confirmed holidays run out (the smaller of the two) as the metric
 * `Minwon365/HolidayCoverageDaysLeft`. An alarm on that metric below 90 days, and one on the
 * function's errors, notify the stage's alarm topic.
 *
 * Why a deployed check and not a CI step: the window is a property of what is deployed, and a
 * deployment can sit unchanged for a year with no commit and no CI run to notice; the check runs
 * beside it, whatever happens in the repository.
 *
 * - EventBridge Scheduler cron schedules with a time zone:
 *   https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 * - CloudWatch alarms on custom metrics (Powertools writes them in the embedded metric format):
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html
 */
export class HolidayCheck extends Construct {
  readonly function: ProjectFunction;
  readonly coverageAlarm: Alarm;
  readonly errorAlarm: Alarm;

  constructor(scope: Construct, id: string, props: HolidayCheckProps) {
    super(scope, id);
    this.function = new ProjectFunction(this, 'Function', {
      name: 'holiday-check',
      description: 'Daily: days left before the holiday overrides or the gazette holiday list run out',
      environment: {
        HOLIDAY_OVERRIDES_TILL: props.overridesTill,
        HOLIDAY_CONFIRMED_TILL: props.confirmedTill,
        CITY_TIMEZONE: props.timeZone,
      },
      timeout: Duration.seconds(10),
      memorySize: 256,
      logRetention: props.logRetentionDays as RetentionDays,
      removalPolicy: props.removalPolicy,
    });
    new ScheduledInvoke(this, 'Daily', {
      target: this.function.function,
      description: 'holiday check, 09:00 city time',
      schedule: ScheduleExpression.cron({ minute: '0', hour: '9', timeZone: TimeZone.of(props.timeZone) }),
      maxEventAge: Duration.hours(12),
      key: props.key,
      alarmTopic: props.alarmTopic,
      removalPolicy: props.removalPolicy,
    });
    const alarmAction = new SnsAction(props.alarmTopic);
    this.coverageAlarm = new Alarm(this, 'CoverageAlarm', {
      alarmDescription:
        'Public-holiday hours run out within 90 days: either the deployed overrides window ends (redeploy: ' +
        'npx cdk deploy --all) or the gazette list ends (update @hyunbinseo/holidays-kr, then redeploy). ' +
        'The holiday-check log says which.',
      metric: new Metric({
        namespace: 'Minwon365',
        metricName: HOLIDAY_COVERAGE_METRIC,
        dimensionsMap: { service: 'minwon365' },
        statistic: 'Minimum',
        period: Duration.days(1),
      }),
      threshold: 90,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.coverageAlarm.addAlarmAction(alarmAction);
    this.errorAlarm = new Alarm(this, 'ErrorAlarm', {
      alarmDescription: 'The daily holiday check failed: holiday coverage is not being watched.',
      metric: this.function.function.metricErrors({ period: Duration.days(1), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.errorAlarm.addAlarmAction(alarmAction);
  }
}
