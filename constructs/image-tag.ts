import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { IMAGE_TAG_PATTERN } from '../config/patterns';

export const IMAGE_TAG_VARIABLE = 'image_tag';

export interface ImageTagProps {
  /** Default tag from the environment file; CI overrides it (TF_VAR_image_tag or a workspace variable). */
  readonly defaultTag: string;
  /** Refuse `latest` (production). @default false */
  readonly refuseLatest?: boolean;
  /** The Terraform variable's name (`image_tag_<service>` for one service of many). @default 'image_tag' */
  readonly variableName?: string;
  /** Whose image, for the variable's description. @default - the service */
  readonly serviceName?: string;
}

/** The image tag variable of one service of many: `image_tag_<service>` (hyphens become underscores, as TF_VAR_ names need). */
export function imageTagVariableName(service: string): string {
  return `${IMAGE_TAG_VARIABLE}_${service.replace(/-/g, '_')}`;
}

/**
 * The image tag as a Terraform variable, so CI deploys a new image without a code change. In
 * production the variable itself rejects `latest`, whatever value CI passes.
 */
export class ImageTag extends Construct {
  public readonly variable: TerraformVariable;

  constructor(scope: Construct, id: string, props: ImageTagProps) {
    super(scope, id);
    const name = props.variableName ?? IMAGE_TAG_VARIABLE;
    const validation = [
      {
        condition: `\${can(regex("${IMAGE_TAG_PATTERN.source}", var.${name}))}`,
        errorMessage: `${name} must be a Docker tag: letters, digits, _ . - (1-128 characters).`,
      },
    ];
    if (props.refuseLatest) {
      validation.push({
        condition: `\${var.${name} != "latest"}`,
        errorMessage: `${name} "latest" is not allowed in production; deploy a version or commit SHA.`,
      });
    }
    this.variable = new TerraformVariable(this, 'variable', {
      type: 'string',
      default: props.defaultTag,
      nullable: false,
      description:
        props.serviceName === undefined
          ? 'Tag of the image to deploy from the ECR repository (CI passes the commit SHA).'
          : `Tag of the ${props.serviceName} image to deploy from its ECR repository (CI passes the commit SHA).`,
      validation,
    });
    this.variable.overrideLogicalId(name);
  }

  get value(): string {
    return this.variable.stringValue;
  }
}
