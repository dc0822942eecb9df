/**
 * Turns what discovery read into an environment file: every setting that must follow an existing
 * resource (names, container, cpu/memory, encryption type, group descriptions, launch type, certificate
 * names, hosted zone), the `imports:` IDs, and comments where the user must decide (marked DECIDE).
 * Plain-text secrets of the old task definition never reach the file: they become `secrets` entries
 * pointing at a Secrets Manager secret the user creates first.
 */
import { Document, isMap, isScalar, type YAMLMap } from 'yaml';
import { SECRET_NAME } from '../policies/rules/no-plaintext-secrets';
import { loadBalancerRules, serviceRules } from '../constructs/security-group-rules';
import { isValidFargatePair } from '../config/fargate';
import * as patterns from '../config/patterns';
import type { AccountView } from './read-account';
import { sameName, zoneId } from './read-account';
import { describeRule, groupChanges, type GroupChanges } from './security-group-changes';
import { DiscoveryError } from './errors';

export interface EnvironmentDraft {
  /** The YAML text, comments included. */
  readonly text: string;
  /** Changes of the adopted security groups' rules at the first apply. */
  readonly groupChanges: readonly GroupChanges[];
  /** Settings the user must decide, one line each (also DECIDE comments in the file). */
  readonly decisions: readonly string[];
  /** What discovery found that the user should know, one line each. */
  readonly notes: readonly string[];
}

export interface DraftOptions {
  /** The stack name (the output file's stem). */
  readonly envName: string;
  /** The command line that produced the file, for its header. */
  readonly command: string;
  /** Path of config/environment.schema.json relative to the file, for editors. */
  readonly schemaPath: string;
}

/** Names of plain variables that hold a secret: the gate's own list, or a URL with a password in it. */
export function isSecretVariable(name: string, value: string): boolean {
  return SECRET_NAME.test(name) || /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]+:[^/@\s]+@/i.test(value);
}

