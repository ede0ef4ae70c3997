import type { ActionExecutor } from '../context';

/**
 * UpdateContactRecordingAndAnalyticsBehavior ("Set recording, analytics and processing behavior"):
 * the newer form of the recording block (VoiceBehavior / ChatBehavior / ScreenRecordingBehavior);
 * errors NoMatchingError and ChannelMismatch.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontactrecordingandanalyticsbehavior.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/set-recording-analytics-processing-behavior.html
 *
 * Simulated: recorded in `settings.recording`; a voice call never takes ChannelMismatch here.
 */
export const execute: ActionExecutor = (ctx) => {
  ctx.contact.settings.recording = JSON.stringify(ctx.p);
  return ctx.next();
};
