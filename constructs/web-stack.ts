import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { loadBalancerIpAddressType } from '../config/derived';
import type { EnvironmentConfig } from '../config/load';
import { ContainerRegistry } from './container-registry';
import { DnsAlias } from './dns-alias';
import { DnsValidatedCertificate } from './dns-validated-certificate';
import { addEnvironmentBasics } from './environment-basics';
import { EnvironmentHardening } from './environment-hardening';
import { FargateCluster } from './fargate-cluster';
import { FargateService } from './fargate-service';
import { FargateTaskDefinition } from './fargate-task-definition';
import { GithubPushRole } from './github-push-role';
import { HttpsListeners } from './https-listeners';
import { ImageTag } from './image-tag';
import { ImportedCertificate } from './imported-certificate';
import { LoadBalancer } from './load-balancer';
import { NewNetwork, type NetworkAttributes } from './network';
import { offlinePlanVariable, offlineProviderSettings } from './offline-plan';
import { adoptExistingResources } from './resource-imports';
import { ServiceAutoscaling } from './service-autoscaling';
import { applyBackend, chooseBackend, type BackendChoice } from './stack-backend';


/** The Terraform variable that lets a first deploy (no image yet) skip waiting for the service. */
export const WAIT_FOR_STEADY_STATE_VARIABLE = 'wait_for_steady_state';

export interface WebStackOptions {
  /**
   * Default of the `offline_plan` variable: the AWS provider skips its own AWS calls (see offline-plan.ts).
   * Only for checks on machines without AWS access; a plan sets the variable instead (TF_VAR_offline_plan=true).
   * @default false
   */
  readonly offlinePlan?: boolean;
}

/**
 * One environment's whole web stack: ECR → ECS Fargate → ALB → ACM/Route 53. The stack only wires
 * the constructs; each concern, and its secure defaults, lives in its own construct.
 */
export class WebStack extends TerraformStack {
  public readonly registry: ContainerRegistry;
  public readonly network: NetworkAttributes;
  public readonly cluster: FargateCluster;
  public readonly task: FargateTaskDefinition;
  public readonly loadBalancer: LoadBalancer;
  public readonly certificate: DnsValidatedCertificate | ImportedCertificate;
  public readonly listeners: HttpsListeners;
  public readonly service: FargateService;
  public readonly autoscaling?: ServiceAutoscaling;
  public readonly imageTag: ImageTag;
  public readonly pushRole?: GithubPushRole;
  public readonly backend: BackendChoice;
  public readonly dns: DnsAlias;
  /** The `offline_plan` variable (true only for a plan with stub credentials). */
  public readonly offlinePlan: TerraformVariable;
  /** The `wait_for_steady_state` variable (false only for a first deploy without an image). */
  public readonly waitForSteadyState: TerraformVariable;
  public readonly hardening: EnvironmentHardening;