export function draftEnvironment(view: AccountView, options: DraftOptions): EnvironmentDraft {
  const comments: Array<{ path: string[]; text: string }> = [];
  const decisions: string[] = [];
  const notes: string[] = [];
  const note = (path: string[], text: string) => comments.push({ path, text });
  const decide = (path: string[], text: string) => {
    comments.push({ path, text: `DECIDE: ${text}` });
    decisions.push(`${path.join('.')}: ${text.split('\n')[0]}`);
  };

  const { service, container, loadBalancer, targetGroup } = view;
  const binding = service.loadBalancers![0];
  const awsvpc = service.networkConfiguration!.awsvpcConfiguration!;
  const publicIp = awsvpc.assignPublicIp === 'ENABLED';
  const lbSubnets = (loadBalancer.AvailabilityZones ?? []).map((zone) => zone.SubnetId!).filter(Boolean);

  const settings: Record<string, unknown> = {};
  settings.app = appName(view.repository?.repositoryName ?? service.serviceName!);
  settings.production = false;
  decide(['production'], 'true applies the production rules (immutable tags, no `latest`, deletion protection).');
  settings.accountId = view.accountId;
  note(['accountId'], 'The account the hand-made resources live in (every ARN below names it).');
  settings.region = view.region;
  settings.domain = view.domain;
  settings.hostedZoneId = zoneId(view.hostedZone);

  // Certificate: adopt an ACM certificate only when the stack would request exactly the same one.
  const imports: Record<string, string> = {};
  const cert = view.certificate;
  const certId = cert?.CertificateArn?.split('/').pop();
  if (cert && cert.Type === 'IMPORTED') {
    settings.certificate = { source: 'imported', certificateFile: `certs/${options.envName}/cert.pem`, chainFile: `certs/${options.envName}/chain.pem` };
    decide(['certificate'], `certificate ${certId} was imported (Certbot): put its cert.pem and chain.pem at these paths (relative to this file)\nbefore the first synth, and pass the private key as TF_VAR_tls_private_key; re-importing the same files keeps the ARN.`);
    imports.certificate = cert.CertificateArn!;
  } else {
    const dnsValidated = cert?.Type === 'AMAZON_ISSUED' && (cert.DomainValidationOptions ?? []).every((option) => option.ValidationMethod === 'DNS');
    const sans = (cert?.SubjectAlternativeNames ?? []).filter((name) => name !== cert?.DomainName);
    settings.certificate = { source: 'acm', subjectAlternativeNames: cert && dnsValidated ? sans : [] };
    if (cert && dnsValidated && cert.DomainName === view.domain) {
      imports.certificate = cert.CertificateArn!;
      note(['certificate', 'subjectAlternativeNames'], `The names of certificate ${certId} besides the domain; other names would\nissue a new certificate.`);
    } else if (cert) {
      note(['certificate'], `Certificate ${certId} (${cert.DomainName}, ${cert.Type}, ${dnsValidated ? 'DNS' : 'not DNS'}-validated) is not adopted:\nthe stack requests a DNS-validated certificate for ${view.domain} and the HTTPS listener switches to it.`);
      notes.push(`certificate ${certId} is not adopted; the stack requests its own DNS-validated certificate for ${view.domain}`);
    } else {
      note(['certificate'], `The load balancer has no HTTPS listener yet: the stack requests this certificate and adds one.`);
    }
  }

  const existing: Record<string, unknown> = { vpcId: loadBalancer.VpcId, cidrBlock: view.vpcCidrBlock, publicSubnetIds: lbSubnets };
  if (!publicIp) existing.privateSubnetIds = awsvpc.subnets ?? [];
  settings.network = { existing };
  if (publicIp && !sameSet(awsvpc.subnets ?? [], lbSubnets)) {
    note(['network', 'existing', 'publicSubnetIds'], `The load balancer's subnets. The tasks (public IPs) run in these too: the first apply moves\nthem from ${(awsvpc.subnets ?? []).join(', ')}.`);
  }

  const registry: Record<string, unknown> = {};
  if (view.repository) {
    registry.name = view.repository.repositoryName;
    const encryption = view.repository.encryptionConfiguration;
    registry.encryptionType = encryption?.encryptionType === 'AES256' ? 'AES256' : 'KMS';
    if (encryption?.encryptionType === 'AES256') {
      note(['registry', 'encryptionType'], 'As the repository was made; AWS cannot change it (KMS would replace the repository).');
    } else if (encryption?.kmsKey && !/alias\/aws\/ecr$/.test(encryption.kmsKey)) {
      registry.kmsKeyArn = encryption.kmsKey;
    }
    registry.imageTagMutability = 'IMMUTABLE';
    if (view.repository.imageTagMutability !== 'IMMUTABLE') {
      decide(['registry', 'imageTagMutability'], `the repository is ${view.repository.imageTagMutability}; IMMUTABLE (the stack's default) means every push needs a new tag.`);
    }
    imports.repository = view.repository.repositoryName!;
    if (view.repositoryHasLifecyclePolicy) imports.lifecyclePolicy = view.repository.repositoryName!;
  } else {
    notes.push(`the image ${view.image.image} is not in this account's ECR in ${view.region}: the stack creates a repository; push the image there before the apply`);
  }
  settings.registry = registry;

  const insights = view.cluster.settings?.find((setting) => setting.name === 'containerInsights')?.value;
  const cluster: Record<string, unknown> = { name: view.cluster.clusterName };
  if (insights === 'enabled' || insights === 'enhanced' || insights === 'disabled') cluster.containerInsights = insights;
  settings.cluster = cluster;
  if (insights === 'disabled') decide(['cluster', 'containerInsights'], 'Container Insights is off on this cluster; `enabled` adds metrics (and their CloudWatch cost).');
  imports.cluster = view.cluster.clusterName!;

  const task = buildTask(view, decide, note, notes);
  settings.task = task;

  const logGroupName = container.logConfiguration?.options?.['awslogs-group'];
  if (logGroupName) {
    const logs: Record<string, unknown> = { groupName: logGroupName };
    const retention = view.logGroup?.retentionInDays;
    if (retention !== undefined && patterns.LOG_RETENTION_DAYS.includes(retention)) logs.retentionDays = retention;
    settings.logs = logs;
    if (view.logGroup) {
      imports.logGroup = logGroupName;
      if (retention === undefined) notes.push(`log group ${logGroupName} keeps logs forever; the stack sets 30 days (logs.retentionDays)`);
    }
  }

  const policy = view.httpsListener?.SslPolicy;
  const tls13 = policy !== undefined && patterns.tls13Policy.safeParse(policy).success;
  settings.loadBalancer = {
    name: loadBalancer.LoadBalancerName,
    securityGroupName: view.loadBalancerGroup.GroupName,
    securityGroupDescription: view.loadBalancerGroup.Description,
    ipAddressType: loadBalancer.IpAddressType === 'dualstack' ? 'dualstack' : 'ipv4',
    ...(tls13 ? { sslPolicy: policy } : {}),
    targetGroup: {
      name: targetGroup.TargetGroupName,
      healthCheckPath: targetGroup.HealthCheckPath ?? '/',
      healthCheckMatcher: targetGroup.Matcher?.HttpCode ?? '200',
    },
  };
  if (policy && !tls13) notes.push(`the HTTPS listener's TLS policy ${policy} allows TLS versions below 1.2 or has no TLS 1.3; the stack sets ELBSecurityPolicy-TLS13-1-2-2021-06`);
  note(['loadBalancer', 'targetGroup', 'healthCheckPath'], 'The health check the app answers today (the container health check requests it too).');
  imports.loadBalancer = loadBalancer.LoadBalancerArn!;
  imports.targetGroup = targetGroup.TargetGroupArn!;
  if (view.httpListener) imports.httpListener = view.httpListener.ListenerArn!;
  if (view.httpsListener) imports.httpsListener = view.httpsListener.ListenerArn!;
  for (const listener of view.otherListeners) {
    notes.push(`listener ${listener.Protocol}:${listener.Port} (${listener.ListenerArn}) is not part of the stack: it stays as it is`);
  }

  const serviceSettings: Record<string, unknown> = {
    name: service.serviceName,
    securityGroupName: view.serviceGroup.GroupName,
    securityGroupDescription: view.serviceGroup.Description,
  };
  const strategy = service.capacityProviderStrategy ?? [];
  if (service.launchType === 'FARGATE' || strategy.length === 0) {
    serviceSettings.launchType = 'FARGATE';
    note(['service', 'launchType'], 'The service was made with a launch type; a capacity provider strategy would replace it.');
  } else {
    const spot = strategy.find((item) => item.capacityProvider === 'FARGATE_SPOT');
    const fargate = strategy.find((item) => item.capacityProvider === 'FARGATE');
    const matches = strategy.length <= 2 && fargate?.weight === 1 && (fargate.base ?? 0) === 1 && strategy.every((item) => item === spot || item === fargate);
    if (spot?.weight) serviceSettings.fargateSpotWeight = spot.weight;
    if (!matches) {
      decide(['service'], `the service's capacity provider strategy (${strategy.map((item) => `${item.capacityProvider} weight ${item.weight ?? 0} base ${item.base ?? 0}`).join(', ')})\ndiffers from the stack's (FARGATE weight 1 base 1, plus FARGATE_SPOT): the first apply changes it.`);
    }
  }
  serviceSettings.desiredCount = service.desiredCount ?? 1;
  serviceSettings.assignPublicIp = publicIp;
  settings.service = serviceSettings;
  if (publicIp) note(['service', 'assignPublicIp'], 'Tasks run in the public subnets with public IPs, as they do now.');
  imports.service = `${view.cluster.clusterName}/${service.serviceName}`;

  const lbChanges = groupChanges(view.loadBalancerGroup.GroupId!, view.rules, loadBalancerRules({ targetPorts: [binding.containerPort!], vpcCidrBlock: view.vpcCidrBlock }));
  const serviceChanges = groupChanges(view.serviceGroup.GroupId!, view.rules, serviceRules({ containerPort: binding.containerPort!, loadBalancerSecurityGroupId: view.loadBalancerGroup.GroupId! }));
  imports.loadBalancerSecurityGroup = view.loadBalancerGroup.GroupId!;
  imports.serviceSecurityGroup = view.serviceGroup.GroupId!;

  const alias = view.aliasRecords.find((record) => record.Type === 'A');
  if (alias) imports.aliasRecord = `${zoneId(view.hostedZone)}_${view.domain}_A`;
  const aliasIpv6 = view.aliasRecords.find((record) => record.Type === 'AAAA');
  if (aliasIpv6) imports.aliasRecordIpv6 = `${zoneId(view.hostedZone)}_${view.domain}_AAAA`;
  for (const record of view.aliasRecords) {
    const target = record.AliasTarget?.DNSName ?? '';
    if (!record.AliasTarget || !sameName(target.replace(/^dualstack\./i, ''), loadBalancer.DNSName ?? '')) {
      notes.push(`record ${view.domain} ${record.Type} points at ${target || (record.ResourceRecords ?? []).map((r) => r.Value).join(', ')} now; the first apply points it at ${loadBalancer.LoadBalancerName}`);
    }
  }

  settings.imports = orderImports(imports);
  const document = new Document(settings);
  for (const change of [lbChanges, serviceChanges]) {
    if (change.revoked.length === 0 && change.added.length === 0) continue;
    const key = change === lbChanges ? 'loadBalancerSecurityGroup' : 'serviceSecurityGroup';
    const lines = ['Its rules become exactly the stack\'s. The first apply'];
    for (const rule of change.revoked) lines.push(`  revokes ${rule.id} ${describeRule(rule)}`);
    for (const rule of change.added) lines.push(`  adds ${describeRule(rule)}`);
    comments.push({ path: ['imports', key], text: lines.join('\n') });
  }
  for (const { path, text } of comments) attachComment(document, path, text);
  document.commentBefore = [
    ` yaml-language-server: $schema=${options.schemaPath}`,
    ` Written by`,
    `   ${options.command}`,
    ` from the account's resources (read-only calls). Every value below follows an existing resource: another`,
    ` value would replace it. Lines marked DECIDE need your choice before the first plan; the README's`,
    ` "Adopt resources made by hand" walks through review, plan and apply.`,
  ].join('\n');

  return {
    text: document.toString({ lineWidth: 0 }),
    groupChanges: [lbChanges, serviceChanges],
    decisions,
    notes,
  };
}

