import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { maskPhone } from '#domain/phone';

/**
 * Local stand-ins for the two AWS messaging APIs the SLA job and the citizen notifier call, so the
 * sandbox runs their real handlers and SDK clients end to end (the SDK reaches them through
 * `AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2` and `AWS_ENDPOINT_URL_SNS`):
 *
 * - End User Messaging SMS `SendTextMessage` (JSON 1.0 protocol,
 *   https://docs.aws.amazon.com/pinpoint/latest/apireference_smsvoicev2/API_SendTextMessage.html):
 *   the message goes to the outbox shown on the 전화 screen. A number on the local opt-out list is
 *   refused with ConflictException `DESTINATION_PHONE_NUMBER_OPTED_OUT`, as the service refuses
 *   numbers on the origination identity's opt-out list.
 * - SNS `Publish` (query protocol, https://docs.aws.amazon.com/sns/latest/api/API_Publish.html):
 *   managers' SLA alerts, kept in memory.
 *
 * The outbox shows numbers masked: /sandbox routes answer without a token.
 */

export interface OutboxMessage {
  id: string;
  at: string;
  /** `010-****-5678`. */
  to: string;
  text: string;
  ticketNumber?: string;
  reason?: string;
}

export interface ManagerAlertRecord {
  id: string;
  at: string;
  subject: string;
  message: unknown;
}

export class SandboxMessaging {
  readonly outbox: OutboxMessage[] = [];
  readonly managerAlerts: ManagerAlertRecord[] = [];
  private readonly optedOut = new Set<string>();

  optOut(e164: string): void {
    this.optedOut.add(e164);
  }

  /** Handles a request to the SMS stand-in; answers as the service would. */
  sms(request: IncomingMessage, response: ServerResponse, body: string): void {
    const target = String(request.headers['x-amz-target'] ?? '');
    const send = (status: number, payload: unknown, errorType?: string) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        ...(errorType !== undefined && { 'x-amzn-errortype': errorType }),
      });
      response.end(JSON.stringify(payload));
    };
    if (target !== 'PinpointSMSVoiceV2.SendTextMessage') {
      send(
        400,
        { __type: 'ValidationException', Message: `${target} is not simulated` },
        'ValidationException',
      );
      return;
    }
    const input = JSON.parse(body || '{}') as {
      DestinationPhoneNumber?: string;
      MessageBody?: string;
      Context?: Record<string, string>;
      DryRun?: boolean;
    };
    const to = input.DestinationPhoneNumber ?? '';
    if (this.optedOut.has(to)) {
      send(
        400,
        { __type: 'ConflictException', Message: 'opted out', Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT' },
        'ConflictException',
      );
      return;
    }
    const id = randomUUID();
    if (input.DryRun !== true) {
      this.outbox.unshift({
        id,
        at: new Date().toISOString(),
        to: maskPhone(to),
        text: input.MessageBody ?? '',
        ...(input.Context?.ticketNumber !== undefined && { ticketNumber: input.Context.ticketNumber }),
        ...(input.Context?.reason !== undefined && { reason: input.Context.reason }),
      });
      this.outbox.splice(200);
    }
    send(200, { MessageId: id });
  }

  /** Handles a request to the SNS stand-in (Publish only). */
  sns(response: ServerResponse, body: string): void {
    const form = new URLSearchParams(body);
    const id = randomUUID();
    if (form.get('Action') === 'Publish') {
      let message: unknown = form.get('Message');
      try {
        message = JSON.parse(String(message));
      } catch {
        // plain text
      }
      this.managerAlerts.unshift({
        id,
        at: new Date().toISOString(),
        subject: form.get('Subject') ?? '',
        message,
      });
      this.managerAlerts.splice(200);
    }
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  }
}
