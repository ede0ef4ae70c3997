import { hoursPhraseKo, type WeeklyHoursSource } from '#infra/config/spoken-hours';

/** Seconds between hold messages in the customer-queue flow (its MessageParticipantIteratively). */
export const HOLD_MESSAGE_INTERVAL_SECONDS = 30;

export interface FlowTextsSource extends WeeklyHoursSource {
  name: { ko: string };
  connect?: { callbackOfferAfterSeconds?: number };
}

/**
 * Values of the `${city:<name>}` flow placeholders, from the city config: the Connect stack and the
 * offline simulator replace them from this one function.
 * - `ko`: the city's Korean name;
 * - `hoursKo`: the opening hours as one spoken phrase;
 * - `callbackOfferLoops`: hold-message rounds before the first call-back offer (the customer-queue
 *   flow offers it after (loops + 1) × 30 s, then again after each further such interval).
 */
export const flowCityTexts = (config: FlowTextsSource): Record<string, string> => {
  const offerAfter = config.connect?.callbackOfferAfterSeconds ?? 120;
  return {
    ko: config.name.ko,
    hoursKo: hoursPhraseKo(config),
    callbackOfferLoops: String(Math.max(0, Math.round(offerAfter / HOLD_MESSAGE_INTERVAL_SECONDS) - 1)),
  };
};
