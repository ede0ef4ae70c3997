import type { ActionExecutor } from '../context';

/**
 * UpdateContactTextToSpeechVoice ("Set voice"): sets the Amazon Polly voice (TextToSpeechVoice),
 * engine and style used for text-to-speech; error NoMatchingError for an invalid voice or engine.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontacttexttospeechvoice.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/set-voice.html
 *
 * Simulated: recorded in `settings.voice` and $.TextToSpeechVoice; voices are not validated.
 */
export const execute: ActionExecutor = (ctx) => {
  const voice = ctx.param('TextToSpeechVoice');
  ctx.contact.settings.voice = [voice, ctx.param('TextToSpeechEngine'), ctx.param('TextToSpeechStyle')]
    .filter(Boolean)
    .join(' ');
  ctx.contact.data.TextToSpeechVoice = voice;
  return ctx.next();
};