function buildTask(
  view: AccountView,
  decide: (path: string[], text: string) => void,
  note: (path: string[], text: string) => void,
  notes: string[],
): Record<string, unknown> {
  const { taskDefinition, container } = view;
  const cpu = Number(taskDefinition.cpu);
  const memory = Number(taskDefinition.memory);
  if (!isValidFargatePair(cpu, memory)) {
    throw new DiscoveryError('unsupported', `task definition ${taskDefinition.taskDefinitionArn} has cpu ${taskDefinition.cpu} and memory ${taskDefinition.memory}, which Fargate does not run`);
  }
  const revision = `${taskDefinition.family}:${taskDefinition.revision}`;
  const task: Record<string, unknown> = {
    family: taskDefinition.family,
    cpu,
    memory,
    ...(taskDefinition.runtimePlatform?.cpuArchitecture === 'ARM64' ? { cpuArchitecture: 'ARM64' } : {}),
    containerName: container.name,
    containerPort: view.service.loadBalancers![0].containerPort,
  };
  note(['task', 'family'], `The stack registers a new revision of this family; revision ${taskDefinition.revision} stays registered for rollback.`);
  const tag = view.image.tag && patterns.imageTag.safeParse(view.image.tag).success ? view.image.tag : 'latest';
  task.imageTag = tag;
  decide(['task', 'imageTag'], `the tag running now${view.image.tag ? '' : ` (the image is pinned by digest: ${view.image.image})`}; CI passes a new one (a commit SHA) with each deploy.`);

  const environment: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const moved: string[] = [];
  for (const variable of container.environment ?? []) {
    if (!variable.name) continue;
    const value = variable.value ?? '';
    if (isSecretVariable(variable.name, value)) {
      secrets[variable.name] = `arn:aws:secretsmanager:${view.region}:${view.accountId}:secret:${taskDefinition.family}/${variable.name}`;
      moved.push(variable.name);
    } else {
      environment[variable.name] = value;
    }
  }
  for (const secret of container.secrets ?? []) {
    if (!secret.name || !secret.valueFrom) continue;
    secrets[secret.name] = secret.valueFrom;
    if (!patterns.secretValueFromArn.safeParse(secret.valueFrom).success) {
      decide(['task', 'secrets', secret.name], `${secret.valueFrom} is not a full ARN; the stack needs the secret's or parameter's ARN.`);
    }
  }
  if (Object.keys(environment).length > 0) task.environment = environment;
  if (Object.keys(secrets).length > 0) task.secrets = secrets;
  for (const name of moved) {
    decide(
      ['task', 'secrets', name],
      `${name} is plain text in ${revision}. Store it in Secrets Manager first:\n  aws secretsmanager create-secret --region ${view.region} --name ${taskDefinition.family}/${name} --secret-string '<the value>'\n(copy the value from revision ${taskDefinition.revision} in the ECS console), then put the ARN it prints here.`,
    );
  }

  const role = view.executionRole?.RoleName ?? taskDefinition.executionRoleArn?.split('/').pop();
  if (role) {
    notes.push(`execution role ${role} is not adopted: the new revision uses the stack's own role, and a destroy never touches ${role}`);
  }
  if (taskDefinition.taskRoleArn) {
    notes.push(`task role ${taskDefinition.taskRoleArn} is not adopted: the stack gives the app its own task role; grant it what the old role allowed`);
  }
  return task;
}

/** The imports in the order of the reference (and of the example file). */
function orderImports(imports: Record<string, string>): Record<string, string> {
  const order = ['repository', 'lifecyclePolicy', 'cluster', 'service', 'logGroup', 'loadBalancer', 'targetGroup', 'httpListener', 'httpsListener', 'loadBalancerSecurityGroup', 'serviceSecurityGroup', 'certificate', 'aliasRecord', 'aliasRecordIpv6'];
  return Object.fromEntries(order.filter((key) => imports[key] !== undefined).map((key) => [key, imports[key]]));
}

/** An app name (2–20 lowercase letters, digits, hyphens) from a resource name. */
export function appName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').slice(0, 20).replace(/-+$/, '');
  return cleaned.length >= 2 ? cleaned : 'app';
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/** Puts `text` as a comment above the key at `path` (each line `# …`). */
function attachComment(document: Document, path: readonly string[], text: string): void {
  const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return;
  const pair = (parent as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === path[path.length - 1]);
  if (!pair || !isScalar(pair.key)) return;
  const lines = text.split('\n').map((line) => ` ${line}`);
  pair.key.commentBefore = pair.key.commentBefore ? `${pair.key.commentBefore}\n${lines.join('\n')}` : lines.join('\n');
}
