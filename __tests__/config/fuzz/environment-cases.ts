/**
 * Bad environment files, one class of input a row: what a user (or a tired user, or an attacker with
 * commit access) might put in `environments/`, and the message each must produce — file, line, field,
 * what was received and what is allowed. Every row once crashed with a stack trace, hung, was
 * accepted and failed at apply, or gave a message without a line; none may again.
 */
import type { FileSpec } from './files';

export interface ExpectedProblem {
  /** File name inside the environments directory. */
  readonly file: string;
  /** Expected line; undefined for problems with the file as a whole (it cannot be read). */
  readonly line?: number;
  readonly field: string | RegExp;
  readonly message: RegExp;
}

export interface EnvironmentCase {
  /** The class of input. */
  readonly name: string;
  /** Files of the environments directory. */
  readonly files: Readonly<Record<string, FileSpec>>;
  /** Problems that must be reported (others may be too). Empty: the files must load. */
  readonly expected: readonly ExpectedProblem[];
  /** Stacks that must load when `expected` is empty. */
  readonly loads?: readonly string[];
  /** The printed report must match this, and stay under `maxReportBytes`. */
  readonly report?: RegExp;
  readonly maxReportBytes?: number;
}

/** A valid file; every line number below counts from it (13 is the first appended line). */
export const BASE_LINES: readonly string[] = [
  'app: web', // 1
  'production: false', // 2
  'region: us-east-1', // 3
  'domain: dev.example.com', // 4
  'hostedZoneId: Z0123456789EXAMPLE', // 5
  'certificate:', // 6
  '  source: acm', // 7
  'network:', // 8
  '  create:', // 9
  '    availabilityZones: [us-east-1a, us-east-1b]', // 10
  'task:', // 11
  '  imageTag: "1.2.3"', // 12
];

/** BASE_LINES with `appended` lines after line 12 (still inside `task:` when indented). */
export function env(...appended: string[]): string {
  return [...BASE_LINES, ...appended].join('\n') + '\n';
}

/** BASE_LINES with line `line` (1-based) replaced by `replacement` (which may be several lines). */
export function envWith(line: number, replacement: string | null, ...appended: string[]): string {
  const lines = [...BASE_LINES];
  if (replacement === null) lines.splice(line - 1, 1);
  else lines.splice(line - 1, 1, replacement);
  return [...lines, ...appended].join('\n') + '\n';
}

const dev = (text: string | Buffer | FileSpec) => ({ 'dev.yaml': text });
const one = (line: number | undefined, field: string | RegExp, message: RegExp, file = 'dev.yaml'): ExpectedProblem[] => [{ file, line, field, message }];

const billionLaughs = [
  'lol1: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'lol2: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'lol3: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'lol4: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'lol5: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
];

const utf16 = (text: string, bom: boolean, bigEndian: boolean): Buffer => {
  const little = Buffer.from(text, 'utf16le');
  const body = bigEndian ? Buffer.from(little.map((_, i) => little[i % 2 === 0 ? i + 1 : i - 1])) : little;
  return bom ? Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), body]) : body;
};

const manyTags = Array.from({ length: 46 }, (_, i) => `  team-${i}: x`);
const account = (id: string) => `accountId: "${id}"`;
const oidcCreator = ['registry:', '  ciPushRole:', '    githubRepository: example-org/web', '    createOidcProvider: true'];

