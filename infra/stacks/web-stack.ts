import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { acknowledgeBucketDeployment } from '#infra/constructs/bucket-deployment-nag';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The SPA's runtime settings, published by the API stack next to the build (no cycle: Api → Web). */
export const WEB_CONFIG_FILE = 'config.json';

/**
 * The web bucket's name: fixed, so the API stack addresses it by name (no cross-stack token in
 * its IAM policy) — `minwon365-<city>-<stage>-web-<account>-<region>`.
 */
export const webBucketName = (cityId: string, stageName: string, account: string, region: string): string =>
  `minwon365-${cityId}-${stageName}-web-${account}-${region}`;

export interface WebStackProps extends StackProps {
  readonly cityId: string;
  readonly stageName: string;
  readonly removalPolicy: RemovalPolicy;
  /** The built web app; default `<repo>/web/dist`. Deployed only when the folder exists at synth. */
  readonly webDistDir?: string;
  /** Optional custom domain (certificate in us-east-1); then viewers need TLS 1.2 (TLSv1.2_2021). */
  readonly customDomain?: { readonly domainName: string; readonly certificate: ICertificate };
  /**
   * Origins allowed to frame the desk (CSP frame-ancestors): the Amazon Connect agent workspace.
   * Default: any Connect instance domain.
   */
  readonly frameAncestors?: readonly string[];
}

/**
 * The desk web app: a private S3 bucket served only through CloudFront with origin access
 * control, SPA fallback to index.html, security headers, access logs. The build (`web/dist`) is
 * deployed when present; `config.json` (API URL, user pool, client id, region) is written by the
 * API stack into this bucket, so this stack depends on nothing of the API's.
 */
export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>` (or the custom domain). */
  readonly url: string;
  readonly deployed: boolean;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { removalPolicy } = props;

    const logs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the access-log destination of the web bucket and the distribution.',
    });

    const longest = webBucketName(props.cityId, props.stageName, '123456789012', this.region);
    if (longest.length > 63) {
      throw new Error(
        `Web bucket name ${longest} is longer than 63 characters: shorten the city id or stage name`,
      );
    }
    this.bucket = new Bucket(this, 'Site', {
      bucketName: webBucketName(props.cityId, props.stageName, this.account, this.region),
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      removalPolicy,
    });

    const region = this.region;
    const frameAncestors = props.frameAncestors ?? ['https://*.my.connect.aws', 'https://*.awsapps.com'];
    const csp = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      `connect-src 'self' https://*.execute-api.${region}.amazonaws.com https://cognito-idp.${region}.amazonaws.com https://*.auth.${region}.amazoncognito.com`,
      `form-action 'self' https://*.auth.${region}.amazoncognito.com`,
      "object-src 'none'",
      "base-uri 'self'",
      `frame-ancestors 'self' ${frameAncestors.join(' ')}`,
    ].join('; ');
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'minwon365 desk: security headers (framable by the Amazon Connect agent workspace only)',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        contentTypeOptions: { override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        // No X-Frame-Options: it cannot name the agent workspace's origin; CSP frame-ancestors does.
      },
      removeHeaders: ['Server'],
    });

    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `minwon365 desk (${this.stackName})`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_200,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: {
        // Runtime settings must never be stale after a redeploy of the API stack.
        [`/${WEB_CONFIG_FILE}`]: {
          origin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          responseHeadersPolicy: headers,
        },
      },
      // SPA: client-side routes (e.g. /desk, /inbox/roads) are served index.html. With OAC a
      // missing object is a 403 from S3.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(10),
      })),
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      ...(props.customDomain !== undefined && {
        domainNames: [props.customDomain.domainName],
        certificate: props.customDomain.certificate,
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
    });
    this.url = `https://${props.customDomain?.domainName ?? this.distribution.distributionDomainName}`;

    const acknowledgements = [
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Counselors and department staff work from the city’s offices and from home; access is controlled ' +
          'by Cognito sign-in with MFA on the API, and the static files contain no data.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves only static files; the data API is protected by the JWT authorizer and ' +
          'stage throttling. A WAF web ACL (us-east-1) can be attached when the city requires one.',
      },
    ];
    if (props.customDomain === undefined) {
      acknowledgements.push({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose security ' +
          'policy cannot be chosen; with customDomain the distribution requires TLSv1.2_2021.',
      });
    }
    Validations.of(this.distribution).acknowledge(...acknowledgements);

    const dist = props.webDistDir ?? join(ROOT, 'web', 'dist');
    this.deployed = existsSync(join(dist, 'index.html'));
    if (this.deployed) {
      new BucketDeployment(this, 'DeployWebApp', {
        sources: [Source.asset(dist)],
        destinationBucket: this.bucket,
        // config.json belongs to the API stack's deployment: never pruned or overwritten here.
        exclude: [WEB_CONFIG_FILE],
        prune: true,
        distribution: this.distribution,
        distributionPaths: ['/*'],
        memoryLimit: 512,
      });
      const site = this.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
      acknowledgeBucketDeployment(this, `<${site}.Arn>/*`);
    } else {
      Annotations.of(this).addWarningV2(
        'minwon365:web-dist-missing',
        `No web build at ${dist}: the desk web app is not deployed. Run the web build (npm run build:web or ` +
          'the web workspace build) before `cdk deploy` to publish it.',
      );
    }
    if (removalPolicy === RemovalPolicy.DESTROY) {
      Annotations.of(this).addInfo('Empty the web and log buckets before destroying this stack.');
    }
  }
}
