#!/usr/bin/env bash
# Grants TokenWatch's managed identity the two Microsoft Graph application permissions it reads with:
#   DeviceManagementServiceConfig.Read.All   ADE (enrollment program) and VPP tokens
#   DeviceManagementManagedDevices.Read.All  the Apple MDM push (APNs) certificate
# and nothing else; with --discovery also, for GDAP discovery in the MSP (partner) tenant:
#   DelegatedAdminRelationship.Read.All      the partner tenant's GDAP customers (tokenwatch tenants discover,
#                                            the daily DiscoverCustomers)
#
# Idempotent: a permission the identity already holds is reported and left alone, so the script can be
# run after every deployment. It never removes a grant.
#
# Who can run it: an Entra role that may grant application permissions on Microsoft Graph, i.e.
# Privileged Role Administrator (or Global Administrator), signed in with `az login` to the tenant of
# the identity. Azure RBAC roles on the subscription are not enough: this is a directory change.
#
# Usage:
#   infra/grant-graph-permissions.sh --resource-group RG [--identity-name NAME]
#   infra/grant-graph-permissions.sh --principal-id OBJECT_ID
#   Add --discovery (MSPs, signed in to the partner tenant) to grant the discovery permission too.
#   Add --dry-run to print what would be granted without granting it.
# Without --identity-name, the one user-assigned identity in RG tagged application=tokenwatch is used
# (the one infra/main.bicep creates).
#
# Admin consent is implied: an application permission assigned this way is granted, no consent prompt.
# Tokens the app already holds keep their old roles until they expire (up to 24 h for managed
# identities); restart the function app to pick up the new roles sooner.
set -euo pipefail

readonly GRAPH_APP_ID='00000003-0000-0000-c000-000000000000' # Microsoft Graph, the same in every tenant
PERMISSIONS=(
  'DeviceManagementServiceConfig.Read.All'
  'DeviceManagementManagedDevices.Read.All'
)
readonly DISCOVERY_PERMISSION='DelegatedAdminRelationship.Read.All'


usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit "${1:-0}"
}

resource_group=''
identity_name=''
principal_id=''
dry_run=false

while [[ $# -gt 0 ]]; do
  case "$1" in
    -g | --resource-group) resource_group="${2:?--resource-group needs a value}"; shift 2 ;;
    -n | --identity-name) identity_name="${2:?--identity-name needs a value}"; shift 2 ;;
    -p | --principal-id) principal_id="${2:?--principal-id needs a value}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    --discovery) PERMISSIONS+=("$DISCOVERY_PERMISSION"); shift ;;
    -h | --help) usage 0 ;;
    *) echo "Unknown argument: $1" >&2; usage 2 ;;
  esac
done

if ! command -v az >/dev/null 2>&1; then
  echo "The Azure CLI (az) is required: https://learn.microsoft.com/cli/azure/install-azure-cli" >&2
  exit 1
fi

if ! az account show --output none 2>/dev/null; then
  echo "Not signed in: run 'az login' (as a Privileged Role Administrator of the tenant) first." >&2
  exit 1
fi

if [[ -z "$principal_id" ]]; then
  if [[ -z "$resource_group" ]]; then
    echo "Give --resource-group (and optionally --identity-name) or --principal-id." >&2
    usage 2
  fi
  if [[ -n "$identity_name" ]]; then
    principal_id="$(az identity show --resource-group "$resource_group" --name "$identity_name" \
      --query principalId --output tsv)"
  else
    mapfile -t candidates < <(az identity list --resource-group "$resource_group" \
      --query "[?tags.application=='tokenwatch'].principalId" --output tsv)
    if [[ ${#candidates[@]} -ne 1 ]]; then
      echo "Found ${#candidates[@]} identities tagged application=tokenwatch in $resource_group; name one with --identity-name." >&2
      exit 1
    fi
    principal_id="${candidates[0]}"
  fi
fi

if [[ ! "$principal_id" =~ ^[0-9a-fA-F-]{36}$ ]]; then
  echo "Not a principal (object) id: '$principal_id'" >&2
  exit 1
fi

# The Graph endpoint of the cloud az is signed in to (graph.microsoft.com in the public cloud).
graph_url="$(az cloud show --query endpoints.microsoftGraphResourceId --output tsv)"
graph_url="${graph_url%/}"

graph_sp_id="$(az ad sp show --id "$GRAPH_APP_ID" --query id --output tsv)"
if [[ -z "$graph_sp_id" ]]; then
  echo "Microsoft Graph has no service principal in this tenant (unexpected)." >&2
  exit 1
fi

# App role ids the identity already holds on Microsoft Graph.
assignments_url="$graph_url/v1.0/servicePrincipals/$principal_id/appRoleAssignments"
held="$(az rest --method get --url "$assignments_url" \
  --query "value[?resourceId=='$graph_sp_id'].appRoleId" --output tsv)"

echo "Identity (service principal) $principal_id; Microsoft Graph service principal $graph_sp_id."
granted=0
for permission in "${PERMISSIONS[@]}"; do
  role_id="$(az ad sp show --id "$GRAPH_APP_ID" \
    --query "appRoles[?value=='$permission' && contains(allowedMemberTypes, 'Application')].id | [0]" \
    --output tsv)"
  if [[ -z "$role_id" ]]; then
    echo "Microsoft Graph has no application permission named $permission." >&2
    exit 1
  fi

  if grep -qixF -- "$role_id" <<<"$held"; then
    echo "  $permission: already granted"
    continue
  fi

  if [[ "$dry_run" == true ]]; then
    echo "  $permission: would be granted (dry run)"
    continue
  fi

  body="{\"principalId\":\"$principal_id\",\"resourceId\":\"$graph_sp_id\",\"appRoleId\":\"$role_id\"}"
  az rest --method post --url "$assignments_url" \
    --headers 'Content-Type=application/json' --body "$body" --output none
  echo "  $permission: granted"
  granted=$((granted + 1))
done

echo "Done: $granted permission(s) granted now."
