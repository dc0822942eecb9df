/**
 * Fargate's valid task-level cpu/memory combinations (Linux), from the ECS developer guide's
 * "Task CPU and memory" table. ECS rejects any other pair at registration time, long after a plan
 * looked fine, so the schema checks it up front.
 */

const GiB = 1024;

function range(fromMiB: number, toMiB: number, stepMiB: number): number[] {
  const values: number[] = [];
  for (let v = fromMiB; v <= toMiB; v += stepMiB) values.push(v);
  return values;
}

/** cpu units → allowed memory values in MiB. */
export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1 * GiB, 2 * GiB],
  512: range(1 * GiB, 4 * GiB, 1 * GiB),
  1024: range(2 * GiB, 8 * GiB, 1 * GiB),
  2048: range(4 * GiB, 16 * GiB, 1 * GiB),
  4096: range(8 * GiB, 30 * GiB, 1 * GiB),
  8192: range(16 * GiB, 60 * GiB, 4 * GiB),
  16384: range(32 * GiB, 120 * GiB, 8 * GiB),
};

export const FARGATE_CPU_VALUES: readonly number[] = Object.keys(FARGATE_MEMORY_BY_CPU).map(Number);

/** Describes the memory values a cpu value allows, compactly, for error messages. */
export function describeAllowedMemory(cpu: number): string {
  const values = FARGATE_MEMORY_BY_CPU[cpu];
  if (!values) return `cpu must be one of ${FARGATE_CPU_VALUES.join(', ')}`;
  if (values.length <= 3) return values.join(', ');
  const step = values[1] - values[0];
  return `${values[0]}–${values[values.length - 1]} in steps of ${step}`;
}

export function isValidFargatePair(cpu: number, memory: number): boolean {
  return FARGATE_MEMORY_BY_CPU[cpu]?.includes(memory) ?? false;
}
