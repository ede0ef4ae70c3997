import {
  ConflictException,
  type PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { SmsSender } from '#functions/use-cases/citizen-notice';

/**
 * Citizen SMS through AWS End User Messaging SMS (`SendTextMessage`,
 * https://docs.aws.amazon.com/pinpoint/latest/apireference_smsvoicev2/API_SendTextMessage.html):
 * one TRANSACTIONAL message to one E.164 number from the city's origination identity (its
 * registered sender ID, phone number or pool — `sms.originationIdentity` in the city config), with
 * the city's configuration set when it has one, and the ticket number and version as `Context`
 * (they come back in delivery events, never the number itself).
 *
 * Opt-out: a number that replied STOP is on the opt-out list of the origination identity, and
 * "If you attempt to send a message to a destination number that is on an opt-out list, and the
 * opt-out list is associated with the phone number used to send the message, AWS End User Messaging
 * SMS doesn't attempt to send the message"
 * (https://docs.aws.amazon.com/sms-voice/latest/userguide/opt-out-list.html). The API then fails
 * with ConflictException, reason `DESTINATION_PHONE_NUMBER_OPTED_OUT`: reported as `opted-out`,
 * not retried. Anything else is thrown (the stream record is retried).
 */

export const OPTED_OUT_REASON = 'DESTINATION_PHONE_NUMBER_OPTED_OUT';

export const createSmsSender = (options: {
  client: PinpointSMSVoiceV2Client;
  originationIdentity: string;
  configurationSetName?: string;
  /** `DryRun`: "the message is checked and validated, but isn't sent to the end recipient". */
  dryRun?: boolean;
}): SmsSender => ({
  async send({ to, text, context }) {
    try {
      const output = await options.client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: to,
          OriginationIdentity: options.originationIdentity,
          MessageBody: text,
          MessageType: 'TRANSACTIONAL',
          ...(options.configurationSetName !== undefined && {
            ConfigurationSetName: options.configurationSetName,
          }),
          Context: context,
          ...(options.dryRun === true && { DryRun: true }),
        }),
      );
      return options.dryRun === true
        ? { outcome: 'disabled' }
        : { outcome: 'sent', messageId: output.MessageId ?? '' };
    } catch (error) {
      if (error instanceof ConflictException && error.Reason === OPTED_OUT_REASON)
        return { outcome: 'opted-out' };
      if ((error as { name?: string; Reason?: string }).Reason === OPTED_OUT_REASON)
        return { outcome: 'opted-out' };
      throw error;
    }
  },
});

/** A stage that texts nobody (`SMS_MODE=off`): every notice is logged as `disabled`. */
export const disabledSmsSender: SmsSender = { send: async () => ({ outcome: 'disabled' }) };
