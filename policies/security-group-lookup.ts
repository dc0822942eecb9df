/**
 * Whether a `data.aws_security_group` lookup finds a group this configuration manages. The lookup finds a
 * group only when every filter it sets agrees with that group (`name` and `vpc_id` and `tags` and each
 * `filter` block), so a lookup by the ALB group's name in another VPC is a different group, and a lookup by
 * a managed group's Name tag is that group. Each comparison says `match`, `differs` or `unknown` (a value
 * the configuration does not fix: a name from a variable, a VPC given by literal id, a filter the gate
 * does not model); one `differs` settles it, otherwise one `unknown` leaves it open.
 */
import type { AttrValue, PolicyResource } from './model';
import type { RuleContext } from './types';
import { attr, blocksOf, isLiteralString, isObject, isUnresolved, listOf, optionsOf } from './values';
import { groupVpc, sameVpc, vpcOf } from './vpcs';

export type LookupMatch = 'match' | 'differs' | 'unknown';

/** The provider's default description of a group created without one. */
const DEFAULT_DESCRIPTION = 'Managed by Terraform';

/** Whether `lookup` (a data.aws_security_group) finds `group` (an aws_security_group or aws_default_security_group). */
export function lookupFinds(context: RuleContext, lookup: PolicyResource, group: PolicyResource): LookupMatch {
  if (lookup.unknownAttributes) return 'unknown';
  const verdicts: LookupMatch[] = [];
  const { attributes } = lookup;
  if (attributes.name !== undefined && attributes.name !== null) verdicts.push(literalFilter(attributes.name, (name) => nameMatches(group, name, false)));
  if (attributes.vpc_id !== undefined && attributes.vpc_id !== null) verdicts.push(vpcMatches(context, group, attributes.vpc_id));
  if (attributes.tags !== undefined && attributes.tags !== null) {
    const tags = optionsOf(attributes.tags);
    if (tags.length !== 1 || !isObject(tags[0])) verdicts.push('unknown');
    else for (const [key, value] of Object.entries(tags[0])) verdicts.push(literalFilter(value, (wanted) => tagMatches(context, group, key, wanted, false)));
  }
  for (const block of blocksOf(attributes.filter)) verdicts.push(filterMatches(context, group, block));
  // A lookup without any filter finds whatever group the region has: it cannot be tied to one.
  if (verdicts.length === 0) return 'unknown';
  return combine(verdicts);
}

function combine(verdicts: readonly LookupMatch[]): LookupMatch {
  if (verdicts.includes('differs')) return 'differs';
  return verdicts.includes('unknown') ? 'unknown' : 'match';
}

/** A filter value that must be one literal string, compared by `compare`. */
function literalFilter(value: AttrValue | undefined, compare: (wanted: string) => LookupMatch): LookupMatch {
  const options = optionsOf(value);
  if (options.length !== 1 || !isLiteralString(options[0])) return 'unknown';
  return compare(options[0]);
}

/** A `filter { name, values }` block: the group matches when it matches any of the values. */
function filterMatches(context: RuleContext, group: PolicyResource, block: AttrValue): LookupMatch {
  const name = optionsOf(attr(block, 'name'));
  const values = attr(block, 'values');
  if (name.length !== 1 || typeof name[0] !== 'string' || isUnresolved(values)) return 'unknown';
  const wanted = listOf(values);
  if (wanted.length === 0 || !wanted.every(isLiteralString)) return 'unknown';
  const filter = name[0];
  const any = (compare: (value: string) => LookupMatch): LookupMatch => {
    const verdicts = (wanted as string[]).map(compare);
    if (verdicts.includes('match')) return 'match';
    return verdicts.includes('unknown') ? 'unknown' : 'differs';
  };
  if (filter === 'group-name') return any((value) => nameMatches(group, value, true));
  if (filter === 'vpc-id') return any((value) => vpcMatches(context, group, value));
  if (filter === 'group-id') return any((value) => literalMatches(optionsOf(group.attributes.id), value));
  if (filter === 'description') return any((value) => literalMatches(descriptionOf(group), value, true));
  if (filter.startsWith('tag:')) return any((value) => tagMatches(context, group, filter.slice('tag:'.length), value, true));
  if (filter === 'tag-key') return any((value) => tagMatches(context, group, value, '*', true));
  return 'unknown';
}

