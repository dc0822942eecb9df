/**
 * The comments of a TypeScript file that contain a marker (`policy-ignore`), read as TypeScript reads them:
 * comment ranges in the trivia before a token, so text inside strings, template literals and regular
 * expressions never counts. Only the tokens around each occurrence of the marker are looked at, so a file
 * that mentions the marker in its code costs a walk down one path of its syntax tree, not a full token walk.
 */
import { ts } from 'ts-morph';
import type { CommentRange } from '../suppressions';

/** The comments of a file that contain `marker`. */
export function commentsOf(fileName: string, text: string, marker: string, parsed?: ts.SourceFile): CommentRange[] {
  if (!text.includes(marker)) return [];
  const sf = parsed ?? ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const lineStarts = sf.getLineStarts();
  const found = new Map<number, CommentRange>();
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) {
    const token = tokenWhoseTriviaHolds(sf, at);
    if (!token) continue; // inside a string, template literal, regular expression or other token
    const ranges = [...(ts.getTrailingCommentRanges(text, token.pos) ?? []), ...(ts.getLeadingCommentRanges(text, token.pos) ?? [])];
    const range = ranges.find((r) => r.pos <= at && at < r.end);
    if (!range || found.has(range.pos)) continue;
    const start = sf.getLineAndCharacterOfPosition(range.pos);
    const kind = range.kind === ts.SyntaxKind.SingleLineCommentTrivia ? 'line' : 'block';
    const trailing = text.slice(lineStarts[start.line], range.pos).trim().length > 0;
    const codeLine = token.kind === ts.SyntaxKind.EndOfFileToken ? undefined : sf.getLineAndCharacterOfPosition(token.getStart(sf)).line + 1;
    // The code after a comment counts as "the line below" only with no blank line in between.
    const endLine = sf.getLineAndCharacterOfPosition(range.end).line + 1;
    let adjacent = codeLine !== undefined;
    for (let line = endLine + 1; adjacent && codeLine !== undefined && line < codeLine; line++) {
      if (text.slice(lineStarts[line - 1], lineStarts[line] ?? text.length).trim() === '') adjacent = false;
    }
    found.set(range.pos, {
      kind,
      body: kind === 'line' ? text.slice(range.pos + 2, range.end) : text.slice(range.pos + 2, range.end - 2),
      line: start.line + 1,
      column: start.character + 1,
      ...(codeLine !== undefined && adjacent ? { nextCodeLine: codeLine } : {}),
      trailing,
    });
  }
  return [...found.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The token whose leading trivia (comments and whitespace before it) contains `position`, if any. */
function tokenWhoseTriviaHolds(sf: ts.SourceFile, position: number): ts.Node | undefined {
  let node: ts.Node = sf;
  for (;;) {
    const child: ts.Node | undefined = node.getChildren(sf).find((c) => c.pos <= position && position < c.end) ?? (position >= node.end - 1 ? node.getChildren(sf).slice(-1)[0] : undefined);
    if (!child) return undefined;
    // A doc comment (/** … */) is trivia before the node's first token.
    if (child.kind >= ts.SyntaxKind.FirstJSDocNode && child.kind <= ts.SyntaxKind.LastJSDocNode) return firstToken(sf, node);
    if (child.kind <= ts.SyntaxKind.LastToken || child.getChildCount(sf) === 0) {
      return position < child.getStart(sf) ? child : undefined;
    }
    node = child;
  }
}

/** The first token of a node (skipping its doc comments). */
function firstToken(sf: ts.SourceFile, node: ts.Node): ts.Node | undefined {
  let current: ts.Node | undefined = node;
  while (current && current.kind > ts.SyntaxKind.LastToken) {
    current = current.getChildren(sf).find((c) => c.kind < ts.SyntaxKind.FirstJSDocNode || c.kind > ts.SyntaxKind.LastJSDocNode);
  }
  return current;
}
