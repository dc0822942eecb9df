/**
 * A parser for the part of HCL's expression and template language that cdktf writes into cdk.tf.json:
 * templates (`"${aws_ecr_repository.repo.repository_url}:${var.image_tag}"`), references with attribute,
 * index and splat access, function calls, `for` expressions, conditionals and the usual operators. What it
 * does not know (heredocs, template directives, `dynamic` blocks) is a ParseError naming the text, so a
 * state is never fabricated from an expression half understood.
 */

export type Node =
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'template'; readonly parts: readonly (string | Node)[] }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'attribute'; readonly target: Node; readonly name: string }
  | { readonly kind: 'index'; readonly target: Node; readonly key: Node }
  | { readonly kind: 'splat'; readonly target: Node; readonly each: readonly Step[] }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[]; readonly expand: boolean }
  | { readonly kind: 'tuple'; readonly items: readonly Node[] }
  | { readonly kind: 'object'; readonly entries: readonly { readonly key: Node; readonly value: Node }[] }
  | { readonly kind: 'for'; readonly keyVar?: string; readonly valueVar: string; readonly collection: Node; readonly key?: Node; readonly value: Node; readonly condition?: Node; readonly grouping: boolean; readonly object: boolean }
  | { readonly kind: 'unary'; readonly op: '!' | '-'; readonly operand: Node }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly kind: 'conditional'; readonly condition: Node; readonly then: Node; readonly otherwise: Node };

/** One access step applied to every element of a splat. */
export type Step = { readonly kind: 'attribute'; readonly name: string } | { readonly kind: 'index'; readonly key: Node };

export class ParseError extends Error {}

interface Token {
  readonly type: 'ident' | 'number' | 'string' | 'op' | 'end';
  readonly text: string;
  /** For strings: the parsed template parts. */
  readonly parts?: (string | Node)[];
  readonly start: number;
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '=>', '...', '[*]', '.*', '?', ':', '!', '+', '-', '*', '/', '%', '<', '>', '(', ')', '[', ']', '{', '}', ',', '.', '='];

/** Parses a cdk.tf.json string value as a template. A string without `${` is a literal. */
export function parseTemplate(text: string): Node {
  const { parts, end } = templateParts(text, 0, undefined);
  if (end !== text.length) throw new ParseError(`unexpected text at ${end} in ${JSON.stringify(text)}`);
  if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0]; // "${x}" is x itself, not its string form
  if (parts.every((part) => typeof part === 'string')) return { kind: 'literal', value: parts.join('') };
  return { kind: 'template', parts };
}

/** Parses a bare expression (no surrounding `${ }`). */
export function parseExpression(text: string): Node {
  const parser = new Parser(text, 0);
  const node = parser.expression();
  parser.expectEnd();
  return node;
}

/**
 * Template parts from `at` up to the closing quote (`quote` = '"') or the end of the text. Returns the
 * parts and the index just after the template.
 */
function templateParts(text: string, at: number, quote: '"' | undefined): { parts: (string | Node)[]; end: number } {
  const parts: (string | Node)[] = [];
  let literal = '';
  let i = at;
  const flush = (): void => {
    if (literal) parts.push(literal);
    literal = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (quote && c === quote) return (flush(), { parts, end: i + 1 });
    if (c === '$' && text[i + 1] === '$' && text[i + 2] === '{') {
      literal += '${';
      i += 3;
    } else if (c === '%' && text[i + 1] === '%' && text[i + 2] === '{') {
      literal += '%{';
      i += 3;
    } else if (c === '%' && text[i + 1] === '{') {
      throw new ParseError(`template directives (%{…}) are not supported: ${JSON.stringify(text)}`);
    } else if (c === '$' && text[i + 1] === '{') {
      flush();
      let start = i + 2;
      if (text[start] === '~') start++;
      const parser = new Parser(text, start);
      parts.push(parser.expression());
      i = parser.closeInterpolation();
    } else if (quote && c === '\\') {
      const { value, length } = escape(text, i);
      literal += value;
      i += length;
    } else {
      literal += c;
      i++;
    }
  }
  if (quote) throw new ParseError(`unterminated string in ${JSON.stringify(text)}`);
  flush();
  return { parts, end: i };
}

