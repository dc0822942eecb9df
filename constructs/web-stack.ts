import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { loadBalancerIpAddressType } from '../config/derived';
import type { EnvironmentConfig } from '../config/load';
import { ServiceDiscoveryHttpNamespace } from '@cdktf/provider-aws/lib/service-discovery-http-namespace';
import { callees, isRouted, serviceSpecs, usesServiceConnect, type ServiceSpec } from '../config/services';
import { addAppService, type AppServiceParts, type SharedServiceSettings } from './app-service';
import type { ContainerRegistry } from './container-registry';
import { DnsAlias } from './dns-alias';
import { DnsValidatedCertificate } from './dns-validated-certificate';
import { addEnvironmentBasics } from './environment-basics';
import { EnvironmentHardening } from './environment-hardening';
import { FargateCluster } from './fargate-cluster';
import type { FargateService } from './fargate-service';
import type { FargateTaskDefinition } from './fargate-task-definition';
import { GithubPushRole } from './github-push-role';
import { HttpsListeners } from './https-listeners';
import type { ImageTag } from './image-tag';
import { ImportedCertificate } from './imported-certificate';
import { LoadBalancer } from './load-balancer';
import { NewNetwork, type NetworkAttributes } from './network';
import { offlinePlanVariable, offlineProviderSettings } from './offline-plan';
import { adoptExistingResources } from './resource-imports';
import type { ServiceAutoscaling } from './service-autoscaling';
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
  public readonly network: NetworkAttributes;
  public readonly cluster: FargateCluster;
  public readonly loadBalancer: LoadBalancer;
  public readonly certificate: DnsValidatedCertificate | ImportedCertificate;
  public readonly listeners: HttpsListeners;
  /** Every service, by name (one, named after `app`, in the single-service form). */
  public readonly services: Readonly<Record<string, AppServiceParts>>;
  /** The ECS Service Connect namespace, when a service calls another. */
  public readonly serviceConnectNamespace?: ServiceDiscoveryHttpNamespace;
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
    const specs = serviceSpecs(env);
    const single = specs.length === 1 && specs[0].single;

    // Production hardening, environment level (key, log bucket; web ACL, flow logs and endpoints attach below).
    this.hardening = new EnvironmentHardening(this, 'hardening', { env, accountArn: this.cluster.cluster.arn });

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

    const routedPorts = specs.filter(isRouted).map((spec) => spec.port!);
    const onlyNames = single ? names.services[specs[0].key] : undefined;
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
      // The load balancer reaches each routed service's port inside the VPC, and nothing else.
      targetPort: routedPorts[0],
      additionalTargetPorts: routedPorts.slice(1),
      ipAddressType: loadBalancerIpAddressType(env),
      idleTimeoutSeconds: env.loadBalancer.idleTimeoutSeconds,
      deletionProtection: env.loadBalancer.deletionProtection ?? env.production,
      accessLogs: this.hardening.accessLogs,
      connectionLogs: this.hardening.connectionLogs,
      // The single-service form keeps its target group inside the load balancer construct (its address).
      targetGroup: onlyNames ? { ...specs[0].targetGroup, name: onlyNames.targetGroup, namePrefix: onlyNames.targetGroupPrefix } : undefined,
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

    // Target groups of routed services are made with their services, and the default one is needed by
    // the listener first: the listener's default action is set after the services exist.
    this.listeners = new HttpsListeners(this, 'listeners', {
      loadBalancerArn: this.loadBalancer.loadBalancer.arn,
      targetGroupArn: this.loadBalancer.targetGroup?.arn,
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

    this.waitForSteadyState = new TerraformVariable(this, 'wait-for-steady-state', {
      type: 'bool',
      default: true,
      nullable: false,
      description:
        'Wait for each deployment of the service to finish, and fail the apply when it was rolled back. Set it to false for the first deploy only, before any image is in the repository.',
    });
    this.waitForSteadyState.overrideLogicalId(WAIT_FOR_STEADY_STATE_VARIABLE);

    if (specs.some((spec) => usesServiceConnect(specs, spec))) {
      this.serviceConnectNamespace = new ServiceDiscoveryHttpNamespace(this, 'service-connect', {
        name: `${env.app}-${env.name}`,
        description: `Service Connect names of the ${env.app} ${env.name} services`,
      });
    }
    const shared: SharedServiceSettings = {
      envName: env.name,
      production: env.production,
      region: env.region,
      accountId: this.hardening.accountId,
      clusterArn: this.cluster.cluster.arn,
      clusterName: this.cluster.cluster.name,
      vpcId: this.network.vpcId,
      vpcCidrBlock: this.network.vpcCidrBlock,
      publicSubnetIds: this.network.publicSubnetIds,
      privateSubnetIds: this.network.privateSubnetIds,
      loadBalancerSecurityGroupId: this.loadBalancer.securityGroup.id,
      httpsListenerArn: this.listeners.https.arn,
      registry: {
        production: env.production,
        imageTagMutability: env.registry.imageTagMutability,
        encryptionType: env.registry.encryptionType,
        scanOnPush: env.registry.scanOnPush,
        kmsKeyArn: this.hardening.registryKeyArn,
        releaseTagPrefixes: env.registry.releaseTagPrefixes,
        keepReleases: env.registry.keepReleases,
        keepLastImages: env.registry.keepLastImages,
        untaggedExpiryDays: env.registry.untaggedExpiryDays,
      },
      logRetentionDays: env.logs.retentionDays,
      logKmsKeyArn: this.hardening.logKeyArn,
      secretsKeyArns: (own) => this.hardening.secretsKeyArns(own),
      waitForSteadyState: this.waitForSteadyState.booleanValue,
      dependsOn: [this.listeners.https, this.listeners.http, this.cluster.capacityProviders],
      serviceConnectNamespaceArn: this.serviceConnectNamespace?.arn,
    };
    this.services = this.addServices(specs, shared, single);
    if (!single) {
      const fallback = specs.find((spec) => spec.isDefault);
      if (fallback) this.listeners.forwardByDefault(this.services[fallback.key].targetGroup!.arn);
    }

    const push = env.registry.ciPushRole;
    if (push) {
      const repositories = Object.values(this.services).map((parts) => parts.registry.repository.arn);
      this.pushRole = new GithubPushRole(this, 'ci-push', {
        roleName: names.ciPushRole,
        githubRepository: push.githubRepository,
        branches: push.branches,
        githubEnvironments: push.githubEnvironments,
        oidcProviderArn: push.oidcProviderArn,
        repositoryArn: single ? repositories[0] : repositories,
        kmsKeyArn: this.hardening.registryKeyArn,
      });
    }

    if (env.imports) adoptExistingResources(this, env.imports);
    this.outputs(env);
  }

  /**
   * Builds the services, each after the services that call it (a callee's group names its callers'
   * groups; the loader refuses cycles). The single-service form builds its one service on the stack
   * itself with the construct IDs it always had; the `services:` form nests each under `services/<name>`.
   */
  private addServices(specs: readonly ServiceSpec[], shared: SharedServiceSettings, single: boolean): Record<string, AppServiceParts> {
    const byKey = new Map(specs.map((spec) => [spec.key, spec]));
    const built: Record<string, AppServiceParts> = {};
    const scope = single ? this : new Construct(this, 'services');
    const build = (spec: ServiceSpec): AppServiceParts => {
      const done = built[spec.key];
      if (done) return done;
      const callers = spec.callers.map((caller) => build(byKey.get(caller)!));
      const parts = addAppService(single ? scope : new Construct(scope, spec.key), {
        spec,
        names: this.env.names.services[spec.key],
        shared,
        existingTargetGroup: single ? this.loadBalancer.targetGroup : undefined,
        callerSecurityGroupIds: callers.map((caller) => caller.service.securityGroup.id),
        calleePorts: callees(specs, spec.key).map((callee) => callee.port!),
        called: spec.callers.length > 0,
      });
      built[spec.key] = parts;
      return parts;
    };
    specs.forEach(build);
    return built;
  }

  /** The only service of a single-service stack (what adoption and older callers work on). */
  private only(): AppServiceParts {
    const all = Object.values(this.services);
    if (all.length !== 1) throw new Error(`stack ${this.env.name} has ${all.length} services; use stack.services[<name>]`);
    return all[0];
  }

  /** The ECR repository of the only service. */
  get registry(): ContainerRegistry {
    return this.only().registry;
  }

  /** The task definition of the only service. */
  get task(): FargateTaskDefinition {
    return this.only().task;
  }

  /** The ECS service of the only service. */
  get service(): FargateService {
    return this.only().service;
  }

  /** The autoscaling of the only service. */
  get autoscaling(): ServiceAutoscaling | undefined {
    return this.only().autoscaling;
  }

  /** The image tag variable of the only service. */
  get imageTag(): ImageTag {
    return this.only().imageTag;
  }

  private outputs(env: EnvironmentConfig): void {
    const outputs: Record<string, { value: string; description: string }> = {
      service_url: { value: `https://${env.domain}`, description: 'Where the service answers' },
      alb_dns_name: { value: this.loadBalancer.loadBalancer.dnsName, description: 'DNS name of the load balancer' },
      cluster_name: { value: this.cluster.cluster.name, description: 'ECS cluster' },
      certificate_arn: { value: this.certificate.certificateArn, description: 'ACM certificate of the HTTPS listener' },
    };
    for (const [key, parts] of Object.entries(this.services)) {
      // The single-service form keeps its output names; many services get one of each per service.
      const suffix = parts.spec.single ? '' : `_${key.replace(/-/g, '_')}`;
      outputs[`ecr_repository_url${suffix}`] = { value: parts.registry.repository.repositoryUrl, description: `Push ${parts.spec.single ? '' : `${key} `}images here` };
      outputs[`service_name${suffix}`] = { value: parts.service.service.name, description: `ECS service${parts.spec.single ? '' : ` ${key}`}` };
    }
    if (this.pushRole) {
      outputs.ci_push_role_arn = { value: this.pushRole.role.arn, description: 'Role GitHub Actions assumes to push images' };
    }
    for (const [id, output] of Object.entries(outputs)) {
      new TerraformOutput(this, id, output).overrideLogicalId(id);
    }
  }
}
