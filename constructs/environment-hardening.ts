import { Construct } from 'constructs';
import { hardeningDefaults, type HardeningChoice } from '../config/derived';
import { serviceSpecs } from '../config/services';
import type { EnvironmentConfig } from '../config/load';
import { AccessLogBucket } from './access-log-bucket';
import { accountOfArn } from './arn-parts';
import { EnvironmentKey } from './environment-key';
import { FlowLogs } from './flow-logs';
import type { NewNetwork } from './network';
import { VpcEndpoints } from './vpc-endpoints';
import { WebAcl } from './web-acl';

export interface EnvironmentHardeningProps {
  readonly env: EnvironmentConfig;
  /**
   * An ARN of a resource the stack creates that does not depend on the hardening (e.g. the cluster):
   * its account is the stack's account when the environment file does not name `accountId`.
   */
  readonly accountArn: string;
}

/** Where the load balancer writes a kind of log. */
export interface LogTarget {
  readonly bucket: string;
  readonly prefix: string;
}

/**
 * The environment-level hardening of one stack (`hardening:` in the environment file): the
 * customer-managed key and the log bucket come first (other constructs use them); the web ACL, flow
 * logs and VPC endpoints attach once the load balancer and the network exist. Per-service pieces (task
 * role trust, `kms:Decrypt` on the secrets' keys, the image lifecycle) live in the constructs a service owns.
 */
export class EnvironmentHardening extends Construct {
  public readonly choice: HardeningChoice;
  /** The stack's account: `accountId` from the file, else read from `accountArn`. */
  public readonly accountId: string;
  public readonly key?: EnvironmentKey;
  public readonly logBucket?: AccessLogBucket;
  public readonly accessLogs?: LogTarget;
  public readonly connectionLogs?: LogTarget;
  public webAcl?: WebAcl;
  public flowLogs?: FlowLogs;
  public vpcEndpoints?: VpcEndpoints;
  private readonly env: EnvironmentConfig;

  constructor(scope: Construct, id: string, props: EnvironmentHardeningProps) {
    super(scope, id);
    const { env } = props;
    this.env = env;
    this.choice = hardeningDefaults(env);
    // `accountId` is the environment file's own field once it has one; until then the account comes from
    // an ARN the stack creates (no AWS read, so offline plans still work).
    const fileAccount = 'accountId' in env && typeof env.accountId === 'string' ? env.accountId : undefined;
    this.accountId = fileAccount ?? accountOfArn(props.accountArn);
    const base = `${env.app}-${env.name}`;

    if (this.choice.encryptionKey) {
      this.key = new EnvironmentKey(this, 'key', {
        alias: base,
        region: env.region,
        accountId: this.accountId,
        deletionWindowDays: env.hardening.encryptionKey.deletionWindowDays,
      });
    }

    const logs = env.hardening.accessLogs;
    if (this.choice.accessLogs) {
      const join = (part: string) => (logs.prefix ? `${logs.prefix}/${part}` : part);
      let bucket = logs.bucket;
      if (bucket === undefined) {
        this.logBucket = new AccessLogBucket(this, 'log-bucket', {
          // bucket_prefix allows 37 characters; S3 appends a unique 26-character suffix.
          namePrefix: `${base.slice(0, 37 - '-lb-logs-'.length).replace(/-+$/, '')}-lb-logs-`,
          region: env.region,
          accountId: this.accountId,
          logPrefixes: [join('access'), join('connection')],
          expirationDays: logs.expirationDays,
          forceDestroy: !env.production,
        });
        bucket = this.logBucket.bucketName;
      }
      this.accessLogs = { bucket, prefix: join('access') };
      if (logs.connectionLogs) this.connectionLogs = { bucket, prefix: join('connection') };
    }
  }

  /** The key for log groups: the file's `logs.kmsKeyArn`, else the environment key. */
  get logKeyArn(): string | undefined {
    return this.env.logs.kmsKeyArn ?? this.key?.arn;
  }

  /** The key for the ECR repository: the file's `registry.kmsKeyArn`, else the environment key (when asked to). */
  get registryKeyArn(): string | undefined {
    return this.env.registry.kmsKeyArn ?? (this.env.hardening.encryptionKey.encryptRegistry ? this.key?.arn : undefined);
  }

  /** Keys a service's execution role may decrypt secrets with: the service's list plus the environment key. */
  secretsKeyArns(serviceKeyArns: readonly string[]): string[] {
    return [...serviceKeyArns, ...(this.key ? [this.key.arn] : [])];
  }

  /** The web ACL on the load balancer, when chosen. */
  protectLoadBalancer(loadBalancerArn: string): void {
    if (!this.choice.webAcl) return;
    const waf = this.env.hardening.webAcl;
    this.webAcl = new WebAcl(this, 'web-acl', {
      name: `${this.env.app}-${this.env.name}`,
      loadBalancerArn,
      mode: waf.mode,
      rateLimit: waf.rateLimit,
      logRetentionDays: waf.logRetentionDays,
      logKmsKeyArn: this.logKeyArn,
    });
  }

  /** Flow logs and VPC endpoints for a VPC the stack created, when chosen. */
  protectNetwork(network: NewNetwork): void {
    const env = this.env;
    const base = `${env.app}-${env.name}`;
    if (this.choice.flowLogs) {
      this.flowLogs = new FlowLogs(this, 'flow-logs', {
        name: base,
        vpcId: network.vpcId,
        region: env.region,
        accountId: this.accountId,
        trafficType: env.hardening.flowLogs.trafficType,
        retentionDays: env.hardening.flowLogs.retentionDays,
        kmsKeyArn: this.logKeyArn,
      });
    }
    if (this.choice.vpcEndpoints) {
      const specs = serviceSpecs(env);
      const secrets = specs.flatMap((spec) => Object.values(spec.task.secrets));
      this.vpcEndpoints = new VpcEndpoints(this, 'endpoints', {
        name: base,
        vpcId: network.vpcId,
        vpcCidrBlock: network.vpc.cidrBlock,
        region: env.region,
        subnetIds: network.privateSubnetIds,
        routeTableIds: network.privateRouteTables.map((table) => table.id),
        extraInterfaceServices: [
          ...(secrets.some((arn) => arn.includes(':secretsmanager:')) ? ['secretsmanager'] : []),
          ...(secrets.some((arn) => arn.includes(':ssm:')) ? ['ssm'] : []),
          ...(specs.some((spec) => spec.service.enableExecuteCommand) ? ['ssmmessages'] : []),
        ],
      });
    }
  }
}
