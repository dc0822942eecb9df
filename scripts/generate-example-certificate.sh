#!/usr/bin/env bash
# Generates the throwaway certificate chain that the shipped `staging` example imports: a CA and a leaf
# for the example domain, in the layout Certbot writes (cert.pem, chain.pem). Both private keys are
# created in a temporary directory and deleted: the example needs public PEMs only, and nothing can be
# signed with this chain afterwards. Run it again only to replace the example (e.g. near expiry).
set -euo pipefail

domain="${1:-staging.example.com}"
out="${2:-$(dirname "$0")/../environments/certs/staging}"
days="${DAYS:-3650}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days "$days" -sha256 \
  -keyout "$work/ca.key" -out "$work/ca.pem" \
  -subj "/O=ecs-web-stack example/CN=ecs-web-stack Throwaway Example CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

openssl req -newkey rsa:2048 -nodes -keyout "$work/leaf.key" -out "$work/leaf.csr" -subj "/CN=$domain" 2>/dev/null
printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' "$domain" > "$work/leaf.ext"
openssl x509 -req -in "$work/leaf.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days "$days" -sha256 -extfile "$work/leaf.ext" -out "$work/leaf.pem" 2>/dev/null

mkdir -p "$out"
cp "$work/leaf.pem" "$out/cert.pem"
cp "$work/ca.pem" "$out/chain.pem"
echo "wrote $out/cert.pem and $out/chain.pem for $domain (valid $days days; private keys discarded)"
