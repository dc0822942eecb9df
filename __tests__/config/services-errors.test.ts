/**
 * The `services:` form: what loads (names per service, the single-service form as one service), and
 * every configuration error of many services, each naming the field and what is allowed.
 */
import { ConfigError } from '../../config/errors';
import { loadEnvironment, loadEnvironments } from '../../config/load';
import { serviceSpecs } from '../../config/services';
import { baseEnvironment, merge, problemsFor, writeEnvironment } from '../helpers/environments';

/** A valid three-service file: web on /*, api on /api/* called by web, a worker. */
function threeServices(patch: Record<string, unknown> = {}): Record<string, unknown> {
  const base = merge(baseEnvironment(), { task: undefined });
  return merge(
    {
      ...base,
      services: {
        web: { port: 3000, routing: { pathPatterns: ['/*'], priority: 100 }, task: { imageTag: '1.0.0' } },
        api: { port: 4000, routing: { pathPatterns: ['/api/*'], priority: 10 }, callers: ['web'], task: { imageTag: '1.0.0' } },
        worker: { task: { imageTag: '1.0.0' } },
      },
    },
    patch,
  );
}

test('three services load, each with names derived from <app>-<env>-<service>', () => {
  const { file } = writeEnvironment('dev', threeServices());
  const env = loadEnvironment(file);
  expect(Object.keys(env.names.services)).toEqual(['web', 'api', 'worker']);
  expect(env.names.services.api).toEqual({
    repository: 'web-dev-api',
    service: 'web-dev-api',
    taskFamily: 'web-dev-api',
    targetGroup: undefined,
    targetGroupPrefix: 'api',
    serviceSecurityGroup: 'web-dev-api-service',
    executionRole: 'web-dev-api-execution',
    taskRole: 'web-dev-api-task',
    logGroup: '/ecs/web-dev-api',
  });
  expect(env.names).toMatchObject({ cluster: 'web-dev', loadBalancer: 'web-dev' });
  const specs = serviceSpecs(env);
  expect(specs.map((spec) => [spec.key, spec.port, spec.routing?.priority, spec.isDefault, spec.callers])).toEqual([
    ['web', 3000, 100, false, []],
    ['api', 4000, 10, false, ['web']],
    ['worker', undefined, undefined, false, []],
  ]);
});

test('the single-service form is one service named after app, routed by default, with the names it always had', () => {
  const { file } = writeEnvironment('dev', baseEnvironment());
  const env = loadEnvironment(file);
  expect(serviceSpecs(env).map((spec) => ({ key: spec.key, single: spec.single, port: spec.port, isDefault: spec.isDefault }))).toEqual([{ key: 'web', single: true, port: 3000, isDefault: true }]);
  expect(env.names.services.web).toMatchObject({ repository: 'web-dev', service: 'web-dev', serviceSecurityGroup: 'web-dev-service', logGroup: '/ecs/web-dev', targetGroupPrefix: 'web' });
});

