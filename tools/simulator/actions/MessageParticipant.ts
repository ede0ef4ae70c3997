import type { ActionExecutor } from '../context';

/**
 * MessageParticipant ("Play prompt"): sends a message to the participant — text-to-speech (Text or
 * SSML), a prompt (PromptId) or an S3 audio file (Media), exactly one. No conditions; error
 * NoMatchingError. Not supported in hold flows.
 * https://docs.aws.amazon.com/connect/latest/devguide/participant-actions-messageparticipant.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/play.html
 *
 * Simulated: the text is spoken to the run's listener, references resolved (an empty reference is
 * recorded as an event), SSML checked and stripped; the clock advances about 7 characters a second.
 * A prompt id is spoken as a placeholder ("[녹음 안내 …]"): the audio itself is not simulated.
 */
export const execute: ActionExecutor = (ctx) => {
  const { p } = ctx;
  if (p.Text === undefined && p.SSML === undefined && p.PromptId === undefined && p.Media === undefined) {
    ctx.fail('needs Text, SSML, PromptId or Media');
  }
  ctx.speakParameters(p);
  return ctx.next();
};