function escape(text: string, at: number): { value: string; length: number } {
  const next = text[at + 1];
  const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
  if (next in simple) return { value: simple[next], length: 2 };
  if (next === 'u' || next === 'U') {
    const digits = next === 'u' ? 4 : 8;
    const hex = text.slice(at + 2, at + 2 + digits);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) throw new ParseError(`bad escape in ${JSON.stringify(text)}`);
    return { value: String.fromCodePoint(parseInt(hex, 16)), length: 2 + digits };
  }
  throw new ParseError(`unknown escape \\${next} in ${JSON.stringify(text)}`);
}

class Parser {
  private token: Token;

  constructor(
    private readonly text: string,
    private at: number,
  ) {
    this.token = this.lex();
  }

  /** After an interpolation's expression: the closing `}` (with an optional `~` before it); returns the index after it. */
  closeInterpolation(): number {
    if (this.token.type === 'op' && this.token.text === '~') this.advance();
    if (this.token.type !== 'op' || this.token.text !== '}') throw this.error('expected } to close ${');
    return this.token.start + 1;
  }

  expectEnd(): void {
    if (this.token.type !== 'end') throw this.error('unexpected text');
  }

  expression(): Node {
    const condition = this.binary(0);
    if (this.isOp('?')) {
      this.advance();
      const then = this.expression();
      this.expectOp(':');
      const otherwise = this.expression();
      return { kind: 'conditional', condition, then, otherwise };
    }
    return condition;
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];

