/**
 * Suppression comments: a line comment `// policy-ignore <rule-id>[, <rule-id>…] -- <reason>`, read from
 * the file's real comments (never from strings or template literals). It covers exactly one line: its own
 * line when it follows code, else the line of the next code right below it (other comments may sit in
 * between, a blank line may not). It is all or nothing: an unknown rule
 * id or a missing reason makes the whole comment invalid, and it then suppresses nothing.
 */
import type { Location } from './model';

export const MIN_REASON_LENGTH = 10;
/** A reason needs words: at least this many runs of two or more letters. */
export const MIN_REASON_WORDS = 2;

/** A comment as the source layer reads it. */
export interface CommentRange {
  readonly kind: 'line' | 'block';
  /** The text after `//`, or between `/*` and `*\/`. */
  readonly body: string;
  /** Where the comment starts. */
  readonly line: number;
  readonly column: number;
  /** The line of the first code after the comment, when no blank line separates them. */
  readonly nextCodeLine?: number;
  /** True when code precedes the comment on its line. */
  readonly trailing: boolean;
}

export interface Suppression {
  readonly ruleIds: readonly string[];
  readonly reason: string;
  /** Where the comment is. */
  readonly location: Location;
  /** The one line it covers (undefined when nothing follows it). */
  readonly covers?: number;
  /** Written as a block comment: not a suppression, reported as invalid. */
  readonly block?: true;
}

const PREFIX = /^\s*policy-ignore\b/;
const SUPPRESSION = /^\s*policy-ignore\s+(.*?)(?:\s+--\s*(.*?))?\s*$/s;

/** The suppressions among a file's comments. */
export function suppressionsFromComments(file: string, comments: readonly CommentRange[]): Suppression[] {
  const out: Suppression[] = [];
  for (const comment of comments) {
    // A block or doc comment: its lines' leading `*` are decoration.
    const body = comment.kind === 'block' ? comment.body.replace(/^\s*\*+/gm, ' ') : comment.body;
    if (!PREFIX.test(body)) continue;
    const match = SUPPRESSION.exec(body);
    const ruleIds = (match?.[1] ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id.length > 0);
    const covers = comment.trailing ? comment.line : comment.nextCodeLine;
    out.push({
      ruleIds,
      reason: (match?.[2] ?? '').trim(),
      location: { file, line: comment.line, column: comment.column },
      ...(covers !== undefined ? { covers } : {}),
      ...(comment.kind === 'block' ? { block: true as const } : {}),
    });
  }
  return out;
}

/** Why a suppression is invalid (each problem once), or an empty list. */
export function suppressionProblems(suppression: Suppression, knownRuleIds: ReadonlySet<string>): { messageId: string; data: { [key: string]: string } }[] {
  const problems: { messageId: string; data: { [key: string]: string } }[] = [];
  if (suppression.block) problems.push({ messageId: 'blockComment', data: {} });
  if (suppression.ruleIds.length === 0) problems.push({ messageId: 'noRule', data: {} });
  for (const id of suppression.ruleIds) if (!knownRuleIds.has(id)) problems.push({ messageId: 'unknownRule', data: { rule: id } });
  if (!hasWords(suppression.reason)) problems.push({ messageId: 'noReason', data: { rules: suppression.ruleIds.join(', ') || '(none)' } });
  return problems;
}

/** A reason of at least MIN_REASON_LENGTH characters with at least MIN_REASON_WORDS words. */
export function hasWords(reason: string): boolean {
  return reason.length >= MIN_REASON_LENGTH && (reason.match(/\p{L}{2,}/gu) ?? []).length >= MIN_REASON_WORDS;
}

/** Whether a suppression covers a finding at `location`: same file, and the one line it covers. */
export function covers(suppression: Suppression, location: Location): boolean {
  return suppression.location.file === location.file && suppression.covers === location.line;
}
