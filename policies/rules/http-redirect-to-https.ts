import { asPolicyResource, foreignOfTypes, property, shortExpression, type ForeignResource } from '../foreign-resources';
import { ResourceRef, type AttrValue, type PolicyResource } from '../model';
import type { Rule, RuleContext } from '../types';
import { asNumber, attr, blocksOf, describe, isObject, isUnresolved, optionsOf } from '../values';

const LISTENERS = ['aws_lb_listener', 'aws_alb_listener'];
const LISTENER_RULES = ['aws_lb_listener_rule', 'aws_alb_listener_rule'];
/** The CloudFormation (and Cloud Control) types of listeners and listener rules. */
const FOREIGN_LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const FOREIGN_LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
/** Protocols of network and gateway load balancers: they cannot redirect, and this rule is about HTTP. */
const NOT_HTTP = new Set(['TCP', 'UDP', 'TLS', 'TCP_UDP', 'GENEVE']);
/** Actions that answer a request (authenticate-* actions run before one of these). */
const TERMINAL = new Set(['forward', 'redirect', 'fixed-response']);

type HttpVerdict = { readonly kind: 'http'; readonly label: string } | { readonly kind: 'not-http' } | { readonly kind: 'unknown'; readonly expression: string };

/** Plain-HTTP listeners (and the rules on them) only redirect to HTTPS. */
export const httpRedirectToHttps: Rule = {
  id: 'http-redirect-to-https',
  severity: 'error',
  description:
    'Every load balancer listener on port 80 or protocol HTTP, and every listener rule on such a listener, answers only with a redirect to HTTPS on port 443 (a protocol, port or action the gate cannot work out counts as plain HTTP); listeners and rules that CloudFormation or Cloud Control create are read from their template or desired state, and are errors where the gate cannot read them.',
  why: 'A plain-HTTP listener that forwards to the service serves pages, cookies and credentials unencrypted; a redirect keeps port 80 only as a way in to HTTPS.',
  help: 'Give the LbListener `defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]`, and put forwarding rules on the HTTPS listener only.',
  equivalents: { checkov: ['CKV2_AWS_20', 'CKV_AWS_2'], trivy: ['AVD-AWS-0054'] },
  messages: {
    noRedirect: '{resource} listens on {listener} but answers with {action}, not a redirect to HTTPS on port 443.',
    wrongTarget: '{resource} redirects to protocol {protocol} port {port}; it must redirect to HTTPS on port 443.',
    unresolved: 'Cannot verify that {resource} redirects to HTTPS: `{expression}` could not be worked out.',
    foreign: 'Cannot verify that the listeners {resource} creates through {via} redirect to HTTPS: {reason}, and the gate cannot check what {via} creates; declare them as aws_lb_listener and aws_lb_listener_rule resources.',
  },
  check(context) {
    const foreign = foreignOfTypes(context, [FOREIGN_LISTENER, FOREIGN_LISTENER_RULE]);
    const foreignListeners = foreign.resources.filter((resource) => resource.type === FOREIGN_LISTENER).map(asListener);
    const foreignRules = foreign.resources.filter((resource) => resource.type === FOREIGN_LISTENER_RULE).map(asListenerRule);
    const verdicts = new Map<string, HttpVerdict>();
    const listeners = new Map<string, PolicyResource>();
    for (const listener of [...context.ofType(...LISTENERS), ...foreignListeners]) {
      listeners.set(listener.key, listener);
      const verdict = listenerVerdict(context, listener);
      verdicts.set(listener.key, verdict);
      if (verdict.kind === 'unknown') unresolved(context, listener, verdict.expression);
      else if (verdict.kind === 'http') checkActions(context, listener, listener.attributes.default_action, verdict.label, ports(listener));
      if (listener.unknownAttributes) unresolved(context, listener, listener.unknownAttributes.expression);
    }
    for (const rule of [...context.ofType(...LISTENER_RULES), ...foreignRules]) {
      const actions = rule.attributes.action;
      if (rule.unknownAttributes) unresolved(context, rule, rule.unknownAttributes.expression);
      for (const arn of optionsOf(rule.attributes.listener_arn)) {
        // A listener of the configuration, or one a template or Cloud Control creates (by its key).
        const listener = arn instanceof ResourceRef ? listeners.get(arn.targetKey) : undefined;
        const verdict = listener ? verdicts.get(listener.key) : undefined;
        if (verdict?.kind === 'not-http') continue;
        if (verdict?.kind === 'http' && listener) {
          checkActions(context, rule, actions, `${verdict.label} (through ${listener.displayName})`, ports(listener));
          continue;
        }
        // A listener the gate cannot see (a literal ARN, a value it cannot work out): only a redirect to
        // HTTPS is safe whatever that listener is.
        if (!onlyRedirectsToHttps(actions)) unresolved(context, rule, `listener_arn ${describe(arn)}`);
      }
    }
    // Templates and Cloud Control resources the gate cannot read may create listeners: in production, an error.
    for (const { host, via, reason, unresolved: cause } of foreign.unreadable) {
      if (!host.production) continue;
      if (cause) unresolved(context, host, shortExpression(cause.expression), `what ${host.displayName} creates through ${via} from its ${cause.attribute}`);
      else context.report({ resource: host, messageId: 'foreign', data: { resource: host.displayName, via, reason } });
    }
  },
};

