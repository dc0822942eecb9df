/**
 * The real comments of a TypeScript file (TypeScript's comment ranges: the trivia before each token), so
 * suppressions are read from comments only, never from text inside strings or template literals.
 */
import { ts } from 'ts-morph';
import type { CommentRange } from '../suppressions';

/** Every comment of a file whose text contains `marker` (others are not parsed: no comment can match). */
export function commentsOf(fileName: string, text: string, marker: string, parsed?: ts.SourceFile): CommentRange[] {
  if (!text.includes(marker)) return [];
  const sf = parsed ?? ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: CommentRange[] = [];
  const seen = new Set<number>();
  const add = (range: ts.CommentRange, nextCodeLine: number | undefined): void => {
    if (seen.has(range.pos)) return;
    seen.add(range.pos);
    const start = sf.getLineAndCharacterOfPosition(range.pos);
    const lineStart = sf.getPositionOfLineAndCharacter(start.line, 0);
    const kind = range.kind === ts.SyntaxKind.SingleLineCommentTrivia ? 'line' : 'block';
    // The code after a comment counts as "the line below" only with no blank line in between.
    const endLine = sf.getLineAndCharacterOfPosition(range.end).line + 1;
    const lines = sf.getLineStarts();
    let adjacent = nextCodeLine !== undefined;
    for (let line = endLine + 1; adjacent && nextCodeLine !== undefined && line < nextCodeLine; line++) {
      if (text.slice(lines[line - 1], lines[line] ?? text.length).trim() === '') adjacent = false;
    }
    out.push({
      kind,
      body: kind === 'line' ? text.slice(range.pos + 2, range.end) : text.slice(range.pos + 2, range.end - 2),
      line: start.line + 1,
      column: start.character + 1,
      ...(nextCodeLine !== undefined && adjacent ? { nextCodeLine } : {}),
      trailing: text.slice(lineStart, range.pos).trim().length > 0,
    });
  };
  const visit = (node: ts.Node): void => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    const children = node.getChildren(sf);
    if (children.length > 0) {
      for (const child of children) visit(child);
      return;
    }
    if (node.kind > ts.SyntaxKind.LastToken) return; // an empty list, not a token
    // A token: the comments in front of it (from the line after the previous token) and after it on its
    // own line; each comment is reported once.
    const nextCodeLine = node.kind === ts.SyntaxKind.EndOfFileToken ? undefined : sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    for (const range of ts.getLeadingCommentRanges(text, node.pos) ?? []) add(range, nextCodeLine);
    for (const range of ts.getTrailingCommentRanges(text, node.end) ?? []) add(range, undefined);
  };
  visit(sf);
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
