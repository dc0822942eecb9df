import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';

export interface DnsValidatedCertificateProps {
  readonly domainName: string;
  /** Extra names, e.g. `*.example.com`. @default - none */
  readonly subjectAlternativeNames?: readonly string[];
  /** Hosted zone that holds the validation records. */
  readonly hostedZoneId: string;
}

/**
 * An ACM certificate validated through Route 53. `certificateArn` comes from the validation resource,
 * so whatever uses it (the HTTPS listener) waits until ACM has issued the certificate.
 */
export class DnsValidatedCertificate extends Construct {
  public readonly certificate: AcmCertificate;
  public readonly validationRecords: Route53Record;
  public readonly validation: AcmCertificateValidation;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: props.domainName,
      subjectAlternativeNames: props.subjectAlternativeNames?.length ? [...props.subjectAlternativeNames] : undefined,
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      // A renamed certificate must be issued before the listener drops the old one.
      lifecycle: { createBeforeDestroy: true },
    });

    // One record per distinct name: `example.com` and `*.example.com` share a validation record,
    // which allowOverwrite tolerates.
    // The for_each map iterates the set directly. TerraformIterator.fromComplexList wraps it in
    // tolist(), which is unknown at plan time for a new certificate (a set of partly unknown objects
    // has no known order), and Terraform then refuses the for_each.
    const options = TerraformIterator.fromMap(
      Token.asAnyMap(
        `\${{ for option in ${this.certificate.fqn}.domain_validation_options : option.domain_name => option }}`,
      ),
    );
    this.validationRecords = new Route53Record(this, 'validation-record', {
      forEach: options,
      zoneId: props.hostedZoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 60,
      allowOverwrite: true,
    });

    this.validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(this.validationRecords).pluckProperty('fqdn')),
    });
  }

  get certificateArn(): string {
    return this.validation.certificateArn;
  }
}
