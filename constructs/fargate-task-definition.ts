import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { partitionOf } from './arn-parts';
import { policyDocument, secretResourceArn, serviceTrustPolicy, type PolicyStatement } from './iam-documents';

export interface ContainerHealthCheck {
  /**
   * Command in ECS form.
   * @default - `node -e` fetching http://127.0.0.1:<containerPort><healthCheckPath> (the image needs no curl)
   */
  readonly command?: readonly string[];
  /** @default 30 */
  readonly intervalSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly retries?: number;
  /** @default 10 */
  readonly startPeriodSeconds?: number;
}

export interface FargateTaskDefinitionProps {
  /** Task definition family. */
  readonly family: string;
  /** Fargate cpu units (validated against memory by the environment schema). */
  readonly cpu: number;
  /** Memory in MiB. */
  readonly memory: number;
  /** @default 'X86_64' */
  readonly cpuArchitecture?: 'X86_64' | 'ARM64';
  /** Full image reference, `<repository URL>:<tag>`. */
  readonly image: string;
  /** ARN of the ECR repository the image comes from; the execution role may pull from it only. */
  readonly repositoryArn: string;
  /** @default 'app' */
  readonly containerName?: string;
  /** @default 3000 */
  readonly containerPort?: number;
  /**
   * A worker: the container listens on no port (no port mapping), and without `healthCheck.command` it
   * has no container health check (there is no HTTP endpoint to ask).
   * @default false
   */
  readonly worker?: boolean;
  /** Path the default container health check requests. @default '/health' */
  readonly healthCheckPath?: string;
  /** @default - see ContainerHealthCheck */
  readonly healthCheck?: ContainerHealthCheck;
  /** Plain environment variables. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Variables from Secrets Manager or SSM, name → ARN. @default - none */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Seconds between SIGTERM and SIGKILL. @default 30 */
  readonly stopTimeoutSeconds?: number;
  /** @default true */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * Let ECS Exec reach the task (adds the SSM channel permissions and an init process; with a read-only
   * root filesystem, writable task volumes at the paths the SSM agent writes to).
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
  readonly executionRoleName: string;
  readonly taskRoleName: string;
  /** Log group for the awslogs driver. */
  readonly logGroupName: string;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** @default - CloudWatch Logs' own encryption */
  readonly logKmsKeyArn?: string;
  /** Region of the log group (awslogs needs it) and of the tasks. */
  readonly region: string;
  /**
   * Account that runs the tasks (a literal ID or a Terraform expression): the task role trusts ECS only
   * on behalf of this account's ECS resources in this region (`aws:SourceAccount`, `aws:SourceArn`).
   */
  readonly accountId: string;
  /**
   * Customer-managed KMS keys that encrypt the secrets: the execution role may decrypt with them, only
   * through Secrets Manager and SSM. AWS managed keys (`aws/secretsmanager`, `aws/ssm`) need no grant.
   * @default - none
   */
  readonly secretsKmsKeyArns?: readonly string[];
}

/** Where the SSM agent behind ECS Exec writes (state and logs): writable volumes when the root is read-only. */
export const ECS_EXEC_WRITABLE_PATHS: readonly string[] = ['/var/lib/amazon', '/var/log/amazon'];

/**
 * A Fargate task definition with its one container, a least-privilege execution role (pull this image,
 * write this log group, read only the listed secrets), a task role for the app, and its log group.
 *
 * Every change registers a new revision (created before the old one is released), and earlier revisions
 * stay registered (`skip_destroy`), so the deployment circuit breaker can roll back to the last one. The
 * revision is registered only after the roles' policies are in place: a task started from it can already
 * read a secret just added.
 */
export class FargateTaskDefinition extends Construct {
  public readonly taskDefinition: EcsTaskDefinition;
  public readonly executionRole: IamRole;
  public readonly taskRole: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly containerName: string;
  public readonly containerPort: number;

