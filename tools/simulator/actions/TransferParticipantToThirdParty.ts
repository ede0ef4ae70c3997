import type { ActionContext, Jump } from '../context';
import type { InputRequest } from '../types';

/**
 * TransferParticipantToThirdParty ("Transfer to phone number"): dials ThirdPartyPhoneNumber (E.164)
 * for up to ThirdPartyConnectionTimeLimitSeconds. With ContinueFlowExecution "False" the flow ends
 * when the call connects; otherwise the flow resumes after the third party hangs up. Errors
 * ConnectionTimeLimitExceeded (no answer), CallFailed, NoMatchingError.
 * https://docs.aws.amazon.com/connect/latest/devguide/interactions-transferparticipanttothirdparty.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/transfer-to-phone-number.html
 *
 * Simulated: the scenario's `externalTransfer` decides every dial (answered, no-answer → the time
 * limit elapses, busy/failed → CallFailed); an answered call lasts 120 s before the flow resumes.
 * In a transfer flow the counselor's steps (conference, leave, cancel) run while the number is on
 * the consult leg; after a cancel the flow does not resume (the consult leg is gone).
 */
const E164 = /^\+[1-9]\d{6,14}$/;

export async function* execute(ctx: ActionContext): AsyncGenerator<InputRequest, Jump, string> {
  const { contact, run } = ctx;
  const number = ctx.param('ThirdPartyPhoneNumber');
  if (!number || !E164.test(number)) {
    ctx.event(`not a dialable E.164 number: "${number ?? ''}"`);
    return ctx.error('CallFailed');
  }
  const result = contact.config.externalTransfer;
  ctx.event(`external transfer to ${number}: ${result}`);
  if (result === 'no-answer') {
    contact.elapsedSeconds += Number(ctx.param('ThirdPartyConnectionTimeLimitSeconds') ?? 30);
    return ctx.error('ConnectionTimeLimitExceeded');
  }
  if (result === 'busy' || result === 'failed') return ctx.error('CallFailed');
  contact.segment.outcome = 'transferred';
  contact.segment.transferredTo = number;
  if (String(ctx.p.ContinueFlowExecution ?? 'True').toLowerCase() === 'false')
    return { exit: { kind: 'transferred' } };
  if (run.consult) {
    // On a consult leg the counselor's steps run while the number is on the line.
    const ended = yield* run.consult.thirdPartyConnected(number);
    if (ended === 'cancelled')
      return { exit: { kind: 'ended', reason: 'the counselor cancelled the transfer' } };
  } else {
    contact.elapsedSeconds += 120;
  }
  return ctx.next();
}
