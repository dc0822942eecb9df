import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseMirror, DEFAULT_MIRROR, listMirror, renderCliConfig, terraformPlatform } from '../../terraform-runner/cli-config';

describe('renderCliConfig', () => {
  test('mirrored providers come only from the mirror, everything else from the registry', () => {
    expect(renderCliConfig('/opt/tf-plugins', ['registry.terraform.io/hashicorp/aws'])).toBe(
      [
        '# Written by `npm run validate` for its own terraform processes (TF_CLI_CONFIG_FILE); removed afterwards.',
        'provider_installation {',
        '  filesystem_mirror {',
        '    path    = "/opt/tf-plugins"',
        '    include = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('lists several providers and escapes quotes and backslashes in paths', () => {
    const text = renderCliConfig('C:\\mirrors\\"tf"', ['registry.terraform.io/hashicorp/aws', 'registry.terraform.io/kreuzwerker/docker']);
    expect(text).toContain('path    = "C:\\\\mirrors\\\\\\"tf\\""');
    expect(text).toContain('include = ["registry.terraform.io/hashicorp/aws", "registry.terraform.io/kreuzwerker/docker"]');
  });
});

describe('chooseMirror', () => {
  test('TF_PLUGIN_MIRROR wins and must exist', () => {
    expect(chooseMirror({ TF_PLUGIN_MIRROR: '/m' }, () => true)).toEqual({ path: '/m', from: 'TF_PLUGIN_MIRROR' });
    expect(() => chooseMirror({ TF_PLUGIN_MIRROR: '/m' }, () => false)).toThrow(/TF_PLUGIN_MIRROR names \/m, which does not exist/);
  });

  test('else the default mirror when it exists, else none (the registry as usual)', () => {
    expect(chooseMirror({}, (path) => path === DEFAULT_MIRROR)).toEqual({ path: DEFAULT_MIRROR, from: 'default' });
    expect(chooseMirror({}, () => false)).toBeUndefined();
  });
});

describe('listMirror', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mirror-test-'));
    // unpacked layout, this platform and another one
    mkdirSync(join(dir, 'registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64'), { recursive: true });
    mkdirSync(join(dir, 'registry.terraform.io/hashicorp/random/3.6.0/darwin_arm64'), { recursive: true });
    // packed layout
    mkdirSync(join(dir, 'registry.terraform.io/kreuzwerker/docker'), { recursive: true });
    writeFileSync(join(dir, 'registry.terraform.io/kreuzwerker/docker/terraform-provider-docker_3.6.2_linux_amd64.zip'), '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('reads both layouts, for the given platform only', () => {
    expect(listMirror(dir, 'linux_amd64')).toEqual([
      { address: 'registry.terraform.io/hashicorp/aws', versions: ['5.100.0'] },
      { address: 'registry.terraform.io/kreuzwerker/docker', versions: ['3.6.2'] },
    ]);
    expect(listMirror(dir, 'darwin_arm64')).toEqual([{ address: 'registry.terraform.io/hashicorp/random', versions: ['3.6.0'] }]);
  });

  test('a missing directory holds nothing', () => {
    expect(listMirror(join(dir, 'nope'))).toEqual([]);
  });
});

test('terraformPlatform uses terraform names', () => {
  expect(terraformPlatform('linux', 'x64')).toBe('linux_amd64');
  expect(terraformPlatform('darwin', 'arm64')).toBe('darwin_arm64');
  expect(terraformPlatform('win32', 'x64')).toBe('windows_amd64');
});
