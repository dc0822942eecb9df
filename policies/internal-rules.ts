/**
 * Findings the gate makes about itself rather than about the infrastructure: broken or unused
 * suppressions, rules that threw, inputs it could not read. They have metadata like rules (for SARIF and
 * the README) but no check; they are not in the registry.
 */
import type { RuleMeta } from './types';

export const INVALID_SUPPRESSION = 'policy/invalid-suppression';
export const UNUSED_SUPPRESSION = 'policy/unused-suppression';
export const RULE_ERROR = 'policy/rule-error';
export const GATE_ERROR = 'policy/gate-error';

export const internalRules: { readonly [id: string]: RuleMeta } = {
  [GATE_ERROR]: {
    id: GATE_ERROR,
    severity: 'error',
    description: 'The gate could not read an input (a file that does not parse, an unreadable synth or plan file).',
    why: 'A gate that skips what it cannot read would pass unchecked code; the run exits 2 instead.',
    help: 'Fix the file or the argument named in the message and run the gate again.',
    messages: { failed: '{message}' },
  },
  [INVALID_SUPPRESSION]: {
    id: INVALID_SUPPRESSION,
    severity: 'error',
    description: 'A policy-ignore comment names an unknown rule or gives no reason of at least 10 characters.',
    why: 'A suppression without a reason cannot be reviewed; the finding it meant to hide stays active.',
    help: 'Write the comment as `policy-ignore <rule-id> -- <why this is acceptable>` (after `//`), with a known rule id and a reason of 10 or more characters.',
    messages: {
      noReason: 'Suppression of {rule} has no reason of at least 10 characters; write `-- <reason>` after the rule id.',
      unknownRule: 'Suppression names unknown rule {rule}.',
    },
  },
  [RULE_ERROR]: {
    id: RULE_ERROR,
    severity: 'error',
    description: 'A rule threw while checking; its verdict is unknown, so the run exits 2.',
    why: 'A crashed rule would otherwise look like a rule with no findings: a silently green run.',
    help: 'Report the message and stack to the rule owner; the rule must handle the input it crashed on.',
    messages: { threw: 'Rule {rule} threw on the {layer} layer{scope}: {message}' },
  },
  [UNUSED_SUPPRESSION]: {
    id: UNUSED_SUPPRESSION,
    severity: 'warning',
    description: 'A policy-ignore comment suppresses nothing.',
    why: 'Stale suppressions hide the next real finding on that line.',
    help: 'Delete the comment (or move it to the line of the finding or the line above it).',
    messages: { unused: 'Suppression of {rule} matches no finding on this line or the next.' },
  },
};
