/**
 * Adoption must not rename: most AWS names force a replacement when they change. When an import ID
 * carries a name (repository, cluster, service, load balancer, target group, roles, log group,
 * DNS record), it has to equal the name the stack gives that resource; otherwise the error says which
 * field to set.
 */
import type { Imports } from './imports';
import { singleServiceNames, type ResolvedNames } from './names';

export interface ImportNameProblem {
  readonly field: string;
  readonly message: string;
}

interface Context {
  readonly imports: Imports;
  readonly names: ResolvedNames;
  readonly domain: string;
  readonly hostedZoneId: string;
  readonly hasCiPushRole: boolean;
  readonly createsOidcProvider: boolean;
  readonly dualstack: boolean;
}

export function checkImportNames(context: Context): ImportNameProblem[] {
  const { imports } = context;
  const names = { ...context.names, ...singleServiceNames(context.names) };
  const problems: ImportNameProblem[] = [];
  const mustEqual = (key: keyof Imports, actual: string | undefined, expected: string, setting: string) => {
    if (actual === undefined || actual === expected) return;
    problems.push({
      field: `imports.${key}`,
      message: `adopts "${actual}" but the stack names it "${expected}"; set ${setting}: ${actual} (a different name would replace the resource)`,
    });
  };

  mustEqual('repository', imports.repository, names.repository, 'registry.name');
  mustEqual('lifecyclePolicy', imports.lifecyclePolicy, names.repository, 'registry.name');
  mustEqual('cluster', imports.cluster, names.cluster, 'cluster.name');
  if (imports.service) {
    const [cluster, service] = imports.service.split('/');
    mustEqual('service', cluster, names.cluster, 'cluster.name');
    mustEqual('service', service, names.service, 'service.name');
  }
  mustEqual('logGroup', imports.logGroup, names.logGroup, 'logs.groupName');
  mustEqual('taskRole', imports.taskRole, names.taskRole, 'task.taskRoleName');
  mustEqual('repositoryRole', imports.repositoryRole, names.ciPushRole, 'registry.ciPushRole.roleName');
  if (imports.loadBalancer) mustEqual('loadBalancer', imports.loadBalancer.split('/')[2], names.loadBalancer, 'loadBalancer.name');
  if (imports.targetGroup) {
    const adopted = imports.targetGroup.split('/')[1];
    if (names.targetGroup === undefined) {
      problems.push({
        field: 'imports.targetGroup',
        message: `adopts "${adopted}" but the stack generates target group names; set loadBalancer.targetGroup.name: ${adopted}`,
      });
    } else {
      mustEqual('targetGroup', adopted, names.targetGroup, 'loadBalancer.targetGroup.name');
    }
  }
  for (const listener of ['httpListener', 'httpsListener'] as const) {
    const arn = imports[listener];
    if (arn) mustEqual(listener, arn.split('/')[2], names.loadBalancer, 'loadBalancer.name');
  }
  for (const [key, type] of [['aliasRecord', 'A'], ['aliasRecordIpv6', 'AAAA']] as const) {
    const recordId = imports[key];
    if (!recordId) continue;
    const expected = `${context.hostedZoneId}_${context.domain}_${type}`;
    if (recordId.replace(/\.?_(A|AAAA)$/, '_$1').toLowerCase() !== expected.toLowerCase()) {
      problems.push({ field: `imports.${key}`, message: `must be the ${type} record of domain in hostedZoneId: ${expected}` });
    }
  }
  if (imports.aliasRecordIpv6 && !context.dualstack) {
    problems.push({ field: 'imports.aliasRecordIpv6', message: 'the load balancer is ipv4 only, so the stack has no AAAA record; remove this key or set loadBalancer.ipAddressType: dualstack' });
  }
  if (imports.repositoryRole && !context.hasCiPushRole) {
    problems.push({ field: 'imports.repositoryRole', message: 'the file has no registry.ciPushRole to adopt it into' });
  }
  if (imports.oidcProvider && !context.createsOidcProvider) {
    problems.push({ field: 'imports.oidcProvider', message: 'only a stack with registry.ciPushRole.createOidcProvider: true manages the provider; reference it with oidcProviderArn instead' });
  }
  return problems;
}