/** The group's name: its literal name, a name starting with its name_prefix, or the provider's generated `terraform-…`. */
function nameMatches(group: PolicyResource, wanted: string, glob: boolean): LookupMatch {
  if (group.type === 'aws_default_security_group') return textMatches('default', wanted, glob);
  const name = group.attributes.name;
  if (name !== undefined && name !== null) return literalMatches(optionsOf(name), wanted, glob);
  if (group.unknownAttributes) return 'unknown';
  const prefix = optionsOf(group.attributes.name_prefix);
  const start = prefix.length === 1 && prefix[0] === undefined ? 'terraform-' : prefix.length === 1 && isLiteralString(prefix[0]) ? prefix[0] : undefined;
  if (start === undefined) return 'unknown';
  // A generated name is the prefix and a suffix the gate does not know: a glob may still match it.
  if (glob && /[*?]/.test(wanted)) return 'unknown';
  return wanted.startsWith(start) && wanted.length > start.length ? 'unknown' : 'differs';
}

function vpcMatches(context: RuleContext, group: PolicyResource, wanted: AttrValue): LookupMatch {
  const verdict = sameVpc(vpcOf(context, wanted), groupVpc(context, group));
  return verdict === 'same' ? 'match' : verdict === 'different' ? 'differs' : 'unknown';
}

/** A tag of the group, from its own tags or the provider's default_tags. `*` for any value. */
function tagMatches(context: RuleContext, group: PolicyResource, key: string, wanted: string, glob: boolean): LookupMatch {
  const tags = optionsOf(group.attributes.tags);
  if (tags.length !== 1 || (tags[0] !== undefined && tags[0] !== null && !isObject(tags[0]))) return 'unknown';
  const own = isObject(tags[0]) ? tags[0][key] : undefined;
  const values = own !== undefined ? optionsOf(own) : defaultTag(context, key);
  if (values === undefined) return 'unknown';
  if (values.length === 0) return group.unknownAttributes ? 'unknown' : 'differs';
  if (wanted === '*') return 'match';
  return literalMatches(values, wanted, glob);
}

/** The values providers give a tag through default_tags: [] when none does, undefined when the gate cannot tell. */
function defaultTag(context: RuleContext, key: string): (AttrValue | undefined)[] | undefined {
  const values: (AttrValue | undefined)[] = [];
  for (const provider of context.resources.filter((resource) => resource.type.startsWith('provider.'))) {
    if (provider.unknownAttributes) return undefined;
    for (const option of optionsOf(provider.attributes.default_tags)) {
      if (isUnresolved(option)) return undefined;
      for (const block of blocksOf(option)) {
        const tags = attr(block, 'tags');
        if (tags === undefined || tags === null) continue;
        if (!isObject(tags)) return undefined;
        if (tags[key] !== undefined) values.push(...optionsOf(tags[key]));
      }
    }
  }
  return values;
}

function descriptionOf(group: PolicyResource): (AttrValue | undefined)[] {
  if (group.type === 'aws_default_security_group') return [undefined];
  const description = group.attributes.description;
  return description === undefined || description === null ? (group.unknownAttributes ? [undefined] : [DEFAULT_DESCRIPTION]) : optionsOf(description);
}

/** A value the group has (every option) against a wanted literal: unknown when any option is not a literal. */
function literalMatches(options: readonly (AttrValue | undefined)[], wanted: string, glob = false): LookupMatch {
  const verdicts = options.map((option) => (isLiteralString(option) ? textMatches(option, wanted, glob) : 'unknown'));
  return verdicts.length === 0 ? 'unknown' : verdicts.every((verdict) => verdict === verdicts[0]) ? verdicts[0] : 'unknown';
}

/** EC2 filter values take `*` and `?` wildcards; attribute lookups compare exactly. */
function textMatches(actual: string, wanted: string, glob: boolean): LookupMatch {
  if (!glob || !/[*?]/.test(wanted)) return actual === wanted ? 'match' : 'differs';
  const pattern = new RegExp(`^${wanted.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return pattern.test(actual) ? 'match' : 'differs';
}
