/**
 * Turns the bytes of an environment file into plain data, with every problem on a line: the text
 * encoding (UTF-8 only), YAML syntax errors and warnings (unknown `!tags`), aliases that resolve to
 * nothing or to themselves, alias bombs (the yaml library's own maxAliasCount), keys JavaScript cannot
 * hold (`__proto__`), NUL characters and nesting deeper than any setting needs.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { Locator } from './locate';

/** A problem found in the file's text, before the schema sees it. */
export interface SourceProblem {
  readonly line?: number;
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export interface ParsedSource {
  readonly locator?: Locator;
  /** The file's data; undefined when a problem above prevents reading it. */
  readonly data?: unknown;
  readonly problems: readonly SourceProblem[];
}

/** Alias expansions allowed per file (the yaml library's default, set explicitly). */
export const MAX_ALIAS_COUNT = 100;
/** Deeper than any setting of the schema, far from the parser's own stack limit. */
const MAX_DEPTH = 32;
/** Explicit tags that only restate what plain YAML means; any other (`!!binary`, `!!set`, `!custom`) is refused. */
const CORE_TAGS: ReadonlySet<string> = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`));
/** YAML syntax errors reported per file; a broken file often yields the same error many times. */
const MAX_SYNTAX_ERRORS = 5;

export function parseYamlSource(bytes: Buffer): ParsedSource {
  const decoded = decodeUtf8(bytes);
  if ('problem' in decoded) return { problems: [decoded.problem] };

  const lineCounter = new LineCounter();
  const document = parseDocument(decoded.text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const locator = new Locator(document, lineCounter);
  const problems: SourceProblem[] = [];
  for (const error of document.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    problems.push({ line: lineCounter.linePos(error.pos[0]).line, path: locator.pathAtOffset(error.pos[0]), message: `YAML does not parse: ${describeYamlError(error.code, error.message)}` });
  }
  for (const warning of document.warnings) {
    const message =
      warning.code === 'TAG_RESOLVE_FAILED'
        ? `${firstLine(warning.message).replace(/^Unresolved tag:?\s*/, 'unknown YAML tag ').replace(/ at line \d+, column \d+:?$/, '')}; tags are not supported here: remove it (write the plain value)`
        : `YAML: ${firstLine(warning.message)}`;
    problems.push({ line: lineCounter.linePos(warning.pos[0]).line, path: locator.pathAtOffset(warning.pos[0]), message });
  }
  if (problems.length > 0) return { locator, problems };

  problems.push(...checkNodes(document, locator));
  if (problems.length > 0) return { locator, problems };

  try {
    return { locator, data: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems };
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    const excessive = /alias count/i.test(message);
    const firstAlias = findFirstAlias(document.contents);
    return {
      locator,
      problems: [
        {
          line: firstAlias?.range ? locator.lineAtOffset(firstAlias.range[0]) : 1,
          path: [],
          message: excessive
            ? `aliases expand to more than ${MAX_ALIAS_COUNT} copies of their anchors (an "alias bomb"); write the values out or use fewer aliases`
            : `YAML cannot be read: ${firstLine(message)}`,
        },
      ],
    };
  }
}

/** UTF-8 without NUL bytes; UTF-16/32 files (Windows editors) get a message that says what to do. */
function decodeUtf8(bytes: Buffer): { text: string } | { problem: SourceProblem } {
  const fail = (message: string, line?: number) => ({ problem: { line, path: [], message } });
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return fail('is saved as UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8');
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    // UTF-16 without a byte order mark puts a NUL beside every ASCII character.
    const utf16 = bytes.length >= 4 && (bytes[1] === 0 || bytes[0] === 0) && (bytes[3] === 0 || bytes[2] === 0);
    if (utf16) return fail('looks like UTF-16 text (NUL bytes between the characters); save it as UTF-8');
    return fail('contains a NUL byte; an environment file is UTF-8 text', lineOfByte(bytes, nul));
  }
  const text = bytes.toString('utf8');
  if (text.includes('\ufffd')) {
    const reencoded = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length && offset < reencoded.length && bytes[offset] === reencoded[offset]) offset++;
    if (offset < bytes.length) {
      return fail(`is not valid UTF-8 (byte ${offset + 1}, 0x${bytes[offset].toString(16).padStart(2, '0')}); save it as UTF-8`, lineOfByte(bytes, offset));
    }
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

function lineOfByte(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Walks the node tree (without expanding aliases) for what the schema could not see or would drop. */
function checkNodes(document: Document, locator: Locator): SourceProblem[] {
  const problems: SourceProblem[] = [];
  const at = (node: { range?: [number, number, number] | null } | null | undefined) => (node?.range ? locator.lineAtOffset(node.range[0]) : undefined);
  const walk = (node: unknown, path: PropertyKey[], ancestors: unknown[]): void => {
    if (ancestors.length > MAX_DEPTH) {
      problems.push({ line: at(node as Node), path, message: `is nested more than ${MAX_DEPTH} levels deep; no setting is` });
      return;
    }
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag !== undefined && !CORE_TAGS.has(tag)) {
      problems.push({ line: at(node as Node), path, message: `the YAML tag ${tag.replace(/^tag:yaml\.org,2002:/, '!!')} is not supported here; write the plain value` });
      return;
    }
    if (isAlias(node)) {
      const target = node.resolve(document);
      if (target === undefined) {
        problems.push({ line: at(node), path, message: `alias *${node.source} refers to no anchor &${node.source} defined before it` });
      } else if (ancestors.includes(target)) {
        problems.push({ line: at(node), path, message: `alias *${node.source} is inside the value of its own anchor &${node.source}, which would make an endless value` });
      }
      return;
    }
    if (isMap(node)) {
      // Duplicate keys are found here with a set: the yaml library's own check compares every pair
      // with every other, which a file of many keys turns into minutes.
      const firstLines = new Map<string, number | undefined>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (!isScalar(pair.key)) {
          problems.push({ line: at(pair.key as Node) ?? at(node), path, message: 'has a key that is not plain text (a list or mapping as a key); keys must be names' });
          continue;
        }
        const key = String(pair.key.value);
        if (firstLines.has(key)) {
          const first = firstLines.get(key);
          problems.push({ line: at(pair.key), path: [...path, key], message: `appears twice in one mapping${first ? ` (first on line ${first})` : ''}; keep one` });
          continue;
        }
        firstLines.set(key, at(pair.key));
        if (key === '__proto__') {
          problems.push({ line: at(pair.key), path: [...path, key], message: 'the key "__proto__" is not allowed (JavaScript would drop it silently)' });
          continue;
        }
        walk(pair.value, [...path, key], [...ancestors, node]);
      }
      return;
    }
    if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, index], [...ancestors, node]));
      return;
    }
    if (isScalar(node) && typeof node.value === 'string' && node.value.includes('\0')) {
      problems.push({ line: at(node), path, message: 'contains a NUL character (\\0), which AWS rejects; remove it' });
    }
  };
  walk(document.contents, [], []);
  return problems;
}

function findFirstAlias(node: unknown): Node | undefined {
  if (isAlias(node)) return node;
  if (isMap(node)) {
    for (const pair of node.items) {
      const found = findFirstAlias(pair.value);
      if (found) return found;
    }
  }
  if (isSeq(node)) {
    for (const item of node.items) {
      const found = findFirstAlias(item);
      if (found) return found;
    }
  }
  return undefined;
}

function describeYamlError(code: string, message: string): string {
  if (code === 'RESOURCE_EXHAUSTION') return 'nested too deeply to read';
  if (code === 'MULTIPLE_DOCS') return 'the file holds more than one YAML document (a second `---`); keep one environment per file';
  return firstLine(message).replace(/ at line \d+, column \d+:?$/, '');
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
