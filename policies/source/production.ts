/**
 * Production tests: the source layer evaluates a value for production. A boolean identifier or property
 * named `production`, `isProduction` or `isProd`, or a comparison of an environment name (`env`,
 * `environment`, `stage`, `envName`, `props.environment`…) with a string, has a known value there.
 */
import { Node, SyntaxKind } from 'ts-morph';
import { lookupName } from './scope';
import { unwrap } from './syntax';

const FLAG_NAMES = new Set(['production', 'isProduction', 'isProd']);
const PROD_NAMES = new Set(['prod', 'production']);
/** `env`, `environment`, `stage`, `envName`, `environmentName`, `stageName`, `deployEnv`, `NODE_ENV`… */
const ENV_NAME = /(^|[a-z_])(env|environment|stage)(name)?$/i;

/** The last name of an identifier or property access chain (`props.env.isProd` → `isProd`). */
function terminalName(node: Node): string | undefined {
  if (Node.isIdentifier(node)) return node.getText();
  if (Node.isPropertyAccessExpression(node)) return node.getName();
  if (Node.isElementAccessExpression(node)) {
    const arg = node.getArgumentExpression();
    if (arg && (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg))) return arg.getLiteralText();
  }
  return undefined;
}

function isEnvName(node: Node): boolean {
  const n = unwrap(node);
  const name = terminalName(n);
  if (name === undefined) return false;
  if (ENV_NAME.test(name)) return true;
  // `env.name`, `props.environment.name`, `stage.name`
  return name === 'name' && (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) && isEnvName(n.getExpression());
}

function stringLiteral(node: Node): string | undefined {
  const n = unwrap(node);
  return Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n) ? n.getLiteralText() : undefined;
}

/**
 * The value `node` has in production when it is a production test, else undefined.
 * `props.production` → true, `!isProd` → false, `env === 'prod'` → true, `stage !== 'production'` → false,
 * `env === 'dev'` → false (in production the environment is named prod/production).
 */
export function productionValue(node: Node, depth = 0): boolean | undefined {
  if (depth > 8) return undefined;
  const n = unwrap(node);
  if (Node.isPrefixUnaryExpression(n) && n.getOperatorToken() === SyntaxKind.ExclamationToken) {
    const inner = productionValue(n.getOperand(), depth + 1);
    return inner === undefined ? undefined : !inner;
  }
  if (Node.isIdentifier(n) || Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) {
    const name = terminalName(n);
    if (name !== undefined && FLAG_NAMES.has(name)) return true;
    if (Node.isIdentifier(n)) {
      // `const prodLike = env === 'prod'` and then `prodLike ? … : …`
      const decl = lookupName(n.getText(), n);
      if (decl && Node.isVariableDeclaration(decl)) {
        const init = decl.getInitializer();
        if (init) return productionValue(init, depth + 1);
      }
    }
    return undefined;
  }
  if (Node.isBinaryExpression(n)) {
    const op = n.getOperatorToken().getKind();
    const left = n.getLeft();
    const right = n.getRight();
    if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) {
      const a = productionValue(left, depth + 1);
      const b = productionValue(right, depth + 1);
      if (op === SyntaxKind.AmpersandAmpersandToken) return a === false || b === false ? false : a === true && b === true ? true : undefined;
      return a === true || b === true ? true : a === false && b === false ? false : undefined;
    }
    const equal = op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken;
    const notEqual = op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
    if (!equal && !notEqual) return undefined;
    for (const [subject, other] of [
      [left, right],
      [right, left],
    ] as const) {
      const literal = stringLiteral(other);
      if (literal !== undefined && isEnvName(subject)) {
        const same = PROD_NAMES.has(literal.toLowerCase());
        return equal ? same : !same;
      }
      const otherNode = unwrap(other);
      const isBool = otherNode.getKind() === SyntaxKind.TrueKeyword || otherNode.getKind() === SyntaxKind.FalseKeyword;
      if (isBool) {
        const flag = productionValue(subject, depth + 1);
        if (flag === undefined) continue;
        const same = flag === (otherNode.getKind() === SyntaxKind.TrueKeyword);
        return equal ? same : !same;
      }
    }
    return undefined;
  }
  // ['prod', 'production'].includes(env)
  if (Node.isCallExpression(n)) {
    const callee = unwrap(n.getExpression());
    const args = n.getArguments();
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'includes' && args.length === 1 && isEnvName(args[0])) {
      const list = unwrap(callee.getExpression());
      if (Node.isArrayLiteralExpression(list)) {
        const items = list.getElements().map(stringLiteral);
        if (items.every((i) => i !== undefined)) return items.some((i) => PROD_NAMES.has((i as string).toLowerCase()));
      }
    }
  }
  return undefined;
}
