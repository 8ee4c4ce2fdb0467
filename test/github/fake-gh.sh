#!/usr/bin/env bash
# A stand-in for the `gh` CLI's `gh api` subcommand, for tests: the same arguments the workflows
# use (--paginate, --method, --input, -f for `gh api graphql`), sent to the loopback server in
# FAKE_GITHUB_API. A failed request prints `gh: <body> (HTTP <status>)` and exits 1, as gh does.
#
# curl, not a Node script: the Action's jobs run gh six to eight times each, and a Node process
# costs ~0.15 s of CPU to start (and ~0.4 s more to load the built-in fetch), where curl takes a
# few milliseconds. Every other process a call would start is left out the same way (a call is
# bash and curl alone): the review-loop tests make ~350 calls a file, and cat, rm and jq each
# cost 5-30 ms of CPU a start.
set -euo pipefail
if [ "${1-}" != api ]; then
  echo "fake gh: only 'gh api' is supported, got: $*" >&2
  exit 2
fi
shift
# As gh on a runner, which has no stored login: no token, no request.
if [ -z "${GH_TOKEN-}" ]; then
  echo 'gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN environment variable.' >&2
  exit 4
fi
method=""
paginate=false
input=()
fields=()
path=""
while [ $# -gt 0 ]; do
  case $1 in
    --paginate) paginate=true ;;
    --method | -X) method=$2; shift ;;
    # curl reads the body from the file, or from stdin for '-'.
    --input)
      if [ "$2" != - ] && [ ! -r "$2" ]; then
        echo "fake gh: cannot read $2" >&2
        exit 1
      fi
      input=(--data-binary "@$2")
      shift ;;
    # A string field of the JSON body (gh sends a request with fields as a POST).
    -f | --raw-field)
      fields+=(--arg "${2%%=*}" "${2#*=}")
      shift ;;
    -*)
      echo "fake gh: unsupported flag $1" >&2
      exit 2 ;;
    *) path=$1 ;;
  esac
  shift
done
# Named by this process rather than made with mktemp. In the runner's temporary directory, which
# the test removes with the runner, they need no rm; elsewhere they are removed on exit.
if [ -n "${RUNNER_TEMP-}" ] && [ -d "$RUNNER_TEMP" ]; then
  tmp="$RUNNER_TEMP/fake-gh.$$"
else
  tmp="${TMPDIR:-/tmp}/fake-gh.$$"
  trap 'rm -f "$tmp.body" "$tmp.headers" "$tmp.fields"' EXIT
fi
# The JSON string of $1, escaped in bash; jq only for a control character other than a line
# break or a tab (a query is plain text).
json_string() {
  local s=$1
  if [[ $s == *[$'\x01'-$'\x08'$'\x0b'-$'\x1f']* ]]; then
    jq -n --arg s "$s" '$s'
    return
  fi
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}
if [ ${#fields[@]} -gt 0 ]; then
  # The JSON object of the fields (`jq -n '$ARGS.named' --arg k v …`).
  body=""
  for ((i = 0; i < ${#fields[@]}; i += 3)); do body+="${body:+,}$(json_string "${fields[i + 1]}"):$(json_string "${fields[i + 2]}")"; done
  printf '{%s}' "$body" > "$tmp.fields"
  input=(--data-binary "@$tmp.fields")
  method=${method:-POST}
fi
method=${method:-GET}
url="$FAKE_GITHUB_API/${path#/}"
while [ -n "$url" ]; do
  status=$(curl -sS -X "$method" -H "authorization: token $GH_TOKEN" -H 'content-type: application/json' \
    "${input[@]}" -D "$tmp.headers" -o "$tmp.body" -w '%{http_code}' "$url")
  next=""
  binary=false
  while IFS= read -r line; do
    line=${line%$'\r'}
    if [[ $line =~ ^[Ll]ink:.*\<([^>]*)\>\;\ *rel=\"next\" ]]; then next=${BASH_REMATCH[1]}; fi
    if [[ ${line,,} =~ ^content-type:\ *application/(zip|octet-stream) ]]; then binary=true; fi
  done < "$tmp.headers"
  # A JSON body, read by bash itself (the server's ends with no line break, which this keeps);
  # an archive, which may hold NUL bytes, through cat.
  body=""
  if [ "$binary" = false ]; then IFS= read -r -d '' body < "$tmp.body" || true; fi
  if [ "$status" -lt 200 ] || [ "$status" -gt 299 ]; then
    if [ "$binary" = true ]; then body=$(cat "$tmp.body"); fi
    echo "gh: $body (HTTP $status)" >&2
    exit 1
  fi
  if [ "$binary" = true ]; then cat "$tmp.body"; else printf '%s' "$body"; fi
  url=""
  if [ "$paginate" = true ]; then url=$next; fi
done
