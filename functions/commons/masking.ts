import { Logger } from '@aws-lambda-powertools/logger';
import { maskPhone, maskPhoneNumbersInText } from '#domain/phone';

export { maskPhone, maskPhoneNumbersInText } from '#domain/phone';

/** Keys whose string values are phone numbers by definition: masked whole, whatever their format. */
const PHONE_KEYS = new Set(['callerNumber', 'phoneNumber', 'Address', 'number', 'customerNumber']);

/**
 * A JSON replacer for log output: every string value has the phone numbers inside it masked
 * (E.164, `82…`, Korean national formats), values under phone-number keys are masked whole, and
 * phone-like numeric values are masked too. Error messages and stacks pass through it as well,
 * because Powertools formats errors into plain objects before stringifying them.
 */
export const maskingJsonReplacer = (key: string, value: unknown): unknown => {
  if (typeof value === 'string') {
    if (PHONE_KEYS.has(key) && /\d{4}/.test(value)) return maskPhone(value);
    return maskPhoneNumbersInText(value);
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1e8) {
    const masked = maskPhoneNumbersInText(String(value));
    return masked === String(value) ? value : masked;
  }
  return value;
};

export interface MaskingLoggerOptions {
  serviceName?: string;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT';
}

/** A Powertools Logger whose every output line has phone numbers masked. */
export const createMaskingLogger = (options: MaskingLoggerOptions = {}): Logger =>
  new Logger({
    serviceName: options.serviceName ?? 'minwon365',
    ...(options.logLevel !== undefined && { logLevel: options.logLevel }),
    jsonReplacerFn: maskingJsonReplacer,
  });
