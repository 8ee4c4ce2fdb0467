#!/usr/bin/env bash
# A stand-in for the `gh` CLI's `gh api` subcommand, for tests: the same arguments the workflows
# use (--paginate, --method, --input, -f for `gh api graphql`), sent to the loopback server in
# FAKE_GITHUB_API. A failed request prints `gh: <body> (HTTP <status>)` and exits 1, as gh does.
#
# Bash alone, over its own /dev/tcp: the Action's jobs run gh six to eight times each (a page of a
# list is a request of its own), and the review-loop tests make ~500 calls a file. A Node process
# costs ~0.15 s of CPU to start, curl ~20 ms (it loads every TLS and compression library it links),
# and jq 5-30 ms. Bash speaks HTTP/1.0 to the loopback server itself, so the body is whatever comes
# before the server closes the connection (no chunks to decode). A body is copied by cat (~1 ms):
# bash's `read` takes a socket one byte a system call, and a page of comments that hold plans is
# tens of kilobytes (a 52 KB page took 0.1 s of CPU so, as much as the rest of the call).
set -euo pipefail
# Bytes, not characters: a body's length is its Content-Length.
export LC_ALL=C
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
input=""
fields=()
path=""
while [ $# -gt 0 ]; do
  case $1 in
    --paginate) paginate=true ;;
    --method | -X) method=$2; shift ;;
    # The body from the file, or from stdin for '-'.
    --input)
      if [ "$2" != - ] && [ ! -r "$2" ]; then
        echo "fake gh: cannot read $2" >&2
        exit 1
      fi
      input=$2
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
data=""
if [ ${#fields[@]} -gt 0 ]; then
  # The JSON object of the fields (`jq -n '$ARGS.named' --arg k v …`).
  for ((i = 0; i < ${#fields[@]}; i += 3)); do data+="${data:+,}$(json_string "${fields[i + 1]}"):$(json_string "${fields[i + 2]}")"; done
  data="{$data}"
  method=${method:-POST}
elif [ "$input" = - ]; then
  IFS= read -r -d '' data || true
elif [ -n "$input" ]; then
  IFS= read -r -d '' data < "$input" || true
fi
method=${method:-GET}
url="$FAKE_GITHUB_API/${path#/}"
while [ -n "$url" ]; do
  # http://HOST:PORT/PATH?QUERY, as FAKE_GITHUB_API and the server's next-page links spell it.
  rest=${url#http://}
  host=${rest%%/*}
  target=/${rest#*/}
  if [ "$rest" = "$host" ]; then target=/; fi
  exec 3<> "/dev/tcp/${host%:*}/${host##*:}"
  printf '%s %s HTTP/1.0\r\nHost: %s\r\nAuthorization: token %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$method" "$target" "$host" "$GH_TOKEN" "${#data}" "$data" >&3
  IFS=' ' read -r _ status _ <&3
  next=""
  while IFS= read -r line <&3; do
    line=${line%$'\r'}
    [ -n "$line" ] || break
    if [[ $line =~ ^[Ll]ink:.*\<([^>]*)\>\;\ *rel=\"next\" ]]; then next=${BASH_REMATCH[1]}; fi
  done
  if [ "$status" -lt 200 ] || [ "$status" -gt 299 ]; then
    body=""
    IFS= read -r -d '' body <&3 || true
    echo "gh: $body (HTTP $status)" >&2
    exit 1
  fi
  # The body as it came (a JSON body's last byte is no line break; an archive may hold NUL bytes).
  cat <&3
  exec 3<&-
  url=""
  if [ "$paginate" = true ]; then url=$next; fi
done
