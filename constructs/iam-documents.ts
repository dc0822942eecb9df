/**
 * IAM policy documents as JSON strings. Written as plain objects (not the aws_iam_policy_document data
 * source) so a plan needs no AWS reads and the policy is readable in the synthesized JSON.
 */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * Trust policy that lets an AWS service assume a role; with a condition (e.g. `aws:SourceAccount` and
 * `aws:SourceArn`) only on behalf of the resources it names, so the service cannot be used as a
 * confused deputy by another account.
 */
export function serviceTrustPolicy(service: string, condition?: PolicyStatement['Condition']): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
  });
}

/**
 * The IAM resource for a Secrets Manager `valueFrom`: drops a JSON-key/stage/version selector, and
 * matches the random six-character suffix AWS appends when the ARN was given without it.
 */
export function secretResourceArn(valueFrom: string): string {
  const parts = valueFrom.split(':');
  const base = parts.slice(0, 7).join(':');
  return /-[A-Za-z0-9]{6}$/.test(base) ? base : `${base}-??????`;
}
