import { blockOf, describeDiagnostic, formatDiagnostic, jsonPathAt, type TerraformDiagnostic } from '../../terraform-runner/diagnostics';

const stack = `{
  "resource": {
    "aws_lb": {
      "load-balancer_alb_15AADC07": {
        "//": { "metadata": { "path": "prod/load-balancer/alb", "uniqueId": "load-balancer_alb_15AADC07" } },
        "name": "wéb-prod",
        "security_groups": ["sg-1"]
      }
    },
    "aws_lb_target_group": {
      "tg": { "health_check": { "path": "/health", "bogus": true } }
    }
  },
  "variable": { "image_tag": { "type": "string" } }
}`;
const bytes = Buffer.from(stack, 'utf8');
/** Byte offset of the first occurrence of `text` (Terraform reports UTF-8 byte offsets). */
const at = (text: string): number => bytes.indexOf(Buffer.from(text, 'utf8'));
const range = (byte: number): TerraformDiagnostic['range'] => ({ filename: 'cdk.tf.json', start: { line: 1, column: 1, byte } });
const read = (name: string): Buffer | undefined => (name === 'cdk.tf.json' ? bytes : undefined);

describe('jsonPathAt', () => {
  test.each([
    ['"bogus"', ['resource', 'aws_lb_target_group', 'tg', 'health_check', 'bogus']],
    ['"sg-1"', ['resource', 'aws_lb', 'load-balancer_alb_15AADC07', 'security_groups', 0]],
    ['"string"', ['variable', 'image_tag', 'type']],
  ])('%s lies at %j', (text, path) => {
    expect(jsonPathAt(bytes, at(text))).toEqual(path);
  });

  test('counts bytes, not characters (a multi-byte character comes before)', () => {
    expect(jsonPathAt(bytes, at('"security_groups"'))).toEqual(['resource', 'aws_lb', 'load-balancer_alb_15AADC07', 'security_groups']);
  });

  test('the closing brace of a block belongs to the block', () => {
    const close = bytes.indexOf('}', at('"security_groups"'));
    expect(jsonPathAt(bytes, close)).toEqual(['resource', 'aws_lb', 'load-balancer_alb_15AADC07']);
  });

  test('outside the document or not JSON: no path', () => {
    expect(jsonPathAt(bytes, bytes.length + 10)).toEqual([]);
    expect(jsonPathAt('{"a": ', 3)).toEqual([]);
  });
});

describe('blockOf', () => {
  test.each([
    [['resource', 'aws_lb', 'alb', 'subnets', 1], 'aws_lb.alb', 'subnets[1]'],
    [['data', 'aws_vpc', 'main', 'tags', 'Name'], 'data.aws_vpc.main', 'tags.Name'],
    [['variable', 'image_tag', 'validation', 0, 'condition'], 'var.image_tag', 'validation[0].condition'],
    [['output', 'url', 'value'], 'output.url', 'value'],
    [['provider', 'aws', 0, 'region'], 'provider.aws[0]', 'region'],
    [['locals', 'production'], 'local.production', undefined],
  ])('%j → %s', (path, address, attribute) => {
    const block = blockOf(path);
    expect(block?.address).toBe(address);
    expect(block?.attribute).toBe(attribute);
  });
});

describe('describeDiagnostic', () => {
  test('an unknown attribute (no address from terraform) is mapped through the source range', () => {
    const d = describeDiagnostic(
      'prod',
      { severity: 'error', summary: 'Extraneous JSON object property', detail: 'No argument or block type is named "bogus".', range: range(at('"bogus"')) },
      read,
    );
    expect(d).toEqual({
      stack: 'prod',
      severity: 'error',
      address: 'aws_lb_target_group.tg',
      attribute: 'health_check.bogus',
      message: 'Extraneous JSON object property: No argument or block type is named "bogus".',
      location: 'cdk.tf.json:1:1',
    });
  });

  test("terraform's own address wins; the construct path comes from the cdktf metadata", () => {
    const close = bytes.indexOf('}', at('"security_groups"'));
    const d = describeDiagnostic(
      'prod',
      {
        severity: 'error',
        summary: 'Invalid combination of arguments',
        detail: '"subnets": one of `subnet_mapping,subnets`\nmust be specified',
        address: 'aws_lb.load-balancer_alb_15AADC07',
        range: range(close),
      },
      read,
    );
    expect(formatDiagnostic(d)).toBe(
      'prod  error  aws_lb.load-balancer_alb_15AADC07 (prod/load-balancer/alb): Invalid combination of arguments: "subnets": one of `subnet_mapping,subnets` must be specified',
    );
  });

  test('without readable source: the snippet context, then the file name', () => {
    const base = { severity: 'warning' as const, summary: 'Something' };
    expect(describeDiagnostic('dev', { ...base, range: { filename: 'other.tf', start: { line: 3, column: 1, byte: 0 } }, snippet: { context: 'resource.aws_vpc.main' } }, read).address).toBe('aws_vpc.main');
    expect(describeDiagnostic('dev', { ...base, range: { filename: 'other.tf', start: { line: 3, column: 1, byte: 0 } } }, read).address).toBe('other.tf');
    expect(describeDiagnostic('dev', base, read).address).toBe('(stack)');
  });
});
