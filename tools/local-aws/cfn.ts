/** The parts of a synthesized CloudFormation template the local tools read. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
  [key: string]: unknown;
}

export interface CfnOutput {
  Value: unknown;
  Export?: { Name: unknown };
  [key: string]: unknown;
}

export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
  [key: string]: unknown;
}

/** Templates by stack name, as returned by `synthTemplates()` in infra/build-app.ts. */
export type CfnTemplates = Record<string, CfnTemplate>;

export const TABLE_TYPES = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'] as const;
export const QUEUE_TYPE = 'AWS::SQS::Queue';

export function cdkPath(resource: CfnResource): string | undefined {
  const path = resource.Metadata?.['aws:cdk:path'];
  return typeof path === 'string' ? path : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** CDK appends an 8-hex-digit hash to logical ids: `TicketsTable1A2B3C4D` → `TicketsTable`. */
export function withoutCdkHash(logicalId: string): string {
  return logicalId.replace(/[0-9A-F]{8}$/, '');
}

/** Lower-case letters and digits only, the way CDK builds logical ids from construct ids. */
export function normalizeId(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}
