import type { ActionContext, Jump } from '../context';
import { resolveValue } from '../jsonpath';
import type { InputRequest } from '../types';

/**
 * ConnectParticipantWithLexBot ("Get customer input" with Amazon Lex): plays an optional prompt and
 * connects the participant with a Lex bot (LexV2Bot.AliasArn or LexBot Name/Alias); "when the
 * interaction is over, the Intent and Slots of the bot are available to the flow". Conditions are
 * intent names (Equals); errors InputTimeLimitExceeded, NoMatchingCondition, NoMatchingError. Only
 * in inbound, transfer and customer queue flows.
 * https://docs.aws.amazon.com/connect/latest/devguide/participant-actions-connectparticipantwithlexbot.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/get-customer-input.html
 * The Lex attributes: $.Lex.IntentName, $.Lex.Slots.<slot>, $.Lex.SessionAttributes.<key>,
 * $.Lex.DialogState ("Fulfilled if an intent was returned to the flow").
 * https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html#attribs-lex-table
 *
 * Simulated: no bot runs. The input request (mode `lex`) is answered with what the caller says as
 * text — `say:<words>` (or the words alone) — or `timeout`. The bot "recognises" an intent when the
 * words are one of the block's condition intents (case-insensitive) or start with `<Intent>:`;
 * `name=value` words fill slots. Anything else is no intent (NoMatchingCondition). The bot alias is
 * reported as simulated; a bot reference that resolves to nothing is reported and takes the error
 * branch (the docs are silent; as the other actions' references). Confidence scores, sentiment and
 * alternate intents are not simulated.
 */
export async function* execute(ctx: ActionContext): AsyncGenerator<InputRequest, Jump, string> {
  const { p, contact, run, action } = ctx;
  const v2 = p.LexV2Bot as { AliasArn?: string } | undefined;
  const v1 = p.LexBot as { Name?: string; Alias?: string } | undefined;
  const bot = v2?.AliasArn ?? (v1?.Name ? `${v1.Name}:${v1.Alias ?? '$LATEST'}` : undefined);
  if (!bot) ctx.fail('needs LexV2Bot.AliasArn or LexBot.Name');
  const botRef = resolveValue(contact.data, bot as string);
  if (!botRef) {
    // Docs silent on a bot reference to nothing; modelled like the other actions' references.
    ctx.report('lex', bot as string, 'missing', 'the bot reference names nothing: the error branch');
    return ctx.error('NoMatchingError');
  }
  ctx.report('lex', botRef, 'simulated', 'the bot does not run: the input is the words the caller says');
  const timeoutSeconds = Number((p.LexTimeoutSeconds as { Text?: unknown } | undefined)?.Text ?? 8);
  ctx.speakParameters(p);
  const listeners = run.listeners();
  const raw = (yield {
    flow: run.flow.name,
    action: action.Identifier,
    participant: listeners.includes('caller') ? 'caller' : (listeners[0] ?? 'caller'),
    mode: 'lex',
    maxDigits: 0,
    timeoutSeconds,
    terminator: null,
  }).trim();
  contact.transcript.push({ kind: 'input', flow: run.flow.name, action: action.Identifier, value: raw });
  if (raw === 'timeout') {
    contact.elapsedSeconds += timeoutSeconds;
    return ctx.error('InputTimeLimitExceeded');
  }
  const words = raw.startsWith('say:') ? raw.slice(4).trim() : raw;
  contact.elapsedSeconds += 3;
  const intents = (action.Transitions?.Conditions ?? []).map((c) => String(c.Condition?.Operands?.[0] ?? ''));
  const lower = words.toLowerCase();
  const intent =
    intents.find((name) => name.toLowerCase() === lower) ??
    intents.find((name) => lower.startsWith(`${name.toLowerCase()}:`)) ??
    intents.find((name) => lower.split(/\s+/)[0] === name.toLowerCase());
  const slots = Object.fromEntries(
    words
      .split(/\s+/)
      .filter((w) => /^[^=\s]+=.+$/.test(w))
      .map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]),
  );
  const session: Record<string, string> = {};
  for (const [key, value] of Object.entries((p.LexSessionAttributes ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') session[key] = resolveValue(contact.data, value) ?? '';
  }
  contact.data.Lex = {
    IntentName: intent ?? '',
    InputTranscript: words,
    Slots: slots,
    SessionAttributes: session,
    DialogState: intent ? 'Fulfilled' : 'ElicitIntent',
  };
  ctx.event(
    intent ? `Lex bot recognised the intent ${intent}` : `Lex bot recognised no intent in "${words}"`,
  );
  return ctx.byResult(intent ?? '');
}
