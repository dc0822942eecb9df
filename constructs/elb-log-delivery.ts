/**
 * Who writes Elastic Load Balancing access and connection logs into S3, per region.
 *
 * Regions available before August 2022 deliver from a regional Elastic Load Balancing account; newer
 * regions deliver as the service principal `logdelivery.elasticloadbalancing.amazonaws.com`. Source:
 * the Elastic Load Balancing User Guide for Application Load Balancers, "Enable access logs", step 2
 * "Attach a policy to your S3 bucket" (the same table backs the AWS provider's `aws_elb_service_account`
 * data source, which this stack does not use because offline plans cannot read AWS).
 */

/** The regional Elastic Load Balancing accounts, for regions available before August 2022. */
export const ELB_LOG_DELIVERY_ACCOUNTS: { readonly [region: string]: string } = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'af-south-1': '098369216593',
  'ap-east-1': '754344448648',
  'ap-southeast-3': '589379963580',
  'ap-south-1': '718504428378',
  'ap-northeast-3': '383597477331',
  'ap-northeast-2': '600734575887',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864',
  'ca-central-1': '985666609251',
  'eu-central-1': '054676820928',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-south-1': '635631232127',
  'eu-west-3': '009996457667',
  'eu-north-1': '897822967062',
  'me-south-1': '076674570225',
  'sa-east-1': '507241528517',
  'us-gov-west-1': '048591011584',
  'us-gov-east-1': '190560391635',
  'cn-north-1': '638102146993',
  'cn-northwest-1': '037604701340',
};

/** The service principal that delivers logs in regions opened in August 2022 or later. */
export const ELB_LOG_DELIVERY_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';

/** The bucket policy principal that writes load balancer logs in a region. */
export function elbLogDeliveryPrincipal(region: string, partition: string): { AWS: string } | { Service: string } {
  const account = ELB_LOG_DELIVERY_ACCOUNTS[region];
  return account ? { AWS: `arn:${partition}:iam::${account}:root` } : { Service: ELB_LOG_DELIVERY_SERVICE };
}
