import { ACTION_CATALOG } from './action-catalog';
import type { FlowAction } from './types';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The texts an action speaks to a participant: [parameter path, text, isSsml]. Text and SSML of
 * the speaking types (Play prompt, Get customer input, Lex), and each of Loop prompts' Messages.
 */
export const spokenTexts = (action: FlowAction): Array<[string, string, boolean]> => {
  const out: Array<[string, string, boolean]> = [];
  const params = isRecord(action.Parameters) ? action.Parameters : {};
  const collect = (holder: Record<string, unknown>, prefix: string) => {
    if (typeof holder.Text === 'string') out.push([`${prefix}Text`, holder.Text, false]);
    if (typeof holder.SSML === 'string') out.push([`${prefix}SSML`, holder.SSML, true]);
  };
  if (action.Type === 'MessageParticipantIteratively') {
    const messages = Array.isArray(params.Messages) ? params.Messages : [];
    messages.forEach((message, index) => {
      if (isRecord(message)) collect(message, `Messages[${index}].`);
    });
  } else if (ACTION_CATALOG[action.Type]?.speaks) {
    collect(params, '');
  }
  return out;
};
