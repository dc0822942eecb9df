import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';

/** The Terraform variable that carries the imported certificate's private key. */
export const PRIVATE_KEY_VARIABLE = 'tls_private_key';

export interface ImportedCertificateProps {
  /** The leaf certificate, PEM (public). */
  readonly certificatePem: string;
  /** Intermediates, PEM (public). */
  readonly chainPem: string;
}

/**
 * A certificate issued elsewhere (Certbot) and imported into ACM. Only public PEM parts are embedded;
 * the private key comes from the sensitive variable `tls_private_key` (TF_VAR_tls_private_key locally,
 * a sensitive workspace variable in Terraform Cloud), so it never lands in the synthesized JSON.
 * After `certbot renew`, a plan/apply re-imports the new certificate under the same ARN.
 */
export class ImportedCertificate extends Construct {
  public readonly certificate: AcmCertificate;
  public readonly privateKey: TerraformVariable;

  constructor(scope: Construct, id: string, props: ImportedCertificateProps) {
    super(scope, id);
    this.privateKey = new TerraformVariable(this, 'private-key', {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: 'PEM private key of the imported certificate (Certbot privkey.pem). Set TF_VAR_tls_private_key or a sensitive workspace variable.',
      validation: [
        {
          condition: `\${can(regex("-----BEGIN (RSA |EC )?PRIVATE KEY-----", var.${PRIVATE_KEY_VARIABLE}))}`,
          errorMessage: 'tls_private_key must be an unencrypted PEM private key (the contents of privkey.pem).',
        },
      ],
    });
    this.privateKey.overrideLogicalId(PRIVATE_KEY_VARIABLE);

    this.certificate = new AcmCertificate(this, 'certificate', {
      certificateBody: props.certificatePem,
      certificateChain: props.chainPem,
      privateKey: this.privateKey.stringValue,
    });
  }

  get certificateArn(): string {
    return this.certificate.arn;
  }
}