  constructor(scope: Construct, id: string, props: FargateTaskDefinitionProps) {
    super(scope, id);
    this.containerName = props.containerName ?? 'app';
    this.containerPort = props.containerPort ?? 3000;

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays ?? 30,
      kmsKeyId: props.logKmsKeyArn,
    });

    this.executionRole = new IamRole(this, 'execution-role', {
      name: props.executionRoleName,
      description: `ECS pulls the image and writes logs for ${props.family}`,
      assumeRolePolicy: serviceTrustPolicy('ecs-tasks.amazonaws.com'),
    });
    const executionPolicy = new IamRolePolicy(this, 'execution-policy', {
      name: 'task-execution',
      role: this.executionRole.id,
      policy: policyDocument(this.executionStatements(props)),
    });

    // The confused-deputy guard the ECS docs give for task roles: ECS assumes the role only for tasks
    // of this account in this region. The execution role keeps the trust the ECS docs give for it.
    this.taskRole = new IamRole(this, 'task-role', {
      name: props.taskRoleName,
      description: `The application's own identity in ${props.family}`,
      assumeRolePolicy: serviceTrustPolicy('ecs-tasks.amazonaws.com', {
        ArnLike: { 'aws:SourceArn': `arn:${partitionOf(props.region)}:ecs:${props.region}:${props.accountId}:*` },
        StringEquals: { 'aws:SourceAccount': props.accountId },
      }),
    });
    const policies: IamRolePolicy[] = [executionPolicy];
    if (props.enableExecuteCommand) {
      const execPolicy = new IamRolePolicy(this, 'exec-policy', {
        name: 'ecs-exec',
        role: this.taskRole.id,
        policy: policyDocument([
          {
            Sid: 'EcsExecChannel',
            Effect: 'Allow',
            Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
            Resource: '*',
          },
        ]),
      });
      policies.push(execPolicy);
    }

    const check = props.healthCheck ?? {};
    const readonlyRoot = props.readonlyRootFilesystem ?? true;
    const execVolumes =
      props.enableExecuteCommand && readonlyRoot
        ? ECS_EXEC_WRITABLE_PATHS.map((containerPath) => ({ name: `ecs-exec${containerPath.replace(/\//g, '-')}`, containerPath }))
        : [];
    const healthUrl = `http://127.0.0.1:${this.containerPort}${props.healthCheckPath ?? '/health'}`;
    const container = {
      name: this.containerName,
      image: props.image,
      essential: true,
      portMappings: props.worker ? [] : [{ name: 'http', containerPort: this.containerPort, hostPort: this.containerPort, protocol: 'tcp', appProtocol: 'http' }],
      environment: Object.entries(props.environment ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value })),
      secrets: Object.entries(props.secrets ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, valueFrom]) => ({ name, valueFrom })),
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': this.logGroup.name,
          'awslogs-region': props.region,
          'awslogs-stream-prefix': this.containerName,
        },
      },
      // A worker serves no HTTP: it gets a container health check only when the file gives a command.
      ...(props.worker && check.command === undefined
        ? {}
        : {
            healthCheck: {
              command: check.command ?? ['CMD', 'node', '-e', `fetch('${healthUrl}').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))`],
              interval: check.intervalSeconds ?? 30,
              timeout: check.timeoutSeconds ?? 5,
              retries: check.retries ?? 3,
              startPeriod: check.startPeriodSeconds ?? 10,
            },
          }),
      stopTimeout: props.stopTimeoutSeconds ?? 30,
      readonlyRootFilesystem: readonlyRoot,
      // ECS Exec needs an init process to reap the agent's children, and somewhere to write.
      ...(props.enableExecuteCommand ? { linuxParameters: { initProcessEnabled: true } } : {}),
      ...(execVolumes.length > 0 ? { mountPoints: execVolumes.map(({ name, containerPath }) => ({ sourceVolume: name, containerPath, readOnly: false })) } : {}),
    };

    this.taskDefinition = new EcsTaskDefinition(this, 'task-definition', {
      family: props.family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(props.cpu),
      memory: String(props.memory),
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.cpuArchitecture ?? 'X86_64' },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      containerDefinitions: JSON.stringify([container]),
      // Task-scoped volumes on Fargate's ephemeral storage: writable, gone with the task.
      volume: execVolumes.length > 0 ? execVolumes.map(({ name }) => ({ name })) : undefined,
      skipDestroy: true,
      dependsOn: policies,
      lifecycle: { createBeforeDestroy: true },
    });
  }

  private executionStatements(props: FargateTaskDefinitionProps): PolicyStatement[] {
    const statements: PolicyStatement[] = [
      // GetAuthorizationToken has no resource-level permissions.
      { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Sid: 'PullImage',
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        Resource: props.repositoryArn,
      },
      {
        Sid: 'WriteLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${this.logGroup.arn}:*`,
      },
    ];
    const arns = Object.values(props.secrets ?? {});
    const secretArns = [...new Set(arns.filter((arn) => arn.includes(':secretsmanager:')).map(secretResourceArn))].sort();
    const parameterArns = [...new Set(arns.filter((arn) => arn.includes(':ssm:')))].sort();
    if (secretArns.length > 0) {
      statements.push({ Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArns });
    }
    if (parameterArns.length > 0) {
      statements.push({ Sid: 'ReadParameters', Effect: 'Allow', Action: 'ssm:GetParameters', Resource: parameterArns });
    }
    const keyArns = [...new Set(props.secretsKmsKeyArns ?? [])];
    if (keyArns.length > 0 && arns.length > 0) {
      const via = [
        ...(secretArns.length > 0 ? [`secretsmanager.${props.region}.amazonaws.com`] : []),
        ...(parameterArns.length > 0 ? [`ssm.${props.region}.amazonaws.com`] : []),
      ];
      statements.push({
        Sid: 'DecryptSecrets',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: keyArns,
        Condition: { StringEquals: { 'kms:ViaService': via } },
      });
    }
    return statements;
  }
}
