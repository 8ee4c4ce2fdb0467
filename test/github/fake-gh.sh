#!/usr/bin/env bash
# A stand-in for the `gh` CLI's `gh api` subcommand, for tests: the same arguments the workflows
# use (--paginate, --method, --input, -f for `gh api graphql`), sent to the loopback server in
# FAKE_GITHUB_API. A failed request prints `gh: <body> (HTTP <status>)` and exits 1, as gh does.
#
# curl, not a Node script: the Action's jobs run gh six to eight times each, and a Node process
# costs ~0.15 s of CPU to start (and ~0.4 s more to load the built-in fetch), where curl takes a
# few milliseconds.
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
# Named by this process rather than made with mktemp: each process a call starts is a cost.
tmp="${TMPDIR:-/tmp}/fake-gh.$$"
trap 'rm -f "$tmp.body" "$tmp.headers" "$tmp.fields"' EXIT
if [ ${#fields[@]} -gt 0 ]; then
  jq -n '$ARGS.named' "${fields[@]}" > "$tmp.fields"
  input=(--data-binary "@$tmp.fields")
  method=${method:-POST}
fi
method=${method:-GET}
url="$FAKE_GITHUB_API/${path#/}"
while [ -n "$url" ]; do
  status=$(curl -sS -X "$method" -H "authorization: token $GH_TOKEN" -H 'content-type: application/json' \
    "${input[@]}" -D "$tmp.headers" -o "$tmp.body" -w '%{http_code}' "$url")
  if [ "$status" -lt 200 ] || [ "$status" -gt 299 ]; then
    echo "gh: $(cat "$tmp.body") (HTTP $status)" >&2
    exit 1
  fi
  cat "$tmp.body"
  url=""
  if [ "$paginate" = true ]; then
    while IFS= read -r line; do
      if [[ $line =~ ^[Ll]ink:.*\<([^>]*)\>\;\ *rel=\"next\" ]]; then url=${BASH_REMATCH[1]}; fi
    done < "$tmp.headers"
  fi
done
