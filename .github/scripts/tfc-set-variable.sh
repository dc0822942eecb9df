#!/usr/bin/env bash
# Creates or updates one Terraform variable of a stack's HCP Terraform (Terraform Cloud) workspace.
#
#   .github/scripts/tfc-set-variable.sh <stack-dir> <key> <value> [--sensitive]
#   .github/scripts/tfc-set-variable.sh cdktf.out/stacks/prod image_tag "$GITHUB_SHA"
#
# Why: with remote execution the run happens on HCP Terraform, and TF_VAR_… variables of the shell
# that starts `cdktf deploy` are never sent to it; the run reads the workspace's variables. So CI sets
# the workspace variable first (inside the deploy job's concurrency group, so two deploys of one
# environment cannot interleave), then deploys.
#
# The organization, workspace and hostname come from the synthesized stack (<stack-dir>/cdk.tf.json,
# block terraform.cloud), so they always match what `cdktf deploy` uses. The token is the one
# Terraform reads: TF_TOKEN_<hostname with "." → "_" and "-" → "__">, e.g. TF_TOKEN_app_terraform_io.
# TFC_API_URL overrides https://<hostname> (tests point it at a local server).
#
# API (https://developer.hashicorp.com/terraform/cloud-docs/api-docs/workspace-variables):
#   GET   /api/v2/organizations/:org/workspaces/:name   → workspace id
#   GET   /api/v2/workspaces/:id/vars                   → is there a terraform variable <key>?
#   PATCH /api/v2/workspaces/:id/vars/:var_id           → yes: new value
#   POST  /api/v2/workspaces/:id/vars                   → no: create it (category terraform, hcl false)
set -euo pipefail

die() { echo "tfc-set-variable: $*" >&2; exit 1; }

[ $# -ge 3 ] || die "usage: $0 <stack-dir> <key> <value> [--sensitive]"
stack_dir=$1 key=$2 value=$3
sensitive=false
[ "${4:-}" = "--sensitive" ] && sensitive=true

json="$stack_dir/cdk.tf.json"
[ -f "$json" ] || die "$json not found: synthesize first (npm run synth)"
host=$(jq -r '.terraform.cloud.hostname // "app.terraform.io"' "$json")
org=$(jq -r '.terraform.cloud.organization // empty' "$json")
workspace=$(jq -r '.terraform.cloud.workspaces.name // empty' "$json")
if [ -z "$org" ] || [ -z "$workspace" ]; then
  die "$json has no Terraform Cloud backend with a named workspace: set TF_CLOUD_ORGANIZATION (or terraformCloud in the environment file) and synthesize again"
fi

token_var="TF_TOKEN_${host//./_}"
token_var="${token_var//-/__}"
token="${!token_var:-}"
[ -n "$token" ] || die "$token_var is not set (an HCP Terraform team or user API token)"

base="${TFC_API_URL:-https://$host}/api/v2"
api() {
  # --fail-with-body: a 4xx/5xx fails the script and prints HCP Terraform's error document.
  curl --silent --show-error --fail-with-body --retry 3 \
    -H "Authorization: Bearer $token" -H "Content-Type: application/vnd.api+json" "$@"
}

if ! ws_doc=$(api "$base/organizations/$org/workspaces/$workspace"); then
  die "workspace $org/$workspace not found or not readable with this token: create it (UI, API, or a first \`cdktf plan\`) and give the token's team access. Response: $ws_doc"
fi
ws_id=$(jq -r '.data.id' <<<"$ws_doc")

var_id=$(api "$base/workspaces/$ws_id/vars" |
  jq -r --arg key "$key" '[.data[] | select(.attributes.key == $key and .attributes.category == "terraform")][0].id // empty')

if [ -n "$var_id" ]; then
  jq -n --arg id "$var_id" --arg value "$value" \
    '{data: {id: $id, type: "vars", attributes: {value: $value}}}' |
    api --request PATCH --data @- "$base/workspaces/$ws_id/vars/$var_id" >/dev/null
  action=updated
else
  jq -n --arg key "$key" --arg value "$value" --argjson sensitive "$sensitive" \
    '{data: {type: "vars", attributes: {key: $key, value: $value, category: "terraform", hcl: false, sensitive: $sensitive, description: "set by CI"}}}' |
    api --request POST --data @- "$base/workspaces/$ws_id/vars" >/dev/null
  action=created
fi

shown=$value
[ "$sensitive" = true ] && shown='(sensitive)'
echo "$org/$workspace: $action terraform variable $key = $shown"
