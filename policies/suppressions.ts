/**
 * Suppression comments: a line comment `policy-ignore <rule-id>[, <rule-id>…] -- <reason>` (after `//`)
 * on the offending line or the line above it. The reason must have at least 10 characters.
 */
import type { Location } from './model';

export const MIN_REASON_LENGTH = 10;

export interface Suppression {
  readonly ruleIds: readonly string[];
  readonly reason: string;
  readonly location: Location;
}

/** `//` + optional space + policy-ignore, then rule ids, then optionally `-- reason`. */
const COMMENT = new RegExp(String.raw`(?:^|[\s;,)}\]])\/\/\s*` + 'policy' + String.raw`-ignore\s+([^\s-][^\s]*(?:\s*,\s*[^\s,]+)*)(?:\s+--\s*(.*?))?\s*$`);

/** Every suppression comment in a file's text. */
export function parseSuppressions(file: string, text: string): Suppression[] {
  if (!text.includes('policy-ignore')) return [];
  const out: Suppression[] = [];
  text.split('\n').forEach((line, index) => {
    const match = COMMENT.exec(line);
    if (!match) return;
    const ruleIds = match[1].split(',').map((id) => id.trim()).filter((id) => id.length > 0);
    const column = line.indexOf('//', match.index) + 1;
    out.push({ ruleIds, reason: (match[2] ?? '').trim(), location: { file, line: index + 1, column } });
  });
  return out;
}

/** Whether a suppression at `suppression` covers a finding at `location` (same line or the next). */
export function covers(suppression: Location, location: Location): boolean {
  return suppression.file === location.file && (location.line === suppression.line || location.line === suppression.line + 1);
}
