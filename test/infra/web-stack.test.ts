import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthCached } from '#infra/build-app';
import { WebStack } from '#infra/stacks/web-stack';

let web: Template;

beforeAll(async () => {
  const { templates } = await synthCached({ stage: 'dev' });
  const template = templates['Minwon365-cheongju-dev-Web'];
  if (!template) throw new Error('no Web stack');
  web = Template.fromJSON(template);
});

const standalone = (webDistDir: string) => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new WebStack(app, 'Web', {
    env: { region: 'ap-northeast-2' },
    cityId: 'testcity',
    stageName: 'dev',
    removalPolicy: RemovalPolicy.DESTROY,
    webDistDir,
  });
  return { stack, template: Template.fromStack(stack) };
};

describe('web stack', () => {
  it('keeps the site bucket private: public access blocked, TLS-only policy, encrypted, access-logged', () => {
    web.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: Match.anyValue(),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 's3/' },
    });
    for (const bucket of Object.values(web.findResources('AWS::S3::Bucket'))) {
      expect(bucket.Properties.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
      expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    }
    const policies = JSON.stringify(web.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toContain('aws:SecureTransport');
    expect(policies).not.toMatch(/"Principal":"\*"(?![^}]*SecureTransport)/);
  });

  it('serves the bucket only through CloudFront with origin access control (no OAI)', () => {
    web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' },
    });
    web.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
    expect(web.findResources('AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual({});
    const distribution = Object.values(web.findResources('AWS::CloudFront::Distribution'))[0];
    for (const origin of distribution?.Properties.DistributionConfig.Origins ?? []) {
      expect(origin.OriginAccessControlId).toBeDefined();
      expect(origin.S3OriginConfig?.OriginAccessIdentity ?? '').toBe('');
    }
  });

  it('serves index.html at the root and for client-side routes, over HTTPS, with logs and security headers', () => {
    web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        CustomErrorResponses: Match.arrayWith([
          Match.objectLike({ ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html' }),
          Match.objectLike({ ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html' }),
        ]),
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          ResponseHeadersPolicyId: Match.anyValue(),
        }),
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
      }),
    });
    const policy = Object.values(web.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0];
    const security = policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(security.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(security.ContentTypeOptions.Override).toBe(true);
    expect(JSON.stringify(security.ContentSecurityPolicy)).toContain('frame-ancestors');
    expect(JSON.stringify(security.ContentSecurityPolicy)).toContain('https://*.my.connect.aws');
  });

  it('never caches config.json, so a redeployed API is picked up at once', () => {
    web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: Match.arrayWith([Match.objectLike({ PathPattern: '/config.json' })]),
      }),
    });
  });

  it('deploys the web build, without pruning the API’s config.json, when web/dist exists', () => {
    const dist = mkdtempSync(join(tmpdir(), 'minwon365-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>t</title>');
    const { template } = standalone(dist);
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      Prune: true,
      Exclude: ['config.json'],
      DistributionPaths: ['/*'],
    });
  });

  it('deploys nothing and says so in a warning when the web app has not been built', () => {
    const { stack, template } = standalone(join(tmpdir(), 'minwon365-no-such-dist'));
    expect(template.findResources('Custom::CDKBucketDeployment')).toEqual({});
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('No web build at'));
  });
});
