import { RemovalPolicy } from 'aws-cdk-lib';
import type { CityConfig } from '#infra/config/schema';
import type { ContactCenterStackProps } from '#infra/stacks/contact-center-stack';

/** ContactCenterStack props for stack-level tests: an existing instance and small quotas. */
export const existingCenterProps = (
  config: CityConfig,
  props: Partial<ContactCenterStackProps> = {},
): ContactCenterStackProps => ({
  instance: {
    type: 'existing',
    arn: 'arn:aws:connect:ap-northeast-2:111122223333:instance/abc',
    manageStorage: false,
  },
  hours: config.hours,
  timeZone: config.timezone,
  departments: config.departments,
  departmentQueueMaxContacts: 5,
  recordingRetentionDays: 30,
  logRetentionDays: 14,
  contactTraceRecordRetentionDays: 1,
  removalPolicy: RemovalPolicy.DESTROY,
  entryPoints: config.entryPoints,
  stageName: 'dev',
  outboundCallerId: null,
  outboundCallerIdName: '청주시 365 민원콜센터',
  ...props,
});