const cases: Array<[string, Record<string, unknown>, RegExp]> = [
  ['both forms in one file', merge(threeServices(), { task: { imageTag: '1.0.0' } }), /^task: cannot be used with services: \(the file uses both forms: task: describes the one service of the single-service form, services: names many\)/],
  ['service: beside services:', merge(threeServices(), { service: { desiredCount: 3 } }), /^service: cannot be used with services:/],
  ['neither form', merge(baseEnvironment(), { task: undefined }), /^task: is required: describe the service with `task:` \(and `service:`\), or several services with `services:`/],
  ['no services at all', merge(baseEnvironment(), { task: undefined, services: {} }), /^services: is empty/],
  ['a service name with capitals', merge(threeServices(), { services: { Admin: { task: { imageTag: '1' } } } }), /^services\.Admin: .*must be a service name: lowercase letters, digits and hyphens/],
  ['an unknown caller', merge(threeServices(), { services: { api: { callers: ['web', 'admin'] } } }), /^services\.api\.callers\[1\]: "admin" is not a service of this environment; services: web, api, worker$/],
  ['a service calling itself', merge(threeServices(), { services: { api: { callers: ['api'] } } }), /^services\.api\.callers\[0\]: names api itself/],
  ['routing without a port', merge(threeServices(), { services: { web: { port: undefined } } }), /^services\.web\.port: is required: web is routed \(routing\), and the load balancer forwards to this port/],
  ['the default without a port', merge(threeServices(), { services: { worker: { default: true } } }), /^services\.worker\.port: is required: worker is the default service/],
  ['a target group on a worker', merge(threeServices(), { services: { worker: { targetGroup: { healthCheckPath: '/ready' } } } }), /^services\.worker\.targetGroup: is only for a routed service; worker has no routing and is not the default/],
  ['a worker that is called', merge(threeServices(), { services: { worker: { callers: ['web'] } } }), /^services\.worker\.callers: lists callers, but worker has no port \(a worker cannot be called\)/],
  ['a duplicate priority', merge(threeServices(), { services: { api: { routing: { priority: 100 } } } }), /^services\.api\.routing\.priority: \(100\) is also the priority of web; each listener rule needs its own priority/],
  ['identical conditions', merge(threeServices(), { services: { api: { routing: { pathPatterns: ['/*'] } } } }), /^services\.api\.routing: has the same conditions as web's routing; the rule with the higher priority would never match/],
  ['routing without conditions', merge(threeServices(), { services: { api: { routing: { pathPatterns: [] } } } }), /^services\.api\.routing: needs hostHeaders, pathPatterns or both/],
  ['too many condition values', merge(threeServices(), { services: { api: { routing: { pathPatterns: ['/a', '/b', '/c'], hostHeaders: ['a.example.com', 'b.example.com', 'c.example.com'] } } } }), /^services\.api\.routing: has 6 condition values; a listener rule allows 5/],
  ['two defaults', merge(threeServices(), { services: { web: { default: true }, api: { default: true } } }), /^services\.api\.default: is also true for web; one service at most takes the listener's default action/],
  ['a caller cycle', merge(threeServices(), { services: { web: { callers: ['api'] } } }), /^services\.(web|api)\.callers: form a cycle \((web → api|api → web) → (web|api), "a → b" meaning b is among a's callers\)/],
  ['a caller cycle through a worker', merge(threeServices(), { services: { worker: { callers: ['api'] }, api: { callers: ['web', 'worker'] } } }), /callers: form a cycle .*and it includes a worker, which has no port and cannot be called/],
  ['a repository name for many services', merge(threeServices(), { registry: { name: 'shared' } }), /^registry\.name: cannot be used with services: \(each service has its own repository/],
  ['a log group name for many services', merge(threeServices(), { logs: { groupName: '/ecs/shared' } }), /^logs\.groupName: cannot be used with services:/],
  ['imports with many services', merge(threeServices(), { imports: { cluster: 'web-dev' } }), /^imports: cannot be used with services: \(adoption takes the resources of one service/],
  ['a per-service setting checked at its own path', merge(threeServices(), { services: { api: { task: { cpu: 512, memory: 512 } } } }), /^services\.api\.task\.memory: 512 MiB is not allowed with cpu 512/],
  ['latest in production, per service', merge(threeServices(), { production: true, accountId: '123456789012', services: { worker: { task: { imageTag: 'latest' } } } }), /^services\.worker\.task\.imageTag: "latest" is not allowed in production/],
  ['a role name too long for AWS', merge(threeServices(), { app: 'a-very-long-app-name', services: { 'reporting-worker-two': { task: { imageTag: '1' } } } }), /^services\.reporting-worker-two\.task\.executionRoleName: the default name "a-very-long-app-name-a-long-environment-name-reporting-worker-two-execution" is \d+ characters; AWS allows 64: set services\.reporting-worker-two\.task\.executionRoleName or use a shorter app or service name/],
  ['two services with one ECS service name', merge(threeServices(), { services: { api: { service: { name: 'web-dev-web' } } } }), /^services\.api\.service\.name: "web-dev-web" is also the ECS service of web; each service needs its own/],
  ['a build context that does not exist', merge(threeServices(), { services: { api: { buildContext: 'no-such-dir' } } }), /^services\.api\.buildContext: no-such-dir does not exist; give the directory that holds the service's Dockerfile/],
];

test.each(cases)('%s', (name, content, expected) => {
  const stack = name === 'a role name too long for AWS' ? 'a-long-environment-name' : 'dev';
  expect(problemsFor(content, stack)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
});

test('more routed services than a listener holds rules', () => {
  const services: Record<string, unknown> = {};
  for (let i = 0; i < 101; i++) services[`s${i}`] = { port: 3000, routing: { pathPatterns: [`/s${i}/*`], priority: i + 1 }, task: { imageTag: '1' } };
  expect(problemsFor(merge(baseEnvironment(), { task: undefined, services }))).toEqual(
    expect.arrayContaining([expect.stringMatching(/^services: has 101 services with routing; a listener holds at most 100 rules/)]),
  );
});

test('a problem in a service names the file and the line of its field', () => {
  const { file } = writeEnvironment(
    'dev',
    'app: web\nproduction: false\nregion: us-east-1\ndomain: example.com\nhostedZoneId: Z1\ncertificate:\n  source: acm\nnetwork:\n  create:\n    availabilityZones: [us-east-1a, us-east-1b]\nservices:\n  web:\n    port: 3000\n    routing: { pathPatterns: ["/*"], priority: 5 }\n    task: { imageTag: v1 }\n  api:\n    port: 4000\n    callers: [front]\n    task: { imageTag: v1 }\n',
  );
  expect(() => loadEnvironment(file)).toThrow(/dev\.yaml:18: services\.api\.callers\[0\]: "front" is not a service of this environment; services: web, api/);
});

test('service names of two files in one account and region must differ', () => {
  const dir = writeEnvironment('dev', merge(threeServices(), { accountId: '123456789012' })).dir;
  writeEnvironment('staging', merge(threeServices(), { accountId: '123456789012', domain: 'staging.example.com', services: { api: { task: { taskRoleName: 'web-dev-api-task' } } } }), {}, dir);
  let error: unknown;
  try {
    loadEnvironments([`${dir}/dev.yaml`, `${dir}/staging.yaml`]);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems.map((p) => `${p.field}: ${p.message}`)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^services\.api\.task\.taskRoleName: the IAM role name "web-dev-api-task" is also used by/)]),
  );
});
