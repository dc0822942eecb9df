/**
 * What stops a `destroy` of a synthesized stack, read from its cdk.tf.json before Terraform starts:
 * Terraform deletes what depends on a protected load balancer (listeners, the service) before it fails on
 * the load balancer itself, so a destroy that cannot finish is refused up front, with what to change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DestroyChecks {
  /** Reasons the destroy cannot finish; each says what to change first. */
  readonly blockers: readonly string[];
  /** Things that fail the destroy unless done by hand first (they cannot be seen offline). */
  readonly notes: readonly string[];
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

export function destroyChecks(outdir: string, stack: string, environmentFile: string): DestroyChecks {
  const file = join(outdir, 'stacks', stack, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { resource?: Resources };
  const resources = json.resource ?? {};
  const blockers: string[] = [];
  const notes: string[] = [];

  for (const [name, lb] of Object.entries(resources.aws_lb ?? {})) {
    if (lb.enable_deletion_protection === true) {
      blockers.push(
        `aws_lb.${name} has deletion protection (on by default in production). Set loadBalancer.deletionProtection: false ` +
          `in ${environmentFile}, apply that (npm run deploy -- ${stack}), then destroy.`,
      );
    }
  }
  for (const [type, byName] of Object.entries(resources)) {
    for (const [name, resource] of Object.entries(byName)) {
      const lifecycle = resource.lifecycle as { prevent_destroy?: unknown } | undefined;
      if (lifecycle?.prevent_destroy === true) {
        blockers.push(
          `${type}.${name} has prevent_destroy (the file adopts it under imports:). Remove its imports: entry from ${environmentFile} ` +
            `(after the first apply the resource is in the state and the entry is no longer needed), then destroy.`,
        );
      }
    }
  }
  for (const repository of Object.values(resources.aws_ecr_repository ?? {})) {
    if (repository.force_delete !== true) {
      const repositoryName = typeof repository.name === 'string' ? repository.name : '<repository>';
      notes.push(
        `ECR repository ${repositoryName} is deleted only when it holds no images (force_delete is off, so images are never lost ` +
          `by accident): delete its images first (README: "Tear down"), or Terraform stops at the repository.`,
      );
    }
  }
  for (const bucket of Object.values(resources.aws_s3_bucket ?? {})) {
    if (bucket.force_destroy !== true) {
      const name = typeof bucket.bucket === 'string' ? bucket.bucket : typeof bucket.bucket_prefix === 'string' ? `${bucket.bucket_prefix}…` : '<bucket>';
      notes.push(
        `S3 bucket ${name} is deleted only when it holds no objects (force_destroy is off): empty it, versions included ` +
          `(README: "Tear down"), or Terraform stops at the bucket.`,
      );
    }
  }
  return { blockers, notes };
}
