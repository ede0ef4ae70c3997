import type { ActionContext, Jump } from '../context';
import type { InputRequest } from '../types';

/**
 * GetParticipantInput ("Get customer input" / "Store customer input"): plays an optional prompt and
 * gathers DTMF. Menu mode (StoreInput False): one key; conditions Equals a single key; timeout →
 * InputTimeLimitExceeded, another key → NoMatchingCondition. Stored mode (StoreInput True): keys up
 * to the terminator (default #, DTMFConfiguration.InputTerminationSequence) go to
 * $.StoredCustomerInput, at most CustomValidation.MaximumLength; "*" clears what was keyed unless
 * DisableCancelKey; no input takes the success branch with the value "Timeout"; with
 * PhoneNumberValidation an invalid number → InvalidPhoneNumber. Not in whisper or hold flows.
 * https://docs.aws.amazon.com/connect/latest/devguide/participant-actions-getparticipantinput.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/get-customer-input.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/store-customer-input.html
 *
 * Simulated: the request is yielded to the scenario (or the sandbox's phone), which answers with
 * keys or "timeout"; it names who is asked (the caller, or the counselor on a consult leg).
 */

const DTMF = /^[0-9*#]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

/** Keys → E.164 for PhoneNumberValidation: E164 format takes the keys after "+"; KR local numbers only. */
const phoneFromKeys = (digits: string, format: string, country: string): string | null => {
  if (format === 'E164') return E164.test(`+${digits}`) ? `+${digits}` : null;
  if (country !== 'KR') return null;
  // Korean numbers keyed locally: 0 + 8–10 digits (010-1234-5678, 043-201-0001, 02-123-4567).
  return /^0\d{8,10}$/.test(digits) ? `+82${digits.slice(1)}` : null;
};

export async function* execute(ctx: ActionContext): AsyncGenerator<InputRequest, Jump, string> {
  const { p, contact, run, action } = ctx;
  const store = String(p.StoreInput ?? 'False').toLowerCase() === 'true';
  const timeoutSeconds = Number(p.InputTimeLimitSeconds ?? p.InputTimeoutSeconds ?? 5);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    ctx.fail('InputTimeLimitSeconds must be a positive integer');
  const validation = (p.InputValidation ?? {}) as Record<string, Record<string, unknown>>;
  const dtmf = (p.DTMFConfiguration ?? {}) as Record<string, unknown>;
  const maxDigits = store ? Number(validation.CustomValidation?.MaximumLength ?? 20) : 1;
  const terminator = store ? (str(dtmf.InputTerminationSequence) ?? str(dtmf.InputTerminator) ?? '#') : null;
  ctx.speakParameters(p);
  const listeners = run.listeners();
  const request: InputRequest = {
    flow: run.flow.name,
    action: action.Identifier,
    participant: listeners.includes('caller') ? 'caller' : (listeners[0] ?? 'caller'),
    mode: store ? 'store' : 'menu',
    maxDigits,
    timeoutSeconds,
    terminator,
  };
  const raw = (yield request).trim();
  contact.transcript.push({ kind: 'input', flow: run.flow.name, action: action.Identifier, value: raw });
  if (raw === 'timeout') {
    contact.elapsedSeconds += timeoutSeconds;
    if (store) {
      // Store customer input: no input takes the success branch with the value "Timeout".
      contact.data.StoredCustomerInput = 'Timeout';
      return ctx.next();
    }
    return ctx.error('InputTimeLimitExceeded');
  }
  if (!DTMF.test(raw)) ctx.fail(`input "${raw}" is not DTMF (digits, * and # only, or "timeout")`);
  contact.elapsedSeconds += 2;
  if (!store) {
    if (raw.length !== 1) ctx.fail(`this menu takes one key, the scenario gave "${raw}"`);
    return ctx.byResult(raw);
  }
  let digits = '';
  for (let i = 0; i < raw.length; i++) {
    if (terminator && raw.startsWith(terminator, i)) break;
    const key = raw[i] as string;
    if (key === '*' && String(dtmf.DisableCancelKey ?? 'False').toLowerCase() !== 'true') {
      digits = ''; // the cancel key clears what was keyed so far
      continue;
    }
    digits += key;
  }
  digits = digits.slice(0, maxDigits);
  const phone = validation.PhoneNumberValidation;
  if (phone) {
    const e164 = phoneFromKeys(
      digits,
      String(phone.NumberFormat ?? 'Local'),
      String(phone.CountryCode ?? 'KR'),
    );
    if (!e164) {
      contact.data.StoredCustomerInput = digits;
      return ctx.error('InvalidPhoneNumber');
    }
    digits = e164;
  }
  contact.data.StoredCustomerInput = digits;
  return ctx.next();
}
