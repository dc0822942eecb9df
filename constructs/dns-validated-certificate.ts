import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformIterator, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';

export interface DnsValidatedCertificateProps {
  readonly domainName: string;
  /** Extra names, e.g. `*.example.com`. @default - none */
  readonly subjectAlternativeNames?: readonly string[];
  /** Hosted zone that holds the validation records. */
  readonly hostedZoneId: string;
}

/**
 * The names that own a validation record. ACM gives `example.com` and `*.example.com` the same CNAME, so
 * the record is kept once, under the plain name; a wildcard owns its record only when its plain name is
 * not on the certificate. Removing either name later never deletes the record the other still needs.
 */
export function validationRecordOwners(names: readonly string[]): string[] {
  const unique = [...new Set(names)];
  return unique.filter((name) => !(name.startsWith('*.') && unique.includes(name.slice(2))));
}

/**
 * An ACM certificate validated through Route 53. `certificateArn` comes from the validation resource,
 * so whatever uses it (the HTTPS listener) waits until ACM has issued the certificate.
 *
 * A change of names replaces the certificate, the new one issued before the old one is destroyed. The
 * validation records stay: ACM gives a name the same CNAME for every certificate in the account, so a
 * record, once made, is never rewritten (its values are set on create and then left alone); a new name
 * adds its record, a removed name takes only its own.
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

    const names = [props.domainName, ...(props.subjectAlternativeNames ?? [])];
    const owners = validationRecordOwners(names);
    // The for_each map iterates the set directly (TerraformIterator.fromComplexList wraps it in tolist(),
    // which is unknown at plan time for a new certificate), keyed by name: names are known at plan time.
    const options = TerraformIterator.fromMap(
      Token.asAnyMap(
        `\${{ for option in ${this.certificate.fqn}.domain_validation_options : option.domain_name => option if contains(${JSON.stringify(owners)}, option.domain_name) }}`,
      ),
    );
    this.validationRecords = new Route53Record(this, 'validation-record', {
      forEach: options,
      zoneId: props.hostedZoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 60,
      // A record may exist from an earlier certificate of the same name (or be made by hand).
      allowOverwrite: true,
      // Unknown while a replacement certificate is pending, yet the same CNAME: never rewrite a record.
      lifecycle: { ignoreChanges: ['name', 'type', 'records'] },
    });
    this.forgetSharedRecords(names, owners);

    this.validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(this.validationRecords).pluckProperty('fqdn')),
      lifecycle: { createBeforeDestroy: true },
    });
  }

  get certificateArn(): string {
    return this.validation.certificateArn;
  }

  /**
   * Stacks made before records were kept once per CNAME hold a record for `*.example.com` beside the one
   * for `example.com`: the same DNS record twice. Deleting the extra one would delete the record the
   * certificate needs, so Terraform is told to stop managing it instead (moved out, then removed without
   * destroying). For a stack that never had it, both blocks do nothing.
   */
  private forgetSharedRecords(names: readonly string[], owners: readonly string[]): void {
    const stack = TerraformStack.of(this);
    const records = stack.getLogicalId(this.validationRecords);
    const shared = [...new Set(names)].filter((name) => !owners.includes(name));
    shared.forEach((name, index) => {
      const legacy = `aws_route53_record.${records}_shared_${index}`;
      addStackBlock(stack, 'moved', { from: `aws_route53_record.${records}[${JSON.stringify(name)}]`, to: legacy });
      addStackBlock(stack, 'removed', { from: legacy, lifecycle: { destroy: false } });
    });
  }
}

/** Top-level `moved` / `removed` blocks per stack: an override replaces the list, so it is kept here. */
const stackBlocks = new WeakMap<TerraformStack, { moved: object[]; removed: object[] }>();

function addStackBlock(stack: TerraformStack, kind: 'moved' | 'removed', block: object): void {
  const blocks = stackBlocks.get(stack) ?? { moved: [], removed: [] };
  stackBlocks.set(stack, blocks);
  blocks[kind].push(block);
  stack.addOverride(kind, [...blocks[kind]]);
}
