import { sourceGraph, synth, tf, SOURCE_FILE, type RuleCases } from '../helpers';

const imp = (moduleSpecifier: string, names: string[], line = 1) => ({ file: SOURCE_FILE, line, column: 1, moduleSpecifier, names });

export const cases: RuleCases = {
  valid: [
    { name: 'source: deep import', graph: sourceGraph([], { imports: [imp('@cdktf/provider-aws/lib/ecs-service', ['EcsService'])] }) },
    { name: 'source: other packages', graph: sourceGraph([], { imports: [imp('cdktf', ['App', 'TerraformStack']), imp('constructs', ['Construct'])] }) },
    { name: 'source: type-only import of the root costs nothing at runtime', graph: sourceGraph([], { imports: [{ ...imp('@cdktf/provider-aws', ['ecsService']), typeOnly: true }] }) },
    { name: 'synth: not checked (source only)', graph: synth(tf({ aws_lb: { alb: {} } })) },
  ],
  invalid: [
    {
      name: 'source: package root',
      graph: sourceGraph([], { imports: [imp('@cdktf/provider-aws', ['ecsService', 'lb'], 3)] }),
      expected: [{ line: 3, message: 'Import of ecsService, lb from `@cdktf/provider-aws` loads the whole provider; import from `@cdktf/provider-aws/lib/<resource>` instead.' }],
    },
    {
      name: 'source: lib index',
      graph: sourceGraph([], { imports: [imp('@cdktf/provider-aws/lib', [], 9)] }),
      expected: [{ line: 9, message: 'Import of the module from `@cdktf/provider-aws/lib` loads the whole provider; import from `@cdktf/provider-aws/lib/<resource>` instead.' }],
    },
  ],
};
