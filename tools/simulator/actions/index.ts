import type { ActionExecutor } from '../context';
import { execute as CheckHoursOfOperation } from './CheckHoursOfOperation';
import { execute as CheckMetricData } from './CheckMetricData';
import { execute as Compare } from './Compare';
import { execute as CreateCallbackContact } from './CreateCallbackContact';
import { execute as DisconnectParticipant } from './DisconnectParticipant';
import { execute as EndFlowExecution } from './EndFlowExecution';
import { execute as GetMetricData } from './GetMetricData';
import { execute as GetParticipantInput } from './GetParticipantInput';
import { execute as InvokeLambdaFunction } from './InvokeLambdaFunction';
import { execute as Loop } from './Loop';
import { execute as MessageParticipant } from './MessageParticipant';
import { execute as MessageParticipantIteratively } from './MessageParticipantIteratively';
import { execute as TagContact } from './TagContact';
import { execute as TransferContactToAgent } from './TransferContactToAgent';
import { execute as TransferContactToQueue } from './TransferContactToQueue';
import { execute as TransferParticipantToThirdParty } from './TransferParticipantToThirdParty';
import { execute as TransferToFlow } from './TransferToFlow';
import { execute as UpdateContactAttributes } from './UpdateContactAttributes';
import { execute as UpdateContactCallbackNumber } from './UpdateContactCallbackNumber';
import { execute as UpdateContactEventHooks } from './UpdateContactEventHooks';
import { execute as UpdateContactRecordingAndAnalyticsBehavior } from './UpdateContactRecordingAndAnalyticsBehavior';
import { execute as UpdateContactRecordingBehavior } from './UpdateContactRecordingBehavior';
import { execute as UpdateContactRoutingBehavior } from './UpdateContactRoutingBehavior';
import { execute as UpdateContactTargetQueue } from './UpdateContactTargetQueue';
import { execute as UpdateContactTextToSpeechVoice } from './UpdateContactTextToSpeechVoice';
import { execute as UpdateFlowLoggingBehavior } from './UpdateFlowLoggingBehavior';
import { execute as UpdatePreviousContactParticipantState } from './UpdatePreviousContactParticipantState';
import { execute as Wait } from './Wait';

/**
 * The simulator's action table: one module per Flow-language action type, each with its documented
 * semantics and doc links in its header. The keys are exactly the action catalog's
 * (tools/flows/action-catalog.ts; test/unit/simulator/actions.test.ts holds it).
 */
export const EXECUTORS: Readonly<Record<string, ActionExecutor>> = {
  CheckHoursOfOperation,
  CheckMetricData,
  Compare,
  CreateCallbackContact,
  DisconnectParticipant,
  EndFlowExecution,
  GetMetricData,
  GetParticipantInput,
  InvokeLambdaFunction,
  Loop,
  MessageParticipant,
  MessageParticipantIteratively,
  TagContact,
  TransferContactToAgent,
  TransferContactToQueue,
  TransferParticipantToThirdParty,
  TransferToFlow,
  UpdateContactAttributes,
  UpdateContactCallbackNumber,
  UpdateContactEventHooks,
  UpdateContactRecordingAndAnalyticsBehavior,
  UpdateContactRecordingBehavior,
  UpdateContactRoutingBehavior,
  UpdateContactTargetQueue,
  UpdateContactTextToSpeechVoice,
  UpdateFlowLoggingBehavior,
  UpdatePreviousContactParticipantState,
  Wait,
};
