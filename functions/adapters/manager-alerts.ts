import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { ManagerAlert, ManagerAlerts } from '#functions/use-cases/sla-check';

/**
 * Managers' SLA alerts on the SLA topic (SNS, `SLA_TOPIC_ARN`): the body is the alert as JSON (no
 * caller data: ticket number, department, status, due time, assignee); the subject is ASCII, as
 * SNS requires (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html, "Subject").
 * `type` and `departmentId` are message attributes, so a subscription can filter by department.
 */
export const createManagerAlerts = (options: { client: SNSClient; topicArn: string }): ManagerAlerts => ({
  async publish(alert: ManagerAlert) {
    await options.client.send(
      new PublishCommand({
        TopicArn: options.topicArn,
        Subject: `minwon365: ticket ${alert.ticketNumber} is overdue (${alert.departmentId})`,
        Message: JSON.stringify(alert),
        MessageAttributes: {
          type: { DataType: 'String', StringValue: alert.type },
          departmentId: { DataType: 'String', StringValue: alert.departmentId },
        },
      }),
    );
  },
});