/** An AWS::ElasticLoadBalancingV2::Listener in aws_lb_listener terms. */
function asListener(resource: ForeignResource): PolicyResource {
  if (isUnresolved(resource.properties)) return asPolicyResource(resource, 'aws_lb_listener', { protocol: resource.properties, default_action: resource.properties });
  return asPolicyResource(resource, 'aws_lb_listener', defined({
    load_balancer_arn: property(resource, 'LoadBalancerArn'),
    port: property(resource, 'Port'),
    protocol: property(resource, 'Protocol'),
    default_action: foreignActions(property(resource, 'DefaultActions')),
  }));
}

/** An AWS::ElasticLoadBalancingV2::ListenerRule in aws_lb_listener_rule terms. */
function asListenerRule(resource: ForeignResource): PolicyResource {
  if (isUnresolved(resource.properties)) return asPolicyResource(resource, 'aws_lb_listener_rule', { listener_arn: resource.properties, action: resource.properties });
  return asPolicyResource(resource, 'aws_lb_listener_rule', defined({ listener_arn: property(resource, 'ListenerArn'), action: foreignActions(property(resource, 'Actions')) }));
}

/** CloudFormation listener actions (Type, TargetGroupArn, RedirectConfig, ForwardConfig) in Terraform's action block terms. */
function foreignActions(value: AttrValue | undefined): AttrValue | undefined {
  if (!Array.isArray(value)) return value;
  return value.map((action) => {
    if (!isObject(action)) return action;
    const redirect = action.RedirectConfig;
    const forward = action.ForwardConfig;
    return defined({
      type: action.Type,
      target_group_arn: action.TargetGroupArn,
      redirect: isObject(redirect) ? defined({ protocol: redirect.Protocol, port: redirect.Port }) : redirect,
      forward: isObject(forward) && Array.isArray(forward.TargetGroups) ? { target_group: forward.TargetGroups.map((group) => (isObject(group) ? defined({ arn: group.TargetGroupArn }) : group)) } : forward,
    });
  });
}

/** The object without its undefined and null entries (an omitted CloudFormation property is omitted). */
function defined(entries: { [key: string]: AttrValue | undefined }): { [key: string]: AttrValue } {
  const out: { [key: string]: AttrValue } = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined && value !== null) out[key] = value;
  return out;
}

function unresolved(context: RuleContext, resource: PolicyResource, expression: string, name = resource.displayName): void {
  context.report({ resource, messageId: 'unresolved', severity: 'error', data: { resource: name, expression } });
}

function ports(listener: PolicyResource): (AttrValue | undefined)[] {
  return optionsOf(listener.attributes.port);
}

/** Whether a listener serves plain HTTP: protocol HTTP (in any case, or omitted on an ALB), or port 80. */
function listenerVerdict(context: RuleContext, listener: PolicyResource): HttpVerdict {
  const lb = optionsOf(listener.attributes.load_balancer_arn)
    .map((arn) => (arn instanceof ResourceRef ? context.byKey(arn.targetKey) : undefined))
    .find((found) => found !== undefined);
  const lbType = lb ? optionsOf(lb.attributes.load_balancer_type)[0] : undefined;
  const defaultProtocol = typeof lbType === 'string' && (lbType === 'network' || lbType === 'gateway') ? undefined : 'HTTP';
  const protocols: string[] = [];
  for (const protocol of optionsOf(listener.attributes.protocol)) {
    if (isUnresolved(protocol)) return { kind: 'unknown', expression: protocol.expression };
    if (protocol === undefined || protocol === null) {
      if (defaultProtocol) protocols.push(defaultProtocol);
      continue;
    }
    if (typeof protocol !== 'string' || protocol.includes('${')) return { kind: 'unknown', expression: describe(protocol) };
    protocols.push(protocol.toUpperCase());
  }
  if (protocols.length > 0 && protocols.every((protocol) => NOT_HTTP.has(protocol))) return { kind: 'not-http' };
  const listenerPorts = ports(listener);
  const http = protocols.includes('HTTP');
  const httpsOnly = protocols.length > 0 && protocols.every((protocol) => protocol === 'HTTPS' || NOT_HTTP.has(protocol));
  const portLabel = listenerPorts.map((port) => describe(port)).join('|');
  if (http) return { kind: 'http', label: `${portLabel}/${protocols.join('|')}` };
  const unknownPort = listenerPorts.find((port) => isUnresolved(port) || (typeof port === 'string' && port.includes('${')));
  if (listenerPorts.some((port) => asNumber(port) === 80)) return { kind: 'http', label: `${portLabel}/${protocols.join('|')}` };
  if (unknownPort !== undefined && !httpsOnly) return { kind: 'unknown', expression: describe(unknownPort) };
  return { kind: 'not-http' };
}

