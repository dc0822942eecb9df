/** The HCL expression subset the state fabricator evaluates (no terraform needed). */
import { evaluate, type Scope, type Value } from '../../state-fabricator/hcl-evaluate';
import { cidrsubnet, jsonencode } from '../../state-fabricator/hcl-functions';
import { parseExpression, parseTemplate, ParseError } from '../../state-fabricator/hcl-parse';

const resources: { [address: string]: Value } = {
  'aws_ecr_repository.repo': { repository_url: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web', name: 'web' },
  'aws_route53_record.validation': { 'example.com': { fqdn: '_a.example.com' }, '*.example.com': { fqdn: '_b.example.com' } },
  'aws_subnet.public': [{ id: 'subnet-1' }, { id: 'subnet-2' }],
  'aws_acm_certificate.cert': {
    domain_validation_options: [
      { domain_name: 'example.com', resource_record_name: '_x.example.com.' },
      { domain_name: '*.example.com', resource_record_name: '_x.example.com.' },
    ],
  },
};

const scope: Scope = {
  variable: (name) => ({ image_tag: '1.0.0', port: 3000 } as { [name: string]: Value })[name] ?? null,
  local: (name) => (name === 'production' ? true : null),
  resource: (type, name) => {
    const value = resources[`${type}.${name}`];
    if (value === undefined) throw new Error(`no ${type}.${name}`);
    return value;
  },
};

const template = (text: string, extra: Partial<Scope> = {}): Value => evaluate(parseTemplate(text), { ...scope, ...extra });

test('templates: a lone interpolation keeps its type, several make a string', () => {
  expect(template('${var.port}')).toBe(3000);
  expect(template('${aws_ecr_repository.repo.repository_url}:${var.image_tag}')).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0');
  expect(template('port ${var.port}')).toBe('port 3000');
  expect(template('no interpolation, $${literal} and %%{too}')).toBe('no interpolation, ${literal} and %{too}');
  // Interpolations inside JSON text (container definitions) keep the JSON around them.
  expect(template('[{"image":"${aws_ecr_repository.repo.repository_url}:${var.image_tag}","cpu":0}]')).toBe('[{"image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0","cpu":0}]');
});

test('for expressions, splats, each and conditionals as cdktf writes them', () => {
  expect(template('${{ for option in aws_acm_certificate.cert.domain_validation_options : option.domain_name => option.resource_record_name }}')).toEqual({
    'example.com': '_x.example.com.',
    '*.example.com': '_x.example.com.',
  });
  expect(template('${[ for key, val in aws_route53_record.validation: val.fqdn]}')).toEqual(['_b.example.com', '_a.example.com']); // map keys in order
  expect(template('${aws_subnet.public[*].id}')).toEqual(['subnet-1', 'subnet-2']);
  expect(template('${aws_subnet.public.*.id}')).toEqual(['subnet-1', 'subnet-2']);
  expect(template('${each.value.resource_record_name}', { each: { key: 'example.com', value: { resource_record_name: '_x' } } })).toBe('_x');
  expect(template('${local.production ? "IMMUTABLE" : "MUTABLE"}')).toBe('IMMUTABLE');
  expect(template('${var.image_tag != "latest" && var.port >= 1024}')).toBe(true);
  expect(template('${{ for n in ["a.com", "*.a.com", "b.com"] : trimprefix(n, "*.") => n... }}')).toEqual({ 'a.com': ['a.com', '*.a.com'], 'b.com': ['b.com'] });
  expect(template('${[ for n in ["a", "b", "c"] : upper(n) if n != "b"]}')).toEqual(['A', 'C']);
});

test('functions with terraform semantics', () => {
  expect(cidrsubnet('10.10.0.0/16', 4, 3)).toBe('10.10.48.0/20');
  expect(cidrsubnet('2600:1f18:370e:e300::/56', 8, 1)).toBe('2600:1f18:370e:e301::/64');
  expect(cidrsubnet('2600:1f18:370e:e300::/56', 8, 0)).toBe('2600:1f18:370e:e300::/64');
  expect(jsonencode({ b: 1, a: [true, null, 'x'] })).toBe('{"a":[true,null,"x"],"b":1}');
  expect(template('${join(",", toset(["b", "a", "b"]))}')).toBe('a,b');
  expect(template('${lookup({a = 1}, "b", 2)}')).toBe(2);
  expect(template('${length(concat(["a"], ["b", "c"]))}')).toBe(3);
  expect(template('${format("%s-%d", "web", 3)}')).toBe('web-3');
});

test('what it does not support is an error naming it, never a guess', () => {
  expect(() => template('${regex("a+", "aaa")}')).toThrow(/the function regex\(\) is not supported/);
  expect(() => template('${data.aws_vpc.main.id}')).toThrow(/data sources are read from AWS/);
  expect(() => parseTemplate('%{ if true }x%{ endif }')).toThrow(ParseError);
  expect(() => parseExpression('<<EOT\nx\nEOT')).toThrow(/heredocs are not supported/);
  expect(() => template('${aws_ecr_repository.repo.missing}')).toThrow(/no attribute missing/);
});
