import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from '#commons/powertools';

/** SQS client, created once per container and traced (`AWS_ENDPOINT_URL_SQS` honoured natively). */
export const sqsClient = tracer.captureAWSv3Client(new SQSClient({}));