  constructor(scope: Construct, readonly env: EnvironmentConfig, options: WebStackOptions = {}) {
    super(scope, env.name);
    const { names } = env;
    this.backend = chooseBackend(env.terraformCloud, `${env.app}-${env.name}`);
    applyBackend(this, this.backend);

    // Offline plans are a plan-time switch: the same synthesized stack plans with stub credentials when
    // TF_VAR_offline_plan=true, and deploys as usual otherwise.
    this.offlinePlan = offlinePlanVariable(this, options.offlinePlan ?? false);
    addEnvironmentBasics(this, env, offlineProviderSettings(this.offlinePlan, env.accountId !== undefined ? [env.accountId] : undefined));

    this.cluster = new FargateCluster(this, 'cluster', { name: names.cluster, containerInsights: env.cluster.containerInsights });
    this.imageTag = new ImageTag(this, 'image-tag', { defaultTag: env.task.imageTag, refuseLatest: env.production });

    // Production hardening, environment level (key, log bucket; web ACL, flow logs and endpoints attach below).
    this.hardening = new EnvironmentHardening(this, 'hardening', { env, accountArn: this.cluster.cluster.arn });

    this.registry = new ContainerRegistry(this, 'registry', {
      name: names.repository,
      production: env.production,
      imageTagMutability: env.registry.imageTagMutability,
      encryptionType: env.registry.encryptionType,
      scanOnPush: env.registry.scanOnPush,
      kmsKeyArn: this.hardening.registryKeyArn,
      deployedTag: this.imageTag.value,
      releaseTagPrefixes: env.registry.releaseTagPrefixes,
      keepReleases: env.registry.keepReleases,
      keepLastImages: env.registry.keepLastImages,
      untaggedExpiryDays: env.registry.untaggedExpiryDays,
    });
    const push = env.registry.ciPushRole;
    if (push) {
      this.pushRole = new GithubPushRole(this, 'ci-push', {
        roleName: names.ciPushRole,
        githubRepository: push.githubRepository,
        branches: push.branches,
        githubEnvironments: push.githubEnvironments,
        oidcProviderArn: push.oidcProviderArn,
        repositoryArn: this.registry.repository.arn,
        kmsKeyArn: this.hardening.registryKeyArn,
      });
    }

    const network = env.network.create
      ? new NewNetwork(this, 'network', {
          name: `${env.app}-${env.name}`,
          cidrBlock: env.network.create.cidrBlock,
          availabilityZones: env.network.create.availabilityZones,
          natGateways: env.network.create.natGateways,
          ipv6: loadBalancerIpAddressType(env) === 'dualstack',
        })
      : {
          vpcId: env.network.existing!.vpcId,
          vpcCidrBlock: env.network.existing!.cidrBlock,
          publicSubnetIds: env.network.existing!.publicSubnetIds,
          privateSubnetIds: env.network.existing!.privateSubnetIds ?? [],
        };
    this.network = network;
    if (network instanceof NewNetwork) this.hardening.protectNetwork(network);
    this.task = new FargateTaskDefinition(this, 'task', {
      family: names.taskFamily,
      cpu: env.task.cpu,
      memory: env.task.memory,
      cpuArchitecture: env.task.cpuArchitecture,
      image: `${this.registry.repository.repositoryUrl}:${this.imageTag.value}`,
      repositoryArn: this.registry.repository.arn,
      containerName: env.task.containerName,
      containerPort: env.task.containerPort,
      healthCheckPath: env.loadBalancer.targetGroup.healthCheckPath,
      healthCheck: env.task.healthCheck,
      // The app reports which image and environment it runs; the file's own values win.
      environment: { APP_VERSION: this.imageTag.value, APP_ENV: env.name, ...env.task.environment },
      secrets: env.task.secrets,
      stopTimeoutSeconds: env.task.stopTimeoutSeconds,
      readonlyRootFilesystem: env.task.readonlyRootFilesystem,
      enableExecuteCommand: env.service.enableExecuteCommand,
      executionRoleName: names.executionRole,
      taskRoleName: names.taskRole,
      logGroupName: names.logGroup,
      logRetentionDays: env.logs.retentionDays,
      logKmsKeyArn: this.hardening.logKeyArn,
      region: env.region,
      accountId: this.hardening.accountId,
      secretsKmsKeyArns: this.hardening.secretsKeyArns,
    });

    this.loadBalancer = new LoadBalancer(this, 'load-balancer', {
      name: names.loadBalancer,
      // A name the file fixes is kept (adoption); otherwise a generated one, so a replacement can be
      // created before the old group is deleted.
      securityGroupName: env.loadBalancer.securityGroupName,
      securityGroupNamePrefix: `${names.loadBalancerSecurityGroup}-`,
      securityGroupDescription: env.loadBalancer.securityGroupDescription,
      vpcId: this.network.vpcId,
      vpcCidrBlock: this.network.vpcCidrBlock,
      subnetIds: this.network.publicSubnetIds,
      targetPort: env.task.containerPort,
      ipAddressType: loadBalancerIpAddressType(env),
      idleTimeoutSeconds: env.loadBalancer.idleTimeoutSeconds,
      deletionProtection: env.loadBalancer.deletionProtection ?? env.production,
      accessLogs: this.hardening.accessLogs,
      connectionLogs: this.hardening.connectionLogs,
      targetGroup: { ...env.loadBalancer.targetGroup, name: names.targetGroup, namePrefix: names.targetGroupPrefix },
    });
    this.hardening.protectLoadBalancer(this.loadBalancer.loadBalancer.arn);

    this.certificate =
      env.certificate.source === 'acm'
        ? new DnsValidatedCertificate(this, 'certificate', {
            domainName: env.domain,
            subjectAlternativeNames: env.certificate.subjectAlternativeNames,
            hostedZoneId: env.hostedZoneId,
          })
        : new ImportedCertificate(this, 'certificate', {
            certificatePem: env.certificateMaterial!.certificatePem,
            chainPem: env.certificateMaterial!.chainPem,
          });

    this.listeners = new HttpsListeners(this, 'listeners', {
      loadBalancerArn: this.loadBalancer.loadBalancer.arn,
      targetGroupArn: this.loadBalancer.targetGroup.arn,
      certificateArn: this.certificate.certificateArn,
      sslPolicy: env.loadBalancer.sslPolicy,
    });

    this.dns = new DnsAlias(this, 'dns', {
      hostedZoneId: env.hostedZoneId,
      domainName: env.domain,
      targetDnsName: this.loadBalancer.loadBalancer.dnsName,
      targetZoneId: this.loadBalancer.loadBalancer.zoneId,
      ipv6: this.loadBalancer.dualstack,
    });

    const scaling = env.service.autoscaling;
    this.waitForSteadyState = new TerraformVariable(this, 'wait-for-steady-state', {
      type: 'bool',
      default: true,
      nullable: false,
      description:
        'Wait for each deployment of the service to finish, and fail the apply when it was rolled back. Set it to false for the first deploy only, before any image is in the repository.',
    });
    this.waitForSteadyState.overrideLogicalId(WAIT_FOR_STEADY_STATE_VARIABLE);
    this.service = new FargateService(this, 'service', {
      name: names.service,
      clusterArn: this.cluster.cluster.arn,
      taskDefinitionArn: this.task.taskDefinition.arn,
      containerName: this.task.containerName,
      containerPort: this.task.containerPort,
      vpcId: this.network.vpcId,
      subnetIds: env.service.assignPublicIp ? this.network.publicSubnetIds : this.network.privateSubnetIds,
      securityGroupName: env.service.securityGroupName,
      securityGroupNamePrefix: `${names.serviceSecurityGroup}-`,
      securityGroupDescription: env.service.securityGroupDescription,
      loadBalancerSecurityGroupId: this.loadBalancer.securityGroup.id,
      targetGroupArn: this.loadBalancer.targetGroup.arn,
      dependsOn: [this.listeners.https, this.listeners.http, this.cluster.capacityProviders],
      waitForSteadyState: this.waitForSteadyState.booleanValue,
      // Production refuses `latest`; elsewhere an apply with `latest` redeploys to pull what it points to now.
      imageTag: env.production ? undefined : this.imageTag.value,
      desiredCount: env.service.desiredCount,
      assignPublicIp: env.service.assignPublicIp,
      enableExecuteCommand: env.service.enableExecuteCommand,
      healthCheckGracePeriodSeconds: env.service.healthCheckGracePeriodSeconds,
      minimumHealthyPercent: env.service.minimumHealthyPercent,
      maximumPercent: env.service.maximumPercent,
      fargateSpotWeight: env.service.fargateSpotWeight,
      launchType: env.service.launchType,
      desiredCountManagedByAutoscaling: scaling !== undefined,
    });

    if (scaling) {
      this.autoscaling = new ServiceAutoscaling(this, 'autoscaling', {
        clusterName: this.cluster.cluster.name,
        serviceName: this.service.service.name,
        ...scaling,
      });
    }

    if (env.imports) adoptExistingResources(this, env.imports);
    this.outputs(env);
  }

  private outputs(env: EnvironmentConfig): void {
    const outputs: Record<string, { value: string; description: string }> = {
      service_url: { value: `https://${env.domain}`, description: 'Where the service answers' },
      alb_dns_name: { value: this.loadBalancer.loadBalancer.dnsName, description: 'DNS name of the load balancer' },
      ecr_repository_url: { value: this.registry.repository.repositoryUrl, description: 'Push images here' },
      cluster_name: { value: this.cluster.cluster.name, description: 'ECS cluster' },
      service_name: { value: this.service.service.name, description: 'ECS service' },
      certificate_arn: { value: this.certificate.certificateArn, description: 'ACM certificate of the HTTPS listener' },
    };
    if (this.pushRole) {
      outputs.ci_push_role_arn = { value: this.pushRole.role.arn, description: 'Role GitHub Actions assumes to push images' };
    }
    for (const [id, output] of Object.entries(outputs)) {
      new TerraformOutput(this, id, output).overrideLogicalId(id);
    }
  }
}
