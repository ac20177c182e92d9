#!/bin/sh
# The function app is gone: the next `azd up` must provision without the Event Grid subscription first.
set -eu
azd env set CZPICK_BLOB_TRIGGER_SUBSCRIPTION false