  private binary(level: number): Node {
    if (level === Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    while (this.token.type === 'op' && Parser.LEVELS[level].includes(this.token.text)) {
      const op = this.token.text;
      this.advance();
      left = { kind: 'binary', op, left, right: this.binary(level + 1) };
    }
    return left;
  }

  private unary(): Node {
    if (this.isOp('!') || this.isOp('-')) {
      const op = this.token.text as '!' | '-';
      this.advance();
      return { kind: 'unary', op, operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.isOp('.')) {
        this.advance();
        if (this.token.type === 'ident' || this.token.type === 'number') {
          const name = this.token.text;
          this.advance();
          node = /^\d+$/.test(name) ? { kind: 'index', target: node, key: { kind: 'literal', value: Number(name) } } : { kind: 'attribute', target: node, name };
        } else throw this.error('expected an attribute name after .');
      } else if (this.isOp('[')) {
        this.advance();
        const key = this.expression();
        this.expectOp(']');
        node = { kind: 'index', target: node, key };
      } else if (this.isOp('[*]') || this.isOp('.*')) {
        this.advance();
        const each: Step[] = [];
        for (;;) {
          if (this.isOp('.')) {
            this.advance();
            if (this.token.type !== 'ident') throw this.error('expected an attribute name in a splat');
            each.push({ kind: 'attribute', name: this.token.text });
            this.advance();
          } else if (this.isOp('[')) {
            this.advance();
            const key = this.expression();
            this.expectOp(']');
            each.push({ kind: 'index', key });
          } else break;
        }
        node = { kind: 'splat', target: node, each };
      } else return node;
    }
  }

  private primary(): Node {
    const token = this.token;
    if (token.type === 'number') {
      this.advance();
      return { kind: 'literal', value: Number(token.text) };
    }
    if (token.type === 'string') {
      this.advance();
      const parts = token.parts ?? [];
      if (parts.every((part) => typeof part === 'string')) return { kind: 'literal', value: parts.join('') };
      return { kind: 'template', parts };
    }
    if (token.type === 'ident') {
      this.advance();
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true' };
      if (token.text === 'null') return { kind: 'literal', value: null };
      if (this.isOp('(')) return this.call(token.text);
      return { kind: 'variable', name: token.text };
    }
    if (this.isOp('(')) {
      this.advance();
      const inner = this.expression();
      this.expectOp(')');
      return inner;
    }
    if (this.isOp('[')) return this.tupleOrFor();
    if (this.isOp('{')) return this.objectOrFor();
    throw this.error('expected a value');
  }

  private call(name: string): Node {
    this.expectOp('(');
    const args: Node[] = [];
    let expand = false;
    while (!this.isOp(')')) {
      args.push(this.expression());
      if (this.isOp('...')) {
        this.advance();
        expand = true;
      }
      if (this.isOp(',')) this.advance();
      else break;
    }
    this.expectOp(')');
    return { kind: 'call', name, args, expand };
  }

  private tupleOrFor(): Node {
    this.expectOp('[');
    if (this.token.type === 'ident' && this.token.text === 'for') return this.forExpression(false);
    const items: Node[] = [];
    while (!this.isOp(']')) {
      items.push(this.expression());
      if (this.isOp(',')) this.advance();
      else break;
    }
    this.expectOp(']');
    return { kind: 'tuple', items };
  }

  private objectOrFor(): Node {
    this.expectOp('{');
    if (this.token.type === 'ident' && this.token.text === 'for') return this.forExpression(true);
    const entries: { key: Node; value: Node }[] = [];
    while (!this.isOp('}')) {
      // A bare identifier as a key is the key's name, not a variable.
      let key: Node;
      if (this.token.type === 'ident' && this.peekIsAssign()) {
        key = { kind: 'literal', value: this.token.text };
        this.advance();
      } else key = this.expression();
      if (this.isOp('=') || this.isOp(':')) this.advance();
      else throw this.error('expected = or : after an object key');
      entries.push({ key, value: this.expression() });
      if (this.isOp(',')) this.advance();
    }
    this.expectOp('}');
    return { kind: 'object', entries };
  }

  private forExpression(object: boolean): Node {
    this.advance(); // for
    const first = this.identifier();
    let keyVar: string | undefined;
    let valueVar = first;
    if (this.isOp(',')) {
      this.advance();
      keyVar = first;
      valueVar = this.identifier();
    }
    if (!this.isKeyword('in')) throw this.error('expected in');
    this.advance();
    const collection = this.expression();
    this.expectOp(':');
    let key: Node | undefined;
    let value = this.expression();
    if (object) {
      this.expectOp('=>');
      key = value;
      value = this.expression();
    }
    let grouping = false;
    if (this.isOp('...')) {
      this.advance();
      grouping = true;
    }
    let condition: Node | undefined;
    if (this.isKeyword('if')) {
      this.advance();
      condition = this.expression();
    }
    this.expectOp(object ? '}' : ']');
    return { kind: 'for', ...(keyVar ? { keyVar } : {}), valueVar, collection, ...(key ? { key } : {}), value, ...(condition ? { condition } : {}), grouping, object };
  }

  private identifier(): string {
    if (this.token.type !== 'ident') throw this.error('expected a name');
    const name = this.token.text;
    this.advance();
    return name;
  }

  /** Whether the token after the current identifier is `=` or `:` (an object key written as a name). */
  private peekIsAssign(): boolean {
    const saved = { token: this.token, at: this.at };
    this.advance();
    const assign = this.isOp('=') || this.isOp(':');
    this.token = saved.token;
    this.at = saved.at;
    return assign;
  }

  private isKeyword(word: string): boolean {
    return this.token.type === 'ident' && this.token.text === word;
  }

  private isOp(text: string): boolean {
    return this.token.type === 'op' && this.token.text === text;
  }

  private expectOp(text: string): void {
    if (!this.isOp(text)) throw this.error(`expected ${text}`);
    this.advance();
  }

  private advance(): void {
    this.token = this.lex();
  }

  private error(message: string): ParseError {
    return new ParseError(`${message} at ${this.token.start} in ${JSON.stringify(this.text)}`);
  }

  private lex(): Token {
    const text = this.text;
    while (this.at < text.length && /\s/.test(text[this.at])) this.at++;
    const start = this.at;
    if (start >= text.length) return { type: 'end', text: '', start };
    const rest = text.slice(start);
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (ident) {
      this.at += ident[0].length;
      return { type: 'ident', text: ident[0], start };
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (number) {
      this.at += number[0].length;
      return { type: 'number', text: number[0], start };
    }
    if (rest[0] === '"') {
      const { parts, end } = templateParts(text, start + 1, '"');
      this.at = end;
      return { type: 'string', text: text.slice(start, end), parts, start };
    }
    if (rest.startsWith('<<')) throw new ParseError(`heredocs are not supported: ${JSON.stringify(text)}`);
    if (rest[0] === '~') {
      this.at++;
      return { type: 'op', text: '~', start };
    }
    for (const op of OPERATORS) {
      if (rest.startsWith(op)) {
        this.at += op.length;
        return { type: 'op', text: op, start };
      }
    }
    throw new ParseError(`unexpected character ${JSON.stringify(rest[0])} at ${start} in ${JSON.stringify(text)}`);
  }
}
