#!/usr/bin/env bash
# invctl over a data directory, as an operator uses it: requests through
# jsonl survive the process, snapshot trims the log, verify passes, export
# then import into a new organization gives the same export, and errors
# exit 1 with a message.
# Usage: invctl_test.sh PATH_TO_INVCTL
set -euo pipefail
invctl="$1"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

create='{"method":"POST","path":"/inventory/v1/items?organization_id=7","body":{"name":"Tea","sku":"T-1","initial_stock":5,"initial_stock_rate":2}}'
out="$(printf '%s\n' "$create" | "$invctl" jsonl --data-dir "$dir")"
[[ "$out" == '{"status":201,'* ]] || fail "create: $out"
# A second process sees it.
get='{"method":"GET","path":"/inventory/v1/items?organization_id=7&sku=T-1"}'
out="$(printf '%s\n' "$get" | "$invctl" jsonl --data-dir "$dir" --durability buffered)"
[[ "$out" == *'"stock_on_hand":5'* ]] || fail "reopen: $out"
[[ "$("$invctl" verify --data-dir "$dir" --org 7)" == ok ]] || fail verify
[[ "$("$invctl" snapshot --data-dir "$dir" --org 7)" == ok ]] || fail snapshot
[[ "$(ls "$dir/7" | tr '\n' ' ')" == "LOCK snapshot-00000002.snap wal-00000002.log " ]] || fail "files: $(ls "$dir/7")"
"$invctl" export --data-dir "$dir" --org 7 > "$dir/export.json"
[[ "$("$invctl" import --data-dir "$dir" --org 8 < "$dir/export.json")" == ok ]] || fail import
cmp <("$invctl" export --data-dir "$dir" --org 8) "$dir/export.json" || fail "export after import differs"
# Importing into an organization that holds data is refused.
if err="$("$invctl" import --data-dir "$dir" --org 8 < "$dir/export.json" 2>&1)"; then fail "second import accepted"; fi
[[ "$err" == *"Import needs an engine that holds nothing yet."* ]] || fail "second import: $err"
# A bad organization id for a directory.
out="$(printf '%s\n' '{"method":"GET","path":"/inventory/v1/items?organization_id=../x"}' | "$invctl" jsonl --data-dir "$dir")"
[[ "$out" == *'organization_id must be 1 to 64 letters'* ]] || fail "bad org: $out"
# Usage errors exit 2: a missing, misspelled or repeated flag.
for args in "verify --org 7" "jsonl --data-dri $dir" "verify --data-dir $dir --org 7 --org 8" "jsonl --durability fsync"; do
  set +e; "$invctl" $args </dev/null >/dev/null 2>&1; code=$?; set -e
  [[ $code == 2 ]] || fail "usage exit $code for: $args"
done
# An organization that does not exist is an error, and is not created.
set +e; err="$("$invctl" verify --data-dir "$dir" --org 99 2>&1)"; code=$?; set -e
[[ $code == 1 && "$err" == *"There is no organization 99 in $dir."* && ! -e "$dir/99" ]] || fail "missing org: $code $err"
# A failed export write is a failure.
if [[ -w /dev/full ]]; then
  set +e; "$invctl" export --data-dir "$dir" --org 7 > /dev/full 2>/dev/null; code=$?; set -e
  [[ $code == 1 ]] || fail "export to a full disk exit $code"
fi
echo "invctl: all checks passed"
