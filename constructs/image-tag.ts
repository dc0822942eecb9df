import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { IMAGE_TAG_PATTERN } from '../config/patterns';

export const IMAGE_TAG_VARIABLE = 'image_tag';

export interface ImageTagProps {
  /** Default tag from the environment file; CI overrides it (TF_VAR_image_tag or a workspace variable). */
  readonly defaultTag: string;
  /** Refuse `latest` (production). @default false */
  readonly refuseLatest?: boolean;
}

/**
 * The image tag as a Terraform variable, so CI deploys a new image without a code change. In
 * production the variable itself rejects `latest`, whatever value CI passes.
 */
export class ImageTag extends Construct {
  public readonly variable: TerraformVariable;

  constructor(scope: Construct, id: string, props: ImageTagProps) {
    super(scope, id);
    const validation = [
      {
        condition: `\${can(regex("${IMAGE_TAG_PATTERN.source}", var.${IMAGE_TAG_VARIABLE}))}`,
        errorMessage: 'image_tag must be a Docker tag: letters, digits, _ . - (1-128 characters).',
      },
    ];
    if (props.refuseLatest) {
      validation.push({
        condition: `\${var.${IMAGE_TAG_VARIABLE} != "latest"}`,
        errorMessage: 'image_tag "latest" is not allowed in production; deploy a version or commit SHA.',
      });
    }
    this.variable = new TerraformVariable(this, 'variable', {
      type: 'string',
      default: props.defaultTag,
      nullable: false,
      description: 'Tag of the image to deploy from the ECR repository (CI passes the commit SHA).',
      validation,
    });
    this.variable.overrideLogicalId(IMAGE_TAG_VARIABLE);
  }

  get value(): string {
    return this.variable.stringValue;
  }
}
