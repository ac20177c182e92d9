#!/bin/sh
# After the first deploy the StartPicking function exists: it answers Event Grid's validation handshake, and the
# blob extension has created its blobs_extension system key. Provision once more with the Event Grid subscription
# of the blob trigger turned on (infra/modules/blob-events.bicep). Later deploys find it on and do nothing.
set -eu

if [ "${CZPICK_BLOB_TRIGGER_SUBSCRIPTION:-false}" = "true" ]; then
  exit 0
fi

echo "czpick: subscribing StartPicking to tomogram uploads (Event Grid), provisioning again"
azd env set CZPICK_BLOB_TRIGGER_SUBSCRIPTION true
azd provision --no-prompt
