#!/usr/bin/env bash
# smoke-test.sh - publish one event to a deployed Herald and wait for the router's ledger row.
#
#   infra/smoke-test.sh                       # reads the outputs of the stack "Herald" (HERALD_STACK to change it)
#   HERALD_ENDPOINT_URL=http://localhost:4566 HERALD_EVENT_BUS=herald HERALD_DELIVERIES_TABLE=herald-deliveries \
#     infra/smoke-test.sh                     # the same against `herald up` (docs/DEPLOY.md, "Smoke test")
#
# Needs the AWS CLI (v1 or v2) and credentials for the account. Exits 0 when the router's ledger row
# for the notification exists (the event went bus -> rule -> ingress queue -> router -> ledger), and
# prints its routing state; 1 with the reason otherwise. It publishes to the recipient "smoke-test", which
# has no devices, connections or address: nothing reaches a person.
set -euo pipefail
STACK="${HERALD_STACK:-Herald}"
TIMEOUT="${HERALD_SMOKE_TIMEOUT:-60}"
endpoint=()
if [ -n "${HERALD_ENDPOINT_URL:-}" ]; then
  endpoint=(--endpoint-url "$HERALD_ENDPOINT_URL")
fi
aws_() { aws "${endpoint[@]}" --output text "$@"; }

output() {
  aws_ cloudformation describe-stacks --stack-name "$STACK" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" || {
    echo "smoke-test: cannot read output $1 of stack $STACK; deploy it first or set HERALD_STACK" >&2; exit 1; }
}
BUS="${HERALD_EVENT_BUS:-$(output EventBusName)}"
TABLE="${HERALD_DELIVERIES_TABLE:-$(output DeliveriesTableName)}"

id="smoke-$(date +%s)-$RANDOM"
detail="{\"notificationId\":\"$id\",\"recipients\":[\"smoke-test\"],\"category\":\"orders\",\"data\":{\"orderId\":\"$id\"}}"
entries="[{\"EventBusName\":\"$BUS\",\"Source\":\"herald.smoke-test\",\"DetailType\":\"order.shipped\",\"Detail\":$(printf '%s' "$detail" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')}]"
failed=$(aws_ events put-events --entries "$entries" --query FailedEntryCount)
if [ "$failed" != "0" ]; then
  echo "smoke-test: PutEvents on bus $BUS failed for $failed entry; check the bus name and events:PutEvents permission" >&2
  exit 1
fi
echo "published notification $id to bus $BUS"

key="{\"deliveryId\":{\"S\":\"notification#$id\"}}"
for _ in $(seq 1 "$TIMEOUT"); do
  routing=$(aws_ dynamodb get-item --table-name "$TABLE" --key "$key" --consistent-read --query 'Item.routing.S')
  if [ -n "$routing" ] && [ "$routing" != "None" ]; then
    echo "ledger row notification#$id in $TABLE: $routing"
    exit 0
  fi
  sleep 1
done
echo "smoke-test: no ledger row notification#$id in $TABLE after ${TIMEOUT}s;" \
  "check the alarms, the events DLQ and the router's log group" >&2
exit 1
