import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { partitionOf } from './arn-parts';
import { policyDocument, serviceTrustPolicy } from './iam-documents';

export interface FlowLogsProps {
  /** Name of the log group and role (`/vpc/<name>/flow-logs`, `<name>-flow-logs`). */
  readonly name: string;
  readonly vpcId: string;
  readonly region: string;
  /** Account that owns the VPC: the role trusts VPC Flow Logs on its behalf only. */
  readonly accountId: string;
  /**
   * Which traffic to record.
   * @default 'ALL'
   */
  readonly trafficType?: 'ALL' | 'ACCEPT' | 'REJECT';
  /** @default 90 */
  readonly retentionDays?: number;
  /** KMS key for the log group. @default - CloudWatch Logs encryption */
  readonly kmsKeyArn?: string;
}

/**
 * VPC flow logs to a CloudWatch log group with retention, through a role that may only write that
 * group and that VPC Flow Logs may assume only for this account's flow logs.
 */
export class FlowLogs extends Construct {
  public readonly flowLog: FlowLog;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    const partition = partitionOf(props.region);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/vpc/${props.name}/flow-logs`,
      retentionInDays: props.retentionDays ?? 90,
      kmsKeyId: props.kmsKeyArn,
    });
    this.role = new IamRole(this, 'role', {
      name: `${props.name}-flow-logs`,
      description: `VPC Flow Logs writes the flow logs of ${props.name}`,
      assumeRolePolicy: serviceTrustPolicy('vpc-flow-logs.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': props.accountId },
        ArnLike: { 'aws:SourceArn': `arn:${partition}:ec2:${props.region}:${props.accountId}:vpc-flow-log/*` },
      }),
    });
    new IamRolePolicy(this, 'policy', {
      name: 'write-flow-logs',
      role: this.role.id,
      policy: policyDocument([
        {
          Sid: 'WriteFlowLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
        {
          // Listing groups has no per-group resource; it reveals names only.
          Sid: 'FindLogGroup',
          Effect: 'Allow',
          Action: 'logs:DescribeLogGroups',
          Resource: `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:*`,
        },
      ]),
    });
    this.flowLog = new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: props.trafficType ?? 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: this.role.arn,
      maxAggregationInterval: 600,
      tags: { Name: props.name },
    });
  }
}
