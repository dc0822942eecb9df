import type { Rule } from '../types';
import { describe, isUnresolved, optionsOf } from '../values';

/** TLS 1.3 policies with TLS 1.2 or 1.3 as the minimum (ELBSecurityPolicy-TLS13-1-2-2021-06 and newer). */
export const MODERN_TLS_POLICY = /^ELBSecurityPolicy-TLS13-1-[23]-/;

/** HTTPS listeners use a TLS 1.3 security policy that refuses TLS 1.0 and 1.1. */
export const modernTlsPolicy: Rule = {
  id: 'modern-tls-policy',
  severity: 'error',
  description: 'Every HTTPS listener uses ELBSecurityPolicy-TLS13-1-2-2021-06 or a newer TLS 1.3 policy (minimum TLS 1.2).',
  why: 'The default policy (ELBSecurityPolicy-2016-08) still accepts TLS 1.0/1.1 and weak ciphers, which fails compliance scans and exposes clients to downgrade attacks.',
  help: 'Set `sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"` (or a newer ELBSecurityPolicy-TLS13-1-2-*/TLS13-1-3-* policy) on the LbListener.',
  equivalents: { checkov: ['CKV_AWS_103'], trivy: ['AVD-AWS-0047'] },
  messages: {
    weak: '{resource} is an HTTPS listener with ssl_policy {value}; use ELBSecurityPolicy-TLS13-1-2-2021-06 or newer.',
    unresolved: 'Cannot verify the TLS policy of {resource}: `{expression}` could not be resolved.',
  },
  check(context) {
    for (const resource of context.ofType('aws_lb_listener', 'aws_alb_listener')) {
      const protocols = optionsOf(resource.attributes.protocol);
      const unresolvedProtocol = protocols.find(isUnresolved);
      if (unresolvedProtocol) {
        context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: unresolvedProtocol.expression } });
        continue;
      }
      if (!protocols.some((p) => p === 'HTTPS' || p === 'TLS')) continue;
      for (const value of optionsOf(resource.attributes.ssl_policy)) {
        if (isUnresolved(value)) {
          context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: value.expression } });
        } else if (typeof value === 'string' && value.includes('${')) {
          context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: value } });
        } else if (typeof value !== 'string' || !MODERN_TLS_POLICY.test(value)) {
          const shown = value === undefined || value === null ? 'ELBSecurityPolicy-2016-08 (omitted, the AWS default)' : describe(value);
          context.report({ resource, messageId: 'weak', data: { resource: resource.displayName, value: shown } });
        }
      }
    }
  },
};
