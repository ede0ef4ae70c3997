import type { ActionExecutor } from '../context';

/**
 * UpdateContactMediaStreamingBehavior ("Start media streaming" / "Stop media streaming"): starts or
 * stops streaming the call's audio to Kinesis Video Streams (MediaStreamingState Enabled / Disabled);
 * the stream's attributes are then in $.MediaStreams.Customer.Audio.*. Error NoMatchingError.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontactmediastreamingbehavior.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/start-media-streaming.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html
 *
 * Simulated: no audio; $.MediaStreams.Customer.Audio gets a simulated stream ARN and start time.
 */
export const execute: ActionExecutor = (ctx) => {
  const { contact } = ctx;
  const state = ctx.param('MediaStreamingState');
  const now = contact.now.toISOString();
  const audio = ((contact.data.MediaStreams as { Customer?: { Audio?: Record<string, string> } } | undefined)
    ?.Customer?.Audio ?? {}) as Record<string, string>;
  if (state === 'Enabled') {
    contact.data.MediaStreams = {
      Customer: {
        Audio: {
          StreamARN: `arn:aws:kinesisvideo:ap-northeast-2:000000000000:stream/simulated-${contact.contactId}`,
          StartTimestamp: now,
          StartFragmentNumber: '1',
        },
      },
    };
  } else {
    contact.data.MediaStreams = { Customer: { Audio: { ...audio, StopTimestamp: now } } };
  }
  contact.settings.mediaStreaming = state ?? '';
  ctx.event(`media streaming ${state}`);
  return ctx.next();
};
