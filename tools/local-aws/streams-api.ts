import { createHash, createHmac } from 'node:crypto';
import type { AttributeValue } from 'aws-lambda';

/**
 * The three DynamoDB Streams calls the local event-source mapping needs, as signed JSON requests.
 * `@aws-sdk/client-dynamodb-streams` is not a dependency of this project; DynamoDB Local serves
 * the Streams API on its own endpoint, so plain SigV4-signed HTTP is enough.
 */

export interface StreamsApiConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface StreamShard {
  ShardId: string;
  ParentShardId?: string;
  SequenceNumberRange?: { StartingSequenceNumber?: string; EndingSequenceNumber?: string };
}

/** A record as the Streams API returns it; Lambda adds `eventSourceARN` before invoking. */
export interface StreamApiRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: string;
  eventSource: string;
  awsRegion: string;
  dynamodb: {
    ApproximateCreationDateTime?: number;
    Keys?: Record<string, AttributeValue>;
    NewImage?: Record<string, AttributeValue>;
    OldImage?: Record<string, AttributeValue>;
    SequenceNumber: string;
    SizeBytes?: number;
    StreamViewType?: string;
  };
}

export type ShardIteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

export class StreamsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'StreamsApiError';
  }
}

export class StreamsApi {
  constructor(private readonly config: StreamsApiConfig) {}

  async describeStream(streamArn: string): Promise<StreamShard[]> {
    const shards: StreamShard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const response = await this.call<{
        StreamDescription: { Shards?: StreamShard[]; LastEvaluatedShardId?: string };
      }>('DescribeStream', {
        StreamArn: streamArn,
        ...(exclusiveStartShardId ? { ExclusiveStartShardId: exclusiveStartShardId } : {}),
      });
      shards.push(...(response.StreamDescription.Shards ?? []));
      exclusiveStartShardId = response.StreamDescription.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  async getShardIterator(input: {
    StreamArn: string;
    ShardId: string;
    ShardIteratorType: ShardIteratorType;
    SequenceNumber?: string;
  }): Promise<string | undefined> {
    return (await this.call<{ ShardIterator?: string }>('GetShardIterator', input)).ShardIterator;
  }

  getRecords(
    shardIterator: string,
    limit: number,
  ): Promise<{ Records?: StreamApiRecord[]; NextShardIterator?: string | null }> {
    return this.call('GetRecords', { ShardIterator: shardIterator, Limit: limit });
  }

  private async call<T>(operation: string, input: object): Promise<T> {
    const body = JSON.stringify(input);
    const url = new URL(this.config.endpoint);
    const headers = signV4({
      url,
      body,
      region: this.config.region,
      service: 'dynamodb',
      credentials: this.config.credentials,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDBStreams_20120810.${operation}`,
      },
    });
    const response = await fetch(url, { method: 'POST', headers, body });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) {
      const code =
        String(parsed.__type ?? response.status)
          .split('#')
          .at(-1) ?? 'Error';
      throw new StreamsApiError(code, String(parsed.message ?? parsed.Message ?? text));
    }
    return parsed as T;
  }
}

/** AWS Signature Version 4 for a POST to the endpoint's root path. */
export function signV4(request: {
  url: URL;
  body: string;
  region: string;
  service: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  headers: Record<string, string>;
  now?: Date;
}): Record<string, string> {
  const amzDate = (request.now ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, '');
  const dateStamp = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.url.host,
    'x-amz-date': amzDate,
  };
  const names = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .sort();
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const canonicalHeaders = names.map((name) => `${name}:${String(lower[name]).trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    'POST',
    request.url.pathname || '/',
    '',
    canonicalHeaders,
    signedHeaders,
    sha256(request.body),
  ].join('\n');
  const scope = `${dateStamp}/${request.region}/${request.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${request.credentials.secretAccessKey}`, dateStamp);
  for (const part of [request.region, request.service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${request.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
