import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { Construct } from 'constructs';

export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export interface HttpsListenersProps {
  readonly loadBalancerArn: string;
  /**
   * Where the HTTPS listener sends requests no rule matches.
   * @default - a fixed 404 response (listener rules route to the services)
   */
  readonly targetGroupArn?: string;
  /** ARN of a certificate that is already validated (or imported). */
  readonly certificateArn: string;
  /**
   * TLS policy of the HTTPS listener.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06'
   */
  readonly sslPolicy?: string;
}

/** Port 80 answers every request with a permanent redirect to HTTPS; port 443 terminates TLS and forwards (or answers 404 when no rule matches). */
export class HttpsListeners extends Construct {
  public readonly http: LbListener;
  public readonly https: LbListener;

  constructor(scope: Construct, id: string, props: HttpsListenersProps) {
    super(scope, id);
    this.http = new LbListener(this, 'http', {
      loadBalancerArn: props.loadBalancerArn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [
        {
          type: 'redirect',
          redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' },
        },
      ],
    });
    this.https = new LbListener(this, 'https', {
      loadBalancerArn: props.loadBalancerArn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: props.sslPolicy ?? DEFAULT_SSL_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [
        props.targetGroupArn !== undefined
          ? { type: 'forward', targetGroupArn: props.targetGroupArn }
          : { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404', messageBody: 'Not found' } },
      ],
    });
  }

  /** Sends requests no rule matches to this target group instead (a default service made after the listener). */
  forwardByDefault(targetGroupArn: string): void {
    this.https.putDefaultAction([{ type: 'forward', targetGroupArn }]);
  }
}
