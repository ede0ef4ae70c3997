import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MESSAGES_KO } from './messages';

/**
 * JSON responses of the desk API and its error shape `{ error, message }` (docs/contracts.md):
 * `error` is a stable English code for programs, `message` a Korean sentence for the UI.
 */

export type ApiResult = APIGatewayProxyStructuredResultV2;

/** Largest request body the desk API reads (bytes); larger bodies are answered 413 (router.ts). */
export const MAX_BODY_BYTES = 16 * 1024;

const HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export const json = (statusCode: number, body: unknown): ApiResult => ({
  statusCode,
  headers: HEADERS,
  body: JSON.stringify(body),
});

export const noContent = (): ApiResult => ({ statusCode: 204, headers: { 'cache-control': 'no-store' } });

/** An error the router turns into `{ error, message, ...extra }` with its status (messages: ./messages.ts). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly messageKo: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${statusCode} ${code}`);
  }
}

export const errorResult = (error: ApiError): ApiResult =>
  json(error.statusCode, { error: error.code, message: error.messageKo, ...error.extra });

/** 413 with the limit, in the error shape (router.ts, and the sandbox's API Gateway stand-in). */
export const payloadTooLarge = (maxBytes = MAX_BODY_BYTES): ApiError =>
  new ApiError(413, 'payload-too-large', MESSAGES_KO.payloadTooLarge, { maxBytes });
