#!/usr/bin/env bash
# check-secret.sh - check a filled-in Herald secret file before putting it (docs/DEPLOY.md, "Secrets").
#
#   infra/check-secret.sh jwt jwt.json            # also: apns, fcm, email-tokens
#
# Exits 0 and prints "ok" when the file has the shape the functions read; 1 naming the shape otherwise.
# Needs jq.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: check-secret.sh <jwt|apns|fcm|email-tokens> <file.json>" >&2
  exit 2
fi
name="$1"
file="$2"
case "$name" in
  jwt)
    check='type=="object" and (.issuer|type=="string") and (.audience|type=="string") and ((.jwksUrl|type=="string") or (.hs256Secret|type=="string"))'
    shape='{"issuer": "https://...", "audience": "...", "jwksUrl": "https://..."} (or "hs256Secret": "<base64, >= 32 bytes>" instead of jwksUrl)' ;;
  apns)
    check='type=="object" and ([.teamId,.keyId,.signingKey,.topic]|all(type=="string")) and (.signingKey|startswith("-----BEGIN PRIVATE KEY-----")) and (.environment|IN("production","sandbox"))'
    shape='{"teamId": "...", "keyId": "...", "signingKey": "<the .p8 file text>", "topic": "<bundle id>", "environment": "production|sandbox"}' ;;
  fcm)
    check='type=="object" and (.serviceAccount|type=="object" and .type=="service_account" and (.private_key|type=="string"))'
    shape='{"projectId": "...", "serviceAccount": {<the Firebase service-account key JSON>}}' ;;
  email-tokens)
    check='type=="object" and (.hmacKey|type=="string" and length>=44) and (.baseUrl|startswith("https://")) and (.from|type=="string")'
    shape='{"hmacKey": "<openssl rand -base64 48>", "baseUrl": "https://...", "from": "sender@your-identity", "configurationSet": "<SesConfigurationSetName output>"}' ;;
  *)
    echo "check-secret: unknown secret '$name'; use jwt, apns, fcm or email-tokens" >&2
    exit 2 ;;
esac
if jq -e "$check" "$file" >/dev/null 2>&1; then
  echo "ok: $file has the shape of the $name secret"
else
  echo "check-secret: $file is not a valid $name secret; it must be a JSON object like $shape" >&2
  exit 1
fi
