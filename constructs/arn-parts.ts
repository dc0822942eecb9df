import { Fn } from 'cdktf';

/** The ARN partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * The account ID inside an ARN the stack creates (`arn:<partition>:<service>:<region>:<account>:…`), as a
 * Terraform expression. Plans need no AWS reads for it (no `aws_caller_identity`); the value is known
 * after the referenced resource is created.
 */
export function accountOfArn(arn: string): string {
  return Fn.element(Fn.split(':', arn), 4);
}
