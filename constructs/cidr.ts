/**
 * IPv4 subnet arithmetic done at synth time, so subnet CIDRs are plain values in the plan
 * (readable in review) rather than Terraform expressions.
 */

/** Splits `cidr` into 2^newBits equal subnets, in address order. */
export function splitIpv4Cidr(cidr: string, newBits: number): string[] {
  const [address, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  const newPrefix = prefix + newBits;
  if (!Number.isInteger(prefix) || newPrefix > 28) {
    throw new Error(`cannot split ${cidr} into /${newPrefix} subnets: AWS subnets are /28 or larger`);
  }
  const base = address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  const size = 2 ** (32 - newPrefix);
  // Start from the network address even if the caller passed host bits.
  const network = base - (base % 2 ** (32 - prefix));
  return Array.from({ length: 2 ** newBits }, (_, index) => `${toDotted(network + index * size)}/${newPrefix}`);
}

function toDotted(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