/** Every answering action must be a redirect to HTTPS on port 443; anything the gate cannot work out is an error. */
function checkActions(context: RuleContext, resource: PolicyResource, value: AttrValue | undefined, listener: string, listenerPorts: (AttrValue | undefined)[]): void {
  const name = resource.displayName;
  for (const option of optionsOf(value)) {
    if (isUnresolved(option)) {
      unresolved(context, resource, option.expression);
      continue;
    }
    const actions = blocksOf(option);
    let answering = 0;
    for (const action of actions) {
      if (isUnresolved(action)) {
        unresolved(context, resource, action.expression);
        answering++;
        continue;
      }
      for (const type of optionsOf(attr(action, 'type'))) {
        if (isUnresolved(type)) {
          unresolved(context, resource, type.expression);
          answering++;
        } else if (typeof type !== 'string' || TERMINAL.has(type) || !type.startsWith('authenticate-')) {
          answering++;
          if (type === 'redirect') checkTargets(context, resource, attr(action, 'redirect'), listenerPorts);
          else context.report({ resource, messageId: 'noRedirect', data: { resource: name, listener, action: describe(type) } });
        }
      }
    }
    if (answering === 0) context.report({ resource, messageId: 'noRedirect', data: { resource: name, listener, action: 'no action' } });
  }
}

function checkTargets(context: RuleContext, resource: PolicyResource, redirect: AttrValue | undefined, listenerPorts: (AttrValue | undefined)[]): void {
  const blocks = blocksOf(redirect);
  for (const target of blocks.length === 0 ? [undefined] : blocks) {
    if (isUnresolved(target)) {
      unresolved(context, resource, target.expression);
      continue;
    }
    for (const protocol of optionsOf(attr(target, 'protocol'))) {
      for (const port of optionsOf(attr(target, 'port'))) {
        const bad = [protocol, port].find(isUnresolved);
        if (bad) {
          unresolved(context, resource, bad.expression);
          continue;
        }
        // Omitted redirect fields keep the request's own (#{protocol}, #{port}).
        const effectiveProtocol = protocol === undefined || protocol === null ? '#{protocol}' : protocol;
        const effectivePort = port === undefined || port === null ? '#{port}' : port;
        const portOk = asNumber(effectivePort) === 443 || (effectivePort === '#{port}' && listenerPorts.every((p) => asNumber(p) === 443));
        const protocolOk = typeof effectiveProtocol === 'string' && effectiveProtocol.toUpperCase() === 'HTTPS';
        if (!portOk || !protocolOk) {
          context.report({ resource, messageId: 'wrongTarget', data: { resource: resource.displayName, protocol: describe(effectiveProtocol), port: describe(effectivePort) } });
        }
      }
    }
  }
}

/** Whether every action of a rule is a redirect to HTTPS on 443 (safe on any listener). */
function onlyRedirectsToHttps(value: AttrValue | undefined): boolean {
  const options = optionsOf(value);
  if (options.length === 0) return false;
  for (const option of options) {
    if (option === undefined || option === null || isUnresolved(option)) return false;
    const actions = blocksOf(option);
    if (actions.length === 0) return false;
    for (const action of actions) {
      if (isUnresolved(action)) return false;
      const types = optionsOf(attr(action, 'type'));
      if (types.some((type) => typeof type === 'string' && type.startsWith('authenticate-'))) continue;
      if (!types.every((type) => type === 'redirect')) return false;
      for (const target of blocksOf(attr(action, 'redirect'))) {
        if (isUnresolved(target)) return false;
        const protocolOk = optionsOf(attr(target, 'protocol')).every((p) => typeof p === 'string' && p.toUpperCase() === 'HTTPS');
        const portOk = optionsOf(attr(target, 'port')).every((p) => asNumber(p) === 443);
        if (!protocolOk || !portOk) return false;
      }
      if (blocksOf(attr(action, 'redirect')).length === 0) return false;
    }
  }
  return true;
}