export const ENVIRONMENT_CASES: readonly EnvironmentCase[] = [
  // YAML structure
  { name: 'alias without an anchor', files: dev(env('tags: *missing')), expected: one(13, 'tags', /^alias \*missing refers to no anchor &missing defined before it$/) },
  { name: 'circular alias', files: dev(env('tags: &loop {owner: *loop}')), expected: one(13, 'tags.owner', /^alias \*loop is inside the value of its own anchor &loop, which would make an endless value$/) },
  { name: 'alias bomb (billion laughs)', files: dev(env(...billionLaughs)), expected: one(14, '', /^aliases expand to more than 100 copies of their anchors \(an "alias bomb"\)/) },
  { name: 'more than 100 aliases', files: dev(env('anchor: &v x', `many: [${Array(150).fill('*v').join(', ')}]`)), expected: one(14, '', /^aliases expand to more than 100 copies/) },
  { name: 'custom YAML tag', files: dev(env('tags:', '  owner: !custom team')), expected: one(14, 'tags.owner', /^unknown YAML tag !custom; tags are not supported here: remove it \(write the plain value\)$/) },
  { name: 'YAML 1.1 tag outside the core schema', files: dev(env('tags:', '  owner: !!binary aGVsbG8=')), expected: one(14, 'tags.owner', /^the YAML tag !!binary is not supported here; write the plain value$/) },
  { name: 'second YAML document', files: dev(env('---', 'app: other')), expected: one(13, '', /^YAML does not parse: the file holds more than one YAML document/) },
  { name: 'syntax error', files: dev(env('  environment: [1,')), expected: one(14, '', /^YAML does not parse:/) },
  { name: 'duplicate key', files: dev(env('app: api')), expected: one(13, 'app', /^appears twice in one mapping \(first on line 1\); keep one$/) },
  { name: 'nesting past the parser stack', files: dev(env(`tags: ${'['.repeat(5000)}${']'.repeat(5000)}`)), expected: one(13, /^tags/, /^YAML does not parse: nested too deeply to read$/) },
  { name: 'nesting deeper than any setting', files: dev(env(`tags: ${'['.repeat(40)}${']'.repeat(40)}`)), expected: one(13, /^tags(\[0\])+$/, /^is nested more than 32 levels deep/) },
  { name: '__proto__ key under tags', files: dev(env('tags:', '  __proto__: x')), expected: one(14, 'tags.__proto__', /^the key "__proto__" is not allowed \(JavaScript would drop it silently\)$/) },
  { name: '__proto__ key under task.environment', files: dev(env('  environment:', '    __proto__: x')), expected: one(14, 'task.environment.__proto__', /^the key "__proto__" is not allowed/) },
  { name: '__proto__ key under task.secrets', files: dev(env('  secrets:', '    __proto__: arn:aws:ssm:us-east-1:123456789012:parameter/x')), expected: one(14, 'task.secrets.__proto__', /^the key "__proto__" is not allowed/) },
  { name: '__proto__ key at the top level', files: dev(env('__proto__: {app: evil}')), expected: one(13, '__proto__', /^the key "__proto__" is not allowed/) },
  { name: 'YAML merge key', files: dev(env('  <<: {cpu: 512}')), expected: one(13, 'task.<<', /^YAML merge keys \(<<\) are not supported/) },
  { name: 'key that is a list', files: dev(env('? [a, b]', ': x')), expected: one(13, '', /^has a key that is not plain text/) },

  // Encoding and shape
  { name: 'UTF-16 LE with a byte order mark', files: dev(utf16(env(), true, false)), expected: one(undefined, '', /^is saved as UTF-16 .*save it as UTF-8$/) },
  { name: 'UTF-16 BE without a byte order mark', files: dev(utf16(env(), false, true)), expected: one(undefined, '', /^looks like UTF-16 text .*save it as UTF-8$/) },
  { name: 'invalid UTF-8 (Latin-1 é)', files: dev(Buffer.from(envWith(4, 'domain: caf\u00e9.example.com'), 'latin1')), expected: one(4, '', /^is not valid UTF-8 \(byte \d+, 0xe9\); save it as UTF-8$/) },
  { name: 'NUL byte in the file', files: dev(Buffer.from(env('tags:', '  owner: a\u0000b'), 'utf8')), expected: one(14, '', /^contains a NUL byte; an environment file is UTF-8 text$/) },
  { name: 'NUL character written as an escape', files: dev(env('  environment:', '    GREETING: "a\\0b"')), expected: one(14, 'task.environment.GREETING', /^contains a NUL character \(\\0\), which AWS rejects/) },
  { name: 'empty file', files: dev(''), expected: one(1, '', /^is empty; an environment file is a YAML mapping of settings \(the file has no content\)/) },
  { name: 'comments only', files: dev('# nothing here yet\n'), expected: one(1, '', /^is empty; .*\(it holds only comments\)/) },
  { name: 'a list instead of a mapping', files: dev('- app: web\n- region: us-east-1\n'), expected: one(1, '', /^must be a YAML mapping of settings \(key: value lines\); received a list of 2 item\(s\)$/) },
  { name: 'a scalar instead of a mapping', files: dev('hello\n'), expected: one(1, '', /^must be a YAML mapping of settings \(key: value lines\); received the string "hello"$/) },
  { name: 'empty section', files: dev(env('service:')), expected: one(13, 'service', /^must be a mapping of settings; received an empty value$/) },

  // Numbers and types
  { name: '.inf for a whole number', files: dev(env('service:', '  desiredCount: .inf')), expected: one(14, 'service.desiredCount', /^must be a whole number from 0 to 1000; received \.inf \(not a finite number\)$/) },
  { name: '-.inf for a whole number', files: dev(env('service:', '  desiredCount: -.inf')), expected: one(14, 'service.desiredCount', /^must be a whole number from 0 to 1000; received -\.inf \(not a finite number\)$/) },
  { name: '.nan for a whole number', files: dev(env('service:', '  desiredCount: .nan')), expected: one(14, 'service.desiredCount', /^must be a whole number from 0 to 1000; received \.nan \(not a finite number\)$/) },
  { name: '1e400 (beyond a double)', files: dev(env('service:', '  desiredCount: 1e400')), expected: one(14, 'service.desiredCount', /^must be a whole number from 0 to 1000; received 1e400 \(not a finite number\)$/) },
  { name: '1e308 (beyond the safe integers)', files: dev(env('service:', '  desiredCount: 1e308')), expected: one(14, 'service.desiredCount', /^must be a whole number from 0 to 1000; received the number 1e308$/) },
  { name: 'fraction for a whole number', files: dev(env('service:', '  desiredCount: 1.5')), expected: one(14, 'service.desiredCount', /^must be a whole number from 0 to 1000; received the number 1\.5$/) },
  { name: 'quoted number for a choice', files: dev(env('  cpu: "512"', '  memory: 1024')), expected: one(13, 'task.cpu', /^must be one of 256, 512, 1024, 2048, 4096, 8192, 16384; received the string "512" \(write it without quotes\)$/) },
  { name: 'quoted number for a number', files: dev(env('service:', '  desiredCount: "2"')), expected: one(14, 'service.desiredCount', /^must be a whole number from 0 to 1000; received the string "2" \(write it without quotes\)$/) },
  { name: 'number where text is expected (1.0 reads as 1)', files: dev(envWith(12, '  imageTag: 1.0')), expected: one(12, 'task.imageTag', /^must be text: a Docker image tag.*; received the number 1\.0 \(quote it: "1\.0"\)$/) },
  { name: 'YAML 1.1 boolean', files: dev(envWith(2, 'production: yes')), expected: one(2, 'production', /^must be true or false; received the string "yes" \(write true or false, without quotes\)$/) },
  { name: 'quoted boolean', files: dev(envWith(2, 'production: "true"')), expected: one(2, 'production', /^must be true or false; received the string "true" \(write true or false, without quotes\)$/) },
  { name: 'variable name starting with a digit', files: dev(env('  environment:', '    1BAD: x')), expected: one(14, 'task.environment.1BAD', /^the name "1BAD" is not allowed here: must be an environment variable name: letters, digits, underscores, not starting with a digit$/) },
  {
    name: '5,000 unknown keys',
    files: dev(env(...Array.from({ length: 5000 }, (_, i) => `unknown${i}: x`))),
    expected: one(13, 'unknown0', /^unknown key; allowed here: app, production, accountId/),
    report: /error: \S*dev\.yaml: … and 4980 more problem\(s\) in this file, not shown\n\n5000 configuration error\(s\) in 1 file; nothing was written\.$/,
    maxReportBytes: 16 * 1024,
  },
  { name: '1,000-character key', files: dev(env(`${'k'.repeat(1000)}: x`)), expected: one(13, /^k{80}… \(1000 characters\)$/, /^unknown key; allowed here:/), maxReportBytes: 2048 },
  { name: '10,000-character key (beyond YAML\'s implicit key limit)', files: dev(env(`${'k'.repeat(10000)}: x`)), expected: one(13, /^k{80}… \(10000 characters\)$/, /^YAML does not parse: The : indicator must be at most 1024 chars/), maxReportBytes: 2048 },
  { name: '10,000-character value', files: dev(envWith(4, `domain: ${'a'.repeat(10000)}.com`)), expected: one(4, 'domain', /^must be at most 253 characters; received the string "a{60}… \(10004 characters\)"$/), maxReportBytes: 2048 },

  // Required fields and accounts
  { name: 'production marker missing', files: dev(envWith(2, null)), expected: one(1, 'production', /^is required: write `production: true` or `production: false`/) },
  { name: 'required setting missing in a section', files: dev(envWith(12, '  cpu: 256')), expected: one(11, 'task.imageTag', /^is required \(text: a Docker image tag/) },
  { name: 'production without accountId', files: dev(envWith(2, 'production: true')), expected: one(1, 'accountId', /^is required when production is true: the 12-digit AWS account ID/) },
  { name: 'accountId unquoted', files: dev(env('accountId: 123456789012')), expected: one(13, 'accountId', /^must be text: a 12-digit AWS account ID in quotes.*; received the number 123456789012 \(quote it: "123456789012"\)$/) },
  { name: 'accountId with a leading zero, unquoted', files: dev(env('accountId: 012345678901')), expected: one(13, 'accountId', /received the number 012345678901 \(quote it: "012345678901"\)$/) },
  { name: 'accountId too short', files: dev(env('accountId: "12345"')), expected: one(13, 'accountId', /^must be a 12-digit AWS account ID in quotes, such as "123456789012"; received the string "12345"$/) },
  { name: 'OIDC provider of another account', files: dev(env(account('111111111111'), 'registry:', '  ciPushRole:', '    githubRepository: example-org/web', '    oidcProviderArn: arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com')), expected: one(17, 'registry.ciPushRole.oidcProviderArn', /^names account 222222222222, but accountId is 111111111111/) },
  { name: 'adopted resource of another account', files: dev(env(account('111111111111'), 'imports:', '  certificate: arn:aws:acm:us-east-1:222222222222:certificate/12345678-1234-1234-1234-123456789012')), expected: one(15, 'imports.certificate', /^names account 222222222222, but accountId is 111111111111: a resource the stack adopts/) },

  // Files
  { name: 'directory named like an environment file', files: { 'dev.yaml': env(), 'qa.yaml': { directory: true } }, expected: one(undefined, '', /^is a directory, not a regular file$/, 'qa.yaml') },
  { name: 'named pipe as an environment file', files: { 'dev.yaml': env(), 'qa.yaml': { fifo: true } }, expected: one(undefined, '', /^is a named pipe \(FIFO\), not a regular file$/, 'qa.yaml') },
  { name: 'symbolic link to an environment file', files: { 'shared/qa.yaml': env(), 'qa.yaml': { symlink: 'shared/qa.yaml' } }, expected: [], loads: ['qa'] },
  { name: 'broken symbolic link', files: { 'dev.yaml': env(), 'qa.yaml': { symlink: 'gone.yaml' } }, expected: one(undefined, '', /^is a symbolic link to gone\.yaml, which does not exist$/, 'qa.yaml') },
  { name: 'upper-case file name', files: { 'DEV2.YAML': env() }, expected: one(undefined, '', /^file name "DEV2\.YAML" must be <stack name>\.yaml/, 'DEV2.YAML') },
  { name: 'upper-case extension', files: { 'dev.YML': env() }, expected: [], loads: ['dev'] },
  { name: 'editor lock file beside the environment', files: { 'dev.yaml': env(), '.#dev.yaml': { symlink: 'user@host.1234' } }, expected: [], loads: ['dev'] },
  { name: 'environment file over 256 KiB', files: dev(env(`# ${'x'.repeat(300 * 1024)}`)), expected: one(undefined, '', /^is 300\.2 KiB; at most 256 KiB is allowed here$/) },
  { name: 'environment named like an image stack', files: { 'dev.yaml': env(), 'image-dev.yaml': env() }, expected: one(undefined, '', /^file name "image-dev\.yaml" starts with "image-", which names the image stacks/, 'image-dev.yaml') },
  { name: 'one environment in two files', files: { 'dev.yaml': env(), 'dev.yml': env() }, expected: one(undefined, '', /^stack name "dev" is already used by .*dev\.yaml/, 'dev.yml') },

  // Accepted before, failed at apply
  { name: 'repeated Availability Zone', files: dev(envWith(10, '    availabilityZones: [us-east-1a, us-east-1a]')), expected: one(10, 'network.create.availabilityZones[1]', /^repeats "us-east-1a" \(already item 1\); list each Availability Zone once$/) },
  { name: 'Availability Zone of another region', files: dev(envWith(10, '    availabilityZones: [us-west-2a, us-east-1b]')), expected: one(10, 'network.create.availabilityZones[0]', /^"us-west-2a" is not an Availability Zone of region us-east-1; use us-east-1a, us-east-1b/) },
  {
    name: 'repeated subnet',
    files: dev(envWith(9, '  existing:\n    vpcId: vpc-0a1b2c3d\n    publicSubnetIds: [subnet-0a1b2c3d, subnet-0a1b2c3d]\n    privateSubnetIds: [subnet-0a1b2c3e]').replace('    availabilityZones: [us-east-1a, us-east-1b]\n', '')),
    expected: one(11, 'network.existing.publicSubnetIds[1]', /^repeats "subnet-0a1b2c3d" \(already item 1\); list each subnet once$/),
  },
  { name: 'CIDR with host bits', files: dev(envWith(10, '    cidrBlock: 10.0.0.1/16\n    availabilityZones: [us-east-1a, us-east-1b]')), expected: one(10, 'network.create.cidrBlock', /^has host bits set; the block starts at 10\.0\.0\.0\/16/) },
  { name: 'tag with the reserved aws: prefix', files: dev(env('tags:', '  aws:owner: team')), expected: one(14, 'tags.aws:owner', /^the name "aws:owner" is not allowed here: must not start with "aws:"/) },
  { name: 'tag with the reserved AWS: prefix in capitals', files: dev(env('tags:', '  AWS:Owner: team')), expected: one(14, 'tags.AWS:Owner', /must not start with "aws:"/) },
  { name: 'tag the stack sets itself', files: dev(env('tags:', '  environment: live')), expected: one(14, 'tags.environment', /^is set by the stack on every resource \(application, environment, managed-by\)/) },
  { name: 'more tags than a resource takes', files: dev(env('tags:', ...manyTags)), expected: one(13, 'tags', /^has 46 tags; at most 45 are allowed/) },
  { name: 'push role no workflow can assume', files: dev(env('registry:', '  ciPushRole:', '    githubRepository: example-org/web', '    branches: []', '    createOidcProvider: true')), expected: one(16, 'registry.ciPushRole.branches', /^is empty and so is githubEnvironments: no workflow could assume the role/) },
  { name: 'container health check timeout not below its interval', files: dev(env('  healthCheck:', '    intervalSeconds: 10', '    timeoutSeconds: 10')), expected: one(15, 'task.healthCheck.timeoutSeconds', /^\(10\) must be less than intervalSeconds \(10\)/) },
  { name: 'container health check timeout beyond ECS limits', files: dev(env('  healthCheck:', '    intervalSeconds: 300', '    timeoutSeconds: 90')), expected: one(15, 'task.healthCheck.timeoutSeconds', /^must be a whole number from 2 to 60; received the number 90$/) },
  { name: 'target group interval not above its timeout', files: dev(env('loadBalancer:', '  targetGroup:', '    intervalSeconds: 5')), expected: one(15, 'loadBalancer.targetGroup.intervalSeconds', /^must be a whole number from 6 to 300; received the number 5$/) },
  { name: '70 KB environment value', files: dev(env('  environment:', `    BIG: ${'x'.repeat(70 * 1024)}`)), expected: one(13, 'task.environment', /^with task\.secrets takes 7\d KiB in the task definition; ECS rejects task definitions over 64 KiB/) },
  { name: 'two roles with one name', files: dev(env('  executionRoleName: web-role', '  taskRoleName: web-role')), expected: one(14, 'task.taskRoleName', /^names the role "web-role", which task\.executionRoleName already names/) },
  { name: 'default name too long for AWS', files: { 'a-long-environment-name.yaml': envWith(1, 'app: a-very-long-app-name') }, expected: one(1, 'loadBalancer.name', /^the default name "a-very-long-app-name-a-long-environment-name" is 44 characters; AWS allows 32: set loadBalancer\.name or use a shorter app name$/, 'a-long-environment-name.yaml') },

  // Across files
  {
    name: 'two stacks creating one account\'s OIDC provider',
    files: { 'dev.yaml': env(account('111111111111'), ...oidcCreator), 'qa.yaml': envWith(4, 'domain: qa.example.com', account('111111111111'), ...oidcCreator) },
    expected: [
      { file: 'dev.yaml', line: 17, field: 'registry.ciPushRole.createOidcProvider', message: /^is also true in .*qa\.yaml in account 111111111111; an account holds one GitHub OIDC provider/ },
      { file: 'qa.yaml', line: 17, field: 'registry.ciPushRole.createOidcProvider', message: /^is also true in .*dev\.yaml in account 111111111111/ },
    ],
  },
  {
    name: 'two stacks creating an OIDC provider without accountId',
    files: { 'dev.yaml': env(...oidcCreator), 'qa.yaml': envWith(4, 'domain: qa.example.com', ...oidcCreator) },
    expected: one(16, 'registry.ciPushRole.createOidcProvider', /not every one of them names its accountId, so they may share an account.*or set accountId in each file$/),
  },
  {
    name: 'OIDC providers in two accounts',
    files: { 'dev.yaml': env(account('111111111111'), ...oidcCreator), 'qa.yaml': envWith(4, 'domain: qa.example.com', account('222222222222'), ...oidcCreator) },
    expected: [],
    loads: ['dev', 'qa'],
  },
  {
    name: 'one DNS name in one hosted zone',
    files: { 'dev.yaml': env(), 'qa.yaml': env() },
    expected: [
      { file: 'dev.yaml', line: 4, field: 'domain', message: /^"dev\.example\.com" is also the domain of .*qa\.yaml in the same hosted zone Z0123456789EXAMPLE/ },
      { file: 'qa.yaml', line: 4, field: 'domain', message: /is also the domain of .*dev\.yaml/ },
    ],
  },
  {
    name: 'one role name in one account',
    files: {
      'dev.yaml': env('  executionRoleName: shared-execution', account('111111111111')),
      'qa.yaml': envWith(4, 'domain: qa.example.com', '  executionRoleName: shared-execution', account('111111111111')),
    },
    expected: one(13, 'task.executionRoleName', /^the IAM role name "shared-execution" is also used by .*qa\.yaml in account 111111111111/),
  },
  {
    name: 'problems in several files at once',
    files: { 'dev.yaml': env('  cpu: 3'), 'qa.yaml': envWith(3, 'region: mars-1') },
    expected: [
      { file: 'dev.yaml', line: 13, field: 'task.cpu', message: /^must be one of 256, 512/ },
      { file: 'qa.yaml', line: 3, field: 'region', message: /^must be an AWS region such as us-east-1; received the string "mars-1"$/ },
    ],
  },
];
